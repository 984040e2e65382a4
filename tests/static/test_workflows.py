"""Static tier: the GitHub Actions workflows, the action of action.yml and the pre-commit hooks are
valid and safe.

The workflows and the action cannot run here, so they are linted for real: check-jsonschema with
its built-in GitHub workflow and action schemas, and zizmor's offline security audits (strictest
persona). Our own policy
on top: actions pinned by full commit SHA with the tag in a comment, least-privilege permissions,
no pull_request_target. The pre-commit hooks are local and their entry points exist.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from harness import REPO

pytestmark = pytest.mark.static

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
ACTION = REPO / "action.yml"  # the composite action other repositories use (tests/consumers/test_action.py)
PRE_COMMIT = REPO / ".pre-commit-config.yaml"
VENV_BIN = Path(sys.executable).parent
_PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
_USES_LINE = re.compile(r"^\s*(-\s+)?uses:\s*(?P<ref>\S+)\s*(?P<comment>#.*)?$")


def _tool(name: str) -> str:
    path = VENV_BIN / name
    if not path.is_file():
        pytest.fail(f"{name} is not installed at {path}; run `make setup`")
    return str(path)


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)


def _load(path: Path) -> dict:
    # PyYAML reads the `on:` key as the boolean True (YAML 1.1); map it back for readability.
    document = yaml.safe_load(path.read_text())
    if True in document:
        document["on"] = document.pop(True)
    return document


def test_there_are_workflows():
    names = {path.name for path in WORKFLOWS}
    assert {"pull-request.yml", "ci.yml"} <= names


@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_workflows_match_schema(schema: str):
    result = _run([_tool("check-jsonschema"), "--builtin-schema", schema, *map(str, WORKFLOWS)])
    assert result.returncode == 0, f"check-jsonschema ({schema}):\n{result.stdout}\n{result.stderr}"


def test_action_matches_schema():
    result = _run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION)])
    assert result.returncode == 0, f"check-jsonschema (github-actions):\n{result.stdout}\n{result.stderr}"


def test_zizmor_finds_nothing():
    result = _run([_tool("zizmor"), "--offline", "--persona=auditor", "--format=json", ".github/",
                   str(PRE_COMMIT.relative_to(REPO)), str(ACTION.relative_to(REPO))])
    findings = json.loads(result.stdout or "[]")
    assert result.returncode == 0 and findings == [], (
        f"zizmor exited {result.returncode}:\n{json.dumps(findings, indent=2)[:6000]}\n{result.stderr[-3000:]}"
    )


@pytest.mark.parametrize("workflow", [*WORKFLOWS, ACTION], ids=lambda path: path.name)
def test_actions_pinned_by_commit_sha_with_tag_comment(workflow: Path):
    uses = [_USES_LINE.match(line) for line in workflow.read_text().splitlines()]
    uses = [match for match in uses if match]
    assert uses, f"{workflow.name} uses no action"
    for match in uses:
        assert _PINNED.match(match["ref"]), f"{match['ref']} is not pinned by a full commit SHA"
        assert match["comment"] and re.match(r"#\s*v\d+\.\d+\.\d+", match["comment"]), (
            f"{match['ref']} has no `# vX.Y.Z` comment naming the pinned tag"
        )


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_least_privilege(workflow: Path):
    document = _load(workflow)
    assert "pull_request_target" not in document["on"]
    top = document.get("permissions")
    assert top in ({}, {"contents": "read"}), f"top-level permissions must be {{}} or contents: read, not {top}"
    for name, job in document["jobs"].items():
        permissions = job.get("permissions", top)
        assert isinstance(permissions, dict), f"job {name}: permissions must be an explicit map"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"job {name}: checkout persists credentials"
        if "id-token" in permissions:
            steps = " ".join(step.get("uses", "") for step in job.get("steps", []))
            assert "aws-actions/configure-aws-credentials@" in steps, f"job {name}: id-token without OIDC login"


def test_pull_request_workflow_flow():
    """fmt -> validate -> plan -> slsguard check (SARIF + markdown) -> comment -> fail on exit 1."""
    document = _load(REPO / ".github" / "workflows" / "pull-request.yml")
    gate = document["jobs"]["gate"]
    assert gate["permissions"] == {"contents": "read", "id-token": "write", "security-events": "write",
                                   "pull-requests": "write"}
    assert "matrix" in gate["strategy"] and "env" in gate["strategy"]["matrix"]
    assert "concurrency" in document
    scripts = "\n".join(step.get("run", "") for step in gate["steps"])
    order = [" fmt -check", " validate", " plan ", "slsguard check", "--report sarif=", "--report markdown="]
    assert all(marker in scripts for marker in order), scripts
    assert scripts.index(" fmt -check") < scripts.index(" validate") < scripts.index(" plan ") < scripts.index(
        "slsguard check")
    credentials = next(step for step in gate["steps"] if "configure-aws-credentials" in step.get("uses", ""))
    assert credentials["with"]["role-to-assume"].startswith("${{ vars."), "the role comes from a repository variable"
    assert not {"aws-access-key-id", "aws-secret-access-key"} & set(credentials["with"])
    assert any("upload-sarif" in step.get("uses", "") for step in gate["steps"])
    assert gate["steps"][-1]["if"] == "steps.gate.outputs.verdict == '1'" and "exit 1" in gate["steps"][-1]["run"]


def test_ci_workflow_runs_the_ci_entry_point():
    document = _load(REPO / ".github" / "workflows" / "ci.yml")
    assert document["permissions"] == {"contents": "read"}
    assert set(document["on"]) == {"push", "pull_request"}
    runs = [step.get("run") for job in document["jobs"].values() for step in job["steps"]]
    assert ".ci/run" in runs


def _entry_program(entry: str) -> str:
    """The program an entry runs, looking through `bash -c '[exec] PROGRAM ...'`."""
    words = shlex.split(entry)
    if words[:2] == ["bash", "-c"]:
        words = shlex.split(words[2])
    if words[:1] == ["exec"]:
        words = words[1:]
    return words[0]


def test_pre_commit_hooks_are_local_and_exist():
    document = yaml.safe_load(PRE_COMMIT.read_text())
    hooks = [hook for repo in document["repos"] for hook in repo["hooks"]]
    assert all(repo["repo"] == "local" for repo in document["repos"]), "only local hooks"
    assert {hook["id"] for hook in hooks} >= {"terraform-fmt", "terraform-validate", "slsguard-docs", "slsguard-check"}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook), hook
        assert hook["language"] == "system"
        program = REPO / _entry_program(hook["entry"])
        assert program.is_file() and os.access(program, os.X_OK), f"hook {hook['id']}: {program} is not executable"
        if "files" in hook:
            re.compile(hook["files"])


def _changed_roots(monkeypatch, tmp_path: Path):
    spec = importlib.util.spec_from_file_location("changed_roots", REPO / "scripts" / "changed_roots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for env in ("orders", "payments"):
        (tmp_path / "envs" / env).mkdir(parents=True)
        (tmp_path / "envs" / env / "main.tf").write_text("")
    (tmp_path / "envs" / "orders" / "functions").mkdir()
    (tmp_path / "modules" / "queue" / "examples" / "basic").mkdir(parents=True)
    (tmp_path / "modules" / "queue" / "main.tf").write_text("")
    (tmp_path / "modules" / "queue" / "examples" / "basic" / "main.tf").write_text("")
    monkeypatch.setattr(module, "REPO", tmp_path)
    monkeypatch.setattr(module, "ENVS", tmp_path / "envs")
    return module


def test_changed_envs_matrix(monkeypatch, tmp_path: Path):
    roots = _changed_roots(monkeypatch, tmp_path)
    assert roots.changed_envs(["envs/orders/functions/worker.py"]) == ["orders"]
    assert roots.changed_envs(["envs/payments/main.tf", "README.md"]) == ["payments"]
    assert roots.changed_envs(["modules/queue/main.tf"]) == ["orders", "payments"]
    assert roots.changed_envs(["policies/checkov/config.yaml"]) == ["orders", "payments"]
    assert roots.changed_envs(["README.md", "docs/module-standard.md"]) == []


def test_changed_validation_roots(monkeypatch, tmp_path: Path):
    roots = _changed_roots(monkeypatch, tmp_path)
    changed = ["modules/queue/examples/basic/main.tf", "modules/queue/README.md", "tests/x/main.tf"]
    assert roots.changed_validation_roots(changed) == [tmp_path / "modules" / "queue" / "examples" / "basic"]
    with pytest.raises(SystemExit, match="outside the repository"):
        roots.changed_envs(["/etc/passwd"])


def test_readme_consumer_workflow_is_valid_and_uses_real_action_inputs(tmp_path: Path):
    """The workflow the README shows service repositories: schema-valid, pinned, real inputs."""
    readme = (REPO / "README.md").read_text()
    block = re.search(r"```yaml\n(# \.github/workflows/slsguard\.yml\n.*?)```", readme, re.S)
    assert block, "README.md has no `# .github/workflows/slsguard.yml` example"
    workflow = tmp_path / "slsguard.yml"
    workflow.write_text(block.group(1))
    result = _run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)])
    assert result.returncode == 0, f"README workflow:\n{result.stdout}\n{result.stderr}"
    steps = _load(workflow)["jobs"]["gate"]["steps"]
    ours = next(step for step in steps if step.get("id") == "slsguard")
    assert set(ours["with"]) <= set(yaml.safe_load(ACTION.read_text())["inputs"])
    for step in steps:
        if step is not ours:
            assert _PINNED.match(step["uses"]), f"README workflow: {step['uses']} is not pinned by a full commit SHA"
