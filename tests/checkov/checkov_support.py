"""Helpers for the tests that run the real Checkov binary on our custom policies (not a conftest:
imported by name from the test modules next to it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness import REPO

POLICIES = REPO / "policies" / "checkov"
CHECKS_DIR = POLICIES / "checks"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Checkov is a dev dependency installed next to the interpreter that runs the tests.
CHECKOV = Path(sys.executable).parent / "checkov"
CHECKOV_TIMEOUT_S = 300
# The prefix of the details of a CKV_SLS_* failure on a value that could not be judged
# (policies/checkov/checks/sls_values.py; the checks are not importable outside Checkov).
UNJUDGED = "unjudged:"

_PYTHON_ID = re.compile(r'\bid="(CKV_SLS_\d+)"')
_YAML_ID = re.compile(r"^\s+id:\s*(CKV_SLS_\d+)\s*$", re.MULTILINE)


def custom_check_ids() -> list[str]:
    """Every CKV_SLS_* id defined in policies/checkov/checks, in numeric order."""
    ids = []
    for path in sorted(CHECKS_DIR.iterdir()):
        if path.suffix == ".py":
            ids += _PYTHON_ID.findall(path.read_text())
        elif path.suffix in (".yaml", ".yml"):
            ids += _YAML_ID.findall(path.read_text())
    return sorted(ids, key=lambda check_id: int(check_id.rsplit("_", 1)[1]))


def run_checkov(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run checkov offline (no platform download); a crash or a timeout fails the test."""
    if not CHECKOV.is_file():
        pytest.fail(f"checkov is not installed at {CHECKOV}; run `make setup`")
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE"}
    env.pop("BC_API_KEY", None)
    result = subprocess.run(
        [str(CHECKOV), "--skip-download", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=CHECKOV_TIMEOUT_S, check=False,
    )
    # 0: nothing failed, 1: some check failed; anything else is checkov breaking.
    assert result.returncode in (0, 1), f"checkov exited {result.returncode}:\n{result.stderr[-4000:]}"
    return result


def scan_results(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    """The passed and failed check records of a `-o json` run (one report or a list of them)."""
    reports = json.loads(result.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    records = []
    for report in reports:
        for outcome in ("passed", "failed"):
            for record in report["results"][f"{outcome}_checks"]:
                records.append({**record, "outcome": outcome.upper()})
    return records
