"""Emulator tier of modules/service-control-policies: organization, packed SCPs, attachments.

The copied example sources the module as `<repo>//modules/service-control-policies`, the way a
git ref does, so the catalogue is read from the package's policies/scp.
"""

from __future__ import annotations

import json

import pytest

from harness import REPO
from harness.terraform import applied

pytestmark = pytest.mark.emulator

MODULE = REPO / "modules" / "service-control-policies"
NAME = "slsguard-guardrails"  # the example's default name


def test_complete_example(aws, example_root):
    organizations = aws.client("organizations")
    root = example_root(MODULE / "examples" / "complete", env=aws.env)
    main = root.path / "main.tf"
    main.write_text(main.read_text().replace(f'"{MODULE}"', f'"{REPO}//modules/service-control-policies"'))

    with applied(root) as outputs:
        organization = organizations.describe_organization()["Organization"]
        assert organization["FeatureSet"] == "ALL"
        roots = organizations.list_roots()["Roots"]
        assert {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"} in roots[0]["PolicyTypes"]

        policies = outputs["guardrails"]["policies"]
        assert sorted(policies) == ["01"], "the whole catalogue fits into one policy"
        statement_ids = sorted(path.stem for path in (REPO / "policies" / "scp").glob("*.json"))
        assert policies["01"]["statement_ids"] == statement_ids

        described = organizations.describe_policy(PolicyId=policies["01"]["id"])["Policy"]
        assert described["PolicySummary"]["Name"] == f"{NAME}-01"
        assert described["PolicySummary"]["Type"] == "SERVICE_CONTROL_POLICY"
        content = described["Content"]
        assert len(content) <= 5120 and content == outputs["guardrails"]["policy_documents"]["01"]
        sids = {s["Sid"] for s in json.loads(content)["Statement"]}
        assert "DenyLeaveOrganization" in sids and "DenyRegionsOutsideAllowList" in sids

        targets = {t["TargetId"] for t in organizations.list_targets_for_policy(PolicyId=policies["01"]["id"])["Targets"]}
        assert targets == {outputs["organization_root_id"], outputs["workloads_ou_id"]}
        assert sorted(outputs["guardrails"]["attachment_ids"]) == ["01/root", "01/workloads"]

    remaining = organizations.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"] if _organization_exists(organizations) else []
    assert not [p for p in remaining if p["Name"].startswith(NAME)], "policies left behind after destroy"


def _organization_exists(organizations) -> bool:
    try:
        organizations.describe_organization()
    except organizations.exceptions.AWSOrganizationsNotInUseException:
        return False
    return True
