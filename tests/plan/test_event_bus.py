"""Plan contract of modules/event-bus beyond its scenarios' expected values (tests/plan/scenarios)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness import scenarios
from harness.inventory import planned_resources
from harness.scenarios import Scenario

pytestmark = pytest.mark.plan

ACCOUNT = "123456789012"
DLQ_ARN = f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders-dlq"
RETRY = {"maximum_retry_attempts": 4, "maximum_event_age_in_seconds": 3600}


def check_scenario(scenario: Scenario, plan: dict[str, Any], aws: Any) -> None:
    resources = planned_resources(plan)
    bus_policy = json.loads(resources["module.this.aws_cloudwatch_event_bus_policy.this"]["policy"])
    assert len(bus_policy["Statement"]) == 1 and bus_policy["Statement"][0]["Action"] == "events:PutEvents"
    if scenario.name == "fanout":
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


def test_owner_statements_are_known_at_plan_time(aws, module_root, tmp_path: Path):
    inputs = scenarios.named("event-bus", "fanout", tmp_path).inputs
    plan = module_root("event-bus", inputs, env=aws.env).plan()
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
    assert after["grant_target"] == {"type": "event_bus", "arn": after["bus_arn"], "kms_key_arn": inputs["kms_key_arn"], "stream_arn": None}
