"""The curated Checkov configuration: every built-in check for our resource types is decided.

`policies/checkov/config.yaml` lists the checks we run; `excluded-builtins.md` lists, with a reason,
every other built-in check that Checkov applies to our resource types. Checkov's own `--list` is the
source of truth, so an upgrade that adds or removes checks fails here until someone decides.
"""

from __future__ import annotations

import re

import pytest
import yaml

from checkov_support import CHECKS_DIR, FIXTURES, POLICIES, REPO, custom_check_ids, run_checkov, scan_results

pytestmark = pytest.mark.checkov

CONFIG = POLICIES / "config.yaml"
EXCLUDED = POLICIES / "excluded-builtins.md"
# Resource type prefixes of the serverless stacks our standard governs.
OUR_TYPES = re.compile(r"^aws_(lambda|sqs|dynamodb|api_?gateway|cloudwatch|kms|iam|sns|budgets)")
_LIST_ROW = re.compile(r"^\|\s*\d+\s*\|\s*(?P<id>CKV\w+)\s*\|\s*\w+\s*\|\s*(?P<entity>[\w.]+)\s*\|")
_EXCLUDED_ROW = re.compile(r"^\|\s*(?P<id>CKV\w+)\s*\|[^|]+\|\s*(?P<reason>[^|]*\S)\s*\|\s*$")


@pytest.fixture(scope="module")
def builtin_entities() -> dict[str, set[str]]:
    """Built-in terraform check id -> the resource types Checkov applies it to."""
    result = run_checkov(["--list", "--framework", "terraform"], cwd=REPO)
    entities: dict[str, set[str]] = {}
    for line in result.stdout.splitlines():
        match = _LIST_ROW.match(line)
        if match:
            entities.setdefault(match["id"], set()).add(match["entity"])
    assert len(entities) > 500, f"could not read `checkov --list`:\n{result.stdout[:2000]}"
    return entities


def _config() -> dict:
    return yaml.safe_load(CONFIG.read_text())


def _excluded() -> dict[str, str]:
    rows = {}
    for line in EXCLUDED.read_text().splitlines():
        match = _EXCLUDED_ROW.match(line)
        if match:
            assert match["id"] not in rows, f"{match['id']} is listed twice in {EXCLUDED.name}"
            rows[match["id"]] = match["reason"]
    return rows


def test_config_runs_every_custom_check_from_the_checks_dir():
    config = _config()
    assert [REPO / path for path in config["external-checks-dir"]] == [CHECKS_DIR]
    configured_custom = [check for check in config["check"] if check.startswith("CKV_SLS_")]
    assert configured_custom == custom_check_ids()


def test_configured_builtins_exist(builtin_entities):
    builtins = [check for check in _config()["check"] if not check.startswith("CKV_SLS_")]
    assert builtins, "the curated list has no built-in check"
    unknown = [check for check in builtins if check not in builtin_entities]
    assert not unknown, f"config.yaml names checks that Checkov does not have: {unknown}"


def test_every_builtin_for_our_types_is_configured_or_excluded(builtin_entities):
    relevant = {check for check, types in builtin_entities.items() if any(OUR_TYPES.match(t) for t in types)}
    configured = set(_config()["check"])
    excluded = _excluded()
    assert not configured & set(excluded), f"both run and excluded: {sorted(configured & set(excluded))}"
    undecided = sorted(relevant - configured - set(excluded))
    assert not undecided, f"built-in checks for our resource types in neither file: {undecided}"
    stale = sorted(set(excluded) - relevant)
    assert not stale, f"{EXCLUDED.name} lists checks Checkov no longer applies to our types: {stale}"
    assert all(reason for reason in excluded.values())


def test_config_file_drives_plain_checkov():
    """`checkov --config-file config.yaml` loads our checks and runs nothing outside the list."""
    result = run_checkov(
        ["--config-file", str(CONFIG), "-d", str(FIXTURES / "CKV_SLS_3" / "bad"), "-o", "json"], cwd=REPO
    )
    records = scan_results(result)
    configured = set(_config()["check"])
    assert {record["check_id"] for record in records} <= configured
    failed = {(record["check_id"], record["resource"]) for record in records if record["outcome"] == "FAILED"}
    assert ("CKV_SLS_3", "aws_sqs_queue.unencrypted") in failed
