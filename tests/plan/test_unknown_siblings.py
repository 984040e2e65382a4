"""Module rules refuse a fault known at plan even when its sibling values are unknown until apply.

Native `terraform test` cannot feed a module an unknown value (a plan run's unknown output is
refused as a variable, and expect_failures cannot name a nested module's input), so these roots
wire the module to a companion resource whose ARN is unknown at plan, next to a known fault, and
plan for real. Before the rules were written with anytrue, each of these plans passed (alltrue()
gives up at the first unknown element) and the fault surfaced at apply, if at all.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.plan

KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/0d5e4c1a-7b55-4a57-9d1e-1e1c6a3b2f10"
TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:ops-alerts"
LAMBDA_INPUTS = {
    "name": "orders-worker", "handler": "app.handler", "runtime": "python3.12", "reserved_concurrency": 5,
    "kms_key_arn": KEY_ARN, "permissions_boundary_arn": "arn:aws:iam::123456789012:policy/boundary",
    "log_retention_days": 30, "alarm_topic_arn": TOPIC_ARN,
    "package": {"s3_bucket": "artifacts", "s3_key": "orders.zip"},
}
# Companion resources whose ARNs are known only after apply.
UNKNOWN = {
    "resource": {
        "aws_iam_role": {"worker": {"name": "worker", "assume_role_policy": "{}"}},
        "aws_sqs_queue": {"late": {"name": "late"}},
    }
}
ROLE_ARN, QUEUE_ARN = "${aws_iam_role.worker.arn}", "${aws_sqs_queue.late.arn}"

CASES: dict[str, tuple[str, dict[str, Any], str]] = {
    "kms_key_wildcard_user_after_unknown_role": (
        "kms-key", {"name": "orders", "users": [ROLE_ARN, "*"]}, "users must be IAM role ARNs"),
    "sqs_wildcard_producer_after_unknown_role": (
        "sqs-queue", {"name": "orders", "kms_key_arn": KEY_ARN, "alarm_topic_arn": TOPIC_ARN, "producers": {
            "worker": {"principal_type": "AWS", "identifiers": [ROLE_ARN, "*"]}}},
        "producer identifiers must be"),
    "grant_access_misfit_beside_unknown_target": (
        "lambda-function", {**LAMBDA_INPUTS, "grants": {
            "late": {"target": {"type": "sqs_queue", "arn": QUEUE_ARN}, "access": "send"},
            "orders": {"dynamodb_table_arn": "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", "access": "send"}}},
        "grant access must fit its target"),
    "grant_access_misfit_on_its_own_unknown_target": (
        "lambda-function", {**LAMBDA_INPUTS, "grants": {
            "late": {"target": {"type": "sqs_queue", "arn": QUEUE_ARN}, "access": "write"}}},
        "grant access must fit its target"),
    "grant_access_misfit_on_an_unknown_arn": (
        "lambda-function", {**LAMBDA_INPUTS, "grants": {"late": {"sqs_queue_arn": QUEUE_ARN, "access": "write"}}},
        "grant access must fit its target"),
    "grant_with_two_known_targets_beside_an_unknown_one": (
        "lambda-function", {**LAMBDA_INPUTS, "grants": {"mixed": {
            "sqs_queue_arn": QUEUE_ARN, "sns_topic_arn": TOPIC_ARN,
            "dynamodb_table_arn": "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", "access": "send"}}},
        "every grant must set exactly one of target"),
    "grant_prefix_wildcard_on_an_unknown_bucket": (
        "lambda-function", {**LAMBDA_INPUTS, "grants": {
            "late": {"target": {"type": "s3_bucket", "arn": QUEUE_ARN}, "prefix": "daily/*", "access": "read"}}},
        "grant prefix applies to s3_bucket targets only"),
    "secret_without_its_suffix_beside_an_unknown_secret": (
        "lambda-function", {**LAMBDA_INPUTS, "grants": {
            "late": {"target": {"type": "secretsmanager_secret", "arn": QUEUE_ARN}, "access": "read"},
            "db": {"target": {"type": "secretsmanager_secret",
                              "arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db"}, "access": "read"}}},
        "grant targets must be full ARNs of their kind"),
    "write_wildcard_beside_unknown_resource": (
        "lambda-function", {**LAMBDA_INPUTS, "extra_policy_statements": [
            {"sid": "Late", "actions": ["sqs:SendMessage"], "resources": [QUEUE_ARN]},
            {"sid": "Items", "actions": ["dynamodb:*Item"], "resources": ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"]}]},
        "an Allow action wildcard expands to write"),
    "tag_with_reserved_key_beside_unknown_value": (
        "sns-topic", {"name": "alerts", "kms_key_arn": KEY_ARN, "tags": {"queue": QUEUE_ARN, "aws:owner": "platform"}},
        "tags keys must be 1-128 characters"),
}


def _failed_plan(root) -> str:
    root.init()
    result = root.toolchain.run(["plan", "-input=false", "-no-color"], root.path, extra_env=root.env, check=False)
    assert result.returncode != 0, f"the plan passed:\n{result.stdout[-2000:]}"
    return " ".join((result.stderr + result.stdout).split())


@pytest.mark.parametrize("case", sorted(CASES))
def test_known_fault_fails_the_plan_beside_unknown_values(aws, module_root, case: str):
    module, inputs, message = CASES[case]
    output = _failed_plan(module_root(module, inputs, env=aws.env, extra=UNKNOWN))
    assert message in output, output[-3000:]


@pytest.mark.parametrize("module, inputs", [
    ("sqs-queue", {"name": "orders", "kms_key_arn": KEY_ARN}),
    ("lambda-function", {key: value for key, value in LAMBDA_INPUTS.items() if key != "alarm_topic_arn"}),
])
def test_missing_alarm_topic_is_one_clear_message(aws, module_root, module: str, inputs: dict[str, Any]):
    output = _failed_plan(module_root(module, inputs, env=aws.env))
    assert output.count("alarm_topic_arn is required while alarms_enabled is true") == 1, output[-3000:]
    assert "Null value found in list" not in output, output[-3000:]
