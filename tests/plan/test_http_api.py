"""Plan contract of modules/http-api beyond its scenarios' expected values (tests/plan/scenarios)."""

from __future__ import annotations

import json
from typing import Any

from harness.inventory import planned_resources
from harness.scenarios import Scenario


def check_scenario(scenario: Scenario, plan: dict[str, Any], aws: Any) -> None:
    resources = planned_resources(plan)
    log_format = json.loads(resources["module.this.aws_apigatewayv2_stage.this"]["access_log_settings"][0]["format"])
    assert {"requestId", "status", "routeKey", "sourceIp", "integrationError", "authorizerError"} <= set(log_format)
    integrations = [v for a, v in resources.items() if ".aws_apigatewayv2_integration." in a]
    assert integrations and all(i["payload_format_version"] == "2.0" and i["integration_type"] == "AWS_PROXY" for i in integrations)
    permissions = [v for a, v in resources.items() if ".aws_lambda_permission.routes[" in a]
    assert len(permissions) == len(scenario.inputs["routes"])
    assert all(p["principal"] == "apigateway.amazonaws.com" and p["function_name"] == "orders" for p in permissions)
