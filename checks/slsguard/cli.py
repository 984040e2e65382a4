"""The ``slsguard`` command line: a thin dispatcher to the subcommands' own ``main``.

Every subcommand module exposes ``main(argv) -> int``. A ``SlsguardError`` anywhere becomes one
sentence on stderr and exit 2; tracebacks are shown only with ``SLSGUARD_DEBUG=1``.
"""

from __future__ import annotations

import importlib
import os
import sys

from slsguard import __version__
from slsguard.errors import SlsguardError

# name -> (module, one-line help). Modules are imported only when their command runs, so that
# `slsguard --help` stays fast and does not need optional dependencies such as moto.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "toolchain": ("slsguard.toolchain", "detect terraform and the provider mirror; print the environment"),
    "emulator": ("slsguard.emulator.control", "start, stop or inspect the local AWS emulator (moto)"),
    "check": ("slsguard.check", "judge a terraform plan against the serverless standard (the gate)"),
    "zip": ("slsguard.packaging", "build a deterministic Lambda zip from a folder; print its base64 SHA-256"),
    "docs": ("slsguard.docs", "write the inputs/outputs tables of module READMEs (--check: fail when stale)"),
}

USAGE = f"""usage: slsguard [--version] [--help] COMMAND [ARGS...]

Serverless guardrails for Terraform.

commands:
{chr(10).join(f"  {name:<12} {help_text}" for name, (_, help_text) in SUBCOMMANDS.items())}

Run `slsguard COMMAND --help` for a command's options.
"""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0 if args else 2
    if args[0] in ("-V", "--version"):
        sys.stdout.write(f"slsguard {__version__}\n")
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        sys.stderr.write(f"slsguard: unknown command {name!r}; run `slsguard --help` for the list.\n")
        return 2
    module = importlib.import_module(SUBCOMMANDS[name][0])
    try:
        return module.main(rest)
    except SlsguardError as error:
        if os.environ.get("SLSGUARD_DEBUG") == "1":
            raise
        sys.stderr.write(f"slsguard {name}: {error}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("slsguard: interrupted.\n")
        return 130
