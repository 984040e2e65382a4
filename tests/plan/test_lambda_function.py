"""Plan contract of modules/lambda-function: what a caller gets for a few typical input sets.

The generated execution-role policy is compared exactly (actions and resources per statement):
it is built from names, so it is fully known at plan time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.inventory import assert_inventory, planned_resources
from slsguard import packaging

pytestmark = pytest.mark.plan

INVENTORIES = Path(__file__).parent / "inventories" / "lambda-function"
SOURCE = Path(__file__).resolve().parents[2] / "modules" / "lambda-function" / "examples" / "complete" / "src"
ACCOUNT, REGION = "123456789012", "eu-west-1"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0d5e4c1a-7b55-4a57-9d1e-1e1c6a3b2f10"
QUEUE_KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/5b1f2c3d-0000-4000-8000-00000000a11e"
TABLE_ARN = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders"
BUS_ARN = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:order-updates"
DEAD_QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders-worker-dead"
LOG_STREAMS = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/orders-worker:*"
BASE_INPUTS = {
    "name": "orders-worker",
    "handler": "app.handler",
    "runtime": "python3.12",
    "kms_key_arn": KEY_ARN,
    "reserved_concurrency": 10,
    "permissions_boundary_arn": f"arn:aws:iam::{ACCOUNT}:policy/workload-boundary",
    "log_retention_days": 30,
    "alarm_topic_arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:ops-alarms",
}
READ = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem"]
WRITE = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"]
CONSUME = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
ALWAYS = {
    "Logs": (["logs:CreateLogStream", "logs:PutLogEvents"], [LOG_STREAMS]),
    "XRay": (["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"]),
}

SCENARIOS: dict[str, dict[str, Any]] = {
    "minimal": {},
    "grants": {
        "grants": {
            "orders": {"dynamodb_table_arn": TABLE_ARN, "access": "read_write"},
            "work": {"sqs_queue_arn": QUEUE_ARN, "access": "send"},
            "bus": {"event_bus_arn": BUS_ARN, "access": "put"},
            "queueKey": {"kms_key_arn": QUEUE_KEY_ARN, "access": "encrypt_decrypt"},
            "updates": {"sns_topic_arn": TOPIC_ARN, "access": "publish"},
        },
    },
    "sqs_event_source": {
        "timeout": 60,
        "sqs_event_sources": {
            "orders": {"queue_arn": QUEUE_ARN, "kms_key_arn": QUEUE_KEY_ARN, "batch_size": 25,
                       "maximum_batching_window_in_seconds": 10, "maximum_concurrency": 5},
        },
    },
    "provisioned_codedeploy": {
        "publish": True,
        "provisioned_concurrency": 2,
        "codedeploy": {"strategy": "linear", "percentage": 20, "interval_minutes": 3},
        "async_invocation": {"dead_letter_target_arn": DEAD_QUEUE_ARN, "maximum_retry_attempts": 1},
        "sqs_event_sources": {"orders": {"queue_arn": QUEUE_ARN}},
    },
}

# Sid -> (actions, resources) of the execution role's inline policy, exactly, per scenario.
EXPECTED_POLICIES: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "minimal": ALWAYS,
    "grants": {
        **ALWAYS,
        "Grantbus": (["events:PutEvents"], [BUS_ARN]),
        "GrantordersRead": (READ, [TABLE_ARN, f"{TABLE_ARN}/index/*"]),
        "GrantordersWrite": (WRITE, [TABLE_ARN]),
        "GrantqueueKey": (["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], [QUEUE_KEY_ARN]),
        "Grantupdates": (["sns:Publish"], [TOPIC_ARN]),
        "Grantwork": (["sqs:SendMessage"], [QUEUE_ARN]),
    },
    "sqs_event_source": {
        **ALWAYS,
        "EventSourceordersConsume": (CONSUME, [QUEUE_ARN]),
        "EventSourceordersDecrypt": (["kms:Decrypt"], [QUEUE_KEY_ARN]),
    },
    "provisioned_codedeploy": {
        **ALWAYS,
        "EventSourceordersConsume": (CONSUME, [QUEUE_ARN]),
        "DeadLetter": (["sqs:SendMessage"], [DEAD_QUEUE_ARN]),
    },
}


@pytest.fixture(scope="module")
def function_zip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("package") / "function.zip"
    return path, packaging.build_zip(SOURCE, path)


def _policy(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return json.loads(planned_resources(plan)[address]["policy"])


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plan_matches_inventory(aws, module_root, function_zip, scenario: str):
    zip_path, code_hash = function_zip
    inputs = {**BASE_INPUTS, "package": {"zip_path": str(zip_path)}, **SCENARIOS[scenario]}
    plan = module_root("lambda-function", inputs, env=aws.env).plan()
    assert_inventory(plan, INVENTORIES / f"{scenario}.yaml")

    function = planned_resources(plan)["module.this.aws_lambda_function.this"]
    assert function["filename"] == str(zip_path) and function["source_code_hash"] == code_hash

    policy = _policy(plan, "module.this.aws_iam_role_policy.this")
    statements = {s["Sid"]: (s["Action"], s["Resource"]) for s in policy["Statement"]}
    assert statements == EXPECTED_POLICIES[scenario]
    assert all(s["Effect"] == "Allow" for s in policy["Statement"])
    if scenario == "sqs_event_source":
        decrypt = next(s for s in policy["Statement"] if s["Sid"] == "EventSourceordersDecrypt")
        assert decrypt["Condition"] == {"StringEquals": {"kms:ViaService": f"sqs.{REGION}.amazonaws.com"}}

    if scenario == "provisioned_codedeploy":
        deploy_policy = _policy(plan, "module.this.aws_iam_role_policy.codedeploy[0]")
        function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-worker"
        assert {s["Sid"]: s["Resource"] for s in deploy_policy["Statement"]} == {
            "ShiftAlias": [function_arn, f"{function_arn}:live"],
            "ReadRollbackAlarm": [f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:orders-worker-errors"],
        }
