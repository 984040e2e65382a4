"""`make mutate`: mutation testing of the gate's rules and evaluation layer against the fixtures
that are meant to prove them.

Each mutant changes one thing in one function (a comparison, a boolean operator, a negated
condition, a constant, a dropped `yield`/`continue`/`return` value) and swaps that function's code
object in place, so the whole package stays imported and the mutant runs in-process in
milliseconds. A mutant is killed when the oracle notices: for a rule file, that rule's fixtures
(every bad* fixture gives exactly its expected.yaml, every good* fixture and the compliant stack
give no finding of the rule); for the evaluation layer, every rule's fixtures at once. A crash or
a time-out also kills.

Survivors are compared with tests/mutation/survivors.yaml, where each one that is left is
explained (an equivalent mutant, or why no fixture can tell). The run fails on a survivor that
is not listed, and lists entries that no longer survive, so the file stays honest.

    python tests/mutation/mutate.py [--json FILE] [PATH ...]   (default: the rules and the layer)
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import importlib
import io
import json
import resource
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "gate"))

import pytest  # noqa: E402
import yaml  # noqa: E402

from gate_support import (FIXTURES, STACK, bad_fixture_problem, default_config, fixture_config,  # noqa: E402
                          load_fixture_plan)
from slsguard.check import evaluate, exit_code  # noqa: E402
from slsguard.gate import engine  # noqa: E402

PACKAGE = REPO / "checks"
SURVIVORS = Path(__file__).resolve().parent / "survivors.yaml"
DEFAULT_TARGETS = ("checks/slsguard/rules", "checks/slsguard/gate/values.py", "checks/slsguard/gate/wildcard.py",
                   "checks/slsguard/gate/policy.py", "checks/slsguard/gate/providers.py", "checks/slsguard/gate/arn.py")
MUTANT_SECONDS = 60
MEMORY_CAP_BYTES = 4 * 1024 ** 3
# The evaluation layer's own unit tests join the fixtures in judging its mutants (only for those the
# fixtures let through: pytest costs a second or two per run).
LAYER_TESTS = [str(REPO / "tests" / name) for name in ("gate/test_evaluate.py", "gate/test_evaluate_scopes.py",
                                                      "gate/test_evaluate_expressions.py",
                                                      "gate/test_plan_decoding.py",
                                                      "gate/test_hcl.py", "gate/test_policy.py", "gate/test_facts.py",
                                                      "gate/test_statement_conditions.py", "gate/test_without_source.py",
                                                      "tooling/test_policy_eval.py")]


# -- mutations --------------------------------------------------------------------------------------
_SWAPPED_COMPARISONS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
                        ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}


@dataclass(frozen=True)
class Site:
    """One mutation: the path to a node inside a function and what to do to it."""

    line: int
    kind: str
    path: tuple[Any, ...]  # attribute names and list indexes from the function node


def _children(node: ast.AST) -> Iterator[tuple[tuple[Any, ...], ast.AST]]:
    for field, value in ast.iter_fields(node):
        if isinstance(value, ast.AST):
            yield (field,), value
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, ast.AST):
                    yield (field, index), item


def _is_message(node: ast.AST, parents: list[ast.AST]) -> bool:
    """Text meant for people (messages, docstrings): changing it proves nothing about behaviour."""
    for parent in parents[-3:]:
        if isinstance(parent, ast.JoinedStr):
            return True
        if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) and parent.func.attr in (
                "finding", "Unjudgeable", "describe") or isinstance(parent, ast.Call) and isinstance(
                parent.func, ast.Name) and parent.func.id in ("Unjudgeable", "Unevaluable", "SlsguardError",
                                                               "EvalError", "ValueError"):
            return True
        if isinstance(parent, ast.Expr):
            return True  # a docstring
    return False


def sites(function: ast.AST) -> list[Site]:
    found: list[Site] = []

    def visit(node: ast.AST, path: tuple[Any, ...], parents: list[ast.AST]) -> None:
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            found.extend(Site(line, "compare", (*path, index)) for index, op in enumerate(node.ops)
                         if type(op) in _SWAPPED_COMPARISONS)
        elif isinstance(node, ast.BoolOp):
            found.append(Site(line, "boolop", path))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append(Site(line, "drop-not", path))
        elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
            found.append(Site(line, "negate", path))
        elif isinstance(node, ast.Constant) and not _is_message(node, parents):
            if isinstance(node.value, bool) or (isinstance(node.value, (int, float)) and node.value is not None):
                found.append(Site(line, "constant", path))
            elif isinstance(node.value, str) and node.value:
                found.append(Site(line, "empty-string", path))
        elif isinstance(node, (ast.Continue, ast.Break)):
            found.append(Site(line, "drop-statement", path))
        elif isinstance(node, ast.Expr) and isinstance(node.value, (ast.Yield, ast.YieldFrom)):
            found.append(Site(line, "drop-statement", path))
        elif isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and not node.value.value):
            # `return False` (or 0, "") -> `return None` changes nothing a condition can see.
            found.append(Site(line, "return-none", path))
        for step, child in _children(node):
            visit(child, (*path, *step), [*parents, node])

    for step, child in _children(function):
        # Decorators, defaults and annotations live outside the code object the runner swaps.
        if step[0] not in ("decorator_list", "args", "returns"):
            visit(child, step, [function])
    return found


def _resolve(root: ast.AST, path: tuple[Any, ...]) -> tuple[Any, Any, ast.AST]:
    """(container, key, node) of the node at ``path``; a trailing int on a Compare names an op."""
    container: Any = root
    key: Any = None
    node: Any = root
    for step in path:
        container, key = node, step
        node = getattr(node, step) if isinstance(step, str) else node[step]
    return container, key, node


def apply(function: ast.AST, site: Site) -> tuple[ast.AST, str]:
    """A mutated copy of ``function`` and a one-line description of the change."""
    mutated = copy.deepcopy(function)
    if site.kind == "compare":
        _, _, ops = _resolve(mutated, site.path[:-1] + ("ops",))
        old = ops[site.path[-1]]
        ops[site.path[-1]] = _SWAPPED_COMPARISONS[type(old)]()
        return mutated, f"{type(old).__name__} -> {type(ops[site.path[-1]]).__name__}"
    container, key, node = _resolve(mutated, site.path)

    def replace(new: ast.AST) -> None:
        if isinstance(key, int):
            container[key] = new
        else:
            setattr(container, key, new)

    if site.kind == "boolop":
        old_name = type(node.op).__name__
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return mutated, f"{old_name} -> {type(node.op).__name__}"
    if site.kind == "drop-not":
        replace(node.operand)
        return mutated, "not x -> x"
    if site.kind == "negate":
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
        return mutated, "condition negated"
    if site.kind == "constant":
        new_value = (not node.value) if isinstance(node.value, bool) else node.value + 1
        replace(ast.Constant(value=new_value))
        return mutated, f"{node.value!r} -> {new_value!r}"
    if site.kind == "empty-string":
        replace(ast.Constant(value=""))
        return mutated, f"{node.value!r} -> ''"
    if site.kind == "drop-statement":
        replace(ast.Pass())
        return mutated, f"{ast.unparse(node).splitlines()[0][:60]} -> pass"
    if site.kind == "return-none":
        node.value = ast.Constant(value=None)
        return mutated, "return value -> None"
    raise ValueError(site.kind)


# -- swapping code objects ---------------------------------------------------------------------------
def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Module-level functions and methods of module-level classes, by qualified name (``__repr__``
    and its kind are for people reading a debugger, not for the gate's verdicts)."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name not in ("__repr__", "__str__"):
                    yield f"{node.name}.{item.name}", item


def _live_function(module: Any, qualname: str) -> Any:
    owner_name, _, name = qualname.rpartition(".")
    raw = (vars(getattr(module, owner_name)) if owner_name else vars(module)).get(name)
    for unwrap in ("func", "__func__", "fget"):
        raw = getattr(raw, unwrap, raw)
    return getattr(raw, "__wrapped__", raw)


def _compiled(function: ast.AST, freevars: tuple[str, ...], filename: str) -> Any:
    """The code object of ``function`` with exactly ``freevars`` (so it fits the live function)."""
    function = copy.deepcopy(function)
    function.decorator_list = []
    outer = ast.FunctionDef(
        name="__mutant_outer__", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[],
                                                    defaults=[]),
        body=[*(ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=ast.Constant(value=None),
                           lineno=1) for name in freevars), function],
        decorator_list=[], lineno=1)
    module = ast.Module(body=[outer], type_ignores=[])
    ast.fix_missing_locations(module)
    code = compile(module, filename, "exec")
    outer_code = next(c for c in code.co_consts if hasattr(c, "co_name") and c.co_name == "__mutant_outer__")
    return next(c for c in outer_code.co_consts if hasattr(c, "co_name") and c.co_name == function.name)


class _TimedOut(BaseException):
    """Not an Exception: code under test that catches Exception broadly must not swallow it."""


def _alarm(signum: int, frame: Any) -> None:
    raise _TimedOut()


# -- oracles ------------------------------------------------------------------------------------------
class Oracle:
    """The fixtures that prove ``rules`` (every rule when None): a mutant is killed when one fails."""

    def __init__(self, rules: set[str] | None) -> None:
        self.config = default_config()
        self.rules = rules
        every = sorted(engine.rule_ids())
        self.cases: list[tuple[str, Path, dict[str, Any], dict[str, Any]]] = []
        for rule in (sorted(rules) if rules else every):
            for root in sorted((FIXTURES / rule).glob("*")):
                if (root / "plan.json").is_file() and root.name.startswith(("bad", "good")):
                    self.cases.append((rule, root, load_fixture_plan(root), fixture_config(root)))
        self.stack = load_fixture_plan(STACK)

    def _judge(self, plan: dict[str, Any], root: Path, config: dict[str, Any] | None = None) -> tuple[int, engine.Result]:
        # Only the rules under test: a mutant in rule X cannot change what rule Y says.
        config = config or self.config
        if self.rules:
            config = {**config, "rules": {rule: {"enabled": rule in self.rules} for rule in engine.rule_ids()}}
        result = evaluate(copy.deepcopy(plan), root, config, [])
        return exit_code(result), result

    def problem(self) -> str | None:
        for rule, root, plan, config in self.cases:
            code, result = self._judge(plan, root, config)
            if root.name.startswith("bad"):
                problem = bad_fixture_problem(rule, root, code, result)
                if problem:
                    return problem
            elif any(f.rule == rule for f in result.findings):
                return f"{rule}/{root.name} has a finding"
        code, result = self._judge(self.stack, STACK)
        if result.findings:
            return f"the compliant stack has {len(result.findings)} finding(s)"
        if self.rules is None:
            with contextlib.redirect_stdout(io.StringIO()):
                failed = pytest.main([*LAYER_TESTS, "-x", "-q", "-p", "no:cacheprovider"]) != 0
            if failed:
                return "a unit test of the evaluation layer fails"
        return None


def _rule_of(path: Path) -> str | None:
    for loaded in engine.discover():
        if Path(importlib.import_module(loaded.module).__file__).resolve() == path.resolve():
            return loaded.rule.id
    return None


# -- the run ------------------------------------------------------------------------------------------
def python_files(targets: list[str]) -> list[Path]:
    files: list[Path] = []
    for target in targets:
        path = (REPO / target).resolve()
        files.extend(sorted(p for p in path.rglob("*.py") if p.name != "__init__.py") if path.is_dir() else [path])
    return files


def run_file(path: Path, oracle_for: Callable[[str | None], Oracle], log: Callable[[str], None],
             only: set[str] | None = None) -> list[dict[str, Any]]:
    relative = path.relative_to(REPO).as_posix()
    module = importlib.import_module(path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", "."))
    tree = ast.parse(path.read_text(), filename=str(path))
    rule = _rule_of(path)
    oracle = oracle_for(rule)
    if oracle.problem() is not None:
        raise SystemExit(f"mutate: the unmutated code already fails its oracle for {relative}: {oracle.problem()}")
    results = []
    for qualname, function in _functions(tree):
        if only is not None and qualname not in only:
            continue
        live = _live_function(module, qualname)
        if not hasattr(live, "__code__"):
            continue
        original = live.__code__
        for site in sites(function):
            mutated, change = apply(function, site)
            try:
                live.__code__ = _compiled(mutated, original.co_freevars, str(path))
            except (SyntaxError, ValueError):
                continue  # not a valid program (e.g. an empty loop body): not a mutant
            _clear_caches()
            # Then again every second: a test framework that reports the first interruption as a
            # failure and goes on would otherwise run the next endless loop without a deadline.
            signal.setitimer(signal.ITIMER_REAL, MUTANT_SECONDS, 1.0)
            try:
                problem = oracle.problem()
            except _TimedOut:
                problem = "timed out"
            except Exception as error:  # noqa: BLE001 - a crash kills the mutant
                problem = f"{type(error).__name__}"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                live.__code__ = original
            results.append({"file": relative, "function": qualname, "line": site.line, "kind": site.kind,
                            "change": change, "killed": problem is not None})
    _clear_caches()
    alive = sum(not r["killed"] for r in results)
    log(f"  {relative}: {len(results)} mutants, {alive} survived")
    return results


def _clear_caches() -> None:
    """Every lru cache of the package keeps what the previous code computed (rule discovery aside:
    it holds the very functions being mutated)."""
    for name, module in list(sys.modules.items()):
        if name == "slsguard" or name.startswith("slsguard."):
            for value in vars(module).values():
                if hasattr(value, "cache_clear") and value is not engine.discover:
                    value.cache_clear()


def key(result: dict[str, Any]) -> tuple[str, str, str, str]:
    return (result["file"], result["function"], result["kind"], result["change"])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", default=list(DEFAULT_TARGETS))
    parser.add_argument("--json", type=Path, help="write every mutant and its verdict here")
    parser.add_argument("--functions", nargs="+", metavar="QUALNAME",
                        help="mutate only these functions (e.g. Evaluator._binary): a quick re-run after a fix")
    args = parser.parse_args(argv)
    only = set(args.functions) if args.functions else None
    signal.signal(signal.SIGALRM, _alarm)
    # A mutant that loops while allocating (range() with a step that never reaches its end) grew to
    # 15 GB in minutes: with the address space capped it fails with MemoryError instead.
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    cap = MEMORY_CAP_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_CAP_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    oracles: dict[str | None, Oracle] = {}

    def oracle_for(rule: str | None) -> Oracle:
        if rule not in oracles:
            oracles[rule] = Oracle({rule} if rule else None)
        return oracles[rule]

    started = time.perf_counter()
    results: list[dict[str, Any]] = []
    for path in python_files(args.targets):
        results.extend(run_file(path, oracle_for, lambda line: print(line, flush=True), only))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    survivors = [r for r in results if not r["killed"]]
    listed = yaml.safe_load(SURVIVORS.read_text()) or [] if SURVIVORS.is_file() else []
    explained = {(e["file"], e["function"], e["kind"], e["change"]): e for e in listed}
    unexplained = [s for s in survivors if key(s) not in explained]
    checked = {(r["file"], r["function"]) for r in results}
    stale = [e for k, e in explained.items() if k[:2] in checked and k not in {key(s) for s in survivors}]
    print(f"mutate: {len(results)} mutants, {len(results) - len(survivors)} killed, {len(survivors)} survived "
          f"({len(survivors) - len(unexplained)} explained in {SURVIVORS.relative_to(REPO)}) "
          f"in {time.perf_counter() - started:.0f} s")
    for survivor in unexplained:
        print(f"  unexplained survivor: {survivor['file']}:{survivor['line']} {survivor['function']}: "
              f"{survivor['kind']} {survivor['change']}")
    for entry in stale:
        print(f"  listed but killed now (remove it): {entry['file']} {entry['function']}: {entry['change']}")
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
