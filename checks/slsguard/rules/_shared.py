"""Helpers several rules share: key references, deliveries between services, statement tests,
alarms that must reach someone."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from slsguard.gate.policy import Policy, Statement, condition_keys, is_public_principal
from slsguard.gate.arn import arn_fields
from slsguard.gate.values import UNKNOWN_FIELD, Partial, Unevaluable, Unknown, as_text, is_pending, resource_type_of
from slsguard.gate.wildcard import wildcard_match

AWS_MANAGED_ALIAS = "alias/aws/"
KEY_TYPES = ("aws_kms_key", "aws_kms_replica_key")


def customer_key_problem(ctx, resource, *path):
    """Why ``resource.path`` is not a customer-managed KMS key, or None when it is."""
    attribute = ".".join(path)
    if len(path) == 1 and resource.is_unknown(path[0]):
        link = ctx.facts.link(resource, *path, types=KEY_TYPES)  # the usual reference to a key
        if link.targets and link.untraced is None:
            return _aws_managed_read(attribute, link.targets)
    value = ctx.values.attribute(resource, *path)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str) and value:
        if value.startswith(AWS_MANAGED_ALIAS) or ":alias/aws/" in value:
            return f"{attribute} is the AWS-managed key {value}"
        return _aws_managed_read(attribute, ctx.facts.link_value(value, KEY_TYPES, resource).targets)
    if ctx.values.configured(resource, *path) is False:
        return f"{attribute} is not set (no customer-managed KMS key)"  # what the provider computes is AWS's key
    if isinstance(value, Unevaluable):
        return f"{attribute} cannot be evaluated ({value.reason}), so the key cannot be judged"
    if isinstance(value, Unknown):
        link = ctx.facts.link_value(value, KEY_TYPES, resource)
        if link.targets and link.untraced is None:
            return _aws_managed_read(attribute, link.targets)
        if _names_key_from_outside_plan(ctx, value):
            return None
        return f"{ctx.values.describe_missing(resource, *path)} and does not reference a customer-managed " \
               "aws_kms_key, so it cannot be judged"
    return f"{ctx.values.describe_missing(resource, *path)} (no customer-managed KMS key)"


def _names_key_from_outside_plan(ctx, value):
    """An existing customer key or alias read by a data source (not AWS-managed: aws/ aliases are
    refused when they are known, and a data source's key is looked up by a name the team chose)."""
    sources = [ctx.model.by_address.get(address) for address, _ in value.sources]
    return bool(sources) and all(s is not None and s.mode == "data" and s.type in ("aws_kms_key", "aws_kms_alias")
                                 and _aws_managed_name(s) is None for s in sources)


def _aws_managed_read(attribute, keys):
    """Why a key is not the team's when it is an existing AWS-managed key that a data source reads
    (data.aws_kms_key with key_id = "alias/aws/sqs"); None for keys of the plan and customer keys."""
    for key in keys:
        name = _aws_managed_name(key)
        if name is not None:
            return f"{attribute} is the AWS-managed key {name} (read by {key.address})"
    return None


def _aws_managed_name(source):
    if source.mode != "data":
        return None
    for name in (source.values.get("name"), source.values.get("key_id")):
        if isinstance(name, str) and (name.startswith(AWS_MANAGED_ALIAS) or ":alias/aws/" in name):
            return name
    return source.values.get("arn") or source.address if source.values.get("key_manager") == "AWS" else None


def holds_whichever_kept(uses, holds) -> bool:
    """Whether ``holds(policy)`` is true of a queue's or topic's policy whichever AWS keeps: it has
    one, and every resource that sets it (the queue's own ``policy``, each aws_sqs_queue_policy on
    it) replaces the others, the last applied winning. No policy at all holds nothing."""
    return bool(uses) and all(holds(use.policy) for use in uses)


def competing(uses) -> str:
    """" (A and B each set its one policy; AWS keeps the last applied)" when several do."""
    if len(uses) < 2:
        return ""
    return f" ({' and '.join(use.resource.address for use in uses)} each set its one policy; AWS keeps the last applied)"


def blocks_pending(ctx, resource, *path) -> bool:
    """Whether the resource's ``path`` blocks (``destination_config``, ``target.retry_policy``) are
    known only at apply: terraform leaves them unknown and the source writes them ``dynamic`` over a
    collection known then (``for_each = local.enabled ? [...] : []`` with a flag read at apply), or
    the source is not there to tell. They may not exist at all, so a rule that needs them cannot
    judge; a dynamic block over a collection known now is planned, its values unknown or not."""
    unknown = resource.unknown
    for step in path:
        unknown = unknown.get(step) if isinstance(unknown, dict) else unknown
        if isinstance(unknown, list):
            unknown = unknown[0] if unknown else False
    if unknown is not True:
        return False
    expanded = ctx.values.blocks(resource, path[0])
    for step in path[1:]:
        if not expanded:
            return expanded is None  # no outer block: nothing inside it is pending
        expanded = ctx.values.expand(expanded[0][0], step, expanded[0][1])
    return expanded is None


PENDING_BLOCK = "is written by a dynamic block over a value known only at apply, so whether it exists cannot be judged"


def service_matches(identifier, service):
    """``logs.eu-west-1.amazonaws.com`` matches ``logs``; wildcards in the identifier are honoured."""
    if not isinstance(identifier, str):
        return False
    return (wildcard_match(identifier, f"{service}.amazonaws.com", case_sensitive=True)
            or identifier.startswith(f"{service}.") and identifier.endswith(".amazonaws.com"))


@dataclass(frozen=True)
class PendingQualifier:
    """A qualifier known only at apply (a version this apply publishes): the same as another only
    when both come from the same attributes."""

    sources: frozenset
    shown: str = field(compare=False)

    @classmethod
    def of(cls, value):
        # A function's qualified_arn ends in the version this apply publishes: the same qualifier.
        sources = frozenset((address, "version" if attribute == "qualified_arn" else attribute)
                            for address, attribute in value.sources) if isinstance(value, Unknown) else frozenset()
        shown = value.describe() if isinstance(value, Unknown) else value.reason
        # Nothing to compare it by: it is like no other.
        return cls(sources or frozenset({(f"unknown #{id(value)}", "")}), f"{shown} (known only at apply)")


def _pending_qualifier(ctx, value):
    """The qualifier of a version known only at apply; None ($LATEST) when it comes from functions
    that publish no version (their version and qualified_arn are $LATEST)."""
    if isinstance(value, Partial) and isinstance(value.parts[-1], Unknown):
        value = value.parts[-1]  # "${f.arn}:${f.version}": the qualifier is the last part
    sources = value.sources if isinstance(value, Unknown) else frozenset()
    functions = [ctx.model.by_address.get(address) for address, attribute in sources
                 if attribute in ("version", "qualified_arn")]
    if functions and len(functions) == len(sources) \
            and all(f is not None and f.values.get("publish") is False for f in functions):
        return None
    return PendingQualifier.of(value)


def function_qualifier(ctx, resource, *path, qualifier_argument=None):
    """The qualifier a function reference at ``path`` invokes: the resource's own qualifier
    argument when it sets one, else the one the reference names (an alias's ARN, a qualified ARN or
    ``name:qualifier``, also written as ``"${aws_lambda_function.f.arn}:live"``); None for the
    unqualified function ($LATEST); an Unknown when it is known only at apply (a version this apply
    publishes). Lambda keeps permissions and asynchronous invocation settings per qualifier."""
    if qualifier_argument is not None:
        written = ctx.values.attribute(resource, qualifier_argument)
        if is_pending(written):
            return _pending_qualifier(ctx, written)
        if written not in (None, "", "$LATEST"):
            return written
    value = ctx.values.attribute(resource, *path)
    text = as_text(value)
    if text is None:
        # An ARN known only at apply is the alias or the version it comes from (a plain function's
        # name never says which alias: an alias's ARN is indexed under its function's name too).
        sources = value.sources if isinstance(value, Unknown) else frozenset()
        aliases = sorted(address for address, _ in sources if resource_type_of(address) == "aws_lambda_alias")
        if aliases and aliases[0] in ctx.model.by_address:
            return ctx.model.by_address[aliases[0]].values.get("name")
        return _pending_qualifier(ctx, value) if any(attribute == "qualified_arn" for _, attribute in sources) else None
    fields = text.split(":")
    written = fields[7] if len(fields) == 8 else fields[1] if len(fields) == 2 else None
    if written in (None, "$LATEST"):
        return None
    return _pending_qualifier(ctx, value) if UNKNOWN_FIELD in written else written


def shown_qualifier(qualifier):
    return qualifier.shown if isinstance(qualifier, PendingQualifier) else qualifier


def action_covers(pattern, action):
    return isinstance(pattern, str) and wildcard_match(pattern, action)


def allows_service(policy: Policy, service: str, actions: tuple[str, ...], require_scope: bool = False,
                   admits: Callable[[Statement], bool] | None = None) -> bool:
    """Whether some Allow statement grants every action in ``actions`` to the service principal (and,
    given ``admits``, its conditions admit the delivery)."""
    for statement in policy.statements:
        if not statement.allows or not _grants_to_service(statement, service) \
                or (admits is not None and not admits(statement)):
            continue
        if require_scope and not (condition_keys(statement) & {"aws:sourcearn", "aws:sourceaccount"}):
            continue
        granted = statement.actions or []
        if all(any(action_covers(pattern, action) for pattern in granted) for action in actions):
            return True
    return False


def admits_sender(ctx, statement: Statement, senders: list) -> bool:
    """Whether the statement's aws:SourceArn, if it has one, admits one of ``senders`` (the rule,
    topic or alarm delivering). A written ARN pattern is compared with a sender's ARN when the plan
    knows it; before apply it cannot be, and is taken to admit it."""
    arns = condition_values(statement, "aws:sourcearn", present=True)
    if not arns or not senders:
        return True
    addresses = {sender.address for sender in senders}
    types = tuple(sorted({sender.type for sender in senders}))
    traced = [arn for arn in arns if not isinstance(arn, str)]
    if addresses & {target.address for target in ctx.facts.link_value(traced, types).targets}:
        return True
    known = [sender.values.get("arn") for sender in senders]
    return any(isinstance(pattern, str) and (not isinstance(arn, str) or wildcard_match(pattern, arn, case_sensitive=True))
               for pattern in arns for arn in known)


def _grants_to_service(statement: Statement, service: str) -> bool:
    principals = statement.principals or {}
    return any(service_matches(p, service) for p in principals.get("Service", []))


# Condition keys that confine a statement to one account or organisation (as callers, or as the
# owners of the resource a service acts for). kms:CallerAccount does so in key policies (as in
# the AWS-managed keys); kms:ViaService does not: any account's principal may use that service.
ACCOUNT_SCOPING_KEYS = frozenset({
    "aws:sourceaccount", "aws:sourceowner", "aws:sourcearn", "aws:principalaccount", "aws:principalorgid",
    "aws:principalorgpaths", "aws:sourceorgid", "aws:sourceorgpaths", "kms:calleraccount", "aws:principalarn"})
# ARN-valued keys confine to an account only through the ARN's account field (or, for ARNs without
# one, such as S3 buckets', a named resource): arn:aws:sns:eu-west-1:*:* is every account's topic.
_ARN_KEYS = frozenset({"aws:sourcearn", "aws:principalarn"})


def condition_values(statement: Statement, key: str, present: bool = False) -> list:
    """The values a statement requires of condition ``key`` (lower case), from the operators that
    restrict it: negated operators (StringNotEquals...) confine nothing, nor do ...IfExists and
    ForAllValues, which pass when the key is absent, unless ``present``: the key is in every request
    judged (a delivery's aws:SourceArn, the encryption context Logs sends)."""
    found: list = []
    for operator, body in (statement.conditions or {}).items():
        if not isinstance(operator, str) or not isinstance(body, dict):
            continue
        bare = operator.split(":")[-1].lower()
        if "not" in bare or bare == "null" or bare.endswith("ifexists") and not present:
            continue
        if operator.lower().startswith("forallvalues:") and not present:
            continue  # true when the request has no such key at all (a principal outside any organisation)
        for name, value in body.items():
            if isinstance(name, str) and name.lower() == key:
                found.extend(value if isinstance(value, list) else [value])
    return found


def scoped_to_account(statement: Statement) -> bool:
    """Whether some account or organisation condition confines the statement to named values: its
    values are ORed, so each must name an account, organisation or resource; '*', a wildcard over
    them ('o-*', '1234*') or a value that could be anything (an SSM parameter's) confines nothing."""
    for key in ACCOUNT_SCOPING_KEYS:
        values = condition_values(statement, key)
        if values and all(_confines(key, value) for value in values):
            return True
    return False


def fenced_to_account(policy: Policy, allow: Statement) -> bool:
    """Whether a Deny to everyone fences an Allow in: on each of its actions and every resource,
    for callers outside named accounts or organisations (StringNotEquals aws:PrincipalOrgID =
    o-...), so the Allow reaches those only ("allow '*', deny outside the organisation")."""
    if not allow.actions:
        return False  # NotAction: what it allows cannot be matched action by action
    for deny in policy.statements:
        if deny.effect != "Deny" or not is_public_principal(deny) or "*" not in (deny.resources or []):
            continue
        if all(any(action_covers(pattern, action) for pattern in deny.actions or []) for action in allow.actions) \
                and _denies_outside_account(deny):
            return True
    return False


def _denies_outside_account(deny: Statement) -> bool:
    for operator, body in (deny.conditions or {}).items():
        if not isinstance(operator, str) or not isinstance(body, dict) or ":" in operator:
            continue  # ForAnyValue/ForAllValues: set semantics, not read here
        if "not" not in operator.lower():
            continue  # StringEquals, Null...: not a fence around named accounts
        for key, value in body.items():
            values = value if isinstance(value, list) else [value]
            if isinstance(key, str) and key.lower() in ACCOUNT_SCOPING_KEYS \
                    and values and all(_confines(key.lower(), v) for v in values):
                return True
    return False


# An organisation path confines from its organisation on: o-<id>/ before any wildcard.
_ORG_PATH = re.compile(r"o-[a-z0-9]+/")


def _confines(key: str, value) -> bool:
    if isinstance(value, Unknown) and not value.names_its_sources:
        return False  # known at apply and possibly '*'; an account ID or an organisation's id is not
    text = as_text(value) if isinstance(value, Unknown) else str(value) if isinstance(value, int) else value
    if not isinstance(text, str):
        return isinstance(value, Unknown)  # wholly an identifier known at apply
    if key in _ARN_KEYS:
        arn = arn_fields(text)
        if arn is None:
            return False
        if arn.account:
            return arn.account == UNKNOWN_FIELD or len(arn.account) == 12 and arn.account.isdigit()
        return not any(wildcard in arn.resource for wildcard in "*?")
    if key.endswith("orgpaths"):
        return _ORG_PATH.match(text) is not None  # a wildcard before the "/" breaks the match
    return not any(wildcard in text for wildcard in "*?")


def admits_every(resource, probes: tuple[str, ...]) -> bool:
    """Whether an ARN pattern (around values known only at apply, each one field) matches every
    probe ARN, whose ``{partition}`` and ``{account}`` are the pattern's own fields as written (a
    pattern matches its own text): a pattern is judged by what it matches, IAM's way, not by its
    fields (``arn:aws:iam::123456789012*`` spans the account and the resource)."""
    text = as_text(resource)
    if text is None or not text.startswith("arn:"):
        return False
    fields = text.split(":")
    partition, account = (fields[i] if len(fields) > i else "" for i in (1, 4))
    return all(wildcard_match(text, probe.format(partition=partition, account=account), case_sensitive=True)
               for probe in probes)


# A queue and a role under a path: two services, one regional and one global. A pattern matching
# both whatever their names (arn:aws:*:*:111122223333:*, arn:*) is Resource '*' by another spelling.
_UNRELATED_RESOURCES = ("arn:{partition}:sqs:eu-west-1:{account}:probe-queue",
                        "arn:{partition}:iam::{account}:role/probe/probe-role")


def _every_resource_pattern(resources: list):
    return next((r for r in resources if admits_every(r, _UNRELATED_RESOURCES)), None)


def covers_every_resource(statement: Statement) -> bool:
    """Resource '*' (or a pattern as broad), or NotResource: "every resource but these" is as broad
    for the rules that ask whether a grant is scoped to named resources."""
    resources = statement.resources or []
    return "*" in resources or statement.not_resources is not None or _every_resource_pattern(resources) is not None


def resource_scope(statement: Statement) -> str:
    resources = statement.resources or []
    if "*" in resources:
        return "Resource '*'"
    pattern = _every_resource_pattern(resources)
    if pattern is not None:
        return f"Resource '{pattern.shown() if isinstance(pattern, Partial) else pattern}' (every resource)"
    return f"NotResource {statement.not_resources[:3]!r} (every other resource)"


def reserved(function):
    """A function's reserved concurrency as an int, or None when unknown."""
    value = function.values.get("reserved_concurrent_executions")
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def misdirected_alarms(ctx, metrics, resource):
    """" (alarm X names it by its ARN ...)" for alarms on ``metrics`` that never watch ``resource``."""
    reasons = [reason for metric in metrics for reason in ctx.facts.misdirected_alarms(metric, resource)]
    return f" ({'; '.join(reasons)})" if reasons else ""


def unanswered_alarm(ctx, metric, resource):
    """Why no alarm on ``metric`` reaches someone for ``resource``, or None when one does."""
    alarms = ctx.facts.watching_alarms(metric, resource)
    if not alarms:
        return f"has no alarm on {metric}{misdirected_alarms(ctx, [metric], resource)}"
    silences = [(alarm, ctx.facts.alarm_silence(alarm)) for alarm in alarms]
    if any(silence is None for _, silence in silences):
        return None
    return "; ".join(f"its {metric} alarm {alarm.address} notifies no one: {silence}" for alarm, silence in silences)
