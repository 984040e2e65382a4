"""KMS: the key rotation period."""

from __future__ import annotations

import json

from slsguard.emulator.compat.registry import add_actions, patch


ROTATION_PERIOD_DEFAULT_DAYS = 365  # what KMS uses when EnableKeyRotation names no period
ROTATION_PERIOD_RANGE_DAYS = (90, 2560)


@patch
def kms_rotation_period() -> None:
    """KMS ``EnableKeyRotation`` keeps ``RotationPeriodInDays``; ``GetKeyRotationStatus`` returns it.

    moto ignores the period and answers only ``KeyRotationEnabled``, so the provider read 0 back
    for an ``aws_kms_key`` with ``rotation_period_in_days`` and every re-plan wanted to set it again.
    As in KMS, the period defaults to 365 days, must lie within 90..2560 (``ValidationException``
    otherwise) and is answered only while rotation is enabled.
    """
    from moto.kms.exceptions import ValidationException
    from moto.kms.responses import KmsResponse

    original_enable = KmsResponse.enable_key_rotation

    def enable_key_rotation(self: KmsResponse) -> str:
        period = self._get_param("RotationPeriodInDays")
        low, high = ROTATION_PERIOD_RANGE_DAYS
        if period is not None and not (isinstance(period, int) and low <= period <= high):
            raise ValidationException(
                f"1 validation error detected: Value '{period}' at 'rotationPeriodInDays' failed to satisfy "
                f"constraint: Member must have value between {low} and {high}")
        answer = original_enable(self)  # validates the key id
        key = self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))]
        key.rotation_period_in_days = period or ROTATION_PERIOD_DEFAULT_DAYS
        return answer

    original_status = KmsResponse.get_key_rotation_status

    def get_key_rotation_status(self: KmsResponse) -> str:
        answer = json.loads(original_status(self))
        if answer.get("KeyRotationEnabled"):
            key = self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))]
            answer["RotationPeriodInDays"] = getattr(key, "rotation_period_in_days", ROTATION_PERIOD_DEFAULT_DAYS)
        return json.dumps(answer)

    add_actions(KmsResponse, enable_key_rotation, get_key_rotation_status)
