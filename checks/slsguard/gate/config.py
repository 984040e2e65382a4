"""The gate's configuration: packaged defaults, overridden by a user file validated by a schema.

Everything the gate reads besides the plan (schemas, Checkov policies and configuration, rule
catalogue data, SCP and boundary documents) lives in the repository's ``policies/`` folder, the one
editable copy. The package reaches it through the ``slsguard/data/policies`` link, which the wheel
materialises as regular files (``[tool.setuptools.package-data]``), so a checkout and an install
read the same data at the same place. The link sits in a folder of its own because Checkov runs
in the folder above ``policies/`` (config.yaml's paths are relative to it), and must not find our
modules there (``slsguard/packaging.py`` would shadow the ``packaging`` distribution).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from slsguard.errors import SlsguardError

HERE = Path(__file__).resolve().parent
POLICIES = (HERE.parent / "data" / "policies").resolve()
SCHEMAS = POLICIES / "schemas"
PROFILES = POLICIES / "gate-profiles.yaml"
DEFAULT_CONFIG = HERE / "default_config.json"
DEFAULT_PROFILE = "full"


@lru_cache(maxsize=None)
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text())


def read_data_file(path: Path, what: str) -> Any:
    """Read a YAML or JSON file (JSON is YAML); any problem is one sentence."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SlsguardError(f"cannot read {what} {path}: {error.strerror or error}.") from error
    try:
        if path.suffix == ".json":
            return json.loads(text)
        # libyaml's loader when the wheel has it: the pure-Python one costs more than judging a
        # small plan.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (ValueError, yaml.YAMLError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise SlsguardError(f"{what} {path} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}: "
                            f"{first_line}.") from error


@lru_cache(maxsize=None)
def _validator(schema_name: str) -> Any:
    import jsonschema  # only when a document is checked: it is the slowest import of the gate

    return jsonschema.Draft202012Validator(schema(schema_name), format_checker=jsonschema.FormatChecker())


def validate(document: Any, schema_name: str, what: str) -> None:
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator(schema_name).iter_errors(document))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "top level"
        raise SlsguardError(f"{what} is invalid at {where}: {error.message}.")


@lru_cache(maxsize=None)
def profiles() -> dict[str, dict[str, Any]]:
    """Profile name -> {"description": str, "leaves_out": {rule id: reason}} (gate-profiles.yaml)."""
    document = read_data_file(PROFILES, "profile file")
    try:
        return {name: {"description": str(profile["description"]),
                       "leaves_out": {rule: str(group["reason"]).strip()
                                      for group in profile["leaves_out"] for rule in group["rules"]}}
                for name, profile in document.items()}
    except (KeyError, TypeError, AttributeError) as error:
        raise SlsguardError(f"{PROFILES} is malformed near {error}; see the comment at its top.") from error


def profile_rules(name: str, known_rules: set[str]) -> dict[str, dict[str, Any]]:
    """The per-rule settings a profile stands for: every rule it leaves out, disabled."""
    available = profiles()
    if name not in available:
        raise SlsguardError(f"unknown profile {name!r}; the profiles are {', '.join(sorted(available))}.")
    left_out = available[name]["leaves_out"]
    unknown = sorted(set(left_out) - known_rules)
    if unknown:
        raise SlsguardError(f"{PROFILES}: profile {name} leaves out unknown rule id(s): {', '.join(unknown)}.")
    return {rule: {"enabled": False} for rule in left_out}


def load_config(path: Path | None, known_rules: set[str]) -> dict[str, Any]:
    """The packaged defaults, then the user file; its profile expands into disabled rules, under
    the file's own per-rule settings."""
    config = json.loads(DEFAULT_CONFIG.read_text())
    user: dict[str, Any] = {}
    if path is not None:
        user = read_data_file(path, "config file") or {}
        validate(user, "gate-config.schema.json", f"config file {path}")
        unknown = sorted(set(user.get("rules", {})) - known_rules)
        if unknown:
            raise SlsguardError(f"config file {path} configures unknown rule id(s): {', '.join(unknown)}.")
    config.update(user)
    rules = profile_rules(config.get("profile", DEFAULT_PROFILE), known_rules)
    for rule, setting in user.get("rules", {}).items():
        if rule in rules and "enabled" not in setting:
            raise SlsguardError(f"config file {path} sets {', '.join(sorted(setting))} of {rule}, which profile "
                                f"{config['profile']} leaves out; add `enabled: true` to judge it anyway.")
        rules[rule] = {**rules.get(rule, {}), **setting}
    config["rules"] = rules
    return config
