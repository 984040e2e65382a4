"""Emulator tier of modules/kms-key: apply examples/complete to moto, re-plan, prove, destroy.

The rotation period relies on ``slsguard.emulator.compat.kms`` (moto 5.2.5 drops
``RotationPeriodInDays``); the re-plan must be empty like for every other attribute.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness import MODULES
from harness.terraform import applied

pytestmark = pytest.mark.emulator

MODULE = MODULES / "kms-key"
NAME = "slsguard-orders"  # the example's default name
ROTATION_PERIOD = 180  # the example's rotation_period_in_days
EXPECTED_SIDS = {
    "AccountRoot", "KeyAdministrators", "KeyUsers", "ServiceSqs", "CloudWatchLogs",
    "DeliveryEventBridge", "DeliverySNS", "DeliveryCloudWatchAlarms", "DeliveryBudgets",
}


def _aliases(kms: Any) -> dict[str, dict[str, Any]]:
    pages = kms.get_paginator("list_aliases").paginate()
    return {alias["AliasName"]: alias for page in pages for alias in page["Aliases"]}


def test_complete_example(aws, example_root):
    kms = aws.client("kms")
    root = example_root(MODULE / "examples" / "complete", env=aws.env)

    with applied(root) as outputs:
        key = outputs["key"]

        metadata = kms.describe_key(KeyId=key["key_id"])["KeyMetadata"]
        assert metadata["Arn"] == key["key_arn"]
        assert metadata["Enabled"] and metadata["KeyState"] == "Enabled"
        assert metadata["KeySpec"] == "SYMMETRIC_DEFAULT" and metadata["KeyUsage"] == "ENCRYPT_DECRYPT"
        assert metadata["KeyManager"] == "CUSTOMER" and not metadata.get("MultiRegion", False)
        assert metadata["Description"] == "Orders service: queues, topics and log groups"

        rotation = kms.get_key_rotation_status(KeyId=key["key_id"])
        assert rotation["KeyRotationEnabled"] is True
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

    # A destroyed key is only scheduled for deletion (recoverable during the window); the alias is gone.
    assert kms.describe_key(KeyId=key["key_id"])["KeyMetadata"]["KeyState"] == "PendingDeletion"
    assert key["alias_name"] not in _aliases(kms), "alias left behind after destroy"
