"""`make test`, the README's test command that .ci/run calls, runs every test: the emulator tier in a
session of its own (more workers, it mostly waits) beside one session of every other tier."""

from __future__ import annotations

import re
import subprocess

from harness import REPO


def test_the_two_sessions_select_every_test_once():
    recipe = subprocess.run(["make", "-n", "test", "STAMP="], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout
    sessions = re.findall(r"-m pytest (.*?) tests[;\s]", recipe)
    assert len(sessions) == 2, recipe
    markers = sorted(re.search(r'-m ("[^"]+"|\S+)', session).group(1).strip('"') for session in sessions)
    assert markers == ["emulator", "not emulator"]  # complements: no test in neither, none in both
    assert not [s for s in sessions if re.search(r"(^|\s)(-k|--deselect|--ignore)", s)]
    assert "wait $emulator" in recipe and "test $others -eq 0 && test $emulated -eq 0" in recipe
    assert "make test" in (REPO / ".ci" / "run").read_text()
