"""Emulator tier of the environments: dev, staging and prod each plan, pass the gate (exit 0),
apply, plan again with no changes, prove their wiring with boto3 (HTTP API routes and REST API
methods -> api function, usage-plan tiers, queue -> worker with DLQ, OrderPlaced rule -> notifier
with DLQ and retry, nightly schedule -> reconciliation state machine -> reconciler with its
failures queue, alarms -> topic, budget with subscribers), and destroy cleanly.

One apply/re-plan/destroy cycle per environment, in one module (one emulator reset), through the
same scripts/envctl.py code that `make apply` and `make destroy` run, in a throw-away working copy
with its own local state. Timings are recorded as test properties and printed.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from harness import REPO

sys.path.insert(0, str(REPO / "scripts"))

import envctl  # noqa: E402

pytestmark = pytest.mark.emulator

ENVIRONMENTS = ("dev", "staging", "prod")


def _drift(plan: dict[str, Any]) -> set[tuple[str, str]]:
    """(address, attribute) pairs a plan would change."""
    drift = set()
    for change in plan.get("resource_changes", []):
        if change["change"]["actions"] in (["no-op"], ["read"]):
            continue
        before, after = change["change"]["before"] or {}, change["change"]["after"] or {}
        changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        drift |= {(change["address"], key) for key in changed or {"/".join(change["change"]["actions"])}}
    return drift


def _names_with_prefix(names: list[str], prefix: str) -> list[str]:
    return sorted(name for name in names if name.startswith(prefix))


def prove_wiring(aws, env: str, config: dict[str, Any], service: dict[str, Any]) -> None:
    prefix = service["name"]
    functions = service["functions"]
    lambda_client = aws.client("lambda")
    iam = aws.client("iam")

    # Every function: its reservation from config.json, its role capped by the boundary.
    for key, function in functions.items():
        reserved = lambda_client.get_function_concurrency(FunctionName=function["name"])
        assert reserved.get("ReservedConcurrentExecutions") == config["functions"][key]["reserved_concurrency"], key
        role = iam.get_role(RoleName=function["role_arn"].rsplit("/", 1)[1])["Role"]
        assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == service["permissions_boundary_arn"], key
        settings = lambda_client.get_function_configuration(FunctionName=function["name"])
        assert settings["MemorySize"] == config["functions"][key]["memory_mb"], key
        assert settings["KMSKeyArn"] == service["kms_key_arn"], key
    if config["functions"]["api"]["provisioned_concurrency"]:
        provisioned = lambda_client.get_provisioned_concurrency_config(FunctionName=functions["api"]["name"], Qualifier="live")
        assert provisioned["RequestedProvisionedConcurrentExecutions"] == config["functions"]["api"]["provisioned_concurrency"]

    # Work queue -> worker: the event source mapping reports partial batch failures, and the queue
    # dead-letters into its DLQ after max_receive_count receives.
    work = service["queues"]["work"]
    mappings = lambda_client.list_event_source_mappings(EventSourceArn=work["arn"])["EventSourceMappings"]
    assert [m["FunctionArn"] for m in mappings] == [functions["worker"]["arn"]]
    assert mappings[0]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mappings[0]["ScalingConfig"]["MaximumConcurrency"] == config["functions"]["worker"]["maximum_concurrency"]
    sqs = aws.client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=work["url"], AttributeNames=["All"])["Attributes"]
    redrive = json.loads(attributes["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"] == work["dlq_arn"]
    assert int(redrive["maxReceiveCount"]) == config["queue"]["max_receive_count"]
    assert attributes["KmsMasterKeyId"] == service["kms_key_arn"]
    assert int(attributes["VisibilityTimeout"]) >= 6 * config["functions"]["worker"]["timeout_seconds"]

    # The notifier's failed events go to the failures queue.
    invoke_config = lambda_client.get_function_event_invoke_config(FunctionName=functions["notifier"]["name"])
    failures = service["queues"]["notification_failures"]
    assert invoke_config["DestinationConfig"]["OnFailure"]["Destination"] == failures["arn"]

    # Alarms -> the alerts topic: every alarm of the environment notifies it, and there are alarms
    # for each function, both queues and the table.
    alarms = [alarm for page in aws.client("cloudwatch").get_paginator("describe_alarms").paginate(AlarmNamePrefix=prefix)
              for alarm in page["MetricAlarms"]]
    assert alarms, f"no alarm named {prefix}*"
    for alarm in alarms:
        assert alarm["AlarmActions"] == [service["alerts_topic_arn"]], alarm["AlarmName"]
    alarmed = {dimension["Value"] for alarm in alarms for dimension in alarm.get("Dimensions", [])}
    reconciliation = service["reconciliation"]
    expected = {f["name"] for f in functions.values()} | {service["table_name"]} | {
        reconciliation["state_machine_arn"], reconciliation["schedule_group"]}
    assert expected <= alarmed, f"resources without alarms: {sorted(expected - alarmed)}"
    topic = aws.client("sns").get_topic_attributes(TopicArn=service["alerts_topic_arn"])["Attributes"]
    assert topic["KmsMasterKeyId"] == service["kms_key_arn"]

    prove_http_api(aws, config, service)
    prove_partner_api(aws, config, service)
    prove_event_bus(aws, config, service)
    prove_reconciliation(aws, config, service)

    # The table: encrypted with the environment key, PITR on, protection as configured.
    dynamodb = aws.client("dynamodb")
    table = dynamodb.describe_table(TableName=service["table_name"])["Table"]
    assert table["SSEDescription"]["KMSMasterKeyArn"] == service["kms_key_arn"]
    assert table["DeletionProtectionEnabled"] is config["table"]["deletion_protection"]
    backups = dynamodb.describe_continuous_backups(TableName=service["table_name"])["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"

    # The budget: the configured limit, every ACTUAL and FORECASTED threshold, each with subscribers.
    budgets = aws.client("budgets")
    budget = budgets.describe_budget(AccountId=aws.account_id, BudgetName=service["budget"]["name"])["Budget"]
    assert float(budget["BudgetLimit"]["Amount"]) == config["budget"]["monthly_limit_usd"]
    notifications = budgets.describe_notifications_for_budget(AccountId=aws.account_id,
                                                              BudgetName=budget["BudgetName"])["Notifications"]
    expected_alerts = {("ACTUAL", float(t)) for t in config["budget"]["actual_alert_percentages"]} | {
        ("FORECASTED", float(t)) for t in config["budget"]["forecasted_alert_percentages"]}
    assert {(n["NotificationType"], float(n["Threshold"])) for n in notifications} == expected_alerts
    for notification in notifications:
        subscribers = budgets.describe_subscribers_for_notification(
            AccountId=aws.account_id, BudgetName=budget["BudgetName"], Notification=notification)["Subscribers"]
        addresses = {s["Address"] for s in subscribers if s["SubscriptionType"] == "EMAIL"}
        assert addresses == set(config["budget"]["email_subscribers"]), notification
        assert service["budget"]["topic_arn"] in {s["Address"] for s in subscribers if s["SubscriptionType"] == "SNS"}


def _api_target_arn(config: dict[str, Any], function: dict[str, Any], key: str) -> str:
    """What an integration must call: the "live" alias of a function with provisioned
    concurrency, otherwise the function itself (config.json decides, not terraform's outputs)."""
    return f"{function['arn']}:live" if config["functions"][key]["provisioned_concurrency"] else function["arn"]


def prove_http_api(aws, config: dict[str, Any], service: dict[str, Any]) -> None:
    """Both routes reach the api function, both require a JWT of the configured issuer, and the
    stage is throttled as configured."""
    client = aws.client("apigatewayv2")
    api_id = service["http_api"]["id"]
    api_target = _api_target_arn(config, service["functions"]["api"], "api")
    routes = {route["RouteKey"]: route for route in client.get_routes(ApiId=api_id)["Items"]}
    assert sorted(routes) == ["GET /orders/{id}", "POST /orders"]
    authorizers = {a["AuthorizerId"]: a for a in client.get_authorizers(ApiId=api_id)["Items"]}
    for key, route in routes.items():
        integration_id = route["Target"].removeprefix("integrations/")
        integration = client.get_integration(ApiId=api_id, IntegrationId=integration_id)
        assert integration["IntegrationType"] == "AWS_PROXY", key
        assert integration["IntegrationUri"] == api_target, key
        assert route["AuthorizationType"] == "JWT", key
        jwt = authorizers[route["AuthorizerId"]]["JwtConfiguration"]
        assert jwt["Issuer"] == config["http_api"]["jwt_issuer"], key
        assert jwt["Audience"] == config["http_api"]["jwt_audience"], key
    assert routes["POST /orders"]["AuthorizationScopes"] == ["orders/write"]
    assert routes["GET /orders/{id}"]["AuthorizationScopes"] == ["orders/read"]
    stage = client.get_stage(ApiId=api_id, StageName="$default")["DefaultRouteSettings"]
    assert stage["ThrottlingBurstLimit"] == config["http_api"]["throttling_burst_limit"]
    assert stage["ThrottlingRateLimit"] == config["http_api"]["throttling_rate_limit"]


def prove_partner_api(aws, config: dict[str, Any], service: dict[str, Any]) -> None:
    """One usage plan per configured tier on the API's stage, with its rate, burst and monthly
    quota; every method is IAM-authorised, needs an API key and calls the api function."""
    client = aws.client("apigateway")
    api_id = service["partner_api"]["id"]
    plans = [plan for plan in client.get_usage_plans()["items"]
             if any(stage["apiId"] == api_id for stage in plan.get("apiStages", []))]
    tiers = config["partner_api"]["tiers"]
    assert len(plans) == len(tiers) == 2
    by_name = {plan["name"]: plan for plan in plans}
    assert sorted(by_name) == sorted(f"{service['name']}-partners-{tier}" for tier in tiers)
    for tier, settings in tiers.items():
        plan = by_name[f"{service['name']}-partners-{tier}"]
        assert plan["throttle"]["rateLimit"] == settings["rate_limit"], tier
        assert plan["throttle"]["burstLimit"] == settings["burst_limit"], tier
        assert (plan["quota"]["limit"], plan["quota"]["period"]) == (settings["quota_per_month"], "MONTH"), tier

    api_target = _api_target_arn(config, service["functions"]["api"], "api")
    methods = []
    for resource in client.get_resources(restApiId=api_id)["items"]:
        for method in resource.get("resourceMethods", {}):
            settings = client.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod=method)
            integration = client.get_integration(restApiId=api_id, resourceId=resource["id"], httpMethod=method)
            methods.append(f"{method} {resource['path']}")
            assert settings["authorizationType"] == "AWS_IAM", methods[-1]
            assert settings["apiKeyRequired"] is True, methods[-1]
            assert integration["type"] == "AWS_PROXY", methods[-1]
            assert integration["uri"].endswith(f"/functions/{api_target}/invocations"), methods[-1]
    assert sorted(methods) == ["GET /orders/{id}", "POST /orders"]


def prove_event_bus(aws, config: dict[str, Any], service: dict[str, Any]) -> None:
    """The worker publishes to the bus; the OrderPlaced rule targets the notifier with the
    failures queue as DLQ and the configured retry policy; the bus uses the environment key."""
    events = aws.client("events")
    bus = service["event_bus"]
    worker = aws.client("lambda").get_function_configuration(FunctionName=service["functions"]["worker"]["name"])
    assert worker["Environment"]["Variables"]["EVENT_BUS_NAME"] == bus["name"]
    assert events.describe_event_bus(Name=bus["name"])["KmsKeyIdentifier"] == service["kms_key_arn"]

    rule = events.describe_rule(Name=bus["order_placed_rule_name"], EventBusName=bus["name"])
    assert rule["State"] == "ENABLED"
    assert json.loads(rule["EventPattern"])["detail-type"] == ["OrderPlaced"]
    targets = events.list_targets_by_rule(Rule=rule["Name"], EventBusName=bus["name"])["Targets"]
    assert [target["Arn"] for target in targets] == [_api_target_arn(config, service["functions"]["notifier"], "notifier")]
    assert targets[0]["DeadLetterConfig"]["Arn"] == service["queues"]["notification_failures"]["arn"]
    assert targets[0]["RetryPolicy"] == {
        "MaximumRetryAttempts": config["event_bus"]["notifier_retry_attempts"],
        "MaximumEventAgeInSeconds": config["event_bus"]["notifier_max_event_age_seconds"]}


def prove_reconciliation(aws, config: dict[str, Any], service: dict[str, Any]) -> None:
    """The nightly schedule starts the reconciliation state machine as configured, retries and
    then dead-letters into its failures queue; the state machine calls exactly the reconciler,
    encrypted, logged and traced; all three roles are capped by the boundary."""
    settings, reconciliation = config["reconciliation"], service["reconciliation"]
    failures = service["queues"]["reconciliation_failures"]
    schedule = aws.client("scheduler").get_schedule(Name=reconciliation["schedule_name"],
                                                    GroupName=reconciliation["schedule_group"])
    assert schedule["State"] == "ENABLED"
    assert (schedule["ScheduleExpression"], schedule["ScheduleExpressionTimezone"]) == (
        settings["schedule_expression"], settings["timezone"])
    window = settings.get("flexible_window_minutes")
    assert schedule["FlexibleTimeWindow"] == ({"Mode": "FLEXIBLE", "MaximumWindowInMinutes": window} if window else {"Mode": "OFF"})
    assert schedule["KmsKeyArn"] == service["kms_key_arn"]
    target = schedule["Target"]
    assert target["Arn"] == reconciliation["state_machine_arn"]
    assert target["RoleArn"] == reconciliation["schedule_role_arn"]
    assert target["DeadLetterConfig"]["Arn"] == failures["arn"]
    assert json.loads(target["Input"]) == {"pages": 0, "scanned": 0, "reannounced": 0}

    machine = aws.client("stepfunctions").describe_state_machine(stateMachineArn=reconciliation["state_machine_arn"])
    assert machine["type"] == "STANDARD" and machine["roleArn"] == reconciliation["state_machine_role_arn"]
    assert machine["encryptionConfiguration"]["kmsKeyId"] == service["kms_key_arn"]
    assert machine["tracingConfiguration"] == {"enabled": True}
    group_arn = machine["loggingConfiguration"]["destinations"][0]["cloudWatchLogsLogGroup"]["logGroupArn"]
    assert group_arn.endswith(f":log-group:{reconciliation['state_machine_logs']}:*")
    definition = json.loads(machine["definition"])
    reconciler_target = _api_target_arn(config, service["functions"]["reconciler"], "reconciler")
    assert definition["States"]["ReconcilePage"]["Parameters"]["FunctionName"] == reconciler_target
    assert settings["max_pages"] == definition["States"]["PagesLeft"]["Choices"][0]["And"][1]["NumericGreaterThanEquals"]

    iam = aws.client("iam")
    for role_arn in (reconciliation["schedule_role_arn"], reconciliation["state_machine_role_arn"]):
        role = iam.get_role(RoleName=role_arn.rsplit("/", 1)[1])["Role"]
        assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == service["permissions_boundary_arn"], role_arn
    variables = aws.client("lambda").get_function_configuration(
        FunctionName=service["functions"]["reconciler"]["name"])["Environment"]["Variables"]
    assert {key: variables[key] for key in ("LOOKBACK_HOURS", "STALE_AFTER_MINUTES", "PAGE_SIZE")} == {
        "LOOKBACK_HOURS": str(settings["lookback_hours"]), "STALE_AFTER_MINUTES": str(settings["stale_after_minutes"]),
        "PAGE_SIZE": str(settings["page_size"])}


def prove_cleanup(aws, prefix: str) -> None:
    functions = [f["FunctionName"] for page in aws.client("lambda").get_paginator("list_functions").paginate()
                 for f in page["Functions"]]
    assert _names_with_prefix(functions, prefix) == []
    assert _names_with_prefix(aws.client("dynamodb").list_tables()["TableNames"], prefix) == []
    queues = aws.client("sqs").list_queues(QueueNamePrefix=prefix).get("QueueUrls", [])
    assert queues == []
    alarms = aws.client("cloudwatch").describe_alarms(AlarmNamePrefix=prefix)["MetricAlarms"]
    assert alarms == []
    roles = [r["RoleName"] for page in aws.client("iam").get_paginator("list_roles").paginate() for r in page["Roles"]]
    assert _names_with_prefix(roles, prefix) == []
    http_apis = [api["Name"] for api in aws.client("apigatewayv2").get_apis()["Items"]]
    assert _names_with_prefix(http_apis, prefix) == []
    gateway = aws.client("apigateway")
    assert _names_with_prefix([api["name"] for api in gateway.get_rest_apis()["items"]], prefix) == []
    assert _names_with_prefix([plan["name"] for plan in gateway.get_usage_plans()["items"]], prefix) == []
    buses = [bus["Name"] for bus in aws.client("events").list_event_buses(NamePrefix=prefix)["EventBuses"]]
    assert buses == []
    scheduler = aws.client("scheduler")
    assert _names_with_prefix([s["Name"] for s in scheduler.list_schedules()["Schedules"]], prefix) == []
    assert _names_with_prefix([g["Name"] for g in scheduler.list_schedule_groups()["ScheduleGroups"]], prefix) == []
    machines = [m["name"] for m in aws.client("stepfunctions").list_state_machines()["stateMachines"]]
    assert _names_with_prefix(machines, prefix) == []


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_environment_applies_replans_clean_and_destroys(env: str, aws, tmp_path: Path, record_property):
    timings: dict[str, float] = {}
    progress = envctl.Progress()
    config = envctl.load_config(envctl.config_path(env), env)
    workspace = envctl.Workspace(env, "emulator", tmp_path / "copy", aws.env,
                                 state_path=tmp_path / "state" / f"{env}.tfstate", progress=progress)

    def timed(step: str, action, *args):
        began = time.monotonic()
        result = action(*args)
        timings[step] = round(time.monotonic() - began, 1)
        return result

    workspace.prepare()
    timed("init", workspace.init)
    plan = timed("plan", workspace.plan)
    assert plan["resource_changes"], "the plan creates nothing"
    verdict = timed("gate", workspace.gate)
    assert verdict == 0, f"the gate blocks envs/{env} (exit {verdict}); its report is above"

    applied = False
    try:
        applied = True
        timed("apply", workspace.apply_plan)
        replan = timed("re-plan", workspace.plan)
        assert _drift(replan) == set(), f"a plan right after apply still wants changes: {sorted(_drift(replan))}"
        assert envctl.summarise_plan(replan) == "no changes"
        service = workspace.outputs()["service"]
        assert service["name"] == f"orders-{env}"
        timed("boto3 proofs", prove_wiring, aws, env, config, service)
    finally:
        if applied:
            timed("destroy", workspace.destroy)
    prove_cleanup(aws, f"orders-{env}")
    for step, seconds in timings.items():
        record_property(f"{env} {step} s", seconds)
    print(f"\nenvs/{env} timings (s): " + ", ".join(f"{step} {seconds}" for step, seconds in timings.items()))
