"""Write (or check) the IAM knowledge the lambda-function module reads at plan time.

The module refuses ``extra_policy_statements`` whose action wildcards expand to write or
permissions-management actions, the same judgement as the gate (``iamdb.wildcard_risk``). It reads
the gate's compact table through this generated file, so both use one source:
checks/slsguard/gate/iam_actions.json.

    python scripts/module_iam_data.py          # rewrite modules/lambda-function/iam_write_actions.json
    python scripts/module_iam_data.py --check  # exit 1 when the committed file is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from slsguard.gate import iamdb

OUTPUT = Path(__file__).resolve().parents[1] / "modules" / "lambda-function" / "iam_write_actions.json"


def module_data() -> dict[str, object]:
    """Service prefix -> its write and permissions-management action names, space separated
    (every service of the table is listed, so the module can tell an unknown service apart)."""
    risky: dict[str, list[str]] = {}
    for action in iamdb.expand("*"):
        prefix, name = action.name.split(":", 1)
        names = risky.setdefault(prefix.lower(), [])
        if action.access_level in iamdb.RISKY_LEVELS:
            names.append(name)
    services = {prefix: " ".join(sorted(names)) for prefix, names in sorted(risky.items())}
    return {
        "_source": "generated from checks/slsguard/gate/iam_actions.json by `make module-iam-data`; do not edit",
        "services": services,
    }


def rendered() -> str:
    return json.dumps(module_data(), indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when the file is stale")
    args = parser.parse_args(argv)
    if args.check:
        if not OUTPUT.is_file() or OUTPUT.read_text(encoding="utf-8") != rendered():
            print(f"{OUTPUT} is stale: run `make module-iam-data`", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(rendered(), encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
