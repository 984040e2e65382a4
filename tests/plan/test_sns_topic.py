"""Plan contract of modules/sns-topic beyond its scenarios' expected values (tests/plan/scenarios)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness.inventory import planned_resources
from harness.scenarios import Scenario

pytestmark = pytest.mark.plan

TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:ops-alerts"


def check_scenario(scenario: Scenario, plan: dict[str, Any], aws: Any) -> None:
    key_arn = scenario.inputs["kms_key_arn"]
    resources = planned_resources(plan)
    topic_policy = json.loads(resources["module.this.aws_sns_topic.this"]["policy"])
    deny = topic_policy["Statement"][0]
    assert deny["Effect"] == "Deny" and deny["Principal"] == "*" and deny["Resource"] == TOPIC_ARN
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}

    # Known at plan time: the ARN a reviewer reads in the plan, not "(known after apply)".
    outputs = plan["output_changes"]["this"]["after"]
    assert outputs["topic_arn"] == TOPIC_ARN
    assert outputs["grant_target"] == {"type": "sns_topic", "arn": TOPIC_ARN, "kms_key_arn": key_arn, "stream_arn": None}

    if scenario.name == "alarm_topic":
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
