"""Rewrite the committed plan.json of the consumer fixture root: ``.venv/bin/python
tests/consumers/regenerate.py``. It is planned in a scratch copy with the offline provider
(conftest.service_root; nothing lands in the checkout) through the project toolchain; the
timestamp is dropped so an unchanged root gives no diff.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import SERVICE, service_root  # noqa: E402
from slsguard.gate.plan import plan_root  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="slsguard-consumer-") as scratch:
        plan = json.loads(plan_root(service_root(Path(scratch) / "service")))
    plan.pop("timestamp", None)
    (SERVICE / "plan.json").write_text(json.dumps(plan, indent=1, sort_keys=True) + "\n")
    print(f"wrote {SERVICE / 'plan.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
