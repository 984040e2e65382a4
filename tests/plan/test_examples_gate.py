"""Every module example (``modules/*/examples/*``, found by glob) planned on the emulator and judged
by the slsguard engine with the examples' gate configuration: no finding, no waiver.

An example is what a service team copies, so it must pass the gate it will meet. The configuration
(``modules/examples-gate.yaml``) picks the ``service`` profile: an example deploys into an account
whose budget and concurrency limit the account baseline owns (docs/module-standard.md).

An example that deploys a function declares ``variable "zip_path"`` and keeps the code in ``./src``;
the zip is built here, as its README tells a user to (terraform has no archive provider here).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from harness import MODULES, discovery
from harness.terraform import plan_in_place
from slsguard import packaging
from slsguard.check import evaluate, exit_code
from slsguard.gate import engine
from slsguard.gate.config import load_config

pytestmark = pytest.mark.plan

EXAMPLES_CONFIG = MODULES / "examples-gate.yaml"
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


@pytest.mark.parametrize("example", discovery.examples(), ids=discovery.label)
def test_example_passes_the_gate(aws, toolchain, tmp_path: Path, example: Path):
    plan = plan_in_place(example, toolchain, tmp_path, aws.env, _tf_vars(example, tmp_path))
    # Not vacuous: the plan creates resources for the engine to judge.
    assert plan.get("resource_changes"), f"{discovery.label(example)} planned nothing"
    config = load_config(EXAMPLES_CONFIG, engine.rule_ids())
    result = evaluate(plan, example, config, [])
    findings = "\n".join(f"  {f.rule} {f.address}: {f.message}" for f in result.findings)
    assert not result.findings, f"{discovery.label(example)} does not pass the gate:\n{findings}"
    assert exit_code(result) == 0
    assert result.evaluated, "the engine judged no rule"
