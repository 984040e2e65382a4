"""The environments' config.json files against policies/schemas/env-config.schema.json.

Fast and terraform-free: the committed configs pass, and every kind of broken config stops with
the file and the JSON path of the first problem, before any terraform command could run.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from harness import REPO

sys.path.insert(0, str(REPO / "scripts"))

import envctl  # noqa: E402
from slsguard.errors import SlsguardError  # noqa: E402

ENVIRONMENTS = ("dev", "staging", "prod")


def committed(env: str) -> dict[str, Any]:
    return json.loads((REPO / "envs" / env / "config.json").read_text())


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(envctl.SCHEMA.read_text()))


def test_every_environment_root_has_a_config():
    roots = sorted(p.name for p in (REPO / "envs").iterdir() if (p / "config.json").is_file())
    assert roots == sorted(ENVIRONMENTS)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_committed_config_is_valid(env: str):
    config = envctl.load_config(envctl.config_path(env), env)
    assert config["environment"] == env


def test_prod_is_sized_above_dev():
    """The configs differ where environments should: a guard against copy-paste of dev into prod."""
    dev, prod = committed("dev"), committed("prod")
    assert prod["functions"]["api"]["reserved_concurrency"] > dev["functions"]["api"]["reserved_concurrency"]
    assert prod["functions"]["api"]["provisioned_concurrency"] >= 1
    assert prod["log_retention_days"] > dev["log_retention_days"]
    assert prod["budget"]["monthly_limit_usd"] > dev["budget"]["monthly_limit_usd"]
    assert all(committed(env)["table"]["deletion_protection"] for env in ("staging", "prod"))


def _set(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        document = document[part]
    if value is _DELETE:
        del document[last]
    else:
        document[last] = value


_DELETE = object()

# (JSON path to change, new value, the error the user must see)
BROKEN = [
    ("functions.api.reserved_concurrency", 0, "$.functions.api.reserved_concurrency: 0 is less than the minimum of 1"),
    ("functions.worker.reserved_concurrency", -1, "$.functions.worker.reserved_concurrency: -1 is less than the minimum of 1"),
    ("functions.api.memory_mb", "256", "$.functions.api.memory_mb: '256' is not of type 'integer'"),
    ("functions.api.timeout_seconds", 901, "$.functions.api.timeout_seconds: 901 is greater than the maximum of 900"),
    ("functions.notifier.cpu", 2, "$.functions.notifier: Unevaluated properties are not allowed ('cpu' was unexpected)"),
    ("functions.worker.maximum_concurrency", 1, "$.functions.worker.maximum_concurrency: 1 is less than the minimum of 2"),
    ("log_retention_days", 0, "$.log_retention_days: 0 is not one of"),
    ("budget", _DELETE, "$: 'budget' is a required property"),
    ("budget.forecasted_alert_percentages", [], "$.budget.forecasted_alert_percentages: [] should be non-empty"),
    ("budget.email_subscribers", ["not-an-address"], "$.budget.email_subscribers[0]: 'not-an-address' does not match"),
    ("queue.max_receive_count", 3, "$.queue.max_receive_count: 3 is less than the minimum of 5"),
    ("http_api.jwt_issuer", "http://auth.example.com/", "$.http_api.jwt_issuer: 'http://auth.example.com/' does not match"),
    ("partner_api.tiers", {"only": {"rate_limit": 1, "burst_limit": 1, "quota_per_month": 1}},
     "$.partner_api.tiers: {'only'"),
    ("event_bus.notifier_max_event_age_seconds", 30, "$.event_bus.notifier_max_event_age_seconds: 30 is less than the minimum of 60"),
    ("table.deletion_protection", False, "$.table: 'deletion_protection_off_reason' is a required property"),
    ("environment", "qa", "$.environment: 'qa' is not one of ['dev', 'staging', 'prod']"),
    ("surprise", True, "$: Additional properties are not allowed ('surprise' was unexpected)"),
    # Rules across two values, which the schema cannot state.
    ("functions.api.provisioned_concurrency", 11, "$.functions.api.provisioned_concurrency: 11 exceeds reserved_concurrency 10"),
    ("functions.worker.maximum_concurrency", 6, "$.functions.worker.maximum_concurrency: 6 exceeds reserved_concurrency 5"),
    ("functions.api.reserved_concurrency", 895, "$.functions: the reserved concurrency adds up to 903"),
    ("reconciliation.stale_after_minutes", 2880, "$.reconciliation.stale_after_minutes: 2880 leaves nothing of the 48-hour look-back window"),
    # The reconciliation's own settings.
    ("functions.reconciler", _DELETE, "$.functions: 'reconciler' is a required property"),
    ("reconciliation", _DELETE, "$: 'reconciliation' is a required property"),
    ("reconciliation.schedule_expression", "cron(30 2 * * ?)", "$.reconciliation.schedule_expression: 'cron(30 2 * * ?)' does not match"),
    ("reconciliation.timezone", "CET+1", "$.reconciliation.timezone: 'CET+1' does not match"),
    ("reconciliation.stale_after_minutes", 1, "$.reconciliation.stale_after_minutes: 1 is less than the minimum of 5"),
    ("reconciliation.page_size", 0, "$.reconciliation.page_size: 0 is less than the minimum of 1"),
    ("reconciliation.max_pages", 5000, "$.reconciliation.max_pages: 5000 is greater than the maximum of 1000"),
]


@pytest.mark.parametrize(("path", "value", "expected"), BROKEN, ids=[case[0] + "=" + repr(case[1])[:20] for case in BROKEN])
def test_broken_config_stops_with_the_json_path(tmp_path: Path, path: str, value: Any, expected: str):
    document = copy.deepcopy(committed("dev"))
    _set(document, path, value)
    broken = tmp_path / "config.json"
    broken.write_text(json.dumps(document))
    with pytest.raises(SlsguardError) as raised:
        envctl.load_config(broken, "dev")
    assert str(raised.value).startswith(f"{broken}: {expected}"), str(raised.value)


def test_config_of_another_environment_is_refused(tmp_path: Path):
    copied = tmp_path / "config.json"
    copied.write_text(json.dumps(committed("staging")))
    with pytest.raises(SlsguardError, match=r"\$\.environment: 'staging' does not match the folder envs/dev"):
        envctl.load_config(copied, "dev")


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", "null"])
def test_unreadable_or_non_object_config_is_an_error(tmp_path: Path, text: str):
    broken = tmp_path / "config.json"
    broken.write_text(text)
    with pytest.raises(SlsguardError, match=r"config\.json: "):
        envctl.load_config(broken, "dev")


def test_missing_config_is_an_error(tmp_path: Path):
    with pytest.raises(SlsguardError, match="cannot be read"):
        envctl.load_config(tmp_path / "config.json", "dev")


def test_every_problem_is_counted(tmp_path: Path):
    document = copy.deepcopy(committed("dev"))
    document["functions"]["api"]["reserved_concurrency"] = 0
    document["log_retention_days"] = 2
    broken = tmp_path / "config.json"
    broken.write_text(json.dumps(document))
    with pytest.raises(SlsguardError, match=r"\(and 1 more\)$"):
        envctl.load_config(broken, "dev")


def test_cli_stops_before_terraform_with_exit_2(tmp_path: Path, monkeypatch, capsys):
    """`make plan ENV=dev` with a broken config: one sentence naming the path, exit 2, no terraform."""
    envs = tmp_path / "envs"
    (envs / "dev").mkdir(parents=True)
    document = copy.deepcopy(committed("dev"))
    document["functions"]["api"]["reserved_concurrency"] = 0
    (envs / "dev" / "config.json").write_text(json.dumps(document))
    monkeypatch.setattr(envctl, "ENVS", envs)
    monkeypatch.setattr(envctl, "workspace_for", lambda *args: pytest.fail("terraform was reached"))
    assert envctl.main(["plan", "dev"]) == 2
    error = capsys.readouterr().err
    assert "config.json: $.functions.api.reserved_concurrency: 0 is less than the minimum of 1" in error
