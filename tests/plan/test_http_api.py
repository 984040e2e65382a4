"""Plan contract of modules/http-api: what a caller gets for a few typical input sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.inventory import assert_inventory, planned_resources

pytestmark = pytest.mark.plan

INVENTORIES = Path(__file__).parent / "inventories" / "http-api"
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
    # A JWT-protected API with one explicitly public route; no domain, no CORS.
    "jwt_routes": {
        "authorizers": {"users": {"type": "jwt", "issuer": "https://auth.example.com/", "audience": ["orders-api"]}},
        "routes": {
            "POST /orders": {**FUNCTION, "authorizer": "users"},
            "GET /health": {**FUNCTION, "public": True},
        },
    },
    # A Lambda REQUEST authorizer, a throttled route, CORS and a custom domain.
    "domain_lambda_authorizer": {
        "authorizers": {"tenants": {
            "type": "lambda", "function_arn": f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:tenant-authorizer",
            "function_name": "tenant-authorizer", "identity_sources": ["$request.header.x-tenant"]}},
        "routes": {
            "GET /orders/{id}": {**FUNCTION, "authorizer": "tenants", "throttling": {"burst_limit": 10, "rate_limit": 5}},
            "$default": {**FUNCTION, "authorizer": "iam"},
        },
        "cors": {"allow_origins": ["https://shop.example.com"]},
        "domain": {"name": "api.example.com",
                   "certificate_arn": f"arn:aws:acm:eu-west-1:{ACCOUNT}:certificate/0a1b2c3d-1111-2222-3333-444455556666"},
    },
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_plan_matches_inventory(aws, module_root, scenario: str):
    plan = module_root("http-api", {**BASE_INPUTS, **SCENARIOS[scenario]}, env=aws.env).plan()
    assert_inventory(plan, INVENTORIES / f"{scenario}.yaml")

    resources = planned_resources(plan)
    log_format = json.loads(resources["module.this.aws_apigatewayv2_stage.this"]["access_log_settings"][0]["format"])
    assert {"requestId", "status", "routeKey", "sourceIp", "integrationError", "authorizerError"} <= set(log_format)
    integrations = [v for a, v in resources.items() if ".aws_apigatewayv2_integration." in a]
    assert integrations and all(i["payload_format_version"] == "2.0" and i["integration_type"] == "AWS_PROXY" for i in integrations)
    permissions = [v for a, v in resources.items() if ".aws_lambda_permission.routes[" in a]
    assert len(permissions) == len(SCENARIOS[scenario]["routes"])
    assert all(p["principal"] == "apigateway.amazonaws.com" and p["function_name"] == "orders" for p in permissions)
