"""A resource whose API the emulator lacks must fail terraform quickly, naming what is missing.

Without the server's 501 answer, moto's ``NotImplementedError`` reached the provider as an HTML 500
that it retried with back-off for many minutes. The subprocess is bounded generously (the point is
that it ends with a clear error, not how fast); timing is not asserted.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.emulator

BOUND_SECONDS = 120

TERRAFORM = {"required_providers": {"aws": {"source": "hashicorp/aws", "version": ">= 5.80, < 7.0"}}}
PROVIDER = {"aws": {"region": "eu-west-1", "skip_metadata_api_check": True}}


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
    document = {"terraform": TERRAFORM, "provider": PROVIDER, "resource": resources}
    (tmp_path / "main.tf.json").write_text(json.dumps(document))
    toolchain.run(["init", "-input=false", "-no-color"], tmp_path, extra_env=aws.env)

    result = toolchain.run(["apply", "-auto-approve", "-input=false", "-no-color"], tmp_path,
                           extra_env=aws.env, check=False, timeout=BOUND_SECONDS)

    assert result.returncode != 0
    for text in [*expected, "NotImplemented", "StatusCode: 501"]:
        assert text in result.stderr, f"{text!r} missing from terraform's error:\n{result.stderr}"
