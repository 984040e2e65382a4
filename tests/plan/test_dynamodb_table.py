"""Plan contract of modules/dynamodb-table: what a caller gets for a few typical input sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.inventory import assert_inventory

pytestmark = pytest.mark.plan

INVENTORIES = Path(__file__).parent / "inventories" / "dynamodb-table"
KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/7f1e2d3c-4b5a-4968-8776-655443322110"
BASE_INPUTS = {
    "name": "orders",
    "kms_key_arn": KEY_ARN,
    "alarm_topic_arn": "arn:aws:sns:eu-west-1:123456789012:ops-alarms",
    "hash_key": "pk",
    "range_key": "sk",
    "attributes": {"pk": "S", "sk": "S"},
}

SCENARIOS: dict[str, dict[str, Any]] = {
    "on_demand": {},
    "provisioned_autoscaling": {
        "billing_mode": "PROVISIONED",
        "provisioned_capacity": {"read": {"min": 5, "max": 200}, "write": {"min": 5, "max": 100}},
        "attributes": {"pk": "S", "sk": "S", "status": "S", "created_at": "N"},
        "global_secondary_indexes": {
            "by_status": {"hash_key": "status", "range_key": "created_at",
                          "provisioned_capacity": {"read": {"min": 2, "max": 20}, "write": {"min": 1, "max": 10}}},
        },
        "local_secondary_indexes": {"by_created": {"range_key": "created_at", "projection_type": "KEYS_ONLY"}},
        "autoscaling_target_utilization": 60,
    },
    "streams_replicas": {
        "stream_view_type": "NEW_AND_OLD_IMAGES",
        "ttl_attribute_name": "expires_at",
        "contributor_insights_enabled": True,
        "replicas": {
            "eu-central-1": {"kms_key_arn": "arn:aws:kms:eu-central-1:123456789012:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"},
        },
    },
}


def _module_outputs(plan: dict[str, Any]) -> dict[str, Any]:
    return plan["planned_values"]["outputs"]["this"].get("value") or {}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plan_matches_inventory(aws, module_root, scenario: str):
    plan = module_root("dynamodb-table", {**BASE_INPUTS, **SCENARIOS[scenario]}, env=aws.env).plan()
    assert_inventory(plan, INVENTORIES / f"{scenario}.yaml")


def test_consumer_statements_name_the_table_and_every_index(aws, module_root):
    inputs = {**BASE_INPUTS, **SCENARIOS["provisioned_autoscaling"]}
    plan = module_root("dynamodb-table", inputs, env=aws.env).plan()
    table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
    # The root outputs module.this; its statements are known at plan time (ARNs built from names).
    after = plan["output_changes"]["this"]["after"]
    read = json.loads(after["read_policy_statements"])
    assert read[0]["Resource"] == [table_arn]
    assert sorted(read[1]["Resource"]) == [f"{table_arn}/index/by_created", f"{table_arn}/index/by_status"]
    assert set(read[1]["Action"]) == {"dynamodb:Query", "dynamodb:Scan"}
    write = json.loads(after["write_policy_statements"])
    assert write[0]["Resource"] == [table_arn]
    assert not any("*" in action for statement in read + write for action in statement["Action"])
    assert write[1]["Resource"] == [KEY_ARN]
    # The ARN and the grant target are known at plan: a reviewer reads them in the plan.
    assert after["table_arn"] == table_arn
    assert after["grant_target"]["arn"] == table_arn and after["grant_target"]["kms_key_arn"] == KEY_ARN
    assert after["grant_target"]["type"] == "dynamodb_table"
