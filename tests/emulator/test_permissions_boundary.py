"""Emulator tier of modules/permissions-boundary: apply examples/complete, re-plan, prove, destroy.

The copied example sources the module as `<repo>//modules/permissions-boundary`, the way a git
ref does, so the module reads policies/boundary from the package exactly as a consumer's would.
"""

from __future__ import annotations

import json

import pytest

from harness import REPO
from harness.terraform import applied

pytestmark = pytest.mark.emulator

MODULE = REPO / "modules" / "permissions-boundary"


def test_complete_example(aws, example_root):
    iam = aws.client("iam")
    root = example_root(MODULE / "examples" / "complete", env=aws.env)
    main = root.path / "main.tf"
    main.write_text(main.read_text().replace(f'"{MODULE}"', f'"{REPO}//modules/permissions-boundary"'))

    with applied(root) as outputs:
        boundary = outputs["boundary"]
        assert boundary["policy_arn"] == f"arn:aws:iam::{aws.account_id}:policy/orders-boundary"
        policy = iam.get_policy(PolicyArn=boundary["policy_arn"])["Policy"]
        version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])["PolicyVersion"]
        document = version["Document"]
        document = json.loads(document) if isinstance(document, str) else document
        assert document == json.loads(boundary["policy_json"]), "AWS holds the document the plan showed"
        sids = {s["Sid"]: s for s in document["Statement"]}
        assert sids["DenyPassRoleOutsidePrefix"]["NotResource"] == f"arn:aws:iam::{aws.account_id}:role/orders*"
        assert sids["DenyOutsideDeploymentRegion"]["Condition"] == {"StringNotEquals": {"aws:RequestedRegion": aws.region}}

        role = iam.get_role(RoleName=outputs["worker_role_name"])["Role"]
        assert role["PermissionsBoundary"] == {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                                               "PermissionsBoundaryArn": boundary["policy_arn"]}

    assert not [p for p in iam.list_policies(Scope="Local")["Policies"] if p["PolicyName"] == "orders-boundary"]
    assert not [r for r in iam.list_roles()["Roles"] if r["RoleName"] == "orders-worker"]
