"""bench/generate.py: deterministic, sized as asked, shaped like terraform's plan JSON, judged by the
gate exactly as its expected findings say, and built from a template plan that is still current."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from harness import REPO

BENCH = REPO / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (bench/ is not a package)

OUTPUTS = ("plan.json", "services.tf", "slsguard.json", "expected-findings.json")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "1000"
    generate.generate(1000, out)
    return out


def test_same_seed_same_bytes_other_seed_other_faults(generated, tmp_path):
    generate.generate(1000, tmp_path / "again")
    for name in OUTPUTS:
        assert (tmp_path / "again" / name).read_bytes() == (generated / name).read_bytes(), name
    generate.generate(1000, tmp_path / "other", seed=7)
    assert (tmp_path / "other" / "services.tf").read_text() != (generated / "services.tf").read_text()
    assert (tmp_path / "other" / "plan.json").stat().st_size == pytest.approx(
        (generated / "plan.json").stat().st_size, rel=0.05)


@pytest.mark.parametrize("requested", [1000, 2500])
def test_size_within_five_percent(requested, tmp_path):
    plan = json.loads(generate.generate(requested, tmp_path).read_bytes())
    assert abs(len(plan["resource_changes"]) - requested) <= 0.05 * requested


def test_shaped_like_terraform_show_json(generated):
    plan = json.loads((generated / "plan.json").read_bytes())
    assert plan["format_version"].startswith("1.") and plan["errored"] is False
    changes = plan["resource_changes"]
    assert len({c["address"] for c in changes}) == len(changes)
    for change in changes:
        assert {"address", "mode", "type", "name", "provider_name", "change"} <= change.keys()
        assert change["change"]["actions"] in (["create"], ["read"])
        if change["address"].startswith("module."):
            assert change["address"].startswith(change["module_address"] + ".")
    assert any(c["module_address"].endswith(".module.queue") for c in changes if "module_address" in c)
    # planned_values holds the same managed resources, nested by module instance
    planned, stack = set(), [plan["planned_values"]["root_module"]]
    while stack:
        module = stack.pop()
        planned |= {r["address"] for r in module.get("resources", []) if r["mode"] == "managed"}
        stack += module.get("child_modules", [])
    assert planned == {c["address"] for c in changes if c["mode"] == "managed"}
    service = plan["configuration"]["root_module"]["module_calls"]["service"]
    assert "queue" in service["module"]["module_calls"]
    # policies built with jsonencode from references are unknown at plan time, as in real plans
    api_policy = next(c for c in changes if c["type"] == "aws_iam_role_policy" and c["name"] == "api")
    assert "policy" not in api_policy["change"]["after"] and api_policy["change"]["after_unknown"]["policy"] is True
    budget = next(c for c in changes if c["type"] == "aws_budgets_budget")
    assert {n["notification_type"] for n in budget["change"]["after"]["notification"]} == {"ACTUAL", "FORECASTED"}


def test_every_fault_kind_is_planted_and_found_by_the_gate(generated):
    from slsguard import check

    expected = json.loads((generated / "expected-findings.json").read_text())
    assert {finding["rule"] for finding in expected} == {rule for rule, _ in [*generate.FAULTS.values(),
                                                                              *generate.ROOT_FAULTS]}
    report = generated / "report.json"
    code = check.main([str(generated), "--plan", str(generated / "plan.json"), "--config",
                       str(generated / "slsguard.json"), "--no-checkov", "--format", "json", "--output", str(report)])
    found = {(f["rule"], f["address"]) for f in json.loads(report.read_text())["findings"]}
    assert code == 1
    assert found == {(f["rule"], f["address"]) for f in expected}


def test_distinct_plan_has_no_two_services_alike_and_the_same_faults(generated, tmp_path):
    """Every service's planned values differ from every other's once its own name is taken out, and
    the deliberate faults (and so the gate's findings) are the alike plan's."""
    from slsguard import check

    out = tmp_path / "distinct"
    plan = json.loads(generate.generate(1000, out, kind="distinct").read_bytes())
    shapes = set()
    for module in plan["planned_values"]["root_module"]["child_modules"]:
        key = module["address"].split('"')[1]
        shapes.add(json.dumps(module, sort_keys=True).replace(key, "KEY"))
    services = plan["planned_values"]["root_module"]["child_modules"]
    assert len(shapes) == len(services) > 40
    memories = [r["values"]["memory_size"] for m in services for r in m["resources"] if r["type"] == "aws_lambda_function"]
    assert len(set(memories)) == len(services) and str(generate.TEMPLATE_MEMORY) not in json.dumps(memories)
    assert generate.TEMPLATE_OWNER not in (out / "plan.json").read_text()
    assert (out / "expected-findings.json").read_text() == (generated / "expected-findings.json").read_text()
    report = out / "report.json"
    code = check.main([str(out), "--plan", str(out / "plan.json"), "--config", str(out / "slsguard.json"),
                       "--no-checkov", "--format", "json", "--output", str(report)])
    expected = json.loads((out / "expected-findings.json").read_text())
    assert code == 1
    assert {(f["rule"], f["address"]) for f in json.loads(report.read_text())["findings"]} == {
        (f["rule"], f["address"]) for f in expected}


def test_alike_plan_repeats_one_configuration(generated):
    plan = json.loads((generated / "plan.json").read_bytes())
    memories = {r["values"]["memory_size"] for m in plan["planned_values"]["root_module"]["child_modules"]
                for r in m["resources"] if r["type"] == "aws_lambda_function"}
    assert memories == {generate.ALIKE_MEMORY}


@pytest.mark.plan
def test_template_plan_is_terraforms_current_plan_of_the_template():
    """The committed template plan equals a fresh offline plan of bench/template (validates it too)."""
    committed = json.loads(generate.TEMPLATE_PLAN.read_text())
    assert generate.plan_template() == committed, "run `python bench/generate.py --refresh-template`"
