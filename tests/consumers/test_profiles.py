"""Gate profiles (`profile:` in the gate configuration): a one-line choice of the part of the
standard a repository is judged by, on the rule fixtures' real plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from slsguard.cli import main
from slsguard.gate import config as gate_config

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "gate" / "fixtures"


def findings(capsys, fixture: str, tmp_path: Path, settings: dict | None) -> tuple[int, set[str]]:
    """Exit code and rule ids of one --no-checkov run on a fixture's committed plan."""
    root = FIXTURES / fixture
    arguments = ["check", str(root), "--plan", str(root / "plan.json"), "--no-checkov", "--format", "json"]
    if settings is not None:
        path = tmp_path / "slsguard.yaml"
        path.write_text(yaml.safe_dump(settings))
        arguments += ["--config", str(path)]
    code = main(arguments)
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return code, {finding["rule"] for finding in json.loads(out)["findings"]}


@pytest.mark.parametrize(("fixture", "rule", "judged_by"), [
    ("SLS-BUD-001/bad", "SLS-BUD-001", {"full", "account"}),
    ("SLS-CON-002/bad", "SLS-CON-002", {"full", "account"}),
    ("SLS-DAT-001/bad", "SLS-DAT-001", {"full", "service"}),
    ("SLS-IAM-001/bad", "SLS-IAM-001", {"full", "service", "account"}),
])
def test_profile_decides_which_rules_judge_a_real_plan(capsys, tmp_path, fixture, rule, judged_by):
    for profile in ("full", "service", "account"):
        _, rules = findings(capsys, fixture, tmp_path, {"profile": profile})
        assert (rule in rules) == (profile in judged_by), f"profile {profile} on {fixture}: {sorted(rules)}"


def test_default_is_the_full_standard(capsys, tmp_path):
    assert findings(capsys, "SLS-BUD-001/bad", tmp_path, None) == findings(
        capsys, "SLS-BUD-001/bad", tmp_path, {"profile": "full"})
    assert "SLS-BUD-001" in findings(capsys, "SLS-BUD-001/bad", tmp_path, None)[1]


def test_explicit_rule_setting_wins_over_the_profile(capsys, tmp_path):
    _, rules = findings(capsys, "SLS-BUD-001/bad", tmp_path,
                        {"profile": "service", "rules": {"SLS-BUD-001": {"enabled": True, "severity": "low"}}})
    assert "SLS-BUD-001" in rules
    _, rules = findings(capsys, "SLS-IAM-001/bad", tmp_path,
                        {"profile": "account", "rules": {"SLS-IAM-001": {"enabled": False}}})
    assert "SLS-IAM-001" not in rules


@pytest.mark.parametrize(("settings", "message"), [
    ({"profile": "services"}, "is invalid at profile"),
    ({"profile": "service", "rules": {"SLS-BUD-001": {"severity": "low"}}}, "add `enabled: true`"),
])
def test_wrong_profile_settings_are_one_sentence_errors(capsys, tmp_path, settings, message):
    path = tmp_path / "slsguard.yaml"
    path.write_text(yaml.safe_dump(settings))
    root = FIXTURES / "SLS-BUD-001" / "bad"
    code = main(["check", str(root), "--plan", str(root / "plan.json"), "--no-checkov", "--config", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1, err


def test_profiles_name_known_rules_and_match_the_schema():
    from slsguard.check import _mapping
    from slsguard.gate import engine

    known = engine.rule_ids()
    mapping = _mapping(known, required=True)
    known |= set(mapping.builtin)
    for name in gate_config.profiles():
        assert gate_config.profile_rules(name, known) or name == "full"
    assert gate_config.profile_rules("full", known) == {}
    schema = gate_config.schema("gate-config.schema.json")
    assert set(schema["properties"]["profile"]["enum"]) == set(gate_config.profiles())
    assert json.loads(gate_config.DEFAULT_CONFIG.read_text())["profile"] == gate_config.DEFAULT_PROFILE
    with pytest.raises(gate_config.SlsguardError, match="unknown rule id"):
        gate_config.profile_rules("service", known - {"SLS-BUD-001"})
