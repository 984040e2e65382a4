"""A small IAM policy evaluator, enough to prove what a permissions boundary and SCPs deny.

It follows the documented evaluation logic for a request inside one account, without resource
policies or session policies:

1. an explicit ``Deny`` in any SCP, the boundary or the identity policies wins;
2. every SCP level (root, OU, account: a list of policies each) must ``Allow`` the request;
3. the permissions boundary, when there is one, must ``Allow`` it;
4. the identity policies must ``Allow`` it; anything else is an implicit deny.

Supported: Action/NotAction and Resource/NotResource with ``*``/``?`` wildcards (actions
case-insensitively), and the condition operators String(Not)Equals, String(Not)Like,
Arn(Not)Equals, Arn(Not)Like (component-wise, so ``*`` never crosses an ARN's colons), Bool and
Null, each with ``...IfExists`` and the ``ForAnyValue:``/``ForAllValues:`` set qualifiers. Anything
else (another operator, policy variables, Principal in an identity policy, a multi-valued key under
a single-valued operator) raises :class:`PolicyError`: an evaluator that guessed would prove nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slsguard.gate.wildcard import wildcard_match

ContextValue = str | bool | Sequence[str]


class PolicyError(ValueError):
    """A policy or request the evaluator cannot judge faithfully."""


@dataclass(frozen=True)
class Request:
    """One API call: who, what, on which resource, where, and the other condition keys."""

    principal_arn: str
    action: str
    resource: str = "*"
    region: str | None = None
    context: Mapping[str, ContextValue] = field(default_factory=dict)

    def keys(self) -> dict[str, ContextValue]:
        """Condition keys by lower-case name (key names are case-insensitive in IAM)."""
        found: dict[str, ContextValue] = {"aws:principalarn": self.principal_arn}
        if self.region is not None:
            found["aws:requestedregion"] = self.region
        found.update({name.lower(): value for name, value in self.context.items()})
        return found


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str


@dataclass(frozen=True)
class Policy:
    """A named policy document (the name shows up in decisions)."""

    name: str
    document: Mapping[str, Any]

    def statements(self) -> list[Mapping[str, Any]]:
        statements = self.document.get("Statement")
        if isinstance(statements, Mapping):
            return [statements]
        if not isinstance(statements, list) or not statements:
            raise PolicyError(f"{self.name}: Statement must be an object or a non-empty list")
        return statements


def arn_match(pattern: str, value: str) -> bool:
    """ArnLike: the six colon-separated parts match one by one (the resource part may hold colons)."""
    pattern_parts, value_parts = pattern.split(":", 5), value.split(":", 5)
    if len(pattern_parts) != 6 or len(value_parts) != 6:
        return False
    return all(wildcard_match(p, v, case_sensitive=True) for p, v in zip(pattern_parts, value_parts))


def _as_list(value: Any, where: str) -> list[Any]:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, str) and "${" in item:
            raise PolicyError(f"{where}: policy variables such as {item!r} are not supported")
    return values


def _bool_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


_MATCHERS = {
    "StringEquals": lambda pattern, value: pattern == value,
    "StringLike": lambda pattern, value: wildcard_match(pattern, value, case_sensitive=True),
    "ArnEquals": lambda pattern, value: pattern == value,
    "ArnLike": arn_match,
    "Bool": lambda pattern, value: _bool_text(pattern).lower() == _bool_text(value).lower(),
}
_NEGATED = {
    "StringNotEquals": "StringEquals",
    "StringNotLike": "StringLike",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
}


def _condition_holds(operator: str, key: str, expected: Any, request_keys: Mapping[str, ContextValue]) -> bool:
    qualifier, _, base = operator.rpartition(":")
    if qualifier not in ("", "ForAnyValue", "ForAllValues"):
        raise PolicyError(f"unsupported set qualifier {qualifier!r} in {operator!r}")
    if_exists = base.endswith("IfExists")
    base = base.removesuffix("IfExists")
    patterns = [_bool_text(p) for p in _as_list(expected, f"condition {operator} {key}")]
    present = key.lower() in request_keys
    actual = request_keys.get(key.lower())

    if base == "Null":
        if qualifier or if_exists:
            raise PolicyError(f"{operator} is not a valid operator")
        return any((p.lower() == "true") == (not present) for p in patterns)

    negated = base in _NEGATED
    matcher = _MATCHERS.get(_NEGATED.get(base, base))
    if matcher is None:
        raise PolicyError(f"unsupported condition operator {operator!r}")

    if not present:
        if qualifier == "ForAllValues":
            return True
        if qualifier == "ForAnyValue":
            return False
        return if_exists or negated

    def matches_any_pattern(value: Any) -> bool:
        return any(matcher(pattern, _bool_text(value)) for pattern in patterns)

    if qualifier:
        values = actual if isinstance(actual, list) else [actual]
        # A negated operator under a set qualifier asks whether each value matches none of the patterns.
        hits = [matches_any_pattern(value) != negated for value in values]
        return any(hits) if qualifier == "ForAnyValue" else all(hits)
    if isinstance(actual, (list, tuple)):
        raise PolicyError(f"{key} is multi-valued in the request: use ForAnyValue:/ForAllValues: with {operator}")
    return matches_any_pattern(actual) != negated


def statement_applies(statement: Mapping[str, Any], request: Request, where: str = "statement") -> bool:
    """Whether the statement's action, resource and condition elements all match the request."""
    if "Principal" in statement or "NotPrincipal" in statement:
        raise PolicyError(f"{where}: Principal belongs to resource policies, not identity policies, boundaries or SCPs")
    if ("Action" in statement) == ("NotAction" in statement):
        raise PolicyError(f"{where}: needs exactly one of Action and NotAction")
    if ("Resource" in statement) == ("NotResource" in statement):
        raise PolicyError(f"{where}: needs exactly one of Resource and NotResource")
    if statement.get("Effect") not in ("Allow", "Deny"):
        raise PolicyError(f"{where}: Effect must be Allow or Deny")

    if "Action" in statement:
        action_hit = any(wildcard_match(p, request.action) for p in _as_list(statement["Action"], where))
    else:
        action_hit = not any(wildcard_match(p, request.action) for p in _as_list(statement["NotAction"], where))
    if not action_hit:
        return False

    if "Resource" in statement:
        resource_hit = any(wildcard_match(p, request.resource, case_sensitive=True) for p in _as_list(statement["Resource"], where))
    else:
        resource_hit = not any(wildcard_match(p, request.resource, case_sensitive=True) for p in _as_list(statement["NotResource"], where))
    if not resource_hit:
        return False

    request_keys = request.keys()
    for operator, keys in (statement.get("Condition") or {}).items():
        if not isinstance(keys, Mapping):
            raise PolicyError(f"{where}: condition {operator} must map keys to values")
        for key, expected in keys.items():
            if not _condition_holds(operator, key, expected, request_keys):
                return False
    return True


def _matching(policies: Iterable[Policy], request: Request, effect: str) -> list[str]:
    hits = []
    for policy in policies:
        for index, statement in enumerate(policy.statements()):
            label = f"{policy.name}:{statement.get('Sid') or f'#{index}'}"
            if statement_applies(statement, request, label) and statement["Effect"] == effect:
                hits.append(label)
    return hits


def decide(request: Request, identity: Sequence[Policy], boundary: Policy | None = None,
           scp_levels: Sequence[Sequence[Policy]] = ()) -> Decision:
    """The decision for ``request`` under identity policies, an optional boundary and SCP levels."""
    everything = [*identity, *([boundary] if boundary else []), *(p for level in scp_levels for p in level)]
    denies = _matching(everything, request, "Deny")
    if denies:
        return Decision(False, "explicit deny by " + ", ".join(denies))
    allowed_by = []
    for depth, level in enumerate(scp_levels):
        level_allows = _matching(level, request, "Allow")
        if not level_allows:
            names = ", ".join(p.name for p in level) or "no policy"
            return Decision(False, f"implicit deny: no SCP at level {depth} ({names}) allows it")
        allowed_by += level_allows
    if boundary is not None:
        boundary_allows = _matching([boundary], request, "Allow")
        if not boundary_allows:
            return Decision(False, f"implicit deny: the boundary {boundary.name} does not allow it")
        allowed_by += boundary_allows
    identity_allows = _matching(identity, request, "Allow")
    if not identity_allows:
        return Decision(False, "implicit deny: no identity policy allows it")
    return Decision(True, "allowed by " + ", ".join(allowed_by + identity_allows))
