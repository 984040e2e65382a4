"""Unit tier: each module's native `terraform test` files, run with mock providers (no AWS).

They run from a strict copy (``harness.native``): every ``expect_failures`` run alone and without
its ``expect_failures``, so each must fail with exactly the validations or preconditions it names,
and with their error messages; every other run must pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import discovery, native

MODULES = discovery.modules()


@pytest.mark.long  # 30 s to 4 min per module: every validation is proven in a plan of its own
@pytest.mark.parametrize("module", MODULES, ids=discovery.label)
def test_module_native_tests(toolchain, module: Path, tmp_path: Path):
    test_files = sorted((module / "tests").glob("*.tftest.hcl"))
    assert test_files, f"{discovery.label(module)} has no tests/*.tftest.hcl"
    copy = native.strict_copy(module, tmp_path / "copy")
    env = {"TF_DATA_DIR": str(tmp_path / "tfdata")}
    toolchain.run(["init", "-backend=false", "-input=false", "-no-color"], copy.module, extra_env=env)
    result = toolchain.run(["test", "-json", "-no-color"], copy.module, extra_env=env, check=False)
    problems = native.judge(copy, result.stdout)
    assert not problems, f"terraform test of {discovery.label(module)}:\n  " + "\n  ".join(problems)
