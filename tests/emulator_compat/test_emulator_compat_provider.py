"""The real aws provider against the emulator, one tiny root per compat gap.

Each root is applied, must re-plan with no changes, and is destroyed (``harness.terraform.applied``).
Before the matching ``compat`` patch each of them failed or hung (see the patch docstrings).
Slow-ish: the SQS root alone takes ~60 s because the provider waits ~25 s after every queue write
(two queues, one depending on the other).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from harness.terraform import Root, applied

pytestmark = pytest.mark.emulator

TERRAFORM = {"required_providers": {"aws": {"source": "hashicorp/aws", "version": ">= 5.80, < 7.0"}}}
PROVIDER = {"aws": {"region": "eu-west-1", "skip_metadata_api_check": True}}


def assume_role(service: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": service}}]})


def make_root(path: Path, toolchain, aws, resources: dict[str, Any], outputs: dict[str, str]) -> Root:
    path.mkdir(parents=True, exist_ok=True)
    document = {
        "terraform": TERRAFORM,
        "provider": PROVIDER,
        "resource": resources,
        "output": {name: {"value": expression} for name, expression in outputs.items()},
    }
    (path / "main.tf.json").write_text(json.dumps(document, indent=2))
    return Root(path, toolchain, dict(aws.env))


def test_sqs_queues_with_redrive_allow_policy_and_redrive_policy(tmp_path, toolchain, aws):
    # Written with spaces on purpose: SQS answers compact JSON and the provider compares with that.
    allow_policy = json.dumps({"redrivePermission": "allowAll"})
    root = make_root(tmp_path, toolchain, aws, {
        "aws_sqs_queue": {
            "dlq": {"name": "compat-tf-dlq", "redrive_allow_policy": allow_policy},
            "source": {"name": "compat-tf-source", "redrive_policy":
                       "${jsonencode({deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 3})}"},
        },
    }, {"dlq": "${aws_sqs_queue.dlq.url}", "source": "${aws_sqs_queue.source.url}"})
    with applied(root) as outputs:
        sqs = aws.client("sqs")
        dlq = sqs.get_queue_attributes(QueueUrl=outputs["dlq"], AttributeNames=["All"])["Attributes"]
        assert json.loads(dlq["RedriveAllowPolicy"]) == {"redrivePermission": "allowAll"}
        source = sqs.get_queue_attributes(QueueUrl=outputs["source"], AttributeNames=["All"])["Attributes"]
        assert json.loads(source["RedrivePolicy"]) == {"deadLetterTargetArn": dlq["QueueArn"], "maxReceiveCount": 3}


def function_zip(folder: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    path = folder / "function.zip"
    path.write_bytes(buffer.getvalue())
    return path


def test_lambda_provisioned_concurrency_config(tmp_path, toolchain, aws):
    package = function_zip(tmp_path)
    root = make_root(tmp_path / "root", toolchain, aws, {
        "aws_iam_role": {"fn": {"name": "compat-tf-fn", "assume_role_policy": assume_role("lambda.amazonaws.com")}},
        "aws_lambda_function": {"fn": {
            "function_name": "compat-tf-fn", "role": "${aws_iam_role.fn.arn}", "handler": "index.handler",
            "runtime": "python3.12", "filename": str(package), "publish": True,
            "source_code_hash": base64.b64encode(hashlib.sha256(package.read_bytes()).digest()).decode(),
        }},
        "aws_lambda_alias": {"live": {
            "name": "live", "function_name": "${aws_lambda_function.fn.function_name}",
            "function_version": "${aws_lambda_function.fn.version}",
        }},
        "aws_lambda_provisioned_concurrency_config": {"live": {
            "function_name": "${aws_lambda_function.fn.function_name}",
            "qualifier": "${aws_lambda_alias.live.name}", "provisioned_concurrent_executions": 2,
        }},
    }, {"executions": "${aws_lambda_provisioned_concurrency_config.live.provisioned_concurrent_executions}"})
    with applied(root) as outputs:
        assert outputs["executions"] == 2
        config = aws.client("lambda").get_provisioned_concurrency_config(FunctionName="compat-tf-fn", Qualifier="live")
        assert (config["Status"], config["AllocatedProvisionedConcurrentExecutions"]) == ("READY", 2)


def test_appautoscaling_target_with_tags_on_a_dynamodb_table(tmp_path, toolchain, aws):
    root = make_root(tmp_path, toolchain, aws, {
        "aws_dynamodb_table": {"t": {
            "name": "compat-tf-table", "billing_mode": "PROVISIONED", "read_capacity": 1, "write_capacity": 1,
            "hash_key": "pk", "attribute": [{"name": "pk", "type": "S"}],
        }},
        "aws_appautoscaling_target": {"read": {
            "service_namespace": "dynamodb", "resource_id": "table/${aws_dynamodb_table.t.name}",
            "scalable_dimension": "dynamodb:table:ReadCapacityUnits", "min_capacity": 1, "max_capacity": 10,
            "tags": {"team": "compat"},
        }},
    }, {"arn": "${aws_appautoscaling_target.read.arn}"})
    with applied(root) as outputs:
        tags = aws.client("application-autoscaling").list_tags_for_resource(ResourceARN=outputs["arn"])["Tags"]
        assert tags == {"team": "compat"}


def test_budget_with_tags_and_notification_subscribers(tmp_path, toolchain, aws):
    root = make_root(tmp_path, toolchain, aws, {
        "aws_budgets_budget": {"b": {
            "name": "compat-tf-budget", "budget_type": "COST", "limit_amount": "100", "limit_unit": "USD",
            "time_unit": "MONTHLY", "tags": {"team": "compat"},
            "notification": [{
                "comparison_operator": "GREATER_THAN", "threshold": 80, "threshold_type": "PERCENTAGE",
                "notification_type": "FORECASTED", "subscriber_email_addresses": ["ops@example.com"],
            }],
        }},
    }, {"arn": "${aws_budgets_budget.b.arn}"})
    with applied(root) as outputs:
        tags = aws.client("budgets").list_tags_for_resource(ResourceARN=outputs["arn"])["ResourceTags"]
        assert tags == [{"Key": "team", "Value": "compat"}]
    assert aws.client("budgets").describe_budgets(AccountId=aws.account_id).get("Budgets") in (None, [])


def test_codedeploy_app_and_lambda_deployment_group(tmp_path, toolchain, aws):
    root = make_root(tmp_path, toolchain, aws, {
        "aws_iam_role": {"cd": {"name": "compat-tf-codedeploy",
                                "assume_role_policy": assume_role("codedeploy.amazonaws.com")}},
        "aws_codedeploy_app": {"app": {"name": "compat-tf-app", "compute_platform": "Lambda"}},
        "aws_codedeploy_deployment_group": {"dg": {
            "app_name": "${aws_codedeploy_app.app.name}", "deployment_group_name": "compat-tf-dg",
            "service_role_arn": "${aws_iam_role.cd.arn}",
            "deployment_config_name": "CodeDeployDefault.LambdaAllAtOnce",
            "deployment_style": [{"deployment_option": "WITH_TRAFFIC_CONTROL", "deployment_type": "BLUE_GREEN"}],
        }},
    }, {"group": "${aws_codedeploy_deployment_group.dg.deployment_group_name}"})
    with applied(root) as outputs:
        assert outputs["group"] == "compat-tf-dg"
    assert "compat-tf-app" not in aws.client("codedeploy").list_applications()["applications"]


def test_log_group_class_and_lambda_logging_config(tmp_path, toolchain, aws):
    package = function_zip(tmp_path)
    root = make_root(tmp_path / "root", toolchain, aws, {
        "aws_cloudwatch_log_group": {"lg": {
            "name": "/compat/tf-logging", "retention_in_days": 14, "log_group_class": "STANDARD"}},
        "aws_iam_role": {"fn": {"name": "compat-tf-logging", "assume_role_policy": assume_role("lambda.amazonaws.com")}},
        "aws_lambda_function": {"fn": {
            "function_name": "compat-tf-logging", "role": "${aws_iam_role.fn.arn}", "handler": "index.handler",
            "runtime": "python3.12", "filename": str(package),
            "source_code_hash": base64.b64encode(hashlib.sha256(package.read_bytes()).digest()).decode(),
            "logging_config": [{"log_format": "JSON", "log_group": "${aws_cloudwatch_log_group.lg.name}"}],
        }},
    }, {"log_group": "${aws_lambda_function.fn.logging_config[0].log_group}"})
    with applied(root) as outputs:
        assert outputs["log_group"] == "/compat/tf-logging"
