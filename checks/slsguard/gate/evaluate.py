"""The evaluation layer: configuration expressions -> values with provenance.

Rules ask for the value of a resource attribute; what terraform's plan knows is the answer, and what
it leaves unknown is computed from the ``.tf`` source in the scope of that very resource instance:
root variables (the plan's ``variables``), module inputs (the call's expression, evaluated in the
caller, through any depth of modules), module outputs, locals, ``each.key``/``each.value`` of the
instance's ``for_each`` element, ``count.index``, conditionals, ``for`` expressions, templates and
the common functions. A reference to another resource's attribute that the plan leaves unknown is an
``Unknown`` naming that resource and attribute, so rules can follow relationships (a queue behind
``each.value.queue_arn``) and tell a specific ARN from ``*``.

Everything is lazy and cached per scope: a rule that never asks for a value costs nothing, and the
instances of one module share every value that does not depend on their key.
"""

from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slsguard.gate import hcl
from slsguard.gate.functions import APPLY_TIME, FUNCTIONS, REWRITES_TEXT, EvalError, Pending, join_parts, need, pending_of, plain
from slsguard.gate.values import Unevaluable, Unknown, has_pending

if TYPE_CHECKING:
    from slsguard.gate.model import Model, Resource

_IN_PROGRESS = object()
_INSTANCE_SYMBOLS = frozenset({"each", "count"})


@dataclass(eq=False)
class Scope:
    """Where an expression is evaluated: a module instance, maybe one resource/module instance of
    a ``for_each``/``count``, and the symbols of enclosing ``for`` expressions."""

    module: str  # module instance address, "" at the root
    source: hcl.ModuleSource | None
    each: tuple[Any, Any] | None = None
    count: int | None = None
    symbols: dict[str, Any] = field(default_factory=dict)

    def with_symbols(self, symbols: dict[str, Any]) -> Scope:
        return Scope(self.module, self.source, self.each, self.count, {**self.symbols, **symbols})


class ResourceObject:
    """A resource instance used as a value: its attributes as planned, unknown leaves traced."""

    __slots__ = ("resource", "evaluator")

    def __init__(self, resource: Resource, evaluator: Evaluator) -> None:
        self.resource = resource
        self.evaluator = evaluator

    def attribute(self, name: str) -> Any:
        resource = self.resource
        if name == "output" and resource.type == "terraform_data":
            # Known only after apply, and always its input: traced through the input's expression.
            return self.evaluator.attribute(resource, "input")
        unknown = resource.unknown.get(name) if isinstance(resource.unknown, dict) else bool(resource.unknown)
        return planned(resource.values.get(name), unknown, resource.address, name)

    def as_plain(self) -> Any:
        return {key: self.attribute(key) for key in resource_keys(self.resource)}


def resource_keys(resource: Resource) -> set[str]:
    keys = set(resource.values)
    if isinstance(resource.unknown, dict):
        keys.update(resource.unknown)
    return keys


def planned(value: Any, unknown: Any, address: str, path: str) -> Any:
    """The planned value with every leaf terraform marks unknown as an Unknown of (address, path)."""
    if not unknown:
        return value  # nothing unknown below: the plan's own objects, unconverted
    if unknown is True:
        # Its source says all a message needs (describe() names it): no expression text per leaf.
        return Unknown(frozenset({(address, path)}))
    if isinstance(value, dict):
        marks = unknown if isinstance(unknown, dict) else {}
        # Only marked keys need converting (a policy document's statements: a few of dozens).
        converted = dict(value)
        for key, mark in marks.items():
            if mark:
                converted[key] = planned(value.get(key), mark, address, f"{path}.{key}")
            elif key not in converted:
                converted[key] = None
        return converted
    if isinstance(value, list):
        marks = unknown if isinstance(unknown, list) else []
        return [planned(item, marks[index], address, f"{path}[{index}]") if index < len(marks) and marks[index]
                else item for index, item in enumerate(value)]
    if value is None and isinstance(unknown, list):
        return [planned(None, mark, address, f"{path}[{index}]") for index, mark in enumerate(unknown)]
    return value


class ModuleObject:
    """A module instance used as a value: its outputs, evaluated on demand."""

    __slots__ = ("evaluator", "address")

    def __init__(self, evaluator: Evaluator, address: str) -> None:
        self.evaluator = evaluator
        self.address = address

    def attribute(self, name: str) -> Any:
        return self.evaluator.output(self.address, name)

    def as_plain(self) -> Any:
        source = self.evaluator.module_source(self.address)
        return {name: self.attribute(name) for name in (source.outputs if source else {})}


class _Namespace:
    """``var``, ``local``, ``module``, ``data``, ``path`` or a resource type: only a step on the way."""

    __slots__ = ("kind", "prefix")

    def __init__(self, kind: str, prefix: str = "") -> None:
        self.kind = kind
        self.prefix = prefix


def instance_key(text: str) -> Any:
    """``["a"]`` -> "a", ``[0]`` -> 0, "" -> None."""
    if not text:
        return None
    inner = text[1:-1]
    return json.loads(inner) if inner.startswith('"') else int(inner)


class Evaluator:
    def __init__(self, model: Model) -> None:
        self.model = model
        self._cache: dict[tuple[Any, ...], Any] = {}
        variables = model.plan.get("variables")
        self.root_variables = variables if isinstance(variables, dict) else {}

    def clear(self) -> None:
        """Forget every evaluated value (see Model.release)."""
        self._cache.clear()

    # -- entry points for rules -----------------------------------------------------------------
    def attribute(self, resource: Resource, *path: str) -> Any:
        """The value of ``resource.path`` (nested block names along the way take their first
        element): planned when terraform knows it, else evaluated from the source."""
        key = ("attribute", resource.address, path)
        if key in self._cache:
            return self._cache[key]
        value = self._attribute(resource, path)
        self._cache[key] = value
        return value

    def _attribute(self, resource: Resource, path: tuple[str, ...]) -> Any:
        if not (resource.unknown.get(path[0]) if isinstance(resource.unknown, dict) else resource.unknown):
            return _navigate(resource.values.get(path[0]), path[1:])  # known as planned
        value = _navigate(ResourceObject(resource, self).attribute(path[0]), path[1:])
        if not has_pending(value):
            return value
        written = self.written(resource, *path)
        if written is None:
            return self._configured_reference(resource, path, value)
        node, scope = written
        return self.value(node, scope)

    def _configured_reference(self, resource: Resource, path: tuple[str, ...], planned_value: Any) -> Any:
        """Without the .tf source, an attribute that is exactly one reference in the plan's
        configuration (``policy = data.aws_iam_policy_document.x.json``) is that reference's value."""
        nodes = self.model.expression(resource, *path)
        references = nodes[0].get("references") if len(nodes) == 1 and isinstance(nodes[0], dict) else None
        if not isinstance(references, list) or not references or not isinstance(references[0], str):
            return planned_value
        first = references[0]
        # terraform lists a traversal and then its prefixes: one traversal means every other is one.
        if any(not isinstance(r, str) or not first.startswith(r) for r in references):
            return planned_value
        try:
            node = hcl.parse_expression(first)
        except hcl.HclSyntaxError:
            return planned_value
        value = self.value(node, self.resource_scope(resource))
        return planned_value if isinstance(value, Unevaluable) else value

    def _holder(self, resource: Resource, path: tuple[str, ...]) -> hcl.Block | None:
        """The source block that holds ``path``'s last step (nested blocks: the first of each)."""
        found = self.model.source(resource)
        if found is None:
            return None
        block = found[1]
        for step in path[:-1]:
            children = block.children(step)
            if not children:
                return None
            block = children[0]
        return block

    def written(self, resource: Resource, *path: str) -> tuple[hcl.Node, Scope] | None:
        """The source expression of ``resource.path`` and the instance scope to evaluate it in."""
        block = self._holder(resource, path)
        node = block.attributes.get(path[-1]) if block is not None else None
        if node is None:
            return self._written_in_dynamic(resource, path) if len(path) == 2 else None
        return node, self.resource_scope(resource) if self._uses_instance(node) else self.body_scope(resource.module)

    def _written_in_dynamic(self, resource: Resource, path: tuple[str, ...]) -> tuple[hcl.Node, Scope] | None:
        """An argument of the first ``path[0]`` block when that block is written ``dynamic``: its
        expression, in the scope of that block's iteration (``logging_configuration.value.level``)."""
        expanded = self.blocks(resource, path[0])
        node = expanded[0][0].attributes.get(path[1]) if expanded else None
        return (node, expanded[0][1]) if node is not None else None

    def _uses_instance(self, node: hcl.Node) -> bool:
        """Whether ``node`` names ``each`` or ``count``: only then does it need its instance's
        ``for_each`` element, which costs evaluating the whole collection once per module instance."""
        key = ("uses-instance", id(node))
        if key not in self._cache:
            self._cache[key] = not _INSTANCE_SYMBOLS.isdisjoint(hcl.root_names(node))
        return self._cache[key]

    def configured(self, resource: Resource, *path: str) -> bool | None:
        """Whether ``path`` is written in the resource's source (None: the source is not available)."""
        found = self.model.source(resource)
        if found is None:
            return None
        block = found[1]
        for step in path[:-1]:
            children = block.children(step) + [d for d in block.children("dynamic") if d.labels == (step,)]
            if not children:
                return False
            if children[0].type == "dynamic":
                return True
            block = children[0]
        return path[-1] in block.attributes or bool(block.children(path[-1])) \
            or any(dynamic.labels == (path[-1],) for dynamic in block.children("dynamic"))

    def blocks(self, resource: Resource, block_type: str) -> list[tuple[hcl.Block, Scope]] | None:
        """The resource's nested ``block_type`` blocks in the order terraform expands them, each with
        the scope its arguments are evaluated in; None when that cannot be known."""
        found = self.model.source(resource)
        return None if found is None else self.expand(found[1], block_type, self.resource_scope(resource))

    def expand(self, block: hcl.Block, block_type: str, scope: Scope) -> list[tuple[hcl.Block, Scope]] | None:
        """``block``'s child blocks of ``block_type``, ``dynamic`` ones expanded in place (a map in
        key order, a list in order); None when a dynamic block's collection is not known now."""
        expanded: list[tuple[hcl.Block, Scope]] = []
        for child in block.blocks:
            if child.type == block_type:
                expanded.append((child, scope))
            elif child.type == "dynamic" and child.labels == (block_type,):
                instances = self._dynamic(child, block_type, scope)
                if instances is None:
                    return None
                expanded += instances
        return expanded

    def _dynamic(self, dynamic: hcl.Block, block_type: str, scope: Scope) -> list[tuple[hcl.Block, Scope]] | None:
        contents = dynamic.children("content")
        if len(contents) != 1 or "for_each" not in dynamic.attributes:
            return None  # terraform refuses it; nothing to expand
        collection = self.value(dynamic.attributes["for_each"], scope)
        if not isinstance(collection, (dict, list)):
            return None
        written = dynamic.attributes.get("iterator")
        iterator = hcl.traversal(written) if written is not None else block_type
        instances = []
        for key, item in _pairs(collection):
            if isinstance(collection, list):
                # A set's key is its element, a list's its index, and both are lists here.
                key = Unevaluable(f"{iterator}.key of a dynamic {block_type} block over a list or set")
            instances.append((contents[0], scope.with_symbols({iterator: {"key": key, "value": item}})))
        return instances

    def text(self, resource: Resource, *path: str) -> str | None:
        """The source text of ``resource.path`` on one line, for messages."""
        block = self._holder(resource, path)
        return block.texts.get(path[-1]) if block is not None else None

    def describe_missing(self, resource: Resource, *path: str) -> str:
        """"not set", "null (`expression`)" or "unknown at plan time (`expression`)" for an
        attribute without a value."""
        attribute = ".".join(path)
        if resource.mode == "data" and resource.is_unknown(path[0]):
            # What a data source reads is never written: the existing resource has it.
            return f"{attribute} is read at apply by {resource.address}"
        if self.configured(resource, *path) is False:
            return f"{attribute} is not set"
        shown = self.text(resource, *path)
        quoted = f" (`{_short(shown)}`)" if shown else ""
        if self.attribute(resource, *path) is None:
            # Written, and null as planned (an optional input left at its null default): known,
            # and as good as unset.
            return f"{attribute} is null{quoted}"
        return f"{attribute} is unknown at plan time{quoted}"

    # -- scopes ---------------------------------------------------------------------------------
    def module_source(self, module: str) -> hcl.ModuleSource | None:
        return self.model.module_source(self.model.config_path_of(module))

    def module_scope(self, module: str) -> Scope:
        key = ("module-scope", module)
        if key not in self._cache:
            scope = Scope(module, self.module_source(module))
            if module:
                parent, name, index = _split_module(module)
                call = self._call(parent, name)
                if call is not None and index is not None:
                    scope.each, scope.count = self._iteration(call, self.module_scope(parent), index)
            self._cache[key] = scope
        return self._cache[key]

    def body_scope(self, module: str) -> Scope:
        """The scope of a module instance's own blocks, for expressions that name no instance."""
        key = ("body-scope", module)
        if key not in self._cache:
            self._cache[key] = Scope(module, self.module_source(module))
        return self._cache[key]

    def resource_scope(self, resource: Resource) -> Scope:
        key = ("resource-scope", resource.address)
        if key not in self._cache:
            module_scope = self.module_scope(resource.module)
            prefix = f"{resource.module}." if resource.module else ""
            index = instance_key(resource.address[len(prefix) + len(resource.config_name):])
            scope = Scope(resource.module, module_scope.source)
            found = self.model.source(resource)
            if index is not None and found is not None:
                scope.each, scope.count = self._iteration(found[1], module_scope, index)
            self._cache[key] = scope
        return self._cache[key]

    def _iteration(self, block: hcl.Block, scope: Scope, index: Any) -> tuple[tuple[Any, Any] | None, int | None]:
        if isinstance(index, int) and "count" in block.attributes:
            return None, index
        if "for_each" not in block.attributes:
            return None, None
        # Evaluated once per block and module instance, not once per element (O(n) instead of O(n^2)).
        key = ("for_each", id(block), scope.module)
        if key not in self._cache:
            self._cache[key] = self.value(block.attributes["for_each"], scope)
        collection = self._cache[key]
        if isinstance(collection, dict) and index in collection:
            return (index, collection[index]), None
        if isinstance(collection, list) and index in collection:
            return (index, index), None
        return (index, Unevaluable(f"the for_each element {index!r} cannot be evaluated")), None

    def _call(self, module: str, name: str) -> hcl.Block | None:
        source = self.module_source(module)
        found = source.calls.get(name) if source else None
        return found[1] if found else None

    # -- module inputs and outputs --------------------------------------------------------------
    def variable(self, module: str, name: str) -> Any:
        key = ("var", module, name)
        if key in self._cache:
            if self._cache[key] is _IN_PROGRESS:
                return Unevaluable(f"var.{name} refers to itself")
            return self._cache[key]
        self._cache[key] = _IN_PROGRESS
        self._cache[key] = value = self._variable(module, name)
        return value

    def _variable(self, module: str, name: str) -> Any:
        source = self.module_source(module)
        declared = source.variables.get(name) if source else None
        if not module:
            entry = self.root_variables.get(name)
            value: Any = entry["value"] if isinstance(entry, dict) and "value" in entry else self._default(declared, name)
        else:
            parent, call_name, _ = _split_module(module)
            call = self._call(parent, call_name)
            if call is None:
                return Unevaluable(f"the module block of {module} cannot be read")
            if name in call.attributes:
                # The call's argument, in the caller, with the each/count of this instance.
                instance = self.module_scope(module)
                caller = Scope(parent, self.module_source(parent), instance.each, instance.count)
                value = self.value(call.attributes[name], caller)
            else:
                value = self._default(declared, name)
        if declared is not None and "type" in declared.attributes:
            value = convert(value, declared.attributes["type"])
        return value

    @staticmethod
    def _default(declared: hcl.Block | None, name: str) -> Any:
        if declared is None:
            return Unevaluable(f"var.{name} is not declared where it is used")
        if "default" not in declared.attributes:
            return Unevaluable(f"var.{name} has no value")
        try:
            return hcl.literal(declared.attributes["default"])
        except ValueError:
            return Unevaluable(f"the default of var.{name} is not a constant")

    def output(self, module: str, name: str) -> Any:
        key = ("output", module, name)
        if key in self._cache:
            if self._cache[key] is _IN_PROGRESS:
                return Unevaluable(f"output {name} of {module} refers to itself")
            return self._cache[key]
        self._cache[key] = _IN_PROGRESS
        source = self.module_source(module)
        block = source.outputs.get(name) if source else None
        if block is None or "value" not in block.attributes:
            value: Any = Unevaluable(f"the output {name} of {module} cannot be read")
        else:
            value = self.value(block.attributes["value"], self.module_scope(module))
        self._cache[key] = value
        return value

    def local(self, scope: Scope, name: str) -> Any:
        key = ("local", scope.module, id(scope.source), name)
        if key in self._cache:
            if self._cache[key] is _IN_PROGRESS:
                return Unevaluable(f"local.{name} refers to itself")
            return self._cache[key]
        if scope.source is None or name not in scope.source.locals:
            return Unevaluable(f"local.{name} cannot be read from the source")
        self._cache[key] = _IN_PROGRESS
        self._cache[key] = value = self.value(scope.source.locals[name], self.module_scope(scope.module))
        return value

    def module_value(self, module: str, name: str) -> Any:
        """``module.name`` in ``module``: an object, or a map/list of them for for_each/count."""
        call = self._call(module, name)
        child = f"{module}.module.{name}" if module else f"module.{name}"
        if call is None:
            return Unevaluable(f"module.{name} cannot be read from the source")
        scope = self.module_scope(module)
        if "for_each" in call.attributes:
            collection = self.value(call.attributes["for_each"], scope)
            if isinstance(collection, (Unknown, Unevaluable)):
                return collection
            keys = list(collection) if isinstance(collection, (dict, list)) else []
            return {str(k): ModuleObject(self, f'{child}[{json.dumps(str(k))}]') for k in keys}
        if "count" in call.attributes:
            count = self.value(call.attributes["count"], scope)
            if not isinstance(count, int) or isinstance(count, bool):
                return count if isinstance(count, (Unknown, Unevaluable)) else Unevaluable(f"module.{name} count")
            return [ModuleObject(self, f"{child}[{i}]") for i in range(count)]
        return ModuleObject(self, child)

    def resource_value(self, scope: Scope, config_name: str) -> Any:
        """``aws_x.y`` / ``data.aws_x.y``: the instance, or a map/list of instances."""
        key = ("resource", scope.module, id(scope.source), config_name)
        if key not in self._cache:
            self._cache[key] = self._resource_value(scope, config_name)
        return self._cache[key]

    def _resource_value(self, scope: Scope, config_name: str) -> Any:
        instances = self.model.instances(scope.module, config_name)
        mode, _, rest = config_name.partition(".") if config_name.startswith("data.") else ("managed", "", config_name)
        type_, _, name = rest.partition(".")
        block = scope.source.blocks.get(("data" if mode == "data" else "managed", type_, name)) if scope.source else None
        written = block[1] if block else None
        prefix = f"{scope.module}." if scope.module else ""
        keyed = [(instance_key(r.address[len(prefix) + len(config_name):]), r) for r in instances]
        if (written is not None and "for_each" in written.attributes) or any(isinstance(k, str) for k, _ in keyed):
            return {k: ResourceObject(r, self) for k, r in keyed if k is not None}
        if (written is not None and "count" in written.attributes) or any(isinstance(k, int) for k, _ in keyed):
            return [ResourceObject(r, self) for _, r in sorted(keyed, key=lambda item: item[0])]
        if keyed:
            return ResourceObject(keyed[0][1], self)
        return Unevaluable(f"{prefix}{config_name} is not in the plan")

    # -- expressions ----------------------------------------------------------------------------
    def value(self, node: hcl.Node, scope: Scope) -> Any:
        """Evaluate ``node`` in ``scope``; terraform errors and unsupported forms are Unevaluable."""
        try:
            return self._eval(node, scope)
        except EvalError as error:
            return Unevaluable(str(error))
        except RecursionError:
            return Unevaluable("the expression is nested too deeply")

    def _eval(self, node: hcl.Node, scope: Scope) -> Any:
        if type(node) is hcl.Const:
            return node.value  # most of a policy: no call for it
        try:
            return _HANDLERS.get(type(node), Evaluator._unsupported)(self, node, scope)
        except Pending as pending:
            result = pending.value
            if isinstance(result, Unknown) and not result.expression:
                result = Unknown(result.sources, hcl.traversal(node) or "")
            return result

    def _eval_node(self, node: hcl.Node, scope: Scope) -> Any:
        """``_eval`` that lets Pending through (try() and can() decide what it means)."""
        return _HANDLERS.get(type(node), Evaluator._unsupported)(self, node, scope)

    def _unsupported(self, node: hcl.Node, scope: Scope) -> Any:
        raise EvalError(f"unsupported expression {type(node).__name__}")

    def _const(self, node: hcl.Const, scope: Scope) -> Any:
        return node.value

    def _template(self, node: hcl.Template, scope: Scope) -> Any:
        return join_parts([self._template_piece(part, scope) for part in node.parts])

    def _template_piece(self, part: Any, scope: Scope) -> Any:
        if isinstance(part, str):
            return part
        if isinstance(part, hcl.TemplateIf):
            condition = self._eval(part.condition, scope)
            if isinstance(condition, Unevaluable):
                return condition
            if isinstance(condition, Unknown):
                # The text it chooses may be a literal ("*") that no source names: untraced, as a
                # conditional expression with a branch known now is, so every rule fails closed.
                asked = condition.expression or hcl.traversal(part.condition) or "a condition known only at apply"
                return Unknown(expression=_short(f"%{{ if {asked} }}"))
            flag = FUNCTIONS["tobool"](condition)
            if not isinstance(flag, bool):
                raise EvalError("a template condition is null")
            chosen = part.then if flag else part.other
            return self._template(chosen, scope) if chosen is not None else ""
        if isinstance(part, hcl.TemplateFor):
            collection = self._eval(part.collection, scope)
            if isinstance(collection, (Unknown, Unevaluable)):
                return collection
            pieces = []
            for key, item in _pairs(collection):
                symbols = {part.value_var: item} if part.key_var is None else {part.value_var: item, part.key_var: key}
                pieces.append(self._template(part.body, scope.with_symbols(symbols)))
            return join_parts(pieces)
        return _template_part(self._eval(part, scope))

    def _tuple(self, node: hcl.TupleExpr, scope: Scope) -> Any:
        return [self._eval(item, scope) for item in node.items]

    def _object(self, node: hcl.ObjectExpr, scope: Scope) -> Any:
        result: dict[str, Any] = {}
        for key_node, value_node in node.items:
            key = self._eval(key_node, scope)
            if isinstance(key, (Unknown, Unevaluable)):
                return key
            if not isinstance(key, (str, int, float, bool)):
                raise EvalError("an object key is not a string")
            result[_key_text(key)] = self._eval(value_node, scope)
        return result

    def _variable_node(self, node: hcl.Variable, scope: Scope) -> Any:
        return self._root(node.name, scope)

    def _get_attr_node(self, node: hcl.GetAttr, scope: Scope) -> Any:
        return self._get_attr(self._eval(node.source, scope), node.name, scope, node)

    def _index_node(self, node: hcl.Index, scope: Scope) -> Any:
        return self._index(self._eval(node.source, scope), self._eval(node.key, scope), scope, node)

    def _splat(self, node: hcl.Splat, scope: Scope) -> Any:
        source = self._eval(node.source, scope)
        if isinstance(source, (Unknown, Unevaluable)):
            return source
        items = source if isinstance(source, list) else ([] if source is None else [source])
        return [self._eval(node.each, scope.with_symbols({"\0splat": item})) for item in items]

    def _splat_item(self, node: hcl.SplatItem, scope: Scope) -> Any:
        return scope.symbols["\0splat"]

    def _unary(self, node: hcl.Unary, scope: Scope) -> Any:
        operand = self._eval(node.operand, scope)
        need(operand)
        if node.op == "!":
            operand = _as_bool(operand)
            if not isinstance(operand, bool):
                raise EvalError("! of a value that is not a bool")
            return not operand
        try:
            # A numeric string is a number here, as terraform converts it.
            number = FUNCTIONS["tonumber"](operand) if isinstance(operand, str) else operand
        except EvalError:
            number = None
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise EvalError("- of a value that is not a number")
        return -number

    def _root(self, name: str, scope: Scope) -> Any:
        if name in scope.symbols:
            return scope.symbols[name]
        if name == "each":
            if scope.each is None:
                raise EvalError("each is used outside for_each")
            return {"key": scope.each[0], "value": scope.each[1]}
        if name == "count":
            if scope.count is None:
                raise EvalError("count is used outside count")
            return {"index": scope.count}
        if name in ("var", "local", "module", "data", "path", "terraform", "self"):
            return _Namespace(name)
        return _Namespace("resource", name)

    def _get_attr(self, value: Any, name: str, scope: Scope, node: hcl.Node) -> Any:
        if isinstance(value, _Namespace):
            kind = value.kind
            if kind == "var":
                return self.variable(scope.module, name)
            if kind == "local":
                return self.local(scope, name)
            if kind == "module":
                return self.module_value(scope.module, name)
            if kind == "data" and not value.prefix:
                return _Namespace("data", name)
            if kind == "data":
                return self.resource_value(scope, f"data.{value.prefix}.{name}")
            if kind == "resource":
                return self.resource_value(scope, f"{value.prefix}.{name}")
            if kind == "path":
                return self._path(scope, name)
            if kind == "terraform" and name == "workspace":
                return "default"
            raise Pending(Unevaluable(f"{kind}.{name} is not evaluated"))
        if isinstance(value, (ResourceObject, ModuleObject)):
            return value.attribute(name)
        if isinstance(value, (Unknown, Unevaluable)):
            return value
        if isinstance(value, dict):
            if name not in value:
                raise EvalError(f"no attribute {name!r} in `{_short(hcl.traversal(node) or '')}`")
            return value[name]
        if value is None:
            raise EvalError(f"attribute {name!r} of null")
        raise EvalError(f"attribute {name!r} of a {type(value).__name__}")

    def _index(self, value: Any, key: Any, scope: Scope, node: hcl.Node) -> Any:
        if isinstance(value, (Unknown, Unevaluable)):
            return value
        need(key)
        if isinstance(value, dict):
            text = _key_text(key)
            if text not in value:
                raise EvalError(f"no key {text!r} in `{_short(hcl.traversal(node.source) or 'a map')}`")
            return value[text]
        if isinstance(value, list):
            if isinstance(key, bool) or not isinstance(key, (int, float, str)):
                raise EvalError("a list index is not a number")
            try:
                position = int(key)
            except ValueError:
                raise EvalError(f"{key!r} is not a list index") from None
            if not 0 <= position < len(value):
                raise EvalError(f"index {position} is out of range")
            return value[position]
        if isinstance(value, (ResourceObject, ModuleObject)):
            return value.attribute(_key_text(key))
        raise EvalError(f"cannot index a {type(value).__name__}")

    def _path(self, scope: Scope, name: str) -> str:
        root = self.model.root_dir
        if name == "module" and scope.source is not None:
            directory = scope.source.directory
        elif name in ("root", "cwd") and root is not None:
            directory = root
        else:
            raise Pending(Unevaluable(f"path.{name} is not known"))
        if root is not None:
            try:
                return str(Path(directory).resolve().relative_to(root)) or "."
            except ValueError:
                return str(directory)
        return str(directory)

    def _conditional(self, node: hcl.Conditional, scope: Scope) -> Any:
        condition = _as_bool(self._eval(node.condition, scope))
        if isinstance(condition, bool):
            return self._eval(node.then if condition else node.other, scope)
        if isinstance(condition, (Unknown, Unevaluable)):
            then, other = self._eval(node.then, scope), self._eval(node.other, scope)
            if _same(then, other):
                return then
            if isinstance(condition, Unevaluable):
                return pending_of([condition, then, other])
            if not (isinstance(then, Unknown) and isinstance(other, Unknown)):
                # A branch known now (e.g. "alias/aws/sqs") may be the value, and no source names
                # it: untraced, so every rule fails closed instead of judging the other branch only.
                asked = condition.expression or hcl.traversal(node.condition) or "a condition known only at apply"
                return Unknown(expression=_short(f"{asked} ? {_branch_text(then)} : {_branch_text(other)}"))
            return Unknown(_sources(condition, then, other), condition.expression)
        raise EvalError("a condition is not a bool")

    def _binary(self, node: hcl.Binary, scope: Scope) -> Any:
        left = self._eval(node.left, scope)
        op = node.op
        logical = op in ("&&", "||")
        if logical:
            left = _as_bool(left)
            if isinstance(left, bool) and left == (op == "||"):
                return left  # short circuit: terraform would evaluate both, the result is the same
        right = self._eval(node.right, scope)
        if logical:
            right = _as_bool(right)
        if op in ("==", "!="):
            if left is None or right is None:
                other = right if left is None else left
                # Values from resources are never null once applied (refined unknowns): an ARN
                # that is unknown now is still not null.
                if isinstance(other, Unknown):
                    return op == "!="
            need(left, right)
            equal = _same(plain(left), plain(right))
            return equal if op == "==" else not equal
        if logical:
            if isinstance(right, bool) and isinstance(left, (Unknown, Unevaluable)) and right == (op == "||"):
                return right
            need(left, right)
            if not isinstance(left, bool) or not isinstance(right, bool):
                raise EvalError(f"{op} of values that are not bools")
            return (left and right) if op == "&&" else (left or right)
        need(left, right)
        a, b = FUNCTIONS["tonumber"](left), FUNCTIONS["tonumber"](right)
        if a is None or b is None:
            raise EvalError(f"{op} of null")
        if op in _ARITHMETIC:
            if op == "/" and b == 0:
                raise EvalError("division by zero")  # terraform's +Inf: no setting accepts it
            result = _ARITHMETIC[op](a, b)
            # terraform has one number type: 900 / 180 is 5, which jsonencode writes "5" and an
            # integer setting (maxReceiveCount) accepts; Python's 5.0 is neither.
            return int(result) if isinstance(result, float) and result.is_integer() else result
        return _COMPARISON[op](a, b)

    def _for(self, node: hcl.ForExpr, scope: Scope) -> Any:
        collection = self._eval(node.collection, scope)
        if isinstance(collection, (Unknown, Unevaluable)):
            return collection
        as_object = node.key is not None
        result_items: list[Any] = []
        result_map: dict[str, Any] = {}
        for key, item in _pairs(collection):
            symbols = {node.value_var: item}
            if node.key_var is not None:
                symbols[node.key_var] = key
            inner = scope.with_symbols(symbols)
            if node.condition is not None:
                keep = self._eval(node.condition, inner)
                if isinstance(keep, (Unknown, Unevaluable)):
                    return keep if isinstance(keep, Unevaluable) else Unknown(keep.sources, keep.expression)
                if not isinstance(keep, bool):
                    raise EvalError("a for condition is not a bool")
                if not keep:
                    continue
            value = self._eval(node.value, inner)
            if not as_object:
                result_items.append(value)
                continue
            result_key = self._eval(node.key, inner)
            if isinstance(result_key, (Unknown, Unevaluable)):
                return result_key
            text = _key_text(result_key)
            if node.grouping:
                result_map.setdefault(text, []).append(value)
            elif text in result_map:
                raise EvalError(f"duplicate key {text!r} in a for expression")
            else:
                result_map[text] = value
        return result_map if as_object else result_items

    def _function(self, node: hcl.Call, scope: Scope) -> Any:
        name = node.name.removeprefix("core::")  # the built-in functions' own namespace
        if name in ("try", "can"):
            for argument in node.args if name == "try" else node.args[:1]:
                try:
                    value = self._eval_node(argument, scope)
                except (EvalError, Pending) as failure:
                    if isinstance(failure, Pending):
                        return failure.value
                    continue
                if isinstance(value, Unevaluable):
                    return value
                return True if name == "can" else value
            if name == "can":
                return False
            raise EvalError("no argument of try() could be evaluated")
        if name == "templatefile":
            return self._templatefile(node, scope)
        if name == "templatestring":
            return self._templatestring(node, scope)
        if name == "file":
            return self._file(node, scope)
        arguments = [self._eval(argument, scope) for argument in node.args]
        if node.expand_last and arguments:
            last = arguments.pop()
            need(last)
            arguments.extend(last if isinstance(last, list) else [])
        if name in APPLY_TIME:
            return Unknown(expression=f"{name}()")
        function = FUNCTIONS.get(name)
        if function is None:
            return Unevaluable(f"the function {name}() is not evaluated by slsguard")
        if name in REWRITES_TEXT:
            pending = pending_of(arguments)
            if isinstance(pending, Unknown) and pending.traced:
                # replace(arn, "/[^:]+$/", "*") is traced to the ARN's resource, yet names every one.
                return Unknown(expression=_short(f"{pending.describe().strip('`')} rewritten by {name}()"))
        try:
            return function(*arguments)
        except TypeError:
            raise EvalError(f"{name}() called with {len(arguments)} argument(s)") from None

    def _read_module_file(self, node: hcl.Call, scope: Scope) -> tuple[str, Path]:
        path = self._eval(node.args[0], scope) if node.args else None
        need(path)
        if not isinstance(path, str):
            raise EvalError("a file path is not a string")
        base = self.model.root_dir
        candidate = Path(path) if Path(path).is_absolute() or base is None else base / path
        try:
            return candidate.read_text(encoding="utf-8"), candidate
        except (OSError, UnicodeDecodeError):
            raise Pending(Unevaluable(f"the file {path} cannot be read")) from None

    def _file(self, node: hcl.Call, scope: Scope) -> Any:
        return self._read_module_file(node, scope)[0]

    def _templatefile(self, node: hcl.Call, scope: Scope) -> Any:
        if len(node.args) != 2:
            raise EvalError("templatefile() takes a path and an object")
        text, path = self._read_module_file(node, scope)
        return self._render(text, node, scope, path.name)

    def _templatestring(self, node: hcl.Call, scope: Scope) -> Any:
        if len(node.args) != 2:
            raise EvalError("templatestring() takes a template and an object")
        if not isinstance(node.args[0], (hcl.Variable, hcl.GetAttr, hcl.Index)):
            # terraform: a literal template is a template string expression, not this function's
            raise EvalError("templatestring() takes a reference to a template, not a literal one")
        text = self._eval(node.args[0], scope)
        need(text)
        if not isinstance(text, str):
            raise EvalError("the templatestring() template is not a string")
        return self._render(text, node, scope, "the templatestring() template")

    def _render(self, text: str, node: hcl.Call, scope: Scope, what: str) -> Any:
        """A template read at plan (a file, a string) rendered with the call's variables."""
        variables = self._eval(node.args[1], scope)
        need(variables)
        if not isinstance(variables, dict):
            raise EvalError(f"the {node.name.removeprefix('core::')}() variables are not an object")
        try:
            template = hcl.parse_template(text)
        except hcl.HclSyntaxError as error:
            raise Pending(Unevaluable(f"{what} is not a valid template ({error})")) from None
        return self._eval(template, Scope(scope.module, scope.source, symbols=dict(variables)))


_HANDLERS = {
    hcl.Const: Evaluator._const, hcl.Template: Evaluator._template, hcl.TupleExpr: Evaluator._tuple,
    hcl.ObjectExpr: Evaluator._object, hcl.Variable: Evaluator._variable_node, hcl.GetAttr: Evaluator._get_attr_node,
    hcl.Index: Evaluator._index_node, hcl.Splat: Evaluator._splat, hcl.SplatItem: Evaluator._splat_item,
    hcl.Conditional: Evaluator._conditional, hcl.Unary: Evaluator._unary, hcl.Binary: Evaluator._binary,
    hcl.ForExpr: Evaluator._for, hcl.Call: Evaluator._function,
}


# terraform's % keeps the dividend's sign (-7 % 3 is -1), as fmod does and Python's % does not,
# and leaves the dividend when the divisor is 0 (terraform console 1.11: 5 % 0 is 5).
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
               "%": lambda a, b: math.fmod(a, b) if b else a}
_COMPARISON = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}


def _pairs(collection: Any) -> list[tuple[Any, Any]]:
    """(key, element) of what a ``for`` iterates: a map in key order, a list by index."""
    if isinstance(collection, dict):
        return [(key, collection[key]) for key in sorted(collection)]
    if isinstance(collection, list):
        return list(enumerate(collection))
    raise EvalError("a for expression over a value that is not a collection")


def _template_part(value: Any) -> Any:
    if isinstance(value, (Unknown, Unevaluable)):
        return value
    if value is None:
        raise EvalError("a null value in a template")
    if isinstance(value, (list, dict)):
        raise EvalError("a collection in a template")
    return FUNCTIONS["tostring"](value)


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)


def _as_bool(value: Any) -> Any:
    """Terraform converts the strings "true" and "false" where a bool is required (conditions,
    !, && and ||); anything else is left for the caller to refuse."""
    return value == "true" if isinstance(value, str) and value in ("true", "false") else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (Unknown, Unevaluable)) or isinstance(b, (Unknown, Unevaluable)):
        return a is b
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return a == b


def _sources(*values: Any) -> frozenset[tuple[str, str]]:
    pending = pending_of(values)
    return pending.sources if isinstance(pending, Unknown) else frozenset()


def _navigate(value: Any, steps: tuple[str, ...]) -> Any:
    """``steps`` into nested blocks (a block list's first element along the way); inside a value
    known only at apply, what it holds is known only then too."""
    for step in steps:
        if isinstance(value, (Unknown, Unevaluable)):
            return value
        if isinstance(value, list):
            value = value[0] if value else None
        value = value.get(step) if isinstance(value, dict) else None
    return value


def _branch_text(value: Any) -> str:
    if isinstance(value, Unknown):
        return value.describe()
    if isinstance(value, Unevaluable):
        return value.reason
    return json.dumps(plain(value), default=str)


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _split_module(module: str) -> tuple[str, str, Any]:
    """``module.a["k"].module.b[0]`` -> (``module.a["k"]``, "b", 0)."""
    parent, separator, last = module.rpartition(".module.")
    if not separator:
        parent, last = "", module[len("module."):]
    name, bracket, rest = last.partition("[")
    return parent, name, instance_key(bracket + rest) if bracket else None


# -- type conversion of module inputs -----------------------------------------------------------
def convert(value: Any, type_node: hcl.Node) -> Any:
    """Apply a variable's type constraint: optional object attributes get their defaults (or null),
    strings and numbers convert as terraform converts them. Unknown values pass through."""
    if isinstance(value, (Unknown, Unevaluable)) or value is None:
        return value
    try:
        return _convert(value, type_node)
    except (EvalError, Pending, ValueError):
        return value


def _convert(value: Any, type_node: hcl.Node) -> Any:
    if isinstance(value, (Unknown, Unevaluable)) or value is None:
        return value
    if isinstance(type_node, hcl.Variable):
        if type_node.name == "string" and isinstance(value, (int, float, bool)):
            return FUNCTIONS["tostring"](value)
        if type_node.name == "number" and isinstance(value, str):
            return FUNCTIONS["tonumber"](value)
        if type_node.name == "bool" and isinstance(value, str):
            return FUNCTIONS["tobool"](value)
        return value
    if not isinstance(type_node, hcl.Call) or not type_node.args:
        return value
    kind, inner = type_node.name, type_node.args[0]
    if kind == "object" and isinstance(inner, hcl.ObjectExpr) and isinstance(value, dict):
        result = {}
        for key_node, attribute_type in inner.items:
            name = hcl.literal(key_node)
            optional = isinstance(attribute_type, hcl.Call) and attribute_type.name == "optional"
            if name in value and value[name] is not None:
                result[name] = _convert(value[name], attribute_type.args[0] if optional else attribute_type)
            elif optional and len(attribute_type.args) > 1:
                result[name] = _convert(hcl.literal(attribute_type.args[1]), attribute_type.args[0])
            else:
                result[name] = None
        return result
    if kind == "map" and isinstance(value, dict):
        return {key: _convert(item, inner) for key, item in value.items()}
    if kind in ("list", "set") and isinstance(value, list):
        items = [_convert(item, inner) for item in value]
        return FUNCTIONS["toset"](items) if kind == "set" else items
    if kind == "optional":
        return _convert(value, inner)
    return value

