"""The rule engine: discovers every rule module under ``slsguard.rules``, runs each once over the
indexed model, and returns findings in one schema shared with external engines (field ``engine``).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from slsguard.errors import SlsguardError
from slsguard.gate import hcl
from slsguard.gate import policy as policies
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

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: unknown severity {self.severity!r}")


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

    @property
    def suppressed(self) -> bool:
        return self.waiver is not None

    def as_json(self) -> dict[str, Any]:
        data = {"rule": self.rule, "title": self.title, "severity": self.severity, "blocking": self.blocking,
                "address": self.address, "message": self.message, "remediation": self.remediation,
                "engine": self.engine}
        if self.file is not None:
            data["file"], data["line"] = self.file, self.line
        if self.waiver is not None:
            data["waiver"] = self.waiver
        return data


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    evaluate: Callable[[RuleContext], Iterable[Finding]]
    module: str


@dataclass
class PolicyUse:
    """A policy document attached to a resource attribute, read once and shared by every rule."""

    resource: Resource
    attribute: str
    kind: str  # identity, trust, resource, key
    policy: policies.Policy | policies.Unjudgeable


IDENTITY_POLICY_ATTRIBUTES = {
    "aws_iam_policy": "policy", "aws_iam_role_policy": "policy", "aws_iam_user_policy": "policy",
    "aws_iam_group_policy": "policy",
}
RESOURCE_POLICY_ATTRIBUTES = {
    "aws_sqs_queue": "policy", "aws_sqs_queue_policy": "policy", "aws_sns_topic": "policy",
    "aws_sns_topic_policy": "policy", "aws_cloudwatch_event_bus_policy": "policy",
}


class Facts:
    """Derived, cached views over the model that several rules share."""

    def __init__(self, model: Model, config: dict[str, Any]) -> None:
        self.model = model
        self.config = config

    def _uses(self, mapping: dict[str, str], kind: str) -> list[PolicyUse]:
        uses = []
        for type_, attribute in mapping.items():
            for resource in self.model.of_type(type_):
                read = policies.read_policy(self.model, resource, attribute)
                if read is not None:
                    uses.append(PolicyUse(resource, attribute, kind, read))
        return uses

    @cached_property
    def identity_policies(self) -> list[PolicyUse]:
        uses = self._uses(IDENTITY_POLICY_ATTRIBUTES, "identity")
        for role in self.model.of_type("aws_iam_role"):
            for index, inline in enumerate(role.values.get("inline_policy") or []):
                if isinstance(inline, dict) and isinstance(inline.get("policy"), str) and inline["policy"]:
                    uses.append(PolicyUse(role, f"inline_policy[{index}]", "identity",
                                          policies.parse_json_policy(inline["policy"])))
        return uses

    @cached_property
    def trust_policies(self) -> list[PolicyUse]:
        return self._uses({"aws_iam_role": "assume_role_policy"}, "trust")

    @cached_property
    def resource_policies(self) -> list[PolicyUse]:
        return self._uses(RESOURCE_POLICY_ATTRIBUTES, "resource")

    @cached_property
    def key_policies(self) -> list[PolicyUse]:
        return self._uses({"aws_kms_key": "policy"}, "key")

    @cached_property
    def boundary_policies(self) -> set[str]:
        """Addresses of aws_iam_policy resources some role uses as its permissions boundary."""
        configured = set(self.config.get("boundary_policy_names", []))
        found = {p.address for p in self.model.of_type("aws_iam_policy") if p.values.get("name") in configured}
        for role in self.model.of_type("aws_iam_role"):
            found.update(target.address for target in self.model.references(role, "permissions_boundary")
                         if target.type == "aws_iam_policy")
        return found

    @cached_property
    def policies_by_target(self) -> dict[str, list[PolicyUse]]:
        """Resource policies indexed by the queue/topic/bus they protect (address)."""
        index: dict[str, list[PolicyUse]] = {}
        attachment_target = {"aws_sqs_queue_policy": "queue_url", "aws_sns_topic_policy": "arn",
                             "aws_cloudwatch_event_bus_policy": "event_bus_name"}
        for use in self.resource_policies:
            if use.resource.type in attachment_target:
                for target in self.model.references(use.resource, attachment_target[use.resource.type]):
                    index.setdefault(target.address, []).append(use)
            else:
                index.setdefault(use.resource.address, []).append(use)
        return index

    @cached_property
    def key_policy_by_key(self) -> dict[str, PolicyUse]:
        return {use.resource.address: use for use in self.key_policies}

    def keys_of(self, resource: Resource, attribute: str) -> list[Resource]:
        return [t for t in self.model.references(resource, attribute) if t.type == "aws_kms_key"]

    @cached_property
    def event_source_mappings(self) -> list[tuple[Resource, list[Resource], list[Resource]]]:
        """(mapping, source queues, target functions) for every event source mapping."""
        linked = []
        for mapping in self.model.of_type("aws_lambda_event_source_mapping"):
            queues = [t for t in self.model.references(mapping, "event_source_arn") if t.type == "aws_sqs_queue"]
            if not queues and isinstance(mapping.values.get("event_source_arn"), str):
                queues = self.queues_by_arn.get(mapping.values["event_source_arn"], [])
            linked.append((mapping, queues, self.functions_named(mapping, "function_name")))
        return linked

    @cached_property
    def queues_by_arn(self) -> dict[str, list[Resource]]:
        index: dict[str, list[Resource]] = {}
        for queue in self.model.of_type("aws_sqs_queue"):
            if isinstance(queue.values.get("arn"), str):
                index.setdefault(queue.values["arn"], []).append(queue)
        return index

    @cached_property
    def functions_by_name(self) -> dict[str, list[Resource]]:
        index: dict[str, list[Resource]] = {}
        for function in self.model.of_type("aws_lambda_function"):
            for key in ("function_name", "arn"):
                if isinstance(function.values.get(key), str):
                    index.setdefault(function.values[key], []).append(function)
        return index

    def functions_named(self, resource: Resource, attribute: str) -> list[Resource]:
        """Functions that ``resource.attribute`` names, by reference or by known name/ARN."""
        found = [t for t in self.model.references(resource, attribute) if t.type == "aws_lambda_function"]
        value = resource.values.get(attribute)
        if not found and isinstance(value, str):
            found = self.functions_by_name.get(value, []) or self.functions_by_name.get(value.split(":")[-1], [])
        return found

    @cached_property
    def consumers_by_queue(self) -> dict[str, list[tuple[Resource, list[Resource]]]]:
        index: dict[str, list[tuple[Resource, list[Resource]]]] = {}
        for mapping, queues, functions in self.event_source_mappings:
            for queue in queues:
                index.setdefault(queue.address, []).append((mapping, functions))
        return index

    @cached_property
    def dlq_sources(self) -> dict[str, list[Resource]]:
        """DLQ address -> the queues whose redrive policy targets it."""
        index: dict[str, list[Resource]] = {}
        for queue in self.model.of_type("aws_sqs_queue"):
            for dlq in self.redrive_targets(queue):
                index.setdefault(dlq.address, []).append(queue)
        for redrive in self.model.of_type("aws_sqs_queue_redrive_policy"):
            sources = [t for t in self.model.references(redrive, "queue_url") if t.type == "aws_sqs_queue"]
            for dlq in (t for t in self.model.references(redrive, "redrive_policy") if t.type == "aws_sqs_queue"):
                index.setdefault(dlq.address, []).extend(sources)
        return index

    def redrive_targets(self, queue: Resource) -> list[Resource]:
        targets = [t for t in self.model.references(queue, "redrive_policy") if t.type == "aws_sqs_queue"]
        if not targets:
            policy = self.redrive_policy(queue)
            arn = policy.get("deadLetterTargetArn") if isinstance(policy, dict) else None
            targets = self.queues_by_arn.get(arn, []) if isinstance(arn, str) else []
        return targets

    @cached_property
    def redrive_by_queue(self) -> dict[str, Resource]:
        found = {}
        for redrive in self.model.of_type("aws_sqs_queue_redrive_policy"):
            for queue in self.model.references(redrive, "queue_url"):
                found[queue.address] = redrive
        return found

    def redrive_policy(self, queue: Resource) -> dict[str, Any] | policies.Unjudgeable | None:
        """The queue's redrive policy as a dict (DLQ ARN possibly Unknown), or None when absent."""
        holder, attribute = queue, "redrive_policy"
        if queue.address in self.redrive_by_queue:
            holder = self.redrive_by_queue[queue.address]
        value = holder.values.get(attribute)
        if isinstance(value, str) and value:
            try:
                parsed = json.loads(value)
            except ValueError:
                return policies.Unjudgeable("the redrive policy is not valid JSON")
            return parsed if isinstance(parsed, dict) else policies.Unjudgeable("the redrive policy is not an object")
        if not holder.is_unknown(attribute):
            return None
        source = self.model.source(holder)
        expression = source[1].attributes.get(attribute) if source else None

        if isinstance(expression, hcl.Call) and expression.name == "jsonencode" and expression.args:
            document = policies.from_hcl_value(expression.args[0])
            if isinstance(document, dict):
                return document
        return policies.Unjudgeable("the redrive policy is unknown at plan time and cannot be evaluated")

    @cached_property
    def deliveries(self) -> list[tuple[Resource, str, Resource]]:
        """(queue or topic, service that delivers to it, the resource configuring the delivery)."""
        found: list[tuple[Resource, str, Resource]] = []
        destinations = ("aws_sqs_queue", "aws_sns_topic")

        def add(source: Resource, service: str, *path: str) -> None:
            for target in self.model.references(source, *path):
                if target.type in destinations:
                    found.append((target, service, source))

        for target in self.model.of_type("aws_cloudwatch_event_target"):
            add(target, "events", "arn")
            add(target, "events", "dead_letter_config", "arn")
        for subscription in self.model.of_type("aws_sns_topic_subscription"):
            if subscription.values.get("protocol") == "sqs":
                add(subscription, "sns", "endpoint")
        for alarm in self.model.of_type("aws_cloudwatch_metric_alarm"):
            for key in ("alarm_actions", "ok_actions", "insufficient_data_actions"):
                add(alarm, "cloudwatch", key)
        for budget in self.model.of_type("aws_budgets_budget"):
            add(budget, "budgets", "notification", "subscriber_sns_topic_arns")
        return found

    @cached_property
    def alarms_by_dimension(self) -> dict[tuple[str, str, str], list[Resource]]:
        """(metric name, dimension name, dimension value or referenced address) -> alarms."""
        index: dict[tuple[str, str, str], list[Resource]] = {}
        for alarm in self.model.of_type("aws_cloudwatch_metric_alarm"):
            metric = alarm.values.get("metric_name")
            dimensions = alarm.values.get("dimensions") or {}
            if not isinstance(metric, str) or not isinstance(dimensions, dict):
                continue
            for dimension, value in dimensions.items():
                if isinstance(value, str):
                    index.setdefault((metric, dimension, value), []).append(alarm)
            for node in self.model.expression(alarm, "dimensions"):
                refs = node.get("references") if isinstance(node, dict) else None
                refs = [r for r in refs if isinstance(r, str)] if isinstance(refs, list) else []
                for target in self.model.resolve(alarm.module, refs):
                    for dimension in dimensions or {"": None}:
                        index.setdefault((metric, dimension, target.address), []).append(alarm)
        return index

    def has_alarm(self, metric: str, dimension: str, resource: Resource, name_key: str) -> bool:
        name = resource.values.get(name_key)
        # "" holds alarms whose dimension map is unknown at plan time (e.g. it names a queue whose
        # name is computed): their dimension names are lost, the referenced resource is not.
        keys = [(metric, dimension, resource.address), (metric, "", resource.address)]
        if isinstance(name, str):
            keys.append((metric, dimension, name))
        return any(self.alarms_by_dimension.get(key) for key in keys)


class RuleContext:
    def __init__(self, rule: Rule, facts: Facts) -> None:
        self.rule = rule
        self.facts = facts
        self.model = facts.model
        self.config = facts.config

    def finding(self, subject: Resource | str, message: str) -> Finding:
        address = subject if isinstance(subject, str) else subject.address
        return Finding(self.rule.id, self.rule.title, self.rule.severity, address, message, self.rule.remediation)


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
            rule = Rule(rule.id, rule.title, override["severity"], rule.rationale, rule.remediation, rule.references)
        evaluated.append(rule)
        try:
            findings.extend(loaded.evaluate(RuleContext(rule, facts)))
        except SlsguardError:
            raise
        except Exception as error:  # noqa: BLE001 - any crash must become exit 2, not a pass
            raise SlsguardError(
                f"rule {rule.id} failed on this plan ({type(error).__name__}: {error}); "
                "the plan could not be judged.") from error
    threshold = severity_rank(config.get("blocking_severity", "low"))
    for finding in findings:
        finding.blocking = severity_rank(finding.severity) >= threshold
        resource = model.by_address.get(finding.address)
        if resource is not None and finding.file is None:
            location = model.location(resource)
            if location is not None:
                finding.file, finding.line = location
    findings.sort(key=lambda f: (-severity_rank(f.severity), f.rule, f.address))
    return Result(findings, evaluated)
