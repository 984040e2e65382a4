"""Load and validate the output of ``terraform show -json PLAN``.

Everything the model relies on is checked here, so that a truncated, foreign or errored document
becomes one sentence (``SlsguardError``, exit 2) instead of a crash or, worse, a pass.

A plan is decoded selectively: only the parts the engine reads, typed, so that the shape checks
happen inside the decoder and ``planned_values`` (as large as the changes themselves) is never
built. A document the types refuse takes the generic path, which names what is malformed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Required, TypedDict

import msgspec
import orjson

from slsguard.errors import SlsguardError

SUPPORTED_MAJOR = "1"

_Name = Annotated[str, msgspec.Meta(min_length=1)]


class _Change(TypedDict, total=False):
    actions: Required[Annotated[list[str], msgspec.Meta(min_length=1)]]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    after_unknown: dict[str, Any] | bool


class _ResourceChange(TypedDict, total=False):
    address: Required[_Name]
    mode: Required[_Name]
    type: Required[_Name]
    name: Required[_Name]
    module_address: str
    change: Required[_Change]


class _StateResource(TypedDict, total=False):
    address: str
    mode: str
    type: str
    name: str
    values: dict[str, Any] | None


class _StateModule(TypedDict, total=False):
    address: str
    resources: list[_StateResource]
    child_modules: list[_StateModule]


class _StateValues(TypedDict, total=False):
    root_module: _StateModule


class _State(TypedDict, total=False):
    values: _StateValues


class _Configuration(TypedDict, total=False):
    root_module: dict[str, Any]
    provider_config: dict[str, Any]  # each provider configuration's constants (region, default_tags)


class _Plan(TypedDict, total=False):
    format_version: Any
    errored: Any
    variables: Any
    resource_changes: list[_ResourceChange]
    # Only whether it is there (a state document has neither it nor resource_changes): kept raw.
    planned_values: msgspec.Raw
    configuration: _Configuration
    prior_state: _State


_DECODER = msgspec.json.Decoder(_Plan)


def parse_plan(data: bytes, source: str) -> dict[str, Any]:
    try:
        plan = _DECODER.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError):  # msgspec reports bad UTF-8 in a string as the latter
        return _parse_generic(data, source)
    _validate_document(plan, source)
    plan.pop("planned_values", None)
    return plan


def _parse_generic(data: bytes, source: str) -> dict[str, Any]:
    """Malformed JSON, or a document whose shape the selective types did not foresee: parse it
    whole, say what is wrong, or hand the engine the generic tree it tolerates."""
    try:
        plan = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise SlsguardError(f"{source} is not valid JSON (truncated or malformed): {error}.") from error
    validate_plan(plan, source)
    return plan


def load_plan(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SlsguardError(f"cannot read plan file {path}: {error.strerror or error}.") from error
    return parse_plan(data, str(path))


def _require(condition: bool, source: str, problem: str) -> None:
    if not condition:
        raise SlsguardError(f"{source} is not a terraform plan in JSON form: {problem}.")


def validate_plan(plan: Any, source: str) -> None:
    _validate_document(plan, source)
    for position, change in enumerate(plan.get("resource_changes", [])):
        if not _well_formed(change):  # the detailed checks below only run to name the problem
            _explain_malformed(change, f"resource_changes[{position}]", source)


def _validate_document(plan: Any, source: str) -> None:
    """Everything but the shape of each change."""
    _require(isinstance(plan, dict), source, "the top level is not an object")
    version = plan.get("format_version")
    _require(isinstance(version, str), source, "it has no format_version (use `terraform show -json PLANFILE`)")
    if version.split(".")[0] != SUPPORTED_MAJOR:
        raise SlsguardError(f"{source} has plan format_version {version}; slsguard reads format 1.x only.")
    if plan.get("errored") is True:
        raise SlsguardError(f"{source} is an errored plan (terraform plan failed); fix the plan before checking it.")
    if "resource_changes" not in plan and "planned_values" not in plan:
        raise SlsguardError(
            f"{source} has no resource_changes: it looks like state (`terraform show -json` without a "
            "plan file), not a plan."
        )
    changes = plan.get("resource_changes", [])
    _require(isinstance(changes, list), source, "resource_changes is not a list")
    configuration = plan.get("configuration", {})
    _require(isinstance(configuration, dict), source, "configuration is not an object")
    root = configuration.get("root_module", {})
    _require(isinstance(root, dict), source, "configuration.root_module is not an object")


def _well_formed(change: Any) -> bool:
    # One expression per change: on 50k resources a call per field costs more than the parse.
    body = change.get("change") if isinstance(change, dict) else None
    return (
        isinstance(body, dict)
        and isinstance(change.get("address"), str) and isinstance(change.get("type"), str)
        and isinstance(change.get("name"), str) and isinstance(change.get("mode"), str)
        and bool(change["address"] and change["type"] and change["name"] and change["mode"])
        and isinstance(actions := body.get("actions"), list) and bool(actions) and not [a for a in actions if not isinstance(a, str)]
        and (body.get("after") is None or isinstance(body["after"], dict))
        and (body.get("before") is None or isinstance(body["before"], dict))
        and isinstance(body.get("after_unknown", {}), (dict, bool))
        and isinstance(change.get("module_address", ""), str)
    )


_NAME_KEYS = ("address", "type", "name", "mode")


def _explain_malformed(change: Any, where: str, source: str) -> None:
    _require(isinstance(change, dict), source, f"{where} is not an object")
    for key in _NAME_KEYS:
        _require(isinstance(change.get(key), str) and change[key] != "", source, f"{where} has no {key}")
    body = change.get("change")
    _require(isinstance(body, dict), source, f"{where} ({change['address']}) has no change object")
    actions = body.get("actions")
    _require(
        isinstance(actions, list) and bool(actions) and all(isinstance(a, str) for a in actions),
        source, f"{where} ({change['address']}) has no actions list",
    )
    for key in ("after", "before"):
        _require(body.get(key) is None or isinstance(body[key], dict), source,
                 f"{where} ({change['address']}) has a non-object change.{key}")
    unknown = body.get("after_unknown", {})
    _require(isinstance(unknown, (dict, bool)), source, f"{where} ({change['address']}) has a bad after_unknown")
    _require(isinstance(change.get("module_address", ""), str), source, f"{where} has a bad module_address")
    raise AssertionError(f"{where}: _well_formed and _explain_malformed disagree")


def plan_root(root_dir: Path) -> bytes:
    """Plan ROOT_DIR (init first when it needs it) and return the plan JSON as terraform shows it
    (Checkov reads the whole document; the engine parses its part), all through the project toolchain."""
    from slsguard import toolchain

    tools = toolchain.default()
    init = ["init", "-input=false", "-no-color"]
    if not (root_dir / ".terraform").is_dir():
        tools.run(init, cwd=root_dir)
    with tempfile.TemporaryDirectory(prefix="slsguard-plan-") as temporary:
        plan_file = Path(temporary) / "plan.tfplan"
        plan = ["plan", "-input=false", "-no-color", "-lock=false", f"-out={plan_file}"]
        try:
            tools.run(plan, cwd=root_dir)
        except SlsguardError as error:
            # An initialised root whose modules or providers changed: init is cheap next to a plan,
            # but a second of every run when nothing changed.
            if "terraform init" not in str(error):
                raise
            tools.run(init, cwd=root_dir)
            tools.run(plan, cwd=root_dir)
        shown = tools.run(["show", "-json", str(plan_file)], cwd=root_dir)
    return shown.stdout.encode()
