"""Emulator tier of modules/rest-api: apply examples/complete to moto, re-plan, prove, destroy.

The example's zip is built here with slsguard.packaging (no archive provider). The proofs are
configuration read back with boto3: resources and methods (API keys, IAM, validator), proxy
integrations, Lambda permissions carrying the route's source ARN, the stage (X-Ray, access logs,
execution logging, throttling), usage plans with their limits, tenant keys on their tier, alarms.
"""

from __future__ import annotations

import json

import pytest

from harness import MODULES
from harness.terraform import applied
from slsguard import packaging

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "rest-api" / "examples" / "complete"
NAME = "slsguard-orders-rest"  # the example's default name prefix
METHODS = {  # (path, method) -> (authorization, api key required, source path after the execution ARN)
    ("/orders", "POST"): ("AWS_IAM", True, "/*/POST/orders"),
    ("/orders/{id}", "GET"): ("AWS_IAM", True, "/*/GET/orders/*"),
    ("/admin/orders/{id}", "DELETE"): ("AWS_IAM", True, "/*/DELETE/admin/orders/*"),
    ("/health", "GET"): ("NONE", False, "/*/GET/health"),
}
TIERS = {"free": (5.0, 10, 1000, "DAY"), "pro": (50.0, 100, 1000000, "MONTH")}


def test_complete_example(aws, example_root):
    apigw, lam, logs, cloudwatch = (aws.client(s) for s in ("apigateway", "lambda", "logs", "cloudwatch"))
    root = example_root(EXAMPLE, env=aws.env)
    zip_path = root.path / "build" / "function.zip"
    packaging.build_zip(root.path / "src", zip_path)
    tf_vars = {"zip_path": str(zip_path)}

    with applied(root, tf_vars) as outputs:
        api = outputs["api"]
        api_id, execution_arn = api["api_id"], api["execution_arn"]
        assert "api_key_value" not in json.dumps(outputs) and "value" not in api["api_key_ids"]

        resources = {r["path"]: r for r in apigw.get_resources(restApiId=api_id, embed=["methods"])["items"]}
        assert {"/", "/orders", "/orders/{id}", "/admin", "/admin/orders", "/admin/orders/{id}", "/health"} == set(resources)
        validator = apigw.get_request_validator(restApiId=api_id, requestValidatorId=api["request_validator_id"])
        assert validator["validateRequestBody"] is True and validator["validateRequestParameters"] is True
        for (path, method), (authorization, key_required, _) in METHODS.items():
            described = apigw.get_method(restApiId=api_id, resourceId=resources[path]["id"], httpMethod=method)
            assert described["authorizationType"] == authorization, (path, method)
            assert described["apiKeyRequired"] is key_required, (path, method)
            assert described["requestValidatorId"] == api["request_validator_id"], (path, method)
            integration = described["methodIntegration"]
            assert integration["type"] == "AWS_PROXY" and integration["httpMethod"] == "POST", (path, method)
            assert integration["uri"].endswith(f":function:{outputs['function_name']}/invocations"), (path, method)
        get_order = apigw.get_method(restApiId=api_id, resourceId=resources["/orders/{id}"]["id"], httpMethod="GET")
        assert get_order["requestParameters"] == {"method.request.querystring.fields": True}

        statements = json.loads(lam.get_policy(FunctionName=outputs["function_name"])["Policy"])["Statement"]
        assert sorted(s["Condition"]["ArnLike"]["AWS:SourceArn"] for s in statements) == sorted(
            execution_arn + source for _, _, source in METHODS.values())

        stage = apigw.get_stage(restApiId=api_id, stageName=api["stage_name"])
        assert stage["deploymentId"] == api["deployment_id"]
        assert stage["tracingEnabled"] is True
        assert stage["accessLogSettings"]["destinationArn"] == api["access_log_group_arn"].removesuffix(":*")
        assert json.loads(stage["accessLogSettings"]["format"])["apiKeyId"] == "$context.identity.apiKeyId"
        everything = stage["methodSettings"]["*/*"]
        assert everything["loggingLevel"] == "INFO" and everything["metricsEnabled"] is True
        assert everything["dataTraceEnabled"] is False
        assert everything["throttlingBurstLimit"] == 100 and everything["throttlingRateLimit"] == 50
        override = stage["methodSettings"]["orders/POST"]
        assert override["throttlingBurstLimit"] == 20 and override["throttlingRateLimit"] == 10
        nested = stage["methodSettings"]["orders/{id}/GET"]  # a nested resource path
        assert nested["throttlingBurstLimit"] == 40 and nested["throttlingRateLimit"] == 20
        group, = logs.describe_log_groups(logGroupNamePrefix=api["access_log_group_name"])["logGroups"]
        assert group["retentionInDays"] == 30 and group["kmsKeyId"] == outputs["kms_key_arn"]

        for tier, (rate, burst, quota, period) in TIERS.items():
            plan = apigw.get_usage_plan(usagePlanId=api["usage_plan_ids"][tier])
            assert plan["name"] == f"{NAME}-{tier}"
            assert plan["throttle"] == {"rateLimit": rate, "burstLimit": burst}, tier
            assert plan["quota"]["limit"] == quota and plan["quota"]["period"] == period, tier
            assert plan["apiStages"] == [{"apiId": api_id, "stage": api["stage_name"]}], tier
        for tenant, tier in (("tenant_a", "pro"), ("tenant_b", "free")):
            key_id = api["api_key_ids"][tenant]
            key = apigw.get_api_key(apiKey=key_id)
            assert key["name"] == f"{NAME}-{tenant}" and key["enabled"] is True
            plan_keys = apigw.get_usage_plan_keys(usagePlanId=api["usage_plan_ids"][tier])["items"]
            assert [k["id"] for k in plan_keys] == [key_id], (tenant, tier)

        every_alarm = cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"]
        # The functions' own alarms (lambda-function module) share the prefix.
        assert {a["AlarmName"] for a in every_alarm if a.get("Namespace") == "AWS/Lambda"} == {
            f"{NAME}-{function}-{kind}" for function in ("orders",)
            for kind in ("errors", "throttles", "duration-p99", "concurrent-executions")}
        alarms = {a["AlarmName"]: a for a in every_alarm if a.get("Namespace") != "AWS/Lambda"}
        assert set(alarms) == {f"{NAME}-5xx-rate", f"{NAME}-latency-p99"}
        assert alarms[f"{NAME}-5xx-rate"]["Threshold"] == 0.05 and alarms[f"{NAME}-5xx-rate"]["MetricName"] == "5XXError"
        assert {d["Name"]: d["Value"] for d in alarms[f"{NAME}-latency-p99"]["Dimensions"]} == {"ApiName": NAME, "Stage": "v1"}

    assert not [a for a in apigw.get_rest_apis()["items"] if a["name"] == NAME], "API left behind after destroy"
    assert not [p for p in apigw.get_usage_plans()["items"] if p["name"].startswith(NAME)], "usage plans left behind"
    assert not [k for k in apigw.get_api_keys()["items"] if k["name"].startswith(NAME)], "API keys left behind"
    assert not logs.describe_log_groups(logGroupNamePrefix=f"/aws/apigateway/{NAME}")["logGroups"], "log group left behind"
    assert not cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"], "alarms left behind"
