"""Relationships the gate follows from values: an ARN names a resource of its own service only."""

from __future__ import annotations

from slsguard.gate.config import load_config
from slsguard.gate import engine
from slsguard.gate.facts import Facts
from slsguard.gate.model import Model


def _change(type_, name, after):
    return {"address": f"{type_}.{name}", "mode": "managed", "type": type_, "name": name,
            "change": {"actions": ["create"], "after": after, "after_unknown": {}}}


def test_an_arn_names_a_resource_of_its_own_service_only():
    plan = {"resource_changes": [
        _change("aws_sqs_queue", "orders", {"name": "orders", "arn": "arn:aws:sqs:eu-west-1:111122223333:orders"}),
        _change("aws_dynamodb_table", "orders", {"name": "orders", "arn": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"}),
    ], "configuration": {"root_module": {}}}
    facts = Facts(Model(plan, None), load_config(None, engine.rule_ids()))
    both = ("aws_sqs_queue", "aws_dynamodb_table")
    by_queue_arn = facts.link_value("arn:aws:sqs:eu-west-1:111122223333:orders", both).targets
    assert [t.address for t in by_queue_arn] == ["aws_sqs_queue.orders"]
    by_url = facts.link_value("https://sqs.eu-west-1.amazonaws.com/111122223333/orders", both).targets
    assert [t.address for t in by_url] == ["aws_sqs_queue.orders"]
    by_stream = facts.link_value("arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026", both).targets
    assert [t.address for t in by_stream] == ["aws_dynamodb_table.orders"]
    assert sorted(t.address for t in facts.link_value("orders", both).targets) == [
        "aws_dynamodb_table.orders", "aws_sqs_queue.orders"]  # a bare name may be either
