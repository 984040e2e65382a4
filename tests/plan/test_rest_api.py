"""Plan contract of modules/rest-api: what a caller gets for a few typical input sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.inventory import assert_inventory, planned_resources

pytestmark = pytest.mark.plan

INVENTORIES = Path(__file__).parent / "inventories" / "rest-api"
ACCOUNT = "123456789012"
FUNCTION = {"function_arn": f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:orders", "function_name": "orders"}
BASE_INPUTS = {
    "name": "orders",
    "kms_key_arn": f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/0d5e4c1a-7b55-4a57-9d1e-1e1c6a3b2f10",
    "log_retention_days": 30,
    "alarm_topic_arn": f"arn:aws:sns:eu-west-1:{ACCOUNT}:ops-alarms",
    "throttling_burst_limit": 200,
    "throttling_rate_limit": 100,
}

SCENARIOS: dict[str, dict[str, Any]] = {
    # An IAM-only internal API: no usage plans, so no API keys on the methods.
    "iam_internal": {
        "routes": {
            "POST /orders": {**FUNCTION, "authorization": "iam"},
            "GET /orders/{id}": {**FUNCTION, "authorization": "iam"},
        },
    },
    # Tiered multi-tenant API: usage plans, tenant keys, an encrypted cache, a WAF web ACL.
    "tiered_tenants": {
        "routes": {
            "POST /orders": FUNCTION,
            "GET /orders/{id}/items": {**FUNCTION, "throttling": {"burst_limit": 10, "rate_limit": 5}},
            "GET /health": {**FUNCTION, "public": True},
        },
        "usage_plans": {
            "free": {"rate_limit": 5, "burst_limit": 10, "quota": {"limit": 1000, "period": "DAY"}},
            "pro": {"rate_limit": 50, "burst_limit": 100, "quota": {"limit": 1000000, "period": "MONTH"}},
        },
        "api_keys": {"tenant_a": {"tier": "pro"}, "tenant_b": {"tier": "free"}, "tenant_c": {"tier": "free"}},
        "cache": {"size": "0.5", "ttl_seconds": 60},
        "web_acl_arn": f"arn:aws:wafv2:eu-west-1:{ACCOUNT}:regional/webacl/orders/0a1b2c3d-1111-2222-3333-444455556666",
    },
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plan_matches_inventory(aws, module_root, scenario: str):
    plan = module_root("rest-api", {**BASE_INPUTS, **SCENARIOS[scenario]}, env=aws.env).plan()
    assert_inventory(plan, INVENTORIES / f"{scenario}.yaml")

    resources = planned_resources(plan)
    log_format = json.loads(resources["module.this.aws_api_gateway_stage.this"]["access_log_settings"][0]["format"])
    assert {"requestId", "status", "resourcePath", "apiKeyId", "sourceIp"} <= set(log_format)
    methods = {a: v for a, v in resources.items() if ".aws_api_gateway_method.this[" in a}
    assert len(methods) == len(SCENARIOS[scenario]["routes"])
    for address, method in methods.items():
        public = SCENARIOS[scenario]["routes"][address.split('["', 1)[1][:-2]].get("public", False)
        assert method["api_key_required"] is (bool(SCENARIOS[scenario].get("usage_plans")) and not public), address
    # Key values never leave the module: the only key output is the id map over the key resources.
    outputs = plan["configuration"]["root_module"]["module_calls"]["this"]["module"]["outputs"]
    assert [name for name in outputs if "key" in name] == ["api_key_ids"]
    assert outputs["api_key_ids"]["expression"]["references"] == ["aws_api_gateway_api_key.this"]
