"""Bad toolchain input ends in one clear sentence and exit code 2, never a traceback.

The CLI runs in a subprocess with a controlled environment: its own build folder (so the shared
generated CLI config is never touched) and a PATH holding only what the scenario needs.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from harness.cli import slsguard
from slsguard import toolchain as toolchain_module
from slsguard.errors import SlsguardError



@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """An environment without any slsguard or terraform settings, and an empty PATH folder."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SLSGUARD_", "TF_")) and key != "PATH"}
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    env["PATH"] = str(empty_bin)
    env["SLSGUARD_BUILD_DIR"] = str(tmp_path / "build")
    return env


def fake_terraform(folder: Path, version_output: str) -> Path:
    """An executable ``terraform`` that prints ``version_output`` for ``version -json``.

    Only shell built-ins: the scenario's PATH holds nothing but this script.
    """
    assert "'" not in version_output
    script = folder / "terraform"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{version_output}'\n")
    script.chmod(0o755)
    return script


def assert_one_sentence_exit_2(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.stderr}"
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} missing from {lines[0]!r}"


def test_no_terraform_on_path(clean_env):
    result = slsguard("toolchain", env=clean_env)
    assert_one_sentence_exit_2(result, "terraform was not found on PATH", "SLSGUARD_TERRAFORM")


@pytest.mark.parametrize("version", ["1.5.7", "1.7.5", "1.10.5"])
def test_terraform_too_old(clean_env, tmp_path, version):
    fake_terraform(tmp_path / "bin", json.dumps({"terraform_version": version, "platform": "linux_amd64"}))
    result = slsguard("toolchain", env=clean_env)
    assert_one_sentence_exit_2(result, f"terraform {version}", "is too old", ">= 1.11.0", "override_during")


def test_terraform_at_the_floor_is_accepted(clean_env, tmp_path):
    fake_terraform(tmp_path / "bin", json.dumps({"terraform_version": "1.11.0", "platform": "linux_amd64"}))
    clean_env["SLSGUARD_PROVIDER_MIRROR"] = "none"
    result = slsguard("toolchain", env=clean_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["version"] == "1.11.0"


def test_terraform_version_unreadable(clean_env, tmp_path):
    fake_terraform(tmp_path / "bin", "this is not terraform")
    result = slsguard("toolchain", env=clean_env)
    assert_one_sentence_exit_2(result, "could not read a terraform version")


def test_configured_terraform_is_not_executable(clean_env, tmp_path):
    clean_env["SLSGUARD_TERRAFORM"] = str(tmp_path / "missing-terraform")
    result = slsguard("toolchain", "exec", "--", "version", env=clean_env)
    assert_one_sentence_exit_2(result, "SLSGUARD_TERRAFORM=", "is not an executable file")


def test_configured_mirror_that_is_not_a_mirror(clean_env, toolchain, tmp_path):
    clean_env["SLSGUARD_TERRAFORM"] = str(toolchain.terraform)
    clean_env["SLSGUARD_PROVIDER_MIRROR"] = str(tmp_path)
    result = slsguard("toolchain", env=clean_env)
    assert_one_sentence_exit_2(result, "is not a provider mirror", "registry.terraform.io/hashicorp/aws")


def test_mirror_none_writes_a_config_without_mirror(clean_env, toolchain):
    clean_env["SLSGUARD_TERRAFORM"] = str(toolchain.terraform)
    clean_env["SLSGUARD_PROVIDER_MIRROR"] = "none"
    result = slsguard("toolchain", env=clean_env)
    assert result.returncode == 0, result.stderr
    described = json.loads(result.stdout)
    assert described["mirror"] is None
    assert "provider_installation" not in Path(described["env"]["TF_CLI_CONFIG_FILE"]).read_text()


def test_init_without_mirror_and_without_registry_says_so(monkeypatch, tmp_path, toolchain):
    """Offline with the mirror turned off: init fails at once (the registry is unreachable here)."""
    monkeypatch.setenv("SLSGUARD_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("SLSGUARD_PROVIDER_MIRROR", "none")
    monkeypatch.setenv("SLSGUARD_TERRAFORM", str(toolchain.terraform))
    offline = toolchain_module.load()
    assert offline.mirror is None
    root = tmp_path / "root"
    root.mkdir()
    (root / "main.tf.json").write_text(json.dumps({"terraform": {"required_providers": {
        "aws": {"source": "hashicorp/aws", "version": ">= 5.80, < 7.0"}}}}))
    # The private build folder also gives an empty plugin cache: the shared one holds aws already.
    assert not any(offline.plugin_cache.iterdir())
    with pytest.raises(SlsguardError) as failure:
        offline.run(["init", "-input=false", "-no-color"], root, timeout=120)
    message = str(failure.value)
    assert "could not install providers: no provider mirror was found" in message
    assert "registry could not be reached" in message
    assert "\n" not in message
