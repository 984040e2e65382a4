"""The consumer hooks of .pre-commit-hooks.yaml, run as another repository runs them:
`pre-commit try-repo` against a committed copy of slsguard, in a fixture service repository,
with pre-commit building its own hook environments (offline here, from the wheelhouse)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import service_root
from wheelhouse import REPO, copy_source

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
BUDGET_TF = """
resource "aws_budgets_budget" "monthly" {
  name         = "orders-monthly"
  budget_type  = "COST"
  limit_amount = "100"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  dynamic "notification" {
    for_each = toset(["ACTUAL", "FORECASTED"])
    content {
      comparison_operator        = "GREATER_THAN"
      threshold                  = 80
      threshold_type             = "PERCENTAGE"
      notification_type          = notification.value
      subscriber_email_addresses = ["team-orders@example.com"]
    }
  }
}
"""
UNENCRYPTED_QUEUE_TF = 'resource "aws_sqs_queue" "unencrypted" {\n  name = "orders-unencrypted"\n}\n'
MODULE_VARIABLES_TF = 'variable "name" {\n  type        = string\n  description = "Queue name."\n}\n'
MODULE_OUTPUTS_TF = 'output "name" {\n  description = "Queue name."\n  value       = var.name\n}\n'

# long: its fixture installs pre-commit's hook environments (~45 s).
pytestmark = pytest.mark.long


def git(cwd: Path, *args: str) -> None:
    identity = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=cwd,
                   check=True, capture_output=True, env={**os.environ, **identity})


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory, consumer_environment):
    base = tmp_path_factory.mktemp("pre-commit")
    hooks_repo = copy_source(base / "slsguard")
    shutil.copy2(REPO / ".pre-commit-hooks.yaml", hooks_repo)
    git(hooks_repo, "init", "-q")
    git(hooks_repo, "add", "-A")
    git(hooks_repo, "commit", "-q", "-m", "slsguard at a tag")

    consumer = service_root(base / "service")
    (consumer / "budget.tf").write_text(BUDGET_TF)  # this repository owns its budget: the full standard passes
    module = consumer / "modules" / "queue"
    module.mkdir(parents=True)
    (module / "variables.tf").write_text(MODULE_VARIABLES_TF)
    (module / "outputs.tf").write_text(MODULE_OUTPUTS_TF)
    (module / "README.md").write_text("# queue\n\n<!-- BEGIN_TF_DOCS -->\n<!-- END_TF_DOCS -->\n")
    subprocess.run([str(Path(sys.executable).parent / "slsguard"), "docs", str(module)], check=True, capture_output=True)
    git(consumer, "init", "-q")
    git(consumer, "add", "-A")
    environment = {**consumer_environment, "PRE_COMMIT_HOME": str(base / "cache")}

    def run(hook: str) -> subprocess.CompletedProcess[str]:
        git(consumer, "add", "-A")
        return subprocess.run([str(PRE_COMMIT), "try-repo", str(hooks_repo), hook, "--all-files", "--verbose"],
                              cwd=consumer, capture_output=True, text=True, env=environment, timeout=900)

    run.consumer = consumer
    return run


def test_consumer_hooks_manifest_is_valid_and_pinned_like_the_project():
    subprocess.run([str(PRE_COMMIT), "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")], check=True)
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"slsguard-check", "slsguard-docs"}
    assert "--no-checkov" in hooks["slsguard-check"]["entry"].split()
    pins = set((REPO / "requirements" / "constraints.txt").read_text().split())
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["entry"].split()[0] == "slsguard"
        assert set(hook.get("additional_dependencies", [])) <= pins, "hook dependencies carry the project's pins"


def test_slsguard_check_hook_passes_a_clean_root_and_blocks_a_fault(try_repo):
    clean = try_repo("slsguard-check")
    assert clean.returncode == 0, clean.stdout[-4000:]
    assert "slsguard check (slsguard engine)" in clean.stdout and "Passed" in clean.stdout
    (try_repo.consumer / "unencrypted.tf").write_text(UNENCRYPTED_QUEUE_TF)
    try:
        faulty = try_repo("slsguard-check")
    finally:
        (try_repo.consumer / "unencrypted.tf").unlink()
    assert faulty.returncode == 1 and "Failed" in faulty.stdout, faulty.stdout[-4000:]
    assert "SLS-ENC-001" in faulty.stdout and "aws_sqs_queue.unencrypted" in faulty.stdout


def test_slsguard_docs_hook_fails_when_a_module_readme_is_stale(try_repo):
    current = try_repo("slsguard-docs")
    assert current.returncode == 0 and "Passed" in current.stdout, current.stdout[-4000:]
    variables = try_repo.consumer / "modules" / "queue" / "variables.tf"
    variables.write_text(MODULE_VARIABLES_TF + 'variable "retention" {\n  type        = number\n'
                         '  description = "Seconds."\n  default     = 345600\n}\n')
    stale = try_repo("slsguard-docs")
    assert stale.returncode == 1 and "modules/queue/README.md is out of date" in stale.stdout, stale.stdout[-4000:]
