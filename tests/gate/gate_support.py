"""Helpers of the gate tests: run the engine on committed fixture plans without terraform."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from slsguard.check import evaluate, exit_code
from slsguard.gate import engine
from slsguard.gate.config import load_config
from slsguard.gate.plan import validate_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STACK = FIXTURES / "stack"
# A fixture whose verdict depends on a setting (e.g. public_routes) holds its gate configuration
# here, in the format of a user's --config file; every other fixture is judged with the defaults.
FIXTURE_CONFIG = "gate-config.yaml"


@lru_cache(maxsize=None)
def _plan_text(root: Path) -> str:
    return (root / "plan.json").read_text()


def load_fixture_plan(root: Path) -> dict[str, Any]:
    return json.loads(_plan_text(root))


def default_config() -> dict[str, Any]:
    return load_config(None, engine.rule_ids())


def fixture_config(root: Path) -> dict[str, Any]:
    """The configuration a fixture is judged with: its own gate-config.yaml, else the defaults."""
    path = root / FIXTURE_CONFIG
    return load_config(path, engine.rule_ids()) if path.is_file() else default_config()


def judge(plan: dict[str, Any], root: Path | None = STACK, config: dict[str, Any] | None = None,
          waivers: list | None = None) -> tuple[int, engine.Result]:
    validate_plan(plan, "test plan")
    result = evaluate(copy.deepcopy(plan), root, config or default_config(), waivers or [])
    return exit_code(result), result


def addresses(result: engine.Result, rule: str) -> set[str]:
    return {f.address for f in result.findings if f.rule == rule}


def change_of(plan: dict[str, Any], address: str) -> dict[str, Any]:
    for change in plan["resource_changes"]:
        if change["address"] == address:
            return change["change"]
    raise KeyError(address)


def expected_findings(root: Path) -> list[tuple[str, str, str]]:
    """The exact findings a bad fixture must produce: (rule, address, a fragment of the message)."""
    entries = yaml.safe_load((root / "expected.yaml").read_text())
    return [(entry["rule"], entry["address"], entry["message"]) for entry in entries]


def bad_fixture_problem(rule: str, root: Path, code: int, result: engine.Result) -> str | None:
    """Why ``result`` is not exactly what the bad fixture ``root`` expects of ``rule`` (None: it is).
    Shared by the rule tests and the mutation runner, which must agree on what proves a rule."""
    expected = expected_findings(root)
    if {entry[0] for entry in expected} != {rule}:
        return f"{root}/expected.yaml lists findings of other rules"
    found = [(f.rule, f.address, f.message) for f in result.findings if f.rule == rule]
    if code != 1:
        return f"{root.name}: exit code {code}, not 1"
    if sorted(key[:2] for key in found) != sorted(key[:2] for key in expected):
        return f"{rule}/{root.name}: the findings differ from expected.yaml: {found}"
    unmatched = list(found)
    for rule_id, address, fragment in expected:
        match = next((f for f in unmatched if f[:2] == (rule_id, address) and fragment in f[2]), None)
        if match is None:
            return f"{address}: no message with {fragment!r} in {[f[2] for f in found if f[1] == address]}"
        unmatched.remove(match)
    return None
