"""Static tier: every validation block of a module's variables has a native test that expects it
to fail (`run` blocks whose `expect_failures` name the variable, at least one per validation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import discovery
from slsguard.gate import hcl

pytestmark = pytest.mark.static


def _validations(module: Path) -> dict[str, int]:
    counts = {}
    for source in module.glob("*.tf"):
        for variable in hcl.parse(source.read_text(encoding="utf-8")).children("variable"):
            counts[variable.labels[0]] = len(variable.children("validation"))
    return counts


def _expected_failures(module: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for test_file in (module / "tests").glob("*.tftest.hcl"):
        for run in hcl.parse(test_file.read_text(encoding="utf-8")).children("run"):
            expected = run.attributes.get("expect_failures")
            for reference in expected.items if isinstance(expected, hcl.TupleExpr) else ():
                path = hcl.traversal(reference) or ""
                if path.startswith("var."):
                    name = path.split(".")[1]
                    counts[name] = counts.get(name, 0) + 1
    return counts


@pytest.mark.parametrize("module", discovery.modules(), ids=discovery.label)
def test_every_validation_has_an_expect_failures_test(module: Path):
    validations = _validations(module)
    assert sum(validations.values()) > 0, f"{discovery.label(module)} validates none of its inputs"
    failures = _expected_failures(module)
    uncovered = {name: f"{count} validation(s), {failures.get(name, 0)} failing run(s)"
                 for name, count in validations.items() if count > failures.get(name, 0)}
    assert not uncovered, f"{discovery.label(module)}: validations without an expect_failures test: {uncovered}"
