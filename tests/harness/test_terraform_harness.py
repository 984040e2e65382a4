"""The harness itself: ``applied`` cleans up after a failed apply, and terraform failures keep
their meaning in the error message (the whole first ``Error:`` block, not only its title)."""

from __future__ import annotations

import json

import pytest

from harness.terraform import applied, json_root
from slsguard.errors import SlsguardError

ROLE = "harness-partial-apply"


@pytest.mark.emulator
def test_applied_destroys_what_a_failed_apply_created(tmp_path, toolchain, aws):
    # The role is created; the attachment then fails (no such policy), so the apply fails partway.
    root = json_root(tmp_path, toolchain, {"resource": {
        "aws_iam_role": {"r": {"name": ROLE, "assume_role_policy": json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                    "Principal": {"Service": "lambda.amazonaws.com"}}]})}},
        "aws_iam_role_policy_attachment": {"missing": {
            "role": "${aws_iam_role.r.name}",
            "policy_arn": f"arn:aws:iam::{aws.account_id}:policy/harness-no-such-policy"}},
    }}, aws.env)
    with pytest.raises(Exception, match="(?i)error"), applied(root):
        pytest.fail("a failing apply must not reach the body of `applied`")
    assert ROLE not in [role["RoleName"] for role in aws.client("iam").list_roles()["Roles"]], \
        "the role created before the failure leaked past `applied`"


def test_a_failed_plan_explains_itself_with_the_error_details(tmp_path, toolchain):
    root = json_root(tmp_path, toolchain, {"output": {"x": {"value": "${aws_sqs_queue.nowhere.arn}"}}})
    with pytest.raises(SlsguardError) as failure:
        root.plan()
    message = str(failure.value)
    assert "Error: Reference to undeclared resource" in message
    assert 'A managed resource "aws_sqs_queue" "nowhere" has not been declared' in message, message
    assert "\n" not in message, "one line, as every SlsguardError"
