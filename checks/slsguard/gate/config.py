"""The gate's configuration: packaged defaults, overridden by a user file validated by a schema.

The schemas live in ``policies/schemas/`` (governance as data); the package reaches them through
the ``schemas`` link beside this file, which wheels carry as regular files.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from slsguard.errors import SlsguardError

HERE = Path(__file__).resolve().parent
SCHEMAS = Path(__file__).parent / "schemas"
DEFAULT_CONFIG = HERE / "default_config.json"


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
        return yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise SlsguardError(f"{what} {path} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}: "
                            f"{first_line}.") from error


def validate(document: Any, schema_name: str, what: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema(schema_name), format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "top level"
        raise SlsguardError(f"{what} is invalid at {where}: {error.message}.")


def load_config(path: Path | None, known_rules: set[str]) -> dict[str, Any]:
    config = json.loads(DEFAULT_CONFIG.read_text())
    if path is None:
        return config
    user = read_data_file(path, "config file")
    if user is None:
        user = {}
    validate(user, "gate-config.schema.json", f"config file {path}")
    unknown = sorted(set(user.get("rules", {})) - known_rules)
    if unknown:
        raise SlsguardError(f"config file {path} configures unknown rule id(s): {', '.join(unknown)}.")
    config.update(user)
    return config
