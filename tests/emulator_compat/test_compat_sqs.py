"""Emulator compatibility of SQS (``slsguard.emulator.compat.sqs``)."""

from __future__ import annotations

import json

import pytest

from compat_support import provider_root
from harness.terraform import applied

pytestmark = pytest.mark.emulator


def test_sqs_returns_redrive_allow_policy_set_at_create_and_by_set_attributes(aws):
    sqs = aws.client("sqs")
    deny_all = json.dumps({"redrivePermission": "denyAll"})  # with spaces; SQS answers compact JSON
    url = sqs.create_queue(QueueName="compat-allow", Attributes={"RedriveAllowPolicy": deny_all})["QueueUrl"]

    everything = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert everything["RedriveAllowPolicy"] == '{"redrivePermission":"denyAll"}'
    named = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedriveAllowPolicy", "QueueArn"])["Attributes"]
    assert named["RedriveAllowPolicy"] == '{"redrivePermission":"denyAll"}'
    assert named["QueueArn"].endswith(":compat-allow")

    by_queue = {"redrivePermission": "byQueue", "sourceQueueArns": [named["QueueArn"]]}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedriveAllowPolicy": json.dumps(by_queue)})
    answered = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]["RedriveAllowPolicy"]
    assert answered == json.dumps(by_queue, separators=(",", ":"))

    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedriveAllowPolicy": ""})
    assert "RedriveAllowPolicy" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


def test_sqs_answers_redrive_policy_as_compact_json(aws):
    sqs = aws.client("sqs")
    dlq_url = sqs.create_queue(QueueName="compat-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    source_url = sqs.create_queue(QueueName="compat-source", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})})["QueueUrl"]
    answered = sqs.get_queue_attributes(QueueUrl=source_url, AttributeNames=["All"])["Attributes"]["RedrivePolicy"]
    assert answered == f'{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":3}}'


def test_sqs_queue_without_redrive_allow_policy_does_not_report_one(aws):
    sqs = aws.client("sqs")
    url = sqs.create_queue(QueueName="compat-plain")["QueueUrl"]
    assert "RedriveAllowPolicy" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


def test_sqs_queues_with_redrive_allow_policy_and_redrive_policy(tmp_path, toolchain, aws):
    # Written with spaces on purpose: SQS answers compact JSON and the provider compares with that.
    allow_policy = json.dumps({"redrivePermission": "allowAll"})
    root = provider_root(tmp_path, toolchain, aws, {
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
