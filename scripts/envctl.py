#!/usr/bin/env python3
"""Plan, gate, apply and destroy the reference environments (envs/dev, envs/staging, envs/prod).

    envctl.py validate|plan|check|apply|destroy ENV [--target emulator|aws]

- Every command first validates ``envs/<ENV>/config.json`` against
  ``policies/schemas/env-config.schema.json``; an invalid file stops with the JSON path of the
  error before terraform runs.
- ``emulator`` (the default target) uses the emulator of ``slsguard emulator up``, starting it
  when none runs; ``aws`` uses the caller's credentials and refuses to run without them.
- ``check`` plans and runs the gate (``slsguard check envs/<ENV> --plan PLAN_JSON``); ``apply``
  plans, runs the gate and applies that very plan only when the gate exits 0.

Terraform runs in a working copy of the environment (``build/targets/<target>/``), which mirrors
the repository layout with links to ``modules/``, ``policies/`` and ``envs/orders-service`` so every
relative path resolves as it does in the checkout. The copy of ``envs/<ENV>`` holds links to the
environment's files plus, for the emulator only, a generated ``backend_override.tf`` that swaps
the S3 backend for a local state file (``build/state/<ENV>.tfstate``). The checkout itself never
changes, so the emulator and AWS never share a backend by accident, and a plain ``terraform init
-backend-config=backend-aws.hcl`` in ``envs/<ENV>`` is exactly what the aws target runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slsguard import packaging, toolchain
from slsguard.emulator import control
from slsguard.errors import SlsguardError

REPO = Path(__file__).resolve().parents[1]
ENVS = REPO / "envs"
ENVIRONMENTS = ("dev", "staging", "prod")
TARGETS = ("emulator", "aws")
SCHEMA = REPO / "policies" / "schemas" / "env-config.schema.json"
FUNCTION_SOURCE = ENVS / "orders-service" / "functions" / "orders"
# Where the environment roots' `function_zip_path` default points, relative to the workspace root
# (the checkout or a working copy): envs/<env>/../../build/orders-service/orders.zip.
FUNCTION_ZIP = Path("build") / "orders-service" / "orders.zip"
# Top-level folders the environments reach through relative paths (module sources, the
# permissions boundary's policy templates).
SHARED_TREES = ("modules", "policies")
COMPOSITION = Path("envs") / "orders-service"
BACKEND_OVERRIDE = "backend_override.tf"
# The account-wide concurrency the gate assumes (1000) minus the 100 that AWS keeps unreserved.
RESERVABLE_CONCURRENCY = 900
HEARTBEAT_SECONDS = 15.0


class Progress:
    """Prints each step with the seconds elapsed since the run started."""

    def __init__(self, stream: Any = None) -> None:
        self.started = time.monotonic()
        self.stream = stream or sys.stdout

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def say(self, text: str) -> None:
        print(f"[{self.elapsed():6.1f}s] {text}", file=self.stream, flush=True)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        began = time.monotonic()
        self.say(f"{name} ...")
        yield
        self.say(f"{name}: done in {time.monotonic() - began:.1f}s")


# --- configuration ---------------------------------------------------------------------------------


def config_path(env: str) -> Path:
    return ENVS / env / "config.json"


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def config_errors(document: Any) -> list[str]:
    """Every problem of a config document as "<JSON path>: <message>", schema errors first.

    The schema cannot compare two values, so the rules that do (provisioned and maximum
    concurrency within the reservation, the reservations within the account's reservable pool,
    the reconciliation's grace period within its look-back window) follow it, with the same kind
    of path.
    """
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()),
                                                format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    problems = [f"{error.json_path}: {error.message}" for error in errors]
    if problems:
        return problems
    functions = document["functions"]
    for name, function in functions.items():
        if function["provisioned_concurrency"] > function["reserved_concurrency"]:
            problems.append(f"$.functions.{name}.provisioned_concurrency: {function['provisioned_concurrency']} exceeds "
                            f"reserved_concurrency {function['reserved_concurrency']}")
    worker = functions["worker"]
    if worker["maximum_concurrency"] > worker["reserved_concurrency"]:
        problems.append(f"$.functions.worker.maximum_concurrency: {worker['maximum_concurrency']} exceeds "
                        f"reserved_concurrency {worker['reserved_concurrency']}")
    reconciliation = document["reconciliation"]
    if reconciliation["stale_after_minutes"] >= 60 * reconciliation["lookback_hours"]:
        problems.append(f"$.reconciliation.stale_after_minutes: {reconciliation['stale_after_minutes']} leaves nothing of the "
                        f"{reconciliation['lookback_hours']}-hour look-back window")
    reserved = sum(function["reserved_concurrency"] for function in functions.values())
    if reserved > RESERVABLE_CONCURRENCY:
        problems.append(f"$.functions: the reserved concurrency adds up to {reserved}, more than the "
                        f"{RESERVABLE_CONCURRENCY} an account can reserve")
    return problems


def load_config(path: Path, env: str | None = None) -> dict[str, Any]:
    """The validated config document; any problem is a SlsguardError naming the file and JSON path."""
    try:
        document = json.loads(path.read_text())
    except OSError as error:
        raise SlsguardError(f"{_label(path)}: cannot be read ({error.strerror or error}).") from error
    except ValueError as error:
        raise SlsguardError(f"{_label(path)}: is not valid JSON ({error}).") from error
    problems = config_errors(document)
    if not problems and env is not None and document["environment"] != env:
        problems.append(f"$.environment: {document['environment']!r} does not match the folder envs/{env}")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SlsguardError(f"{_label(path)}: {problems[0]}{more}")
    return document


# --- targets ---------------------------------------------------------------------------------------


def running_emulator(start: bool, progress: Progress) -> control.Emulator:
    """The emulator of `slsguard emulator up` (build/emulator/state.json), started when asked."""
    emulator = control.running()
    if emulator is None:
        if not start:
            raise SlsguardError("the emulator is not running; start it with `make emulator-up`.")
        progress.say("no emulator is running: starting one (`slsguard emulator up`)")
        control.main(["up"])
        emulator = control.running()
        if emulator is None:
            raise SlsguardError("the emulator started but left no state file in build/emulator.")
    return emulator


def require_aws_credentials(region: str) -> None:
    """Prove that the caller's own environment reaches real AWS with working credentials."""
    if os.environ.get("AWS_ENDPOINT_URL"):
        raise SlsguardError(
            f"TARGET=aws refuses to run while AWS_ENDPOINT_URL={os.environ['AWS_ENDPOINT_URL']} points the "
            "clients elsewhere; unset it (or use TARGET=emulator).")
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        identity = boto3.client("sts", region_name=region).get_caller_identity()
    except (BotoCoreError, ClientError) as error:
        raise SlsguardError(
            f"TARGET=aws needs AWS credentials for the target account, and none work here ({error}); "
            "log in (e.g. `aws sso login` or an OIDC role) and try again.") from error
    print(f"TARGET=aws: acting as {identity['Arn']} in account {identity['Account']}", flush=True)


# --- the working copy -------------------------------------------------------------------------------


def _link(link: Path, target: Path) -> None:
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)


def _local_backend(state_path: Path) -> str:
    return (
        "# Generated by scripts/envctl.py for the emulator target: a local state file instead of the\n"
        "# S3 backend of versions.tf (override files replace the backend block). Never committed.\n"
        "terraform {\n"
        '  backend "local" {\n'
        f"    path = {json.dumps(str(state_path))}\n"
        "  }\n"
        "}\n"
    )


@dataclass
class Workspace:
    """One environment in a working copy, with the commands that plan, gate, apply and destroy it."""

    env: str
    target: str
    root: Path
    aws_env: dict[str, str]
    state_path: Path | None = None  # emulator only
    config_file: Path | None = None  # a variant of envs/<env>/config.json (demo, tests)
    progress: Progress = field(default_factory=Progress)
    chain: toolchain.Toolchain = field(default_factory=toolchain.default)

    @property
    def env_dir(self) -> Path:
        return self.root / "envs" / self.env

    @property
    def plan_file(self) -> Path:
        return self.root / "plans" / f"{self.env}.tfplan"

    @property
    def plan_json(self) -> Path:
        return self.root / "plans" / f"{self.env}.json"

    def config(self) -> dict[str, Any]:
        return load_config(self.config_file or config_path(self.env), self.env)

    def prepare(self) -> None:
        """Build the working copy and the function package."""
        if self.target not in TARGETS:
            raise SlsguardError(f"unknown target {self.target!r}; use one of {', '.join(TARGETS)}.")
        source = ENVS / self.env
        if not (source / "main.tf").is_file():
            raise SlsguardError(f"envs/{self.env} is not an environment root (no main.tf).")
        for tree in SHARED_TREES:
            _link(self.root / tree, REPO / tree)
        _link(self.root / COMPOSITION, REPO / COMPOSITION)
        self.env_dir.mkdir(parents=True, exist_ok=True)
        wanted = {item.name for item in source.iterdir() if item.is_file()}
        for item in self.env_dir.iterdir():
            if item.is_symlink() and item.name not in wanted:
                item.unlink()  # a file removed from the environment since the last run
        for name in wanted:
            _link(self.env_dir / name, source / name)
        if self.config_file is not None:
            (self.env_dir / "config.json").unlink()
            shutil.copyfile(self.config_file, self.env_dir / "config.json")
        override = self.env_dir / BACKEND_OVERRIDE
        if self.target == "emulator":
            if self.state_path is None:
                raise SlsguardError("the emulator target needs a state path for its local backend.")
            self.state_path.parent.mkdir(parents=True, exist_ok=True)
            override.write_text(_local_backend(self.state_path))
        else:
            override.unlink(missing_ok=True)
        packaging.build_zip(FUNCTION_SOURCE, self.root / FUNCTION_ZIP)

    # terraform ------------------------------------------------------------------------------------

    def terraform(self, args: list[str], what: str) -> str:
        """Run terraform in the environment's copy, printing a heartbeat while it works."""
        command = [str(self.chain.terraform), *args]
        process = subprocess.Popen(command, cwd=self.env_dir, env=self.chain.environ(self.aws_env), text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        lines: list[str] = []
        errors: list[str] = []
        finished = [0]

        def read_stdout() -> None:
            for line in process.stdout:  # type: ignore[union-attr]
                lines.append(line)
                if "complete after" in line:  # "Creation/Modifications/Destruction complete after 2s"
                    finished[0] += 1

        def read_stderr() -> None:
            errors.extend(process.stderr)  # type: ignore[union-attr]

        readers = [threading.Thread(target=read_stdout, daemon=True), threading.Thread(target=read_stderr, daemon=True)]
        for reader in readers:
            reader.start()
        began = time.monotonic()
        while True:
            try:
                process.wait(timeout=HEARTBEAT_SECONDS)
                break
            except subprocess.TimeoutExpired:
                done = f", {finished[0]} resources done" if finished[0] else ""
                self.progress.say(f"  {what}: still running ({time.monotonic() - began:.0f}s{done})")
        for reader in readers:
            reader.join()
        result = subprocess.CompletedProcess(command, process.returncode, "".join(lines), "".join(errors))
        if process.returncode != 0:
            raise SlsguardError(self.chain.explain_failure(args, self.env_dir, result))
        return result.stdout

    def init(self) -> None:
        args = ["init", "-input=false", "-no-color", "-reconfigure"]
        if self.target == "aws":
            args.append("-backend-config=backend-aws.hcl")
        self.terraform(args, "init")

    def _vars(self, teardown: bool = False) -> list[str]:
        return ["-var=emulator_teardown=true"] if teardown else []

    def plan(self) -> dict[str, Any]:
        """Plan into plan_file, write its JSON to plan_json, and return it."""
        self.plan_file.parent.mkdir(parents=True, exist_ok=True)
        self.terraform(["plan", "-input=false", "-no-color", f"-out={self.plan_file}"], "plan")
        shown = self.terraform(["show", "-json", str(self.plan_file)], "show")
        self.plan_json.write_text(shown)
        return json.loads(shown)

    def gate(self, plan_json: Path | None = None, output_format: str = "text") -> int:
        """`slsguard check envs/<env> --plan PLAN_JSON`, both engines (slsguard and Checkov); its
        report goes to stdout, its exit code back."""
        command = [sys.executable, "-m", "slsguard", "check", str(ENVS / self.env), "--plan",
                   str(plan_json or self.plan_json), "--format", output_format]
        sys.stdout.flush()
        return subprocess.call(command, cwd=REPO)

    def apply_plan(self) -> None:
        self.terraform(["apply", "-input=false", "-no-color", str(self.plan_file)], "apply")

    def pending_changes(self) -> list[str]:
        plan = self.plan()
        return [f"{change['address']} {'/'.join(change['change']['actions'])}"
                for change in plan.get("resource_changes", [])
                if change["change"]["actions"] not in (["no-op"], ["read"])]

    def outputs(self) -> dict[str, Any]:
        shown = self.terraform(["output", "-json", "-no-color"], "output")
        return {name: item["value"] for name, item in json.loads(shown).items()}

    def destroy(self) -> None:
        """Destroy the environment. On the emulator a protected table is unprotected first; on AWS
        a protected table stops the destroy (turn protection off in config.json and apply first)."""
        protected = self.config()["table"]["deletion_protection"]
        if protected and self.target == "aws":
            raise SlsguardError(
                f"envs/{self.env}/config.json keeps the table's deletion protection on; set "
                "table.deletion_protection to false with a reason, apply, then destroy.")
        if protected:
            self.terraform(["apply", "-input=false", "-no-color", "-auto-approve", "-target=module.service.module.orders_table",
                            *self._vars(teardown=True)], "unprotect the table")
        self.terraform(["destroy", "-input=false", "-no-color", "-auto-approve", *self._vars(teardown=protected)],
                       "destroy")


# --- the commands -----------------------------------------------------------------------------------


def emulator_state_file(env: str) -> Path:
    return toolchain.build_dir() / "state" / f"{env}.tfstate"


def _forget_stale_state(state_path: Path, emulator: control.Emulator, progress: Progress) -> None:
    """A local state written against an emulator that has since stopped describes resources that no
    longer exist anywhere; start from an empty state instead of failing on every refresh."""
    marker = state_path.with_suffix(".emulator")
    identity = f"{emulator.pid}:{emulator.port}"
    if state_path.is_file() and marker.is_file() and marker.read_text() != identity:
        progress.say(f"{_label(state_path)} belongs to an emulator that has stopped: starting from an empty state")
        state_path.unlink()
    state_path.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(identity)


def workspace_for(env: str, target: str, progress: Progress) -> Workspace:
    if env not in ENVIRONMENTS:
        raise SlsguardError(f"unknown environment {env!r}; use one of {', '.join(ENVIRONMENTS)}.")
    config = load_config(config_path(env), env)
    root = toolchain.build_dir() / "targets" / target
    if target == "emulator":
        emulator = running_emulator(start=True, progress=progress)
        state_path = emulator_state_file(env)
        _forget_stale_state(state_path, emulator, progress)
        progress.say(f"target: emulator at {emulator.endpoint}, state {_label(state_path)}")
        return Workspace(env, target, root, emulator.aws_env(), state_path=state_path, progress=progress)
    if target == "aws":
        require_aws_credentials(config["region"])
        # Terraform inherits the caller's environment (credentials, profile) unchanged.
        return Workspace(env, target, root, {}, progress=progress)
    raise SlsguardError(f"unknown target {target!r}; use one of {', '.join(TARGETS)}.")


def summarise_plan(plan: dict[str, Any]) -> str:
    counts: dict[str, int] = {}
    for change in plan.get("resource_changes", []):
        actions = change["change"]["actions"]
        if actions in (["no-op"], ["read"]):
            continue
        key = "replace" if set(actions) == {"create", "delete"} else actions[0]
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{count} to {action}" for action, count in sorted(counts.items())) or "no changes"


def plan_and_gate(workspace: Workspace, progress: Progress) -> int:
    with progress.step(f"plan envs/{workspace.env}"):
        plan = workspace.plan()
    progress.say(f"plan: {summarise_plan(plan)} ({_label(workspace.plan_json)})")
    with progress.step("gate: slsguard check"):
        verdict = workspace.gate()
    return verdict


def run(action: str, env: str, target: str) -> int:
    progress = Progress()
    with progress.step(f"validate envs/{env}/config.json"):
        load_config(config_path(env), env)
    if action == "validate":
        return 0
    workspace = workspace_for(env, target, progress)
    with progress.step("prepare the working copy and the function zip"):
        workspace.prepare()
    with progress.step("terraform init"):
        workspace.init()
    if action == "plan":
        with progress.step(f"plan envs/{env}"):
            plan = workspace.plan()
        progress.say(f"plan: {summarise_plan(plan)}; saved as {_label(workspace.plan_file)} and "
                     f"{_label(workspace.plan_json)}")
        return 0
    if action == "check":
        verdict = plan_and_gate(workspace, progress)
        progress.say(f"gate verdict: exit {verdict}")
        return verdict
    if action == "apply":
        verdict = plan_and_gate(workspace, progress)
        if verdict != 0:
            progress.say(f"apply refused: the gate exited {verdict} "
                         f"({'blocking findings' if verdict == 1 else 'it could not judge the plan'})")
            return 1
        with progress.step(f"apply the checked plan to {target}"):
            workspace.apply_plan()
        return 0
    if action == "destroy":
        with progress.step(f"destroy envs/{env} on {target}"):
            workspace.destroy()
        return 0
    raise SlsguardError(f"unknown action {action!r}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="envctl.py", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["validate", "plan", "check", "apply", "destroy"])
    parser.add_argument("env", choices=ENVIRONMENTS)
    parser.add_argument("--target", choices=TARGETS, default="emulator")
    args = parser.parse_args(argv)
    try:
        return run(args.action, args.env, args.target)
    except SlsguardError as error:
        print(f"envctl: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
