"""Shared by the consumer tests: one offline wheelhouse per test run (pytest-xdist workers share
it through a lock), and the toolchain settings an installed slsguard needs to find terraform's
provider mirror and plugin cache of this checkout."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from filelock import FileLock

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wheelhouse  # noqa: E402
from slsguard import toolchain  # noqa: E402

SERVICE = Path(__file__).resolve().parent / "fixtures" / "service"
# The gate fixtures' offline provider configuration (no credential, account or region lookups).
OFFLINE_PROVIDER = Path(__file__).resolve().parents[1] / "gate" / "fixtures" / "providers.tf.txt"


def service_root(destination: Path) -> Path:
    """A plannable copy of the service fixture: its files plus the offline provider."""
    shutil.copytree(SERVICE, destination, ignore=shutil.ignore_patterns(".terraform*"))
    shutil.copyfile(OFFLINE_PROVIDER, destination / "providers.tf")
    return destination


@pytest.fixture(scope="session")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every xdist worker
    folder = shared / "wheelhouse"
    with FileLock(str(shared / "wheelhouse.lock")):
        if not (folder / ".complete").is_file():
            # setuptools: pip's isolated builds of slsguard (pre-commit, the action) need the
            # build backend pyproject.toml names.
            wheelhouse.build_wheelhouse(folder, shared / "wheelhouse-build", {"checkov"}, also=("setuptools",))
            (folder / ".complete").touch()
    return folder


@pytest.fixture(scope="session")
def consumer_environment(wheels: Path) -> dict[str, str]:
    """The environment a consumer's installed slsguard runs in here: pip offline, terraform from
    the toolchain this checkout detected, build output (CLI config, plugin cache) shared with it."""
    tools = toolchain.default()
    environment = wheelhouse.offline_pip_environment(wheels)
    environment.update({toolchain.TERRAFORM_ENV: str(tools.terraform), toolchain.BUILD_DIR_ENV: str(toolchain.build_dir())})
    if tools.mirror is not None:
        environment[toolchain.MIRROR_ENV] = str(tools.mirror)
    return environment
