"""The strict native-test judge (harness.native) on a tiny module and hand-written terraform
events: it fails a run that trips another object's check or fails with a message that is not the
check's own, a check that never fails alone, and a plain run that does not pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import native

VARIABLES = '''variable "size" {
  type = number

  validation {
    condition     = var.size > 0
    error_message = "size must be positive, got ${var.size}."
  }

  validation {
    condition     = var.size < 10
    error_message = "size must stay below 10."
  }
}

variable "name" {
  type = string

  validation {
    condition     = length(var.name) > 0
    error_message = "name must not be empty."
  }
}
'''
TESTS = '''variables {
  size = 1
  name = "x"
}

run "plain" {
  command = plan
}
''' + "".join(f'''
run "{run}" {{
  command = plan
  variables {{
    {assignment}
  }}
  expect_failures = [{reference}]
}}
''' for run, assignment, reference in (("rejects_zero", "size = 0", "var.size"), ("rejects_ten", "size = 10", "var.size"),
                                       ("rejects_empty_name", 'name = ""', "var.name")))
POSITIVE, BELOW_TEN, NAME = ("size must be positive, got 0.", 4), ("size must stay below 10.", 9), ("name must not be empty.", 19)


@pytest.fixture
def copy(tmp_path: Path) -> native.StrictCopy:
    module = tmp_path / "src" / "tiny"
    (module / "tests").mkdir(parents=True)
    (module / "variables.tf").write_text(VARIABLES)
    (module / "tests" / "main.tftest.hcl").write_text(TESTS)
    return native.strict_copy(module, tmp_path / "copy")


def judge(copy: native.StrictCopy, plain: str = "pass", **runs: list[tuple[str, int]]) -> list[str]:
    """Judge terraform -json events: the plain run's status, and per expect_failures run its
    failures as (message, validation line); a run given no failures passed."""
    events = [{"type": "test_run", "@testfile": "tests/main.tftest.hcl", "@testrun": "plain",
               "test_run": {"progress": "complete", "status": plain}}]
    for run, failures in runs.items():
        for message, line in failures:
            events.append({"type": "diagnostic", "@testfile": f"tests/main.{run}.tftest.hcl", "@testrun": run,
                           "diagnostic": {"severity": "error", "summary": "Invalid value for variable",
                                          "detail": f"{message}\n\nThis was checked by the validation rule at "
                                                    f"variables.tf:{line},3-13."}})
        events.append({"type": "test_run", "@testfile": f"tests/main.{run}.tftest.hcl", "@testrun": run,
                       "test_run": {"progress": "complete", "status": "error" if failures else "pass"}})
    return native.judge(copy, "\n".join(json.dumps(event) for event in events))


def test_the_copy_runs_each_expected_failure_alone_without_expect_failures(copy):
    alone = copy.module / "tests" / "main.rejects_zero.tftest.hcl"
    assert alone.is_file() and "expect_failures" not in alone.read_text() and "size = 0" in alone.read_text()
    assert 'run "rejects_zero"' not in (copy.module / "tests" / "main.tftest.hcl").read_text()
    assert copy.plain_runs == 1 and copy.expectations["main.rejects_zero.tftest.hcl"].references == ["var.size"]


def test_every_check_failing_alone_with_its_message_passes(copy):
    assert judge(copy, rejects_zero=[POSITIVE], rejects_ten=[BELOW_TEN], rejects_empty_name=[NAME]) == []


def test_a_run_may_break_two_checks_of_its_object_but_each_check_must_also_fail_alone(copy):
    found = judge(copy, rejects_zero=[POSITIVE, BELOW_TEN], rejects_ten=[BELOW_TEN], rejects_empty_name=[NAME])
    assert len(found) == 1 and "the check at variables.tf:4 (var.size) never fails alone" in found[0], found


@pytest.mark.parametrize(("failures", "problem"), [
    ([NAME], "rejects_zero': expected failures of exactly ['var.size'], got ['var.name']"),
    ([POSITIVE, NAME], "rejects_zero': expected failures of exactly ['var.size'], got ['var.name', 'var.size']"),
    ([("something else entirely", 4)], "is not the error_message of the check at variables.tf:4"),
])
def test_failures_of_other_objects_or_with_other_messages_are_problems(copy, failures, problem):
    found = judge(copy, rejects_zero=failures, rejects_ten=[BELOW_TEN], rejects_empty_name=[NAME])
    assert any(problem in text for text in found), found


def test_a_failing_plain_run_and_an_expected_failure_that_passes_are_problems(copy):
    found = judge(copy, plain="fail", rejects_zero=[], rejects_ten=[BELOW_TEN], rejects_empty_name=[NAME])
    assert any("run 'plain': fail" in text for text in found), found
    assert any("expected to fail on ['var.size'], terraform says pass" in text for text in found), found


def test_runs_that_never_ran_are_problems(copy):
    found = native.judge(copy, "")
    assert any("1 runs without expect_failures, terraform reported 0" in text for text in found), found
    assert any("it never ran" in text for text in found), found
