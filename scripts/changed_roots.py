#!/usr/bin/env python3
"""Which Terraform roots a change touches, and the checks pre-commit runs on them.

    changed_roots.py envs [--base REF --head REF] [--github-output FILE] [PATH ...]
        print (or write as `envs=<json>` to FILE) the names of the environments under envs/ that
        the changed paths affect; the pull-request workflow uses it as its matrix.
    changed_roots.py validate PATH ...
        `terraform init -backend=false` + `terraform validate` of every module, example or
        environment root that contains a changed .tf file (pre-commit hook).
    changed_roots.py check PATH ...
        `slsguard check ROOT --no-checkov` on every changed environment root (pre-commit hook).

An environment is a folder under envs/ with .tf files. Changes to the modules, the policies or the
gate itself can change any environment's verdict, so they select every environment.
Every terraform command goes through `slsguard toolchain` (provider mirror, plugin cache).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENVS = REPO / "envs"
# Roots validated by the pre-commit hook: the same set as the static test tier.
VALIDATED_TOP_DIRS = ("modules", "envs")
# Paths whose change can alter the plan or the verdict of every environment.
SHARED_INPUTS = ("modules/", "policies/", "checks/", "requirements/", "pyproject.toml")
VENV_BIN = REPO / ".venv" / "bin"


def _has_terraform(directory: Path) -> bool:
    return directory.is_dir() and any(directory.glob("*.tf"))


def env_roots() -> list[Path]:
    """Every environment root under envs/ (folders with .tf files, outside .terraform)."""
    if not ENVS.is_dir():
        return []
    found = {path.parent for path in ENVS.rglob("*.tf") if ".terraform" not in path.parts}
    return sorted(found)


def _relative(path: str) -> str:
    """A repository-relative POSIX path; paths outside the repository are an error."""
    absolute = (REPO / path).resolve() if not os.path.isabs(path) else Path(path).resolve()
    try:
        return absolute.relative_to(REPO).as_posix()
    except ValueError:
        raise SystemExit(f"changed_roots: {path} is outside the repository {REPO}") from None


def changed_envs(paths: Iterable[str]) -> list[str]:
    relative = [_relative(path) for path in paths]
    roots = env_roots()
    if any(path.startswith(SHARED_INPUTS) for path in relative):
        selected = roots
    else:
        selected = [
            root for root in roots
            if any((REPO / path).resolve().is_relative_to(root) for path in relative)
        ]
    return [root.relative_to(ENVS).as_posix() for root in selected]


def changed_validation_roots(paths: Iterable[str]) -> list[Path]:
    roots = set()
    for path in paths:
        relative = _relative(path)
        if not relative.endswith(".tf") or not relative.startswith(tuple(f"{d}/" for d in VALIDATED_TOP_DIRS)):
            continue
        directory = (REPO / relative).parent
        if ".terraform" not in directory.parts and _has_terraform(directory):
            roots.add(directory)
    return sorted(roots)


def _git_changed(base: str, head: str) -> list[str]:
    result = subprocess.run(
        ["git", "diff", "--name-only", "--no-renames", f"{base}...{head}"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"changed_roots: git diff {base}...{head} failed: {result.stderr.strip()}")
    return [line for line in result.stdout.splitlines() if line]


def _tool(name: str) -> str:
    """A tool installed in the project's .venv (pre-commit hooks run outside it)."""
    path = VENV_BIN / name
    if not path.is_file():
        raise SystemExit(f"changed_roots: {path} is missing; run `make setup`")
    return str(path)


def _run(command: list[str], env: dict[str, str] | None = None) -> int:
    print("+", " ".join(command), flush=True)
    return subprocess.call(command, cwd=REPO, env=env)


def validate(paths: list[str]) -> int:
    failures = 0
    slsguard = _tool("slsguard")
    for root in changed_validation_roots(paths):
        label = root.relative_to(REPO).as_posix()
        # A data dir per root under build/, so hooks never leave .terraform folders in the tree.
        env = {**os.environ, "TF_DATA_DIR": str(REPO / "build" / "pre-commit" / label.replace("/", "__"))}
        terraform = [slsguard, "toolchain", "exec", "--", f"-chdir={root}"]
        if _run([*terraform, "init", "-backend=false", "-input=false", "-no-color"], env) != 0 or \
                _run([*terraform, "validate", "-no-color"], env) != 0:
            print(f"changed_roots: terraform validate failed for {label}", file=sys.stderr)
            failures += 1
    return 1 if failures else 0


def check(paths: list[str]) -> int:
    worst = 0
    slsguard = _tool("slsguard")
    for name in changed_envs(paths):
        worst = max(worst, _run([slsguard, "check", f"envs/{name}", "--no-checkov"]))
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="changed_roots.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    envs = sub.add_parser("envs", help="environments affected by the changed paths")
    envs.add_argument("--base", help="git ref: with --head, take the changed paths from git diff BASE...HEAD")
    envs.add_argument("--head")
    envs.add_argument("--github-output", type=Path, help="append envs=<json list> to this file")
    envs.add_argument("paths", nargs="*")
    for name in ("validate", "check"):
        sub.add_parser(name).add_argument("paths", nargs="*")
    args = parser.parse_args(argv)

    if args.command == "envs":
        if bool(args.base) != bool(args.head):
            parser.error("--base and --head go together")
        paths = _git_changed(args.base, args.head) if args.base else args.paths
        selected = changed_envs(paths)
        if args.github_output:
            with args.github_output.open("a") as output:
                output.write(f"envs={json.dumps(selected)}\n")
        print(json.dumps(selected))
        return 0
    if args.command == "validate":
        return validate(args.paths)
    return check(args.paths)


if __name__ == "__main__":
    sys.exit(main())
