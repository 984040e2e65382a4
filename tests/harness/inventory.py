"""Expected-value inventories of plan scenarios (in the spirit of cloud-foundation-fabric).

An inventory is the expected part of a scenario file (harness.scenarios)::

    values:            # resource address -> attributes that must equal (subset match)
      module.this.aws_kms_key.this:
        enable_key_rotation: true
    counts:            # resource type -> how many the plan creates
      aws_kms_key: 1
    outputs: {}        # root output name -> known value subset (optional)

Dictionaries match as subsets; lists and scalars match exactly. Addresses and types in the plan
that the inventory does not name are ignored, but every one it names must be present.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path



def planned_resources(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """address -> planned values, for every managed resource in every nested module."""
    found: dict[str, dict[str, Any]] = {}

    def walk(module: dict[str, Any]) -> None:
        for resource in module.get("resources", []):
            if resource.get("mode") == "managed":
                found[resource["address"]] = resource.get("values", {})
        for child in module.get("child_modules", []):
            walk(child)

    walk(plan.get("planned_values", {}).get("root_module", {}))
    return found


def _mismatches(expected: Any, actual: Any, path: str) -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected a map, planned {actual!r}"]
        problems: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{path}.{key}: missing from the plan")
            else:
                problems += _mismatches(value, actual[key], f"{path}.{key}")
        return problems
    if expected != actual:
        return [f"{path}: expected {expected!r}, planned {actual!r}"]
    return []


def check_inventory(plan: dict[str, Any], inventory: dict[str, Any]) -> list[str]:
    resources = planned_resources(plan)
    problems: list[str] = []
    for address, values in (inventory.get("values") or {}).items():
        if address not in resources:
            problems.append(f"{address}: not in the plan (planned: {sorted(resources)})")
        else:
            problems += _mismatches(values, resources[address], address)
    counts = Counter(address_type(address) for address in resources)
    for resource_type, expected in (inventory.get("counts") or {}).items():
        if counts.get(resource_type, 0) != expected:
            problems.append(f"count of {resource_type}: expected {expected}, planned {counts.get(resource_type, 0)}")
    planned_outputs = {name: item.get("value") for name, item in plan.get("planned_values", {}).get("outputs", {}).items()}
    for name, value in (inventory.get("outputs") or {}).items():
        problems += _mismatches(value, planned_outputs.get(name), f"output.{name}")
    return problems


def address_type(address: str) -> str:
    """``module.a.module.b.aws_x.name["key"]`` -> ``aws_x``."""
    parts = address.split("[", 1)[0].split(".")
    while parts[:1] == ["module"]:
        parts = parts[2:]
    return parts[0]


def assert_inventory(plan: dict[str, Any], inventory: dict[str, Any], source: Path) -> None:
    """Fail with every difference between ``plan`` and ``inventory`` (read from ``source``)."""
    if not (inventory.get("values") or inventory.get("counts") or inventory.get("outputs")):
        raise AssertionError(f"inventory {source} expects nothing; an empty inventory proves nothing")
    problems = check_inventory(plan, inventory)
    assert not problems, f"plan differs from {source}:\n  " + "\n  ".join(problems)
