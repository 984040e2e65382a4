"""Emulator tier of modules/kms-key: apply examples/complete to moto, re-plan, prove, destroy.

Known emulator gap: moto 5.2.5 ignores ``RotationPeriodInDays`` in ``EnableKeyRotation`` and never
returns it from ``GetKeyRotationStatus``, so the provider reads 0 back and the re-plan wants to
set the period again. The test probes the emulator for that gap first and tolerates exactly that
one attribute while the gap exists; once the emulator keeps the period, the re-plan must be empty
and the period is checked like everything else.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.emulator

MODULE = Path(__file__).resolve().parents[2] / "modules" / "kms-key"
NAME = "slsguard-orders"  # the example's default name
ROTATION_PERIOD = 180  # the example's rotation_period_in_days
EXPECTED_SIDS = {
    "AccountRoot", "KeyAdministrators", "KeyUsers", "ServiceSqs", "CloudWatchLogs",
    "DeliveryEventBridge", "DeliverySNS", "DeliveryCloudWatchAlarms", "DeliveryBudgets",
}
ROTATION_PERIOD_DRIFT = {("module.key.aws_kms_key.this", "rotation_period_in_days")}


def _aliases(kms: Any) -> dict[str, dict[str, Any]]:
    pages = kms.get_paginator("list_aliases").paginate()
    return {alias["AliasName"]: alias for page in pages for alias in page["Aliases"]}


def _emulator_keeps_rotation_period(kms: Any) -> bool:
    key_id = kms.create_key(Description="probe: does the emulator keep RotationPeriodInDays?")["KeyMetadata"]["KeyId"]
    try:
        kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=ROTATION_PERIOD)
        return kms.get_key_rotation_status(KeyId=key_id).get("RotationPeriodInDays") == ROTATION_PERIOD
    finally:
        kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)


def _drift(plan: dict[str, Any]) -> set[tuple[str, str]]:
    """(address, attribute) pairs that a plan would change."""
    drift = set()
    for change in plan.get("resource_changes", []):
        if change["change"]["actions"] in (["no-op"], ["read"]):
            continue
        before, after = change["change"]["before"] or {}, change["change"]["after"] or {}
        changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        # A change without a differing attribute (e.g. a replace) is named by its actions.
        drift |= {(change["address"], key) for key in changed or {"/".join(change["change"]["actions"])}}
    return drift


def test_complete_example(aws, example_root):
    kms = aws.client("kms")
    keeps_rotation_period = _emulator_keeps_rotation_period(kms)
    tolerated = set() if keeps_rotation_period else ROTATION_PERIOD_DRIFT
    root = example_root(MODULE / "examples" / "complete", env=aws.env)

    root.apply()
    try:
        drift = _drift(root.plan())
        assert drift <= tolerated, f"a plan right after apply still wants changes: {sorted(drift - tolerated)}"
        if drift:
            warnings.warn("moto drops KMS RotationPeriodInDays (EnableKeyRotation/GetKeyRotationStatus); "
                          "re-plan drift on rotation_period_in_days tolerated", stacklevel=1)
        outputs = root.outputs()
        key = outputs["key"]

        metadata = kms.describe_key(KeyId=key["key_id"])["KeyMetadata"]
        assert metadata["Arn"] == key["key_arn"]
        assert metadata["Enabled"] and metadata["KeyState"] == "Enabled"
        assert metadata["KeySpec"] == "SYMMETRIC_DEFAULT" and metadata["KeyUsage"] == "ENCRYPT_DECRYPT"
        assert metadata["KeyManager"] == "CUSTOMER" and not metadata.get("MultiRegion", False)
        assert metadata["Description"] == "Orders service: queues, topics and log groups"

        rotation = kms.get_key_rotation_status(KeyId=key["key_id"])
        assert rotation["KeyRotationEnabled"] is True
        if keeps_rotation_period:
            assert rotation["RotationPeriodInDays"] == ROTATION_PERIOD

        policy = json.loads(kms.get_key_policy(KeyId=key["key_id"], PolicyName="default")["Policy"])
        statements = {statement["Sid"]: statement for statement in policy["Statement"]}
        assert set(statements) == EXPECTED_SIDS
        assert statements["AccountRoot"]["Principal"] == {"AWS": f"arn:aws:iam::{aws.account_id}:root"}
        assert statements["AccountRoot"]["Action"] == "kms:*"
        assert statements["KeyAdministrators"]["Principal"] == {"AWS": outputs["administrator_role_arn"]}
        assert statements["KeyUsers"]["Principal"] == {"AWS": outputs["user_role_arn"]}
        assert statements["ServiceSqs"]["Condition"] == {
            "StringEquals": {"kms:ViaService": f"sqs.{aws.region}.amazonaws.com"}}
        assert policy == json.loads(key["policy_json"]), "the stored policy is the module's policy_json"

        aliases = _aliases(kms)
        assert key["alias_name"] == f"alias/{NAME}"
        assert aliases[key["alias_name"]]["TargetKeyId"] == key["key_id"]
        assert aliases[key["alias_name"]]["AliasArn"] == key["alias_arn"]

        tags = {tag["TagKey"]: tag["TagValue"] for tag in kms.list_resource_tags(KeyId=key["key_id"])["Tags"]}
        assert tags["example"] == "kms-key-complete"

        # The key really encrypts: a round trip through the emulated KMS by its alias.
        ciphertext = kms.encrypt(KeyId=key["alias_name"], Plaintext=b"order-42")["CiphertextBlob"]
        assert kms.decrypt(CiphertextBlob=ciphertext)["Plaintext"] == b"order-42"
    finally:
        root.destroy()

    # A destroyed key is only scheduled for deletion (recoverable during the window); the alias is gone.
    assert kms.describe_key(KeyId=key["key_id"])["KeyMetadata"]["KeyState"] == "PendingDeletion"
    assert key["alias_name"] not in _aliases(kms), "alias left behind after destroy"
