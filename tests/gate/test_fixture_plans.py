"""Committed fixture plans are current: re-plan a sample with real terraform and compare.

Regenerate them all with `.venv/bin/python tests/gate/regenerate.py` (about 3 minutes).
"""

from __future__ import annotations

import json

import pytest

from gate_support import FIXTURES, STACK
from regenerate import plan_fixture

SAMPLE = [STACK, FIXTURES / "SLS-IAM-001" / "bad", FIXTURES / "SLS-DAT-008" / "bad"]


@pytest.mark.plan
@pytest.mark.parametrize("fixture", SAMPLE, ids=[str(p.relative_to(FIXTURES)) for p in SAMPLE])
def test_committed_plan_is_current(fixture, toolchain):
    committed = json.loads((fixture / "plan.json").read_text())
    fresh = plan_fixture(fixture, toolchain)
    for key in ("resource_changes", "configuration", "prior_state"):
        assert fresh.get(key) == committed.get(key), (
            f"{fixture.name}: {key} changed; run .venv/bin/python tests/gate/regenerate.py {fixture}")


@pytest.mark.plan
def test_root_dir_alone_is_planned_by_the_gate(tmp_path, toolchain, capsys):
    import shutil

    from regenerate import PROVIDERS
    from slsguard.cli import main

    root = tmp_path / "stack"
    shutil.copytree(STACK, root, ignore=shutil.ignore_patterns("plan.json"))
    shutil.copyfile(PROVIDERS, root / "providers.tf")
    (root / "function.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    code = main(["check", str(root), "--no-checkov", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["findings"] == []
