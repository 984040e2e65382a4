"""Static tier: the "how to add" checklists in docs/ hold for everything that exists, so a page
that drifts from the layout fails here, and every failure names the page to read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import REPO, discovery, scenarios

pytestmark = pytest.mark.static

MODULE_PAGE = "docs/adding-a-module.md"
RULE_PAGE = "docs/adding-a-rule.md"
SHARED_MOCKS = 'source          = "../../tests/mocks/aws"'
RULE_FILE = re.compile(r"sls_([a-z]{3})_(\d{3})_\w+\.py")


def rule_files() -> dict[str, Path]:
    """Rule id -> its module, from the file names the rule page prescribes."""
    found = {}
    for path in sorted((REPO / "checks" / "slsguard" / "rules").glob("*/sls_*.py")):
        match = RULE_FILE.fullmatch(path.name)
        assert match, f"{path.relative_to(REPO)} is not named sls_<family>_<nnn>_<what>.py: see {RULE_PAGE}"
        found[f"SLS-{match.group(1).upper()}-{match.group(2)}"] = path
    return found


@pytest.mark.parametrize("page", [MODULE_PAGE, RULE_PAGE])
def test_pages_exist_and_name_only_paths_that_exist(page: str):
    text = (REPO / page).read_text(encoding="utf-8")
    concrete = [path for path in re.findall(r"`((?:modules|tests|checks|policies|docs)/[^`<>*\s]+)`", text)]
    assert concrete, f"{page} names no path of the repository"
    missing = [path for path in concrete if not (REPO / path).exists()]
    assert not missing, f"{page} names paths that do not exist: {missing}"


@pytest.mark.parametrize("module", discovery.modules(), ids=discovery.label)
def test_every_module_follows_the_module_checklist(module: Path):
    name = module.name
    problems = [f"no {file}" for file in ("main.tf", "variables.tf", "outputs.tf", "versions.tf")
                if not (module / file).is_file()]
    readme = module / "README.md"
    if not (readme.is_file() and "<!-- BEGIN_TF_DOCS -->" in readme.read_text(encoding="utf-8")):
        problems.append("no README.md with generated tables")
    if not any((module / "examples" / "complete").glob("*.tf")):
        problems.append("no examples/complete")
    test_files = sorted((module / "tests").glob("*.tftest.hcl"))
    if not test_files:
        problems.append("no tests/*.tftest.hcl")
    problems += [f"{path.relative_to(module)} does not take the shared mocks ({SHARED_MOCKS})"
                 for path in test_files if SHARED_MOCKS not in path.read_text(encoding="utf-8")]
    if not list((scenarios.FOLDER / name).glob("*.yaml")):
        problems.append(f"no plan scenario in {scenarios.FOLDER.relative_to(REPO)}/{name}/")
    emulator_test = REPO / "tests" / "emulator" / f"test_{name.replace('-', '_')}.py"
    if not emulator_test.is_file():
        problems.append(f"no {emulator_test.relative_to(REPO)}")
    assert not problems, f"modules/{name}: {'; '.join(problems)}. See {MODULE_PAGE}"


def test_every_rule_follows_the_rule_checklist():
    rules = rule_files()
    assert rules, f"no rule modules found where {RULE_PAGE} says they are"
    catalogue = (REPO / "policies" / "gate-rules.md").read_text(encoding="utf-8")
    fixtures = REPO / "tests" / "gate" / "fixtures"
    problems = []
    for rule_id in rules:
        if f"| {rule_id} |" not in catalogue:
            problems.append(f"{rule_id} is not in policies/gate-rules.md")
        problems += [f"{rule_id} has no {kind} fixture plan" for kind in ("bad", "good")
                     if not (fixtures / rule_id / kind / "plan.json").is_file()]
    orphans = sorted(path.name for path in fixtures.glob("SLS-*") if path.name not in rules)
    if orphans:
        problems.append(f"fixtures of no rule module: {orphans}")
    assert not problems, f"{'; '.join(problems)}. See {RULE_PAGE}"
