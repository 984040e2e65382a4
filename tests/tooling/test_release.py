"""`make release`: per-module tags `<module>/vX.Y.Z` cut from CHANGELOG entries, on a scratch repo.

Every run works in a temporary git repository with a bare `origin`, so the project's own tags are
never touched and the test can prove that nothing is pushed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CHANGELOG = """# Changelog of kms-key

## [Unreleased]

## [1.1.0] - 2026-12-01
### Added
- `deletion_window_days` input.

## [1.0.0] - 2026-11-30
### Added
- The module.

## [0.9.0] - 2026-11-01

## [0.8.0]
- undated.
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def release(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "scripts" / "release.py"), *args, "--repo", str(repo)],
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    subprocess.run(["git", "init", "--quiet", "--bare", str(origin)], check=True)
    subprocess.run(["git", "init", "--quiet", str(work)], check=True)
    for key, value in (("user.name", "Release Test"), ("user.email", "release@example.invalid"),
                       ("commit.gpgsign", "false"), ("tag.gpgsign", "false")):
        git(work, "config", key, value)
    module = work / "modules" / "kms-key"
    module.mkdir(parents=True)
    (module / "versions.tf").write_text('terraform {\n  required_version = ">= 1.11"\n}\n')
    (module / "CHANGELOG.md").write_text(CHANGELOG)
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "kms-key 1.1.0")
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "--quiet", "origin", "HEAD")
    return work


def refused(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_cuts_an_annotated_local_tag_with_the_changelog_section(repo: Path):
    result = release(repo, "kms-key", "1.1.0")
    assert result.returncode == 0, result.stderr
    assert "git push origin kms-key/v1.1.0" in result.stdout
    assert git(repo, "cat-file", "-t", "kms-key/v1.1.0").strip() == "tag"  # annotated, not lightweight
    assert git(repo, "rev-list", "-n", "1", "kms-key/v1.1.0") == git(repo, "rev-parse", "HEAD")
    message = git(repo, "tag", "--list", "--format=%(contents)", "kms-key/v1.1.0")
    assert message.startswith("kms-key v1.1.0\n")
    assert "- `deletion_window_days` input." in message and "The module." not in message
    assert git(repo, "ls-remote", "--tags", "origin") == "", "the release must never push"


def test_check_mode_validates_without_tagging(repo: Path):
    result = release(repo, "kms-key", "1.1.0", "--check")
    assert result.returncode == 0 and "can be cut" in result.stdout
    assert git(repo, "tag", "--list") == ""


def test_an_existing_release_is_never_moved(repo: Path):
    assert release(repo, "kms-key", "1.1.0").returncode == 0
    refused(release(repo, "kms-key", "1.1.0"), "kms-key/v1.1.0 already exists")


def test_a_version_lower_than_the_last_release_is_refused(repo: Path):
    assert release(repo, "kms-key", "1.1.0").returncode == 0
    refused(release(repo, "kms-key", "1.0.0"), "1.0.0 is lower than kms-key's latest release 1.1.0")


def test_a_version_without_release_notes_is_refused(repo: Path):
    refused(release(repo, "kms-key", "2.0.0"), "has no `## [2.0.0] - YYYY-MM-DD` section")
    refused(release(repo, "kms-key", "0.9.0"), "the [0.9.0] section lists no change")
    refused(release(repo, "kms-key", "0.8.0"), "the [0.8.0] heading has no date")
    assert git(repo, "tag", "--list") == ""


def test_uncommitted_module_changes_are_refused(repo: Path):
    (repo / "modules" / "kms-key" / "main.tf").write_text("# not committed\n")
    refused(release(repo, "kms-key", "1.1.0"), "modules/kms-key has uncommitted changes", "main.tf")


@pytest.mark.parametrize(("module", "version", "message"), [
    ("no-such-module", "1.0.0", "'no-such-module' is not a module"),
    ("../kms-key", "1.0.0", "is not a module"),
    ("kms-key", "v1.1.0", "is not X.Y.Z"),
    ("kms-key", "1.1", "is not X.Y.Z"),
])
def test_bad_input_is_one_sentence(repo: Path, module: str, version: str, message: str):
    refused(release(repo, module, version), message)


def test_every_module_keeps_a_changelog():
    for module in sorted(path for path in (REPO / "modules").iterdir() if (path / "versions.tf").is_file()):
        changelog = module / "CHANGELOG.md"
        assert changelog.is_file(), f"{changelog.relative_to(REPO)} is missing (`make release` reads it)"
        assert changelog.read_text().splitlines()[0].startswith("# "), changelog
