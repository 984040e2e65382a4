"""`make demo`: the reference service's dev environment, end to end, on the built-in AWS emulator.

Starts an emulator of its own on a free loopback port, validates envs/dev/config.json, builds the
function zip, plans envs/dev, runs the gate on the plan (and prints its report), applies, reads
back with boto3 what was built, shows the gate blocking a deliberately unsafe variant of the same
plan, destroys everything and stops the emulator — also when a step fails.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import envctl  # noqa: E402
from slsguard import toolchain  # noqa: E402
from slsguard.emulator import control  # noqa: E402
from slsguard.errors import SlsguardError  # noqa: E402

ENV = "dev"


def _client(emulator: control.Emulator, service: str) -> Any:
    import boto3

    return boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                 region_name=control.REGION).client(service, endpoint_url=emulator.endpoint)


def summarise(emulator: control.Emulator, service: dict[str, Any]) -> list[str]:
    """What was built, read back from the emulator (not from terraform's outputs)."""
    lines = []
    http = _client(emulator, "apigatewayv2")
    http_api = http.get_api(ApiId=service["http_api"]["id"])
    routes = sorted(route["RouteKey"] for route in http.get_routes(ApiId=http_api["ApiId"])["Items"])
    lines.append(f"HTTP API {http_api['Name']}: {http_api['ApiEndpoint']} routes {', '.join(routes)} (JWT)")
    gateway = _client(emulator, "apigateway")
    rest_api = gateway.get_rest_api(restApiId=service["partner_api"]["id"])
    stages = [stage["stageName"] for stage in gateway.get_stages(restApiId=rest_api["id"])["item"]]
    plans = [plan for plan in gateway.get_usage_plans()["items"]
             if any(stage["apiId"] == rest_api["id"] for stage in plan.get("apiStages", []))]
    tiers = ", ".join(f"{plan['name']} ({plan['throttle']['rateLimit']:g} req/s, "
                      f"{plan['quota']['limit']}/{plan['quota']['period'].lower()})"
                      for plan in sorted(plans, key=lambda p: p["name"]))
    lines.append(f"REST API {rest_api['name']} (id {rest_api['id']}, stage {', '.join(stages)}, IAM + API key): "
                 f"usage plans {tiers}")
    events = _client(emulator, "events")
    bus = service["event_bus"]
    for target in events.list_targets_by_rule(Rule=bus["order_placed_rule_name"], EventBusName=bus["name"])["Targets"]:
        lines.append(f"event bus {bus['name']}: rule {bus['order_placed_rule_name']} -> {target['Arn'].split(':function:')[-1]}, "
                     f"{target['RetryPolicy']['MaximumRetryAttempts']} retries, DLQ {target['DeadLetterConfig']['Arn'].rsplit(':', 1)[1]}")
    table = _client(emulator, "dynamodb").describe_table(TableName=service["table_name"])["Table"]
    backups = _client(emulator, "dynamodb").describe_continuous_backups(TableName=service["table_name"])
    pitr = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
    lines.append(f"table {table['TableName']}: {table['TableStatus']}, encryption {table['SSEDescription']['SSEType']}, "
                 f"deletion protection {'on' if table['DeletionProtectionEnabled'] else 'off'}, PITR {pitr.lower()}")
    sqs = _client(emulator, "sqs")
    for key, queue in sorted(service["queues"].items()):
        attributes = sqs.get_queue_attributes(QueueUrl=queue["url"], AttributeNames=["All"])["Attributes"]
        redrive = json.loads(attributes["RedrivePolicy"])
        lines.append(f"queue {queue['arn'].rsplit(':', 1)[1]} -> DLQ {redrive['deadLetterTargetArn'].rsplit(':', 1)[1]} "
                     f"after {redrive['maxReceiveCount']} receives, KMS {'on' if attributes.get('KmsMasterKeyId') else 'off'}")
    lambda_client = _client(emulator, "lambda")
    for key, function in sorted(service["functions"].items()):
        reserved = lambda_client.get_function_concurrency(FunctionName=function["name"]).get("ReservedConcurrentExecutions")
        lines.append(f"function {function['name']}: reserved concurrency {reserved}")
    reconciliation = service["reconciliation"]
    schedule = _client(emulator, "scheduler").get_schedule(Name=reconciliation["schedule_name"],
                                                           GroupName=reconciliation["schedule_group"])
    window = schedule["FlexibleTimeWindow"]
    lines.append(f"schedule {schedule['Name']} (group {schedule['GroupName']}): {schedule['ScheduleExpression']} "
                 f"{schedule['ScheduleExpressionTimezone']}"
                 + (f" within {window['MaximumWindowInMinutes']} min" if window["Mode"] == "FLEXIBLE" else "")
                 + f" -> state machine {schedule['Target']['Arn'].rsplit(':', 1)[1]}, "
                 f"{schedule['Target']['RetryPolicy']['MaximumRetryAttempts']} retries, "
                 f"DLQ {schedule['Target']['DeadLetterConfig']['Arn'].rsplit(':', 1)[1]}")
    machine = _client(emulator, "stepfunctions").describe_state_machine(stateMachineArn=reconciliation["state_machine_arn"])
    tasks = [state["Parameters"]["FunctionName"].split(":function:")[-1]
             for state in json.loads(machine["definition"])["States"].values() if state["Type"] == "Task"]
    lines.append(f"state machine {machine['name']}: {machine['type']}, {machine['status']}, invokes {', '.join(tasks)}, "
                 f"encryption {machine['encryptionConfiguration']['type']}, logs {machine['loggingConfiguration']['level']}, "
                 f"tracing {'on' if machine['tracingConfiguration']['enabled'] else 'off'}")
    budgets = _client(emulator, "budgets")
    budget = budgets.describe_budget(AccountId=control.ACCOUNT_ID, BudgetName=service["budget"]["name"])["Budget"]
    notifications = budgets.describe_notifications_for_budget(AccountId=control.ACCOUNT_ID,
                                                              BudgetName=budget["BudgetName"])["Notifications"]
    alerts = ", ".join(f"{n['NotificationType'].lower()} {n['Threshold']:g}%"
                       for n in sorted(notifications, key=lambda n: (n["NotificationType"], n["Threshold"])))
    lines.append(f"budget {budget['BudgetName']}: {float(budget['BudgetLimit']['Amount']):g} "
                 f"{budget['BudgetLimit']['Unit']}/month, alerts at {alerts}")
    return lines


def _resources(module: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(module.get("resources", []))
    for child in module.get("child_modules", []):
        found += _resources(child)
    return found


def unsafe_variant(plan: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The same plan after two careless edits: the budget removed, and the worker's table grant
    widened to every DynamoDB action. Returns the mutated plan and what was changed."""
    unsafe = copy.deepcopy(plan)
    changed = []

    def drop_budget(module: dict[str, Any]) -> None:
        module["resources"] = [r for r in module.get("resources", []) if r["type"] != "aws_budgets_budget"]
        for child in module.get("child_modules", []):
            drop_budget(child)

    drop_budget(unsafe["planned_values"]["root_module"])
    before = len(unsafe["resource_changes"])
    unsafe["resource_changes"] = [c for c in unsafe["resource_changes"] if c["type"] != "aws_budgets_budget"]
    if len(unsafe["resource_changes"]) < before:
        changed.append("removed the aws_budgets_budget (no cost alerts any more)")

    worker_policy = "module.service.module.worker_function.aws_iam_role_policy.this"
    values = [r["values"] for r in _resources(unsafe["planned_values"]["root_module"]) if r["address"] == worker_policy]
    values += [c["change"]["after"] for c in unsafe["resource_changes"] if c["address"] == worker_policy]
    for value in values:
        document = json.loads(value["policy"])
        for statement in document["Statement"]:
            if statement.get("Sid") == "Grantorderstable":
                statement["Action"] = ["dynamodb:*"]
        value["policy"] = json.dumps(document)
    if values:
        changed.append("widened the worker's table grant to dynamodb:*")
    if len(changed) != 2:
        raise SlsguardError(f"the dev plan no longer has the resources the unsafe variant edits ({changed}).")
    return unsafe, changed


def main() -> int:
    progress = envctl.Progress()
    try:
        chain = toolchain.default()
        progress.say(f"terraform {'.'.join(map(str, chain.version))}, provider mirror: {chain.mirror or 'none (registry)'}")
        with progress.step(f"validate envs/{ENV}/config.json against {envctl.SCHEMA.relative_to(envctl.REPO)}"):
            envctl.load_config(envctl.config_path(ENV), ENV)
        emulator = control.start(ttl=900)
    except SlsguardError as error:
        print(f"demo: {error}", file=sys.stderr)
        return 2
    progress.say(f"emulator running at {emulator.endpoint} (pid {emulator.pid})")
    applied = False
    try:
        with tempfile.TemporaryDirectory(prefix="slsguard-demo-") as workdir:
            workspace = envctl.Workspace(ENV, "emulator", Path(workdir), emulator.aws_env(),
                                         state_path=Path(workdir) / "state" / f"{ENV}.tfstate", progress=progress)
            try:
                with progress.step("build the function zip (slsguard zip) and the working copy"):
                    workspace.prepare()
                with progress.step("terraform init"):
                    workspace.init()
                verdict = envctl.plan_and_gate(workspace, progress)
                if verdict != 0:
                    raise SlsguardError(f"the gate did not pass envs/{ENV} (exit {verdict}); nothing was applied.")
                progress.say("gate: exit 0, the plan may be applied")
                with progress.step("apply the checked plan"):
                    applied = True
                    workspace.apply_plan()
                progress.say("built (read back with boto3):")
                for line in summarise(emulator, workspace.outputs()["service"]):
                    print(f"    {line}", flush=True)

                unsafe, changes = unsafe_variant(json.loads(workspace.plan_json.read_text()))
                unsafe_json = workspace.plan_json.with_name(f"{ENV}-unsafe.json")
                unsafe_json.write_text(json.dumps(unsafe))
                progress.say("an unsafe variant of the same plan: " + "; ".join(changes))
                with progress.step("gate on the unsafe variant"):
                    unsafe_verdict = workspace.gate(unsafe_json)
                if unsafe_verdict != 1:
                    raise SlsguardError(f"the gate should block the unsafe variant (exit 1), it exited {unsafe_verdict}.")
                progress.say("gate: exit 1, `make apply` would refuse this plan")
            finally:
                if applied:
                    with progress.step("destroy"):
                        workspace.destroy()
    except SlsguardError as error:
        print(f"demo: {error}", file=sys.stderr)
        return 1
    finally:
        control.stop(emulator)
        progress.say("emulator stopped")
    progress.say("demo finished: verdicts 0 (compliant plan, applied) and 1 (unsafe variant, blocked)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
