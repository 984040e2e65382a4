"""Plan contract of modules/event-bus: what a caller gets for a few typical input sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.inventory import assert_inventory, planned_resources

pytestmark = pytest.mark.plan

INVENTORIES = Path(__file__).parent / "inventories" / "event-bus"
ACCOUNT = "123456789012"
KEY_ARN = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/0d5e4c1a-7b55-4a57-9d1e-1e1c6a3b2f10"
TOPIC_ARN = f"arn:aws:sns:eu-west-1:{ACCOUNT}:ops-alarms"
DLQ_ARN = f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders-dlq"
RETRY = {"maximum_retry_attempts": 4, "maximum_event_age_in_seconds": 3600}
BASE_INPUTS = {"name": "orders", "kms_key_arn": KEY_ARN, "alarm_topic_arn": TOPIC_ARN}


def _target(kind: str, arn: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "arn": arn, "dead_letter_arn": DLQ_ARN, "retry_policy": RETRY, **extra}


SCENARIOS: dict[str, dict[str, Any]] = {
    # A bus for publishers only: encryption and the account-only policy, nothing else.
    "bus_only": {},
    # Organisation publishers, an archive, and one rule per target kind plus a schedule.
    "fanout": {
        "publisher_organization_id": "o-abcdef1234",
        "archive": {"retention_days": 14},
        "rules": {
            "placed": {
                "event_pattern": json.dumps({"source": ["orders"], "detail-type": ["OrderPlaced"]}),
                "targets": {
                    "handler": _target("lambda", f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:orders-handler"),
                    "work": _target("sqs", f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders-work"),
                    "notify": _target("sns", f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders-notifications",
                                      input_transformer={"input_paths": {"order": "$.detail.orderId"},
                                                         "input_template": '"Order <order>"'}),
                    "flow": _target("sfn", f"arn:aws:states:eu-west-1:{ACCOUNT}:stateMachine:orders-flow"),
                    "audit": _target("event_bus", f"arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/audit"),
                },
            },
            "nightly": {
                "schedule_expression": "rate(1 day)",
                "targets": {"handler": _target("lambda", f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:orders-handler")},
            },
        },
    },
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plan_matches_inventory(aws, module_root, scenario: str):
    plan = module_root("event-bus", {**BASE_INPUTS, **SCENARIOS[scenario]}, env=aws.env).plan()
    assert_inventory(plan, INVENTORIES / f"{scenario}.yaml")

    resources = planned_resources(plan)
    bus_policy = json.loads(resources["module.this.aws_cloudwatch_event_bus_policy.this"]["policy"])
    assert len(bus_policy["Statement"]) == 1 and bus_policy["Statement"][0]["Action"] == "events:PutEvents"
    if scenario == "fanout":
        targets = {address: values for address, values in resources.items() if ".aws_cloudwatch_event_target." in address}
        assert len(targets) == 6
        for address, values in targets.items():
            assert values["dead_letter_config"] == [{"arn": DLQ_ARN}], address
            assert values["retry_policy"] == [RETRY], address
        role_policy = json.loads(resources["module.this.aws_iam_role_policy.targets[0]"]["policy"])
        assert {s["Sid"]: s["Resource"] for s in role_policy["Statement"]} == {
            "StartStateMachines": [f"arn:aws:states:eu-west-1:{ACCOUNT}:stateMachine:orders-flow"],
            "PutEventsOnBuses": [f"arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/audit"],
        }


def test_owner_statements_are_known_at_plan_time(aws, module_root):
    plan = module_root("event-bus", {**BASE_INPUTS, **SCENARIOS["fanout"]}, env=aws.env).plan()
    after = plan["output_changes"]["this"]["after"]
    placed = f"arn:aws:events:eu-west-1:{ACCOUNT}:rule/orders/orders-placed"
    nightly = f"arn:aws:events:eu-west-1:{ACCOUNT}:rule/orders-nightly"

    queues = {arn: json.loads(statement) for arn, statement in after["queue_policy_statements"].items()}
    assert set(queues) == {DLQ_ARN, f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders-work"}
    assert queues[DLQ_ARN] == {
        "Sid": "EventBridgeRulesOforders", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sqs:SendMessage", "Resource": DLQ_ARN,
        "Condition": {"ArnEquals": {"aws:SourceArn": sorted([placed, nightly])}},
    }
    topic, = after["topic_policy_statements"].values()
    assert json.loads(topic)["Condition"] == {"ArnEquals": {"aws:SourceArn": [placed]}}
    key_statement, = json.loads(after["kms_key_policy_statements"])
    assert key_statement["Condition"]["StringEquals"]["kms:EncryptionContext:aws:events:event-bus:arn"] == (
        f"arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/orders")
    # ARNs known at plan: a reviewer reads them in the plan, not "(known after apply)".
    assert after["bus_arn"] == f"arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/orders"
    assert after["rule_arns"] == {"placed": placed, "nightly": nightly}
    assert after["grant_target"] == {"type": "event_bus", "arn": after["bus_arn"], "kms_key_arn": KEY_ARN, "stream_arn": None}
