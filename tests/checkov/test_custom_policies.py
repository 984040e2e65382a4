"""The CKV_SLS_* policies, loaded by plain Checkov, fail every bad fixture and pass every good one.

Checkov starts slowly, so it runs once over all fixtures (HCL) and once over one offline plan; the
tests then read its JSON report by fixture path and resource address.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import hcl2
import pytest

from checkov_support import CHECKS_DIR, FIXTURES, UNJUDGED, custom_check_ids, run_checkov, scan_results

pytestmark = pytest.mark.checkov

CHECK_IDS = custom_check_ids()
# The resource type each check judges (graph checks report the resource they are scoped to).
JUDGED_TYPE = {
    "CKV_SLS_1": "aws_iam_role",
    "CKV_SLS_2": "aws_lambda_function",
    "CKV_SLS_3": "aws_sqs_queue",
    "CKV_SLS_4": "aws_kms_key",
    "CKV_SLS_5": "aws_cloudwatch_log_group",
    "CKV_SLS_6": "aws_sqs_queue",
    "CKV_SLS_7": "aws_dynamodb_table",
    "CKV_SLS_8": "aws_lambda_event_source_mapping",
    "CKV_SLS_9": "aws_lambda_function",
}
CASES = [(check_id, verdict) for check_id in CHECK_IDS for verdict in ("bad", "good")]


def _declared(main_tf: Path, resource_type: str) -> set[str]:
    """Addresses of the resources of one type declared in a fixture."""
    with main_tf.open() as handle:
        parsed = hcl2.load(handle)
    return {
        f"{rtype}.{name}"
        for block in parsed.get("resource", [])
        for rtype, named in block.items()
        if rtype == resource_type
        for name in named
    }


@pytest.fixture(scope="module")
def fixture_records() -> list[dict]:
    """Checkov's passed and failed records over every fixture, from one run."""
    result = run_checkov(
        ["-d", str(FIXTURES), "--framework", "terraform", "--external-checks-dir", str(CHECKS_DIR),
         "--check", ",".join(CHECK_IDS), "-o", "json"],
        cwd=FIXTURES,
    )
    return scan_results(result)


@pytest.fixture(scope="module")
def fixture_outcomes(fixture_records) -> dict[tuple[str, str, str], str]:
    """(check id, fixture file relative to fixtures/, resource address) -> PASSED/FAILED."""
    return {
        (record["check_id"], record["file_path"].lstrip("/"), record["resource"]): record["outcome"]
        for record in fixture_records
    }


def test_every_check_has_a_judged_type_and_fixtures():
    assert CHECK_IDS, f"no CKV_SLS_* check found in {CHECKS_DIR}"
    assert sorted(JUDGED_TYPE) == sorted(CHECK_IDS)
    fixture_ids = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())
    assert fixture_ids == sorted(CHECK_IDS), "every check has fixtures and every fixture a check"


@pytest.mark.parametrize(("check_id", "verdict"), CASES, ids=[f"{c}-{v}" for c, v in CASES])
def test_fixture_verdict(fixture_outcomes, check_id: str, verdict: str):
    main_tf = FIXTURES / check_id / verdict / "main.tf"
    relative = str(main_tf.relative_to(FIXTURES))
    expected_addresses = _declared(main_tf, JUDGED_TYPE[check_id])
    assert expected_addresses, f"{relative} declares no {JUDGED_TYPE[check_id]}"
    reported = {
        address: outcome
        for (reported_id, path, address), outcome in fixture_outcomes.items()
        if reported_id == check_id and path == relative
    }
    expected = "FAILED" if verdict == "bad" else "PASSED"
    assert reported == dict.fromkeys(expected_addresses, expected), (
        f"{check_id} on {relative}: expected every {JUDGED_TYPE[check_id]} {expected}, got {reported}"
    )


@pytest.mark.parametrize(("check_id", "address"), [
    ("CKV_SLS_2", "aws_lambda_function.unresolved"),
    ("CKV_SLS_3", "aws_sqs_queue.unresolved_key"),
])
def test_unresolvable_values_fail_closed_and_say_so(fixture_records, check_id: str, address: str):
    record = next(
        record for record in fixture_records
        if record["check_id"] == check_id and record["resource"] == address
        and record["file_path"].lstrip("/") == f"{check_id}/bad/main.tf"
    )
    assert record["outcome"] == "FAILED"
    assert record["details"] and record["details"][0].startswith(UNJUDGED), record["details"]


_PROVIDER_TF = """\
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
    }
  }
}

# Offline: no credential check, no account lookup, no instance metadata. Keys come from the env.
provider "aws" {
  region                      = "eu-west-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
"""
# What each check must report on the plan of tests/checkov/plan_root (addresses as in the plan).
PLAN_EXPECTED = {
    ("CKV_SLS_1", "aws_iam_role.bounded"): "PASSED",  # boundary ARN known after apply
    ("CKV_SLS_1", "aws_iam_role.unbounded"): "FAILED",
    ("CKV_SLS_3", "aws_sqs_queue.orders"): "PASSED",  # key ARN known after apply
    ("CKV_SLS_3", "aws_sqs_queue.orders_dlq"): "PASSED",
    ("CKV_SLS_3", "aws_sqs_queue.payments"): "FAILED",  # alias/aws/sqs
    ("CKV_SLS_4", "aws_kms_key.queues"): "PASSED",
    ("CKV_SLS_4", "aws_kms_key.unrotated"): "FAILED",
    ("CKV_SLS_5", "aws_cloudwatch_log_group.orders"): "PASSED",
    ("CKV_SLS_5", "aws_cloudwatch_log_group.payments"): "FAILED",  # retention 0
    ("CKV_SLS_6", "aws_sqs_queue.orders"): "PASSED",  # redrive to a DLQ known after apply
    ("CKV_SLS_6", "aws_sqs_queue.orders_dlq"): "PASSED",  # not consumed by Lambda
    ("CKV_SLS_6", "aws_sqs_queue.payments"): "FAILED",  # consumed, no redrive
    ("CKV_SLS_8", "aws_lambda_event_source_mapping.orders"): "PASSED",
    ("CKV_SLS_8", "aws_lambda_event_source_mapping.payments"): "FAILED",
}


def test_custom_checks_judge_plan_json(toolchain, tmp_path: Path):
    root = tmp_path / "root"
    shutil.copytree(Path(__file__).resolve().parent / "plan_root", root)
    (root / "provider.tf").write_text(_PROVIDER_TF)
    # Fake, non-secret keys: the provider needs some, and nothing here talks to AWS.
    offline = {"AWS_ACCESS_KEY_ID": "offline", "AWS_SECRET_ACCESS_KEY": "offline",
               "AWS_EC2_METADATA_DISABLED": "true", "TF_DATA_DIR": str(tmp_path / "tfdata")}
    toolchain.run(["init", "-backend=false", "-input=false", "-no-color"], root, extra_env=offline)
    toolchain.run(["plan", "-input=false", "-no-color", "-out=tf.plan"], root, extra_env=offline)
    shown = toolchain.run(["show", "-json", "tf.plan"], root, extra_env=offline)
    plan_json = root / "plan.json"
    plan_json.write_text(shown.stdout)
    assert json.loads(shown.stdout)["resource_changes"], "the plan has no resource changes"

    result = run_checkov(
        ["-f", str(plan_json), "--external-checks-dir", str(CHECKS_DIR), "--check", ",".join(CHECK_IDS),
         "-o", "json"],
        cwd=root,
    )
    reported = {
        (record["check_id"], record["resource"]): record["outcome"]
        for record in scan_results(result)
        if record["check_id"] in CHECK_IDS
    }
    assert reported == PLAN_EXPECTED
