"""Emulator tier of modules/dynamodb-table: apply examples/complete to moto, re-plan, prove, destroy.

Deletion protection stays at its default (on) so the test can prove it; the test switches it off
with boto3 right before the destroy, as an operator would before deleting a protected table.
"""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from harness import MODULES
from harness.terraform import applied

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "dynamodb-table" / "examples" / "complete"
NAME = "slsguard-orders"  # the example's default table name


def test_complete_example(aws, example_root):
    dynamodb, cloudwatch = aws.client("dynamodb"), aws.client("cloudwatch")
    autoscaling = aws.client("application-autoscaling")
    root = example_root(EXAMPLE, env=aws.env)

    with applied(root) as outputs:
        try:
            table_outputs = outputs["table"]
            table = dynamodb.describe_table(TableName=NAME)["Table"]
            assert table["TableArn"] == table_outputs["table_arn"]
            assert table["SSEDescription"]["Status"] == "ENABLED"
            assert table["SSEDescription"]["SSEType"] == "KMS"
            assert table["SSEDescription"]["KMSMasterKeyArn"] == outputs["kms_key_arn"]
            assert table["DeletionProtectionEnabled"] is True
            backups = dynamodb.describe_continuous_backups(TableName=NAME)["ContinuousBackupsDescription"]
            assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
            with pytest.raises(ClientError, match="DeletionProtectionEnabled"):
                dynamodb.delete_table(TableName=NAME)

            assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
            assert table["LatestStreamArn"] == table_outputs["stream_arn"]
            ttl = dynamodb.describe_time_to_live(TableName=NAME)["TimeToLiveDescription"]
            assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}
            assert [index["IndexName"] for index in table["GlobalSecondaryIndexes"]] == ["by_status"]
            # Contributor Insights (the example's default) on the table and on its index
            # (emulated by slsguard.emulator.compat.dynamodb).
            for scope in ({}, {"IndexName": "by_status"}):
                insights = dynamodb.describe_contributor_insights(TableName=NAME, **scope)
                assert insights["ContributorInsightsStatus"] == "ENABLED", scope

            targets = autoscaling.describe_scalable_targets(ServiceNamespace="dynamodb")["ScalableTargets"]
            bounds = {(t["ResourceId"], t["ScalableDimension"]): (t["MinCapacity"], t["MaxCapacity"]) for t in targets}
            assert bounds == {
                (f"table/{NAME}", "dynamodb:table:ReadCapacityUnits"): (5, 50),
                (f"table/{NAME}", "dynamodb:table:WriteCapacityUnits"): (5, 25),
                (f"table/{NAME}/index/by_status", "dynamodb:index:ReadCapacityUnits"): (5, 50),
                (f"table/{NAME}/index/by_status", "dynamodb:index:WriteCapacityUnits"): (5, 25),
            }
            policies = autoscaling.describe_scaling_policies(ServiceNamespace="dynamodb")["ScalingPolicies"]
            assert len(policies) == 4
            assert all(p["PolicyType"] == "TargetTrackingScaling"
                       and p["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 70 for p in policies)

            alarms = {a["AlarmName"]: a for a in cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"]}
            assert set(alarms) == {f"{NAME}-{suffix}" for suffix in (
                "read-throttle-events", "write-throttle-events", "index-by_status-read-throttle-events",
                "index-by_status-write-throttle-events", "system-errors")}
            assert all(a["AlarmActions"] == [outputs["alarm_topic_arn"]] for a in alarms.values())
            system_errors = alarms[f"{NAME}-system-errors"]["Metrics"]
            assert {m["MetricStat"]["Metric"]["MetricName"] for m in system_errors if "MetricStat" in m} == {"SystemErrors"}

            read = json.loads(table_outputs["read_policy_statements"])
            assert read[1]["Resource"] == [f"{table['TableArn']}/index/by_status"]
            assert read[2]["Resource"] == [outputs["kms_key_arn"]]
        finally:
            # Protection is on, as it must be; lift it so the destroy can clean up.
            dynamodb.update_table(TableName=NAME, DeletionProtectionEnabled=False)

    assert NAME not in dynamodb.list_tables()["TableNames"], "table left behind after destroy"
    assert not cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"], "alarms left behind after destroy"
    assert not autoscaling.describe_scalable_targets(ServiceNamespace="dynamodb")["ScalableTargets"]
