"""The GitHub Action (action.yml) end to end on a fixture service repository, everything but the
GitHub-hosted steps: its script installs slsguard from the action's own checkout into a new venv
(pinned, offline here), judges a committed plan or plans the root itself, writes the reports,
the job summary and the step outputs that action.yml passes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import once_per_run, service_root
from wheelhouse import REPO, copy_source

# long: its fixtures install the package in environments of their own (~50 s).
pytestmark = [pytest.mark.checkov, pytest.mark.long]


def read_outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines())


def action_script(action_path: Path, command: str, environment: dict[str, str], cwd: Path):
    return subprocess.run([sys.executable, str(action_path / "scripts" / "action_run.py"), command],
                          cwd=cwd, capture_output=True, text=True, timeout=900, env=environment)


@pytest.fixture(scope="session")
def installed_action(tmp_path_factory, consumer_environment) -> tuple[Path, Path]:
    """The action checked out at its ref and its install step run once: (action path, runner temp)."""
    def install(folder: Path) -> None:
        copy_source(folder / "action")
        (folder / "temp").mkdir()
        environment = {**consumer_environment, "ACTION_PATH": str(folder / "action"), "RUNNER_TEMP": str(folder / "temp")}
        result = action_script(folder / "action", "install", environment, folder)
        assert result.returncode == 0, result.stderr[-3000:]

    folder = once_per_run(tmp_path_factory, "action", install)
    return folder / "action", folder / "temp"


@pytest.fixture(scope="module")
def runner(tmp_path_factory, consumer_environment, installed_action):
    """A job after the install step: a workspace with the service repo and GitHub's files."""
    action_path, runner_temp = installed_action
    job = tmp_path_factory.mktemp("job")
    workspace = job / "workspace"
    service_root(workspace / "infra")
    environment = {**consumer_environment, "ACTION_PATH": str(action_path), "RUNNER_TEMP": str(runner_temp)}

    def step(command: str, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str]:
        output, summary = job / "output.txt", job / "summary.md"
        output.write_text("")
        summary.write_text("")
        result = action_script(action_path, command, {
            **environment, "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
            **{f"SLSGUARD_{key.upper()}": value for key, value in inputs.items()}}, workspace)
        return result, read_outputs(output) if output.read_text() else {}, summary.read_text()

    step.workspace = workspace
    return step


def test_action_yml_passes_every_input_to_the_script():
    action = yaml.safe_load((REPO / "action.yml").read_text())
    steps = action["runs"]["steps"]
    check = next(step for step in steps if step.get("id") == "check")
    passed = {name.removeprefix("SLSGUARD_").lower().replace("_", "-") for name in check["env"]
              if name.startswith("SLSGUARD_")}
    assert check["env"]["ACTION_PATH"] == "${{ github.action_path }}", "slsguard comes from the action's own ref"
    assert {"root-dir", "plan", "config", "waivers", "formats", "report-dir", "checkov"} == passed
    assert passed | {"upload-sarif", "sarif-category", "fail-on-findings"} == set(action["inputs"])
    assert all("${{" not in step.get("run", "") for step in steps), "inputs reach scripts through env only"
    assert set(action["outputs"]) == {"verdict", "sarif", "markdown", "reports"}


def test_committed_plan_full_standard_blocks_with_reports_summary_and_outputs(runner):
    result, outputs, summary = runner("run", root_dir="infra", plan="infra/plan.json", formats="json, junit")
    assert result.returncode == 0, result.stderr[-3000:]
    assert outputs["verdict"] == "1"
    reports = json.loads(outputs["reports"])
    assert set(reports) == {"sarif", "markdown", "json", "junit"} and outputs["sarif"] == reports["sarif"]
    found = json.loads((runner.workspace / reports["json"]).read_text())
    assert {f["rule"] for f in found["findings"]} == {"SLS-BUD-001"}
    assert found["summary"]["engines"] == ["checkov", "slsguard"]
    sarif = json.loads((runner.workspace / outputs["sarif"]).read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["SLS-BUD-001"]
    assert "SLS-BUD-001" in summary and summary.startswith("### slsguard check: `infra`")
    assert "::error" in result.stdout and "SLS-BUD-001" in result.stdout  # --format github annotations


def test_without_a_plan_the_action_plans_and_the_service_profile_passes(runner):
    result, outputs, summary = runner("run", root_dir="infra", config="infra/slsguard.yaml", report_dir="out")
    assert result.returncode == 0, result.stderr[-3000:]
    assert outputs["verdict"] == "0", result.stdout[-3000:]
    assert json.loads(outputs["reports"]) == {"sarif": "out/slsguard.sarif", "markdown": "out/slsguard.md"}
    assert (runner.workspace / "infra" / ".terraform").is_dir(), "the root was planned"
    assert "slsguard: pass" in summary and "no findings" in summary, summary


@pytest.mark.parametrize(("inputs", "message"), [
    ({"formats": "pdf"}, "unknown report format(s) pdf"),
    ({"plan": "missing.json"}, "plan missing.json does not exist"),
    ({"checkov": "maybe"}, "SLSGUARD_CHECKOV must be true or false"),
])
def test_wrong_inputs_stop_with_one_error(runner, inputs, message):
    result, outputs, _ = runner("run", root_dir="infra", **inputs)
    assert result.returncode == 2 and message in result.stdout and outputs == {}, result.stdout
