"""Emulator tier of modules/sqs-queue: apply examples/complete to moto, re-plan, prove, destroy.

One apply only: the aws provider waits ~25 s after every SQS queue write.
"""

from __future__ import annotations

import json

import pytest

from harness import MODULES
from harness.terraform import applied

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "sqs-queue" / "examples" / "complete"
NAME = "slsguard-orders"  # the example's default name prefix


def test_complete_example(aws, example_root):
    sqs, cloudwatch = aws.client("sqs"), aws.client("cloudwatch")
    root = example_root(EXAMPLE, env=aws.env)

    with applied(root) as outputs:
        key_arn, queue = outputs["kms_key_arn"], outputs["queue"]
        source = sqs.get_queue_attributes(QueueUrl=queue["queue_url"], AttributeNames=["All"])["Attributes"]
        dlq = sqs.get_queue_attributes(QueueUrl=queue["dlq_url"], AttributeNames=["All"])["Attributes"]

        for attributes in (source, dlq):
            assert attributes["KmsMasterKeyId"] == key_arn
            assert attributes["KmsDataKeyReusePeriodSeconds"] == "300"
            deny = json.loads(attributes["Policy"])["Statement"][0]
            assert deny["Effect"] == "Deny" and deny["Principal"] == "*" and deny["Action"] == "sqs:*"
            assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            assert deny["Resource"] == attributes["QueueArn"]

        assert json.loads(source["RedrivePolicy"]) == {"deadLetterTargetArn": queue["dlq_arn"], "maxReceiveCount": 3}
        assert json.loads(dlq["RedriveAllowPolicy"]) == {
            "redrivePermission": "byQueue", "sourceQueueArns": [queue["queue_arn"]]}
        assert source["VisibilityTimeout"] == "180"
        assert int(dlq["MessageRetentionPeriod"]) >= int(source["MessageRetentionPeriod"])

        grants = {s["Sid"]: s for s in json.loads(source["Policy"])["Statement"]}
        assert grants["ProducerorderEvents"]["Condition"]["ArnLike"]["aws:SourceArn"] == [
            f"arn:aws:events:{aws.region}:{aws.account_id}:rule/{NAME}-orders"]
        assert grants["Consumerworker"]["Principal"] == {"AWS": [f"arn:aws:iam::{aws.account_id}:root"]}

        alarms = {a["AlarmName"]: a for a in cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"]}
        assert set(alarms) == {f"{NAME}-oldest-message-age", f"{NAME}-dlq-messages-visible"}
        dlq_alarm = alarms[f"{NAME}-dlq-messages-visible"]
        assert dlq_alarm["Dimensions"] == [{"Name": "QueueName", "Value": queue["dlq_name"]}]
        assert dlq_alarm["Threshold"] == 1 and dlq_alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
        assert all(a["AlarmActions"] == [outputs["alarm_topic_arn"]] for a in alarms.values())

        # The ready-made statements name exactly this queue and key.
        consumer = json.loads(queue["consumer_policy_statements"])
        assert consumer[0]["Resource"] == [queue["queue_arn"]] and consumer[1]["Resource"] == [key_arn]

    assert not sqs.list_queues(QueueNamePrefix=NAME).get("QueueUrls"), "queues left behind after destroy"
    assert not cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"], "alarms left behind after destroy"
