"""The emulator launcher: loopback only, stopped by its PID (or by its time-to-live), resettable.

Tests that need their own emulator start one with a short TTL and always stop it by PID.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.cli import CLI_TIMEOUT, slsguard
from slsguard.emulator import control

pytestmark = pytest.mark.emulator


def listening_addresses(port: int) -> set[str]:
    """Local IPv4 addresses (hex, as the kernel lists them) with a listening TCP socket on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


def exited(pid: int, within: float) -> bool:
    """Whether our child ``pid`` ends (and is reaped) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == pid:
            return True
        time.sleep(0.1)
    return False


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def own_emulator(tmp_path):
    started: list[control.Emulator] = []

    def start(ttl: float) -> control.Emulator:
        emulator = control.start(log_path=tmp_path / f"moto-{len(started)}.log", ttl=ttl)
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        control.stop(emulator)


def test_emulator_listens_on_loopback_only(own_emulator):
    emulator = own_emulator(ttl=60)
    assert emulator.endpoint.startswith("http://127.0.0.1:")
    assert listening_addresses(emulator.port) == {"0100007F"}  # 127.0.0.1, nothing else


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.1", "localhost.example"])
def test_server_refuses_non_loopback_hosts(host):
    result = subprocess.run([sys.executable, "-m", "slsguard.emulator.server", "--host", host, "--port", "1"],
                            capture_output=True, text=True, timeout=CLI_TIMEOUT, check=False)
    assert result.returncode != 0
    assert "only loopback addresses are allowed" in result.stderr


def test_stop_ends_the_process_by_pid(own_emulator):
    emulator = own_emulator(ttl=60)
    assert not gone(emulator.pid)
    control.stop(emulator)
    assert gone(emulator.pid)
    assert not control.port_in_use(emulator.port)


def test_emulator_stops_by_itself_after_its_ttl(own_emulator):
    emulator = own_emulator(ttl=2)
    assert exited(emulator.pid, within=30), "the emulator outlived its time-to-live"
    assert gone(emulator.pid)


def test_reset_forgets_moto_and_compat_resources(emulator):
    import boto3

    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name=control.REGION)
    sqs = session.client("sqs", endpoint_url=emulator.endpoint)
    budgets = session.client("budgets", endpoint_url=emulator.endpoint)
    sqs.create_queue(QueueName="control-reset")
    budget_arn = f"arn:aws:budgets::{control.ACCOUNT_ID}:budget/control-reset"
    budgets.create_budget(
        AccountId=control.ACCOUNT_ID,
        Budget={"BudgetName": "control-reset", "BudgetType": "COST", "TimeUnit": "MONTHLY",
                "BudgetLimit": {"Amount": "1", "Unit": "USD"}},
        ResourceTags=[{"Key": "team", "Value": "control"}])
    assert sqs.list_queues().get("QueueUrls")
    assert budgets.list_tags_for_resource(ResourceARN=budget_arn)["ResourceTags"]

    control.reset(emulator.endpoint)

    assert not sqs.list_queues().get("QueueUrls")
    assert not budgets.describe_budgets(AccountId=control.ACCOUNT_ID).get("Budgets")
    # Re-created under the same name, the budget must not inherit the tags kept by compat.
    budgets.create_budget(
        AccountId=control.ACCOUNT_ID,
        Budget={"BudgetName": "control-reset", "BudgetType": "COST", "TimeUnit": "MONTHLY",
                "BudgetLimit": {"Amount": "1", "Unit": "USD"}})
    assert budgets.list_tags_for_resource(ResourceARN=budget_arn)["ResourceTags"] == []
    control.reset(emulator.endpoint)


# --- the `slsguard emulator` command ---------------------------------------------------------


def emulator_cli(*args: str, build_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SLSGUARD_BUILD_DIR": str(build_dir)}
    env.pop("SLSGUARD_DEBUG", None)
    return slsguard("emulator", *args, env=env)


def test_up_on_a_taken_port_is_one_sentence_and_exit_2(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind((control.HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = emulator_cli("up", "--port", str(port), build_dir=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in lines[0]
    assert not (tmp_path / "emulator" / "state.json").exists()


def test_up_status_down_through_the_cli(tmp_path):
    up = emulator_cli("up", "--ttl", "120", build_dir=tmp_path)
    assert up.returncode == 0, up.stderr
    state = tmp_path / "emulator" / "state.json"

    started = control.Emulator(**json.loads(state.read_text()))
    try:
        status = emulator_cli("status", build_dir=tmp_path)
        assert status.returncode == 0 and started.endpoint in status.stdout
        exports = emulator_cli("env", build_dir=tmp_path)
        assert f"export AWS_ENDPOINT_URL={started.endpoint}" in exports.stdout
        down = emulator_cli("down", build_dir=tmp_path)
        assert down.returncode == 0 and f"pid {started.pid}" in down.stdout
        deadline = time.monotonic() + 10
        while not gone(started.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert gone(started.pid)
        assert not state.exists()
        not_running = emulator_cli("status", build_dir=tmp_path)
        assert not_running.returncode == 2
        assert not_running.stderr.strip() == (
            "slsguard emulator: the emulator is not running; start it with `make emulator-up`.")
    finally:
        control.stop(started)
