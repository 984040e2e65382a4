"""Plan contract of modules/sqs-queue beyond its scenarios' expected values (tests/plan/scenarios)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness import scenarios
from harness.inventory import planned_resources
from harness.scenarios import Scenario

pytestmark = pytest.mark.plan


def _policy(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return json.loads(planned_resources(plan)[address]["policy"])


def check_scenario(scenario: Scenario, plan: dict[str, Any], aws: Any) -> None:
    # Every scenario, whatever its grants: the first statement of both queue policies denies non-TLS.
    for address in ("module.this.aws_sqs_queue.this", "module.this.aws_sqs_queue.dlq"):
        first = _policy(plan, address)["Statement"][0]
        assert first["Effect"] == "Deny" and first["Principal"] == "*" and first["Action"] == "sqs:*", first
        assert first["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}, first

    if scenario.name == "producers_consumers":
        statements = {s["Sid"]: s for s in _policy(plan, "module.this.aws_sqs_queue.this")["Statement"]}
        assert statements["ProducerorderTopic"]["Principal"] == {"Service": ["sns.amazonaws.com"]}
        assert statements["ProducerorderTopic"]["Action"] == ["sqs:SendMessage"]
        assert statements["ProducerorderTopic"]["Condition"] == {
            "ArnLike": {"aws:SourceArn": ["arn:aws:sns:eu-west-1:123456789012:orders"]}}
        assert statements["Consumerworker"]["Principal"] == {"AWS": ["arn:aws:iam::123456789012:role/orders-worker"]}
        assert "Condition" not in statements["Consumerworker"]
        assert len(_policy(plan, "module.this.aws_sqs_queue.dlq")["Statement"]) == 1, "grants must not reach the DLQ"


def test_role_statements_are_known_at_plan_time(aws, module_root, tmp_path: Path):
    inputs = scenarios.named("sqs-queue", "defaults", tmp_path).inputs
    plan = module_root("sqs-queue", inputs, env=aws.env).plan()
    after = plan["output_changes"]["this"]["after"]
    queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders"
    via_sqs = {"StringEquals": {"kms:ViaService": "sqs.eu-west-1.amazonaws.com"}}

    producer = json.loads(after["producer_policy_statements"])
    assert producer[0]["Action"] == ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    assert producer[0]["Resource"] == [queue_arn]
    assert producer[1] == {"Sid": "EncryptForQueue", "Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                           "Resource": [inputs["kms_key_arn"]], "Condition": via_sqs}

    consumer = json.loads(after["consumer_policy_statements"])
    assert "sqs:SendMessage" not in consumer[0]["Action"] and "sqs:ReceiveMessage" in consumer[0]["Action"]
    assert consumer[0]["Resource"] == [queue_arn]
    assert consumer[1]["Action"] == ["kms:Decrypt"] and consumer[1]["Condition"] == via_sqs

    # The ARNs and the grant target are known at plan: a reviewer reads them in the plan.
    assert after["queue_arn"] == queue_arn and after["dlq_arn"] == f"{queue_arn}-dlq"
    assert after["grant_target"] == {"type": "sqs_queue", "arn": queue_arn, "kms_key_arn": inputs["kms_key_arn"], "stream_arn": None}
