"""Regenerate the committed plan.json of every gate fixture root with real, offline terraform.

Usage: ``.venv/bin/python tests/gate/regenerate.py [FIXTURE_DIR...]`` (default: every fixture, about
7 minutes). Each fixture (a directory under tests/gate/fixtures holding main.tf: the stack and every
rule's ``bad/`` and ``good/`` root, a terraform.tfstate beside main.tf being the prior state) is copied to a temporary
directory with ``providers.tf`` injected unless it configures the provider itself (a second Region, ``aws.dr``,
when it uses one), then init/plan/show run through
the project toolchain. The JSON is normalised (no timestamp) so unchanged fixtures give no diff.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from slsguard import toolchain

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROVIDERS = FIXTURES / "providers.tf.txt"
PROVIDERS_TWO_REGIONS = FIXTURES / "providers-two-regions.tf.txt"  # for roots that use aws.dr
SHARED_MODULES = FIXTURES / "_modules"  # small modules the fixtures call, written the way teams write them
# Beside each plan.json: the digest of what it was planned from, so a stale plan is refused fast.
INPUTS_DIGEST = "plan.inputs.sha256"
_NOT_INPUTS = {"plan.json", "expected.yaml", "gate-config.yaml", INPUTS_DIGEST}
VOLATILE_KEYS = ("timestamp",)
_SHARED_CALL = re.compile(r'"(?:\.\./)+' + SHARED_MODULES.name + r'/([A-Za-z0-9_-]+)"')


def fixture_dirs() -> list[Path]:
    return sorted(path.parent for path in FIXTURES.rglob("main.tf")
                  if not {"modules", SHARED_MODULES.name} & set(path.relative_to(FIXTURES).parts))


def plan_fixture(fixture: Path, tools: toolchain.Toolchain | None = None) -> dict[str, Any]:
    """Plan a fixture root in a scratch copy and return the normalised plan JSON."""
    tools = tools or toolchain.default()
    with tempfile.TemporaryDirectory(prefix="slsguard-fixture-") as scratch:
        # Same place relative to the shared modules, which fixtures call as ../../_modules/<name>.
        root = Path(scratch) / fixture.relative_to(FIXTURES)
        shutil.copytree(fixture, root, ignore=shutil.ignore_patterns("plan.json", ".terraform*"))
        shutil.copytree(SHARED_MODULES, Path(scratch) / SHARED_MODULES.name)
        injected = injected_providers(fixture)
        if injected is not None:
            shutil.copyfile(injected, root / "providers.tf")
        (root / "function.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip archive
        tools.run(["init", "-input=false", "-no-color", "-backend=false"], cwd=root)
        tools.run(["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=plan.tfplan"], cwd=root)
        shown = tools.run(["show", "-json", "plan.tfplan"], cwd=root)
    plan = json.loads(shown.stdout)
    for key in VOLATILE_KEYS:
        plan.pop(key, None)
    return plan


def injected_providers(fixture: Path) -> Path | None:
    """The provider configuration a fixture root is planned with when it writes none itself."""
    written = "".join(tf.read_text() for tf in fixture.glob("*.tf"))
    if 'provider "aws"' in written:
        return None
    return PROVIDERS_TWO_REGIONS if "aws.dr" in written else PROVIDERS


def inputs_digest(fixture: Path) -> str:
    """SHA-256 over every file the fixture's plan depends on: its own files (modules included),
    the shared modules when it calls them, and the injected provider configuration."""
    files = [path for path in sorted(fixture.rglob("*"))
             if path.is_file() and path.name not in _NOT_INPUTS and ".terraform" not in path.parts]
    files += _shared_modules_called(files)
    files.append(injected_providers(fixture) or PROVIDERS)
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(FIXTURES)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _shared_modules_called(files: list[Path]) -> list[Path]:
    """The files of every shared module the fixture calls (``../../_modules/<name>``), and of
    those they call in turn: adding a shared module re-plans only its callers."""
    called: set[str] = set()
    pending = [path for path in files if path.suffix == ".tf"]
    while pending:
        for name in _SHARED_CALL.findall(pending.pop().read_text(errors="replace")):
            if name not in called and (SHARED_MODULES / name).is_dir():
                called.add(name)
                pending += sorted((SHARED_MODULES / name).rglob("*.tf"))
    return sorted(path for name in called for path in (SHARED_MODULES / name).rglob("*") if path.is_file())


def write(fixture: Path, plan: dict[str, Any]) -> None:
    (fixture / "plan.json").write_text(json.dumps(plan, indent=1, sort_keys=True) + "\n")
    (fixture / INPUTS_DIGEST).write_text(inputs_digest(fixture) + "\n")


def main(argv: list[str]) -> int:
    targets = [Path(arg).resolve() for arg in argv] or fixture_dirs()
    tools = toolchain.default()

    def one(fixture: Path) -> str:
        write(fixture, plan_fixture(fixture, tools))
        return str(fixture.relative_to(FIXTURES))

    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores on the CI machines
        for name in pool.map(one, targets):
            print(f"regenerated {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
