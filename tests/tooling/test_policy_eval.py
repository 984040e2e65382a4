"""Unit tests of slsguard.policy_eval: the evaluator behind the governance semantics proof."""

from __future__ import annotations

import pytest

from harness.policy_eval import Policy, PolicyError, Request, arn_match, decide, statement_applies
from slsguard.gate.wildcard import wildcard_match

ROLE = "arn:aws:iam::123456789012:role/orders-worker"
ADMIN = Policy("admin", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
FULL_ACCESS = Policy("FullAWSAccess", {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})


def statement(**fields):
    return {"Effect": "Allow", "Action": "*", "Resource": "*", **fields}


def applies(stmt, **request) -> bool:
    return statement_applies(stmt, Request(principal_arn=request.pop("principal_arn", ROLE), **request))


def test_wildcards():
    assert wildcard_match("dynamodb:Get*", "dynamodb:GetItem")
    assert wildcard_match("s3:?etObject", "s3:GetObject") and not wildcard_match("s3:?etObject", "s3:GGetObject")
    assert not wildcard_match("dynamodb:Get*", "dynamodb:getitem", case_sensitive=True)
    assert wildcard_match("dynamodb:Get*", "DYNAMODB:GETITEM")
    assert wildcard_match("orders[1]", "orders[1]")  # brackets are literal, unlike fnmatch
    assert wildcard_match("arn:aws:dynamodb:*:*:table/orders*", "arn:aws:dynamodb:eu-west-1:1:table/orders/index/by-date")


def test_arn_like_is_component_wise():
    assert arn_match("arn:aws:iam::*:role/orders-*", "arn:aws:iam::123456789012:role/orders-worker")
    # In a plain glob "*" would swallow the colons; ArnLike keeps the account in its own part.
    assert not arn_match("arn:aws:iam::*:role/orders-*", "arn:aws:iam:eu-west-1:1:role/orders-x")
    assert not arn_match("arn:aws:iam::*:role/orders-*", "not-an-arn")


def test_actions_are_case_insensitive_and_not_action_inverts():
    assert applies(statement(Action="DynamoDB:putitem"), action="dynamodb:PutItem")
    assert not applies(statement(Action=["sqs:*"]), action="dynamodb:PutItem")
    assert applies({"Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*"}, action="ec2:RunInstances")
    assert not applies({"Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*"}, action="iam:CreateRole")


def test_resource_and_not_resource():
    stmt = statement(Resource="arn:aws:dynamodb:eu-west-1:123456789012:table/orders*")
    assert applies(stmt, action="dynamodb:PutItem", resource="arn:aws:dynamodb:eu-west-1:123456789012:table/orders-items")
    assert not applies(stmt, action="dynamodb:PutItem", resource="arn:aws:dynamodb:eu-west-1:123456789012:table/payments")
    deny = {"Effect": "Deny", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::123456789012:role/orders*"}
    assert applies(deny, action="iam:PassRole", resource="arn:aws:iam::123456789012:role/admin")
    assert not applies(deny, action="iam:PassRole", resource="arn:aws:iam::123456789012:role/orders-worker")


@pytest.mark.parametrize(("condition", "context", "expected"), [
    ({"StringEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}, {"aws:requestedregion": "eu-central-1"}, True),
    ({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}, {"aws:RequestedRegion": "us-east-1"}, False),
    ({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}, {}, False),
    # Negated operators: true when the key is missing or matches none of the values.
    ({"StringNotEquals": {"iam:PermissionsBoundary": "arn:b"}}, {}, True),
    ({"StringNotEquals": {"iam:PermissionsBoundary": "arn:b"}}, {"iam:PermissionsBoundary": "arn:b"}, False),
    ({"StringNotLike": {"iam:PermissionsBoundary": "arn:aws:iam::*:policy/b"}},
     {"iam:PermissionsBoundary": "arn:aws:iam::1:policy/b"}, False),
    ({"StringLike": {"cloudwatch:namespace": "orders*"}}, {"cloudwatch:namespace": "orders/app"}, True),
    ({"StringLike": {"cloudwatch:namespace": "orders*"}}, {"cloudwatch:namespace": "AWS/Lambda"}, False),
    ({"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/break-glass"]}}, {}, True),
    ({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/orders-*"}}, {}, True),
    ({"ArnEquals": {"aws:PrincipalArn": ROLE}}, {}, True),
    ({"ArnNotEquals": {"aws:PrincipalArn": ROLE}}, {}, False),
    ({"Bool": {"aws:SecureTransport": "false"}}, {"aws:SecureTransport": False}, True),
    ({"Bool": {"aws:SecureTransport": "false"}}, {"aws:SecureTransport": "true"}, False),
    ({"Null": {"aws:TokenIssueTime": "true"}}, {}, True),
    ({"Null": {"aws:TokenIssueTime": "false"}}, {}, False),
    ({"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}, {}, True),
    ({"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}, {"aws:SourceVpc": "vpc-2"}, False),
    ({"ForAnyValue:StringLike": {"kms:ResourceAliases": "alias/orders*"}},
     {"kms:ResourceAliases": ["alias/payments", "alias/orders-data"]}, True),
    ({"ForAnyValue:StringLike": {"kms:ResourceAliases": "alias/orders*"}}, {"kms:ResourceAliases": ["alias/payments"]}, False),
    ({"ForAnyValue:StringLike": {"kms:ResourceAliases": "alias/orders*"}}, {}, False),
    ({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}, {"aws:TagKeys": ["team"]}, True),
    ({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}, {"aws:TagKeys": ["team", "owner"]}, False),
    ({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}, {}, True),
    ({"ForAllValues:StringNotLike": {"aws:TagKeys": ["aws*"]}}, {"aws:TagKeys": ["team", "awsx"]}, False),
    # Several operators and keys are ANDed.
    ({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}, "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}},
     {"aws:RequestedRegion": "eu-west-1"}, False),
])
def test_conditions(condition, context, expected):
    assert applies(statement(Condition=condition), action="s3:GetObject", context=context) is expected


@pytest.mark.parametrize(("stmt", "context", "message"), [
    (statement(Condition={"NumericLessThan": {"s3:max-keys": "10"}}), {}, "unsupported condition operator"),
    (statement(Condition={"ForSomeValues:StringEquals": {"k": "v"}}), {}, "unsupported set qualifier"),
    (statement(Condition={"StringEquals": {"aws:TagKeys": "a"}}), {"aws:TagKeys": ["a"]}, "multi-valued"),
    (statement(Resource="arn:aws:s3:::${aws:username}/*"), {}, "policy variables"),
    (statement(Principal="*"), {}, "Principal"),
    ({"Effect": "Allow", "Resource": "*"}, {}, "Action and NotAction"),
    ({"Effect": "Allow", "Action": "*"}, {}, "Resource and NotResource"),
    ({"Effect": "Maybe", "Action": "*", "Resource": "*"}, {}, "Effect"),
])
def test_what_it_cannot_judge_is_an_error(stmt, context, message):
    with pytest.raises(PolicyError, match=message):
        applies(stmt, action="s3:GetObject", resource="arn:aws:s3:::bucket/key", context=context)


def test_explicit_deny_beats_every_allow():
    deny = Policy("boundary", {"Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Sid": "NoKeys", "Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}]})
    decision = decide(Request(ROLE, "iam:CreateAccessKey"), [ADMIN], deny)
    assert not decision.allowed and decision.reason == "explicit deny by boundary:NoKeys"


def test_boundary_caps_the_identity_policy():
    boundary = Policy("boundary", {"Statement": [{"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "*"}]})
    allowed = decide(Request(ROLE, "dynamodb:PutItem"), [ADMIN], boundary)
    assert allowed.allowed and allowed.reason == "allowed by boundary:#0, admin:#0"
    capped = decide(Request(ROLE, "s3:GetObject"), [ADMIN], boundary)
    assert not capped.allowed and "boundary boundary does not allow" in capped.reason
    # The boundary grants nothing by itself.
    nothing = decide(Request(ROLE, "dynamodb:PutItem"), [], boundary)
    assert not nothing.allowed and "no identity policy" in nothing.reason


def test_every_scp_level_must_allow():
    only_sqs = Policy("only-sqs", {"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]})
    assert decide(Request(ROLE, "sqs:SendMessage"), [ADMIN], scp_levels=[[FULL_ACCESS], [only_sqs]]).allowed
    blocked = decide(Request(ROLE, "dynamodb:PutItem"), [ADMIN], scp_levels=[[FULL_ACCESS], [only_sqs]])
    assert not blocked.allowed and "level 1 (only-sqs)" in blocked.reason
    denied = decide(Request(ROLE, "sqs:SendMessage"), [ADMIN], scp_levels=[[FULL_ACCESS, Policy("g", {"Statement": [
        {"Sid": "NoSqs", "Effect": "Deny", "Action": "sqs:*", "Resource": "*"}]})]])
    assert not denied.allowed and denied.reason == "explicit deny by g:NoSqs"


def test_region_comes_from_the_request():
    deny = Policy("scp", {"Statement": [{"Sid": "Region", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
                                         "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}}]})
    assert not decide(Request(ROLE, "sqs:SendMessage", region="us-east-1"), [ADMIN], scp_levels=[[FULL_ACCESS, deny]]).allowed
    assert decide(Request(ROLE, "sqs:SendMessage", region="eu-west-1"), [ADMIN], scp_levels=[[FULL_ACCESS, deny]]).allowed
    assert decide(Request(ROLE, "iam:ListRoles", region="us-east-1"), [ADMIN], scp_levels=[[FULL_ACCESS, deny]]).allowed


def test_empty_statement_list_is_an_error():
    with pytest.raises(PolicyError, match="Statement"):
        decide(Request(ROLE, "s3:GetObject"), [Policy("empty", {"Statement": []})])
