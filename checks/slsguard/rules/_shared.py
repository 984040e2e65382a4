"""Helpers several rules share: key references, deliveries between services, statement tests."""

from __future__ import annotations

import fnmatch
from functools import lru_cache

from slsguard.gate.policy import Policy, Statement, condition_keys

AWS_MANAGED_ALIAS = "alias/aws/"


def customer_key_problem(ctx, resource, *path):
    """Why ``resource.path`` is not a customer-managed KMS key, or None when it is."""
    node = resource.values
    unknown = resource.unknown
    for key in path:
        value = node.get(key) if isinstance(node, dict) else None
        unknown = unknown.get(key) if isinstance(unknown, dict) else unknown
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(unknown, list):
            unknown = unknown[0] if unknown else False
        node = value
    attribute = ".".join(path)
    if isinstance(node, str) and node:
        if node.startswith(AWS_MANAGED_ALIAS) or ":alias/aws/" in node:
            return f"{attribute} is the AWS-managed key {node}"
        return None
    if unknown is True or isinstance(unknown, dict) and unknown:
        targets = ctx.model.references(resource, *path)
        if any(t.type in ("aws_kms_key", "aws_kms_replica_key") for t in targets):
            return None
        if any(t.type == "aws_kms_alias" or (t.mode == "data" and t.type in ("aws_kms_key", "aws_kms_alias"))
               for t in targets):
            return None
        return f"{attribute} is unknown at plan time and does not reference an aws_kms_key, so it cannot be judged"
    return f"{attribute} is not set (no customer-managed KMS key)"


def service_matches(identifier: str, service: str) -> bool:
    """``logs.eu-west-1.amazonaws.com`` matches ``logs``; wildcards in the identifier are honoured."""
    if not isinstance(identifier, str):
        return False
    return fnmatch.fnmatchcase(identifier, f"{service}.amazonaws.com") or fnmatch.fnmatchcase(
        identifier, f"{service}.*.amazonaws.com") or identifier.startswith(f"{service}.") and identifier.endswith(
        ".amazonaws.com")


@lru_cache(maxsize=1024)
def _action_covers(pattern: str, action: str) -> bool:
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def allows_service(policy: Policy, service: str, actions: tuple[str, ...], require_scope: bool = False) -> bool:
    """Whether some Allow statement grants every action in ``actions`` to the service principal."""
    for statement in policy.statements:
        if not statement.allows or not _grants_to_service(statement, service):
            continue
        if require_scope and not (condition_keys(statement) & {"aws:sourcearn", "aws:sourceaccount"}):
            continue
        granted = [a for a in statement.actions or [] if isinstance(a, str)]
        if all(any(_action_covers(pattern, action) for pattern in granted) for action in actions):
            return True
    return False


def _grants_to_service(statement: Statement, service: str) -> bool:
    principals = statement.principals or {}
    return any(service_matches(p, service) for p in principals.get("Service", []))


def has_deny_insecure_transport(policy: Policy) -> bool:
    for statement in policy.statements:
        if statement.effect != "Deny":
            continue
        principals = statement.principals or {}
        everyone = principals.get("*") == ["*"] or "*" in principals.get("AWS", [])
        covers = any(_action_covers(a, "sqs:SendMessage") for a in statement.actions or [] if isinstance(a, str))
        for operator, body in (statement.conditions or {}).items():
            if operator.lower().startswith("bool") and isinstance(body, dict):
                for key, value in body.items():
                    values = value if isinstance(value, list) else [value]
                    if key.lower() == "aws:securetransport" and any(str(v).lower() == "false" for v in values):
                        if everyone and covers:
                            return True
    return False


def reserved(function):
    """A function's reserved concurrency as an int, or None when unknown."""
    value = function.values.get("reserved_concurrent_executions")
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value
