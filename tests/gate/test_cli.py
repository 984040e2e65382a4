"""The `slsguard check` contract: exit codes, one-sentence errors, waivers and every report format."""

from __future__ import annotations

import datetime as dt
import gc
import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from gate_support import FIXTURES, STACK
from slsguard.cli import main
from slsguard.gate.model import Resource

REPO = Path(__file__).resolve().parents[2]
BAD_ROOT = FIXTURES / "SLS-IAM-001" / "bad"
SARIF_SCHEMA = REPO / "policies" / "schemas" / "sarif-schema-2.1.0.json"


def check(capsys, *args):
    code = main(["check", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence_error(code, out, err):
    assert code == 2
    assert err.startswith("slsguard check: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_compliant_stack_exits_zero_json(capsys):
    code, out, _ = check(capsys, STACK, "--plan", STACK / "plan.json", "--no-checkov", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["findings"] == []
    assert document["summary"]["rules_evaluated"] >= 38 and document["summary"]["exit_code"] == 0


def test_a_judged_plan_is_freed_without_the_cyclic_collector(capsys):
    """The check pauses the cyclic collector for speed: nothing it built may wait for a collection."""
    def resources_alive() -> int:
        return sum(isinstance(o, Resource) for o in gc.get_objects())

    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        before = resources_alive()
        code, _, _ = check(capsys, STACK, "--plan", STACK / "plan.json", "--no-checkov", "--format", "json")
        after = resources_alive()
    finally:
        if collecting:
            gc.enable()
    assert code == 0 and after == before


def test_failing_root_json_schema(capsys):
    code, out, _ = check(capsys, BAD_ROOT, "--plan", BAD_ROOT / "plan.json", "--no-checkov", "--format", "json")
    document = json.loads(out)
    assert code == 1
    keys = {"rule", "title", "severity", "blocking", "address", "message", "remediation", "engine"}
    assert all(keys <= set(f) for f in document["findings"])
    assert {"module.svc.module.inner.aws_iam_role_policy.bad"} <= {f["address"] for f in document["findings"]}
    assert document["summary"]["blocking"] == sum(f["blocking"] for f in document["findings"])


def test_without_checkov_refuses_to_pass_silently(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SLSGUARD_CHECKOV", str(tmp_path / "no-checkov-here"))  # test_checkov_merge.py has more
    one_sentence_error(*check(capsys, STACK, "--plan", STACK / "plan.json"))


@pytest.mark.parametrize("content", [
    b"", b"{", b"[]", b'{"format_version": "1.2"', b'{"format_version": "2.0", "resource_changes": []}',
    b'{"format_version": "1.2", "errored": true, "resource_changes": []}',
    b'{"format_version": "1.2", "values": {}}',
    b'{"format_version": "1.2", "resource_changes": [{"address": "a.b"}]}',
])
def test_bad_plans_exit_2(capsys, tmp_path, content):
    plan = tmp_path / "plan.json"
    plan.write_bytes(content)
    one_sentence_error(*check(capsys, STACK, "--plan", plan, "--no-checkov"))


def test_truncated_real_plan_exits_2(capsys, tmp_path):
    text = (STACK / "plan.json").read_bytes()
    plan = tmp_path / "plan.json"
    plan.write_bytes(text[: len(text) // 2])
    one_sentence_error(*check(capsys, STACK, "--plan", plan, "--no-checkov"))


def test_missing_root_and_missing_plan_exit_2(capsys, tmp_path):
    one_sentence_error(*check(capsys, tmp_path / "nope", "--plan", STACK / "plan.json", "--no-checkov"))
    one_sentence_error(*check(capsys, STACK, "--plan", tmp_path / "nope.json", "--no-checkov"))
    one_sentence_error(*check(capsys, STACK, "--format", "yaml", "--no-checkov"))


@pytest.mark.parametrize("config", [
    "blocking_severity: urgent\n", "required_tags: owner\n", "rules: {SLS-XXX-999: {enabled: false}}\n",
    "unknown_key: 1\n", "rules: {SLS-IAM-001: {severity: huge}}\n", "[unclosed\n",
])
def test_invalid_config_exits_2(capsys, tmp_path, config):
    path = tmp_path / "gate.yaml"
    path.write_text(config)
    one_sentence_error(*check(capsys, STACK, "--plan", STACK / "plan.json", "--no-checkov", "--config", path))


def test_config_can_disable_a_rule(capsys, tmp_path):
    root = FIXTURES / "SLS-OBS-002" / "bad"
    path = tmp_path / "gate.json"
    path.write_text(json.dumps({"rules": {"SLS-OBS-002": {"enabled": False}}}))
    _, out, _ = check(capsys, root, "--plan", root / "plan.json", "--no-checkov", "--format", "json", "--config", path)
    assert "SLS-OBS-002" not in {f["rule"] for f in json.loads(out)["findings"]}


def _waivers(tmp_path, *entries):
    path = tmp_path / "waivers.yaml"
    lines = ["waivers:"]
    for rule, address, expires in entries:
        lines += [f"  - rule: {rule}", f"    address: '{address}'", "    owner: team-orders",
                  "    reason: migrating the table next sprint", "    ticket: SEC-42", f"    expires: {expires}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_waivers_suppress_report_unused_and_block_when_expired(capsys, tmp_path):
    root = FIXTURES / "SLS-DAT-005" / "bad"
    soon = dt.date.today() + dt.timedelta(days=30)
    waivers = _waivers(tmp_path, ("SLS-DAT-005", "aws_dynamodb_table.*", soon), ("SLS-IAM-001", "module.x.*", soon))
    config = tmp_path / "only.json"
    config.write_text(json.dumps({"rules": {r: {"enabled": False} for r in ("SLS-TAG-001", "SLS-ENC-001",
                                                                            "SLS-BUD-001")}}))
    code, out, _ = check(capsys, root, "--plan", root / "plan.json", "--no-checkov", "--format", "json",
                         "--waivers", waivers, "--config", config)
    document = json.loads(out)
    waived = [f for f in document["findings"] if f["rule"] == "SLS-DAT-005"]
    assert code == 0 and waived and all(f["waiver"]["ticket"] == "SEC-42" and not f["blocking"] for f in waived)
    assert [w["rule"] for w in document["summary"]["unused_waivers"]] == ["SLS-IAM-001"]
    expired = _waivers(tmp_path, ("SLS-DAT-005", "aws_dynamodb_table.*", dt.date.today() - dt.timedelta(days=1)))
    code, out, _ = check(capsys, root, "--plan", root / "plan.json", "--no-checkov", "--format", "json",
                         "--waivers", expired, "--config", config)
    rules = {f["rule"] for f in json.loads(out)["findings"] if f["blocking"]}
    assert code == 1 and {"SLS-WVR-001", "SLS-DAT-005"} <= rules


@pytest.mark.parametrize("entry", [
    ("SLS-NOPE-001", "*", "+10"), ("SLS-DAT-005", "*", "+200"), ("SLS-DAT-005", "*", "not-a-date"),
])
def test_invalid_waivers_exit_2(capsys, tmp_path, entry):
    rule, address, expires = entry
    if expires.startswith("+"):
        expires = dt.date.today() + dt.timedelta(days=int(expires[1:]))
    path = _waivers(tmp_path, (rule, address, expires))
    one_sentence_error(*check(capsys, STACK, "--plan", STACK / "plan.json", "--no-checkov", "--waivers", path))


def test_sarif_is_valid_with_locations_and_suppressions(capsys, tmp_path):
    soon = dt.date.today() + dt.timedelta(days=10)
    waivers = _waivers(tmp_path, ("SLS-IAM-001", "module.svc.*", soon))
    _, out, _ = check(capsys, BAD_ROOT, "--plan", BAD_ROOT / "plan.json", "--no-checkov", "--format", "sarif",
                         "--waivers", waivers)
    document = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(document)
    run = document["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "SLS-IAM-001")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "tests/gate/fixtures/SLS-IAM-001/bad/modules/svc/inner/main.tf"
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"  # relative, resolved by code scanning
    assert location["region"]["startLine"] == 4
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "SLS-IAM-001"
    assert result["suppressions"][0]["status"] == "accepted"
    assert "SEC-42" in result["suppressions"][0]["justification"]
    assert all("suppressions" not in r for r in run["results"] if r["ruleId"] != "SLS-IAM-001")


def test_junit_markdown_github_and_text(capsys, tmp_path):
    args = [BAD_ROOT, "--plan", BAD_ROOT / "plan.json", "--no-checkov"]
    output = tmp_path / "report.xml"
    code, out, _ = check(capsys, *args, "--format", "junit", "--output", output)
    suite = ElementTree.fromstring(output.read_text()).find("testsuite")
    assert code == 1 and out == ""
    failed = [case.get("name") for case in suite if case.find("failure") is not None]
    assert any(name.startswith("SLS-IAM-001 ") for name in failed)
    _, markdown, _ = check(capsys, *args, "--format", "markdown")
    assert "#### High" in markdown and "rule: SLS-IAM-001" in markdown and "Fix:" in markdown
    _, github, _ = check(capsys, *args, "--format", "github")
    assert "::error file=tests/gate/fixtures/SLS-IAM-001/bad/modules/svc/inner/main.tf,line=4,title=SLS-IAM-001 " in github
    _, text, _ = check(capsys, *args)
    assert "SLS-IAM-001 module.svc.module.inner.aws_iam_role_policy.bad (tests/gate/fixtures/SLS-IAM-001/bad/modules/svc/inner/main.tf:4)" in text
    _, clean, _ = check(capsys, STACK, "--plan", STACK / "plan.json", "--no-checkov", "--format", "markdown")
    assert clean.startswith("### slsguard: pass") and clean.count("\n") <= 3


def test_subprocess_error_has_no_traceback(tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text('{"format_version": "1.2", "resource_changes": [')
    result = subprocess.run([sys.executable, "-m", "slsguard", "check", str(STACK), "--plan", str(plan),
                             "--no-checkov"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_one_run_writes_every_requested_report(capsys, tmp_path):
    import jsonschema

    sarif, junit = tmp_path / "out" / "results.sarif", tmp_path / "out" / "report.xml"
    code, out, _ = check(capsys, BAD_ROOT, "--plan", BAD_ROOT / "plan.json", "--no-checkov", "--format", "json",
                         "--report", f"sarif={sarif}", "--report", f"junit={junit}")
    findings = json.loads(out)["findings"]
    assert code == 1 and findings
    document = json.loads(sarif.read_text())
    jsonschema.validate(document, json.loads(SARIF_SCHEMA.read_text()))
    assert {r["ruleId"] for r in document["runs"][0]["results"]} == {f["rule"] for f in findings}
    failures = ElementTree.fromstring(junit.read_text()).iter("failure")  # one per rule at fault
    assert len(list(failures)) == len({f["rule"] for f in findings if f["blocking"]})


def test_a_malformed_report_option_is_one_sentence(capsys, tmp_path):
    code, out, err = check(capsys, BAD_ROOT, "--plan", BAD_ROOT / "plan.json", "--no-checkov", "--report", "pdf=x.pdf")
    one_sentence_error(code, out, err)
    assert "FORMAT=FILE" in err


def test_the_documented_waiver_example_follows_the_schema():
    import yaml

    example = REPO / "policies" / "waivers" / "example.yaml"
    schema = json.loads((REPO / "policies" / "schemas" / "waivers.schema.json").read_text())
    document = yaml.safe_load(example.read_text())
    jsonschema.Draft202012Validator(schema).validate(document)
    assert {waiver["rule"] for waiver in document["waivers"]} >= {"SLS-DAT-008", "CKV_AWS_45"}
