"""A module's native tests run so that every expected failure names the check that failed.

``terraform test`` passes a run with ``expect_failures = [var.x]`` when *any* validation of
``var.x`` fails, and it prints nothing about which one, so a run that breaks two checks at once
hides that one of them is never proven alone. ``strict_copy`` writes a copy of the module whose
tests run every such run on its own (one file each: after a failed run terraform skips the rest
of a file) and without its ``expect_failures``; ``judge`` then reads ``terraform test -json`` and
requires that each such run fails on the objects it names and nothing else, each failure with a
message its check's ``error_message`` produces, and that every validation and precondition of the
module is the only failure of at least one run (so deleting any of them fails a test).

The copy lives at ``<workdir>/modules/<name>`` next to links to the repository's ``tests/mocks``
and ``policies``, so every relative path of the module and its tests resolves as in place. Every
run of the module's tests is ``command = plan`` without references to other runs, which keeps a
run alone equivalent to a run in its file (``strict_copy`` refuses anything else).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from harness import REPO

_TOP_LEVEL_BLOCK = re.compile(r'^([a-z_]+)((?:\s+"[^"]*")*)\s*\{\s*$')
_EXPECT_FAILURES = re.compile(r"^\s*expect_failures\s*=\s*\[(.*)\]\s*$")
_CHECKED_AT = re.compile(r"This was checked by the (?:validation rule|condition) at ([^:\s]+):(\d+),")


@dataclass
class Expectation:
    """One run that must fail on ``references`` (``var.x``, ``aws_t.n``, ``output.o``) and nothing else."""

    test_file: str
    run: str
    references: list[str]


@dataclass
class StrictCopy:
    module: Path
    expectations: dict[str, Expectation] = field(default_factory=dict)  # copied file name -> expectation
    plain_runs: int = 0


def _blocks(text: str, source: Path) -> list[tuple[str, str, str]]:
    """``(type, first label, text)`` of every top-level block of a ``terraform fmt``-ed file."""
    blocks, lines, start = [], text.splitlines(keepends=True), None
    for number, line in enumerate(lines):
        if start is None:
            match = _TOP_LEVEL_BLOCK.match(line)
            if match:
                start, kind, labels = number, match.group(1), re.findall(r'"([^"]*)"', match.group(2))
            elif line.strip() and not line.lstrip().startswith("#"):
                raise ValueError(f"{source}:{number + 1}: expected a top-level block (is the file terraform fmt-ed?)")
        elif line.rstrip("\n") == "}":
            blocks.append((kind, labels[0] if labels else "", "".join(lines[start:number + 1])))
            start = None
    if start is not None:
        raise ValueError(f"{source}: unterminated block at line {start + 1}")
    return blocks


def strict_copy(module: Path, workdir: Path) -> StrictCopy:
    """Copy ``module`` into ``workdir`` with every expect_failures run alone in its own test file."""
    target = workdir / "modules" / module.name
    shutil.copytree(module, target, ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*"))
    for shared in ("tests/mocks", "policies"):
        (workdir / shared).parent.mkdir(parents=True, exist_ok=True)
        (workdir / shared).symlink_to(REPO / shared, target_is_directory=True)
    copy = StrictCopy(target)
    for test_file in sorted((target / "tests").glob("*.tftest.hcl")):
        blocks = _blocks(test_file.read_text(encoding="utf-8"), test_file)
        common = "".join(text + "\n" for kind, _, text in blocks if kind != "run")
        kept = []
        for kind, name, text in blocks:
            if kind != "run":
                continue
            if "command = plan" not in text or re.search(r"\brun\.\w", text):
                raise ValueError(f"{test_file.name}: run {name!r} is not a stand-alone plan; the strict copy "
                                 "cannot run it alone")
            expected = [_EXPECT_FAILURES.match(line) for line in text.splitlines()]
            references = [ref.strip() for match in expected if match for ref in match.group(1).split(",") if ref.strip()]
            if not references:
                kept.append(text)
                copy.plain_runs += 1
                continue
            alone = f"{test_file.name.removesuffix('.tftest.hcl')}.{name}.tftest.hcl"
            body = "".join(line for line, match in zip(text.splitlines(keepends=True), expected) if not match)
            (test_file.parent / alone).write_text(common + body, encoding="utf-8")
            copy.expectations[alone] = Expectation(test_file.name, name, references)
        test_file.write_text(common + "\n".join(kept), encoding="utf-8")
    return copy


def _owner(module: Path, file: str, line: int) -> str:
    """The object whose validation or precondition is at ``file:line``: ``var.x``, ``aws_t.n``, ..."""
    owner = None
    for number, text in enumerate((module / file).read_text(encoding="utf-8").splitlines(), start=1):
        if number > line:
            break
        match = _TOP_LEVEL_BLOCK.match(text)
        if match:
            labels = re.findall(r'"([^"]*)"', match.group(2))
            owner = {"variable": f"var.{labels[0]}" if labels else None,
                     "resource": ".".join(labels), "data": "data." + ".".join(labels),
                     "output": f"output.{labels[0]}" if labels else None,
                     "check": f"check.{labels[0]}" if labels else None}.get(match.group(1))
    return owner or f"{file}:{line}"


_CHECK_BLOCK = re.compile(r"^\s*(validation|precondition|postcondition)\s*\{\s*$")


def _checks(module: Path) -> list[tuple[str, int]]:
    """``(file, line)`` of every validation, precondition and postcondition block of the module."""
    return [(path.name, number) for path in sorted(module.glob("*.tf"))
            for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if _CHECK_BLOCK.match(text)]


def _check_block(module: Path, file: str, line: int) -> tuple[str, int]:
    """The check block that holds ``file:line`` (a validation's own line, a condition's line)."""
    lines = (module / file).read_text(encoding="utf-8").splitlines()
    for number in range(line, 0, -1):
        if _CHECK_BLOCK.match(lines[number - 1]):
            return file, number
    raise AssertionError(f"{file}:{line} is in no validation or precondition block")


def _message_pattern(module: Path, file: str, line: int) -> re.Pattern[str]:
    """The ``error_message`` of the check block at ``file:line``, as a pattern whose
    interpolations match anything."""
    for text in (module / file).read_text(encoding="utf-8").splitlines()[line:]:
        match = re.match(r'\s*error_message\s*=\s*"(.*)"\s*$', text)
        if match:
            template = match.group(1).replace("$${", "\x00")
            parts = re.split(r"\$\{(?:[^{}]|\{[^{}]*\})*\}", template)
            literal = [re.escape(json.loads(f'"{part}"').replace("\x00", "${")) for part in parts]
            return re.compile(".*".join(literal), re.S)
    raise AssertionError(f"{file}:{line}: no error_message in the check")


def _checked_at(diagnostic: dict) -> tuple[str, int] | None:
    """Where the failed check is: a validation names its rule in the detail, a precondition's
    range is its condition in the module's own ``.tf`` file."""
    checked = _CHECKED_AT.search(diagnostic.get("detail", ""))
    if checked:
        return checked.group(1), int(checked.group(2))
    where = diagnostic.get("range") or {}
    if where.get("filename", "").endswith(".tf") and "/" not in where["filename"]:
        return where["filename"], where["start"]["line"]
    return None


def judge(copy: StrictCopy, output: str) -> list[str]:
    """Problems of a ``terraform test -json`` run of a strict copy; empty when it proves what it says."""
    statuses: dict[tuple[str, str], str] = {}
    diagnostics: dict[tuple[str, str], list[dict]] = {}
    for line in output.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        key = (Path(event.get("@testfile", "")).name, event.get("@testrun", ""))
        if event.get("type") == "test_run" and event["test_run"].get("progress") == "complete":
            statuses[key] = event["test_run"]["status"]
        elif event.get("type") == "diagnostic" and event["diagnostic"].get("severity") == "error":
            diagnostics.setdefault(key, []).append(event["diagnostic"])

    problems = []
    proven_alone: set[tuple[str, int]] = set()
    plain = [key for key in statuses if key[0] not in copy.expectations]
    if len(plain) != copy.plain_runs:
        problems.append(f"{copy.plain_runs} runs without expect_failures, terraform reported {len(plain)}")
    problems += [f"{file} run {run!r}: {status}: {[d['summary'] + ': ' + d.get('detail', '') for d in diagnostics.get((file, run), [])]}"
                 for (file, run), status in statuses.items() if file not in copy.expectations and status != "pass"]
    for alone, expectation in copy.expectations.items():
        where = f"{expectation.test_file} run {expectation.run!r}"
        found = diagnostics.get((alone, expectation.run), [])
        if statuses.get((alone, expectation.run)) not in ("error", "fail"):
            problems.append(f"{where}: expected to fail on {expectation.references}, "
                            f"terraform says {statuses.get((alone, expectation.run), 'it never ran')}")
            continue
        owners, checks, messages = [], set(), []
        for diagnostic in found:
            located = _checked_at(diagnostic)
            if located is None:
                owners.append(f"({diagnostic['summary']})")
                continue
            file, line = located
            check = _check_block(copy.module, file, line)
            owners.append(_owner(copy.module, file, line))
            checks.add(check)
            message = diagnostic.get("detail", "").split("\n\nThis was checked by", 1)[0]
            if not _message_pattern(copy.module, *check).fullmatch(message):
                messages.append(f"{message!r} is not the error_message of the check at {check[0]}:{check[1]}")
        expected = {reference.split("[", 1)[0] for reference in expectation.references}
        if not found or set(owners) != expected:
            problems.append(f"{where}: expected failures of exactly {sorted(expected)}, got {sorted(owners)}: "
                            + " | ".join(d.get("detail", d["summary"]) for d in found))
        elif len(checks) == 1:
            proven_alone.update(checks)
        problems += [f"{where}: {text}" for text in messages]
    never_alone = sorted(set(_checks(copy.module)) - proven_alone)
    problems += [f"the check at {file}:{line} ({_owner(copy.module, file, line)}) never fails alone: every run "
                 "that breaks it breaks another check too, so deleting it would leave the tests green"
                 for file, line in never_alone]
    return problems
