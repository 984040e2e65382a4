"""Plan contract of modules/rest-api beyond its scenarios' expected values (tests/plan/scenarios)."""

from __future__ import annotations

import json
from typing import Any

from harness.inventory import planned_resources
from harness.scenarios import Scenario


def check_scenario(scenario: Scenario, plan: dict[str, Any], aws: Any) -> None:
    resources = planned_resources(plan)
    log_format = json.loads(resources["module.this.aws_api_gateway_stage.this"]["access_log_settings"][0]["format"])
    assert {"requestId", "status", "resourcePath", "apiKeyId", "sourceIp"} <= set(log_format)
    methods = {a: v for a, v in resources.items() if ".aws_api_gateway_method.this[" in a}
    routes = scenario.inputs["routes"]
    assert len(methods) == len(routes)
    for address, method in methods.items():
        public = routes[address.split('["', 1)[1][:-2]].get("public", False)
        assert method["api_key_required"] is (bool(scenario.inputs.get("usage_plans")) and not public), address
    # Key values never leave the module: the only key output is the id map over the key resources.
    outputs = plan["configuration"]["root_module"]["module_calls"]["this"]["module"]["outputs"]
    assert [name for name in outputs if "key" in name] == ["api_key_ids"]
    assert outputs["api_key_ids"]["expression"]["references"] == ["aws_api_gateway_api_key.this"]
