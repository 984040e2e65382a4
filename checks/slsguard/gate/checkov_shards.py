"""Cut a plan into what Checkov needs, once per distinct module shape, in shards for the cores.

Checkov on a plan grows faster than linearly (10x the resources cost it ~17x the time: its
references are matched among every vertex of the same name) and spends most of the rest parsing
the JSON with a line-tracking YAML loader. Three cuts, each keeping its verdicts:

- *reduce*: only the resources of the types the selected checks read (``types``), and of each
  resource and resource change only what Checkov reads of it (``PLANNED_KEYS``, ``_trim_change``);
  the configuration block, which holds the references its graph is built from, stays whole.
- *judge each shape once*: a top-level module instance whose plan text equals another's with only
  the instance key replaced is judged through that other instance; its failures are the other's
  with the key replaced back (``expand``). Checkov's curated checks judge values by structure and
  by fixed vocabularies (runtimes, policy ARNs, actions), never by the key an instance was named by.
- *shard*: Checkov's graph joins a reference to the vertex of the same module instance (a value
  passed into a module is not an edge in a plan), so top-level instances are independent units;
  units are packed into shards of about SHARD_RESOURCES resources, the root's own resources in one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import orjson

SHARD_RESOURCES = 500
# Marks the key inside a canonical instance text: NUL cannot occur in a JSON text unescaped.
PLACEHOLDER = "\x00"
# A key this short or plain could occur inside unrelated words ("aws", "arn"), so replacing it
# would not be a renaming; such instances are judged on their own.
DISTINCT_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/-]{3,}")
TOP_LEVEL = re.compile(r'^(module\.[A-Za-z_][A-Za-z0-9_-]*(?:\[(?:"((?:[^"\\]|\\.)*)"|\d+)\])?)(?:\.|$)')


def instance_of(address: str) -> str | None:
    """``module.a["k"]`` for any address inside that top-level module instance; None for the root."""
    match = TOP_LEVEL.match(address)
    return match.group(1) if match else None


def _key(instance: str) -> str | None:
    match = TOP_LEVEL.match(instance)
    key = match.group(2) if match else None
    return key if key is not None and "\\" not in key and DISTINCT_KEY.fullmatch(key) else None


def _trim_change(change: dict[str, Any]) -> dict[str, Any]:
    """What Checkov reads of a resource change: the actions, the after_unknown entries it acts on
    (an unknown value, or a one-block list naming unknown keys), and before/after only on the keys
    whose value changes (it lists those as the change keys)."""
    body = change.get("change") or {}
    before, after = body.get("before") or {}, body.get("after") or {}
    changed = [key for key, value in before.items() if value != after.get(key)] if isinstance(before, dict) else []
    unknown = body.get("after_unknown")
    if isinstance(unknown, dict):
        unknown = {key: value for key, value in unknown.items() if value is True or (
            isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict) and value[0])}
    trimmed = {"actions": body.get("actions"), "after_unknown": unknown,
               "before": {key: before[key] for key in changed} if changed else body.get("before"),
               "after": {key: after[key] for key in changed if key in after} if changed else None}
    return {"address": change.get("address"), "change": trimmed}


# What Checkov reads of a planned resource (not its provider, schema version or sensitive marks).
PLANNED_KEYS = ("address", "mode", "type", "name", "values")


def _kept_module(module: dict[str, Any], keep) -> dict[str, Any]:
    reduced = {key: value for key, value in module.items() if key not in ("resources", "child_modules")}
    reduced["resources"] = [_planned(resource) for resource in module.get("resources", []) if keep(resource)]
    reduced["child_modules"] = [_kept_module(child, keep) for child in module.get("child_modules", [])]
    return reduced


def _planned(resource: dict[str, Any]) -> dict[str, Any]:
    return {key: resource[key] for key in PLANNED_KEYS if key in resource}


def _count(module: dict[str, Any]) -> int:
    return len(module["resources"]) + sum(_count(child) for child in module["child_modules"])


@dataclass
class Unit:
    """The root's own resources (instance None) or one top-level module instance, reduced."""
    instance: str | None
    modules: list[dict[str, Any]]  # planned_values child modules (the root unit: none)
    resources: list[dict[str, Any]]  # planned_values root resources (module units: none)
    changes: list[dict[str, Any]]
    members: list[str] = field(default_factory=list)  # other instances judged through this one

    @property
    def size(self) -> int:
        return len(self.resources) + sum(_count(module) for module in self.modules)


def units(plan: dict[str, Any], types: set[str] | None) -> list[Unit]:
    """The plan's independent units, reduced to ``types`` (None: every type), one per distinct shape."""
    def keep(resource: dict[str, Any]) -> bool:
        return types is None or resource.get("type") in types

    root_module = (plan.get("planned_values") or {}).get("root_module") or {}
    root = Unit(None, [], [_planned(r) for r in root_module.get("resources", []) if keep(r)], [])
    by_instance: dict[str, Unit] = {}
    for module in root_module.get("child_modules", []):
        instance = module.get("address", "")
        by_instance[instance] = Unit(instance, [_kept_module(module, keep)], [], [])
    for change in plan.get("resource_changes") or []:
        if not keep(change):
            continue
        owner = by_instance.get(instance_of(change.get("address", "")) or "", root)
        owner.changes.append(_trim_change(change))
    shapes: dict[bytes, Unit] = {}
    found = [root] if root.resources or root.changes else []
    for instance, unit in by_instance.items():
        if not unit.size and not unit.changes:
            continue
        key = _key(instance)
        text = orjson.dumps([unit.modules, unit.changes], option=orjson.OPT_SORT_KEYS).decode()
        if key is None or PLACEHOLDER in text:
            found.append(unit)
            continue
        canonical = text.replace(key, PLACEHOLDER).encode()
        first = shapes.setdefault(canonical, unit)
        if first is unit:
            found.append(unit)
        else:
            first.members.append(instance)
    return found


def shard_plans(plan: dict[str, Any], found: list[Unit], shard_resources: int = SHARD_RESOURCES) -> list[dict[str, Any]]:
    """Plans of about ``shard_resources`` resources each, every unit whole in one of them."""
    shards: list[list[Unit]] = []
    size = shard_resources
    for unit in sorted(found, key=lambda u: -u.size):
        if size + unit.size > shard_resources and (not shards or size > 0):
            shards.append([])
            size = 0
        shards[-1].append(unit)
        size += unit.size
    head = {key: plan[key] for key in ("format_version", "terraform_version", "configuration") if key in plan}
    root_module = (plan.get("planned_values") or {}).get("root_module") or {}
    plans = []
    for shard in shards or [[]]:
        planned = {key: value for key, value in root_module.items() if key not in ("resources", "child_modules")}
        planned["resources"] = [r for unit in shard for r in unit.resources]
        planned["child_modules"] = [m for unit in shard for m in unit.modules]
        plans.append(head | {"planned_values": {"root_module": planned},
                             "resource_changes": [c for unit in shard for c in unit.changes]})
    return plans


def expand(records: list[dict[str, Any]], found: list[Unit]) -> list[dict[str, Any]]:
    """Checkov's failed records, plus each record of a shape's instance renamed to every member."""
    judged = {unit.instance: unit for unit in found if unit.members}
    expanded = list(records)
    for record in records:
        address = record.get("resource_address") or record.get("resource")
        unit = judged.get(instance_of(address)) if isinstance(address, str) else None
        if unit is None:
            continue
        key = _key(unit.instance or "")
        assert key is not None  # only instances with a distinct key have members
        text = orjson.dumps(record).decode()
        for member in unit.members:
            expanded.append(orjson.loads(text.replace(key, _key(member) or "")))
    return expanded
