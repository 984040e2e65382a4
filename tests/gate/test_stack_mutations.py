"""Each single-rule violation of the compliant stack exits 1 and names the resource at fault."""

from __future__ import annotations

import pytest

from gate_support import FIXTURES, STACK, addresses, change_of, default_config, judge, load_fixture_plan


def _set(address, **values):
    def mutate(plan):
        change = change_of(plan, address)
        for key, value in values.items():
            change["after"][key] = value
            if isinstance(change["after_unknown"], dict):
                change["after_unknown"].pop(key, None)
    return mutate


def _drop(address):
    def mutate(plan):
        plan["resource_changes"] = [c for c in plan["resource_changes"] if c["address"] != address]
    return mutate


def _actions(address, actions):
    def mutate(plan):
        change_of(plan, address)["actions"] = actions
    return mutate


def _only_actual_budget(plan):
    budget = change_of(plan, "aws_budgets_budget.monthly")
    kept = [n for n in budget["after"]["notification"] if n["notification_type"] == "ACTUAL"]
    budget["after"]["notification"] = kept
    budget["after_unknown"]["notification"] = [{} for _ in kept]


MUTATIONS = [
    ("SLS-CON-001", _set("aws_lambda_function.worker", reserved_concurrent_executions=-1), "aws_lambda_function.worker"),
    ("SLS-CON-001", _set("aws_lambda_function.api", reserved_concurrent_executions=0), "aws_lambda_function.api"),
    ("SLS-CON-002", _set("aws_lambda_function.api", reserved_concurrent_executions=895), "(plan)"),
    ("SLS-CON-004", _set("aws_lambda_event_source_mapping.work", scaling_config=[{"maximum_concurrency": 50}]),
     "aws_lambda_event_source_mapping.work"),
    ("SLS-DAT-002", _set("aws_sqs_queue.work", visibility_timeout_seconds=60), "aws_sqs_queue.work"),
    ("SLS-DAT-003", _set("aws_sqs_queue.dlq", message_retention_seconds=3600), "aws_sqs_queue.dlq"),
    ("SLS-DAT-004", _set("aws_lambda_event_source_mapping.work", function_response_types=[]),
     "aws_lambda_event_source_mapping.work"),
    ("SLS-DAT-005", _set("aws_dynamodb_table.orders", deletion_protection_enabled=False), "aws_dynamodb_table.orders"),
    ("SLS-DAT-005", _set("aws_dynamodb_table.orders", point_in_time_recovery=[{"enabled": False}]),
     "aws_dynamodb_table.orders"),
    ("SLS-DAT-006", _set("aws_cloudwatch_event_target.placed_to_work", dead_letter_config=[]),
     "aws_cloudwatch_event_target.placed_to_work"),
    ("SLS-DAT-008", _actions("aws_dynamodb_table.orders", ["delete", "create"]), "aws_dynamodb_table.orders"),
    ("SLS-DAT-008", _actions("aws_kms_key.main", ["create", "delete"]), "aws_kms_key.main"),
    ("SLS-ENC-001", _set("aws_sqs_queue.dlq", kms_master_key_id="alias/aws/sqs"), "aws_sqs_queue.dlq"),
    ("SLS-ENC-002", _set("aws_kms_key.main", enable_key_rotation=False), "aws_kms_key.main"),
    ("SLS-OBS-001", _set("aws_lambda_function.worker", tracing_config=[{"mode": "PassThrough"}]),
     "aws_lambda_function.worker"),
    ("SLS-OBS-002", _set("aws_cloudwatch_log_group.worker", retention_in_days=0), "aws_cloudwatch_log_group.worker"),
    ("SLS-OBS-003", _drop('aws_cloudwatch_metric_alarm.function["worker_throttles"]'), "aws_lambda_function.worker"),
    ("SLS-OBS-004", _drop("aws_cloudwatch_metric_alarm.dlq_depth"), "aws_sqs_queue.dlq"),
    ("SLS-API-001", _set("aws_apigatewayv2_stage.default", default_route_settings=[]), "aws_apigatewayv2_stage.default"),
    ("SLS-API-002", _set("aws_apigatewayv2_stage.default", access_log_settings=[]), "aws_apigatewayv2_stage.default"),
    ("SLS-API-003", _set("aws_apigatewayv2_route.post_orders", authorization_type="NONE"),
     "aws_apigatewayv2_route.post_orders"),
    ("SLS-BUD-001", _only_actual_budget, "aws_budgets_budget.monthly"),
    ("SLS-BUD-001", _drop("aws_budgets_budget.monthly"), "(plan)"),
    ("SLS-TAG-001", _set("aws_dynamodb_table.orders", tags_all={"owner": "x", "environment": "y"}),
     "aws_dynamodb_table.orders"),
    ("SLS-IAM-006", _set("aws_iam_role.api", permissions_boundary=None), "aws_iam_role.api"),
    ("SLS-IAM-009", _set("aws_lambda_permission.api", source_arn=None), "aws_lambda_permission.api"),
    ("SLS-IAM-005", _set("aws_iam_role.worker", managed_policy_arns=["arn:aws:iam::aws:policy/AdministratorAccess"]),
     "aws_iam_role.worker"),
]


@pytest.mark.parametrize(("rule", "mutate", "address"), MUTATIONS,
                         ids=[f"{rule}-{address}" for rule, _, address in MUTATIONS])
def test_single_violation_blocks_and_names_the_address(rule, mutate, address):
    plan = load_fixture_plan(STACK)
    mutate(plan)
    code, result = judge(plan, STACK)
    assert code == 1
    fired = {(f.rule, f.address) for f in result.findings}
    assert (rule, address) in fired
    assert {r for r, _ in fired} == {rule}, fired


def test_public_route_declared_in_config_passes():
    plan = load_fixture_plan(STACK)
    _set("aws_apigatewayv2_route.post_orders", authorization_type="NONE")(plan)
    config = dict(default_config(), public_routes=["POST /orders"])
    code, result = judge(plan, STACK, config)
    assert code == 0, [f.as_json() for f in result.findings]


@pytest.mark.parametrize("declared", [["webhook"], ["aws_lambda_function_url.*"]])
def test_public_function_url_declared_in_config_passes(declared):
    """A URL declared public, by function name or address glob, is accepted; others still fail."""
    root = FIXTURES / "SLS-API-004" / "bad-module"
    plan = load_fixture_plan(root)
    _, undeclared = judge(plan, root, dict(default_config(), public_function_urls=["reports"]))
    assert addresses(undeclared, "SLS-API-004") == {'aws_lambda_function_url.live["bad"]'}
    bad = FIXTURES / "SLS-API-004" / "bad"
    _, result = judge(load_fixture_plan(bad), bad, dict(default_config(), public_function_urls=declared))
    assert addresses(result, "SLS-API-004") == set()


def test_blocking_threshold_is_configurable():
    plan = load_fixture_plan(STACK)
    _set("aws_lambda_function.worker", tracing_config=[{"mode": "PassThrough"}])(plan)  # a low finding
    code, result = judge(plan, STACK, dict(default_config(), blocking_severity="medium"))
    assert code == 0 and [f.blocking for f in result.findings] == [False]
