"""Expression evaluation in detail: operators, functions, indexing, conditionals, for and splat
expressions, conversions of module inputs and the texts that quote expressions. Each test is a
construct a service's Terraform uses, with the exact value (and provenance or reason) the gate must
compute for it; a wrong value here is a rule judging the wrong thing."""

from __future__ import annotations

from pathlib import Path

import pytest

from slsguard.gate import hcl
from slsguard.gate.evaluate import Scope, _short
from slsguard.gate.model import Model
from slsguard.gate.values import Partial, Unevaluable, Unknown

SOURCE = '''
variable "env" {
  type    = string
  default = "dev"
}
locals {
  queue_arn = aws_sqs_queue.q["b"].arn
  numbers   = [3, 7, 5]
  limits    = { dev = 1, prod = 10 }
  subscriptions = [{ queue = "orders" }, { queue = "refunds" }]
  template      = "arn:$${kind}:%%{ for q in queues }$${q},%%{ endfor }"
  broken        = "arn:$${kind"
}
resource "aws_sqs_queue" "q" {
  for_each = toset(["a", "b"])
  name     = "q-${each.key}"
}
resource "aws_sqs_queue" "worker" {
  count = 2
  name  = "worker-${count.index}"
}
resource "aws_ssm_parameter" "settings" {
  name = "/orders/settings"
}
module "consumer" {
  source     = "./modules/consumer"
  queue_arns = [aws_sqs_queue.q["a"].arn]
}
'''

CONSUMER = '''
variable "queue_arns" {
  type = set(string)
}
'''

Q_A = 'aws_sqs_queue.q["a"]'
Q_B = 'aws_sqs_queue.q["b"]'
SETTINGS = "aws_ssm_parameter.settings"


def _change(address, after, unknown):
    kind, rest = address.split(".", 1)
    return {"address": address, "mode": "managed", "type": kind, "name": rest.split("[")[0],
            "change": {"actions": ["create"], "after": after, "after_unknown": unknown}}


@pytest.fixture()
def model(tmp_path: Path) -> Model:
    (tmp_path / "main.tf").write_text(SOURCE)
    (tmp_path / "modules" / "consumer").mkdir(parents=True)
    (tmp_path / "modules" / "consumer" / "main.tf").write_text(CONSUMER)
    (tmp_path / "policy.json.tpl").write_text('{"Resource": "${queue_arn}"}')
    plan = {
        "variables": {"env": {"value": "prod"}},
        "resource_changes": [
            _change(Q_A, {"name": "q-a"}, {"arn": True}),
            _change(Q_B, {"name": "q-b"}, {"arn": True}),
            # The names of the workers are left unknown so they are computed from count.index.
            _change("aws_sqs_queue.worker[0]", {}, {"name": True, "arn": True}),
            _change("aws_sqs_queue.worker[1]", {}, {"name": True, "arn": True}),
            _change(SETTINGS, {"name": "/orders/settings"}, {"value": True}),
        ],
        "configuration": {"root_module": {"module_calls": {
            "consumer": {"source": "./modules/consumer", "module": {}}}}},
    }
    return Model(plan, tmp_path)


def evaluate(model: Model, text: str, **symbols):
    scope = Scope("", model.module_source(()), symbols=symbols)
    return model.evaluator.value(hcl.parse_expression(text), scope)


def _with_placeholders(value: Partial) -> str:
    """A string with parts known only at apply, those parts shown as ``${...}``."""
    return "".join(part if isinstance(part, str) else "${...}" for part in value.parts)


def traced_to(value, *addresses):
    return isinstance(value, Unknown) and value.addresses == sorted(addresses)


# -- operators ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("!true", False),
    ('!(var.env == "prod")', False),
    ("-length(local.numbers)", -3),
    ("length(local.numbers) + 1", 4),
    ("local.limits[var.env] - 3", 7),
    ("local.limits[var.env] * 6", 60),
    ("7 / 2", 3.5),
    ("7 / 1", 7),
    ("7 % 2", 1),
    # terraform console (1.11): one number type, a whole result is an integer; % keeps the
    # dividend's sign.
    ("900 / 180", 5), ("2.5 * 2", 5), ("5.5 % 2", 1.5), ("-7 % 3", -1), ("length(local.numbers) % 0", 3),
    ("jsonencode({n = 900 / 180, h = 7 / 2})", '{"h":3.5,"n":5}'),
    ("1 < 2", True), ("2 < 2", False),
    ("2 <= 2", True), ("3 <= 2", False),
    ("2 > 1", True), ("2 > 2", False),
    ("2 >= 2", True), ("1 >= 2", False),
    ('var.env != "dev"', True),
    ('var.env == "dev"', False),
    ("true == 1", False),  # a bool is not the number 1 in terraform
    ("1 == true", False),
    ("true && true", True), ("true && false", False),
    ("false || true", True), ("false || false", False),
    # Where a bool or a number is required, terraform converts strings that are one.
    ('!"false"', True), ('"true" && true', True), ('false || "false"', False), ('-"10"', -10),
    ('"true" ? "a" : "b"', "a"), ('"false" ? "a" : "b"', "b"),
])
def test_operators(model, text, expected):
    value = evaluate(model, text)
    # terraform has one number type (7 / 1 is 7, written "7"), and a bool is never a number.
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(("text", "reason"), [
    ('!"yes"', "! of a value that is not a bool"),
    ("-true", "- of a value that is not a number"),
    ('-"ten"', "- of a value that is not a number"),
    ('"yes" && true', "&& of values that are not bools"),
    ('true && "yes"', "&& of values that are not bools"),
    ("1 + null", "+ of null"),
    ("length(local.numbers) / 0", "division by zero"),
])
def test_operators_on_the_wrong_type_say_why(model, text, reason):
    value = evaluate(model, text)
    assert isinstance(value, Unevaluable) and value.reason == reason


def test_a_known_operand_decides_a_logical_operator_whose_other_side_is_known_only_at_apply(model):
    """`enabled && <an ARN comparison>`: false (or true for ||) whatever the unknown side is, as
    terraform decides it; otherwise the result stays unknown and names the resource."""
    unknown = f'{Q_A}.arn == ""'
    assert evaluate(model, f"false && {unknown}") is False
    assert evaluate(model, f"true || {unknown}") is True
    assert evaluate(model, f"{unknown} && false") is False
    assert evaluate(model, f"{unknown} || true") is True
    for undecided in (f"{unknown} && true", f"{unknown} || false", f"true && {unknown}", f"false || {unknown}"):
        assert traced_to(evaluate(model, undecided), Q_A), undecided


def test_an_operand_known_only_at_apply_keeps_its_source(model):
    assert traced_to(evaluate(model, f"!({Q_A}.arn == \"\")"), Q_A)
    assert traced_to(evaluate(model, f"length({SETTINGS}.value) + 1"), SETTINGS)


# -- references: count, each, terraform, self, attributes and indexes --------------------------------
def test_count_index_names_each_instance(model):
    evaluator = model.evaluator
    for index in (0, 1):
        worker = model.by_address[f"aws_sqs_queue.worker[{index}]"]
        assert evaluator.attribute(worker, "name") == f"worker-{index}"
    scope = Scope("", model.module_source(()), count=1)
    assert evaluator.value(hcl.parse_expression('"w-${count.index + 1}"'), scope) == "w-2"


def test_count_and_each_outside_their_blocks_say_why(model):
    assert evaluate(model, "count.index").reason == "count is used outside count"
    assert evaluate(model, "each.key").reason == "each is used outside for_each"


def test_terraform_and_self_references(model):
    assert evaluate(model, "terraform.workspace") == "default"
    assert evaluate(model, 'terraform.workspace == "default" ? "orders" : "orders-dev"') == "orders"
    assert evaluate(model, "terraform.version").reason == "terraform.version is not evaluated"
    # self is only meaningful in provisioners: not a resource called "self".
    assert evaluate(model, "self.arn").reason == "self.arn is not evaluated"


def test_attributes_of_values_known_only_at_apply(model):
    """Settings decoded from a parameter written at apply: every attribute of them is unknown too,
    and still names the parameter."""
    assert traced_to(evaluate(model, f"jsondecode({SETTINGS}.value).queue_arn"), SETTINGS)
    broken = evaluate(model, 'strrev("x").queue_arn')
    assert isinstance(broken, Unevaluable) and "strrev" in broken.reason


def test_attributes_and_indexes_that_do_not_exist_say_why(model):
    assert evaluate(model, "local.limits.staging").reason == "no attribute 'staging' in `local.limits.staging`"
    assert evaluate(model, 'local.limits["staging"]').reason == "no key 'staging' in `local.limits`"
    assert evaluate(model, 'merge(local.limits, {})["staging"]').reason == "no key 'staging' in `a map`"
    assert evaluate(model, "var.env.name").reason == "attribute 'name' of a str"
    assert evaluate(model, "lookup(local.limits, \"x\", null).name").reason == "attribute 'name' of null"


def test_indexes(model):
    assert evaluate(model, "local.numbers[1]") == 7
    assert evaluate(model, 'local.numbers["2"]') == 5  # terraform converts a numeric string
    assert evaluate(model, "local.numbers[true]").reason == "a list index is not a number"
    assert evaluate(model, "local.numbers[3]").reason == "index 3 is out of range"
    # A resource instance indexed by attribute name, and an attribute unknown at plan indexed.
    assert evaluate(model, f'{Q_A}["name"]') == "q-a"
    assert traced_to(evaluate(model, f"{SETTINGS}.value[0]"), SETTINGS)
    # A key known only at apply: the element cannot be chosen yet.
    assert traced_to(evaluate(model, f"local.limits[{SETTINGS}.value]"), SETTINGS)


# -- conditionals -------------------------------------------------------------------------------------
def test_a_condition_known_only_at_apply_with_equal_branches_is_that_branch(model):
    """The same local on both sides is the value whatever the condition: it names only its own
    resource, not the one the condition depends on."""
    value = evaluate(model, f'{Q_A}.arn == "" ? local.queue_arn : local.queue_arn')
    assert traced_to(value, Q_B)
    assert evaluate(model, f'{Q_A}.arn == "" ? "alias/aws/sqs" : "alias/aws/sqs"') == "alias/aws/sqs"


def test_a_condition_that_cannot_be_evaluated_makes_the_value_unevaluable(model):
    value = evaluate(model, 'strrev(var.env) == "" ? "alias/aws/sqs" : local.queue_arn')
    assert isinstance(value, Unevaluable) and value.reason == "the function strrev() is not evaluated by slsguard"


def test_a_condition_known_only_at_apply_quotes_both_branches(model):
    literal = evaluate(model, f'{Q_A}.arn == "" ? {Q_B}.arn : "alias/aws/sqs"')
    assert isinstance(literal, Unknown) and not literal.traced
    assert literal.describe() == ('`a condition known only at apply ? the arn of aws_sqs_queue.q["b"] : '
                                  '"alias/aws/sqs"`')
    broken = evaluate(model, f'{Q_A}.arn == "" ? strrev("x") : "*"')
    assert broken.expression == ('a condition known only at apply ? the function strrev() is not evaluated by '
                                 'slsguard : "*"')
    # A condition that is itself a traversal is quoted as written.
    flagged = evaluate(model, f'{SETTINGS}.value ? "alias/aws/sqs" : "alias/orders"')
    assert flagged.expression == 'aws_ssm_parameter.settings.value ? "alias/aws/sqs" : "alias/orders"'


def test_a_condition_that_is_not_a_bool_says_so(model):
    assert evaluate(model, 'var.env ? "a" : "b"').reason == "a condition is not a bool"
    assert evaluate(model, '"TRUE" ? "a" : "b"').reason == "a condition is not a bool"
    assert evaluate(model, '1 ? "a" : "b"').reason == "a condition is not a bool"


# -- for and splat expressions -----------------------------------------------------------------------
def test_a_for_over_a_collection_known_only_at_apply_is_unknown(model):
    value = evaluate(model, f'[for s in jsondecode({SETTINGS}.value) : tostring(s)]')
    assert traced_to(value, SETTINGS)


def test_a_for_filter_known_only_at_apply_makes_the_result_unknown(model):
    value = evaluate(model, '[for key, queue in aws_sqs_queue.q : key if queue.arn != ""]')
    assert type(value) is Unknown and value.addresses == [Q_A]
    broken = evaluate(model, '[for name in ["a"] : name if strrev(name) == ""]')
    assert isinstance(broken, Unevaluable) and "strrev" in broken.reason


def test_a_for_key_known_only_at_apply_makes_the_map_unknown(model):
    value = evaluate(model, "{ for key, queue in aws_sqs_queue.q : queue.arn => key }")
    assert traced_to(value, Q_A)


def test_for_keys_are_strings_as_terraform_writes_them(model):
    assert evaluate(model, '{ for s in ["a", "bb"] : length(s) > 1 => s }') == {"false": "a", "true": "bb"}
    assert evaluate(model, "{ for n in [2, 4, 3] : n / 2 => n }") == {"1": 2, "2": 4, "1.5": 3}
    # A map indexed by a computed number finds the key terraform wrote for it.
    assert evaluate(model, "{ for n in [2, 4] : n => n * 10 }[8 / 4]") == 20


def test_splats(model):
    assert evaluate(model, "local.subscriptions[*].queue") == ["orders", "refunds"]
    assert evaluate(model, "var.env[*]") == ["prod"]  # a single value is a one-element list
    assert evaluate(model, 'lookup(local.limits, "x", null)[*]') == []  # null is an empty list
    assert traced_to(evaluate(model, f"jsondecode({SETTINGS}.value)[*].arn"), SETTINGS)


# -- functions ------------------------------------------------------------------------------------------
def test_try_and_can(model):
    assert evaluate(model, "can(local.limits[var.env])") is True
    assert evaluate(model, 'can(local.limits["staging"])') is False
    assert evaluate(model, 'try(local.limits["staging"], local.limits[var.env])') == 10
    # What is known only at apply is not a failure: try() does not fall back from it.
    assert traced_to(evaluate(model, f'try(tostring({SETTINGS}.value), "*")'), SETTINGS)
    # Nor from what the gate cannot compute: it says so instead of guessing the fallback.
    for text in ('try(strrev(var.env), "x")', "can(strrev(var.env))"):
        value = evaluate(model, text)
        assert isinstance(value, Unevaluable) and value.reason == "the function strrev() is not evaluated by slsguard"


@pytest.mark.parametrize("text", [
    'replace({arn}, "/[^:]+$/", "*")', 'replace({arn}, "orders", "*")', 'substr({arn}, 0, 0)',
    'trimsuffix({arn}, ":orders")', 'lower({arn})', 'split(":", {arn})[5]', 'regex("^(.*):", {arn})[0]',
    'sha1({arn})',
])
def test_text_rewritten_from_a_value_known_only_at_apply_names_no_resource(model, text):
    """A rewritten ARN may be anything ("*" included): untraced, so every rule fails closed."""
    value = evaluate(model, text.format(arn=f"{Q_A}.arn"))
    assert isinstance(value, Unknown) and not value.traced
    assert value.expression.startswith(f"the arn of {Q_A} rewritten by ")


def test_templatestring_renders_a_template_it_is_given_by_reference(model):
    value = evaluate(model, f'templatestring(local.template, {{ kind = "aws", queues = [{Q_A}.arn] }})')
    assert isinstance(value, Partial) and value.parts[0] == "arn:aws:" and traced_to(value.parts[1], Q_A)
    for text, reason in (('templatestring("a", {})', "templatestring() takes a reference to a template, not a literal one"),
                         ("templatestring(local.template)", "templatestring() takes a template and an object"),
                         ("templatestring(local.numbers, {})", "the templatestring() template is not a string"),
                         ("templatestring(local.template, [])", "the templatestring() variables are not an object"),
                         ('templatestring(local.limits["dev"], { kind = 1 })',
                          "the templatestring() template is not a string"),
                         ("templatestring(local.broken, { kind = 1 })",
                          "the templatestring() template is not a valid template")):
        assert evaluate(model, text).reason.startswith(reason), text
    # terraform: "vars map does not contain key queues"
    assert isinstance(evaluate(model, "templatestring(local.template, { kind = 1 })"), Unevaluable)


def test_functions_read_files_of_the_configuration(model):
    assert evaluate(model, 'file("policy.json.tpl")') == '{"Resource": "${queue_arn}"}'
    rendered = evaluate(model, 'templatefile("policy.json.tpl", { queue_arn = "arn:aws:sqs:eu-west-1:1:q" })')
    assert rendered == '{"Resource": "arn:aws:sqs:eu-west-1:1:q"}'


def test_expanded_arguments(model):
    assert evaluate(model, "max(local.numbers...)") == 7
    assert evaluate(model, 'format("%d-%d-%d", local.numbers...)') == "3-7-5"


def test_a_function_known_only_at_apply_keeps_its_expression_through_other_functions(model):
    value = evaluate(model, "upper(timestamp())")
    assert isinstance(value, Unknown) and not value.traced and value.describe() == "`timestamp()`"


# -- module inputs ------------------------------------------------------------------------------------
def test_a_module_input_that_cannot_be_converted_yet_is_kept_as_given(model):
    """`set(string)` of a list with an ARN known only at apply: terraform converts it at apply;
    the gate keeps the list and its source."""
    value = model.evaluator.variable("module.consumer", "queue_arns")
    assert isinstance(value, list) and len(value) == 1 and traced_to(value[0], Q_A)


# -- texts -----------------------------------------------------------------------------------------------
def test_expressions_nested_too_deeply_say_so(model):
    node = hcl.Const(1)
    for _ in range(5000):
        node = hcl.Unary("-", node)
    value = model.evaluator.value(node, Scope("", model.module_source(())))
    assert isinstance(value, Unevaluable) and value.reason == "the expression is nested too deeply"


def test_long_expressions_are_shortened_in_messages():
    assert _short("x" * 100) == "x" * 100
    assert _short("x" * 101) == "x" * 97 + "..."


def test_a_string_with_parts_known_only_at_apply_is_shown_with_placeholders(model):
    value = evaluate(model, f'"${{{Q_A}.arn}}/orders/${{var.env}}"')
    assert isinstance(value, Partial) and _with_placeholders(value) == "${...}/orders/prod"


# -- the built-in functions (gate/functions.py) -----------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ('format("%s:%d:%05.1f%%", "orders", 3, 2.5)', "orders:3:002.5%"),
    ('format("%v/%v", ["a"], 1)', '["a"]/1'),
    ('format("%t %x %X %o %b", true, 255, 255, 8, 5)', "true ff FF 10 101"),
    ('format("%-4s|", "ab")', "ab  |"),
    ('coalescelist([], ["b"], ["c"])', ["b"]),
    ('coalesce("", null, "x")', "x"),
    ('lookup({ a = 1 }, "a")', 1),
    ('tobool("true")', True), ('tobool("false")', False), ("tobool(null)", None),
    ('tostring(2.0)', "2"), ('tostring(2.5)', "2.5"), ('tostring(false)', "false"), ("tostring(null)", None),
    ('tonumber("12")', 12), ('tonumber("1.5")', 1.5),
    ('length("orders")', 6), ('length({ a = 1 })', 1),
    ('one(["x"])', "x"),
    ('distinct(["a", "b", "a"])', ["a", "b"]),
    ('toset([3, 1, 3])', [1, 3]), ("toset([1.5, 1, 10])", [1, 1.5, 10]), ("toset([true, false])", [False, True]),
    ('toset([1, "a"])', ["1", "a"]), ('toset([true, "a"])', ["a", "true"]),
    ('toset(["b", "a", "10", "9"])', ["10", "9", "a", "b"]), ("toset([])", []),
    ('compact(["a", "", null, "b"])', ["a", "b"]),
    ('join(",", ["a", "b"], ["c"])', "a,b,c"),
    ('join(",", [])', ""),
    ('replace("orders-dev", "-dev", "")', "orders"),
    ('contains(["a", "b"], "b")', True), ('contains(["a", "b"], "c")', False),
    ('element(["a", "b", "c"], 4)', "b"),
    ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
    ('sort(["b", "a", "c"])', ["a", "b", "c"]),
    ('substr("orders-queue", 0, 6)', "orders"), ('substr("orders-queue", -5, -1)', "queue"),
    ('substr("orders-queue", 7, 3)', "que"),
    ('slice(["a", "b", "c", "d"], 1, 3)', ["b", "c"]),
    ("range(3)", [0, 1, 2]), ("range(1, 4)", [1, 2, 3]), ("range(10, 0, -4)", [10, 6, 2]),
    ("range(0, 1, 0.5)", [0, 0.5]),
    ('setunion(["b", "a"], ["c", "a"])', ["a", "b", "c"]),
    ('setintersection(["a", "b", "c"], ["c", "a"], ["a", "c", "d"])', ["a", "c"]),
    ('index(["a", "b"], "b")', 1),
    ('jsondecode("[1, \\"a\\"]")', [1, "a"]),
    ('startswith("arn:aws:sqs", "arn:")', True), ('startswith("alias/x", "arn:")', False),
    ('endswith("key/*", "/*")', True), ('endswith("key/a", "/*")', False),
    ('reverse(["a", "b"])', ["b", "a"]),
    ("min(3, 1, 2)", 1), ("max(3, 1, 2)", 3), ("sum([1, 2, 3.5])", 6.5), ("abs(-4)", 4),
    ('tomap({ a = "x" })', {"a": "x"}), ('tolist(["x"])', ["x"]),
    ('trimsuffix("orders.fifo", ".fifo")', "orders"), ('trimprefix("alias/orders", "alias/")', "orders"),
    ('trimspace("  orders ")', "orders"), ('lower("ORDERS")', "orders"),
    ('flatten([["a"], "b"])', ["a", "b"]),
    ('merge({ a = 1 }, null, { a = 2 })', {"a": 2}),
    ('jsonencode(["a", 1])', '["a",1]'),
    # Each expected value below is what `terraform console` (1.11) printed for the expression.
    ('formatlist("%s/*", ["a", "b"])', ["a/*", "b/*"]),
    ('formatlist("%s-%s", ["a", "b"], "x")', ["a-x", "b-x"]),
    ('formatlist("%s-%s", ["a", "b"], ["c", "d"])', ["a-c", "b-d"]),
    ('formatlist("%s-%s", "a", "b")', ["a-b"]), ('formatlist("%s", [])', []),
    ('formatlist("%q", ["a"])', ['"a"']),
    ('setproduct(["a", "b"], [1, 2])', [["a", 1], ["a", 2], ["b", 1], ["b", 2]]),
    ('setproduct(["a"], [])', []),
    ('chunklist(["a", "b", "c", "d"], 3)', [["a", "b", "c"], ["d"]]), ('chunklist(["a"], 0)', [["a"]]),
    ("chunklist([], 0)", []),
    ("alltrue([])", True), ('alltrue([true, "true"])', True), ("alltrue([true, false])", False),
    ("alltrue([true, null])", False), ('alltrue(["false"])', False),
    ("anytrue([])", False), ('anytrue([false, "true"])', True), ("anytrue([null])", False),
    ('strcontains("hello", "ll")', True), ('strcontains("a", "")', True), ('strcontains("a", "b")', False),
    ('title("hello wORLD-foo_bar x.y")', "Hello WORLD-Foo_bar X.Y"), ('title("ÉCOLE élan 1abc")', "ÉCOLE Élan 1abc"),
    ("ceil(1.2)", 2), ("ceil(2)", 2), ("floor(-1.2)", -2), ("floor(2.0)", 2),
    ('parseint("ff", 16)', 255), ('parseint("-12", 10)', -12), ('parseint("+7", 8)', 7),
    ('parseint("Z", 36)', 35), ('parseint("z", 62)', 35), ('parseint("Zz", 62)', 3817),
    ('parseint("101", 2)', 5), ('parseint("AF", 16)', 175), ('parseint("A", 37)', 36),
    ('sensitive("a")', "a"), ('nonsensitive(sensitive("a"))', "a"),
    # Each value below is terraform console's (1.11).
    ('chomp("hello\\n\\n")', "hello"), ('chomp("a\\r\\r\\n")', "a"), ('chomp("a\\n \\n")', "a\n "),
    ('trim("?!hello?!", "!?")', "hello"),
    ('setsubtract(["b", "a", "c", "a"], ["c"])', ["a", "b"]), ("setsubtract([3, 1, 2], [2])", [1, 3]),
    ('transpose({"b" = ["2", "3"], "a" = ["2", "1"]})', {"1": ["a"], "2": ["a", "b"], "3": ["b"]}),
    ('transpose({"a" = []})', {}), ('transpose({"a" = ["1", "1"]})', {"1": ["a", "a"]}),
    ('templatestring(local.template, { kind = "x", queues = ["q1", "q2"] })', "arn:x:q1,q2,"),
    ('sha1("héllo")', "35b5ea45c5e41f78b46a937cc74d41dfea920890"), ('md5("hello")', "5d41402abc4b2a76b9719d911017c592"),
    ('sha256("hello")', "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
    ('substr(sha512("a"), 0, 16)', "1f40fc92da241694"),
    ('base64encode("héllo")', "aMOpbGxv"), ('base64decode("aGVsbG8=")', "hello"),
    ('basename("foo/bar/")', "bar"), ('basename("")', "."), ('basename("/")', "/"), ('basename("a/./b")', "b"),
    ('dirname("foo")', "."), ('dirname("foo/bar/")', "foo/bar"), ('dirname("/foo")', "/"), ('dirname("")', "."),
    ('dirname("a//b")', "a"), ('dirname("//a/b")', "/a"), ('basename("a/b/c")', "c"), ('dirname("a/b/../c")', "a"), ('dirname("./a")', "."), ('dirname("/")', "/"),
    ('regex("[a-z]+", "53453453.345345aaabbbccc23454")', "aaabbbccc"),
    ('regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")', ["2019", "02", "01"]),
    ('regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")',
     {"scheme": "https", "authority": "terraform.io"}),
    ('regex("(?P<x>a)|(?P<y>b)", "b")', {"x": None, "y": "b"}),
    ('regex("(?i)ABC", "xabcx")', "abc"), ('regex("\\\\w+", "héllo")', "h"), ('regex("[]a]+", "a]b")', "a]"),
    ('regex("[^]a]+", "a]bc")', "bc"), ('regex("a*?b", "aaab")', "aaab"), ('regex("[\\\\[]", "[")', "["),
    ('regex("a\\\\z", "a")', "a"), ('regex("\\\\_", "_")', "_"), ('regex("[]$]+", "$]")', "$]"),
    ('regex("^a{2,1000}$", "aa")', "aa"), ('regex("[a]$", "ba")', "a"), ('regex("[^a]$", "ab")', "b"),
    ('regex("\\\\Aab", "ab")', "ab"), ('regex("a+?", "aa")', "a"), ('regex("a{2}?", "aaa")', "aa"),
    ('regexall("[a-z]+", "1234abcd5678efgh9")', ["abcd", "efgh"]), ('regexall("(a)(b)?", "ab a")', [["a", "b"], ["a", None]]),
    ('replace("hello world", "/w(or)ld/", "$1 x $$ y $${1}z $1z")', "hello or x $ y orz "),
    ('replace("a.b.c", "/\\\\./", "-")', "a-b-c"), ('replace("aaa", "/a/", "$0-")', "a-a-a-"),
    ('replace("x-1", "/(?P<n>\\\\d)/", "$n$n")', "x-11"),
    ('can(regex("^arn:", "arn:aws:sqs:eu-west-1:111122223333:q"))', True), ('can(regex("^arn:", "q"))', False),
])
def test_functions(model, text, expected):
    value = evaluate(model, text)
    assert value == expected and isinstance(value, bool) == isinstance(expected, bool)
    assert type(value) is type(expected) or {type(value), type(expected)} == {int, float}


@pytest.mark.parametrize(("text", "reason"), [
    ('format("%s %s", "a")', "too few arguments for the format"),
    ("coalescelist([], [])", "no non-empty list argument"),
    ('coalesce(null, "")', "no non-null, non-empty argument"),
    ('lookup({ a = 1 }, "b")', "no key 'b'"),
    ('tobool("yes")', "'yes' is not a bool"),
    ('tonumber("ten")', "'ten' is not a number"),
    ("tonumber(true)", "a bool is not a number"),
    ("length(3)", "length of a number"),
    ('one(["a", "b"])', "one() of a list with more than one element"),
    ("element([], 0)", "element() of an empty list"),
    ('zipmap(["a"], [1, 2])', "zipmap() of lists of different lengths"),
    ("range(0, 1, 0)", "range() too long"),
    ("range(5000)", "range() too long"),
    ('index(["a"], "b")', "index(): value not in the list"),
    ('jsondecode("{")', "jsondecode() of text that is not JSON"),
    ("jsondecode(1)", "jsondecode() of a number"),
    ('replace("a-b", "/(?=-)b/", "")', "replace() is not evaluated for this pattern: the group (?=-... is not read "
     "the same by terraform's RE2 (look-around, flags other than i, or another form of name)"),
    ('regex("[[:alpha:]]", "a")', "regex() is not evaluated for this pattern: a [ or a set operation inside a "
     "character class (POSIX classes, nested sets)"),
    ('regex("\\\\pL", "a")', "regex() is not evaluated for this pattern: the escape \\p is not read the same by "
     "terraform's RE2"),
    ('regex("a{,2}", "aa")', "regex() is not evaluated for this pattern: a { that is not a repeat count (Python "
     "reads {,n} as one)"),
    ('regex("a*+", "aa")', "regex() is not evaluated for this pattern: a + after a quantifier "
     "(possessive in Python, an error in RE2)"),
    ('regex("a{2}+", "aa")', "regex() is not evaluated for this pattern: a + after a quantifier "
     "(possessive in Python, an error in RE2)"),
    ('regex("+a", "a")', "regex() is not evaluated for this pattern: the pattern is not valid (nothing to repeat "
     "at position 0)"),
    ('regex("a**", "aa")', "regex() is not evaluated for this pattern: the pattern is not valid (multiple repeat "
     "at position 2)"),
    ('regex("[a&&b]", "&")', "regex() is not evaluated for this pattern: a [ or a set operation inside a character "
     "class (POSIX classes, nested sets)"),
    ('regex("[\\\\b]", "b")', "regex() is not evaluated for this pattern: the escape \\b is not read the same by "
     "terraform's RE2"),
    ('regex("a\\\\", "a")', "regex() is not evaluated for this pattern: the pattern ends with a lone backslash"),
    ('regex("a\\\\z", "ab")', "regex(): the pattern did not match any part of the string"),
    ('regex("(?i)x", "éx")', "regex() is not evaluated for this pattern: case-insensitive matching of text that "
     "is not ASCII (RE2 folds all of Unicode)"),
    ('regexall("x*", "abxd")', "regexall() is not evaluated for this pattern: the pattern matches an empty string"),
    ('regex("(?i)é", "É")', "regex() is not evaluated for this pattern: case-insensitive matching of text that is "
     "not ASCII (RE2 folds all of Unicode)"),
    ('regex("[a", "a")', "regex() is not evaluated for this pattern: a character class is not closed"),
    ('regex("a{1001}", "a")', "regex() is not evaluated for this pattern: a repeat count above 1000"),
    ('regex("(?m)a$", "a")', "regex() is not evaluated for this pattern: the group (?m)... is not read the same by "
     "terraform's RE2 (look-around, flags other than i, or another form of name)"),
    ('regex("a$", "a\\n")', "regex(): the pattern did not match any part of the string"),
    ('regex("(a)|(?P<y>b)", "b")', "a pattern cannot mix named and unnamed capture groups"),
    ('regex("a(", "a")', "regex() is not evaluated for this pattern: the pattern is not valid (missing ), "
     "unterminated subpattern at position 1)"),
    ('base64decode("aGVsbG8")', "base64decode(): the text is not base64"),
    ('base64decode("/w==")', "base64decode(): the decoded bytes are not UTF-8 text"),
    ('base64decode("aGVs!bG8=")', "base64decode(): the text is not base64"),
    ('tolist({ a = 1 })', "a map is not a list"),
    ('tomap(["a"])', "a list is not a map"),
    ('upper(["a"])', "a list is not a string"),
    ('upper(null)', "a null is not a string"),
    ('tonumber(["1"])', "a list is not a number"),
    ("jsondecode(strrev(\"x\"))", "the function strrev() is not evaluated by slsguard"),
    ('formatlist("%s-%s", ["a", "b"], ["c"])', "formatlist() of lists of different lengths"),
    ('setproduct(["a"])', "setproduct() needs at least two sets"),
    ("toset([1, true])", "toset() of numbers and bools together"),
    ('setproduct({ a = 1 }, ["x"])', "a map is not a list"),
    ('chunklist(["a"], -1)', "chunklist() size must be a whole number, 0 or more"),
    ('alltrue(["yes"])', "'yes' is not a bool"),
    ('parseint("12", 1)', "parseint() base must be a whole number between 2 and 62"),
    ('parseint("1.5", 10)', "parseint(): '1.5' is not a base 10 integer"),
    ('parseint("", 10)', "parseint(): '' is not a base 10 integer"),
    ('parseint("12", 63)', "parseint() base must be a whole number between 2 and 62"),
    ('parseint("B", 37)', "parseint(): 'B' is not a base 37 integer"),
    ('provider::aws::arn_parse("orders")', "provider::aws::arn_parse: 'orders' is not an ARN"),
    ('provider::aws::trim_iam_role_path("arn:aws:sqs:eu-west-1:1:q")',
     "provider::aws::trim_iam_role_path: 'arn:aws:sqs:eu-west-1:1:q' is not an IAM role ARN"),
    ('provider::aws::user_agent("slsguard", "1.0", "")', "the function provider::aws::user_agent() is not evaluated by slsguard"),
    ('provider::corefunc::str_snake("a b")', "the function provider::corefunc::str_snake() is not evaluated by slsguard"),
])
def test_functions_on_wrong_arguments_say_why(model, text, reason):
    value = evaluate(model, text)
    assert isinstance(value, Unevaluable) and value.reason == reason


def test_functions_of_values_known_only_at_apply(model):
    arn = f"{Q_A}.arn"
    assert traced_to(evaluate(model, f'coalesce({arn}, "x")'), Q_A)
    assert evaluate(model, f'coalesce("x", {arn})') == "x"  # terraform stops at the first value
    assert traced_to(evaluate(model, f"compact([{arn}])"), Q_A)
    assert traced_to(evaluate(model, f"distinct([{arn}])"), Q_A)
    assert traced_to(evaluate(model, f'contains([{arn}], "x")'), Q_A)
    assert traced_to(evaluate(model, f'index([{arn}], "x")'), Q_A)
    assert traced_to(evaluate(model, f"jsondecode({SETTINGS}.value)"), SETTINGS)
    joined = evaluate(model, f'join(",", ["a", {arn}])')
    assert isinstance(joined, Partial) and _with_placeholders(joined) == "a,${...}" and joined.addresses == [Q_A]
    formatted = evaluate(model, f'format("%s/*", {arn})')
    assert isinstance(formatted, Partial) and _with_placeholders(formatted) == "${...}/*"
    encoded = evaluate(model, f'jsonencode({{ Resource = {arn} }})')
    assert isinstance(encoded, Unknown) and encoded.addresses == [Q_A]
    assert evaluate(model, f'jsonencode({{ Resource = strrev("x") }})').reason.startswith("the function strrev()")


@pytest.mark.parametrize(("text", "reason"), [
    ("tolist(true)", "a bool is not a list"),
    ("tolist(1)", "a number is not a list"),
    ("tolist(1.5)", "a number is not a list"),
    ('tomap("x")', "a string is not a map"),
    ("upper({ a = 1 })", "a object is not a string"),
])
def test_wrong_arguments_are_named_by_their_terraform_type(model, text, reason):
    value = evaluate(model, text)
    assert isinstance(value, Unevaluable) and value.reason == reason


def test_a_null_converts_to_a_null_collection(model):
    """`tomap(null)` is a null map in terraform (an optional input passed on), not an error."""
    assert evaluate(model, "tomap(null)") is None
    assert evaluate(model, "tolist(null)") is None
    assert evaluate(model, "toset(null)") is None


def test_list_functions_keep_elements_known_only_at_apply(model):
    arn = f"{Q_A}.arn"
    resources = evaluate(model, f'formatlist("%s/*", [{arn}, "x"])')
    assert _with_placeholders(resources[0]) == "${...}/*" and resources[0].addresses == [Q_A] and resources[1] == "x/*"
    # A whole argument known only at apply may be a list of any length: the result is unknown.
    assert traced_to(evaluate(model, f'formatlist("%s/*", {arn})'), Q_A)
    assert evaluate(model, f'setproduct([{arn}], ["x"])')[0][1] == "x"
    assert traced_to(evaluate(model, f'setproduct([{arn}], ["x"])')[0][0], Q_A)
    # A true decides anytrue whatever else is unknown; alltrue is unknown until every element is
    # known (terraform's answer would depend on their order).
    assert evaluate(model, f'anytrue([{arn} == "x", true])') is True
    assert traced_to(evaluate(model, f'alltrue([{arn} == "x", false])'), Q_A)
    assert traced_to(evaluate(model, f"sensitive({arn})"), Q_A)


# Each expected text below is what `terraform console` (1.11) printed for the template.
@pytest.mark.parametrize(("text", "expected"), [
    ('"%{ for a in ["x", "y"] }${a},%{ endfor }"', "x,y,"),
    ('"%{ for i, a in ["x", "y"] }${i}=${a};%{ endfor }"', "0=x;1=y;"),
    ('"%{ for k, v in { b = 1, a = 2 } }${k}:${v} %{ endfor }"', "a:2 b:1 "),
    ('"%{ if true }yes%{ else }no%{ endif }"', "yes"), ('"%{ if false }yes%{ endif }"', ""),
    ('"%{ if "true" }s%{ endif }"', "s"),
    ('"a  ${~ "b" ~}  c"', "abc"), ('"a  %{~ if true ~}  b  %{~ endif ~}  c"', "abc"),
    ('"a  ${~"b"~}  c"', "abc"), ('"  ${"a"}${~ "b"}  "', "  ab  "),
    ('"[%{ for a in ["x", "y"] ~} \\"${a}\\", %{~ endfor }]"', '["x","y",]'),
    ('"%{ for a in [] }x%{ endfor }"', ""),
    ('"%{ for a in ["x", "y"] }%{ if a == "x" }X%{ else }${a}%{ endif }%{ endfor }"', "Xy"),
])
def test_template_directives(model, text, expected):
    assert evaluate(model, text) == expected


def test_a_template_directive_over_values_known_only_at_apply_keeps_their_source(model):
    arn = f"{Q_A}.arn"
    listed = evaluate(model, f'"%{{ for a in [{arn}, "x"] }}${{a}},%{{ endfor }}"')
    assert _with_placeholders(listed) == "${...},x," and listed.addresses == [Q_A]
    # What a directive chooses is no value of the condition's source: a literal "*" may be chosen,
    # so the text is untraced (as a conditional with a branch known now) and rules fail closed.
    chosen = evaluate(model, f'"%{{ if {arn} == "x" }}*%{{ endif }}b"')
    assert _with_placeholders(chosen) == "${...}b"
    assert isinstance(chosen.parts[0], Unknown) and not chosen.parts[0].traced and chosen.addresses == []
    assert chosen.parts[0].describe() == "`%{ if a condition known only at apply }`"
    assert "local.nowhere" in evaluate(model, '"%{ if local.nowhere }x%{ endif }"').reason
    assert evaluate(model, '"%{ if null }x%{ endif }"').reason == "a template condition is null"


def test_a_json_template_splicing_jsonencode_decodes_with_its_unknown_leaves(model):
    """`"Resource": ${jsonencode(arns)}` in a policy template: the ARNs known only at apply stay
    traced where they sit instead of making the whole text unreadable."""
    document = evaluate(model, f'jsondecode("{{\\"Resource\\": ${{jsonencode([{Q_A}.arn, "${{{Q_B}.arn}}/*", "x"])}}}}")')
    first, second, third = document["Resource"]
    assert traced_to(first, Q_A) and _with_placeholders(second) == "${...}/*" and second.addresses == [Q_B]
    assert third == "x"


def test_format_keeps_the_text_around_its_verbs(model):
    assert evaluate(model, 'format("arn:aws:sqs:%s:%s:orders", "eu-west-1", 123)') == "arn:aws:sqs:eu-west-1:123:orders"


def test_range_is_limited_to_1024_elements_as_in_terraform(model):
    assert len(evaluate(model, "range(1024)")) == 1024
    assert evaluate(model, "range(1025)").reason == "range() too long"


def test_replace_treats_a_substring_in_slashes_as_a_regular_expression(model):
    assert evaluate(model, 'replace("orders/dlq", "/", "-")') == "orders-dlq"
    # "//" is an (empty) regular expression in terraform, not a double slash: it matches between
    # every two characters ("/a/////b/"), where Go and Python place empty matches differently.
    assert evaluate(model, 'replace("a//b", "//", "/")').reason == (
        "replace() is not evaluated for this pattern: the pattern matches an empty string")
    # Only a substring that starts and ends with a slash is one.
    assert evaluate(model, 'replace("/orders/dlq", "/orders", "")') == "/dlq"
    assert evaluate(model, 'replace("orders/dlq/", "dlq/", "")') == "orders/"


def test_more_function_edges(model):
    assert evaluate(model, 'substr("orders", 0, 0)') == ""
    assert evaluate(model, "tobool(true)") is True
    assert evaluate(model, "range(8, 0, -4)") == [8, 4]  # the stop is excluded going down too
    assert evaluate(model, '"orders-${strrev(var.env)}"').reason == "the function strrev() is not evaluated by slsguard"


# -- namespaced functions: the aws provider's own and core:: ---------------------------------------
ROLE = "arn:aws:iam::123456789012:role/ops/team/deploy"


def test_the_aws_providers_arn_functions_are_evaluated_as_terraform_does(model):
    # Expected values: `terraform plan` of these outputs with hashicorp/aws 5.100.
    assert evaluate(model, 'provider::aws::arn_build("aws", "sqs", "eu-west-1", "123456789012", "orders")') \
        == "arn:aws:sqs:eu-west-1:123456789012:orders"
    assert evaluate(model, f'provider::aws::arn_parse("{ROLE}")') == {
        "partition": "aws", "service": "iam", "region": "", "account_id": "123456789012",
        "resource": "role/ops/team/deploy"}
    assert evaluate(model, f'provider::aws::arn_parse("{ROLE}").account_id') == "123456789012"
    assert evaluate(model, f'provider::aws::trim_iam_role_path("{ROLE}")') == "arn:aws:iam::123456789012:role/deploy"
    assert evaluate(model, "core::length(local.numbers)") == 3


def test_an_arn_built_from_a_value_known_only_at_apply_keeps_its_source_and_known_parts(model):
    built = evaluate(model, f'provider::aws::arn_build("aws", "sqs", "eu-west-1", "123456789012", {Q_A}.name)')
    assert built == "arn:aws:sqs:eu-west-1:123456789012:q-a"  # the name is planned
    built = evaluate(model, f'provider::aws::arn_build("aws", "sqs", var.env, "1", {Q_A}.arn)')
    assert isinstance(built, Partial) and _with_placeholders(built) == "arn:aws:sqs:prod:1:${...}"
    assert built.addresses == [Q_A]
    assert traced_to(evaluate(model, f"provider::aws::arn_parse({Q_A}.arn).resource"), Q_A)


def test_a_namespaced_name_is_only_a_function():
    with pytest.raises(hcl.HclSyntaxError, match="provider::aws::arn_build is a function name"):
        hcl.parse_expression("provider::aws::arn_build")
    assert isinstance(hcl.parse_expression("{ a : 1 }"), hcl.ObjectExpr)  # one colon is still a separator


def test_a_policy_in_a_file_slsguard_cannot_parse_says_so(tmp_path):
    from slsguard.gate.policy import Unjudgeable, read_policy

    (tmp_path / "main.tf").write_text('resource "aws_iam_role_policy" "p" {\n  policy = jsonencode({ a = })\n}\n')
    policy = _change("aws_iam_role_policy.p", {}, {"policy": True})
    model = Model({"resource_changes": [policy], "configuration": {"root_module": {}}}, tmp_path)
    judged = read_policy(model, model.by_address["aws_iam_role_policy.p"], "policy")
    assert isinstance(judged, Unjudgeable)
    assert "slsguard could not parse main.tf: line 2" in judged.reason
