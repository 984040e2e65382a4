"""What confines a statement to an account or organisation (SLS-IAM-007/008), which condition
values a statement requires (SLS-DLV-003/004, SLS-IAM-010), and which Resource patterns are as
broad as '*' (SLS-IAM-003/004)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from slsguard.gate import engine
from slsguard.gate.config import load_config
from slsguard.gate.facts import Facts
from slsguard.gate.model import Model
from slsguard.gate.policy import Policy, Statement
from slsguard.gate.values import Partial, Unevaluable, Unknown
from slsguard.rules._shared import (PendingQualifier, admits_every, admits_sender, condition_values, covers_every_resource,
                                    _pending_qualifier, blocks_pending, customer_key_problem, fenced_to_account,
                                    function_qualifier, scoped_to_account, shown_qualifier)


def statement(conditions=None, resources=("*",), not_resources=None):
    return Statement("Allow", ["sts:AssumeRole"], None, list(resources) if resources else None,
                     not_resources, {"AWS": ["*"]}, conditions)


@pytest.mark.parametrize(("conditions", "scoped"), [
    ({"StringEquals": {"aws:PrincipalOrgID": "o-abcd123456"}}, True),
    ({"StringEquals": {"AWS:PrincipalAccount": ["111122223333"]}}, True),  # keys are case-insensitive
    ({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a/r-b/ou-c/*"]}}, True),
    ({"StringEquals": {"kms:CallerAccount": "111122223333"}}, True),
    (None, False),
    ({"Bool": {"aws:MultiFactorAuthPresent": "true"}}, False),
    ({"StringEquals": {"kms:ViaService": "sqs.eu-west-1.amazonaws.com"}}, False),
    ({"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}, False),
    ({"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abcd123456"}}, False),
    ({"StringLike": {"aws:PrincipalAccount": "*"}}, False),
    ({"Null": {"aws:PrincipalOrgID": "false"}}, False),
    # ForAllValues holds when the request has no such key: a principal outside any organisation.
    ({"ForAllValues:StringEquals": {"aws:PrincipalOrgID": ["o-abcd123456"]}}, False),
    # An ARN confines through its account field, or (S3, no account field) a named resource.
    ({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci-deployer"}}, True),
    ({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci-deployer"}}, False),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:sns:eu-west-1:*:*"}}, False),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:sns:eu-west-1:11112222333*:alerts"}}, False),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}}, False),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::uploads-?"}}, False),
    ({"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::uploads"}}, True),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:events:eu-west-1:111122223333:rule/*"}}, True),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:sns"}}, False),
    ({"ArnEquals": {"aws:SourceArn": Unknown(frozenset({("aws_sns_topic.t", "arn")}))}}, True),
])
def test_scoped_to_account(conditions, scoped):
    assert scoped_to_account(statement(conditions)) is scoped


def test_condition_values_collect_every_restricting_operator():
    conditions = {"StringEquals": {"aws:SourceArn": "arn:a"}, "ArnLike": {"AWS:SourceArn": ["arn:b", "arn:c"]},
                  "ArnNotEquals": {"aws:SourceArn": "arn:d"}}
    assert condition_values(statement(conditions), "aws:sourcearn") == ["arn:a", "arn:b", "arn:c"]


def test_not_resource_covers_every_other_resource():
    assert covers_every_resource(statement(resources=None, not_resources=["arn:aws:iam::1:role/admin"]))
    assert covers_every_resource(statement())
    assert not covers_every_resource(statement(resources=["arn:aws:sqs:eu-west-1:1:q"]))


def test_a_source_arn_admits_the_sender_it_names(tmp_path):
    """aws:SourceArn against the rule, topic or alarm delivering: traced ARNs by resource, written
    patterns against the sender's ARN when the plan knows it (before apply they cannot be compared)."""
    def rule(name, after, unknown):
        return {"address": f"aws_cloudwatch_event_rule.{name}", "mode": "managed", "type": "aws_cloudwatch_event_rule",
                "name": name, "change": {"actions": ["create"], "after": after, "after_unknown": unknown}}

    model = Model({"resource_changes": [
        rule("created", {"name": "created", "arn": "arn:aws:events:eu-west-1:1:rule/created"}, {}),
        rule("later", {"name": "later"}, {"arn": True})]}, tmp_path)
    ctx = SimpleNamespace(facts=Facts(model, load_config(None, engine.rule_ids())))
    created, later = model.by_address["aws_cloudwatch_event_rule.created"], model.by_address["aws_cloudwatch_event_rule.later"]
    later_arn = Unknown(frozenset({("aws_cloudwatch_event_rule.later", "arn")}))

    def source_arn(*arns):
        return statement({"ArnLike": {"aws:SourceArn": list(arns)}})

    assert admits_sender(ctx, source_arn("arn:aws:events:eu-west-1:1:rule/created"), [created])
    assert admits_sender(ctx, source_arn("arn:aws:events:eu-west-1:1:rule/other", "arn:aws:events:*:1:rule/c*"), [created])
    assert not admits_sender(ctx, source_arn("arn:aws:events:eu-west-1:1:rule/other"), [created])
    assert not admits_sender(ctx, source_arn("arn:aws:events:eu-west-1:1:rule/CREATED"), [created])
    assert admits_sender(ctx, source_arn("arn:aws:events:eu-west-1:1:rule/other"), [later])
    assert admits_sender(ctx, source_arn(later_arn), [later])
    assert not admits_sender(ctx, source_arn(later_arn), [created])
    assert admits_sender(ctx, statement(None), [created])
    assert admits_sender(ctx, source_arn("arn:aws:events:eu-west-1:1:rule/other"), [])


def test_the_qualifier_a_function_reference_invokes(tmp_path):
    """An existing stack's plan knows its ARNs: an alias's ARN is indexed under its function's name,
    which must not make a reference to the plain function one through the alias."""
    def change(type_, name, after, unknown=None):
        return {"address": f"{type_}.{name}", "mode": "managed", "type": type_, "name": name,
                "change": {"actions": ["update"], "after": after, "after_unknown": unknown or {}}}

    function_arn = "arn:aws:lambda:eu-west-1:111122223333:function:orders"
    (tmp_path / "main.tf").write_text(
        'resource "aws_lambda_permission" "next" {\n  function_name = aws_lambda_alias.next.arn\n}\n'
        'resource "aws_lambda_permission" "published" {\n  function_name = aws_lambda_function.f.qualified_arn\n}\n')
    model = Model({"resource_changes": [
        change("aws_lambda_function", "f", {"function_name": "orders", "arn": function_arn},
               {"version": True, "qualified_arn": True}),
        change("aws_lambda_alias", "live", {"name": "live", "arn": f"{function_arn}:live"}),
        change("aws_lambda_permission", "plain", {"function_name": "orders", "qualifier": None}),
        change("aws_lambda_permission", "by_arn", {"function_name": function_arn}),
        change("aws_lambda_permission", "alias_arn", {"function_name": f"{function_arn}:live"}),
        change("aws_lambda_permission", "by_name", {"function_name": "orders:$LATEST"}),
        change("aws_lambda_permission", "argument", {"function_name": "orders", "qualifier": "live"}),
        change("aws_lambda_permission", "version", {"function_name": "orders"}, {"qualifier": True}),
        change("aws_lambda_permission", "version_too", {"function_name": "orders"}, {"qualifier": True}),
        change("aws_lambda_alias", "next", {"name": "next"}, {"arn": True}),
        change("aws_lambda_permission", "next", {}, {"function_name": True}),
        change("aws_lambda_permission", "published", {}, {"function_name": True}),
    ]}, tmp_path)
    ctx = SimpleNamespace(model=model, values=model.evaluator, facts=Facts(model, load_config(None, engine.rule_ids())))

    def qualifier(name):
        return function_qualifier(ctx, model.by_address[f"aws_lambda_permission.{name}"], "function_name",
                                  qualifier_argument="qualifier")

    assert [qualifier(name) for name in ("plain", "by_arn", "alias_arn", "by_name", "argument")] == [
        None, None, "live", None, "live"]
    version = qualifier("version")
    assert isinstance(version, PendingQualifier) and version != "live" and version != qualifier("version_too")
    assert shown_qualifier(version).endswith("(known only at apply)") and shown_qualifier("live") == "live"
    # An ARN known only at apply: the alias it comes from, or a version published by this apply.
    assert qualifier("next") == "next"
    published = qualifier("published")
    assert published == PendingQualifier.of(Unknown(frozenset({("aws_lambda_function.f", "qualified_arn")})))
    assert shown_qualifier(published) == "the qualified_arn of aws_lambda_function.f (known only at apply)"
    # Nothing to compare by: like no other.
    assert PendingQualifier.of(Unknown()) != PendingQualifier.of(Unknown())
    assert PendingQualifier.of(Unevaluable("x")) != PendingQualifier.of(Unevaluable("x"))
    assert PendingQualifier.of(Unevaluable("x")).shown == "x (known only at apply)"


@pytest.mark.parametrize(("resource", "every_role", "every_resource"), [
    ("arn:aws:iam::123456789012:role/*", True, False),
    ("arn:aws:iam::123456789012:*", True, False),
    ("arn:aws:iam::123456789012*", True, False),  # one '*' spans the account's end and the name
    ("arn:aws:iam::*", True, False),
    ("arn:aws:iam:*", True, False),  # four fields: no account to read
    ("arn:aws:*:*:123456789012:*", True, True),
    ("arn:*", True, True),
    ("arn:aws:iam::123456789012:role/orders-*", False, False),
    ("arn:aws:iam::123456789012:role/organization*", False, False),  # ARNs match case-sensitively
    ("arn:aws:sqs:*:*:*", False, False),
    ("*", False, False),  # '*' itself: covers_every_resource's first test
    (Partial(("arn:aws:iam::", Unknown(frozenset({("data.aws_caller_identity.c", "account_id")})), ":role/*")),
     True, False),  # an account known only at apply is one field, never a wildcard
    (Partial(("arn:aws:iam::123456789012:role/", Unknown(frozenset({("var.x", "")})))), False, False),
])
def test_an_arn_pattern_is_judged_by_what_it_matches(resource, every_role, every_resource):
    roles = ("arn:{partition}:iam::{account}:role/OrganizationAccountAccessRole",)
    assert admits_every(resource, roles) is every_role
    statement = Statement("Allow", ["sqs:SendMessage"], None, [resource], None, None, None)
    assert covers_every_resource(statement) is (every_resource or resource == "*")


def test_a_key_read_at_plan_time_is_judged_by_what_the_data_source_read(tmp_path):
    """A data source read while planning is only in prior_state, and the queue holds its known ARN
    (arn:...:key/<id>): only the read's key_manager (or the alias it was looked up by) says whose
    key it is. Data sources are read, never judged themselves."""
    def queue(name, key_arn):
        return {"address": f"aws_sqs_queue.{name}", "mode": "managed", "type": "aws_sqs_queue", "name": name,
                "change": {"actions": ["create"], "after": {"name": name, "kms_master_key_id": key_arn},
                           "after_unknown": {}}}

    def read(name, key_arn, manager):
        return {"address": f"data.aws_kms_key.{name}", "mode": "data", "type": "aws_kms_key", "name": name,
                "values": {"arn": key_arn, "key_id": key_arn.split("/")[-1], "key_manager": manager}}

    arn = "arn:aws:kms:eu-west-1:111122223333:key/{}".format
    model = Model({"resource_changes": [queue("aws", arn("aaaa")), queue("team", arn("bbbb"))],
                   "prior_state": {"values": {"root_module": {"resources": [
                       read("aws", arn("aaaa"), "AWS"), read("team", arn("bbbb"), "CUSTOMER")]}}}}, tmp_path)
    ctx = SimpleNamespace(model=model, values=model.evaluator, facts=Facts(model, load_config(None, engine.rule_ids())))
    problems = {name: customer_key_problem(ctx, model.by_address[f"aws_sqs_queue.{name}"], "kms_master_key_id")
                for name in ("aws", "team")}
    assert problems == {"aws": f"kms_master_key_id is the AWS-managed key {arn('aaaa')} (read by data.aws_kms_key.aws)",
                        "team": None}
    assert [key.address for key in model.of_type("aws_kms_key")] == []
    assert [key.address for key in model.reads_of_type("aws_kms_key")] == [
        "data.aws_kms_key.aws", "data.aws_kms_key.team"]


@pytest.mark.parametrize(("key", "value", "confines"), [
    ("aws:sourceaccount", Unknown(frozenset({("data.aws_ssm_parameter.account", "value")})), False),  # may hold '*'
    ("aws:sourceaccount", Unknown(frozenset({("data.aws_caller_identity.current", "account_id")})), True),
    ("aws:sourcearn", Partial(("arn:aws:sns:eu-west-1:", Unknown(frozenset({("data.aws_caller_identity.c", "account_id")})),
                               ":alerts")), True),
    ("aws:sourceaccount", 123456789012, True),
    ("aws:principalorgpaths", "o-a1b2c3d4e5/r-ab12/ou-*", True),
    ("aws:principalorgpaths", "o-*/r-ab12/*", False),
    ("aws:principalorgid", "o-a1b2c3d4e5", True),
    ("aws:principalorgid", "o-a1b2*", False),
])
def test_a_condition_value_confines_when_it_names_an_account_or_organisation(key, value, confines):
    conditions = {"StringLike": {key: value}}
    assert scoped_to_account(statement(conditions)) is confines


def _deny(conditions, actions=("sqs:*",), resources=("*",), principals=None):
    return Statement("Deny", list(actions), None, list(resources), None, principals or {"*": ["*"]}, conditions)


@pytest.mark.parametrize(("deny", "fenced"), [
    (_deny({"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}), True),
    (_deny({"StringNotEqualsIfExists": {"aws:SourceAccount": ["123456789012"]}}), True),
    (_deny({"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, actions=("sqs:ReceiveMessage",)), False),
    (_deny({"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, resources=("arn:aws:sqs:eu-west-1:1:q",)), False),
    (_deny({"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, principals={"AWS": ["arn:aws:iam::1:root"]}), False),
    (_deny({"StringNotLike": {"aws:PrincipalOrgID": "o-*"}}), False),
    (_deny({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}), False),  # denies the organisation itself
    (_deny({"Null": {"aws:PrincipalOrgID": "true"}}), False),
    (_deny({"ForAnyValue:StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}), False),
    (_deny({"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}), False),
    (_deny({"StringNotEquals": "o-a1b2c3d4e5"}), False),
    (_deny({"StringNotEquals": {"aws:PrincipalOrgID": []}}), False),
])
def test_a_deny_outside_named_organisations_fences_an_allow_to_everyone(deny, fenced):
    allow = Statement("Allow", ["sqs:SendMessage"], None, ["*"], None, {"*": ["*"]}, None)
    assert fenced_to_account(Policy([allow, deny], "plan"), allow) is fenced
    not_action = Statement("Allow", None, ["sqs:DeleteQueue"], ["*"], None, {"*": ["*"]}, None)
    assert fenced_to_account(Policy([not_action, deny], "plan"), not_action) is False


def test_blocks_written_dynamic_over_a_collection_known_at_apply_are_pending(tmp_path):
    (tmp_path / "main.tf").write_text('''
resource "aws_scheduler_schedule" "s" {
  target {
    dynamic "dead_letter_config" {
      for_each = data.aws_ssm_parameter.flag.value == "on" ? ["dlq"] : []
      content {
        arn = dead_letter_config.value
      }
    }
  }
}
resource "aws_scheduler_schedule" "planned_empty" {
  target {
    dynamic "dead_letter_config" {
      for_each = data.aws_ssm_parameter.flag.value == "on" ? ["dlq"] : []
      content {
        arn = dead_letter_config.value
      }
    }
  }
}
resource "aws_scheduler_schedule" "no_target" {
}
resource "aws_cloudwatch_event_target" "known" {
  dynamic "dead_letter_config" {
    for_each = ["dlq"]
    content {
      arn = dead_letter_config.value
    }
  }
}
''')

    def change(type_, name, after, unknown):
        return {"address": f"{type_}.{name}", "mode": "managed", "type": type_, "name": name,
                "change": {"actions": ["create"], "after": after, "after_unknown": unknown}}

    model = Model({"resource_changes": [
        change("aws_scheduler_schedule", "s", {"target": [{}]}, {"target": [{"dead_letter_config": True}]}),
        change("aws_scheduler_schedule", "planned_empty", {"target": [{}]}, {"target": []}),
        change("aws_scheduler_schedule", "no_target", {"target": []}, {"target": [{"dead_letter_config": True}]}),
        change("aws_cloudwatch_event_target", "known", {}, {"dead_letter_config": True}),
        change("aws_lambda_function", "f", {"publish": False}, {"version": True, "arn": True}),
    ]}, tmp_path)
    ctx = SimpleNamespace(model=model, values=model.evaluator, facts=Facts(model, load_config(None, engine.rule_ids())))
    pending = {address: blocks_pending(ctx, model.by_address[address], *path) for address, path in (
        ("aws_scheduler_schedule.s", ("target", "dead_letter_config")),
        ("aws_scheduler_schedule.planned_empty", ("target", "dead_letter_config")),
        ("aws_scheduler_schedule.no_target", ("target", "dead_letter_config")),
        ("aws_cloudwatch_event_target.known", ("dead_letter_config",)))}
    assert pending == {"aws_scheduler_schedule.s": True, "aws_scheduler_schedule.planned_empty": False,
                       "aws_scheduler_schedule.no_target": False, "aws_cloudwatch_event_target.known": False}
    assert pending["aws_scheduler_schedule.no_target"] is False
    # A function that publishes nothing is invoked as $LATEST, however its version is written.
    written = Partial((Unknown(frozenset({("aws_lambda_function.f", "arn")})), ":",
                       Unknown(frozenset({("aws_lambda_function.f", "version")}))))
    assert _pending_qualifier(ctx, written) is None
