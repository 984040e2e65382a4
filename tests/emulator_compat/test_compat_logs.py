"""Emulator compatibility of CloudWatch Logs (``slsguard.emulator.compat.logs``); the log group
class through the provider is proven with the Lambda logging config in test_compat_lambda.py.
"""

from __future__ import annotations

import pytest


pytestmark = pytest.mark.emulator


def test_logs_describe_log_groups_returns_the_log_group_class(aws):
    logs = aws.client("logs")
    logs.create_log_group(logGroupName="/compat/infrequent", logGroupClass="INFREQUENT_ACCESS")
    logs.create_log_group(logGroupName="/compat/standard")
    groups = {group["logGroupName"]: group for group in logs.describe_log_groups(logGroupNamePrefix="/compat/")["logGroups"]}
    assert groups["/compat/infrequent"]["logGroupClass"] == "INFREQUENT_ACCESS"
    assert groups["/compat/standard"]["logGroupClass"] == "STANDARD"
