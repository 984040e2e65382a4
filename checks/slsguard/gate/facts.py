"""Shared facts about AWS relationships in a plan, derived once and cached for every rule: which
policies apply to what, which queue feeds which function, which queue is a DLQ, which alarm watches
what, which service delivers where.

Links are followed through values, not names of configuration blocks: the evaluation layer gives
``event_source_arn`` of one for_each instance as the ARN of exactly one queue (known, or unknown but
traced to its resource), whether it was written literally, through a module output, ``each.value``
or an alias. A link that cannot be traced at all is reported by the rules (fail closed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from slsguard.gate import hcl
from slsguard.gate import policy as policies
from slsguard.gate.arn import arn_name, service_named, written_region
from slsguard.gate.model import Model, Resource
from slsguard.gate.providers import Provider
from slsguard.gate.values import (Encoded, Partial, Unevaluable, Unknown, as_text, decode_json,
                                  has_pending, identifies, is_pending, walk)

IDENTITY_POLICY_ATTRIBUTES = {
    "aws_iam_policy": "policy", "aws_iam_role_policy": "policy", "aws_iam_user_policy": "policy",
    "aws_iam_group_policy": "policy",
}
RESOURCE_POLICY_ATTRIBUTES = {
    "aws_sqs_queue": "policy", "aws_sqs_queue_policy": "policy", "aws_sns_topic": "policy",
    "aws_sns_topic_policy": "policy", "aws_cloudwatch_event_bus_policy": "policy",
}
KEY_POLICY_ATTRIBUTES = {"aws_kms_key": "policy", "aws_kms_key_policy": "policy"}
# Where a separate policy resource names what it protects.
POLICY_TARGET = {"aws_sqs_queue_policy": "queue_url", "aws_sns_topic_policy": "arn",
                 "aws_cloudwatch_event_bus_policy": "event_bus_name", "aws_kms_key_policy": "key_id"}
# An existing topic named by its ARN (an account's shared alerts topic, outside this plan).
SNS_TOPIC_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$")
# Where a resource sends what failed (a queue there is a dead-letter queue).
FAILURE_DESTINATIONS = {
    "aws_cloudwatch_event_target": ("dead_letter_config", "arn"),
    "aws_scheduler_schedule": ("target", "dead_letter_config", "arn"),
    "aws_lambda_function": ("dead_letter_config", "target_arn"),
    "aws_lambda_function_event_invoke_config": ("destination_config", "on_failure", "destination"),
    "aws_lambda_event_source_mapping": ("destination_config", "on_failure", "destination_arn"),
}
# How CloudWatch names a resource in its metrics: namespace, dimension, and the attributes that hold
# the name it puts there. Never the ARN or URL: an alarm on FunctionName = the function's ARN never
# gets a data point.
METRIC_DIMENSIONS = {"aws_lambda_function": ("AWS/Lambda", "FunctionName", ("function_name", "id")),
                     "aws_sqs_queue": ("AWS/SQS", "QueueName", ("name",))}
# The dimensions a namespace publishes its metrics with beside the resource's name: Lambda's per
# alias or version (Resource) and per version an alias ran (ExecutedVersion); SQS's none.
PUBLISHED_BESIDE = {"AWS/Lambda": frozenset({"Resource", "ExecutedVersion"}), "AWS/SQS": frozenset()}
# Attachments that make an aws_iam_policy a permission policy of a principal.
POLICY_ATTACHMENTS = {
    "aws_iam_role_policy_attachment": "policy_arn", "aws_iam_user_policy_attachment": "policy_arn",
    "aws_iam_group_policy_attachment": "policy_arn", "aws_iam_policy_attachment": "policy_arn",
    "aws_iam_role": "managed_policy_arns", "aws_iam_role_policy_attachments_exclusive": "policy_arns",
}


@dataclass
class PolicyUse:
    """A policy document attached to a resource attribute, read once and shared by every rule."""

    resource: Resource
    attribute: str
    kind: str  # identity, trust, resource, key
    policy: policies.Policy | policies.Unjudgeable


@dataclass
class Link:
    """What an attribute points at: the resources found, and why it could not be traced if so."""

    targets: list[Resource]
    untraced: str | None = None  # set when some part of the value names nothing that can be found

    def __iter__(self):
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)


_NAME_ATTRIBUTES = {
    "aws_sqs_queue": ("name", "arn", "url", "id"), "aws_sns_topic": ("name", "arn", "id"),
    "aws_lambda_function": ("function_name", "arn", "qualified_arn"), "aws_lambda_alias": ("arn",),
    "aws_dynamodb_table": ("name", "arn"), "aws_kms_key": ("arn", "key_id", "id"),
    "aws_kms_alias": ("name", "arn"), "aws_cloudwatch_event_bus": ("name", "arn"),
    "aws_cloudwatch_log_group": ("name", "arn"), "aws_iam_policy": ("arn", "name"),
    "aws_iam_role": ("arn", "name"), "aws_cloudwatch_event_rule": ("name", "arn"),
}


# The service in the ARN of each indexed type: a queue's ARN never names a table of the same name.
_SERVICE_OF_TYPE = {
    "aws_sqs_queue": "sqs", "aws_sns_topic": "sns", "aws_lambda_function": "lambda", "aws_lambda_alias": "lambda",
    "aws_dynamodb_table": "dynamodb", "aws_kms_key": "kms", "aws_kms_alias": "kms", "aws_cloudwatch_event_bus": "events",
    "aws_cloudwatch_log_group": "logs", "aws_iam_policy": "iam", "aws_iam_role": "iam",
    "aws_cloudwatch_event_rule": "events",
}


# The ids a metric math expression reads: ids start with a lower-case letter, functions are upper case.
_QUERY_ID = re.compile(r"\b[a-z][A-Za-z0-9_]*\b")


def _evaluated_queries(queries: list[Any]) -> list[dict[str, Any]]:
    """The metric_query elements an alarm evaluates: the one that returns data and the queries its
    expression reads, transitively (METRICS() reads them all). Without exactly one known to return
    data (AWS refuses such an alarm at apply), or with an expression known only at apply, all."""
    by_id = {query.get("id"): query for query in queries if isinstance(query, dict)}
    returned = [query for query in by_id.values() if query.get("return_data") is True]
    if len(returned) != 1:
        return list(by_id.values())
    evaluated: dict[Any, dict[str, Any]] = {}
    pending = returned
    while pending:
        query = pending.pop()
        if query.get("id") in evaluated:
            continue
        evaluated[query.get("id")] = query
        expression = query.get("expression")
        if expression is None or expression == "":
            continue
        if not isinstance(expression, str) or "METRICS(" in expression.upper():
            return list(by_id.values())
        pending.extend(by_id[name] for name in _QUERY_ID.findall(expression) if name in by_id)
    return list(evaluated.values())


class Facts:
    """Derived, cached views over the model that several rules share."""

    def __init__(self, model: Model, config: dict[str, Any]) -> None:
        self.model = model
        self.config = config
        self.values = model.evaluator
        self._watched_index: dict[tuple[str, str], tuple[dict[str, list[Resource]], dict[str, list[str]]]] = {}
        self._silence: dict[str, str | None] = {}
        # Several rules follow the same attribute to the same kinds of targets (keys, functions).
        self._links: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Link] = {}
        self._references: dict[tuple[Any, ...], list[str] | None] = {}
        self._regions: dict[str | None, str | None] = {}

    # -- following values to resources ----------------------------------------------------------
    @cached_property
    def _by_name(self) -> dict[tuple[str, str], list[Resource]]:
        index: dict[tuple[str, str], list[Resource]] = {}
        for type_, attributes in _NAME_ATTRIBUTES.items():
            for resource in (*self.model.of_type(type_), *self.model.reads_of_type(type_)):
                keys = {key for attribute in attributes if isinstance(value := resource.values.get(attribute), str)
                        and value for key in (value, arn_name(value))}
                for key in keys:  # once per key: its name and the name in its ARN are often the same
                    index.setdefault((type_, key), []).append(resource)
        return index

    def link(self, resource: Resource, *path: str, types: tuple[str, ...]) -> Link:
        """The resources of ``types`` that ``resource.path`` names (through aliases to functions,
        through aliases to keys). Unset: no targets and nothing untraced. Callers must not change
        the Link they get: it is shared."""
        key = (resource.address, path, types)
        found = self._links.get(key)
        if found is None:
            found = self._direct_link(resource, path, types)
            if found is None:
                found = self.link_value(self.values.attribute(resource, *path), types, resource)
            self._links[key] = found
        return found

    def _direct_link(self, resource: Resource, path: tuple[str, ...], types: tuple[str, ...]) -> Link | None:
        """The common case without evaluating anything: an attribute that is wholly unknown and
        written as references to resources of this module instance only (``aws_kms_key.k.arn``),
        whose targets the plan's configuration names exactly. None: the evaluator must decide."""
        if len(path) != 1:
            return None
        marks = resource.unknown.get(path[0]) if isinstance(resource.unknown, dict) else resource.unknown
        if not marks:  # known as planned, wholly
            return self.link_value(resource.values.get(path[0]), types, resource)
        if not resource.is_unknown(path[0]):
            return None
        references = self._written_references(resource, path)
        if references is None:
            return None
        targets, exact = self.model.resolve_exact(resource.module, references)
        if not exact or not targets or any(target.type not in types for target in targets) \
                or len({(t.module, t.config_name) for t in targets}) != len(targets):
            return None  # aliases to follow, or several instances of one block: let the evaluator pick
        return Link(targets)

    def _written_references(self, resource: Resource, path: tuple[str, ...]) -> list[str] | None:
        """The traversals the configuration writes at ``path`` (None: something else is written).
        The same for every instance of a block, so found once per block."""
        key = (resource.config_path, resource.mode, resource.type, resource.name, path)
        if key in self._references:
            return self._references[key]
        written = self.values.written(resource, *path)
        if written is not None and hcl.traversal(written[0]) is None:
            # A conditional, a function or a template names these resources but may be something
            # else (`c ? aws_kms_key.k.arn : "alias/aws/sqs"`): only evaluation can say.
            self._references[key] = None
            return None
        references: list[str] | None = []
        for node in self.model.expression(resource, *path):
            found = node.get("references") if isinstance(node, dict) else None
            if not isinstance(found, list):
                references = None
                break
            references.extend(found)
        if not references or any(not isinstance(r, str) for r in references):
            references = None
        else:
            # terraform lists a traversal with its prefixes (aws_x.y["k"].arn, aws_x.y["k"], aws_x.y):
            # the longest says which instance.
            references = [r for r in references if not any(o != r and o.startswith(r) for o in references)]
        self._references[key] = references
        return references

    def link_value(self, value: Any, types: tuple[str, ...], holder: Resource | None = None) -> Link:
        if value is None:
            return Link([])
        if isinstance(value, str):
            return Link(self._from_name(value, types, holder) if value else [])
        found: dict[str, Resource] = {}
        untraced: list[str] = []
        for leaf in walk(value, text_parts=False):
            if isinstance(leaf, Unevaluable):
                untraced.append(leaf.reason)
            elif isinstance(leaf, Unknown) and not isinstance(leaf, (Partial, Encoded)):
                traced = self._from_sources(leaf, types, holder)
                if traced is None:
                    untraced.append(f"{leaf.describe()} cannot be traced to a {' or '.join(types)}")
                else:
                    found.update((r.address, r) for r in traced)
            elif isinstance(leaf, str) and leaf:
                for target in self._from_name(leaf, types, holder):
                    found[target.address] = target
            elif type(leaf) is Partial:
                # An ARN or URL around values known only at apply (arn:aws:iam::${account}:policy/x)
                # names what its known name part names; its unknown parts are traced on their own.
                for target in self._from_name(as_text(leaf), types, holder):
                    found[target.address] = target
        return Link(list(found.values()), "; ".join(untraced) or None)

    def _from_sources(self, value: Unknown, types: tuple[str, ...], holder: Resource | None) -> list[Resource] | None:
        """The targets an unknown value derives from; None when it comes from no resource."""
        if not value.sources:
            return None
        targets: list[Resource] = []
        for address, attribute in value.sources:
            source = self.model.by_address.get(address)
            if source is None:
                return None
            if source is not holder and not identifies(source.type, attribute):
                return None  # a parameter's value, another stack's output: it could name anything
            if holder is not None and source is holder:
                # The evaluator had no source to recover the expression: fall back to the
                # configuration's references of that attribute.
                targets.extend(t for t in self.model.references(holder, *_path_steps(attribute)) if t.type in types)
            elif source.type in types:
                targets.append(source)
            elif source.type == "aws_lambda_alias" and "aws_lambda_function" in types:
                targets.extend(self.link(source, "function_name", types=types))
            elif source.type == "aws_kms_alias" and "aws_kms_key" in types:
                targets.extend(self.link(source, "target_key_id", types=types))
            # Anything else is a resource of another kind (a stream, not a queue; an existing key
            # read by a data source) named by its own identifier: traced, and not one of the targets
            # asked for.
        return targets

    def region_of(self, resource: Resource) -> str | None:
        """The Region of ``resource``'s provider configuration; None when it cannot be known now."""
        key = self.model.provider_key(resource)
        if key not in self._regions:
            region = Provider(self, key).value("region") if key is not None else None
            self._regions[key] = region if isinstance(region, str) else None
        return self._regions[key]

    def same_region(self, resource: Resource, region: str | None) -> bool:
        """Whether ``resource`` may be in ``region`` (either unknown: it may). IAM is global."""
        if region is None or resource.type.startswith("aws_iam_"):
            return True
        own = self.region_of(resource)
        return own is None or own == region

    def _from_name(self, text: str, types: tuple[str, ...], holder: Resource | None = None) -> list[Resource]:
        """The resources ``text`` names: by ARN or name, in the Region the ARN names, else in the
        holder's (a name is unique per Region only: a DR copy of a stack reuses every name)."""
        found = self._named(text, types)
        written = written_region(text)
        if written == "":
            return found  # a global resource's ARN (IAM, S3): no Region to match
        region = written or (self.region_of(holder) if holder else None)
        return found if region is None else [target for target in found if self.same_region(target, region)]

    def _named(self, text: str, types: tuple[str, ...]) -> list[Resource]:
        name = arn_name(text)
        service = service_named(text)
        found: list[Resource] = []
        for type_ in types:
            if service is not None and _SERVICE_OF_TYPE.get(type_, service) != service:
                continue
            found.extend(self._by_name.get((type_, text), []) or self._by_name.get((type_, name), []))
        if "aws_lambda_function" in types and not found and ":" in name:
            found.extend(self._by_name.get(("aws_lambda_function", name.split(":")[0]), []))
        if "aws_kms_key" in types and name.startswith("alias/"):
            for alias in self._by_name.get(("aws_kms_alias", name), []):
                found.extend(self.link(alias, "target_key_id", types=("aws_kms_key",)))
        return found

    def functions_named(self, resource: Resource, attribute: str) -> list[Resource]:
        return self.link(resource, attribute, types=("aws_lambda_function",)).targets

    def keys_of(self, resource: Resource, *path: str) -> list[Resource]:
        return self.link(resource, *path, types=("aws_kms_key",)).targets

    # -- policies -------------------------------------------------------------------------------
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
            for index, document in enumerate(self._inline_policies(role)):
                read = policies.policy_from_value(self.model, document)
                if read is not None:
                    uses.append(PolicyUse(role, f"inline_policy[{index}]", "identity", read))
        return uses

    def _inline_policies(self, role: Resource) -> list[Any]:
        """The policy of each of the role's inline_policy blocks: as planned when known, else
        evaluated from the source's blocks (static and dynamic, in its order: the plan holds a set)."""
        inline = self.values.attribute(role, "inline_policy")
        if is_pending(inline):
            written = self.values.configured(role, "inline_policy")
            if written is False:
                return []  # computed from the role's policies in AWS: none written here
            if written is None:  # the plan's configuration leaves dynamic blocks out
                return [Unevaluable(f"the inline_policy of {role.address} is known only after apply, and without "
                                    "the .tf source slsguard cannot tell whether any is written")]
            return [inline]  # how many blocks, with what, is known only at apply
        planned = [block.get("policy") if isinstance(block, dict) else None
                   for block in (inline if isinstance(inline, list) else [])]
        if has_pending(planned):
            written = self.values.blocks(role, "inline_policy")
            if written is not None and len(written) == len(planned):
                return [self.values.value(block.attributes["policy"], scope) if "policy" in block.attributes else None
                        for block, scope in written]
        return planned

    @cached_property
    def trust_policies(self) -> list[PolicyUse]:
        return self._uses({"aws_iam_role": "assume_role_policy"}, "trust")

    @cached_property
    def resource_policies(self) -> list[PolicyUse]:
        return self._uses(RESOURCE_POLICY_ATTRIBUTES, "resource")

    @cached_property
    def key_policies(self) -> list[PolicyUse]:
        return self._uses(KEY_POLICY_ATTRIBUTES, "key")

    @cached_property
    def boundary_policies(self) -> set[str]:
        """Addresses of aws_iam_policy resources used as a permissions boundary and never attached
        as a permission policy: only those are exempt from the rules for permission policies."""
        configured = set(self.config.get("boundary_policy_names", []))
        found = {p.address for p in self.model.of_type("aws_iam_policy")
                 if isinstance(name := p.values.get("name"), str) and name in configured}
        for role in self.model.of_type("aws_iam_role"):
            found.update(t.address for t in self.link(role, "permissions_boundary", types=("aws_iam_policy",)))
        return found - self.attached_policies

    @cached_property
    def attached_policies(self) -> set[str]:
        """Addresses of aws_iam_policy resources attached to a role, user or group."""
        found: set[str] = set()
        for type_, attribute in POLICY_ATTACHMENTS.items():
            for attachment in self.model.of_type(type_):
                found.update(t.address for t in self.link(attachment, attribute, types=("aws_iam_policy",)))
        return found

    @cached_property
    def policies_by_target(self) -> dict[str, list[PolicyUse]]:
        """Resource and key policies indexed by the queue/topic/bus/key they protect (address)."""
        index: dict[str, list[PolicyUse]] = {}
        target_types = ("aws_sqs_queue", "aws_sns_topic", "aws_cloudwatch_event_bus", "aws_kms_key")
        for use in (*self.resource_policies, *self.key_policies):
            if use.resource.type in POLICY_TARGET:
                for target in self.link(use.resource, POLICY_TARGET[use.resource.type], types=target_types):
                    index.setdefault(target.address, []).append(use)
            else:
                index.setdefault(use.resource.address, []).append(use)
        return index

    @cached_property
    def key_policy_by_key(self) -> dict[str, PolicyUse]:
        return {address: uses[-1] for address, uses in self.policies_by_target.items()
                if uses and uses[-1].kind == "key"}

    # -- queues and functions -------------------------------------------------------------------
    @cached_property
    def event_source_mappings(self) -> list[tuple[Resource, Link, Link]]:
        """(mapping, its source queues, the functions it invokes) for every event source mapping."""
        return [(mapping, self.link(mapping, "event_source_arn", types=("aws_sqs_queue",)),
                 self.link(mapping, "function_name", types=("aws_lambda_function",)))
                for mapping in self.model.of_type("aws_lambda_event_source_mapping")]

    @cached_property
    def consumers_by_queue(self) -> dict[str, list[tuple[Resource, list[Resource]]]]:
        index: dict[str, list[tuple[Resource, list[Resource]]]] = {}
        for mapping, queues, functions in self.event_source_mappings:
            for queue in queues:
                index.setdefault(queue.address, []).append((mapping, functions.targets))
        return index

    @cached_property
    def redrive_by_queue(self) -> dict[str, Resource]:
        found = {}
        for redrive in self.model.of_type("aws_sqs_queue_redrive_policy"):
            for queue in self.link(redrive, "queue_url", types=("aws_sqs_queue",)):
                found[queue.address] = redrive
        return found

    def redrive_policy(self, queue: Resource) -> dict[str, Any] | policies.Unjudgeable | None:
        """The queue's redrive policy as a dict (DLQ ARN possibly Unknown), or None when absent."""
        holder = self.redrive_by_queue.get(queue.address, queue)
        return self._json_object(holder, "redrive_policy", "the redrive policy")

    def _json_object(self, holder: Resource, attribute: str, what: str) -> dict[str, Any] | policies.Unjudgeable | None:
        value = self.values.attribute(holder, attribute)
        if value is None or value == "":
            return None
        if isinstance(value, Unevaluable):
            return policies.Unjudgeable(f"{what} cannot be evaluated: {value.reason}")
        if isinstance(value, Unknown) and not isinstance(value, (Encoded, Partial)):
            if self.values.configured(holder, attribute) is False:
                return None  # computed by the provider from what is not written: there is none
            return policies.Unjudgeable(f"{what} is {value.describe()}, known only after apply")
        try:
            parsed = decode_json(value) if not isinstance(value, dict) else value
        except ValueError:
            return policies.Unjudgeable(f"{what} is not valid JSON")
        return parsed if isinstance(parsed, dict) else policies.Unjudgeable(f"{what} is not an object")

    def redrive_targets(self, queue: Resource) -> Link:
        policy = self.redrive_policy(queue)
        if not isinstance(policy, dict):
            return Link([])
        return self.link_value(policy.get("deadLetterTargetArn"), ("aws_sqs_queue",))

    def subscription_dead_letter_queues(self, subscription: Resource) -> Link:
        """The queue an SNS subscription's redrive policy sends undeliverable messages to."""
        policy = self._json_object(subscription, "redrive_policy", "the redrive policy")
        if not isinstance(policy, dict):
            return Link([])
        return self.link_value(policy.get("deadLetterTargetArn"), ("aws_sqs_queue",))

    @cached_property
    def dead_letter_queues(self) -> dict[str, list[Resource]]:
        """DLQ address -> every resource that sends its failures there: queues redriving to it,
        EventBridge targets and Scheduler schedules (dead-letter config), functions (async DLQ),
        invoke configs and event source mappings (on-failure destination), SNS subscriptions
        (redrive policy). A queue is a DLQ by what it receives, not by its name."""
        index: dict[str, list[Resource]] = {}

        def add(source: Resource, link: Link) -> None:
            for dlq in link:
                index.setdefault(dlq.address, []).append(source)

        for queue in self.model.of_type("aws_sqs_queue"):
            add(queue, self.redrive_targets(queue))
        for type_, path in FAILURE_DESTINATIONS.items():
            for resource in self.model.of_type(type_):
                # Most functions configure no DLQ: skip the evaluator when the block is planned
                # absent (an unknown block still goes through it).
                if resource.values.get(path[0]) or resource.is_unknown(path[0]):
                    add(resource, self.link(resource, *path, types=("aws_sqs_queue",)))
        for subscription in self.model.of_type("aws_sns_topic_subscription"):
            add(subscription, self.subscription_dead_letter_queues(subscription))
        return index

    @cached_property
    def deliveries(self) -> list[tuple[Resource, str, Resource]]:
        """(queue or topic, service that delivers to it, the resource configuring the delivery)."""
        found: list[tuple[Resource, str, Resource]] = []
        destinations = ("aws_sqs_queue", "aws_sns_topic")

        def add(source: Resource, service: str, *path: str) -> None:
            for target in self.link(source, *path, types=destinations):
                found.append((target, service, source))

        for target in self.model.of_type("aws_cloudwatch_event_target"):
            add(target, "events", "arn")
            add(target, "events", "dead_letter_config", "arn")
        for subscription in self.model.of_type("aws_sns_topic_subscription"):
            if subscription.values.get("protocol") == "sqs":
                add(subscription, "sns", "endpoint")
            # SNS itself moves undeliverable messages to the subscription's DLQ.
            found.extend((dlq, "sns", subscription) for dlq in self.subscription_dead_letter_queues(subscription))
        for alarm in self.model.of_type("aws_cloudwatch_metric_alarm"):
            for key in ("alarm_actions", "ok_actions", "insufficient_data_actions"):
                add(alarm, "cloudwatch", key)
        for budget in self.model.of_type("aws_budgets_budget"):
            notifications = self.values.attribute(budget, "notification")
            for notification in notifications if isinstance(notifications, list) else []:
                if isinstance(notification, dict):
                    for topic in self.link_value(notification.get("subscriber_sns_topic_arns"), destinations):
                        found.append((topic, "budgets", budget))
        return found

    def senders(self, source: Resource) -> list[Resource]:
        """The resources whose ARN the delivering service gives as aws:SourceArn for a delivery that
        ``source`` configures: an event target's rule, a subscription's topic, else ``source``
        itself (an alarm, a budget)."""
        if source.type == "aws_cloudwatch_event_target":
            return self.link(source, "rule", types=("aws_cloudwatch_event_rule",)).targets
        if source.type == "aws_sns_topic_subscription":
            return self.link(source, "topic_arn", types=("aws_sns_topic",)).targets
        return [source]

    # -- alarms ---------------------------------------------------------------------------------
    @cached_property
    def alarm_metrics(self) -> list[tuple[Resource, Any, str, dict[str, Any]]]:
        """(alarm, namespace, metric name, dimensions) of every metric an alarm watches, including
        each metric of a ``metric_query`` (metric math) that its returned expression reads."""
        found = []
        for alarm in self.model.of_type("aws_cloudwatch_metric_alarm"):
            metric = self.values.attribute(alarm, "metric_name")
            if isinstance(metric, str):
                dimensions = self.values.attribute(alarm, "dimensions")
                found.append((alarm, self.values.attribute(alarm, "namespace"), metric,
                              dimensions if isinstance(dimensions, dict) else {}))
            queries = self.values.attribute(alarm, "metric_query")
            for query in _evaluated_queries(queries) if isinstance(queries, list) else []:
                for watched in query.get("metric") or []:
                    if isinstance(watched, dict) and isinstance(watched.get("metric_name"), str):
                        dimensions = watched.get("dimensions")
                        found.append((alarm, watched.get("namespace"), watched["metric_name"],
                                      dimensions if isinstance(dimensions, dict) else {}))
        return found

    def watching_alarms(self, metric: str, resource: Resource) -> list[Resource]:
        """The alarms that watch ``resource``'s ``metric`` in its service's namespace, with the
        dimension that names exactly that resource (METRIC_DIMENSIONS)."""
        return self._watched(metric, resource.type)[0].get(resource.address, [])

    def misdirected_alarms(self, metric: str, resource: Resource) -> list[str]:
        """Why alarms meant for ``resource``'s ``metric`` never get a data point (another namespace,
        its ARN where CloudWatch puts its name): what a team that wrote one needs to be told."""
        return self._watched(metric, resource.type)[1].get(resource.address, [])

    def _watched(self, metric: str, type_: str) -> tuple[dict[str, list[Resource]], dict[str, list[str]]]:
        """Resource address -> the alarms that watch it through ``metric``, and the alarms that
        name it but watch nothing (indexed once per question: large plans have thousands of
        functions and alarms)."""
        key = (metric, type_)
        if key not in self._watched_index:
            namespace, dimension, _ = METRIC_DIMENSIONS[type_]
            index: dict[str, list[Resource]] = {}
            misdirected: dict[str, list[str]] = {}
            for alarm, watched_namespace, watched, dimensions in self.alarm_metrics:
                if watched != metric or dimension not in dimensions:
                    continue
                # CloudWatch metrics are per Region: an alarm watches its own Region's resources.
                region = self.region_of(alarm)
                named = [target for target in self._named_in_metrics(dimensions[dimension], type_)
                         if self.same_region(target, region)]
                # CloudWatch matches the alarm's whole set of dimensions to the metric's.
                unpublished = sorted(set(dimensions) - {dimension} - PUBLISHED_BESIDE[namespace])
                if watched_namespace != namespace:
                    why = f"watches {metric} of namespace {watched_namespace!r}, not {namespace}"
                elif unpublished:
                    why = (f"also selects the dimension {', '.join(unpublished)}, which {namespace} metrics never "
                           "carry, so it never gets data")
                else:
                    for target in named:
                        index.setdefault(target.address, []).append(alarm)
                    why = f"names it in {dimension} by other than its name (CloudWatch puts the name there, so it never gets data)"
                for target in self.link_value(dimensions[dimension], (type_,), alarm).targets:
                    if target not in named or watched_namespace != namespace or unpublished:
                        misdirected.setdefault(target.address, []).append(f"{alarm.address} {why}")
            self._watched_index[key] = (index, misdirected)
        return self._watched_index[key]

    def _named_in_metrics(self, value: Any, type_: str) -> list[Resource]:
        """The resources of ``type_`` that a dimension's value is the name of: as planned, or known
        at apply but traced to their name."""
        _, _, attributes = METRIC_DIMENSIONS[type_]
        if isinstance(value, str):
            return self._by_metric_name.get((type_, value), [])
        if not isinstance(value, Unknown) or isinstance(value, (Partial, Encoded)):
            return []
        return [source for address, attribute in sorted(value.sources) if attribute in attributes
                and (source := self.model.by_address.get(address)) is not None and source.type == type_]

    @cached_property
    def _by_metric_name(self) -> dict[tuple[str, str], list[Resource]]:
        index: dict[tuple[str, str], list[Resource]] = {}
        for type_, (_, _, attributes) in METRIC_DIMENSIONS.items():
            for resource in self.model.of_type(type_):
                for name in {resource.values.get(attribute) for attribute in attributes}:
                    if isinstance(name, str):
                        index.setdefault((type_, name), []).append(resource)
        return index

    def alarm_silence(self, alarm: Resource) -> str | None:
        """Why an alarm notifies no one, or None when its alarm actions name an SNS topic (of this
        plan or an existing one) and its actions are enabled."""
        if alarm.address not in self._silence:
            self._silence[alarm.address] = self._why_silent(alarm)
        return self._silence[alarm.address]

    def _why_silent(self, alarm: Resource) -> str | None:
        enabled = self.values.attribute(alarm, "actions_enabled")
        if enabled is False:
            return "actions_enabled is false"
        if is_pending(enabled):
            return f"{self.values.describe_missing(alarm, 'actions_enabled')}, so it may notify no one"
        actions = self.values.attribute(alarm, "alarm_actions")
        link = self.link_value(actions, ("aws_sns_topic",), alarm)
        existing = [leaf for leaf in walk(actions) if isinstance(leaf, str) and SNS_TOPIC_ARN.match(leaf)]
        if link.targets or existing:
            return None
        if link.untraced:
            return f"alarm_actions cannot be traced to an SNS topic ({link.untraced})"
        return "alarm_actions names no SNS topic"


def _path_steps(attribute: str) -> tuple[str, ...]:
    """``dead_letter_config[0].arn`` -> ("dead_letter_config", "arn")."""
    steps = []
    for part in attribute.split("."):
        steps.append(part.split("[", 1)[0])
    return tuple(steps)

