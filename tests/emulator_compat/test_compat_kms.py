"""Emulator compatibility of KMS (``slsguard.emulator.compat.kms``)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from compat_support import error_code

pytestmark = pytest.mark.emulator


def test_kms_keeps_the_rotation_period_while_rotation_is_enabled(aws):
    kms = aws.client("kms")
    key_id = kms.create_key(Description="compat rotation")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=180)
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert (status["KeyRotationEnabled"], status["RotationPeriodInDays"]) == (True, 180)

    kms.disable_key_rotation(KeyId=key_id)
    assert "RotationPeriodInDays" not in kms.get_key_rotation_status(KeyId=key_id)
    kms.enable_key_rotation(KeyId=key_id)  # no period: KMS uses 365 days
    assert kms.get_key_rotation_status(KeyId=key_id)["RotationPeriodInDays"] == 365


def test_kms_rejects_a_rotation_period_above_the_maximum(aws):
    # (botocore itself refuses periods below 90 days; the maximum is the server's to check)
    kms = aws.client("kms")
    key_id = kms.create_key(Description="compat rotation range")["KeyMetadata"]["KeyId"]
    with pytest.raises(ClientError) as refused:
        kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=2561)
    assert error_code(refused) == "ValidationException"
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is False
