"""Plan contract of modules/sns-topic: what a caller gets for a few typical input sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.inventory import assert_inventory, planned_resources

pytestmark = pytest.mark.plan

INVENTORIES = Path(__file__).parent / "inventories" / "sns-topic"
KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/0d5e4c1a-7b55-4a57-9d1e-1e1c6a3b2f10"
TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:ops-alerts"
BASE_INPUTS = {"name": "ops-alerts", "kms_key_arn": KEY_ARN}

SCENARIOS: dict[str, dict[str, Any]] = {
    "alarm_topic": {
        "publishers": {
            "cloudwatchAlarms": {
                "service": "cloudwatch.amazonaws.com",
                "source_accounts": ["123456789012"],
                "source_arns": ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*"],
            },
        },
    },
    "subscriptions": {
        "alarm_topic_arn": TOPIC_ARN,
        "subscriptions": {
            "critical": {
                "protocol": "sqs",
                "endpoint": "arn:aws:sqs:eu-west-1:123456789012:critical-alerts",
                "raw_message_delivery": True,
                "filter_policy": json.dumps({"severity": ["critical"]}),
            },
            "oncall": {"protocol": "email", "endpoint": "oncall@example.com"},
            "audit": {"protocol": "https", "endpoint": "https://audit.example.com/sns", "dead_letter_queue": False},
        },
    },
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plan_matches_inventory(aws, module_root, scenario: str):
    plan = module_root("sns-topic", {**BASE_INPUTS, **SCENARIOS[scenario]}, env=aws.env).plan()
    assert_inventory(plan, INVENTORIES / f"{scenario}.yaml")

    resources = planned_resources(plan)
    topic_policy = json.loads(resources["module.this.aws_sns_topic.this"]["policy"])
    deny = topic_policy["Statement"][0]
    assert deny["Effect"] == "Deny" and deny["Principal"] == "*" and deny["Resource"] == TOPIC_ARN
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}

    # Known at plan time: the ARN a reviewer reads in the plan, not "(known after apply)".
    outputs = plan["output_changes"]["this"]["after"]
    assert outputs["topic_arn"] == TOPIC_ARN
    assert outputs["grant_target"] == {"type": "sns_topic", "arn": TOPIC_ARN, "kms_key_arn": KEY_ARN, "stream_arn": None}

    if scenario == "alarm_topic":
        publish = topic_policy["Statement"][1]
        assert publish["Principal"] == {"Service": "cloudwatch.amazonaws.com"} and publish["Action"] == "sns:Publish"
        assert publish["Condition"] == {
            "ArnLike": {"aws:SourceArn": ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*"]},
            "StringEquals": {"aws:SourceAccount": ["123456789012"]},
        }
    else:
        for key in ("critical", "oncall"):
            policy = json.loads(resources[f'module.this.aws_sqs_queue.dead_letter["{key}"]']["policy"])
            allow = policy["Statement"][1]
            assert allow["Principal"] == {"Service": "sns.amazonaws.com"} and allow["Action"] == "sqs:SendMessage"
            assert allow["Condition"] == {"ArnEquals": {"aws:SourceArn": TOPIC_ARN}}
