"""The HCL reader recovers literal structure and marks everything else Opaque, never guessing."""

from __future__ import annotations

import re

import pytest

from slsguard.gate import hcl

SOURCE = '''
# comment
resource "aws_iam_policy" "p" {
  name = "p" // trailing
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", "Action" : ["sqs:*"], Resource = aws_sqs_queue.q.arn }]
  })
  /* block
     comment */
  dynamic_value = var.on ? "a" : "b"
  loop          = [for x in var.items : x.arn]
  object_loop   = {
    for k, v in var.m : k => v
  }
  template = "${var.name}-dlq"
  only     = "${aws_kms_key.k.arn}"
  doc      = <<-EOT
    {"Version": "2012-10-17"}
  EOT
  negative = -1
  indexed  = split(",", var.x)[0]
  lifecycle {
    ignore_changes = [tags]
  }
}
'''


def test_parse_blocks_attributes_and_expression_trees():
    block = hcl.parse(SOURCE).blocks[0]
    attrs = block.attributes
    assert (block.type, block.labels, block.line) == ("resource", ("aws_iam_policy", "p"), 3)
    policy = attrs["policy"]
    assert isinstance(policy, hcl.Call) and policy.name == "jsonencode"
    document = policy.args[0]
    assert hcl.literal(document.items[0][1]) == "2012-10-17"
    statement = document.items[1][1].items[0]
    assert [hcl.literal(key) for key, _ in statement.items] == ["Effect", "Action", "Resource"]
    assert hcl.traversal(statement.items[2][1]) == "aws_sqs_queue.q.arn"
    assert isinstance(attrs["dynamic_value"], hcl.Conditional)
    assert isinstance(attrs["loop"], hcl.ForExpr) and attrs["loop"].key is None
    assert isinstance(attrs["object_loop"], hcl.ForExpr) and hcl.traversal(attrs["object_loop"].key) == "k"
    assert isinstance(attrs["template"], hcl.Template)
    assert [p if isinstance(p, str) else hcl.traversal(p) for p in attrs["template"].parts] == ["var.name", "-dlq"]
    assert hcl.traversal(attrs["only"]) == "aws_kms_key.k.arn"  # "${x}" is x itself
    assert hcl.literal(attrs["doc"]) == '{"Version": "2012-10-17"}\n'
    assert hcl.literal(attrs["negative"]) == -1
    assert isinstance(attrs["indexed"], hcl.Index) and isinstance(attrs["indexed"].source, hcl.Call)
    assert hcl.traversal(block.children("lifecycle")[0].attributes["ignore_changes"].items[0]) == "tags"
    # Each attribute keeps its source text on one line, for messages and generated docs.
    assert block.texts["loop"] == "[for x in var.items : x.arn]"
    assert block.texts["object_loop"] == "{ for k, v in var.m : k => v }"


@pytest.mark.parametrize(("text", "shape"), [
    ("a ? b : c ? d : e", "Conditional"), ("a || b && c", "Binary"), ("!a", "Unary"),
    ("x[*].arn", "Splat"), ("x.*.arn", "Splat"), ("f(xs...)", "Call"), ('x["k"].y[0]', "Index"),
    ("{ for k, v in m : v => k... if k != \"x\" }", "ForExpr"), ('"a${b}c%{ if d }e%{ endif }"', "Template"),
])
def test_expression_shapes(text, shape):
    assert type(hcl.parse_expression(text)).__name__ == shape


@pytest.mark.parametrize(("text", "roots"), [
    ("aws_sqs_queue.q[count.index].arn", {"aws_sqs_queue", "count"}),
    ('[for k, v in var.m : "${each.key}-${k}" if v != null]', {"var", "each", "k", "v"}),
    ("merge(local.a, { b = aws_x.y[*].id }, module.m.out)", {"local", "aws_x", "module"}),
    ('"%{ for a in data.x.y.list }${a}%{ endfor }%{ if path.module != "" }z%{ endif }"', {"data", "a", "path"}),
    ('c ? -self.n : "literal"', {"c", "self"}),
    ('"no references"', set()),
])
def test_root_names_are_where_every_traversal_starts(text, roots):
    assert hcl.root_names(hcl.parse_expression(text)) == roots


def test_operator_precedence():
    node = hcl.parse_expression("1 + 2 * 3 == 7 && true")
    assert node.op == "&&" and node.left.op == "==" and node.left.left.op == "+" and node.left.left.right.op == "*"


@pytest.mark.parametrize(("text", "message"), [
    ('x = "%{ if a }b"\n', "%{if} without %{endif}"),
    ('x = "%{ for a in b }c%{ endif }"\n', "unexpected template directive %{endif}"),
    ('x = "%{ for a in b }c%{ else }d%{ endfor }"\n', "unexpected template directive %{else}"),
    ('x = "%{ if a }b%{ else }c%{ else }d%{ endif }"\n', "unexpected template directive %{else}"),
    ('x = "a%{ endfor }"\n', "unexpected template directive %{endfor}"),
    ('x = "%{ while a }b"\n', "unexpected template directive %{while a}"),
])
def test_template_directives_that_do_not_pair_are_syntax_errors(text, message):
    with pytest.raises(hcl.HclSyntaxError, match=re.escape(message)):
        hcl.parse(text)


def test_template_directives_nest_and_strip_whitespace_beside_a_tilde():
    node = hcl.parse_expression('"[ %{~ for k, v in m ~}  ${k}%{ if v }!%{ else }?%{ endif }  %{~ endfor ~} ]"')
    first, loop, last = node.parts
    assert (first, last) == ("[", "]")  # both sides of the loop lost their blanks to the tildes
    assert isinstance(loop, hcl.TemplateFor) and (loop.key_var, loop.value_var) == ("k", "v")
    body = loop.body.parts
    assert isinstance(body[0], hcl.Variable) and isinstance(body[1], hcl.TemplateIf) and len(body) == 2
    assert [p for p in body[1].then.parts] == ["!"] and [p for p in body[1].other.parts] == ["?"]


@pytest.mark.parametrize("text", ['resource "a" "b" {\n  x = "unterminated\n}\n', 'resource "a" "b" {\n  x = 1\n',
                                  'resource "a" "b" {\n  x = (1\n}\n', 'x = <<EOT\nno end\n'])
def test_syntax_errors_are_reported(text):
    with pytest.raises(hcl.HclSyntaxError):
        hcl.parse(text)


UNBALANCED = [
    'variable "x" {\n type = map(string\n}',
    'variable "x" {\n type = \n}',
    'resource "a" "b" {\n x = [1,2\n}',
    'locals {\n a = {\n',
    'locals {\n a = f(1, ]\n}',
]


def _every_damaged_variant(text: str):
    brackets = [index for index, char in enumerate(text) if char in "{}[]()\""]
    for index in brackets:
        yield text[:index] + text[index + 1:]  # one bracket or quote removed
        yield text[:index]  # cut just before it


@pytest.mark.parametrize("text", [*UNBALANCED, *_every_damaged_variant(SOURCE)])
def test_damaged_source_parses_or_raises_a_syntax_error(text):
    import signal

    def hung(signum, frame):
        raise AssertionError("the HCL reader did not terminate on damaged input")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)  # a bound against regressions to an endless loop, not a speed assertion
    try:
        try:
            result = hcl.parse(text)
        except hcl.HclSyntaxError as error:
            assert str(error).startswith("line ") or "unterminated" in str(error)
        else:
            assert isinstance(result, hcl.Block)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_module_indexes_its_provider_blocks_by_name_and_alias(tmp_path):
    (tmp_path / "providers.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'provider "aws" {\n  alias  = "dr"\n  region = var.dr_region\n}\n')
    providers = hcl.read_module(tmp_path).providers
    assert sorted(providers, key=str) == [("aws", "dr"), ("aws", None)]
    assert hcl.literal(providers[("aws", None)].attributes["region"]) == "eu-west-1"
    assert providers[("aws", "dr")].texts["region"] == "var.dr_region"
