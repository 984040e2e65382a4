"""Static tier: module rules refuse a fault that is known at plan even beside unknown values.

``alltrue()`` returns unknown at the first unknown element, so terraform defers the whole rule to
apply: ``users = [module.worker.role_arn, "*"]`` passed the plan while ``["*", role_arn]`` was
refused. ``anytrue()`` looks at every known element, so module rules are written as "no element
breaks it": ``!anytrue([for ok in LIST : !ok])`` or ``!anytrue([for x in X : !rule(x)])``. The plan
tier (tests/plan/test_unknown_siblings.py) proves the behaviour with real unknown values.
"""

from __future__ import annotations

import re

import pytest

from harness import discovery

pytestmark = pytest.mark.static

ALLTRUE = re.compile(r"(?<![A-Za-z0-9_])alltrue\(")


def test_module_rules_do_not_use_alltrue():
    offenders = [f"{discovery.label(path)}:{number}" for module in discovery.modules()
                 for path in sorted(module.glob("*.tf"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if ALLTRUE.search(line) and not line.lstrip().startswith("#")]
    assert not offenders, f"alltrue() defers a rule to apply as soon as one element is unknown: {offenders}"
