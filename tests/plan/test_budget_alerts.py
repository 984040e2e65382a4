"""Plan contract of modules/budget-alerts beyond its scenarios' expected values (tests/plan/scenarios)."""

from __future__ import annotations

import json
from typing import Any

from harness.inventory import planned_resources
from harness.scenarios import Scenario


def check_scenario(scenario: Scenario, plan: dict[str, Any], aws: Any) -> None:
    resources = planned_resources(plan)
    key_policy = json.loads(resources["module.this.aws_kms_key.alerts"]["policy"])
    services = sorted(s["Principal"]["Service"] for s in key_policy["Statement"] if "Service" in s.get("Principal", {}))
    expected = ["budgets.amazonaws.com"] + (["costalerts.amazonaws.com"] if scenario.name == "everything" else [])
    assert services == expected, "the key serves exactly the publishers the topic policy admits"
    for statement in key_policy["Statement"]:
        if "Service" in statement["Principal"]:
            assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": aws.account_id}}
