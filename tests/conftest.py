"""Fixtures shared by every test tier.

- ``toolchain``: the detected terraform toolchain (mirror, generated CLI config).
- ``emulator``: one moto server per test process (per xdist worker), on a free loopback port,
  stopped by its PID at the end of the session whatever happened.
- ``aws``: module-scoped; resets the emulator so each test module starts from an empty account,
  and makes boto3 clients and terraform environments that talk to it.
- ``module_root`` / ``example_root``: factories of throw-away terraform roots (tests/harness).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import terraform as tf_harness  # noqa: E402
from slsguard import toolchain as toolchain_module  # noqa: E402
from slsguard.emulator import control  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Longest first: the workers take tests in this order, and a three-minute test collected
    # last (the unit tier sorts after the others) would run alone while the other worker idles.
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(scope="session")
def toolchain() -> toolchain_module.Toolchain:
    return toolchain_module.default()


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[control.Emulator]:
    log = tmp_path_factory.mktemp("emulator") / "moto.log"
    # Bounded: even a killed pytest leaves no emulator behind for more than this.
    running = control.start(log_path=log, ttl=float(os.environ.get("SLSGUARD_EMULATOR_TTL", "2400")))
    try:
        yield running
    finally:
        control.stop(running)


class AwsAccount:
    """The emulated account a test module works in."""

    def __init__(self, emulator: control.Emulator) -> None:
        self.emulator = emulator
        self.env = emulator.aws_env()
        self.region = control.REGION
        self.account_id = control.ACCOUNT_ID

    def client(self, service: str) -> Any:
        import boto3

        return boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", aws_session_token="testing",
            region_name=self.region,
        ).client(service, endpoint_url=self.emulator.endpoint)

    def log_tail(self, lines: int = 20) -> str:
        text = Path(self.emulator.log_path).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def aws(emulator: control.Emulator) -> AwsAccount:
    control.reset(emulator.endpoint)
    return AwsAccount(emulator)


@pytest.fixture
def module_root(tmp_path: Path, toolchain: toolchain_module.Toolchain):
    """``module_root(module, inputs, env=None, extra=None)`` -> harness Root in a temp dir."""
    counter = iter(range(1000))

    def make(module: str | Path, inputs: dict[str, Any], env: dict[str, str] | None = None,
             extra: dict[str, Any] | None = None) -> tf_harness.Root:
        return tf_harness.module_root(tmp_path / f"root{next(counter)}", toolchain, module, inputs, env, extra)

    return make


@pytest.fixture
def example_root(tmp_path: Path, toolchain: toolchain_module.Toolchain):
    """``example_root(example_dir, env=None)`` -> harness Root holding a copy of the example."""
    counter = iter(range(1000))

    def make(example_dir: Path, env: dict[str, str] | None = None) -> tf_harness.Root:
        return tf_harness.example_root(tmp_path / f"example{next(counter)}", toolchain, example_dir, env)

    return make
