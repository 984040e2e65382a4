"""A service team's root written from the README: every module wired through outputs only, planned
on the emulator and gated with the default mode (both engines): no finding, no waiver."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quickstart_readme import README, ROOT, readme_block, snippet

EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18


def test_readme_quick_start_is_the_tested_root():
    assert readme_block(README.read_text()) == snippet(), (
        "the README's quick start differs from tests/consumer/quickstart/main.tf: run "
        ".venv/bin/python tests/consumer/quickstart_readme.py")


def test_quick_start_references_only_what_it_declares():
    """Complete as shown: every module, resource and data source it names is in the block."""
    block = snippet()
    declared = {f"module.{name}" for name in _labels(block, "module")}
    declared |= {f"{kind}.{name}" for kind, name in _typed_labels(block, "resource")}
    declared |= {f"data.{kind}.{name}" for kind, name in _typed_labels(block, "data")}
    used = {m.group(1) for m in re.finditer(r"\b((?:module|data\.[a-z0-9_]+|aws_[a-z0-9_]+)\.[a-z0-9_]+)\b", block)}
    assert used - declared == set()


def _labels(text, kind):
    return re.findall(rf'^{kind} "([^"]+)" {{', text, re.MULTILINE)


def _typed_labels(text, kind):
    return re.findall(rf'^{kind} "([^"]+)" "([^"]+)" {{', text, re.MULTILINE)


@pytest.mark.plan
@pytest.mark.checkov
def test_quick_start_passes_the_full_gate(aws, toolchain, tmp_path):
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "orders.zip").write_bytes(EMPTY_ZIP)
    env = {**aws.env, "TF_DATA_DIR": str(tmp_path / "terraform-data")}
    toolchain.run(["init", "-input=false", "-no-color", "-backend=false"], ROOT, extra_env=env)
    toolchain.run(["plan", "-input=false", "-no-color", "-lock=false", f"-out={tmp_path / 'plan.tfplan'}"],
                  ROOT, extra_env=env)
    shown = toolchain.run(["show", "-json", str(tmp_path / "plan.tfplan")], ROOT, extra_env=env)
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(shown.stdout)
    report = tmp_path / "report.json"
    checked = subprocess.run([str(Path(sys.executable).with_name("slsguard")), "check", str(ROOT), "--plan", str(plan_path),
                              "--format", "json", "--output", str(report)], capture_output=True, text=True,
                             timeout=600)
    document = json.loads(report.read_text())
    assert [(f["rule"], f["address"], f["message"]) for f in document["findings"]] == []
    assert checked.returncode == 0, checked.stderr
    assert document["summary"]["engines"] == ["checkov", "slsguard"]
    # Not vacuous: the worker's role policy was read, with the table ARN traced through the module output.
    planned = json.loads(shown.stdout)
    worker_policy = next(c for c in planned["resource_changes"]
                         if c["address"] == "module.worker.aws_iam_role_policy.this")
    assert worker_policy["change"]["after_unknown"].get("policy") is True
