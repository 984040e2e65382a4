"""Static tier: formatting and `terraform validate` of every module, example and environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import discovery

pytestmark = pytest.mark.static

ROOTS = discovery.modules() + discovery.examples() + discovery.envs()


def test_there_is_terraform_to_check():
    assert discovery.modules(), "no module found under modules/"


def test_terraform_fmt(toolchain):
    result = toolchain.run(["fmt", "-check", "-recursive", "-diff", "-no-color"], discovery.REPO, check=False)
    assert result.returncode == 0, f"terraform fmt would change files (run `make fmt`):\n{result.stdout}"


@pytest.mark.parametrize("root", ROOTS, ids=discovery.label)
def test_terraform_validate(toolchain, root: Path, tmp_path: Path):
    env = {"TF_DATA_DIR": str(tmp_path / "tfdata")}
    toolchain.run(["init", "-backend=false", "-input=false", "-no-color"], root, extra_env=env)
    result = toolchain.run(["validate", "-json", "-no-color"], root, extra_env=env, check=False)
    assert result.returncode == 0, f"terraform validate failed for {discovery.label(root)}:\n{result.stdout}"
