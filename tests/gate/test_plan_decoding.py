"""The selective plan decoder: it keeps exactly what the engine reads, refuses what the generic
validator refuses with the same sentence, and hands odd but harmless shapes to the generic path."""

from __future__ import annotations

import copy
import json

import orjson
import pytest

from gate_support import STACK, _plan_text, judge
from slsguard.errors import SlsguardError
from slsguard.gate.plan import parse_plan

GENERIC = json.loads(_plan_text(STACK))
CHANGE_KEYS = ("address", "mode", "type", "name", "module_address")
BODY_KEYS = ("actions", "before", "after", "after_unknown")


STATE_KEYS = ("address", "mode", "type", "name", "values")


def _state_resources(module):
    yield from ({k: r.get(k) for k in STATE_KEYS} for r in module.get("resources", []))
    for child in module.get("child_modules", []):
        yield from _state_resources(child)


def _engine_view(plan):
    changes = [({k: c.get(k) for k in CHANGE_KEYS}, {k: c["change"].get(k) for k in BODY_KEYS})
               for c in plan["resource_changes"]]
    prior = list(_state_resources(plan["prior_state"]["values"]["root_module"]))
    return changes, plan["configuration"]["root_module"], plan.get("variables"), prior


def test_the_engine_reads_the_same_plan_without_planned_values():
    decoded = parse_plan(orjson.dumps(GENERIC), "stack plan")
    assert "planned_values" in GENERIC and "planned_values" not in decoded
    assert GENERIC["resource_changes"] and GENERIC["configuration"]["root_module"]
    assert any(r["mode"] == "data" for r in _state_resources(GENERIC["prior_state"]["values"]["root_module"]))
    assert _engine_view(decoded) == _engine_view(GENERIC)


def test_a_shape_the_types_did_not_foresee_takes_the_generic_path():
    odd = copy.deepcopy(GENERIC)
    odd["prior_state"] = {"values": {"root_module": {"child_modules": "not a list"}}}
    decoded = parse_plan(orjson.dumps(odd), "odd plan")
    assert decoded["prior_state"] == odd["prior_state"] and "planned_values" in decoded  # the whole tree
    assert judge(decoded)[0] == judge(GENERIC)[0] == 0


@pytest.mark.parametrize(("field", "value", "message"), [
    ("actions", [], "has no actions list"),
    ("actions", ["create", 3], "has no actions list"),
    ("after", ["not", "an", "object"], "has a non-object change.after"),
    ("before", "text", "has a non-object change.before"),
    ("after_unknown", 7, "has a bad after_unknown"),
])
def test_a_malformed_change_is_named(field, value, message):
    broken = copy.deepcopy(GENERIC)
    broken["resource_changes"][3]["change"][field] = value
    with pytest.raises(SlsguardError, match=rf"resource_changes\[3\] \(.+\) {message}"):
        parse_plan(orjson.dumps(broken), "broken plan")


@pytest.mark.parametrize("field", ["address", "mode", "type", "name"])
def test_a_change_without_its_names_is_named(field):
    broken = copy.deepcopy(GENERIC)
    broken["resource_changes"][0][field] = ""
    with pytest.raises(SlsguardError, match=rf"resource_changes\[0\] has no {field}"):
        parse_plan(orjson.dumps(broken), "broken plan")


def test_invalid_utf8_inside_a_string_is_malformed_json():
    """msgspec reports a bad byte inside a string as UnicodeDecodeError, not DecodeError: it must
    reach the generic path's one sentence, not escape as a crash (found by test_fuzz)."""
    text = orjson.dumps(GENERIC)
    start = text.index(b'"address":"') + len(b'"address":"')
    with pytest.raises(SlsguardError, match="is not valid JSON"):
        parse_plan(text[:start] + b"\x80" + text[start:], "bad plan")
