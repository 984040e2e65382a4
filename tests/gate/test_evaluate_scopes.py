"""Scopes of the evaluation layer: root variables and their defaults, module inputs and outputs
through two levels of modules, locals, resources and modules used as values (for_each maps, count
lists, single instances), each/count of an instance, path.*, file(), which attributes are written
in the source, and what the gate says when one of these cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from slsguard.gate import hcl
from slsguard.gate.evaluate import Scope
from slsguard.gate.model import Model
from slsguard.gate.values import Encoded, Unevaluable, Unknown

ROOT = '''
variable "env" { type = string }
variable "retention" {
  type    = number
  default = "60"
}
variable "owner" {}
locals {
  prefix = "app-${var.env}"
  # A refactoring slip: two locals defined by each other.
  primary   = local.secondary
  secondary = local.primary
}
resource "aws_sqs_queue" "q" {
  for_each      = toset(["a", "b"])
  name          = "${local.prefix}-${each.key}"
  delay_seconds = var.retention
}
resource "aws_sqs_queue" "c" {
  count = 2
  name  = "c-${count.index}"
}
resource "aws_sqs_queue" "single" {
  name = "single"
}
resource "aws_sqs_queue" "optional" {
  for_each = toset([])
  name     = each.key
}
resource "aws_sqs_queue" "disabled" {
  count = 0
  name  = "never"
}
data "aws_iam_policy_document" "per_queue" {
  for_each = {}
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  dynamic "vpc_config" {
    for_each = var.env == "prod" ? [1] : []
    content {
      subnet_ids = ["subnet-1"]
    }
  }
  dead_letter_config {
    target_arn = aws_sqs_queue.single.arn
  }
  environment {
    variables = { STAGE = var.env }
  }
}
module "svc" {
  source   = "./modules/svc"
  for_each = { orders = "o", billing = "b" }
  code     = "${each.key}-${each.value}"
}
module "workers" {
  source = "./modules/svc"
  count  = 2
  code   = "w${count.index}"
}
module "one" {
  source = "./modules/svc"
  code   = "single"
}
module "unplanned" {
  source   = "./modules/svc"
  for_each = local.regions
  code     = each.key
}
module "flagged" {
  source = "./modules/svc"
  count  = var.env == "prod"
  code   = "flag"
}
module "loop" {
  source = "./modules/svc"
  code   = module.loop.code
}
module "shared" {
  source = "../shared"
}
'''

SERVICE = '''
variable "code" { type = string }
variable "retention" { default = 14 }
variable "computed_default" { default = upper("x") }
module "inner" {
  source = "./inner"
  label  = "${var.code}-inner"
}
resource "aws_sqs_queue" "dlq" {
  name = "${var.code}-dlq"
}
output "code" { value = var.code }
output "label" { value = module.inner.label }
output "dlq_arn" { value = aws_sqs_queue.dlq.arn }
output "documented_only" { description = "an output without a value" }
output "here" { value = path.module }
output "root" { value = path.root }
output "policy" { value = file("${path.module}/policy.json") }
'''

INNER = '''
variable "label" { type = string }
output "label" { value = upper(var.label) }
'''


def _change(address, type_, after, unknown, module=""):
    name = address.removeprefix(f"{module}.").split(".")[1].split("[")[0]
    change = {"address": address, "mode": "managed", "type": type_, "name": name,
              "change": {"actions": ["create"], "after": after, "after_unknown": unknown}}
    if module:
        change["module_address"] = module
    return change


def _svc_call():
    return {"source": "./modules/svc", "module": {"module_calls": {"inner": {"source": "./inner", "module": {}}}}}


PLAN = {
    "variables": {"env": {"value": "prod"}},
    "resource_changes": [
        _change('aws_sqs_queue.q["a"]', "aws_sqs_queue", {}, {"name": True, "arn": True}),
        _change('aws_sqs_queue.q["b"]', "aws_sqs_queue", {}, {"name": True, "arn": True}),
        # terraform lists count instances in the order it likes: the gate orders them by index.
        _change("aws_sqs_queue.c[1]", "aws_sqs_queue", {}, {"name": True, "arn": True}),
        _change("aws_sqs_queue.c[0]", "aws_sqs_queue", {}, {"name": True, "arn": True}),
        _change("aws_sqs_queue.single", "aws_sqs_queue", {"name": "single"}, {"arn": True}),
        _change("aws_lambda_function.fn", "aws_lambda_function",
                {"function_name": "fn", "dead_letter_config": [{"target_arn": None}],
                 "environment": [{"variables": {"STAGE": "prod"}}]},
                {"arn": True, "dead_letter_config": [{"target_arn": True}]}),
        _change('module.svc["orders"].aws_sqs_queue.dlq', "aws_sqs_queue", {"name": "orders-o-dlq"},
                {"arn": True}, module='module.svc["orders"]'),
    ],
    "configuration": {"root_module": {"module_calls": {
        name: _svc_call() for name in ("svc", "workers", "one", "unplanned", "flagged", "loop")} | {
        "shared": {"source": "../shared", "module": {}}}}},
}


@pytest.fixture()
def model(tmp_path: Path) -> Model:
    root = tmp_path / "root"
    (root / "modules" / "svc" / "inner").mkdir(parents=True)
    (root / "main.tf").write_text(ROOT)
    (root / "modules" / "svc" / "main.tf").write_text(SERVICE)
    (root / "modules" / "svc" / "policy.json").write_text('{"Version": "2012-10-17"}\n')
    (root / "modules" / "svc" / "inner" / "main.tf").write_text(INNER)
    # A module from a sibling checkout, outside the root directory.
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "main.tf").write_text('output "here" { value = path.module }\n')
    return Model(PLAN, root)


def evaluate(model: Model, text: str, module: str = ""):
    evaluator = model.evaluator
    return evaluator.value(hcl.parse_expression(text), evaluator.module_scope(module))


def resource(model: Model, address: str):
    return model.by_address[address]


# -- resources as values --------------------------------------------------------------------------
def test_a_resource_reference_is_its_instance_map_list_or_object(model):
    assert evaluate(model, "keys(aws_sqs_queue.q)") == ["a", "b"]
    names = evaluate(model, "[for q in aws_sqs_queue.c : q.arn]")
    assert [n.addresses for n in names] == [["aws_sqs_queue.c[0]"], ["aws_sqs_queue.c[1]"]]
    assert evaluate(model, "aws_sqs_queue.single.name") == "single"
    # Every attribute of the instance, the ones known only after apply included: jsonencode keeps
    # them as Unknown (it once failed on them as "jsonencode() called with 1 argument(s)").
    encoded = evaluate(model, "jsonencode(aws_sqs_queue.single)")
    assert isinstance(encoded, Encoded) and sorted(encoded.document) == ["arn", "name"]
    assert encoded.document["name"] == "single" and encoded.document["arn"].addresses == ["aws_sqs_queue.single"]


def test_a_resource_with_no_instance_is_an_empty_map_or_list_by_its_source(model):
    """for_each over an empty set, count = 0: the plan has no instance at all, the source says
    which empty collection the reference is (a `for` over it yields nothing, it is no error)."""
    assert evaluate(model, "aws_sqs_queue.optional") == {}
    assert evaluate(model, "aws_sqs_queue.disabled") == []
    assert evaluate(model, "data.aws_iam_policy_document.per_queue") == {}
    missing = evaluate(model, "aws_sqs_queue.nowhere")
    assert isinstance(missing, Unevaluable) and missing.reason == "aws_sqs_queue.nowhere is not in the plan"


# -- each and count of an instance ----------------------------------------------------------------
def test_an_attribute_unknown_in_the_plan_is_evaluated_with_its_instance_key(model):
    evaluator = model.evaluator
    assert evaluator.attribute(resource(model, 'aws_sqs_queue.q["b"]'), "name") == "app-prod-b"
    assert evaluator.attribute(resource(model, "aws_sqs_queue.c[1]"), "name") == "c-1"
    assert evaluator.attribute(resource(model, "aws_sqs_queue.c[0]"), "name") == "c-0"
    # Known in the plan: the planned value, nested blocks through their first element.
    assert evaluator.attribute(resource(model, "aws_lambda_function.fn"), "function_name") == "fn"
    assert evaluator.attribute(resource(model, "aws_lambda_function.fn"), "environment", "variables") == {
        "STAGE": "prod"}
    target = evaluator.attribute(resource(model, "aws_lambda_function.fn"), "dead_letter_config", "target_arn")
    assert isinstance(target, Unknown) and target.addresses == ["aws_sqs_queue.single"]


def test_only_an_expression_that_names_each_or_count_is_given_its_instance(model):
    """An instance's for_each element costs evaluating the whole collection once per module
    instance: an expression that names neither each nor count is evaluated in its module's scope."""
    queue = resource(model, 'aws_sqs_queue.q["b"]')
    _, scope = model.evaluator.written(queue, "name")
    assert scope.each == ("b", "b")
    node, scope = model.evaluator.written(queue, "delay_seconds")
    assert scope.each is None and scope.count is None and scope.module == ""
    assert model.evaluator.value(node, scope) == 60


DYNAMIC = '''
data "aws_iam_policy_document" "d" {
  statement {
    sid = "first"
  }
  dynamic "statement" {
    for_each = { b = "arn:b", a = "arn:a" }
    content {
      sid       = statement.key
      resources = [statement.value]
    }
  }
  dynamic "condition" {
    for_each = ["not a statement"]
    content {
      test = condition.value
    }
  }
  dynamic "statement" {
    for_each = ["x"]
    iterator = grant
    content {
      sid       = grant.value
      resources = [grant.key]
    }
  }
}
'''


def test_dynamic_blocks_expand_in_place_in_terraforms_order(model):
    """A map in key order, a list in order; a list's key is unknown here (a set's key is its
    element, a list's its index, and the gate holds both as lists)."""
    block = hcl.parse(DYNAMIC).blocks[0]
    evaluator = model.evaluator
    expanded = evaluator.expand(block, "statement", evaluator.module_scope(""))
    sids = [evaluator.value(b.attributes["sid"], scope) for b, scope in expanded]
    assert sids == ["first", "a", "b", "x"]
    assert evaluator.value(expanded[1][0].attributes["resources"], expanded[1][1]) == ["arn:a"]
    key = evaluator.value(expanded[3][0].attributes["resources"], expanded[3][1])
    assert isinstance(key[0], Unevaluable) and key[0].reason == "grant.key of a dynamic statement block over a list or set"
    unknown = hcl.parse(DYNAMIC.replace('["x"]', "aws_sqs_queue.single.arn")).blocks[0]
    assert evaluator.expand(unknown, "statement", evaluator.module_scope("")) is None
    # What terraform itself refuses (no content, no for_each) is not expanded either.
    for broken in ('dynamic "statement" {\n  for_each = ["x"]\n}', 'dynamic "statement" {\n  content {}\n}'):
        block = hcl.parse(f'data "aws_iam_policy_document" "d" {{\n{broken}\n}}').blocks[0]
        assert evaluator.expand(block, "statement", evaluator.module_scope("")) is None


def test_a_plan_out_of_step_with_its_source_invents_no_each_or_count(tmp_path):
    """The plan names instances the source no longer makes (a for_each key removed, count replaced
    by nothing): each/count of such an instance are not guessed."""
    (tmp_path / "main.tf").write_text('''
resource "aws_sqs_queue" "q" {
  for_each = toset(["a"])
  name     = "q-${each.value}"
}
resource "aws_sqs_queue" "single" {
  name = "single-${count.index}"
}
''')
    plan = {"resource_changes": [
        _change('aws_sqs_queue.q["gone"]', "aws_sqs_queue", {}, {"name": True}),
        _change("aws_sqs_queue.single[0]", "aws_sqs_queue", {}, {"name": True}),
    ], "configuration": {"root_module": {}}}
    model = Model(plan, tmp_path)
    evaluator = model.evaluator
    gone = evaluator.resource_scope(model.by_address['aws_sqs_queue.q["gone"]'])
    assert gone.each[0] == "gone" and gone.count is None
    assert gone.each[1].reason == "the for_each element 'gone' cannot be evaluated"
    single = evaluator.resource_scope(model.by_address["aws_sqs_queue.single[0]"])
    assert single.each is None and single.count is None
    name = evaluator.attribute(model.by_address["aws_sqs_queue.single[0]"], "name")
    assert isinstance(name, Unevaluable) and name.reason == "count is used outside count"


def test_an_instance_of_a_removed_module_call_has_no_each(model):
    """A plan that destroys module.gone["a"]: the call is no longer in the source."""
    scope = model.evaluator.module_scope('module.gone["a"]')
    assert scope.module == 'module.gone["a"]' and scope.each is None and scope.count is None
    value = model.evaluator.variable('module.gone["a"]', "code")
    assert isinstance(value, Unevaluable) and value.reason == 'the module block of module.gone["a"] cannot be read'


# -- modules as values ----------------------------------------------------------------------------
def test_module_outputs_through_two_levels_and_each_instance(model):
    assert evaluate(model, 'module.svc["orders"].label') == "ORDERS-O-INNER"
    assert evaluate(model, "{ for k, m in module.svc : k => m.code }") == {"billing": "billing-b",
                                                                          "orders": "orders-o"}
    assert evaluate(model, "module.workers[1].code") == "w1"
    assert evaluate(model, "[for w in module.workers : w.label]") == ["W0-INNER", "W1-INNER"]
    assert evaluate(model, "module.one.label") == "SINGLE-INNER"
    arn = evaluate(model, 'module.svc["orders"].dlq_arn')
    assert isinstance(arn, Unknown) and arn.addresses == ['module.svc["orders"].aws_sqs_queue.dlq']
    # Asked twice (two rules, one value): the cached answer is the same.
    assert evaluate(model, "[module.one.code, module.one.code, local.prefix, local.prefix]") == [
        "single", "single", "app-prod", "app-prod"]


def test_a_module_object_is_its_outputs(model):
    assert evaluate(model, 'module.inner == { label = "SINGLE-INNER" }', "module.one") is True
    assert evaluate(model, 'jsonencode(module.inner)', "module.one") == '{"label":"SINGLE-INNER"}'


def test_a_module_that_cannot_be_read_says_why(model):
    missing = evaluate(model, "module.nowhere")
    assert isinstance(missing, Unevaluable) and missing.reason == "module.nowhere cannot be read from the source"
    unplanned = evaluate(model, "module.unplanned")
    assert isinstance(unplanned, Unevaluable) and unplanned.reason == "local.regions cannot be read from the source"
    # count = a bool (instead of `cond ? 1 : 0`): terraform refuses it, the gate cannot count.
    flagged = evaluate(model, "module.flagged")
    assert isinstance(flagged, Unevaluable) and flagged.reason == "module.flagged count"
    no_value = evaluate(model, "module.one.documented_only")
    assert isinstance(no_value, Unevaluable)
    assert no_value.reason == "the output documented_only of module.one cannot be read"
    absent = evaluate(model, "module.one.absent")
    assert isinstance(absent, Unevaluable) and absent.reason == "the output absent of module.one cannot be read"


def test_a_module_count_that_cannot_be_evaluated_is_passed_on(tmp_path):
    (tmp_path / "main.tf").write_text('module "m" {\n  source = "./m"\n  count  = length(local.missing)\n}\n')
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text('output "x" { value = 1 }\n')
    model = Model({"configuration": {"root_module": {"module_calls": {"m": {"source": "./m", "module": {}}}}}},
                  tmp_path)
    value = evaluate(model, "module.m")
    assert isinstance(value, Unevaluable) and value.reason == "local.missing cannot be read from the source"


def test_a_module_input_that_depends_on_its_own_output_is_reported(model):
    evaluator = model.evaluator
    output = evaluator.output("module.loop", "code")
    assert isinstance(output, Unevaluable) and output.reason == "output code of module.loop refers to itself"
    assert evaluator.output("module.loop", "code") is output
    # Starting from the input, the cycle is found at the input.
    model2 = Model(PLAN, model.root_dir)
    variable = model2.evaluator.variable("module.loop", "code")
    assert isinstance(variable, Unevaluable) and variable.reason == "var.code refers to itself"
    assert model2.evaluator.variable("module.loop", "code") is variable


# -- variables ------------------------------------------------------------------------------------
def test_locals_that_refer_to_each_other_are_reported(model):
    value = evaluate(model, "local.primary")
    assert isinstance(value, Unevaluable) and value.reason == "local.primary refers to itself"


def test_an_instance_whose_every_attribute_is_unknown_is_evaluated_from_source(tmp_path):
    """after_unknown = true for the whole instance (nothing of it known at plan): every attribute
    comes from the source."""
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = "orders"\n}\n')
    change = _change("aws_sqs_queue.q", "aws_sqs_queue", {}, True)
    model = Model({"resource_changes": [change], "configuration": {"root_module": {}}}, tmp_path)
    assert model.evaluator.attribute(model.by_address["aws_sqs_queue.q"], "name") == "orders"


def test_variables_from_the_plan_defaults_and_types(model):
    assert evaluate(model, "var.env") == "prod"
    # Not in the plan's variables: the declared default, converted by the declared type.
    assert evaluate(model, "var.retention") == 60
    assert evaluate(model, "var.retention", 'module.svc["orders"]') == 14
    no_value = evaluate(model, "var.owner")
    assert isinstance(no_value, Unevaluable) and no_value.reason == "var.owner has no value"
    undeclared = evaluate(model, "var.region")
    assert isinstance(undeclared, Unevaluable) and undeclared.reason == "var.region is not declared where it is used"
    computed = evaluate(model, "var.computed_default", "module.one")
    assert isinstance(computed, Unevaluable)
    assert computed.reason == "the default of var.computed_default is not a constant"


# -- path and file --------------------------------------------------------------------------------
def test_path_values_are_relative_to_the_root(model):
    assert evaluate(model, "path.module") == "."
    assert evaluate(model, "path.root") == "."
    assert evaluate(model, "path.cwd") == "."
    assert evaluate(model, "module.one.here") == "modules/svc"
    assert evaluate(model, "module.one.root") == "."
    assert evaluate(model, "path.module", "module.one.module.inner") == "modules/svc/inner"
    # A module outside the root: its absolute directory.
    assert evaluate(model, "module.shared.here") == str(model.root_dir.parent / "shared")
    unknown = evaluate(model, "path.data")
    assert isinstance(unknown, Unevaluable) and unknown.reason == "path.data is not known"


def test_path_values_without_a_root_directory(tmp_path):
    """A plan checked without its root: path.root is not known; a module source given directly
    (the scope of a caller that read it) gives its directory as it is."""
    (tmp_path / "main.tf").write_text("locals {}\n")
    model = Model({}, None)
    root = model.evaluator.value(hcl.parse_expression("path.root"), Scope("", None))
    assert isinstance(root, Unevaluable) and root.reason == "path.root is not known"
    module = model.evaluator.value(hcl.parse_expression("path.module"), Scope("", hcl.read_module(tmp_path)))
    assert module == str(hcl.read_module(tmp_path).directory)


def test_file_reads_relative_to_the_root(model):
    assert evaluate(model, "module.one.policy") == '{"Version": "2012-10-17"}\n'


# -- what is written in the source ----------------------------------------------------------------
def test_configured_follows_nested_and_dynamic_blocks(model):
    evaluator = model.evaluator
    fn = resource(model, "aws_lambda_function.fn")
    assert evaluator.configured(fn, "vpc_config", "subnet_ids") is True  # inside a dynamic block
    assert evaluator.configured(fn, "vpc_config") is True  # the dynamic block itself
    assert evaluator.configured(fn, "dead_letter_config") is True
    assert evaluator.configured(fn, "tracing_config") is False  # though another block is dynamic
    assert evaluator.configured(fn, "dead_letter_config", "target_arn") is True
    assert evaluator.configured(fn, "dead_letter_config", "mode") is False
    assert evaluator.configured(fn, "tracing_config", "mode") is False
    assert evaluator.describe_missing(fn, "tracing_config", "mode") == "tracing_config.mode is not set"
    assert evaluator.describe_missing(fn, "dead_letter_config", "target_arn") == (
        "dead_letter_config.target_arn is unknown at plan time (`aws_sqs_queue.single.arn`)")
    assert evaluator.text(fn, "dead_letter_config", "target_arn") == "aws_sqs_queue.single.arn"
    assert evaluator.text(fn, "tracing_config", "mode") is None


# -- without the .tf source -----------------------------------------------------------------------
def _sourceless(expressions):
    change = _change('aws_sqs_queue.q["a"]', "aws_sqs_queue", {}, {"name": True})
    return Model({"variables": {"queue_name": {"value": "orders"}, "suffix": {"value": "dlq"}},
                  "resource_changes": [change],
                  "configuration": {"root_module": {"resources": [{
                      "address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "name": "q",
                      "expressions": expressions}]}}}, None)


def test_without_source_one_reference_is_followed_and_anything_else_stays_unknown():
    model = _sourceless({"name": {"references": ["var.queue_name"]}})
    assert model.evaluator.attribute(model.by_address['aws_sqs_queue.q["a"]'], "name") == "orders"
    for references in (["var.queue_name", "var.suffix"], ['aws_sqs_queue.q["a'], []):
        model = _sourceless({"name": {"references": references}})
        name = model.evaluator.attribute(model.by_address['aws_sqs_queue.q["a"]'], "name")
        assert isinstance(name, Unknown) and name.sources == frozenset({('aws_sqs_queue.q["a"]', "name")}), references
