"""Plan contract of every module: each scenario of ``tests/plan/scenarios/<module>/`` planned with
its inputs and compared with its expected values.

A module whose contract needs more than equal values (a policy document parsed and compared
statement by statement, a property that holds in every scenario) adds it as
``check_scenario(scenario, plan, aws)`` in ``tests/plan/test_<module>.py``; it runs on the same
plan, so a scenario is planned once.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from harness import discovery, scenarios
from harness.inventory import assert_inventory

pytestmark = pytest.mark.plan

SCENARIOS = scenarios.FOLDER


def module_check(module: str):
    """``check_scenario`` of ``tests/plan/test_<module>.py``, or None when the module has none."""
    name = f"test_{module.replace('-', '_')}"
    if not (Path(__file__).parent / f"{name}.py").is_file():
        return None
    return getattr(importlib.import_module(f"plan.{name}"), "check_scenario", None)


def test_every_module_has_scenarios():
    modules = [module.name for module in discovery.modules()]
    covered = sorted({path.parent.name for path in scenarios.discover(SCENARIOS)})
    assert covered == modules, f"modules without a plan scenario in {SCENARIOS}: {sorted(set(modules) - set(covered))}"


@pytest.mark.parametrize("path", scenarios.discover(SCENARIOS), ids=scenarios.label)
def test_plan_matches_scenario(aws, module_root, tmp_path: Path, path: Path):
    scenario = scenarios.load(path, tmp_path)
    plan = module_root(scenario.module, scenario.inputs, env=aws.env).plan()
    assert_inventory(plan, scenario.expected, path)
    check = module_check(scenario.module)
    if check is not None:
        check(scenario, plan, aws)
