"""Reading attribute values the same way from HCL and from plan JSON, for the CKV_SLS_* checks.

Checkov hands a resource's attributes to a check as lists (``{"name": ["orders"]}``). A value that
is not known statically arrives as the text of the reference that produces it, in HCL and in plan
JSON alike: ``aws_kms_key.orders.arn``, ``var.key_arn``, ``module.kms.key_arn``,
``data.aws_kms_alias.shared.target_key_arn``, or an interpolation ``"${...}"``; with
``EVAL_TF_PLAN_AFTER_UNKNOWN`` set, an unknown plan value is the marker ``true_after_unknown``.

Our checks fail closed: a value that cannot be judged is a failure whose details say so (the
``slsguard check`` gate judges such values from the configuration), never a pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Checkov's marker for a plan value that is "known after apply" (EVAL_TF_PLAN_AFTER_UNKNOWN).
AFTER_UNKNOWN = "true_after_unknown"
# The prefix every CKV_SLS_* detail for a value that could not be judged starts with, so that a
# consumer (the slsguard gate) can tell "unknown" failures from definite ones.
UNJUDGED = "unjudged:"

_IDENTIFIER = re.compile(r"[A-Za-z_][\w-]*")
_TYPE = re.compile(r"[a-z][a-z0-9]*_[a-z0-9_]+")


@dataclass(frozen=True)
class Reference:
    """A value that refers to something else instead of being a literal."""

    text: str
    kind: str  # "resource", "data", "var", "local", "module", "interpolation" or "unknown"
    target_type: str | None  # the resource or data source type, when the reference names one

    def is_managed(self, *resource_types: str) -> bool:
        """True when it refers to a managed resource of one of these types in the configuration."""
        return self.kind == "resource" and self.target_type in resource_types


MISSING = object()


def single(conf: dict[str, Any], key: str) -> Any:
    """The one value of ``key``, unwrapped from checkov's lists; MISSING when absent or null."""
    if key not in conf:
        return MISSING
    value = conf[key]
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    if value is None or value == [] or value == "":
        return MISSING
    return value


def block(conf: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The first nested block ``key`` (e.g. ``point_in_time_recovery``), or None."""
    value = conf.get(key)
    while isinstance(value, list) and value:
        value = value[0]
    return value if isinstance(value, dict) else None


def as_reference(value: Any) -> Reference | None:
    """A Reference when ``value`` is not a literal, else None."""
    if not isinstance(value, str):
        return None
    if value == AFTER_UNKNOWN:
        return Reference(value, "unknown", None)
    if "${" in value:
        return Reference(value, "interpolation", None)
    if any(char in value for char in "/: "):
        return None  # ARNs, aliases and other literals
    parts = value.split(".")
    if len(parts) < 2 or not all(_IDENTIFIER.fullmatch(part.split("[")[0]) for part in parts):
        return None
    head = parts[0]
    if head in ("var", "local", "module"):
        return Reference(value, head, None)
    if head == "data" and len(parts) >= 3:
        return Reference(value, "data", parts[1])
    if _TYPE.fullmatch(head):
        return Reference(value, "resource", head)
    return None


def as_bool(value: Any) -> bool | None:
    """True/False for a literal boolean (HCL, plan or string form), None otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def as_int(value: Any) -> int | None:
    """The integer of a literal number (or its string form), None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def unjudged(what: str, value: Any) -> str:
    return f"{UNJUDGED} {what} is {value!r}, which cannot be judged statically; fail closed"
