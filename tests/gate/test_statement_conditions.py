"""What confines a statement to an account or organisation (SLS-IAM-007/008), and which condition
values a statement requires (SLS-DLV-003/004, SLS-IAM-010)."""

from __future__ import annotations

import pytest

from slsguard.gate.policy import Statement
from slsguard.gate.values import Unknown
from slsguard.rules._shared import condition_values, covers_every_resource, scoped_to_account


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
