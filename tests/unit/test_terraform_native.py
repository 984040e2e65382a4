"""Unit tier: each module's native `terraform test` files, run with mock providers (no AWS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import discovery

MODULES = discovery.modules()


@pytest.mark.parametrize("module", MODULES, ids=discovery.label)
def test_module_native_tests(toolchain, module: Path, tmp_path: Path):
    test_files = sorted((module / "tests").glob("*.tftest.hcl"))
    assert test_files, f"{discovery.label(module)} has no tests/*.tftest.hcl"
    env = {"TF_DATA_DIR": str(tmp_path / "tfdata")}
    toolchain.run(["init", "-backend=false", "-input=false", "-no-color"], module, extra_env=env)
    result = toolchain.run(["test", "-no-color"], module, extra_env=env, check=False)
    assert result.returncode == 0, f"terraform test failed in {discovery.label(module)}:\n{result.stdout}{result.stderr}"
    assert " 0 failed" in result.stdout and "Success!" in result.stdout, result.stdout
