"""Checkov started before its input exists: import it (the slow part), then read the plan file's path
from stdin and scan it. ``python -m slsguard.gate.checkov_warm CHECKOV_ARGS...``

The plan is scanned as checkov_shards cuts it: reduced to what the selected checks read, each
distinct module shape once, in shards of a bounded size; the shards run in forked copies of this
process (Checkov is imported once), at most one per core. The output is a JSON list of Checkov's
reports, the failures of each shape's instance repeated for every instance of that shape.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

NOT_FED = 3  # the gate stopped before the plan existed (it failed or was interrupted)
SHARDS_ENV = "SLSGUARD_CHECKOV_SHARDING"  # "off": Checkov scans the plan file as it is (the reference)
CRASHED = 70  # a forked scan died without an exit code of its own


def main() -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=SyntaxWarning)  # as Checkov's own launcher does
        from checkov.main import Checkov

        plan_file = sys.stdin.readline().strip()
        if not plan_file:
            return NOT_FED
        arguments = sys.argv[1:]
        if os.environ.get(SHARDS_ENV) == "off":
            return _run(Checkov, arguments, plan_file)
        return _sharded(Checkov, arguments, Path(plan_file))


def _run(checkov: Any, arguments: list[str], plan_file: str) -> int:
    argv = [*arguments, "-f", plan_file]
    sys.argv = ["checkov", *argv]  # parts of Checkov read sys.argv rather than the argv given
    code = checkov(argv=argv).run()
    return code if isinstance(code, int) else 1


def _sharded(checkov: Any, arguments: list[str], plan_file: Path) -> int:
    import orjson

    from slsguard.gate import checkov_shards

    try:
        plan = orjson.loads(plan_file.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        plan = None
    if not isinstance(plan, dict):  # Checkov reports what it cannot read as a parsing error
        return _run(checkov, arguments, str(plan_file))
    found = checkov_shards.units(plan, checked_types(arguments))
    with tempfile.TemporaryDirectory(prefix="slsguard-checkov-") as scratch:
        files = []
        for number, shard in enumerate(checkov_shards.shard_plans(plan, found)):
            files.append(Path(scratch) / f"shard-{number}.json")
            files[-1].write_bytes(orjson.dumps(shard))
        del plan
        for unit in found:  # only the instance names are needed from here on
            unit.modules, unit.resources, unit.changes = [], [], []
        outputs = _scan_all(checkov, arguments, files)
        reports: list[dict[str, Any]] = []
        for output in outputs:
            document = orjson.loads(output.read_bytes())
            reports += document if isinstance(document, list) else [document]
    failed = False
    for report in reports:
        results = report.get("results")
        if isinstance(results, dict) and isinstance(results.get("failed_checks"), list):
            results["failed_checks"] = checkov_shards.expand(results["failed_checks"], found)
            report.setdefault("summary", {})["failed"] = len(results["failed_checks"])
            failed = failed or bool(results["failed_checks"])
    sys.stdout.buffer.write(orjson.dumps(reports))
    return 1 if failed else 0


def _scan_all(checkov: Any, arguments: list[str], files: list[Path]) -> list[Path]:
    """Each shard in a forked copy of this process, at most one per core; their JSON reports."""
    workers = max(1, min(len(files), len(os.sched_getaffinity(0))))
    running: dict[int, Path] = {}
    outputs = [file.with_suffix(".out") for file in files]
    pending = list(zip(files, outputs))
    while pending or running:
        while pending and len(running) < workers:
            file, output = pending.pop(0)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(checkov, arguments, file, output)
            running[pid] = file
        pid, status = os.wait()
        running.pop(pid, None)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # Checkov broke on a shard: the others' verdicts are not a verdict
            for other in running:
                os.kill(other, 9)
            raise SystemExit(code if code > 0 else CRASHED)
    return outputs


def _child(checkov: Any, arguments: list[str], file: Path, output: Path) -> None:
    code = CRASHED
    try:
        with open(output, "wb") as sink:
            os.dup2(sink.fileno(), 1)
        code = _run(checkov, arguments, str(file))
        sys.stdout.flush()
    finally:
        sys.stderr.flush()
        os._exit(code)


def checked_types(arguments: list[str]) -> set[str] | None:
    """The resource types the checks this run selects read, or None when that is not known for sure
    (a check for every type, a selection by something other than check ids)."""
    import yaml
    from checkov.common.checks_infra.registry import get_graph_checks_registry
    from checkov.terraform.checks.data.registry import data_registry
    from checkov.terraform.checks.resource.registry import resource_registry

    config_file = _option(arguments, "--config-file")
    config = yaml.safe_load(Path(config_file).read_text()) if config_file else {}
    selected = set((config or {}).get("check") or ())
    if not selected or _option(arguments, "--check") or _option(arguments, "--skip-check"):
        return None
    directories = list((config or {}).get("external-checks-dir") or ())
    directories += [value for flag, value in zip(arguments, arguments[1:]) if flag == "--external-checks-dir"]
    graph = get_graph_checks_registry("terraform")
    graph.load_checks()
    for directory in directories:  # both registries keep one check per id: Checkov's own load adds nothing
        resource_registry.load_external_checks(directory)
        graph.load_external_checks(directory)
    types: set[str] = set()
    known: set[str] = set()
    for registry in (resource_registry, data_registry):
        for table in (registry.checks, registry.wildcard_checks):
            for entity, checks in table.items():
                for check in checks:
                    if check.id in selected:
                        known.add(check.id)
                        types.add(entity)
    for check in graph.checks:
        if check.id in selected:
            known.add(check.id)
            types |= _solver_types(check) | set(check.resource_types or ())
    if known != selected or "all" in types or any("*" in t for t in types):
        return None
    return {t.removeprefix("data.") for t in types}


def _solver_types(solver: Any) -> set[str]:
    found = set(getattr(solver, "resource_types", None) or ()) | set(getattr(solver, "connected_resources_types", None) or ())
    for child in getattr(solver, "solvers", None) or ():
        found |= _solver_types(child)
    inner = getattr(solver, "solver", None)
    return found | (_solver_types(inner) if inner is not None else set())


def _option(arguments: list[str], flag: str) -> str | None:
    return next((value for name, value in zip(arguments, arguments[1:]) if name == flag), None)


if __name__ == "__main__":
    code = main()
    # The report is written; tearing down Checkov's thousands of modules and its worker pools
    # takes ~0.8 s that the gate would wait for.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)
