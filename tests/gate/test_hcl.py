"""The HCL reader recovers literal structure and marks everything else Opaque, never guessing."""

from __future__ import annotations

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


def test_parse_literals_refs_and_opaque():
    block = hcl.parse(SOURCE).blocks[0]
    attrs = block.attributes
    assert (block.type, block.labels, block.line) == ("resource", ("aws_iam_policy", "p"), 3)
    assert attrs["policy"] == hcl.Call("jsonencode", ({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["sqs:*"], "Resource": hcl.Ref("aws_sqs_queue.q.arn")}]},))
    for key in ("dynamic_value", "loop", "object_loop", "template", "indexed"):
        assert isinstance(attrs[key], hcl.Opaque), key
    assert attrs["only"] == hcl.Ref("aws_kms_key.k.arn")
    assert attrs["doc"] == '{"Version": "2012-10-17"}\n'
    assert attrs["negative"] == -1
    assert block.children("lifecycle")[0].attributes["ignore_changes"] == [hcl.Ref("tags")]


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
