"""Plan contract of modules/sqs-queue: what a caller gets for a few typical input sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.inventory import assert_inventory, planned_resources

pytestmark = pytest.mark.plan

INVENTORIES = Path(__file__).parent / "inventories" / "sqs-queue"
KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/0d5e4c1a-7b55-4a57-9d1e-1e1c6a3b2f10"
TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:ops-alarms"
BASE_INPUTS = {"name": "orders", "kms_key_arn": KEY_ARN, "alarm_topic_arn": TOPIC_ARN}

SCENARIOS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "fifo": {"fifo_queue": True, "content_based_deduplication": True, "message_retention_seconds": 1209600},
    "producers_consumers": {
        "consumer_timeout_seconds": 60,
        "visibility_timeout_seconds": 360,
        "producers": {
            "orderTopic": {
                "principal_type": "Service",
                "identifiers": ["sns.amazonaws.com"],
                "source_arns": ["arn:aws:sns:eu-west-1:123456789012:orders"],
            },
        },
        "consumers": {
            "worker": {"principal_type": "AWS", "identifiers": ["arn:aws:iam::123456789012:role/orders-worker"]},
        },
    },
}


def _policy(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return json.loads(planned_resources(plan)[address]["policy"])


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plan_matches_inventory(aws, module_root, scenario: str):
    plan = module_root("sqs-queue", {**BASE_INPUTS, **SCENARIOS[scenario]}, env=aws.env).plan()
    assert_inventory(plan, INVENTORIES / f"{scenario}.yaml")

    # Every scenario, whatever its grants: the first statement of both queue policies denies non-TLS.
    for address in ("module.this.aws_sqs_queue.this", "module.this.aws_sqs_queue.dlq"):
        first = _policy(plan, address)["Statement"][0]
        assert first["Effect"] == "Deny" and first["Principal"] == "*" and first["Action"] == "sqs:*", first
        assert first["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}, first

    if scenario == "producers_consumers":
        statements = {s["Sid"]: s for s in _policy(plan, "module.this.aws_sqs_queue.this")["Statement"]}
        assert statements["ProducerorderTopic"]["Principal"] == {"Service": ["sns.amazonaws.com"]}
        assert statements["ProducerorderTopic"]["Action"] == ["sqs:SendMessage"]
        assert statements["ProducerorderTopic"]["Condition"] == {
            "ArnLike": {"aws:SourceArn": ["arn:aws:sns:eu-west-1:123456789012:orders"]}}
        assert statements["Consumerworker"]["Principal"] == {"AWS": ["arn:aws:iam::123456789012:role/orders-worker"]}
        assert "Condition" not in statements["Consumerworker"]
        assert len(_policy(plan, "module.this.aws_sqs_queue.dlq")["Statement"]) == 1, "grants must not reach the DLQ"



def test_role_statements_are_known_at_plan_time(aws, module_root):
    plan = module_root("sqs-queue", BASE_INPUTS, env=aws.env).plan()
    after = plan["output_changes"]["this"]["after"]
    queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders"
    via_sqs = {"StringEquals": {"kms:ViaService": "sqs.eu-west-1.amazonaws.com"}}

    producer = json.loads(after["producer_policy_statements"])
    assert producer[0]["Action"] == ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    assert producer[0]["Resource"] == [queue_arn]
    assert producer[1] == {"Sid": "EncryptForQueue", "Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                           "Resource": [KEY_ARN], "Condition": via_sqs}

    consumer = json.loads(after["consumer_policy_statements"])
    assert "sqs:SendMessage" not in consumer[0]["Action"] and "sqs:ReceiveMessage" in consumer[0]["Action"]
    assert consumer[0]["Resource"] == [queue_arn]
    assert consumer[1]["Action"] == ["kms:Decrypt"] and consumer[1]["Condition"] == via_sqs

    # The ARNs and the grant target are known at plan: a reviewer reads them in the plan.
    assert after["queue_arn"] == queue_arn and after["dlq_arn"] == f"{queue_arn}-dlq"
    assert after["grant_target"] == {"type": "sqs_queue", "arn": queue_arn, "kms_key_arn": KEY_ARN, "stream_arn": None}
