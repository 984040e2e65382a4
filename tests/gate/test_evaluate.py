"""The evaluation layer computes configuration expressions as terraform does, keeps what is only
known at apply as Unknown values that name their resource, and says why when it cannot compute."""

from __future__ import annotations

from pathlib import Path

import pytest

from slsguard.gate import hcl
from slsguard.gate.evaluate import Scope
from slsguard.gate.model import Model
from slsguard.gate.values import Encoded, Partial, Unevaluable, Unknown, decode_json

SOURCE = '''
variable "grants" {
  type = map(object({
    table_arn = optional(string)
    queue_arn = optional(string)
    access    = optional(string, "read")
  }))
  default = {}
}
locals {
  names   = ["a", "b"]
  by_name = { for name in local.names : name => upper(name) }
}
resource "aws_sqs_queue" "q" {
  for_each = toset(["a", "b"])
  name     = "q-${each.key}"
}
'''


def _change(address, after, unknown):
    name = address.split(".")[1].split("[")[0]
    return {"address": address, "mode": "managed", "type": "aws_sqs_queue", "name": name,
            "change": {"actions": ["create"], "after": after, "after_unknown": unknown}}


@pytest.fixture()
def model(tmp_path: Path) -> Model:
    (tmp_path / "main.tf").write_text(SOURCE)
    plan = {
        "variables": {"grants": {"value": {"orders": {"table_arn": "arn:aws:dynamodb:eu-west-1:1:table/o"}}}},
        "resource_changes": [
            _change('aws_sqs_queue.q["a"]', {"name": "q-a"}, {"arn": True}),
            _change('aws_sqs_queue.q["b"]', {"name": "q-b"}, {"arn": True}),
        ],
        "configuration": {"root_module": {}},
    }
    return Model(plan, tmp_path)


def evaluate(model: Model, text: str, **symbols):
    evaluator = model.evaluator
    scope = Scope("", model.module_source(()), symbols=symbols)
    return evaluator.value(hcl.parse_expression(text), scope)


@pytest.mark.parametrize(("text", "expected"), [
    ('[for k, v in {b = 2, a = 1} : "${k}=${v}" if v > 1]', ["b=2"]),
    ("{ for x in [1, 2, 3] : (x % 2 == 0 ? \"even\" : \"odd\") => x... }", {"odd": [1, 3], "even": [2]}),
    ('merge({ a = 1 }, { b = 2 }, null)', {"a": 1, "b": 2}),
    ('flatten([[1], [[2, 3]], []])', [1, 2, 3]),
    ('concat(["a"], ["b", "c"])[2]', "c"),
    ('lookup({ a = "x" }, "b", "default")', "default"),
    ('try({ a = 1 }.b, [][0], "fallback")', "fallback"),
    ('can({ a = 1 }.b)', False),
    ('coalesce(null, "", "first")', "first"),
    ('format("%s-%03d %q", "id", 7, "q")', 'id-007 "q"'),
    ('toset(["b", "a", "b"])', ["a", "b"]),
    ('keys({ b = 1, a = 2 })', ["a", "b"]),
    ('values({ b = 1, a = 2 })', [2, 1]),
    ('length(local.by_name)', 2),
    ('local.by_name["b"]', "B"),
    ('jsonencode({ b = [1, true], a = null })', '{"a":null,"b":[1,true]}'),
    ('jsondecode("{\\"k\\": [1]}").k[0]', 1),
    ('one([])', None),
    ('split(":", "arn:aws:sqs")[2]', "sqs"),
    ('var.grants.orders.access', "read"),  # an optional attribute's default, from the type
    ('var.grants.orders.queue_arn == null', True),  # an optional attribute without default is null
    ('[for s in ["x", "y"] : s][*]', ["x", "y"]),
    ('x.arn', "arn:1"),
])
def test_expressions(model, text, expected):
    symbols = {"x": {"arn": "arn:1"}}
    assert evaluate(model, text, **symbols) == expected


def test_resource_attributes_unknown_at_plan_keep_their_source(model):
    value = evaluate(model, 'aws_sqs_queue.q["b"].arn')
    assert isinstance(value, Unknown) and value.sources == frozenset({('aws_sqs_queue.q["b"]', "arn")})
    assert value.describe() == 'the arn of aws_sqs_queue.q["b"]'
    every = evaluate(model, "[for q in aws_sqs_queue.q : q.arn]")
    assert [v.addresses for v in every] == [['aws_sqs_queue.q["a"]'], ['aws_sqs_queue.q["b"]']]
    assert evaluate(model, 'aws_sqs_queue.q["a"].name') == "q-a"


def test_unknown_values_flow_through_templates_and_jsonencode(model):
    arn = 'aws_sqs_queue.q["a"].arn'
    partial = evaluate(model, f'"${{{arn}}}/index/*"')
    assert isinstance(partial, Partial) and partial.addresses == ['aws_sqs_queue.q["a"]']
    encoded = evaluate(model, f'jsonencode({{ Resource = [{arn}, "*"] }})')
    assert isinstance(encoded, Encoded)
    assert isinstance(encoded.document["Resource"][0], Unknown) and encoded.document["Resource"][1] == "*"
    heredoc = hcl.parse('policy = <<EOT\n{"Resource": "${' + arn + '}"}\nEOT\n').attributes["policy"]
    decoded = decode_json(model.evaluator.value(heredoc, Scope("", model.module_source(()))))
    assert decoded["Resource"].addresses == ['aws_sqs_queue.q["a"]']
    # A resource ARN is never null, even before apply: comparisons with null are decided.
    assert evaluate(model, f"{arn} != null") is True


def test_what_cannot_be_evaluated_says_why(model):
    assert "strrev" in evaluate(model, 'strrev("x")').reason
    assert "local.nowhere" in evaluate(model, "local.nowhere").reason
    assert "local.nowhere" in evaluate(model, '"%{ for x in local.nowhere }${x}%{ endfor }"').reason
    assert isinstance(evaluate(model, "timestamp()"), Unknown) and not evaluate(model, "timestamp()").traced


def test_an_unknown_says_where_it_comes_from_in_its_message():
    sources = frozenset({("aws_sqs_queue.q", "arn"), ("aws_sqs_queue.r", "arn"), ("aws_kms_key.k", "arn"),
                         ("aws_sns_topic.t", "arn")})
    assert Unknown(sources).describe() == ("the arn of aws_kms_key.k, arn of aws_sns_topic.t, arn of "
                                           "aws_sqs_queue.q and 1 more")
    three = frozenset(list(sorted(sources))[:3])
    assert Unknown(three).describe().endswith("arn of aws_sqs_queue.q")
    assert Unknown(expression="timestamp()").describe() == "`timestamp()`"
    assert Unknown().describe() == "a value known only after apply"


def test_a_policy_with_a_value_that_cannot_be_computed_cannot_be_judged():
    from slsguard.gate.policy import Unjudgeable, policy_from_value

    document = {"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage",
                               "Resource": [Unevaluable("the function foo() is not evaluated by slsguard")]}]}
    judged = policy_from_value(None, Encoded(document))
    assert isinstance(judged, Unjudgeable) and judged.reason == "the function foo() is not evaluated by slsguard"


def test_a_condition_known_only_at_apply_keeps_every_branch_in_view(model):
    """Either branch may be the value: two resources are still traced (one of them), but a branch
    known now (an AWS-managed alias) is a value no source names, so the result is untraced."""
    both = evaluate(model, 'aws_sqs_queue.q["a"].arn == "" ? aws_sqs_queue.q["a"].arn : aws_sqs_queue.q["b"].arn')
    assert isinstance(both, Unknown) and {'aws_sqs_queue.q["b"]', 'aws_sqs_queue.q["a"]'} <= set(both.addresses)
    literal = evaluate(model, 'aws_sqs_queue.q["a"].arn == "" ? aws_sqs_queue.q["b"].arn : "alias/aws/sqs"')
    assert isinstance(literal, Unknown) and not literal.traced
    assert literal.describe().startswith("`") and "alias/aws/sqs" in literal.describe()
