"""Static tier: every validation block of a module's variables and every precondition of its
resources, data sources and outputs has a native test that expects it to fail (`run` blocks whose
`expect_failures` name the variable or the object, at least one per validation or precondition)."""

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


def _preconditions(module: Path) -> dict[str, int]:
    """``type.name`` / ``data.type.name`` / ``output.name`` -> how many preconditions it has."""
    counts = {}
    for source in module.glob("*.tf"):
        document = hcl.parse(source.read_text(encoding="utf-8"))
        for kind, prefix in (("resource", ""), ("data", "data.")):
            for block in document.children(kind):
                found = sum(len(lifecycle.children("precondition")) for lifecycle in block.children("lifecycle"))
                if found:
                    counts[prefix + ".".join(block.labels)] = found
        for output in document.children("output"):
            if output.children("precondition"):
                counts[f"output.{output.labels[0]}"] = len(output.children("precondition"))
    return counts


def _failing_runs(module: Path) -> dict[str, int]:
    """What the runs' ``expect_failures`` name (``var.x`` as ``x``; instance keys dropped) -> how many."""
    counts: dict[str, int] = {}
    for test_file in (module / "tests").glob("*.tftest.hcl"):
        for run in hcl.parse(test_file.read_text(encoding="utf-8")).children("run"):
            expected = run.attributes.get("expect_failures")
            for reference in expected.items if isinstance(expected, hcl.TupleExpr) else ():
                path = (hcl.traversal(reference) or "").split("[", 1)[0]
                if path:
                    name = path.split(".")[1] if path.startswith("var.") else path
                    counts[name] = counts.get(name, 0) + 1
    return counts


def _expected_failures(module: Path) -> dict[str, int]:
    return {name: count for name, count in _failing_runs(module).items() if "." not in name}


@pytest.mark.parametrize("module", discovery.modules(), ids=discovery.label)
def test_every_validation_has_an_expect_failures_test(module: Path):
    validations = _validations(module)
    assert sum(validations.values()) > 0, f"{discovery.label(module)} validates none of its inputs"
    failures = _expected_failures(module)
    uncovered = {name: f"{count} validation(s), {failures.get(name, 0)} failing run(s)"
                 for name, count in validations.items() if count > failures.get(name, 0)}
    assert not uncovered, f"{discovery.label(module)}: validations without an expect_failures test: {uncovered}"


@pytest.mark.parametrize("module", discovery.modules(), ids=discovery.label)
def test_every_precondition_has_an_expect_failures_test(module: Path):
    failures = _failing_runs(module)
    uncovered = {owner: f"{count} precondition(s), {failures.get(owner, 0)} failing run(s)"
                 for owner, count in _preconditions(module).items() if count > failures.get(owner, 0)}
    assert not uncovered, f"{discovery.label(module)}: preconditions without an expect_failures test: {uncovered}"
