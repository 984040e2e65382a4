"""SLS-LIF-001 against an injected day (the config's judgement_date): a runtime past its
deprecation date blocks, one within runtime_deprecation_warning_days is a non-blocking info
finding, and one the table does not know fails closed."""

from __future__ import annotations

import pytest

from gate_support import FIXTURES, change_of, default_config, judge, load_fixture_plan
from slsguard.errors import SlsguardError
from slsguard.gate import engine
from slsguard.gate.config import load_config

GOOD = FIXTURES / "SLS-LIF-001" / "good"  # aws_lambda_function.good runs python3.13, deprecated 2029-06-30
RULE = "SLS-LIF-001"


def lifecycle_findings(day: str, plan=None, warning_days: int = 180):
    """Whether SLS-LIF-001 blocks, and its findings (the fixture's other rules are not at issue)."""
    config = {**default_config(), "judgement_date": day, "runtime_deprecation_warning_days": warning_days}
    _, result = judge(plan or load_fixture_plan(GOOD), GOOD, config)
    findings = [f for f in result.findings if f.rule == RULE]
    return any(f.blocking for f in findings), findings


def test_outside_the_warning_window_nothing_is_reported():
    assert lifecycle_findings("2028-12-31") == (False, [])


@pytest.mark.parametrize(("day", "days_left"), [("2029-01-01", 180), ("2029-06-29", 1)])
def test_within_the_warning_window_the_finding_does_not_block(day, days_left):
    blocks, findings = lifecycle_findings(day)
    assert not blocks
    assert [(f.address, f.severity, f.blocking) for f in findings] == [("aws_lambda_function.good", "info", False)]
    assert f"deprecated on 2029-06-30, in {days_left} days" in findings[0].message


def test_the_warning_window_is_configurable():
    assert lifecycle_findings("2029-01-01", warning_days=30) == (False, [])
    assert len(lifecycle_findings("2029-06-01", warning_days=30)[1]) == 1


@pytest.mark.parametrize("day", ["2029-06-30", "2031-01-01"])
def test_from_the_deprecation_date_on_it_blocks(day):
    blocks, findings = lifecycle_findings(day)
    assert blocks
    assert [(f.severity, f.blocking, f.message) for f in findings] == [
        ("high", True, "runtime python3.13 is deprecated since 2029-06-30.")]


def test_a_runtime_missing_from_the_table_fails_closed():
    plan = load_fixture_plan(GOOD)
    change_of(plan, "aws_lambda_function.good")["after"]["runtime"] = "python3.99"
    blocks, findings = lifecycle_findings("2027-01-01", plan)
    assert blocks
    assert "python3.99 is not in the runtime table" in findings[0].message


def test_a_malformed_judgement_date_is_refused(tmp_path):
    path = tmp_path / "slsguard.yaml"
    path.write_text('judgement_date: "next tuesday"\n')
    with pytest.raises(SlsguardError, match="judgement_date"):
        load_config(path, engine.rule_ids())
