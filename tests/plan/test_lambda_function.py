"""Plan contract of modules/lambda-function beyond its scenarios' expected values (tests/plan/scenarios).

The generated execution-role policy is compared exactly (actions and resources per statement):
it is built from names, so it is fully known at plan time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.inventory import planned_resources
from harness.policy_eval import Policy, Request, decide
from harness.scenarios import Scenario
from slsguard import packaging

ACCOUNT, REGION = "123456789012", "eu-west-1"
QUEUE_KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/5b1f2c3d-0000-4000-8000-00000000a11e"
TABLE_ARN = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders"
BUS_ARN = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:order-updates"
DEAD_QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders-worker-dead"
TABLE_KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/7a1b2c3d-0000-4000-8000-0000000007ab"
TABLE_STREAM_ARN = f"{TABLE_ARN}/stream/2026-11-30T00:00:00.000"
STREAM_FAILURES_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders-stream-failures"
CLICKS_STREAM_ARN = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clicks"
SECRET_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:orders/db-Xy12Ab"
PARAMETERS = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/orders/prod"
LOG_STREAMS = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/orders-worker:*"
READ = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem"]
WRITE = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"]
CONSUME = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
ALWAYS = {
    "Logs": (["logs:CreateLogStream", "logs:PutLogEvents"], [LOG_STREAMS]),
    "XRay": (["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"]),
}


# Sid -> (actions, resources) of the execution role's inline policy, exactly, per scenario.
EXPECTED_POLICIES: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "minimal": ALWAYS,
    "function_url": ALWAYS,
    "container_image": ALWAYS,
    "snap_start": ALWAYS,
    "existing_log_group": {
        **ALWAYS,
        "Logs": (["logs:CreateLogStream", "logs:PutLogEvents"],
                 [f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/orders/functions:*"]),
    },
    "vpc": {
        **ALWAYS,
        "VpcDescribe": (["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], ["*"]),
        "VpcCreateNetworkInterface": (["ec2:CreateNetworkInterface"], [
            f"arn:aws:ec2:{REGION}:{ACCOUNT}:network-interface/*",
            f"arn:aws:ec2:{REGION}:*:subnet/subnet-0a1b2c3d4e5f60718",
            f"arn:aws:ec2:{REGION}:*:subnet/subnet-0f1e2d3c4b5a69788",
            f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/sg-0123456789abcdef0",
        ]),
        "VpcManageNetworkInterfaces": (["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                                        "ec2:UnassignPrivateIpAddresses"],
                                       [f"arn:aws:ec2:{REGION}:{ACCOUNT}:network-interface/*"]),
    },
    "grants": {
        **ALWAYS,
        "Grantbus": (["events:PutEvents"], [BUS_ARN]),
        "GrantordersRead": (READ, [TABLE_ARN, f"{TABLE_ARN}/index/*"]),
        "GrantordersWrite": (WRITE, [TABLE_ARN]),
        "GrantqueueKey": (["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], [QUEUE_KEY_ARN]),
        "Grantupdates": (["sns:Publish"], [TOPIC_ARN]),
        "Grantwork": (["sqs:SendMessage"], [QUEUE_ARN]),
    },
    "typed_grants": {
        **ALWAYS,
        "Grantdb": (["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], [SECRET_ARN]),
        "GrantdbKey": (["kms:Decrypt"], [QUEUE_KEY_ARN]),
        "Grantflag": (["ssm:GetParameter", "ssm:GetParameters"], [f"{PARAMETERS}/batch-size"]),
        "Grantconfig": (["ssm:GetParameter", "ssm:GetParameters"], [f"{PARAMETERS}/*"]),
        "GrantconfigPath": (["ssm:GetParametersByPath"], [PARAMETERS]),
        "GrantexportsRead": (["s3:GetObject"], ["arn:aws:s3:::orders-exports/daily/*"]),
        "GrantexportsWrite": (["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
                              ["arn:aws:s3:::orders-exports/daily/*"]),
        "GrantexportsList": (["s3:ListBucket"], ["arn:aws:s3:::orders-exports"]),
        "GrantexportsKey": (["kms:GenerateDataKey", "kms:Decrypt"], [QUEUE_KEY_ARN]),
        "Grantreconcile": (["states:StartExecution"], [f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:orders-reconcile"]),
        "Grantpricing": (["lambda:InvokeFunction"], [f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:pricing:live"]),
        "Grantclicks": (["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                         "kinesis:GetShardIterator", "kinesis:ListShards"], [CLICKS_STREAM_ARN]),
    },
    "sqs_event_source": {
        **ALWAYS,
        "EventSourceordersConsume": (CONSUME, [QUEUE_ARN]),
        "EventSourceordersDecrypt": (["kms:Decrypt"], [QUEUE_KEY_ARN]),
    },
    "stream_event_sources": {
        **ALWAYS,
        "StreamordersRead": (["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], [TABLE_STREAM_ARN]),
        "StreamordersDecrypt": (["kms:Decrypt"], [TABLE_KEY_ARN]),
        "StreamordersOnFailure": (["sqs:SendMessage"], [STREAM_FAILURES_ARN]),
        "StreamordersOnFailureKey": (["kms:GenerateDataKey", "kms:Decrypt"], [QUEUE_KEY_ARN]),
        "StreamclicksRead": (["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                              "kinesis:GetShardIterator", "kinesis:ListShards"], [CLICKS_STREAM_ARN]),
        "StreamclicksOnFailure": (["sns:Publish"], [f"arn:aws:sns:{REGION}:{ACCOUNT}:clicks-failed"]),
    },
    "provisioned_codedeploy": {
        **ALWAYS,
        "EventSourceordersConsume": (CONSUME, [QUEUE_ARN]),
        "DeadLetter": (["sqs:SendMessage"], [DEAD_QUEUE_ARN]),
    },
}


def _policy(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return json.loads(planned_resources(plan)[address]["policy"])


def check_scenario(scenario: Scenario, plan: dict[str, Any], aws: Any) -> None:
    package = scenario.inputs["package"]
    function = planned_resources(plan)["module.this.aws_lambda_function.this"]
    if "image_uri" in package:
        assert (function["package_type"], function["image_uri"]) == ("Image", package["image_uri"])
        assert function["filename"] is None and function["handler"] is None and function["runtime"] is None
    else:
        zip_path = package["zip_path"]
        assert function["package_type"] == "Zip"
        assert function["filename"] == zip_path and function["source_code_hash"] == packaging.base64_sha256(Path(zip_path))

    policy = _policy(plan, "module.this.aws_iam_role_policy.this")
    statements = {s["Sid"]: (s["Action"], s["Resource"]) for s in policy["Statement"]}
    assert statements == EXPECTED_POLICIES[scenario.name]
    assert all(s["Effect"] == "Allow" for s in policy["Statement"])
    if scenario.name == "sqs_event_source":
        decrypt = next(s for s in policy["Statement"] if s["Sid"] == "EventSourceordersDecrypt")
        assert decrypt["Condition"] == {"StringEquals": {"kms:ViaService": f"sqs.{REGION}.amazonaws.com"}}

    if scenario.name == "typed_grants":
        conditions = {s["Sid"]: s["Condition"] for s in policy["Statement"] if "Condition" in s}
        assert conditions == {
            "GrantdbKey": {"StringEquals": {"kms:ViaService": f"secretsmanager.{REGION}.amazonaws.com"}},
            "GrantexportsKey": {"StringEquals": {"kms:ViaService": f"s3.{REGION}.amazonaws.com"}},
            "GrantexportsList": {"StringLike": {"s3:prefix": ["daily/*"]}},
        }

    if scenario.name == "stream_event_sources":
        conditions = {s["Sid"]: s.get("Condition") for s in policy["Statement"]}
        via = {sid: c["StringEquals"]["kms:ViaService"] for sid, c in conditions.items() if c}
        assert via == {"StreamordersDecrypt": f"dynamodb.{REGION}.amazonaws.com",
                       "StreamordersOnFailureKey": f"sqs.{REGION}.amazonaws.com"}

    if scenario.name == "vpc":
        _check_network_interface_scope(policy)

    if scenario.name == "provisioned_codedeploy":
        deploy_policy = _policy(plan, "module.this.aws_iam_role_policy.codedeploy[0]")
        function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-worker"
        assert {s["Sid"]: s["Resource"] for s in deploy_policy["Statement"]} == {
            "ShiftAlias": [function_arn, f"{function_arn}:live"],
            "ReadRollbackAlarm": [f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:orders-worker-errors"],
        }


def _check_network_interface_scope(document: dict[str, Any]) -> None:
    """What the VPC statements let the role do, request by request (EC2 authorizes
    CreateNetworkInterface on each resource it involves: the new interface, the subnet, the groups)."""
    role = f"arn:aws:iam::{ACCOUNT}:role/orders-worker-exec"
    policy = [Policy("least-privilege", document)]

    def allowed(action: str, resource: str, region: str = REGION) -> bool:
        return decide(Request(role, action, resource, region), policy).allowed

    ec2 = f"arn:aws:ec2:{REGION}"
    owner = "210987654321"  # a shared VPC's owner: its subnets carry that account
    assert allowed("ec2:CreateNetworkInterface", f"{ec2}:{ACCOUNT}:network-interface/eni-0123456789abcdef0")
    assert allowed("ec2:CreateNetworkInterface", f"{ec2}:{ACCOUNT}:subnet/subnet-0a1b2c3d4e5f60718")
    assert allowed("ec2:CreateNetworkInterface", f"{ec2}:{owner}:subnet/subnet-0f1e2d3c4b5a69788")
    assert allowed("ec2:CreateNetworkInterface", f"{ec2}:{ACCOUNT}:security-group/sg-0123456789abcdef0")
    assert not allowed("ec2:CreateNetworkInterface", f"{ec2}:{ACCOUNT}:subnet/subnet-0ffffffffffffffff"), "another subnet"
    assert not allowed("ec2:CreateNetworkInterface", f"{ec2}:{ACCOUNT}:security-group/sg-0ffffffffffffffff"), "another group"
    for action in ("ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"):
        assert allowed(action, f"{ec2}:{ACCOUNT}:network-interface/eni-0123456789abcdef0")
        assert not allowed(action, f"{ec2}:{owner}:network-interface/eni-0123456789abcdef0"), "another account's interface"
        assert not allowed(action, f"arn:aws:ec2:us-east-1:{ACCOUNT}:network-interface/eni-0123456789abcdef0"), "another region"
    assert allowed("ec2:DescribeNetworkInterfaces", "*") and allowed("ec2:DescribeSubnets", "*")
    assert not allowed("ec2:ModifyNetworkInterfaceAttribute", f"{ec2}:{ACCOUNT}:network-interface/eni-0123456789abcdef0")
    assert not allowed("ec2:CreateNetworkInterfacePermission", f"{ec2}:{ACCOUNT}:network-interface/eni-0123456789abcdef0")
