"""The gate's table of AWS-managed policies equals what the pinned package says, and keeps what
the permission rules judge."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from slsguard.gate import managed

REPO = Path(__file__).resolve().parents[2]


def test_shipped_table_matches_the_pinned_package():
    checked = subprocess.run([sys.executable, str(REPO / "scripts" / "aws_managed_policies.py"), "--check"],
                             capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0, checked.stderr


def test_source_is_the_pinned_package():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import aws_managed_policies
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert managed.source() == f"npm:{aws_managed_policies.PACKAGE}"


def test_compact_keeps_grants_on_star_wildcards_and_not_action():
    document = {"Statement": [
        {"Effect": "Allow", "Action": ["logs:PutLogEvents", "logs:Describe*"], "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/*"},
        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:q"},
        {"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::111122223333:role/admin"},
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "*", "Resource": "*"},
    ]}
    assert managed.compact(document) == {
        "star": ["iam:PassRole", "logs:Describe*", "logs:PutLogEvents"],
        "wildcards": ["s3:Get*"],
        "not_action": True,
    }


def test_known_policies_are_judged_by_content():
    assert managed.grants("AdministratorAccess") == {"star": ["*"]}
    assert "iam:PassRole" in managed.grants("AdministratorAccess-Amplify")["star"]
    assert managed.grants("NoSuchPolicyForSlsguard") is None
    assert managed.policy_name("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole") == \
        "AWSLambdaBasicExecutionRole"
    assert managed.policy_name("arn:aws:iam::123456789012:policy/own") is None
    assert managed.policy_name("arn:aws-us-gov:iam::aws:policy/AdministratorAccess") == "AdministratorAccess"
    assert managed.policy_name("arn:aws-iso-b:iam::aws:policy/job-function/ViewOnlyAccess") == "ViewOnlyAccess"
    assert managed.policy_name("arn:aws-cn:iam::123456789012:policy/AdministratorAccess") is None
    assert managed.policy_name("arn:awsx:iam::aws:policy/AdministratorAccess") is None
    assert managed.policy_name("x-arn:aws:iam::aws:policy/AdministratorAccess") is None
