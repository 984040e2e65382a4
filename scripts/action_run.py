#!/usr/bin/env python3
"""The logic of the slsguard GitHub Action (action.yml), kept here so that it runs and is tested
outside GitHub. Standard library only: it runs on the runner's python3 before slsguard exists.

    action_run.py install   create a virtual environment and pip-install slsguard[checkov] from the
                            action's own checkout (ACTION_PATH), pinned by its constraints.txt
    action_run.py run       slsguard check with the action's inputs; reports, job summary, outputs

Inputs arrive as environment variables set by action.yml (never interpolated into the script):
SLSGUARD_ROOT_DIR, SLSGUARD_PLAN, SLSGUARD_CONFIG, SLSGUARD_WAIVERS, SLSGUARD_FORMATS,
SLSGUARD_REPORT_DIR, SLSGUARD_CHECKOV, SLSGUARD_VENV. GitHub's own files (GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY) are written when set. Exit codes of `run`: 0 when the gate could judge the
plan, whatever the verdict (the action fails the job in a later step, after uploading SARIF);
2 when it could not judge, or an input is wrong.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

# Report formats the action writes, and the file name of each under the report folder. SARIF and
# Markdown are always written: the upload step and the job summary read them.
REPORT_FILES = {"sarif": "slsguard.sarif", "markdown": "slsguard.md", "json": "slsguard.json",
                "junit": "slsguard-junit.xml", "text": "slsguard.txt"}
ALWAYS = ("sarif", "markdown")


class InputError(Exception):
    """A wrong input: one sentence for the workflow log."""


def _setting(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _flag(name: str, default: bool) -> bool:
    text = _setting(name, "true" if default else "false").lower()
    if text not in ("true", "false"):
        raise InputError(f"{name} must be true or false, not {text!r}")
    return text == "true"


def venv_dir() -> Path:
    runner_temp = os.environ.get("RUNNER_TEMP")
    default = Path(runner_temp) / "slsguard-venv" if runner_temp else Path(".slsguard-venv")
    return Path(_setting("SLSGUARD_VENV", str(default)))


def install() -> int:
    action_path = Path(_setting("ACTION_PATH", str(Path(__file__).resolve().parents[1])))
    if not (action_path / "pyproject.toml").is_file():
        raise InputError(f"ACTION_PATH {action_path} is not a slsguard checkout (no pyproject.toml)")
    target = venv_dir()
    venv.EnvBuilder(with_pip=True, symlinks=True, clear=True).create(target)
    requirement = f"{action_path}[checkov]" if _flag("SLSGUARD_CHECKOV", True) else str(action_path)
    # The constraints pin every dependency to the versions this ref was tested with.
    subprocess.run([str(target / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-c", str(action_path / "requirements" / "constraints.txt"), requirement], check=True)
    print(f"slsguard installed in {target}")
    return 0


def _formats() -> list[str]:
    requested = [word for word in re.split(r"[\s,]+", _setting("SLSGUARD_FORMATS", "sarif markdown")) if word]
    unknown = sorted(set(requested) - set(REPORT_FILES))
    if unknown:
        raise InputError(f"unknown report format(s) {', '.join(unknown)}; choose from {', '.join(REPORT_FILES)}")
    return [*ALWAYS, *(kind for kind in dict.fromkeys(requested) if kind not in ALWAYS)]


def _existing(name: str, what: str, kind: str) -> Path | None:
    text = _setting(name)
    if not text:
        return None
    path = Path(text)
    if not (path.is_dir() if kind == "dir" else path.is_file()):
        raise InputError(f"{what} {text} does not exist")
    return path


def _write_outputs(outputs: dict[str, str]) -> None:
    github_output = os.environ.get("GITHUB_OUTPUT")
    lines = [f"{key}={value}" for key, value in outputs.items()]
    if github_output:
        with open(github_output, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def run() -> int:
    root_dir = _existing("SLSGUARD_ROOT_DIR", "root-dir", "dir") or Path(".")
    plan = _existing("SLSGUARD_PLAN", "plan", "file")
    config = _existing("SLSGUARD_CONFIG", "config", "file")
    waivers = _existing("SLSGUARD_WAIVERS", "waivers", "file")
    report_dir = Path(_setting("SLSGUARD_REPORT_DIR", "slsguard-reports"))
    reports = {kind: report_dir / REPORT_FILES[kind] for kind in _formats()}
    slsguard = venv_dir() / "bin" / "slsguard"
    if not slsguard.is_file():
        raise InputError(f"slsguard is not installed at {slsguard}; run `action_run.py install` first")

    # Without a plan, slsguard plans root-dir itself (terraform from PATH, credentials from the job).
    command = [str(slsguard), "check", str(root_dir), "--format", "github"]
    for option, value in (("--plan", plan), ("--config", config), ("--waivers", waivers)):
        if value is not None:
            command += [option, str(value)]
    if not _flag("SLSGUARD_CHECKOV", True):
        command.append("--no-checkov")
    for kind, path in reports.items():
        command += ["--report", f"{kind}={path}"]
    verdict = subprocess.run(command, check=False).returncode

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and reports["markdown"].is_file():
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(f"### slsguard check: `{root_dir}`\n\n{reports['markdown'].read_text(encoding='utf-8')}\n")
    written = {kind: str(path) for kind, path in reports.items() if path.is_file()}
    _write_outputs({"verdict": str(verdict), "sarif": written.get("sarif", ""),
                    "markdown": written.get("markdown", ""), "reports": json.dumps(written, sort_keys=True)})
    if verdict not in (0, 1):
        print(f"::error::slsguard check could not judge {root_dir} (exit {verdict})")
        return 2
    return 0


def main(argv: list[str]) -> int:
    commands = {"install": install, "run": run}
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: action_run.py {{{'|'.join(commands)}}}", file=sys.stderr)
        return 2
    try:
        return commands[argv[0]]()
    except InputError as error:
        print(f"::error::slsguard action: {error}.")
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
