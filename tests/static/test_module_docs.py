"""Static tier: every module README carries the current generated Inputs/Outputs tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import discovery
from slsguard import docs

pytestmark = pytest.mark.static


@pytest.mark.parametrize("module", discovery.modules(), ids=discovery.label)
def test_module_readme_is_current(module: Path):
    readme = module / "README.md"
    expected = docs.updated_readme(readme, docs.render(*docs.read_module(module)))
    assert readme.read_text(encoding="utf-8") == expected, (
        f"{discovery.label(readme)} is out of date: run `make docs` (slsguard docs {discovery.label(module)})"
    )
