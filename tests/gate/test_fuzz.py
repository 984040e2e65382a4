"""Property-based bad input: mutated plans and configs never crash the gate and broken input never
passes. A rule that raises on odd values would surface here as an internal error (checked apart)."""

from __future__ import annotations

import copy
import json

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gate_support import STACK, _plan_text
from slsguard.check import evaluate, exit_code
from slsguard.errors import SlsguardError
from slsguard.gate import engine
from slsguard.gate.config import load_config
from slsguard.gate.plan import parse_plan

CONFIG = load_config(None, engine.rule_ids())
BASE = json.loads(_plan_text(STACK))
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**40, 2**40), st.floats(allow_nan=False),
                         st.text(max_size=12))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=6)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


PATHS = [p for p in _paths(BASE) if p and p[0] in ("resource_changes", "configuration", "prior_state")]


def _judge(data: bytes) -> tuple[int, str]:
    try:
        plan = parse_plan(data, "fuzzed plan")
        return exit_code(evaluate(plan, STACK, CONFIG, [])), ""
    except SlsguardError as error:
        return 2, str(error)


def _replace(plan, path, value):
    node = plan
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value


_DELETE = object()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), st.one_of(st.just(_DELETE), json_values)), min_size=1, max_size=4))
def test_mutated_plans_never_crash(mutations):
    plan = copy.deepcopy(BASE)
    for path, value in mutations:
        try:
            _replace(plan, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the parent
    code, message = _judge(orjson.dumps(plan))
    assert code in (0, 1, 2)
    assert "failed on this plan" not in message, message  # a rule crashed on an odd value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=len(_plan_text(STACK)) - 2), st.binary(max_size=8))
def test_truncated_or_corrupted_plans_never_pass(cut, junk):
    data = _plan_text(STACK).encode()[:cut] + junk
    code, _ = _judge(data)
    assert code == 2


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["format_version", "resource_changes", "errored"]), json_values)
def test_broken_top_level_never_passes(key, value):
    plan = copy.deepcopy(BASE)
    if key == "errored":
        value = True
    plan[key] = value
    if key == "format_version" and isinstance(value, str) and value.split(".")[0] == "1":
        return
    if key == "resource_changes" and value == []:
        return  # an empty plan is a valid plan (and fails SLS-BUD-001)
    code, _ = _judge(orjson.dumps(plan))
    assert code == 2


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["blocking_severity", "required_tags", "rules", "waiver_max_days",
                                        "public_routes", "account_concurrency_limit", "nonsense"]),
                       json_values, min_size=1, max_size=3))
def test_fuzzed_configs_are_valid_or_exit_2(tmp_path_factory, user_config):
    path = tmp_path_factory.mktemp("config") / "gate.json"
    path.write_text(json.dumps(user_config))
    try:
        config = load_config(path, engine.rule_ids())
    except SlsguardError:
        return
    code = exit_code(evaluate(copy.deepcopy(BASE), STACK, config, []))
    assert code in (0, 1)


def test_unreadable_policy_is_a_finding_not_a_pass(tmp_path):
    """Fail closed: a policy unknown in the plan whose .tf source cannot be read blocks. A policy
    from an aws_iam_policy_document is still found through the plan's configuration block, but what
    its unknown resources name is only in the source."""
    result = evaluate(copy.deepcopy(BASE), tmp_path, CONFIG, [])  # a root without the .tf files
    assert exit_code(result) == 1
    unjudged = {f.address: f.message for f in result.findings if f.rule == "SLS-UNK-001"}
    assert set(unjudged) == {"aws_iam_role_policy.api", "aws_iam_role_policy.reconcile",
                             "aws_iam_role_policy.worker", "aws_sqs_queue.work",
                             # whether a role writes inline_policy blocks (dynamic ones are not in
                             # the plan's configuration) is only in the source
                             "aws_iam_role.api", "aws_iam_role.reconcile", "aws_iam_role.worker"}
    assert unjudged["aws_iam_role.api"] == (
        "inline_policy[0] cannot be judged: the inline_policy of aws_iam_role.api is known only after apply, and "
        "without the .tf source slsguard cannot tell whether any is written.")
    assert "the statement[0].resources[0] of data.aws_iam_policy_document.worker" in unjudged[
        "aws_iam_role_policy.worker"]


@pytest.mark.parametrize(("type_", "key"), [("aws_iam_policy", "name"), ("aws_lambda_permission", "principal")])
def test_a_list_where_a_name_or_principal_belongs_is_judged_not_a_crash(type_, key):
    """Found by `make fuzz`: a plan value tested for membership in a set of names raised
    TypeError when it was a list (a boundary policy's name, a permission's principal)."""
    plan = copy.deepcopy(BASE)
    changes = [change for change in plan["resource_changes"] if change["type"] == type_]
    for change in changes:
        change["change"]["after"][key] = []
    code, message = _judge(orjson.dumps(plan))
    assert changes and code in (0, 1, 2) and "failed on this plan" not in message, message


def test_a_policy_document_block_that_is_not_a_list_is_judged_not_a_crash():
    """Found by `make fuzz`: a statement's condition planned as a number was iterated."""
    plan = copy.deepcopy(BASE)
    documents = [change for change in plan["resource_changes"] if change["type"] == "aws_iam_policy_document"
                 and change["change"]["after"].get("statement")]
    for document in documents:
        for statement in document["change"]["after"]["statement"]:
            statement["condition"] = 1
    code, message = _judge(orjson.dumps(plan))
    assert documents and code in (0, 1, 2) and "failed on this plan" not in message, message
