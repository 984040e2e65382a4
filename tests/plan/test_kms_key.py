"""Plan contract of modules/kms-key beyond its scenarios' expected values (tests/plan/scenarios):
the key policy statement by statement, and rotation switched off.

The key policy is rendered by the real provider from data sources that resolve against the
emulator, so it is fully known at plan time and its statements are checked here, not only its
presence.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness.inventory import planned_resources
from harness.scenarios import Scenario

pytestmark = pytest.mark.plan

ACCOUNT = "123456789012"  # the emulator's account, as data.aws_caller_identity reads it
ADMIN = f"arn:aws:iam::{ACCOUNT}:role/key-admin"
WORKER = f"arn:aws:iam::{ACCOUNT}:role/orders-worker"
API = f"arn:aws:iam::{ACCOUNT}:role/orders-api"
USER_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
CRYPTO_ACTIONS = {"kms:*", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant"}



def _statements(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    policy = planned_resources(plan)["module.this.aws_kms_key.this"]["policy"]
    assert isinstance(policy, str), f"the key policy is not known at plan time: {policy!r}"
    statements = json.loads(policy)["Statement"]
    by_sid = {statement["Sid"]: statement for statement in statements}
    assert len(by_sid) == len(statements), "statement ids must be unique"
    return by_sid


def _as_list(value: str | list[str]) -> list[str]:
    """IAM JSON collapses one-element lists to a string."""
    return [value] if isinstance(value, str) else value


def check_scenario(scenario: Scenario, plan: dict[str, Any], aws: Any) -> None:
    statements = _statements(plan)
    # Every scenario: the account root keeps full control, so the key can never be orphaned.
    assert statements["AccountRoot"] == {
        "Sid": "AccountRoot", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "kms:*", "Resource": "*",
    }
    # Nothing but the account root may be a wildcard principal or get kms:*.
    for sid, statement in statements.items():
        assert statement["Effect"] == "Allow" and statement["Resource"] == "*", sid
        assert "*" not in json.dumps(statement["Principal"]).replace("kms:*", ""), f"{sid}: wildcard principal"
        if sid != "AccountRoot":
            assert "kms:*" not in _as_list(statement["Action"]), sid

    # The module's outputs that do not depend on AWS-assigned ids are known at plan time.
    output = plan["output_changes"]["this"]["after"]
    assert output["alias_name"] == planned_resources(plan)["module.this.aws_kms_alias.this"]["name"]
    assert json.loads(output["policy_json"]) == json.loads(planned_resources(plan)["module.this.aws_kms_key.this"]["policy"])

    if scenario.name == "defaults":
        assert set(statements) == {"AccountRoot"}

    if scenario.name == "personas":
        assert set(statements) == {"AccountRoot", "KeyAdministrators", "KeyUsers", "ServiceSqs"}
        admins = statements["KeyAdministrators"]
        assert admins["Principal"] == {"AWS": ADMIN}
        assert {"kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:EnableKeyRotation"} <= set(admins["Action"])
        assert not CRYPTO_ACTIONS & set(admins["Action"]), "administrators must not use the key"
        users = statements["KeyUsers"]
        assert sorted(_as_list(users["Principal"]["AWS"])) == sorted([WORKER, API])
        assert sorted(users["Action"]) == USER_ACTIONS
        sqs = statements["ServiceSqs"]
        assert sqs["Principal"] == {"Service": "sqs.amazonaws.com"} and sorted(sqs["Action"]) == USER_ACTIONS
        assert sqs["Condition"] == {"StringEquals": {"kms:ViaService": "sqs.eu-west-1.amazonaws.com"}}

    if scenario.name == "services_short_lived":
        assert set(statements) == {"AccountRoot", "CloudWatchLogs", "DeliveryEventBridge", "DeliverySNS",
                                   "DeliveryCloudWatchAlarms", "DeliveryBudgets"}
        logs = statements["CloudWatchLogs"]
        assert logs["Principal"] == {"Service": "logs.eu-west-1.amazonaws.com"}
        assert logs["Condition"] == {"ArnLike": {
            "kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:*"}}
        services = {"DeliveryEventBridge": "events", "DeliverySNS": "sns", "DeliveryCloudWatchAlarms": "cloudwatch",
                    "DeliveryBudgets": "budgets"}
        for sid, service in services.items():
            assert statements[sid]["Principal"] == {"Service": f"{service}.amazonaws.com"}, sid
            assert sorted(statements[sid]["Action"]) == ["kms:Decrypt", "kms:GenerateDataKey*"], sid
            assert statements[sid]["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}, sid


def test_rotation_off_sends_no_period(aws, module_root):
    plan = module_root("kms-key", {"name": "orders", "enable_key_rotation": False}, env=aws.env).plan()
    key = planned_resources(plan)["module.this.aws_kms_key.this"]
    assert key["enable_key_rotation"] is False
    # Unset in the configuration, so computed (unknown) rather than a value sent to KMS.
    change = next(c for c in plan["resource_changes"] if c["address"] == "module.this.aws_kms_key.this")
    assert "rotation_period_in_days" not in key and change["change"]["after_unknown"]["rotation_period_in_days"] is True
