"""Plan contract of modules/dynamodb-table beyond its scenarios (tests/plan/scenarios)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import scenarios

pytestmark = pytest.mark.plan


def test_consumer_statements_name_the_table_and_every_index(aws, module_root, tmp_path: Path):
    inputs = scenarios.named("dynamodb-table", "provisioned_autoscaling", tmp_path).inputs
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
    assert write[1]["Resource"] == [inputs["kms_key_arn"]]
    # The ARN and the grant target are known at plan: a reviewer reads them in the plan.
    assert after["table_arn"] == table_arn
    assert after["grant_target"]["arn"] == table_arn and after["grant_target"]["kms_key_arn"] == inputs["kms_key_arn"]
    assert after["grant_target"]["type"] == "dynamodb_table"
