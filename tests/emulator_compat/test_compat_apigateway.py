"""Emulator compatibility of API Gateway (``slsguard.emulator.compat.apigateway``)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from compat_support import error_code

pytestmark = pytest.mark.emulator


def test_apigatewayv2_get_authorizers_lists_every_authorizer(aws):
    apigw = aws.client("apigatewayv2")
    api_id = apigw.create_api(Name="compat-http", ProtocolType="HTTP")["ApiId"]
    created = {apigw.create_authorizer(ApiId=api_id, Name=name, AuthorizerType="JWT",
                                       IdentitySource=["$request.header.Authorization"],
                                       JwtConfiguration={"Audience": [name], "Issuer": "https://auth.example.com/"}
                                       )["AuthorizerId"]: name for name in ("users", "admins")}
    listed = apigw.get_authorizers(ApiId=api_id)["Items"]
    assert {item["AuthorizerId"]: item["Name"] for item in listed} == created
    assert all(item["JwtConfiguration"]["Audience"] == [item["Name"]] for item in listed)
    with pytest.raises(ClientError) as missing:
        apigw.get_authorizers(ApiId="nope123")
    assert error_code(missing) == "NotFoundException"


def test_apigateway_update_stage_keeps_nested_method_paths(aws):
    apigw = aws.client("apigateway")
    api_id = apigw.create_rest_api(name="compat-rest")["id"]
    root_id = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    apigw.put_method(restApiId=api_id, resourceId=root_id, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api_id, resourceId=root_id, httpMethod="GET", type="MOCK")
    apigw.create_deployment(restApiId=api_id, stageName="v1")

    settings = apigw.update_stage(restApiId=api_id, stageName="v1", patchOperations=[
        {"op": "replace", "path": "/orders~1{id}/GET/throttling/burstLimit", "value": "20"},
        {"op": "replace", "path": "/health/GET/throttling/rateLimit", "value": "5"},
        # As the aws provider writes them: the nested resource path with plain slashes.
        {"op": "replace", "path": "/admin/orders/{id}/DELETE/metrics/enabled", "value": "true"},
    ])["methodSettings"]
    assert settings["orders/{id}/GET"]["throttlingBurstLimit"] == 20
    assert settings["admin/orders/{id}/DELETE"]["metricsEnabled"] is True
    assert settings["health/GET"]["throttlingRateLimit"] == 5.0
    assert not [key for key in settings if "~" in key]
