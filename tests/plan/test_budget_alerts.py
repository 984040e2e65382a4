"""Plan contract of modules/budget-alerts: the budget, its alert paths and the opt-in extras."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.inventory import assert_inventory, planned_resources

pytestmark = pytest.mark.plan

INVENTORIES = Path(__file__).parent / "inventories" / "budget-alerts"
BASE_INPUTS = {"name": "orders", "environment": "prod", "limit_amount": 500, "subscriber_emails": ["finops@example.com"]}
SCENARIOS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "everything": {
        "cost_filter_tags": {"service": ["orders"], "environment": ["prod"]},
        "actual_thresholds": [50, 100],
        "forecasted_thresholds": [90],
        "anomaly_detection": {"enabled": True, "impact_threshold": 25},
        "budget_action": {"threshold_percentage": 120, "role_names": ["orders-deployer"], "approval_model": "AUTOMATIC"},
    },
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plan_matches_inventory(aws, module_root, scenario: str):
    plan = module_root("budget-alerts", {**BASE_INPUTS, **SCENARIOS[scenario]}, env=aws.env).plan()
    assert_inventory(plan, INVENTORIES / f"{scenario}.yaml")

    resources = planned_resources(plan)
    key_policy = json.loads(resources["module.this.aws_kms_key.alerts"]["policy"])
    services = sorted(s["Principal"]["Service"] for s in key_policy["Statement"] if "Service" in s.get("Principal", {}))
    expected = ["budgets.amazonaws.com"] + (["costalerts.amazonaws.com"] if scenario == "everything" else [])
    assert services == expected, "the key serves exactly the publishers the topic policy admits"
    for statement in key_policy["Statement"]:
        if "Service" in statement["Principal"]:
            assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": aws.account_id}}
