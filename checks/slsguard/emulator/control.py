"""Start, stop and reset the emulator process; used by ``make emulator-up/down`` and the tests.

The emulator always listens on loopback, on a free port unless one is asked for, stops by itself
after a time-to-live, and is stopped by its own process id (never by name).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from slsguard.errors import SlsguardError
from slsguard.toolchain import build_dir

HOST = "127.0.0.1"
REGION = "eu-west-1"
ACCOUNT_ID = "123456789012"  # moto's default account


@dataclass(frozen=True)
class Emulator:
    pid: int
    port: int
    log_path: str

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.port}"

    def aws_env(self) -> dict[str, str]:
        """Environment for boto3 and the aws provider to talk to this emulator only."""
        return aws_env(self.endpoint)


def aws_env(endpoint: str) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        # Few retries: an action the emulator lacks must fail in seconds, not look like a hang.
        # (The server answers a missing action with a 501 that the SDK does not retry at all;
        # this bounds the retries of real transient errors.)
        "AWS_MAX_ATTEMPTS": "2",
        "AWS_RETRY_MODE": "standard",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return True
    return False


def _ready(endpoint: str) -> bool:
    try:
        with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _log_tail(path: Path, lines: int = 5) -> str:
    try:
        return " / ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return "no log"


def start(port: int | None = None, log_path: Path | None = None, ttl: float = 3600.0,
          timeout: float = 30.0) -> Emulator:
    if port is not None and port_in_use(port):
        raise SlsguardError(f"port {port} on {HOST} is already in use; pick another or omit --port.")
    port = port or free_port()
    log_path = log_path or build_dir() / "emulator" / f"moto-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "slsguard.emulator.server", "--host", HOST, "--port", str(port),
             "--ttl", str(ttl)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    emulator = Emulator(process.pid, port, str(log_path))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SlsguardError(f"the emulator exited at start ({_log_tail(log_path)}).")
        if _ready(emulator.endpoint):
            return emulator
        time.sleep(0.1)
    stop(emulator)
    raise SlsguardError(f"the emulator did not answer within {timeout:.0f} s ({_log_tail(log_path)}).")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(emulator: Emulator, timeout: float = 10.0) -> None:
    """Stop the emulator by its process id (its own process group, which it leads)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(emulator.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                finished, _ = os.waitpid(emulator.pid, os.WNOHANG)
            except ChildProcessError:  # not our child (started by another slsguard process)
                finished = 0 if _alive(emulator.pid) else emulator.pid
            if finished == emulator.pid:
                return
            time.sleep(0.05)


def reset(endpoint: str) -> None:
    """Forget every resource, so that each test module starts from an empty account."""
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 200:
            raise SlsguardError(f"the emulator refused a reset (HTTP {response.status}).")


def _state_file() -> Path:
    return build_dir() / "emulator" / "state.json"


def running() -> Emulator | None:
    """The emulator started by ``slsguard emulator up``, or None when none is alive."""
    path = _state_file()
    if not path.is_file():
        return None
    emulator = Emulator(**json.loads(path.read_text()))
    if not _alive(emulator.pid):
        path.unlink()
        return None
    return emulator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="slsguard emulator", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start the emulator in the background")
    up.add_argument("--port", type=int, help="loopback port (default: a free one)")
    up.add_argument("--ttl", type=float, default=3600.0, help="seconds before it stops by itself")
    commands.add_parser("down", help="stop the emulator started by `up`")
    commands.add_parser("status", help="print the running emulator's endpoint")
    commands.add_parser("env", help="print shell exports that point AWS clients at the emulator")
    args = parser.parse_args(argv)

    running_emulator = running()
    if args.command == "up":
        if running_emulator:
            print(f"emulator already running at {running_emulator.endpoint} (pid {running_emulator.pid})")
            return 0
        emulator = start(args.port, ttl=args.ttl)
        _state_file().write_text(json.dumps(asdict(emulator)))
        print(f"emulator running at {emulator.endpoint} (pid {emulator.pid}, log {emulator.log_path})")
        return 0
    if running_emulator is None:
        if args.command == "down":
            print("emulator not running")
            return 0
        raise SlsguardError("the emulator is not running; start it with `make emulator-up`.")
    if args.command == "down":
        stop(running_emulator)
        _state_file().unlink(missing_ok=True)
        print(f"emulator stopped (pid {running_emulator.pid})")
    elif args.command == "status":
        print(f"emulator running at {running_emulator.endpoint} (pid {running_emulator.pid})")
    else:
        for key, value in running_emulator.aws_env().items():
            print(f"export {key}={value}")
    return 0
