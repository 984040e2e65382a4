"""Plan contract of modules/permissions-boundary beyond its scenario (tests/plan/scenarios), and
proof that a package source finds policies/."""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness import REPO
from harness.inventory import planned_resources
from harness.scenarios import Scenario

pytestmark = pytest.mark.plan


def check_scenario(scenario: Scenario, plan: dict[str, Any], aws: Any) -> None:
    document = json.loads(planned_resources(plan)["module.this.aws_iam_policy.this"]["policy"])
    rendered = json.dumps(document)
    assert "${" not in rendered and f":{aws.account_id}:" in rendered and f":{aws.region}:" in rendered
    templates = [s for path in sorted((REPO / "policies" / "boundary").glob("*.json")) for s in json.loads(path.read_text())]
    assert [s["Sid"] for s in document["Statement"]] == [s["Sid"] for s in templates], "every template statement, in file order"


def test_git_style_package_source_reads_policies_from_the_repository(aws, module_root):
    """`<package>//modules/permissions-boundary` (what a git ref source is) finds ../../policies itself."""
    root = module_root("permissions-boundary", {}, env=aws.env)
    document = json.loads((root.path / "main.tf.json").read_text())
    document["module"]["this"] = {"source": f"{REPO}//modules/permissions-boundary",
                                  "name": "orders-boundary", "resource_prefix": "orders"}
    (root.path / "main.tf.json").write_text(json.dumps(document))
    policy = json.loads(planned_resources(root.plan())["module.this.aws_iam_policy.this"]["policy"])
    assert any(s["Sid"] == "DenyPassRoleOutsidePrefix" for s in policy["Statement"])
