"""Emulator tier of modules/schedule: apply examples/complete to moto, re-plan, prove, destroy.

The example sends the nightly export request to an encrypted queue through a generated role;
the proofs read the schedule, its group, the role's policy and the alarms back from the emulator.
"""

from __future__ import annotations

import json

import pytest

from harness import MODULES
from harness.terraform import applied

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "schedule" / "examples" / "complete"
NAME = "slsguard-nightly-export"  # the example's default name prefix


def test_complete_example(aws, example_root):
    scheduler, iam, cloudwatch = aws.client("scheduler"), aws.client("iam"), aws.client("cloudwatch")
    root = example_root(EXAMPLE, env=aws.env)

    with applied(root) as outputs:
        schedule, work, failed = outputs["schedule"], outputs["work_queue"], outputs["failed_runs"]
        key_arn = outputs["kms_key_arn"]

        found = scheduler.get_schedule(Name=NAME, GroupName=NAME)
        assert found["Arn"] == schedule["schedule_arn"] == f"arn:aws:scheduler:{aws.region}:{aws.account_id}:schedule/{NAME}/{NAME}"
        assert found["ScheduleExpression"] == "cron(30 2 * * ? *)"
        assert found["ScheduleExpressionTimezone"] == "Europe/Paris"
        assert found["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}
        assert found["State"] == "ENABLED" and found["KmsKeyArn"] == key_arn
        target = found["Target"]
        assert target["Arn"] == work["queue_arn"] and target["RoleArn"] == schedule["role_arn"]
        assert json.loads(target["Input"]) == {"export": "orders", "window": "previous-day"}
        assert target["RetryPolicy"] == {"MaximumRetryAttempts": 5, "MaximumEventAgeInSeconds": 7200}
        assert target["DeadLetterConfig"] == {"Arn": failed["queue_arn"]}

        group = scheduler.get_schedule_group(Name=NAME)
        assert scheduler.list_tags_for_resource(ResourceArn=group["Arn"])["Tags"]  # default and module tags

        # The role: assumed by this account's schedules only, bounded, and its policy names exactly
        # the work queue, the failed-runs queue and the key (for this schedule, or through SQS).
        role = iam.get_role(RoleName=schedule["role_name"])["Role"]
        assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == outputs["boundary_arn"]
        trust = role["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        assert trust["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceAccount": aws.account_id}}
        document = iam.get_role_policy(RoleName=schedule["role_name"], PolicyName="start-target")["PolicyDocument"]
        statements = {s["Sid"]: s for s in (json.loads(document) if isinstance(document, str) else document)["Statement"]}
        assert {sid: (s["Action"], s["Resource"]) for sid, s in statements.items()} == {
            "StartTarget": (["sqs:SendMessage"], [work["queue_arn"]]),
            "SendToDeadLetterQueue": (["sqs:SendMessage"], [failed["queue_arn"]]),
            "DecryptScheduleInput": (["kms:Decrypt"], [key_arn]),
            "TargetQueueKey": (["kms:GenerateDataKey", "kms:Decrypt"], [key_arn]),
            "DeadLetterQueueKey": (["kms:GenerateDataKey", "kms:Decrypt"], [key_arn]),
        }
        assert statements["DecryptScheduleInput"]["Condition"] == {
            "StringEquals": {"kms:EncryptionContext:aws:scheduler:schedule-arn": schedule["schedule_arn"]}}

        alarms = {a["AlarmName"]: a for a in cloudwatch.describe_alarms(AlarmNamePrefix=f"{NAME}-")["MetricAlarms"]}
        ours = {f"{NAME}-{k}" for k in ("target-errors", "dead-lettered", "dead-letter-failed")}
        assert ours <= set(alarms)
        assert all(alarms[n]["Namespace"] == "AWS/Scheduler" and alarms[n]["Dimensions"] == [{"Name": "ScheduleGroup", "Value": NAME}]
                   and alarms[n]["AlarmActions"] == [outputs["alarm_topic_arn"]] for n in ours)

    assert not scheduler.list_schedules()["Schedules"], "schedule left behind"
    assert NAME not in [g["Name"] for g in scheduler.list_schedule_groups()["ScheduleGroups"]], "group left behind"
    assert not [r for r in iam.list_roles()["Roles"] if r["RoleName"].startswith(NAME)], "role left behind"
