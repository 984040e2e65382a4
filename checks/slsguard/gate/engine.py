"""The rule engine: discovers every rule module under ``slsguard.rules``, runs each once over the
model, and places every finding (of this engine and of Checkov) the same way: blocking by
severity, file and line of the resource, and the caller's ``module`` block when the resource lives in
a module terraform fetched.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from slsguard.errors import SlsguardError
from slsguard.gate.facts import Facts
from slsguard.gate.model import Model
from slsguard.gate.rule import PLAN_ADDRESS, SEVERITIES, Finding, Rule, RuleContext, severity_rank

__all__ = ["PLAN_ADDRESS", "SEVERITIES", "Finding", "Rule", "Result", "discover", "rule_ids", "run",
           "place", "severity_rank"]


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    evaluate: Callable[[RuleContext], Iterable[Finding]]
    module: str


@lru_cache(maxsize=1)
def discover() -> tuple[LoadedRule, ...]:
    """Import every module under ``slsguard.rules`` that defines ``RULE`` and ``evaluate``."""
    import slsguard.rules as package

    loaded: dict[str, LoadedRule] = {}
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        module = importlib.import_module(info.name)
        rule = getattr(module, "RULE", None)
        if not isinstance(rule, Rule):
            continue
        if rule.id in loaded:
            raise RuntimeError(f"rule id {rule.id} is defined twice ({loaded[rule.id].module}, {info.name})")
        loaded[rule.id] = LoadedRule(rule, module.evaluate, info.name)
    return tuple(sorted(loaded.values(), key=lambda item: item.rule.id))


def rule_ids() -> set[str]:
    return {loaded.rule.id for loaded in discover()}


@dataclass
class Result:
    findings: list[Finding]
    evaluated: list[Rule]
    unused_waivers: list[dict[str, Any]] = field(default_factory=list)
    engines: list[str] = field(default_factory=lambda: ["slsguard"])  # the engines that ran


def run(model: Model, config: dict[str, Any], only: set[str] | None = None) -> Result:
    """Evaluate every enabled rule; a rule that crashes is an internal error (exit 2), never a pass."""
    facts = Facts(model, config)
    settings = config.get("rules", {})
    findings: list[Finding] = []
    evaluated: list[Rule] = []
    for loaded in discover():
        rule = loaded.rule
        override = settings.get(rule.id, {})
        if (only is not None and rule.id not in only) or override.get("enabled", True) is False:
            continue
        if "severity" in override:
            rule = rule.with_severity(override["severity"])
        evaluated.append(rule)
        if rule.types and not any(model.has_type(type_) for type_ in rule.types):
            continue  # nothing this rule judges is in the plan
        try:
            findings.extend(loaded.evaluate(RuleContext(rule, facts)))
        except SlsguardError:
            raise
        except Exception as error:  # noqa: BLE001 - any crash must become exit 2, not a pass
            raise SlsguardError(
                f"rule {rule.id} failed on this plan ({type(error).__name__}: {error}); "
                "the plan could not be judged.") from error
    place(findings, model, config)
    findings.sort(key=lambda f: (-severity_rank(f.severity), f.rule, f.address))
    return Result(findings, evaluated)


def place(findings: list[Finding], model: Model, config: dict[str, Any]) -> None:
    """Blocking by the configured threshold; file, line and caller of the resource at fault."""
    threshold = severity_rank(config.get("blocking_severity", "low"))
    for finding in findings:
        finding.blocking = severity_rank(finding.severity) >= threshold
        resource = model.by_address.get(finding.address)
        if resource is None or finding.file is not None:
            continue
        location = model.location(resource)
        if location is not None:
            finding.file, finding.line = location
            finding.caller = model.caller_location(resource)
