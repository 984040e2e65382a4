"""``slsguard check``: judge a Terraform plan against the serverless standard.

Exit 0: no blocking finding. Exit 1: at least one blocking finding. Exit 2: bad input or internal
error, explained in one sentence (the CLI dispatcher prints SlsguardError without a traceback).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from slsguard.errors import SlsguardError
from slsguard.gate import engine, formats, waivers
from slsguard.gate.config import load_config
from slsguard.gate.model import Model
from slsguard.gate.plan import load_plan, plan_root


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit 2 itself; keep one sentence
        raise SlsguardError(f"{message} (see `slsguard check --help`).")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="slsguard check", description=__doc__.splitlines()[0])
    parser.add_argument("root_dir", nargs="?", type=Path, default=Path("."),
                        help="terraform root; planned here unless --plan is given (default: .)")
    parser.add_argument("--plan", type=Path, help="`terraform show -json` output of a saved plan")
    parser.add_argument("--format", choices=sorted(formats.WRITERS), default="text")
    parser.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    parser.add_argument("--config", type=Path, help="gate configuration (YAML/JSON; see policies/schemas)")
    parser.add_argument("--waivers", type=Path, help="waiver file (YAML/JSON; see policies/schemas)")
    parser.add_argument("--no-checkov", action="store_true", help="run only the slsguard engine")
    return parser


def run_external_engines(args: argparse.Namespace, plan: dict[str, Any]) -> list[engine.Finding]:
    """Findings of other engines in the shared schema (field ``engine``), merged into one verdict."""
    if args.no_checkov:
        return []
    raise SlsguardError(
        "the Checkov engine is not integrated yet, so the verdict would be incomplete; "
        "pass --no-checkov to run the slsguard engine alone.")


def evaluate(plan: dict[str, Any], root_dir: Path | None, config: dict[str, Any],
             waiver_list: list[waivers.Waiver], extra: list[engine.Finding] = ()) -> engine.Result:
    result = engine.run(Model(plan, root_dir), config)
    result.findings.extend(extra)
    result.unused_waivers = waivers.apply(result.findings, waiver_list)
    result.findings.extend(waivers.expired_findings(waiver_list))
    return result


def exit_code(result: engine.Result) -> int:
    return 1 if any(f.blocking for f in result.findings) else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.perf_counter()
    if not args.root_dir.is_dir():
        raise SlsguardError(f"ROOT_DIR {args.root_dir} is not a directory.")
    known = engine.rule_ids()
    config = load_config(args.config, known)
    waiver_list = waivers.load(args.waivers, known, config["waiver_max_days"]) if args.waivers else []
    plan = load_plan(args.plan) if args.plan else plan_root(args.root_dir)
    extra = run_external_engines(args, plan)
    result = evaluate(plan, args.root_dir, config, waiver_list, extra)
    code = exit_code(result)
    report = formats.render(args.format, result, code, time.perf_counter() - started,
                            to_terminal=args.output is None and sys.stdout.isatty())
    if args.output:
        try:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(report)
        except OSError as error:
            raise SlsguardError(f"cannot write {args.output}: {error.strerror or error}.") from error
    else:
        sys.stdout.write(report)
    return code
