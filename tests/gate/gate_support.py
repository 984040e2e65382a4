"""Helpers of the gate tests: run the engine on committed fixture plans without terraform."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from slsguard.check import evaluate, exit_code
from slsguard.gate import engine
from slsguard.gate.config import load_config
from slsguard.gate.plan import validate_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STACK = FIXTURES / "stack"


@lru_cache(maxsize=None)
def _plan_text(root: Path) -> str:
    return (root / "plan.json").read_text()


def load_fixture_plan(root: Path) -> dict[str, Any]:
    return json.loads(_plan_text(root))


def default_config() -> dict[str, Any]:
    return load_config(None, engine.rule_ids())


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
