"""Committed fixture plans are current: re-plan a sample with real terraform and compare.

Regenerate them all with `.venv/bin/python tests/gate/regenerate.py` (about 3 minutes).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gate_support import FIXTURES, STACK
from regenerate import INPUTS_DIGEST, PROVIDERS, fixture_dirs, inputs_digest, plan_fixture
from slsguard.cli import main
from slsguard.gate import engine

def test_every_committed_plan_was_planned_from_the_current_inputs():
    """Fast and complete: each plan.json records the digest of its inputs when it is written."""
    stale = [str(fixture.relative_to(FIXTURES)) for fixture in fixture_dirs()
             if not (fixture / INPUTS_DIGEST).is_file()
             or (fixture / INPUTS_DIGEST).read_text().strip() != inputs_digest(fixture)]
    assert stale == [], f"stale fixture plans; run .venv/bin/python tests/gate/regenerate.py {' '.join(stale)}"


SAMPLE = [STACK, FIXTURES / "SLS-IAM-001" / "bad", FIXTURES / "SLS-DAT-008" / "bad"]


@pytest.mark.plan
@pytest.mark.parametrize("fixture", SAMPLE, ids=[str(p.relative_to(FIXTURES)) for p in SAMPLE])
def test_committed_plan_is_current(fixture, toolchain):
    committed = json.loads((fixture / "plan.json").read_text())
    fresh = plan_fixture(fixture, toolchain)
    for key in ("resource_changes", "configuration", "prior_state"):
        assert fresh.get(key) == committed.get(key), (
            f"{fixture.name}: {key} changed; run .venv/bin/python tests/gate/regenerate.py {fixture}")


def _stack_root(tmp_path: Path) -> Path:
    """A plannable copy of the compliant stack fixture (provider block and a package injected)."""
    root = tmp_path / "stack"
    shutil.copytree(STACK, root, ignore=shutil.ignore_patterns("plan.json"))
    shutil.copyfile(PROVIDERS, root / "providers.tf")
    (root / "function.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip archive
    return root


def _check(capsys, *args: str) -> tuple[int, dict]:
    code = main(["check", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.plan
@pytest.mark.checkov
def test_root_dir_alone_is_planned_and_judged_by_both_engines(tmp_path, toolchain, capsys):
    """No --plan: the gate plans the root while Checkov (started warm) imports, then both judge it."""
    code, document = _check(capsys, str(_stack_root(tmp_path)))
    assert code == 0 and document["findings"] == []
    assert document["summary"]["engines"] == ["checkov", "slsguard"]
    assert document["summary"]["rules_evaluated"] > len(engine.rule_ids())  # Checkov's built-ins too


@pytest.mark.plan
def test_an_initialised_root_is_initialised_again_only_when_it_changed(tmp_path, toolchain, capsys):
    root = _stack_root(tmp_path)
    toolchain.run(["init", "-input=false", "-no-color"], cwd=root)
    (root / "later").mkdir()
    (root / "later" / "main.tf").write_text('output "answer" {\n  value = 42\n}\n')
    with (root / "main.tf").open("a") as main_tf:
        main_tf.write('\nmodule "added_after_init" {\n  source = "./later"\n}\n')
    code, document = _check(capsys, str(root), "--no-checkov")
    assert code == 0 and document["findings"] == []
    modules = json.loads((root / ".terraform" / "modules" / "modules.json").read_text())["Modules"]
    assert "added_after_init" in {entry["Key"] for entry in modules}
