"""The mutation runner itself: its mutants are real changes, and its oracle kills them."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mutate  # noqa: E402

FUNCTION = ast.parse('''
def judge(value, limit=3):
    """A docstring is never mutated."""
    if value > limit and not value == 7:
        yield f"too big: {value}"
    return "done"
''').body[0]


def test_every_kind_of_site_is_found_and_defaults_are_left_alone():
    kinds = sorted(site.kind for site in mutate.sites(FUNCTION))
    assert kinds == ["boolop", "compare", "compare", "constant", "drop-not", "drop-statement", "empty-string",
                     "negate", "return-none"]


def test_a_mutant_differs_from_the_original_in_one_place():
    site = next(s for s in mutate.sites(FUNCTION) if s.kind == "compare")
    mutated, change = mutate.apply(FUNCTION, site)
    assert change == "Gt -> GtE"
    assert ast.unparse(mutated) == ast.unparse(FUNCTION).replace("value > limit", "value >= limit")


def test_the_fixtures_of_a_rule_kill_its_mutants():
    path = mutate.REPO / "checks/slsguard/rules/data/sls_dat_005_dynamodb_recovery.py"
    results = mutate.run_file(path, lambda rule: mutate.Oracle({rule}), lambda line: None)
    assert len(results) >= 10 and all(r["killed"] for r in results), [r for r in results if not r["killed"]]
