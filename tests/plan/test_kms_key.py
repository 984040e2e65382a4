"""Plan contract of modules/kms-key: the key, its alias and its key policy for typical inputs.

The key policy is rendered by the real provider from data sources that resolve against the
emulator, so it is fully known at plan time and its statements are checked here, not only its
presence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.inventory import assert_inventory, planned_resources

pytestmark = pytest.mark.plan

INVENTORIES = Path(__file__).parent / "inventories" / "kms-key"
ACCOUNT = "123456789012"  # the emulator's account, as data.aws_caller_identity reads it
ADMIN = f"arn:aws:iam::{ACCOUNT}:role/key-admin"
WORKER = f"arn:aws:iam::{ACCOUNT}:role/orders-worker"
API = f"arn:aws:iam::{ACCOUNT}:role/orders-api"
USER_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
CRYPTO_ACTIONS = {"kms:*", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant"}

SCENARIOS: dict[str, dict[str, Any]] = {
    "defaults": {"name": "orders"},
    "personas": {
        "name": "orders",
        "administrators": [ADMIN],
        "users": [WORKER, API],
        "service_principals": {
            "Sqs": {"service": "sqs.amazonaws.com", "via_services": ["sqs.eu-west-1.amazonaws.com"]},
        },
        "tags": {"team": "orders"},
    },
    "services_short_lived": {
        "name": "platform/logs",
        "description": "Platform log groups and alarm topics",
        "rotation_period_in_days": 90,
        "deletion_window_in_days": 7,
        "allow_cloudwatch_logs": True,
        "allow_eventbridge": True,
        "allow_sns": True,
        "allow_cloudwatch_alarms": True,
        "allow_budgets": True,
    },
}


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


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plan_matches_inventory(aws, module_root, scenario: str):
    plan = module_root("kms-key", SCENARIOS[scenario], env=aws.env).plan()
    assert_inventory(plan, INVENTORIES / f"{scenario}.yaml")

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

    if scenario == "defaults":
        assert set(statements) == {"AccountRoot"}

    if scenario == "personas":
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

    if scenario == "services_short_lived":
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
