"""Every module example (``modules/*/examples/*``, found by glob) planned on the emulator and judged
by the gate (the slsguard engine and Checkov, ``slsguard check`` as a team runs it) with the
examples' gate configuration: no finding, no waiver.

An example is what a service team copies, so it must pass the gate it will meet. The configuration
(``modules/examples-gate.yaml``) picks the ``service`` profile: an example deploys into an account
whose budget and concurrency limit the account baseline owns (docs/module-standard.md).

An example that deploys a function declares ``variable "zip_path"`` and keeps the code in ``./src``;
the zip is built here, as its README tells a user to (terraform has no archive provider here).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from harness import MODULES, discovery
from harness.cli import slsguard
from harness.terraform import plan_in_place
from slsguard import packaging

pytestmark = pytest.mark.plan

EXAMPLES_CONFIG = MODULES / "examples-gate.yaml"
CHECK_TIMEOUT = 300  # Checkov's start on a loaded machine, with room to spare
_ZIP_VARIABLE = re.compile(r'^variable\s+"zip_path"\s*\{', re.MULTILINE)


def _tf_vars(example: Path, workdir: Path) -> dict[str, str]:
    """The inputs an example cannot default: its function package, built from its ``src``."""
    if not any(_ZIP_VARIABLE.search(tf.read_text()) for tf in example.glob("*.tf")):
        return {}
    source = example / "src"
    assert source.is_dir(), f"{discovery.label(example)} declares zip_path but has no src/ to build it from"
    output = workdir / "build" / "function.zip"
    packaging.build_zip(source, output)
    return {"zip_path": str(output)}


def test_examples_are_discovered():
    """The glob finds every module's examples; a module without one has nothing for a team to copy."""
    with_examples = {example.parents[1].name for example in discovery.examples()}
    assert with_examples == {module.name for module in discovery.modules()}


def test_examples_config_is_a_profile_not_a_waiver():
    """The configuration chooses the profile and names the public health checks: no rule switched
    off, no threshold loosened, and no route public but a health check."""
    document = yaml.safe_load(EXAMPLES_CONFIG.read_text())
    assert set(document) == {"profile", "public_routes"}, f"{EXAMPLES_CONFIG} may set only the profile and public_routes"
    assert document["profile"] == "service"
    assert all("GET /health" in route for route in document["public_routes"]), document["public_routes"]


@pytest.mark.checkov
@pytest.mark.parametrize("example", discovery.examples(), ids=discovery.label)
def test_example_passes_the_gate(aws, toolchain, tmp_path: Path, example: Path):
    plan = plan_in_place(example, toolchain, tmp_path, aws.env, _tf_vars(example, tmp_path))
    # Not vacuous: the plan creates resources for the gate to judge.
    assert plan.get("resource_changes"), f"{discovery.label(example)} planned nothing"
    plan_json, report = tmp_path / "plan.json", tmp_path / "report.json"
    plan_json.write_text(json.dumps(plan))
    # Both engines, as a team's CI runs the gate: Checkov adds ~3 s to a plan of ~10 s.
    checked = slsguard("check", str(example), "--plan", str(plan_json), "--config", str(EXAMPLES_CONFIG),
                       "--format", "json", "--output", str(report), timeout=CHECK_TIMEOUT)
    assert report.is_file(), f"slsguard check wrote no report (exit {checked.returncode}): {checked.stderr}"
    document = json.loads(report.read_text())
    findings = "\n".join(f"  {f['rule']} {f['address']}: {f['message']}" for f in document["findings"])
    assert not document["findings"], f"{discovery.label(example)} does not pass the gate:\n{findings}"
    assert checked.returncode == 0, checked.stderr
    assert document["summary"]["engines"] == ["checkov", "slsguard"]
    assert document["summary"]["rules_evaluated"] > 0
