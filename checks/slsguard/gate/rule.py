"""The rule contract: what a rule declares (``Rule``), what it reports (``Finding``) and what it is
given to judge with (``RuleContext``: the model, the evaluation layer, the shared facts, the config).

A rule is one module under ``slsguard.rules`` with a ``RULE`` and an ``evaluate(ctx)`` generator;
everything the catalogue, the engine table and the Checkov merge say about it comes from ``RULE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slsguard.gate.evaluate import Evaluator
    from slsguard.gate.facts import Facts
    from slsguard.gate.model import Model, Resource

SEVERITIES = ("info", "low", "medium", "high", "critical")
PLAN_ADDRESS = "(plan)"  # findings about the plan as a whole (e.g. no budget at all)


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    rationale: str
    remediation: str
    references: tuple[str, ...] = ()
    # The resource types the rule judges (or reads to judge them), for the catalogue and to skip
    # rules with nothing to judge; empty for rules about the plan as a whole.
    types: tuple[str, ...] = ()
    # Why the slsguard engine judges it rather than a Checkov policy (docs/rule-engines.md).
    engine_note: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: unknown severity {self.severity!r}")

    def with_severity(self, severity: str) -> Rule:
        return Rule(self.id, self.title, severity, self.rationale, self.remediation, self.references,
                    self.types, self.engine_note)


@dataclass
class Finding:
    rule: str
    title: str
    severity: str
    address: str
    message: str
    remediation: str
    engine: str = "slsguard"
    blocking: bool = True
    file: str | None = None
    line: int | None = None
    waiver: dict[str, Any] | None = None
    # Where a service team changes it when the resource lives in a module fetched by terraform:
    # the `module` block in the caller's file.
    caller: tuple[str, int] | None = None

    @property
    def suppressed(self) -> bool:
        return self.waiver is not None

    def as_json(self) -> dict[str, Any]:
        data = {"rule": self.rule, "title": self.title, "severity": self.severity, "blocking": self.blocking,
                "address": self.address, "message": self.message, "remediation": self.remediation,
                "engine": self.engine}
        if self.file is not None:
            data["file"], data["line"] = self.file, self.line
        if self.caller is not None:
            data["caller_file"], data["caller_line"] = self.caller
        if self.waiver is not None:
            data["waiver"] = self.waiver
        return data


class RuleContext:
    def __init__(self, rule: Rule, facts: Facts) -> None:
        self.rule = rule
        self.facts = facts
        self.model: Model = facts.model
        self.values: Evaluator = facts.model.evaluator
        self.config = facts.config

    def finding(self, subject: Resource | str, message: str) -> Finding:
        address = subject if isinstance(subject, str) else subject.address
        return Finding(self.rule.id, self.rule.title, self.rule.severity, address, message, self.rule.remediation)
