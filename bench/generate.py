"""Synthetic but realistic plans for benchmarking the gate: `python bench/generate.py N OUT_DIR`.

Writes ``OUT_DIR/plan.json`` (shaped like ``terraform show -json`` of a plan) and the matching
configuration root (``OUT_DIR/main.tf`` and ``OUT_DIR/modules/service/main.tf``) so that the gate
can resolve values that are unknown at plan time from the HCL, exactly as on a real root.

The root instantiates one ``service`` module per service (``module.service["svc-0001"]``) with a
nested ``queue`` module, so addresses carry module paths. Each service has two functions with their
roles, policies built with ``jsonencode`` from references (unknown in the plan), log groups, a work
queue with its DLQ, an event source mapping, a table, a bus with a rule and target, a key and
alarms. A shared boundary policy, alerts topic and budget sit in the root. A fixed seed makes
runs comparable; a small share of services carry deliberate faults so the rules have work to do.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

ACCOUNT = "123456789012"
REGION = "eu-west-1"
PROVIDER = "registry.terraform.io/hashicorp/aws"
RESOURCES_PER_SERVICE = 21
ROOT_RESOURCES = 4


def _arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{resource}"


class PlanBuilder:
    def __init__(self) -> None:
        self.planned: dict[str, list[dict[str, Any]]] = {}
        self.changes: list[dict[str, Any]] = []

    def add(self, module: str, rtype: str, name: str, values: dict[str, Any],
            unknown: dict[str, Any] | None = None, index: str | None = None) -> str:
        local = f"{rtype}.{name}" + (f'["{index}"]' if index is not None else "")
        address = f"{module}.{local}" if module else local
        resource = {"address": address, "mode": "managed", "type": rtype, "name": name,
                    "provider_name": PROVIDER, "schema_version": 0, "values": values,
                    "sensitive_values": {}}
        if index is not None:
            resource["index"] = index
        self.planned.setdefault(module, []).append(resource)
        change = {"address": address, "mode": "managed", "type": rtype, "name": name,
                  "provider_name": PROVIDER,
                  "change": {"actions": ["create"], "before": None, "after": values,
                             "after_unknown": unknown or {}, "before_sensitive": False,
                             "after_sensitive": {}}}
        if module:
            change["module_address"] = module
        if index is not None:
            change["index"] = index
        self.changes.append(change)
        return address


def _service(plan: PlanBuilder, name: str, rng: random.Random, faulty: bool) -> None:
    module = f'module.service["{name}"]'
    queue_module = f"{module}.module.queue"
    tags = {"owner": "team-" + name[-2:], "environment": "bench", "service": name}
    plan.add(module, "aws_kms_key", "this", {"description": f"{name} key", "enable_key_rotation": not faulty,
             "deletion_window_in_days": 30, "key_usage": "ENCRYPT_DECRYPT", "tags": tags, "policy": None},
             {"arn": True, "id": True, "key_id": True, "policy": True})
    plan.add(module, "aws_kms_alias", "this", {"name": f"alias/{name}"}, {"target_key_id": True, "arn": True})
    for queue, retention in (("work", 345600), ("dlq", 1209600)):
        plan.add(queue_module, "aws_sqs_queue", queue, {
            "name": f"{name}-{queue}", "message_retention_seconds": retention,
            "visibility_timeout_seconds": 180, "kms_data_key_reuse_period_seconds": 300, "tags": tags,
            "fifo_queue": False}, {"arn": True, "id": True, "url": True, "kms_master_key_id": True,
                                   "policy": True, "redrive_policy": queue == "work"})
    plan.add(module, "aws_dynamodb_table", "orders", {
        "name": f"{name}-orders", "billing_mode": "PAY_PER_REQUEST", "hash_key": "pk",
        "attribute": [{"name": "pk", "type": "S"}], "deletion_protection_enabled": True,
        "point_in_time_recovery": [{"enabled": not faulty}], "tags": tags},
        {"arn": True, "id": True, "server_side_encryption": [{"kms_key_arn": True}], "stream_arn": True})
    plan.add(module, "aws_cloudwatch_event_bus", "this", {"name": f"{name}-bus", "tags": tags},
             {"arn": True, "kms_key_identifier": True})
    plan.add(module, "aws_cloudwatch_event_rule", "placed", {
        "name": f"{name}-placed", "event_pattern": json.dumps({"detail-type": ["OrderPlaced"]}), "tags": tags},
        {"arn": True, "event_bus_name": True})
    plan.add(module, "aws_cloudwatch_event_target", "notify", {"target_id": "notify",
             "retry_policy": [{"maximum_event_age_in_seconds": 3600, "maximum_retry_attempts": 3}]},
             {"arn": True, "rule": True, "dead_letter_config": [{"arn": True}]})
    for function in ("api", "worker"):
        timeout = rng.choice([10, 15, 30])
        plan.add(module, "aws_iam_role", function, {
            "name": f"{name}-{function}", "assume_role_policy": json.dumps({
                "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                        "Principal": {"Service": "lambda.amazonaws.com"}}]}),
            "tags": tags}, {"arn": True, "id": True, "permissions_boundary": True})
        plan.add(module, "aws_iam_role_policy", function, {"name": "least-privilege"},
                 {"policy": True, "role": True, "id": True})
        plan.add(module, "aws_cloudwatch_log_group", function, {
            "name": f"/aws/lambda/{name}-{function}", "retention_in_days": 30, "tags": tags},
            {"arn": True, "kms_key_id": True})
        plan.add(module, "aws_lambda_function", function, {
            "function_name": f"{name}-{function}", "runtime": "python3.12", "handler": f"{function}.handler",
            "memory_size": rng.choice([256, 512, 1024]), "timeout": timeout, "architectures": ["arm64"],
            "reserved_concurrent_executions": -1 if faulty and function == "api" else rng.randint(1, 3),
            "tracing_config": [{"mode": "Active"}], "tags": tags,
            "environment": [{"variables": {"TABLE_NAME": f"{name}-orders"}}]},
            {"arn": True, "role": True, "kms_key_arn": True, "invoke_arn": True, "qualified_arn": True})
        for metric in ("Errors", "Throttles"):
            plan.add(module, "aws_cloudwatch_metric_alarm", f"{function}_{metric.lower()}", {
                "alarm_name": f"{name}-{function}-{metric}", "metric_name": metric, "namespace": "AWS/Lambda",
                "comparison_operator": "GreaterThanOrEqualToThreshold", "threshold": 1, "evaluation_periods": 1,
                "period": 60, "statistic": "Sum", "dimensions": {"FunctionName": f"{name}-{function}"},
                "tags": tags}, {"arn": True, "alarm_actions": True})
    plan.add(module, "aws_lambda_event_source_mapping", "work", {
        "batch_size": 10, "function_response_types": ["ReportBatchItemFailures"],
        "scaling_config": [{"maximum_concurrency": 2}]},
        {"event_source_arn": True, "function_name": True, "uuid": True})


SERVICE_HCL = """
variable "name" { type = string }
variable "boundary_arn" { type = string }
variable "alarm_topic_arn" { type = string }

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/${var.name}-api"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.this.arn
}
resource "aws_cloudwatch_log_group" "worker" {
  name              = "/aws/lambda/${var.name}-worker"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.this.arn
}
resource "aws_lambda_function" "api" {
  function_name                  = "${var.name}-api"
  role                           = aws_iam_role.api.arn
  runtime                        = "python3.12"
  handler                        = "api.handler"
  filename                       = "orders.zip"
  architectures                  = ["arm64"]
  reserved_concurrent_executions = 2
  kms_key_arn                    = aws_kms_key.this.arn
  tracing_config { mode = "Active" }
  environment { variables = { TABLE_NAME = "${var.name}-orders" } }
}
resource "aws_lambda_function" "worker" {
  function_name                  = "${var.name}-worker"
  role                           = aws_iam_role.worker.arn
  runtime                        = "python3.12"
  handler                        = "worker.handler"
  filename                       = "orders.zip"
  architectures                  = ["arm64"]
  reserved_concurrent_executions = 2
  kms_key_arn                    = aws_kms_key.this.arn
  tracing_config { mode = "Active" }
  environment { variables = { TABLE_NAME = "${var.name}-orders" } }
}
resource "aws_cloudwatch_metric_alarm" "api_errors" {
  alarm_name          = "${var.name}-api-Errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  evaluation_periods  = 1
  period              = 60
  statistic           = "Sum"
  dimensions          = { FunctionName = aws_lambda_function.api.function_name }
  alarm_actions       = [var.alarm_topic_arn]
}
resource "aws_cloudwatch_metric_alarm" "api_throttles" {
  alarm_name          = "${var.name}-api-Throttles"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  evaluation_periods  = 1
  period              = 60
  statistic           = "Sum"
  dimensions          = { FunctionName = aws_lambda_function.api.function_name }
  alarm_actions       = [var.alarm_topic_arn]
}
resource "aws_cloudwatch_metric_alarm" "worker_errors" {
  alarm_name          = "${var.name}-worker-Errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  evaluation_periods  = 1
  period              = 60
  statistic           = "Sum"
  dimensions          = { FunctionName = aws_lambda_function.worker.function_name }
  alarm_actions       = [var.alarm_topic_arn]
}
resource "aws_cloudwatch_metric_alarm" "worker_throttles" {
  alarm_name          = "${var.name}-worker-Throttles"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  evaluation_periods  = 1
  period              = 60
  statistic           = "Sum"
  dimensions          = { FunctionName = aws_lambda_function.worker.function_name }
  alarm_actions       = [var.alarm_topic_arn]
}
resource "aws_lambda_event_source_mapping" "work" {
  event_source_arn        = module.queue.work_arn
  function_name           = aws_lambda_function.worker.arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]
  scaling_config { maximum_concurrency = 2 }
}

resource "aws_kms_key" "this" {
  description         = "${var.name} key"
  enable_key_rotation = true
}
resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}
module "queue" {
  source  = "./queue"
  name    = var.name
  key_arn = aws_kms_key.this.arn
}
resource "aws_dynamodb_table" "orders" {
  name                        = "${var.name}-orders"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = true
  attribute {
    name = "pk"
    type = "S"
  }
  point_in_time_recovery { enabled = true }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }
}
resource "aws_cloudwatch_event_bus" "this" {
  name               = "${var.name}-bus"
  kms_key_identifier = aws_kms_key.this.arn
}
resource "aws_cloudwatch_event_rule" "placed" {
  name           = "${var.name}-placed"
  event_bus_name = aws_cloudwatch_event_bus.this.name
  event_pattern  = jsonencode({ "detail-type" = ["OrderPlaced"] })
}
resource "aws_cloudwatch_event_target" "notify" {
  rule      = aws_cloudwatch_event_rule.placed.name
  target_id = "notify"
  arn       = aws_lambda_function.api.arn
  dead_letter_config { arn = module.queue.dlq_arn }
  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 3
  }
}
resource "aws_iam_role" "api" {
  name                 = "${var.name}-api"
  permissions_boundary = var.boundary_arn
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}
resource "aws_iam_role" "worker" {
  name                 = "${var.name}-worker"
  permissions_boundary = var.boundary_arn
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}
resource "aws_iam_role_policy" "api" {
  name = "least-privilege"
  role = aws_iam_role.api.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = [module.queue.work_arn] },
      { Effect = "Allow", Action = ["dynamodb:GetItem"], Resource = [aws_dynamodb_table.orders.arn] },
    ]
  })
}
resource "aws_iam_role_policy" "worker" {
  name = "least-privilege"
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource = [module.queue.work_arn] },
      { Effect = "Allow", Action = ["dynamodb:PutItem"], Resource = [aws_dynamodb_table.orders.arn] },
      { Effect = "Allow", Action = ["events:PutEvents"], Resource = [aws_cloudwatch_event_bus.this.arn] },
    ]
  })
}
"""


def _write_config(out: Path, services: list[str]) -> None:
    (out / "modules" / "service" / "queue").mkdir(parents=True, exist_ok=True)
    (out / "modules" / "service" / "main.tf").write_text(SERVICE_HCL)
    (out / "modules" / "service" / "queue" / "main.tf").write_text(
        'variable "name" { type = string }\nvariable "key_arn" { type = string }\n'
        'resource "aws_sqs_queue" "dlq" {\n  name              = "${var.name}-dlq"\n'
        '  kms_master_key_id = var.key_arn\n}\n'
        'resource "aws_sqs_queue" "work" {\n  name              = "${var.name}-work"\n'
        '  kms_master_key_id = var.key_arn\n'
        '  redrive_policy    = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 5 })\n}\n'
        'output "work_arn" { value = aws_sqs_queue.work.arn }\noutput "dlq_arn" { value = aws_sqs_queue.dlq.arn }\n')
    (out / "main.tf").write_text(
        'resource "aws_iam_policy" "boundary" {\n  name   = "workload-boundary"\n'
        '  policy = file("${path.module}/boundary.json")\n}\n'
        'module "service" {\n  source       = "./modules/service"\n'
        f'  for_each     = toset({json.dumps(services)})\n'
        '  name            = each.key\n  boundary_arn    = aws_iam_policy.boundary.arn\n'
        '  alarm_topic_arn = aws_sns_topic.alerts.arn\n}\n'
        'resource "aws_sns_topic" "alerts" {\n  name              = "alerts"\n  kms_master_key_id = "alias/alerts"\n}\n')


def _reference_config() -> dict[str, Any]:
    """The plan's `configuration` block: one definition per module, with expression references."""
    def ref(*refs: str) -> dict[str, Any]:
        return {"references": list(refs)}

    queue = {"resources": [
        {"address": "aws_sqs_queue.dlq", "mode": "managed", "type": "aws_sqs_queue", "name": "dlq",
         "provider_config_key": "aws", "expressions": {"kms_master_key_id": ref("var.key_arn")}, "schema_version": 0},
        {"address": "aws_sqs_queue.work", "mode": "managed", "type": "aws_sqs_queue", "name": "work",
         "provider_config_key": "aws", "expressions": {"kms_master_key_id": ref("var.key_arn"),
                                                        "redrive_policy": ref("aws_sqs_queue.dlq.arn", "aws_sqs_queue.dlq")},
         "schema_version": 0}],
        "outputs": {"work_arn": {"expression": ref("aws_sqs_queue.work.arn", "aws_sqs_queue.work")},
                    "dlq_arn": {"expression": ref("aws_sqs_queue.dlq.arn", "aws_sqs_queue.dlq")}},
        "variables": {"name": {}, "key_arn": {}}}
    key_ref = ref("aws_kms_key.this.arn", "aws_kms_key.this")
    resources = [
        {"address": "aws_kms_key.this", "type": "aws_kms_key", "name": "this", "expressions": {}},
        {"address": "aws_kms_alias.this", "type": "aws_kms_alias", "name": "this",
         "expressions": {"target_key_id": ref("aws_kms_key.this.key_id", "aws_kms_key.this")}},
        {"address": "aws_dynamodb_table.orders", "type": "aws_dynamodb_table", "name": "orders",
         "expressions": {"server_side_encryption": [{"kms_key_arn": key_ref}]}},
        {"address": "aws_cloudwatch_event_bus.this", "type": "aws_cloudwatch_event_bus", "name": "this",
         "expressions": {"kms_key_identifier": key_ref}},
        {"address": "aws_cloudwatch_event_rule.placed", "type": "aws_cloudwatch_event_rule", "name": "placed",
         "expressions": {"event_bus_name": ref("aws_cloudwatch_event_bus.this.name", "aws_cloudwatch_event_bus.this")}},
        {"address": "aws_cloudwatch_event_target.notify", "type": "aws_cloudwatch_event_target", "name": "notify",
         "expressions": {"arn": ref("aws_lambda_function.api.arn", "aws_lambda_function.api"),
                         "rule": ref("aws_cloudwatch_event_rule.placed.name", "aws_cloudwatch_event_rule.placed"),
                         "dead_letter_config": [{"arn": ref("module.queue.dlq_arn", "module.queue")}]}},
        {"address": "aws_lambda_event_source_mapping.work", "type": "aws_lambda_event_source_mapping", "name": "work",
         "expressions": {"event_source_arn": ref("module.queue.work_arn", "module.queue"),
                         "function_name": ref("aws_lambda_function.worker.arn", "aws_lambda_function.worker")}},
    ]
    for function in ("api", "worker"):
        resources += [
            {"address": f"aws_iam_role.{function}", "type": "aws_iam_role", "name": function,
             "expressions": {"permissions_boundary": ref("var.boundary_arn")}},
            {"address": f"aws_iam_role_policy.{function}", "type": "aws_iam_role_policy", "name": function,
             "expressions": {"role": ref(f"aws_iam_role.{function}.id", f"aws_iam_role.{function}"),
                             "policy": ref("module.queue.work_arn", "module.queue", "aws_dynamodb_table.orders.arn",
                                           "aws_dynamodb_table.orders")}},
            {"address": f"aws_cloudwatch_log_group.{function}", "type": "aws_cloudwatch_log_group", "name": function,
             "expressions": {"kms_key_id": key_ref}},
            {"address": f"aws_lambda_function.{function}", "type": "aws_lambda_function", "name": function,
             "expressions": {"role": ref(f"aws_iam_role.{function}.arn", f"aws_iam_role.{function}"),
                             "kms_key_arn": key_ref}},
        ]
        for metric in ("errors", "throttles"):
            resources.append({"address": f"aws_cloudwatch_metric_alarm.{function}_{metric}",
                              "type": "aws_cloudwatch_metric_alarm", "name": f"{function}_{metric}",
                              "expressions": {"alarm_actions": ref("var.alarm_topic_arn")}})
    for resource in resources:
        resource.update({"mode": "managed", "provider_config_key": "aws", "schema_version": 0})
    service = {"resources": resources, "module_calls": {"queue": {
        "source": "./queue", "expressions": {"key_arn": key_ref}, "module": queue}},
        "variables": {"name": {}, "boundary_arn": {}, "alarm_topic_arn": {}}}
    return {"provider_config": {"aws": {"name": "aws", "full_name": PROVIDER}},
            "root_module": {
                "resources": [{"address": "aws_iam_policy.boundary", "mode": "managed", "type": "aws_iam_policy",
                               "name": "boundary", "provider_config_key": "aws", "expressions": {}, "schema_version": 0}],
                "module_calls": {"service": {"source": "./modules/service", "for_each_expression": {},
                                             "expressions": {"boundary_arn": ref("aws_iam_policy.boundary.arn",
                                                                                  "aws_iam_policy.boundary"),
                                                             "alarm_topic_arn": ref("aws_sns_topic.alerts.arn",
                                                                                     "aws_sns_topic.alerts")},
                                             "module": service}}}}


def generate(resources: int, out: Path, seed: int = 20261122) -> Path:
    rng = random.Random(seed)
    count = max(1, (resources - ROOT_RESOURCES) // RESOURCES_PER_SERVICE)
    services = [f"svc-{index:05d}" for index in range(count)]
    plan = PlanBuilder()
    plan.add("", "aws_iam_policy", "boundary", {"name": "workload-boundary", "policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sqs:*", "dynamodb:*", "logs:*"],
                                                "Resource": "*"}]})}, {"arn": True, "id": True})
    plan.add("", "aws_sns_topic", "alerts", {"name": "alerts", "kms_master_key_id": "alias/alerts"}, {"arn": True})
    plan.add("", "aws_cloudwatch_log_group", "audit", {"name": "audit", "retention_in_days": 365}, {"arn": True})
    plan.add("", "aws_budgets_budget", "monthly", {
        "name": "monthly", "budget_type": "COST", "limit_amount": "1000", "limit_unit": "USD", "time_unit": "MONTHLY",
        "notification": [{"comparison_operator": "GREATER_THAN", "notification_type": t, "threshold": p,
                          "threshold_type": "PERCENTAGE", "subscriber_email_addresses": ["team@example.com"],
                          "subscriber_sns_topic_arns": []} for t, p in (("ACTUAL", 80), ("FORECASTED", 100))]},
        {"arn": True, "id": True})
    for name in services:
        _service(plan, name, rng, faulty=rng.random() < 0.02)

    def module_tree(prefix: str) -> dict[str, Any]:
        node: dict[str, Any] = {"resources": plan.planned.get(prefix, [])}
        children = sorted(m for m in plan.planned if m.startswith(prefix + ".module." if prefix else "module.")
                          and m.count(".module.") == (prefix.count(".module.") + 1 if prefix else 0))
        if children:
            node["child_modules"] = [dict(module_tree(child), address=child) for child in children]
        return node

    document = {"format_version": "1.2", "terraform_version": "1.11.4",
                "planned_values": {"root_module": module_tree("")},
                "resource_changes": plan.changes, "configuration": _reference_config(),
                "timestamp": "2026-11-22T00:00:00Z", "applyable": True, "complete": True, "errored": False}
    out.mkdir(parents=True, exist_ok=True)
    _write_config(out, services)
    (out / "boundary.json").write_text(plan.planned[""][0]["values"]["policy"])
    path = out / "plan.json"
    path.write_text(json.dumps(document, separators=(",", ":")))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("resources", type=int, help="approximate number of resources in the plan")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    path = generate(args.resources, args.out, args.seed)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
