"""Emulator tier of modules/sns-topic: apply examples/complete to moto, re-plan, prove, destroy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.terraform import applied

pytestmark = pytest.mark.emulator

EXAMPLE = Path(__file__).resolve().parents[2] / "modules" / "sns-topic" / "examples" / "complete"
NAME = "slsguard-ops"  # the example's default name prefix


def test_complete_example(aws, example_root):
    sns, sqs, cloudwatch = aws.client("sns"), aws.client("sqs"), aws.client("cloudwatch")
    root = example_root(EXAMPLE, env=aws.env)

    with applied(root) as outputs:
        key_arn, topic = outputs["kms_key_arn"], outputs["topic"]
        topic_arn = f"arn:aws:sns:{aws.region}:{aws.account_id}:{NAME}-alerts"
        assert topic["topic_arn"] == topic_arn, "the ARN built from the name is the real one"

        attributes = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
        assert attributes["KmsMasterKeyId"] == key_arn
        assert attributes["SignatureVersion"] == "2"
        statements = {s["Sid"]: s for s in json.loads(attributes["Policy"])["Statement"]}
        deny = statements["DenyInsecureTransport"]
        assert deny["Effect"] == "Deny" and deny["Principal"] == "*"
        assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        alarms_publish = statements["PublishcloudwatchAlarms"]
        assert alarms_publish["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
        assert alarms_publish["Condition"]["StringEquals"] == {"aws:SourceAccount": [aws.account_id]}
        assert statements["Publishbudgets"]["Condition"]["ArnLike"] == {
            "aws:SourceArn": [f"arn:aws:budgets::{aws.account_id}:budget/{NAME}-monthly"]}

        subscriptions = {s["Protocol"]: s for s in sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]}
        assert set(subscriptions) == {"sqs", "email"}
        queue_subscription = sns.get_subscription_attributes(
            SubscriptionArn=topic["subscription_arns"]["critical"])["Attributes"]
        assert queue_subscription["Endpoint"] == outputs["critical_queue"]["queue_arn"]
        assert json.loads(queue_subscription["FilterPolicy"]) == {"severity": ["critical"]}
        assert queue_subscription["RawMessageDelivery"] == "true"
        assert json.loads(queue_subscription["RedrivePolicy"]) == {
            "deadLetterTargetArn": topic["dead_letter_queue_arns"]["critical"]}

        for key in ("critical", "oncall"):
            dlq = sqs.get_queue_attributes(QueueUrl=topic["dead_letter_queue_urls"][key], AttributeNames=["All"])["Attributes"]
            assert dlq["QueueArn"] == f"arn:aws:sqs:{aws.region}:{aws.account_id}:{NAME}-alerts-{key}-dlq"
            assert dlq["KmsMasterKeyId"] == key_arn and dlq["MessageRetentionPeriod"] == "1209600"
            dlq_statements = {s["Sid"]: s for s in json.loads(dlq["Policy"])["Statement"]}
            assert dlq_statements["DenyInsecureTransport"]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            assert dlq_statements["TopicDeadLetters"]["Condition"] == {"ArnEquals": {"aws:SourceArn": topic_arn}}

        alarms = {a["AlarmName"]: a for a in cloudwatch.describe_alarms(AlarmNamePrefix=f"{NAME}-alerts-")["MetricAlarms"]}
        assert set(alarms) == {f"{NAME}-alerts-critical-dlq-messages-visible", f"{NAME}-alerts-oncall-dlq-messages-visible"}
        assert all(a["AlarmActions"] == [topic_arn] and a["Threshold"] == 1 for a in alarms.values())

        # A filtered message reaches the subscribed queue through SNS, raw.
        sns.publish(TopicArn=topic_arn, Message="disk full",
                    MessageAttributes={"severity": {"DataType": "String", "StringValue": "critical"}})
        received = sqs.receive_message(QueueUrl=outputs["critical_queue"]["queue_url"], WaitTimeSeconds=1)
        assert [m["Body"] for m in received.get("Messages", [])] == ["disk full"]

    assert not [t for t in sns.list_topics()["Topics"] if t["TopicArn"].endswith(f":{NAME}-alerts")], "topic left behind"
    assert not sqs.list_queues(QueueNamePrefix=NAME).get("QueueUrls"), "queues left behind after destroy"
    assert not cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"], "alarms left behind after destroy"
