"""Emulator tier of modules/step-function: apply examples/complete to moto, re-plan, prove, destroy.

The example's workflow invokes a lambda-function module's function and reports to an sqs-queue
module's queue; its definition is a templatefile of their outputs. moto cannot run the function,
so the proofs are about configuration: definition, encryption, logging, tracing, role and alarms.
"""

from __future__ import annotations

import json

import pytest

from harness import MODULES
from harness.terraform import applied
from slsguard import packaging

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "step-function" / "examples" / "complete"
NAME = "slsguard-reconcile"  # the example's default name prefix


def test_complete_example(aws, example_root):
    sfn, iam, logs, cloudwatch = aws.client("stepfunctions"), aws.client("iam"), aws.client("logs"), aws.client("cloudwatch")
    root = example_root(EXAMPLE, env=aws.env)
    zip_path = root.path / "build" / "function.zip"
    packaging.build_zip(root.path / "src", zip_path)

    with applied(root, {"zip_path": str(zip_path)}) as outputs:
        machine, function, queue = outputs["state_machine"], outputs["reconcile_function"], outputs["reports_queue"]
        key_arn = outputs["kms_key_arn"]
        arn = machine["state_machine_arn"]
        assert arn == f"arn:aws:states:{aws.region}:{aws.account_id}:stateMachine:{NAME}"

        described = sfn.describe_state_machine(stateMachineArn=arn)
        assert described["type"] == "STANDARD" and described["roleArn"] == machine["role_arn"]
        definition = json.loads(described["definition"])
        assert definition["States"]["Compare"]["Parameters"]["FunctionName"] == function["invoke_target_arn"]
        assert definition["States"]["Report"]["Parameters"]["QueueUrl"] == queue["queue_url"]
        assert described["encryptionConfiguration"]["type"] == "CUSTOMER_MANAGED_KMS_KEY"
        assert described["encryptionConfiguration"]["kmsKeyId"] == key_arn
        logging = described["loggingConfiguration"]
        assert logging["level"] == "ERROR" and logging["includeExecutionData"] is True
        group_arn = logging["destinations"][0]["cloudWatchLogsLogGroup"]["logGroupArn"]
        assert group_arn.endswith(f":log-group:/aws/vendedlogs/states/{NAME}:*")
        assert described["tracingConfiguration"] == {"enabled": True}

        groups = logs.describe_log_groups(logGroupNamePrefix=f"/aws/vendedlogs/states/{NAME}")["logGroups"]
        assert [(g["retentionInDays"], g.get("kmsKeyId")) for g in groups] == [(30, key_arn)]

        # The role: bounded, and its grants name exactly the function alias and the queue.
        role = iam.get_role(RoleName=machine["role_name"])["Role"]
        assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == outputs["boundary_arn"]
        document = iam.get_role_policy(RoleName=machine["role_name"], PolicyName="least-privilege")["PolicyDocument"]
        statements = {s["Sid"]: s for s in (json.loads(document) if isinstance(document, str) else document)["Statement"]}
        assert set(statements) == {"StateMachineKey", "LogDelivery", "XRay", "Grantcompare", "Grantreports", "GrantreportsKey"}
        assert statements["Grantcompare"]["Resource"] == [function["invoke_target_arn"]]
        assert statements["Grantreports"]["Resource"] == [queue["queue_arn"]]
        assert statements["StateMachineKey"]["Condition"] == {
            "StringEquals": {"kms:EncryptionContext:aws:states:stateMachineArn": arn}}

        alarms = {a["AlarmName"]: a for a in cloudwatch.describe_alarms(AlarmNamePrefix=f"{NAME}-executions")["MetricAlarms"]}
        assert set(alarms) == {f"{NAME}-executions-{k}" for k in ("failed", "timed-out", "throttled")}
        assert all(a["Namespace"] == "AWS/States" and a["Dimensions"] == [{"Name": "StateMachineArn", "Value": arn}]
                   and a["AlarmActions"] == [outputs["alarm_topic_arn"]] for a in alarms.values())

    assert not sfn.list_state_machines()["stateMachines"], "state machine left behind"
    assert not logs.describe_log_groups(logGroupNamePrefix=f"/aws/vendedlogs/states/{NAME}")["logGroups"], "log group left behind"
