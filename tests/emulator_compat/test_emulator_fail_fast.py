"""A resource whose API the emulator lacks must fail terraform quickly, naming what is missing;
the server answers every missing action or route 501 NotImplemented, which clients never retry.

Without the server's 501 answer, moto's ``NotImplementedError`` reached the provider as an HTML 500
that it retried with back-off for many minutes. The subprocess is bounded generously (the point is
that it ends with a clear error, not how fast); timing is not asserted.
"""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from harness.terraform import json_root

pytestmark = pytest.mark.emulator

BOUND_SECONDS = 120


@pytest.mark.parametrize(("resources", "expected"), [
    pytest.param(
        # JSON protocol: moto raises NotImplementedError for PutAccountPolicy
        {"aws_cloudwatch_log_account_policy": {"c": {
            "policy_name": "compat-unimplemented", "policy_type": "SUBSCRIPTION_FILTER_POLICY",
            "policy_document": json.dumps({"DestinationArn": "arn:aws:lambda:eu-west-1:123456789012:function:x",
                                           "FilterPattern": "", "Distribution": "Random"})}}},
        ["PutAccountPolicy", "The put_account_policy action has not been implemented"],
        id="json-action-not-implemented",
    ),
    pytest.param(
        # REST-JSON protocol: moto has no route for /functions/{name}/recursion-config
        {"aws_lambda_function_recursion_config": {"c": {
            "function_name": "compat-unimplemented", "recursive_loop": "Allow"}}},
        ["PutFunctionRecursionConfig", "no route for PUT /2024-08-31/functions/compat-unimplemented/recursion-config"],
        id="rest-route-missing",
    ),
])
def test_apply_of_unimplemented_resource_fails_naming_the_action(tmp_path, toolchain, aws, resources, expected):
    json_root(tmp_path, toolchain, {"resource": resources})
    toolchain.run(["init", "-input=false", "-no-color"], tmp_path, extra_env=aws.env)

    result = toolchain.run(["apply", "-auto-approve", "-input=false", "-no-color"], tmp_path,
                           extra_env=aws.env, check=False, timeout=BOUND_SECONDS)

    assert result.returncode != 0
    for text in [*expected, "NotImplemented", "StatusCode: 501"]:
        assert text in result.stderr, f"{text!r} missing from terraform's error:\n{result.stderr}"


@pytest.mark.parametrize(("service", "call", "kwargs", "named"), [
    # JSON protocol, action unknown to moto: NotImplementedError inside moto
    ("codedeploy", "list_deployment_configs", {}, "list_deployment_configs"),
    # REST-JSON protocol, path moto has no route for
    ("lambda", "get_function_recursion_config", {"FunctionName": "compat-any"}, "/recursion-config"),
    # query (XML) protocol
    ("sts", "decode_authorization_message", {"EncodedMessage": "x"}, "decode_authorization_message"),
])
def test_missing_action_answers_501_naming_it_without_retries(aws, service, call, kwargs, named):
    client = aws.client(service)
    with pytest.raises(ClientError) as refused:
        getattr(client, call)(**kwargs)
    response = refused.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert response["Error"]["Code"] == "NotImplemented"
    assert named in response["Error"]["Message"]
    assert response["ResponseMetadata"]["RetryAttempts"] == 0
