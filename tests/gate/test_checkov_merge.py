"""Checkov in `slsguard check`: a missing or broken Checkov is exit 2, its results are merged into the
engine's (rule mapping, severities, one finding per fault), waivers name Checkov ids, and one run of
the real Checkov on a committed fixture plan gives the merged verdict."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from gate_support import FIXTURES
from slsguard.check import catalogue, engines
from slsguard.cli import main
from slsguard.gate import checkov, engine

from test_cli import one_sentence_error

REPO = Path(__file__).resolve().parents[2]
QUEUE_ROOT = FIXTURES / "SLS-DAT-001" / "bad"  # a queue without a customer key, a mapping, a function
QUEUE_PLAN = QUEUE_ROOT / "plan.json"


def fake_checkov(tmp_path: Path, monkeypatch, stdout: str = "", exit_code: int = 1, stderr: str = "",
                 sleep_s: float = 0.0) -> Path:
    """A stand-in for checkov that records how it was called and answers what the test says."""
    script = tmp_path / "checkov"
    (tmp_path / "answer.json").write_text(stdout)
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import json, os, sys, time
        from pathlib import Path
        here = Path({str(tmp_path)!r})
        watched = ("BC_SKIP_MAPPING", "CKV_SKIP_PACKAGE_UPDATE_CHECK", "EVAL_TF_PLAN_AFTER_UNKNOWN", "BC_API_KEY")
        (here / "call.json").write_text(json.dumps({{"argv": sys.argv[1:], "cwd": os.getcwd(),
                                                   "env": {{k: os.environ.get(k) for k in watched}}}}))
        time.sleep({sleep_s})
        sys.stdout.write((here / "answer.json").read_text())
        sys.stderr.write({stderr!r})
        sys.exit({exit_code})
        """))
    script.chmod(0o755)
    monkeypatch.setenv(checkov.CHECKOV_ENV, str(script))
    monkeypatch.setenv("BC_API_KEY", "must-not-reach-checkov")
    return script


def record(check_id: str, address: str, details: list[str] | None = None, name: str | None = None) -> dict:
    return {"check_id": check_id, "check_name": name or f"the {check_id} check", "resource": address,
            "resource_address": address, "details": details or [], "file_path": "/plan.json"}


def report(*records: dict) -> str:
    return json.dumps({"check_type": "terraform_plan",
                       "results": {"failed_checks": list(records)},
                       "summary": {"passed": 3, "failed": len(records), "skipped": 0, "parsing_errors": 0}})


def run_check(capsys, *args):
    code = main(["check", str(QUEUE_ROOT), "--plan", str(QUEUE_PLAN), "--format", "json", *map(str, args)])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code in (0, 1) else None), err


def by_key(document: dict) -> dict[tuple[str, str], dict]:
    keys = [(f["rule"], f["address"]) for f in document["findings"]]
    assert len(keys) == len(set(keys)), f"a fault is reported twice: {keys}"
    return {(f["rule"], f["address"]): f for f in document["findings"]}


def test_missing_checkov_is_exit_2(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(checkov.CHECKOV_ENV, str(tmp_path / "no-checkov-here"))
    code, _, err = run_check(capsys)
    one_sentence_error(code, "", err)
    assert "Checkov is not installed" in err and "--no-checkov" in err


def test_missing_policies_is_exit_2(capsys, tmp_path, monkeypatch):
    fake_checkov(tmp_path, monkeypatch, report())
    monkeypatch.setenv(checkov.POLICIES_ENV, str(tmp_path / "elsewhere"))
    code, _, err = run_check(capsys)
    one_sentence_error(code, "", err)
    assert checkov.POLICIES_ENV in err


@pytest.mark.parametrize(("stdout", "exit_code", "stderr", "expected"), [
    ("", 3, "Traceback ...\nRuntimeError: boom\n", "exit code 3: RuntimeError: boom"),
    ("", 1, "Traceback ...\nKeyError: 'x'\n", "no readable JSON report (stderr: KeyError: 'x')"),
    ("not json at all", 0, "", "no readable JSON report"),
    ('{"results": {"failed_checks": "many"}, "summary": {"passed": 1}}', 1, "", "no readable failed_checks"),
    ('{"summary": {"passed": 0, "parsing_errors": 1}, "results": {"failed_checks": []}}', 0, "",
     "could not parse the plan"),
    ('{"checkov_version": "3"}', 0, "", "neither results nor a summary"),
    ("[1, 2]", 0, "", "not a list of reports"),
])
def test_broken_checkov_is_exit_2(capsys, tmp_path, monkeypatch, stdout, exit_code, stderr, expected):
    fake_checkov(tmp_path, monkeypatch, stdout, exit_code, stderr)
    code, _, err = run_check(capsys)
    one_sentence_error(code, "", err)
    assert expected in err


def test_hung_checkov_times_out_as_exit_2(capsys, tmp_path, monkeypatch):
    fake_checkov(tmp_path, monkeypatch, report(), sleep_s=30)
    monkeypatch.setenv(checkov.TIMEOUT_ENV, "0.5")
    code, _, err = run_check(capsys)
    one_sentence_error(code, "", err)
    assert "did not finish within" in err


def test_no_checkov_skips_it(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(checkov.CHECKOV_ENV, str(tmp_path / "no-checkov-here"))
    code, document, _ = run_check(capsys, "--no-checkov")
    assert code == 1 and document["summary"]["engines"] == ["slsguard"]
    assert {f["engine"] for f in document["findings"]} == {"slsguard"}


def test_checkov_is_called_offline_with_the_curated_configuration(capsys, tmp_path, monkeypatch):
    fake_checkov(tmp_path, monkeypatch, report(), exit_code=0)
    code, document, _ = run_check(capsys)
    call = json.loads((tmp_path / "call.json").read_text())
    argv = call["argv"]
    assert argv[argv.index("-f") + 1] == str(QUEUE_PLAN.resolve())
    assert argv[argv.index("--framework") + 1] == "terraform_plan"
    assert argv[argv.index("--config-file") + 1] == str(REPO / "policies" / "checkov" / "config.yaml")
    # config.yaml names the checks directory (relative to the repository root) and skip-download itself.
    assert "--external-checks-dir" not in argv and "--skip-download" not in argv
    assert call["cwd"] == str(REPO)
    assert call["env"] == {"BC_SKIP_MAPPING": "TRUE", "CKV_SKIP_PACKAGE_UPDATE_CHECK": "TRUE",
                           "EVAL_TF_PLAN_AFTER_UNKNOWN": "TRUE", "BC_API_KEY": None}
    assert code == 1 and "checkov" not in {f["engine"] for f in document["findings"]}


def test_results_are_mapped_ranked_and_merged(capsys, tmp_path, monkeypatch):
    fake_checkov(tmp_path, monkeypatch, report(
        # The engine reports SLS-ENC-001 on both queues: the same fault, one finding each.
        record("CKV_SLS_3", "aws_sqs_queue.bad", ["kms_master_key_id is not set"]),
        record("CKV_SLS_3", "aws_sqs_queue.dlq", ["kms_master_key_id is not set"]),
        # A built-in whose fault the engine reports under SLS-ENC-001: merged into that finding.
        record("CKV_AWS_158", "aws_sqs_queue.bad"),
        # The engine does not report SLS-DAT-001 on the DLQ: Checkov's finding carries the gate rule.
        record("CKV_SLS_6", "aws_sqs_queue.dlq"),
        # Checkov could not judge a value; the engine judged it from the configuration (no finding).
        record("CKV_SLS_2", "aws_lambda_function.target", ["unjudged: reserved_concurrent_executions is var.x"]),
        # Built-ins keep their id, with the curated severity and Checkov's title.
        record("CKV_AWS_45", "aws_lambda_function.target", name="Lambda env has no hard-coded secrets"),
        # A check without a curated severity blocks as high.
        record("CKV_AWS_9999", "aws_lambda_function.target", name="Some future check"),
    ))
    code, document, _ = run_check(capsys)
    findings = by_key(document)
    assert code == 1
    for queue in ("aws_sqs_queue.bad", "aws_sqs_queue.dlq"):
        assert findings[("SLS-ENC-001", queue)]["engine"] == "slsguard+checkov"
    assert ("CKV_SLS_3", "aws_sqs_queue.bad") not in findings and ("CKV_AWS_158", "aws_sqs_queue.bad") not in findings
    redrive = findings[("SLS-DAT-001", "aws_sqs_queue.dlq")]
    assert redrive["engine"] == "checkov" and redrive["severity"] == "high" and redrive["blocking"]
    assert redrive["title"] == "A queue consumed by Lambda redrives to a DLQ after at least 5 receives"
    assert redrive["message"] == "CKV_SLS_6: the CKV_SLS_6 check."
    assert redrive["file"] == "tests/gate/fixtures/SLS-DAT-001/bad/main.tf"  # located like the engine's findings (repository-relative)
    assert findings[("SLS-DAT-001", "aws_sqs_queue.bad")]["engine"] == "slsguard"
    assert ("SLS-CON-001", "aws_lambda_function.target") not in findings
    secret = findings[("CKV_AWS_45", "aws_lambda_function.target")]
    assert (secret["severity"], secret["title"], secret["engine"]) == ("critical", "Lambda env has no hard-coded secrets",
                                                                       "checkov")
    unknown = findings[("CKV_AWS_9999", "aws_lambda_function.target")]
    assert unknown["severity"] == "high" and unknown["blocking"] and "no curated severity" in unknown["message"]
    assert document["summary"]["engines"] == ["checkov", "slsguard"]
    assert document["findings"][0]["severity"] == "critical"  # one order for both engines' findings


def test_configuration_ranks_and_disables_the_rules_checkov_implements(capsys, tmp_path, monkeypatch):
    fake_checkov(tmp_path, monkeypatch, report(
        record("CKV_SLS_6", "aws_sqs_queue.dlq"),
        record("CKV_SLS_9", "aws_lambda_function.other"),
        record("CKV_AWS_363", "aws_lambda_function.target"),
    ))
    config = tmp_path / "slsguard.yaml"
    config.write_text(yaml.safe_dump({"blocking_severity": "critical", "rules": {
        "SLS-DAT-001": {"enabled": False}, "SLS-OBS-001": {"severity": "critical"}}}))
    _, document, _ = run_check(capsys, "--config", config)
    findings = by_key(document)
    assert not [key for key in findings if key[0] == "SLS-DAT-001"]
    tracing = findings[("SLS-OBS-001", "aws_lambda_function.other")]
    assert tracing["severity"] == "critical" and tracing["blocking"]
    runtime = findings[("CKV_AWS_363", "aws_lambda_function.target")]
    assert runtime["severity"] == "high" and not runtime["blocking"]


def test_configuration_ranks_and_disables_built_in_checks_by_id(capsys, tmp_path, monkeypatch):
    fake_checkov(tmp_path, monkeypatch, report(
        record("CKV_AWS_363", "aws_lambda_function.target"),
        record("CKV_AWS_319", "aws_lambda_function.target"),
    ))
    config = tmp_path / "slsguard.yaml"
    config.write_text(yaml.safe_dump({"rules": {"CKV_AWS_363": {"severity": "critical"},
                                                "CKV_AWS_319": {"enabled": False}}}))
    _, document, _ = run_check(capsys, "--config", config)
    findings = by_key(document)
    assert findings[("CKV_AWS_363", "aws_lambda_function.target")]["severity"] == "critical"
    assert not [key for key in findings if key[0] == "CKV_AWS_319"]
    config.write_text(yaml.safe_dump({"rules": {"CKV_AWS_1": {"severity": "low"}}}))  # not curated
    code, _, err = run_check(capsys, "--config", config)
    one_sentence_error(code, "", err)
    assert "CKV_AWS_1" in err


def test_waivers_name_checkov_ids(capsys, tmp_path, monkeypatch):
    fake_checkov(tmp_path, monkeypatch, report(
        record("CKV_SLS_3", "aws_sqs_queue.bad", ["kms_master_key_id is not set"]),
        record("CKV_AWS_45", "aws_lambda_function.target"),
    ))
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    entry = {"owner": "team-orders", "reason": "accepted until the migration lands", "ticket": "SEC-7",
             "expires": expires}
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(yaml.safe_dump({"waivers": [
        {"rule": "CKV_AWS_45", "address": "aws_lambda_function.*", **entry},
        # A custom check's id covers the gate rule it implements, whichever engine reported it.
        {"rule": "CKV_SLS_3", "address": "aws_sqs_queue.bad", **entry},
        {"rule": "CKV_AWS_119", "address": "aws_dynamodb_table.*", **entry},
    ]}))
    _, document, _ = run_check(capsys, "--waivers", waivers)
    findings = by_key(document)
    for key in (("CKV_AWS_45", "aws_lambda_function.target"), ("SLS-ENC-001", "aws_sqs_queue.bad")):
        assert findings[key]["waiver"]["ticket"] == "SEC-7" and not findings[key]["blocking"]
    assert findings[("SLS-ENC-001", "aws_sqs_queue.dlq")]["blocking"]
    assert [w["rule"] for w in document["summary"]["unused_waivers"]] == ["CKV_AWS_119"]
    waivers.write_text(yaml.safe_dump({"waivers": [{"rule": "CKV_AWS_1", "address": "*", **entry}]}))
    code, _, err = run_check(capsys, "--waivers", waivers)
    one_sentence_error(code, "", err)
    assert "unknown rule id CKV_AWS_1" in err  # a check left out of the curated configuration


def test_mapping_names_every_rule_and_configured_check():
    rules = engine.rule_ids() | {"SLS-WVR-001"}
    mapping = checkov.load_mapping(REPO / "policies", rules)
    configured = set(yaml.safe_load((REPO / "policies" / "checkov" / "config.yaml").read_text())["check"])
    assert configured == set(mapping.custom) | set(mapping.builtin)
    assert set(mapping.why) == set(mapping.custom) | (rules - {r for rs in mapping.custom.values() for r in rs})


def test_rule_engine_table_is_current():
    documented = (REPO / "docs" / "rule-engines.md").read_text()
    assert engines() in documented, "regenerate the table in docs/rule-engines.md: .venv/bin/slsguard check --list-engines"
    assert "Checkov CKV_SLS_1" in catalogue()


@pytest.mark.checkov
def test_real_checkov_merged_verdict(capsys):
    """The real Checkov on a committed fixture: each fault once, both engines named where they agree."""
    code, document, err = run_check(capsys)
    assert code == 1, err
    findings = by_key(document)
    # CKV_SLS_3 and CKV_SLS_8 agree with the engine; CKV_SLS_9 with SLS-OBS-001.
    for key in (("SLS-ENC-001", "aws_sqs_queue.bad"), ("SLS-ENC-001", "aws_sqs_queue.dlq"),
                ("SLS-DAT-004", "aws_lambda_event_source_mapping.m"), ("SLS-OBS-001", "aws_lambda_function.target")):
        assert findings[key]["engine"] == "slsguard+checkov", key
    assert findings[("SLS-DAT-001", "aws_sqs_queue.bad")]["engine"] == "slsguard"  # maxReceiveCount: the gate's
    assert not [key for key, f in findings.items() if f["engine"] == "checkov"]  # nothing the engine missed
    assert document["summary"]["engines"] == ["checkov", "slsguard"]
    assert document["summary"]["rules_evaluated"] == len(engine.rule_ids()) + len(
        checkov.load_mapping(REPO / "policies", engine.rule_ids() | {"SLS-WVR-001"}).builtin)


def test_policies_elsewhere_are_found_through_the_environment(capsys, tmp_path, monkeypatch):
    fake_checkov(tmp_path, monkeypatch, report(), exit_code=0)
    copy = tmp_path / "install" / "policies"
    shutil.copytree(REPO / "policies" / "checkov", copy / "checkov")
    monkeypatch.setenv(checkov.POLICIES_ENV, str(copy))
    code, _, _ = run_check(capsys)
    call = json.loads((tmp_path / "call.json").read_text())
    assert code == 1 and call["cwd"] == str(copy.parent)
    assert call["argv"][call["argv"].index("--config-file") + 1] == str(copy / "checkov" / "config.yaml")
    renamed = copy.rename(tmp_path / "install" / "standard")  # config.yaml's relative checks dir breaks
    monkeypatch.setenv(checkov.POLICIES_ENV, str(renamed))
    code, _, err = run_check(capsys)
    one_sentence_error(code, "", err)
    assert "external-checks-dir policies/checkov/checks" in err


def test_checkov_runs_while_the_engine_judges(capsys, tmp_path, monkeypatch):
    fake_checkov(tmp_path, monkeypatch, report(), exit_code=0)
    events = []

    def traced(owner, name, label):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            events.append(label)
            return original(*args, **kwargs)
        monkeypatch.setattr(owner, name, wrapper)

    traced(checkov.Scan, "__init__", "checkov started")
    traced(checkov.Scan, "collect", "checkov collected")
    traced(engine, "run", "engine")
    run_check(capsys)
    assert events == ["checkov started", "engine", "checkov collected"]


def test_sigterm_stops_the_checkov_child_too(tmp_path, monkeypatch):
    import os
    import signal
    import subprocess
    import time

    script = fake_checkov(tmp_path, monkeypatch, stdout=report(), sleep_s=120)
    script.write_text(script.read_text().replace("import json, os, sys, time\n",
                                                 "import json, os, sys, time\nPath = __import__('pathlib').Path\n"
                                                 f"Path({str(tmp_path / 'pid')!r}).write_text(str(os.getpid()))\n"))
    gate = subprocess.Popen([str(Path(sys.executable).parent / "slsguard"), "check", str(QUEUE_ROOT), "--plan",
                             str(QUEUE_PLAN)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):  # Checkov starts before the engine; wait until the child is there
            if (tmp_path / "pid").exists() and (tmp_path / "pid").read_text():
                break
            time.sleep(0.05)
        child = int((tmp_path / "pid").read_text())
        gate.send_signal(signal.SIGTERM)
        assert gate.wait(timeout=30) == 128 + signal.SIGTERM
        for _ in range(100):
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"the Checkov child {child} outlived the gate")
    finally:
        if gate.poll() is None:
            gate.kill()


def test_findings_about_checkovs_own_metadata_are_dropped(capsys, tmp_path, monkeypatch):
    function = "aws_lambda_function.consumer"
    metadata = dict(record("CKV_AWS_45", function),
                    check_result={"result": "FAILED", "evaluated_keys": ["environment/[0]/variables/[0]/__file__"]})
    real = dict(record("CKV_AWS_45", function),
                check_result={"result": "FAILED", "evaluated_keys": ["environment/[0]/variables/[0]/API_TOKEN"]})
    fake_checkov(tmp_path, monkeypatch, report(metadata))
    _, document, _ = run_check(capsys)
    assert "CKV_AWS_45" not in {f["rule"] for f in document["findings"]}
    fake_checkov(tmp_path, monkeypatch, report(real))
    _, document, _ = run_check(capsys)
    assert ("CKV_AWS_45", function) in by_key(document)
