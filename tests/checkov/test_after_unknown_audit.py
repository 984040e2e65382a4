"""The Checkov after-unknown audit (policies/checkov/after-unknown-audit.yaml): every curated
built-in has a verdict; where Checkov is fooled (or its data is stale) the slsguard engine owns the
rule and catches the violation; and the real Checkov, run as the gate runs it, gives each
violation of tests/gate/fixtures/checkov-after-unknown the recorded verdict."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

from checkov_support import CHECKOV, CHECKOV_TIMEOUT_S, POLICIES, REPO
from slsguard.check import evaluate
from slsguard.gate import engine
from slsguard.gate.checkov import CHECKOV_ENVIRONMENT, load_mapping
from slsguard.gate.config import load_config

AUDIT = yaml.safe_load((POLICIES / "after-unknown-audit.yaml").read_text())["checks"]
ROOT = REPO / "tests" / "gate" / "fixtures" / "checkov-after-unknown"
PLAN = ROOT / "plan.json"
OWNED = {check: entry for check, entry in AUDIT.items() if entry.get("verdict") in ("fooled", "stale")}


def test_every_curated_builtin_is_audited():
    configured = {check for check in yaml.safe_load((POLICIES / "config.yaml").read_text())["check"]
                  if not check.startswith("CKV_SLS_")}
    assert set(AUDIT) == configured
    for check, entry in AUDIT.items():
        assert entry.get("verdict") in ("exact", "fooled", "stale") or entry.get("not_audited"), check
        assert bool(entry.get("violation")) == ("verdict" in entry), check


def test_fooled_and_stale_checks_merge_into_the_engine_rule_that_owns_them():
    mapping = load_mapping(REPO / "policies", engine.rule_ids())
    assert OWNED, "the audit found checks the engine must own"
    assert {check: mapping.builtin[check].same_as for check in OWNED} == {c: e["owner"] for c, e in OWNED.items()}


def test_the_engine_catches_every_violation_checkov_misses():
    plan = json.loads(PLAN.read_text())
    result = evaluate(plan, ROOT, load_config(None, engine.rule_ids()), [])
    found = {(f.rule, f.address) for f in result.findings}
    missed = {check: (entry["owner"], entry["violation"]) for check, entry in OWNED.items()
              if (entry["owner"], entry["violation"]) not in found}
    assert missed == {}


@pytest.mark.checkov
def test_checkov_in_after_unknown_mode_gives_the_recorded_verdicts(tmp_path):
    (tmp_path / "plan.json").write_text(PLAN.read_text())
    env = {**os.environ, **CHECKOV_ENVIRONMENT}
    env.pop("BC_API_KEY", None)
    completed = subprocess.run([str(CHECKOV), "--skip-download", "--config-file", str(POLICIES / "config.yaml"),
                                "-f", str(tmp_path / "plan.json"), "-o", "json"],
                               cwd=REPO, env=env, capture_output=True, text=True, timeout=CHECKOV_TIMEOUT_S, check=False)
    assert completed.returncode in (0, 1), completed.stderr[-4000:]
    reports = json.loads(completed.stdout)
    outcomes = {(record["check_id"], record["resource"]): outcome
                for report in (reports if isinstance(reports, list) else [reports])
                for outcome in ("passed", "failed") for record in report["results"][f"{outcome}_checks"]}
    expected = {check: "failed" if entry["verdict"] == "exact" else "passed"
                for check, entry in AUDIT.items() if "violation" in entry}
    observed = {check: outcomes.get((check, AUDIT[check]["violation"]), "not judged") for check in expected}
    assert observed == expected
