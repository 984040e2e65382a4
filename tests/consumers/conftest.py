"""Shared by the consumer tests: the offline wheelhouse and the installs made from it, built once
per test run (pytest-xdist workers share them through a lock), and the toolchain settings an
installed slsguard needs to find terraform's provider mirror and plugin cache of this checkout."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
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


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, create: Callable[[Path], None]) -> Path:
    """``name`` under this run's temporary folder, made by ``create`` once whatever the number of
    xdist workers (each worker's base folder sits in the run's; without xdist the base is the run's)."""
    run_dir = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_dir = run_dir.parent
    folder = run_dir / name
    with FileLock(str(run_dir / f"{name}.lock")):
        if not (run_dir / f"{name}.complete").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            create(folder)
            (run_dir / f"{name}.complete").touch()
    return folder


@pytest.fixture(scope="session")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # setuptools: pip's isolated builds of slsguard (pre-commit, the action) need the build
    # backend pyproject.toml names.
    return once_per_run(tmp_path_factory, "wheelhouse", lambda folder: wheelhouse.build_wheelhouse(
        folder, folder.with_name("wheelhouse-build"), {"checkov"}, also=("setuptools",)))


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
