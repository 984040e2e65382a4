"""Static tier: the lambda-function module judges action wildcards with the gate's IAM knowledge.

modules/lambda-function/iam_write_actions.json is generated from the gate's table
(checks/slsguard/gate/iam_actions.json) by `make module-iam-data`; it must equal what the generator
writes today, and it must say what the gate says about the wildcards the module refuses.
"""

from __future__ import annotations

import fnmatch
import json
import sys
from pathlib import Path

import pytest

from slsguard.gate import iamdb

pytestmark = pytest.mark.static

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import module_iam_data  # noqa: E402


def test_committed_module_data_equals_the_gate_table():
    assert module_iam_data.OUTPUT.read_text(encoding="utf-8") == module_iam_data.rendered(), (
        "modules/lambda-function/iam_write_actions.json is stale: run `make module-iam-data`")


@pytest.mark.parametrize("pattern", ["dynamodb:*Item", "dynamodb:Get*", "iam:*Policy*", "s3:Put*", "sqs:Receive*", "kms:Describe*"])
def test_module_data_and_gate_agree_on_a_wildcard(pattern: str):
    services = json.loads(module_iam_data.OUTPUT.read_text(encoding="utf-8"))["services"]
    prefix, _, name = pattern.partition(":")
    module_refuses = any(fnmatch.fnmatchcase(action.lower(), name.lower()) for action in services[prefix].split())
    assert module_refuses == (iamdb.wildcard_risk(pattern) is not None), pattern
