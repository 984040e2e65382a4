"""The installable gate: the wheel built from this tree, installed with its pinned dependencies
into a fresh virtual environment outside the repository, judges plans exactly as the checkout
does, both engines included (the Checkov policies, configuration, schemas, profiles and rule
catalogue data all come from inside the wheel)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SERVICE, once_per_run
from wheelhouse import REPO, fresh_venv

# long: its fixtures install the package in environments of their own (~50 s).
pytestmark = [pytest.mark.checkov, pytest.mark.long]

CHECKOUT_SLSGUARD = Path(sys.executable).parent / "slsguard"
# A committed plan on which both engines report (Checkov's CKV_SLS_3 merges into SLS-ENC-001).
BOTH_ENGINES_ROOT = REPO / "tests" / "gate" / "fixtures" / "SLS-ENC-001" / "bad"


@pytest.fixture(scope="session")
def installed(consumer_environment: dict[str, str], tmp_path_factory) -> Path:
    """slsguard[checkov] installed from the wheelhouse into a new venv in a temporary folder."""
    def install(folder: Path) -> None:
        bin_dir = fresh_venv(folder)
        subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet",
                        "-c", str(REPO / "requirements" / "constraints.txt"), "slsguard[checkov]"],
                       check=True, env=consumer_environment, timeout=900)

    return once_per_run(tmp_path_factory, "consumer-venv", install) / "bin"


def verdict(slsguard: Path, root: Path, environment: dict[str, str], *options: str) -> tuple[int, list[tuple]]:
    """Exit code and the findings (rule, address, engine, severity, blocking) of one full gate run."""
    result = subprocess.run([str(slsguard), "check", str(root), "--plan", str(root / "plan.json"),
                             "--format", "json", *options],
                            capture_output=True, text=True, env=environment, cwd=root.parent, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    document = json.loads(result.stdout)
    assert document["summary"]["engines"] == ["checkov", "slsguard"]
    return result.returncode, [(f["rule"], f["address"], f["engine"], f["severity"], f["blocking"])
                               for f in document["findings"]]


def test_installed_package_is_not_the_checkout(installed: Path):
    location = subprocess.run([str(installed / "python"), "-c", "import slsguard; print(slsguard.__file__)"],
                              capture_output=True, text=True, check=True).stdout.strip()
    assert "site-packages" in location and not Path(location).is_relative_to(REPO), location
    data = Path(location).parent / "data" / "policies"
    assert (data / "checkov" / "config.yaml").is_file() and not data.is_symlink()


@pytest.mark.parametrize(("root", "options"), [
    (BOTH_ENGINES_ROOT, ()),
    (SERVICE, ("--config", str(SERVICE / "slsguard.yaml"))),
], ids=["both-engines", "service-profile"])
def test_wheel_gives_the_checkouts_verdict(installed: Path, consumer_environment, root: Path, options):
    from_wheel = verdict(installed / "slsguard", root, consumer_environment, *options)
    assert from_wheel == verdict(CHECKOUT_SLSGUARD, root, consumer_environment, *options)
    if root == BOTH_ENGINES_ROOT:
        assert from_wheel[0] == 1 and any(engine == "slsguard+checkov" for _, _, engine, _, _ in from_wheel[1])
    else:
        assert from_wheel == (0, [])


def test_wheel_lists_the_committed_catalogue(installed: Path, consumer_environment):
    listed = subprocess.run([str(installed / "slsguard"), "check", "--list-rules"], capture_output=True, text=True,
                            check=True, env=consumer_environment).stdout
    assert listed == (REPO / "policies" / "gate-rules.md").read_text()
