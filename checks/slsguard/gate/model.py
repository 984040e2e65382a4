"""One indexing pass over a plan: resources by address, type and configuration name, with the
configuration expressions (references) and, lazily, the HCL source of each module.

Rules never scan all resources per resource: they walk one type index and follow references,
which are resolved through module inputs (``var.x``) and outputs (``module.m.out``) as well.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from slsguard.gate import hcl

if TYPE_CHECKING:
    from slsguard.gate.evaluate import Evaluator

_MODULE_STEP = re.compile(r'module\.([A-Za-z0-9_-]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?')
_INSTANCE_INDEX = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|\d+)\]')
_SKIP_ROOTS = {"local", "each", "count", "path", "self", "terraform"}


@lru_cache(maxsize=65536)
def module_steps(module_address: str) -> tuple[tuple[str, str], ...]:
    """``module.a["k"].module.b`` -> [("a", '["k"]'), ("b", "")]."""
    steps, position = [], 0
    while position < len(module_address):
        match = _MODULE_STEP.match(module_address, position)
        if match is None:
            raise ValueError(f"bad module address {module_address!r}")
        steps.append((match.group(1), match.group(2) or ""))
        position = match.end() + 1  # skip the dot between steps
    return tuple(steps)


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else empty: the configuration and prior state are not
    validated up front, and a malformed part must not crash the model."""
    return value if isinstance(value, dict) else {}


def _sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _unknown_at(unknown: Any, key: str) -> Any:
    if isinstance(unknown, dict):
        return unknown.get(key, False)
    return bool(unknown)


@dataclass(eq=False, slots=True)  # one per resource change: slots save time and memory at 50k
class Resource:
    address: str
    module: str  # module instance address, "" at the root
    mode: str
    type: str
    name: str
    actions: tuple[str, ...]
    values: dict[str, Any]
    unknown: Any
    config_path: tuple[str, ...]
    before: dict[str, Any] | None = None
    expressions: dict[str, Any] = field(default_factory=dict)

    @property
    def config_name(self) -> str:
        prefix = "data." if self.mode == "data" else ""
        return f"{prefix}{self.type}.{self.name}"

    @property
    def deleted(self) -> bool:
        return "delete" in self.actions and "create" not in self.actions

    def is_unknown(self, key: str) -> bool:
        return self.values.get(key) is None and bool(_unknown_at(self.unknown, key))

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    def strings(self, key: str) -> list[str]:
        """The string elements of a list or set attribute; [] when absent or not a list."""
        value = self.values.get(key)
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

    def block(self, key: str) -> dict[str, Any]:
        """The first element of a nested block (``[{...}]``), or {} when absent."""
        value = self.values.get(key)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return value[0]
        return value if isinstance(value, dict) else {}

    def block_unknown(self, key: str, inner: str) -> bool:
        unknown = _unknown_at(self.unknown, key)
        if isinstance(unknown, list) and unknown:
            unknown = unknown[0]
        return bool(_unknown_at(unknown, inner)) if unknown is not True else True

    @property
    def tags(self) -> dict[str, Any] | None:
        tags = self.values.get("tags_all", self.values.get("tags"))
        return tags if isinstance(tags, dict) else None


@dataclass
class ConfigModule:
    body: dict[str, Any]
    directory: Path | None
    resources: dict[str, dict[str, Any]]  # config name -> configuration resource


class Model:
    def __init__(self, plan: dict[str, Any], root_dir: Path | None) -> None:
        self.plan = plan
        self.root_dir = root_dir.resolve() if root_dir is not None else None
        self.resources: list[Resource] = []
        self.by_address: dict[str, Resource] = {}
        # What the plan manages, by type: what rules judge. Data sources only read existing
        # resources, which other plans own; they are what references and names lead to.
        self.by_type: dict[str, list[Resource]] = {}
        self.reads_by_type: dict[str, list[Resource]] = {}
        self._by_config: dict[tuple[str, str], list[Resource]] = {}
        self._module_instances: dict[tuple[str, str], list[str]] = {}
        self._known_instances: set[str] = set()
        self._locations: dict[tuple[tuple[str, ...], str, str, str], tuple[str, int] | None] = {}
        self._config: dict[tuple[str, ...], ConfigModule] = {}
        self._sources: dict[tuple[str, ...], hcl.ModuleSource | None] = {}
        # Several rules follow the same references of the same resources; each walk is cached once.
        self._resolved: dict[tuple[str, str], list[Resource]] = {}
        self._evaluator: Evaluator | None = None
        self._index_configuration()
        self._index_resources()

    # -- indexing -------------------------------------------------------------------------------
    def _index_configuration(self) -> None:
        installed = self._installed_module_dirs()
        root = _mapping(_mapping(self.plan.get("configuration")).get("root_module"))
        stack: list[tuple[tuple[str, ...], dict[str, Any], Path | None]] = [((), root, self.root_dir)]
        while stack:
            path, body, directory = stack.pop()
            if not isinstance(body, dict):
                continue
            resources = {}
            for resource in _sequence(body.get("resources")):
                if isinstance(resource, dict) and isinstance(resource.get("address"), str):
                    resources[resource["address"]] = resource
            self._config[path] = ConfigModule(body, directory, resources)
            for call_name, call in _mapping(body.get("module_calls")).items():
                if not isinstance(call, dict):
                    continue
                child_path = (*path, call_name)
                source = call.get("source")
                child_dir = installed.get(".".join(child_path))
                if child_dir is None and directory is not None and isinstance(source, str) and source.startswith(("./", "../")):
                    child_dir = (directory / source).resolve()
                stack.append((child_path, _mapping(call.get("module")), child_dir))

    def _installed_module_dirs(self) -> dict[str, Path]:
        """Module directories terraform init recorded (covers registry and git sources)."""
        if self.root_dir is None:
            return {}
        manifest = self.root_dir / ".terraform" / "modules" / "modules.json"
        try:
            entries = json.loads(manifest.read_text())["Modules"]
            return {e["Key"]: (self.root_dir / e["Dir"]).resolve() for e in entries if e.get("Key")}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def _add(self, change: dict[str, Any], values: dict[str, Any], unknown: Any, actions: tuple[str, ...],
             before: dict[str, Any] | None) -> None:
        module = change.get("module_address", "") or ""
        try:
            config_path = tuple(name for name, _ in module_steps(module)) if module else ()
        except ValueError:
            config_path = ()
        resource = Resource(change["address"], module, change["mode"], change["type"], change["name"], actions,
                            values, unknown, config_path, before)
        config_name = resource.config_name
        config = self._config.get(config_path)
        if config is not None:
            configured = config.resources.get(config_name, {})
            expressions = configured.get("expressions") if isinstance(configured, dict) else None
            resource.expressions = expressions if isinstance(expressions, dict) else {}
        self.resources.append(resource)
        self.by_address[resource.address] = resource
        self._by_config.setdefault((module, config_name), []).append(resource)
        if not resource.deleted:
            index = self.reads_by_type if resource.mode == "data" else self.by_type
            index.setdefault(resource.type, []).append(resource)
        steps = module
        while steps and steps not in self._known_instances:
            self._known_instances.add(steps)
            parent, separator, last = steps.rpartition(".module.")
            if not separator:
                parent, last = "", steps[len("module."):]
            self._module_instances.setdefault((parent, last.split("[", 1)[0]), []).append(steps)
            steps = parent

    def _index_resources(self) -> None:
        seen: set[str] = set()
        for change in self.plan.get("resource_changes", []) or []:
            body = change["change"]
            actions = tuple(body["actions"])
            after = body.get("after")
            values = after if isinstance(after, dict) else (body.get("before") or {})
            self._add(change, values, body.get("after_unknown", {}) if after is not None else {}, actions,
                      body.get("before"))
            seen.add(change["address"])
        # Data sources read during planning are only in prior_state.
        prior_state = self.plan.get("prior_state")
        values = prior_state.get("values") if isinstance(prior_state, dict) else None
        prior = values.get("root_module") if isinstance(values, dict) else None
        for module in _walk_state_modules(prior):
            for resource in _sequence(module.get("resources")):
                if (isinstance(resource, dict) and resource.get("mode") == "data"
                        and isinstance(resource.get("address"), str) and resource["address"] not in seen
                        and isinstance(resource.get("type"), str) and isinstance(resource.get("name"), str)):
                    entry = dict(resource, module_address=module.get("address", ""))
                    self._add(entry, resource.get("values") or {}, {}, ("read",), None)

    # -- queries --------------------------------------------------------------------------------
    def of_type(self, *types: str) -> Iterator[Resource]:
        """The managed resources of these types the plan keeps (creates, updates or leaves)."""
        for type_ in types:
            yield from self.by_type.get(type_, ())

    def reads_of_type(self, type_: str) -> list[Resource]:
        """The data sources of this type: existing resources the configuration reads."""
        return self.reads_by_type.get(type_, [])

    def has_type(self, type_: str) -> bool:
        return bool(self.by_type.get(type_))

    def provider_key(self, resource: Resource) -> str | None:
        """The provider configuration terraform plans ``resource`` with (``aws``, ``aws.dr``,
        ``module.legacy:aws``: already resolved through the ``providers`` of module calls)."""
        config = self._config.get(resource.config_path)
        configured = config.resources.get(resource.config_name) if config is not None else None
        key = configured.get("provider_config_key") if isinstance(configured, dict) else None
        return key if isinstance(key, str) else None

    def expression(self, resource: Resource, *path: str) -> list[Any]:
        """Configuration expressions at ``path`` (blocks are lists; every element is followed)."""
        current: list[Any] = [resource.expressions]
        for key in path:
            following: list[Any] = []
            for node in current:
                value = node.get(key) if isinstance(node, dict) else None
                if isinstance(value, list):
                    following.extend(value)
                elif value is not None:
                    following.append(value)
            current = following
        return current

    def references(self, resource: Resource, *path: str) -> list[Resource]:
        """Resources that the expression at ``path`` of ``resource`` refers to."""
        refs: list[str] = []
        for node in self.expression(resource, *path):
            if isinstance(node, dict) and isinstance(node.get("references"), list):
                refs.extend(r for r in node["references"] if isinstance(r, str))
        return self.resolve(resource.module, refs)

    def resolve(self, module: str, refs: list[str], depth: int = 0) -> list[Resource]:
        return self.resolve_exact(module, refs, depth)[0]

    def resolve_exact(self, module: str, refs: list[str], depth: int = 0) -> tuple[list[Resource], bool]:
        """The resources the references name, and whether that is exact: False when a reference
        went through something only evaluation can decide (each, count, locals, an indexed module
        instance) and was left out."""
        found: dict[str, Resource] = {}
        exact = True
        for ref in refs:
            targets, ref_exact = self._resolve_one(module, ref, depth)
            exact = exact and ref_exact
            for target in targets:
                found.setdefault(target.address, target)
        return list(found.values()), exact

    def _resolve_one(self, module: str, ref: str, depth: int) -> tuple[list[Resource], bool]:
        if depth > 16:
            return [], False
        key = (module, ref)
        if key not in self._resolved:
            self._resolved[key] = self._walk(module, ref, depth)
        return self._resolved[key]

    def _walk(self, module: str, ref: str, depth: int) -> tuple[list[Resource], bool]:
        parts = re.split(r"\.|\[", ref)
        root = parts[0]
        if root in _SKIP_ROOTS:
            return [], False
        if root == "var" and len(parts) > 1:
            return self._resolve_variable(module, parts[1], depth)
        if root == "module" and len(parts) > 2:
            if "[" in ref.split(".", 2)[1] + "." + parts[2]:
                return [], False  # module.m["k"].out: one instance, which evaluation picks
            return self._resolve_output(module, parts[1], parts[2], depth)
        if root == "data" and len(parts) > 2:
            key = f"data.{parts[1]}.{parts[2]}"
        elif len(parts) > 1:
            key = f"{parts[0]}.{parts[1]}"
        else:
            return [], True
        instances = self._by_config.get((module, key), [])
        index = _INSTANCE_INDEX.match(ref, len(key))
        if index is not None:  # aws_x.y["k"] or aws_x.y[0]: that instance only
            wanted = f"{module}.{key}{index.group()}" if module else f"{key}{index.group()}"
            instances = [r for r in instances if r.address == wanted]
        return instances, True

    def _config_for_instance(self, module: str) -> ConfigModule | None:
        try:
            return self._config.get(tuple(name for name, _ in module_steps(module)) if module else ())
        except ValueError:
            return None

    def _resolve_variable(self, module: str, variable: str, depth: int) -> tuple[list[Resource], bool]:
        if not module:
            return [], True  # a root variable is a value the plan holds, never a resource
        parent, sep, last = module.rpartition(".module.")
        if not sep:
            parent, last = "", module[len("module."):]
        call_name = last.split("[", 1)[0]
        parent_config = self._config_for_instance(parent)
        if parent_config is None:
            return [], False
        call = _mapping(_mapping(parent_config.body.get("module_calls")).get(call_name))
        expression = _mapping(_mapping(call.get("expressions")).get(variable))
        refs = expression.get("references") if isinstance(expression, dict) else None
        return self.resolve_exact(parent, [r for r in refs or [] if isinstance(r, str)], depth + 1)

    def _resolve_output(self, module: str, call_name: str, output: str, depth: int) -> tuple[list[Resource], bool]:
        found: list[Resource] = []
        instances = self._module_instances.get((module, call_name), [])
        exact = len(instances) == 1  # none in the plan, or several: which one is for evaluation
        for instance in instances:
            config = self._config_for_instance(instance)
            if config is None:
                return found, False
            expression = _mapping(_mapping(_mapping(config.body.get("outputs")).get(output)).get("expression"))
            refs = expression.get("references") if isinstance(expression, dict) else None
            targets, instance_exact = self.resolve_exact(instance, [r for r in refs or [] if isinstance(r, str)], depth + 1)
            found.extend(targets)
            exact = exact and instance_exact
        return found, exact

    def instances(self, module: str, config_name: str) -> list[Resource]:
        """Every instance of the resource ``config_name`` (``aws_x.y``, ``data.aws_x.y``) in ``module``."""
        return self._by_config.get((module, config_name), [])

    @staticmethod
    def config_path_of(module: str) -> tuple[str, ...]:
        """``module.a["k"].module.b`` -> ("a", "b")."""
        try:
            return tuple(name for name, _ in module_steps(module)) if module else ()
        except ValueError:
            return ()

    @property
    def evaluator(self) -> Evaluator:
        """The evaluation layer over this plan (created on first use)."""
        if self._evaluator is None:
            from slsguard.gate.evaluate import Evaluator

            self._evaluator = Evaluator(self)
        return self._evaluator

    def release(self) -> None:
        """Drop the evaluator and its caches once the plan is judged. They form reference cycles
        (the evaluator and this model point at each other, module objects in its cache at the
        evaluator) that hold every resource and the plan itself: with the cyclic collector paused
        during a check, the next collection would have to trace them all (0.2-0.3 s at 10k
        resources) where reference counting frees them as soon as the check is done."""
        if self._evaluator is not None:
            self._evaluator.clear()
            self._evaluator = None

    # -- HCL source -----------------------------------------------------------------------------
    def module_source(self, config_path: tuple[str, ...]) -> hcl.ModuleSource | None:
        """The parsed .tf files of a configuration module, when its directory is known."""
        if config_path not in self._sources:
            config = self._config.get(config_path)
            directory = config.directory if config else None
            self._sources[config_path] = (
                hcl.read_module(directory) if directory is not None and directory.is_dir() else None)
        return self._sources[config_path]

    def unreadable_source(self, resource: Resource) -> str | None:
        """The files of the resource's module that could not be parsed, with why (None: all were)."""
        module_source = self.module_source(resource.config_path)
        return "; ".join(module_source.errors) if module_source is not None and module_source.errors else None

    def source(self, resource: Resource) -> tuple[Path, hcl.Block] | None:
        """The ``resource``/``data`` block of this resource in the .tf source, when readable."""
        module_source = self.module_source(resource.config_path)
        if module_source is None:
            return None
        return module_source.blocks.get((resource.mode, resource.type, resource.name))

    def location(self, resource: Resource) -> tuple[str, int] | None:
        """(file relative to the repository root, line) of the resource's block; shared by all its
        instances."""
        key = (resource.config_path, resource.mode, resource.type, resource.name)
        if key not in self._locations:
            found = self.source(resource)
            self._locations[key] = None if found is None else (self.shown_path(found[0]), found[1].line)
        return self._locations[key]

    def caller_location(self, resource: Resource) -> tuple[str, int] | None:
        """For a resource inside a module terraform fetched (``.terraform/modules/...``): the
        ``module`` block in the service's own file that instantiates it, the line a team can change."""
        for depth in range(1, len(resource.config_path) + 1):
            config = self._config.get(resource.config_path[:depth])
            if config is None or config.directory is None or ".terraform" not in config.directory.parts:
                continue
            parent = self.module_source(resource.config_path[:depth - 1])
            call = parent.calls.get(resource.config_path[depth - 1]) if parent else None
            return (self.shown_path(call[0]), call[1].line) if call else None
        return None

    @cached_property
    def display_base(self) -> Path | None:
        """Where shown paths start: the repository that holds ROOT_DIR, else ROOT_DIR itself."""
        if self.root_dir is None:
            return None
        for candidate in (self.root_dir, *self.root_dir.parents):
            if (candidate / ".git").exists():
                return candidate
        return self.root_dir

    def shown_path(self, path: Path) -> str:
        """A path as reports show it: relative, never absolute (``../`` when outside the base)."""
        base = self.display_base
        if base is None:
            return path.name
        return Path(os.path.relpath(path.resolve(), base)).as_posix()


def _walk_state_modules(module: Any) -> Iterator[dict[str, Any]]:
    stack = [module]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(_sequence(current.get("child_modules")))
