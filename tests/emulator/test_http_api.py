"""Emulator tier of modules/http-api: apply examples/complete to moto, re-plan, prove, destroy.

The example's zip is built here with slsguard.packaging (no archive provider). The proofs are
configuration read back with boto3: routes with their authorization, authorizers, proxy
integrations (payload 2.0), Lambda permissions carrying the route's source ARN, stage throttling
and per-route overrides, JSON access logs to the encrypted log group, CORS and alarms.
"""

from __future__ import annotations

import json

import pytest

from harness import MODULES
from harness.terraform import applied
from slsguard import packaging

pytestmark = pytest.mark.emulator

EXAMPLE = MODULES / "http-api" / "examples" / "complete"
NAME = "slsguard-orders-http"  # the example's default name prefix
ROUTE_AUTH = {  # route key -> (authorization type, authorizer key, source path after the API's execution ARN)
    "POST /orders": ("JWT", "users", "/*/POST/orders"),
    "GET /orders/{id}": ("CUSTOM", "tenants", "/*/GET/orders/*"),
    "DELETE /orders/{id}": ("AWS_IAM", None, "/*/DELETE/orders/*"),
    "GET /health": ("NONE", None, "/*/GET/health"),
}


def test_complete_example(aws, example_root):
    apigw, lam, logs, cloudwatch = (aws.client(s) for s in ("apigatewayv2", "lambda", "logs", "cloudwatch"))
    root = example_root(EXAMPLE, env=aws.env)
    zip_path = root.path / "build" / "function.zip"
    packaging.build_zip(root.path / "src", zip_path)
    tf_vars = {"zip_path": str(zip_path)}

    with applied(root, tf_vars) as outputs:
        api = outputs["api"]
        api_id, execution_arn = api["api_id"], api["execution_arn"]
        assert execution_arn == f"arn:aws:execute-api:{aws.region}:{aws.account_id}:{api_id}"
        described = apigw.get_api(ApiId=api_id)
        assert described["ProtocolType"] == "HTTP" and not described.get("DisableExecuteApiEndpoint")
        assert described["CorsConfiguration"]["AllowOrigins"] == ["https://shop.example.com"]

        authorizers = {authorizer["Name"]: authorizer for authorizer in apigw.get_authorizers(ApiId=api_id)["Items"]}
        assert set(authorizers) == {"users", "tenants"}
        assert {key: authorizer["AuthorizerId"] for key, authorizer in authorizers.items()} == api["authorizer_ids"]
        assert authorizers["users"]["AuthorizerType"] == "JWT"
        assert authorizers["users"]["JwtConfiguration"] == {"Audience": ["orders-api"], "Issuer": "https://auth.example.com/"}
        tenants = authorizers["tenants"]
        assert tenants["AuthorizerType"] == "REQUEST" and tenants["AuthorizerPayloadFormatVersion"] == "2.0"
        assert tenants["EnableSimpleResponses"] is True
        assert tenants["IdentitySource"] == ["$request.header.x-demo-tenant"]

        integrations = {i["IntegrationId"]: i for i in apigw.get_integrations(ApiId=api_id)["Items"]}
        routes = {r["RouteKey"]: r for r in apigw.get_routes(ApiId=api_id)["Items"]}
        assert set(routes) == set(ROUTE_AUTH)
        for key, (auth_type, authorizer, _) in ROUTE_AUTH.items():
            route = routes[key]
            assert route["AuthorizationType"] == auth_type, key
            assert route.get("AuthorizerId") == (authorizers[authorizer]["AuthorizerId"] if authorizer else None), key
            integration = integrations[route["Target"].removeprefix("integrations/")]
            assert integration["IntegrationType"] == "AWS_PROXY" and integration["PayloadFormatVersion"] == "2.0", key
            assert integration["IntegrationUri"].endswith(f":function:{outputs['orders_function_name']}"), key
        assert routes["POST /orders"]["AuthorizationScopes"] == ["orders/write"]

        # One permission per route, each carrying that route's source ARN.
        statements = json.loads(lam.get_policy(FunctionName=outputs["orders_function_name"])["Policy"])["Statement"]
        source_arns = sorted(s["Condition"]["ArnLike"]["AWS:SourceArn"] for s in statements)
        assert source_arns == sorted(execution_arn + path for _, _, path in ROUTE_AUTH.values())
        assert all(s["Principal"] == {"Service": "apigateway.amazonaws.com"} for s in statements)
        authorizer_policy = json.loads(lam.get_policy(FunctionName=outputs["authorizer_function_name"])["Policy"])
        statement, = authorizer_policy["Statement"]
        assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == f"{execution_arn}/authorizers/{tenants['AuthorizerId']}"

        stage = apigw.get_stage(ApiId=api_id, StageName="$default")
        assert stage["AutoDeploy"] is True
        assert stage["DefaultRouteSettings"]["ThrottlingBurstLimit"] == 100
        assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == 50
        assert stage["DefaultRouteSettings"]["DetailedMetricsEnabled"] is True
        override = stage["RouteSettings"]["GET /orders/{id}"]
        assert override["ThrottlingBurstLimit"] == 20 and override["ThrottlingRateLimit"] == 10
        assert set(stage["RouteSettings"]) == {"GET /orders/{id}"}

        log_group_arn = api["access_log_group_arn"]
        assert stage["AccessLogSettings"]["DestinationArn"] == log_group_arn
        log_format = json.loads(stage["AccessLogSettings"]["Format"])
        assert log_format["requestId"] == "$context.requestId" and log_format["status"] == "$context.status"
        group, = logs.describe_log_groups(logGroupNamePrefix=api["access_log_group_name"])["logGroups"]
        assert group["retentionInDays"] == 30 and group["kmsKeyId"] == outputs["kms_key_arn"]

        every_alarm = cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"]
        # The functions' own alarms (lambda-function module) share the prefix.
        assert {a["AlarmName"] for a in every_alarm if a.get("Namespace") == "AWS/Lambda"} == {
            f"{NAME}-{function}-{kind}" for function in ("orders", "authorizer")
            for kind in ("errors", "throttles", "duration-p99", "concurrent-executions")}
        alarms = {a["AlarmName"]: a for a in every_alarm if a.get("Namespace") != "AWS/Lambda"}
        assert set(alarms) == {f"{NAME}-5xx-rate", f"{NAME}-latency-p99"}
        latency = alarms[f"{NAME}-latency-p99"]
        assert latency["ExtendedStatistic"] == "p99" and latency["MetricName"] == "Latency"
        assert {d["Name"]: d["Value"] for d in latency["Dimensions"]} == {"ApiId": api_id, "Stage": "$default"}
        rate = alarms[f"{NAME}-5xx-rate"]
        queries = {q["Id"]: q for q in rate["Metrics"]}
        assert queries["errors"]["MetricStat"]["Metric"]["MetricName"] == "5xx"
        assert queries["rate"]["ReturnData"] is True and rate["Threshold"] == 5
        assert all(a["AlarmActions"] == [outputs["alarm_topic_arn"]] for a in alarms.values())

    assert not [a for a in apigw.get_apis()["Items"] if a["Name"] == NAME], "API left behind after destroy"
    assert not logs.describe_log_groups(logGroupNamePrefix=f"/aws/apigateway/{NAME}")["logGroups"], "log group left behind"
    assert not cloudwatch.describe_alarms(AlarmNamePrefix=NAME)["MetricAlarms"], "alarms left behind"
