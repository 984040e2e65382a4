"""IAM policy documents from any source, normalised so rules judge them the same way.

A policy attribute is read from the planned value when known; otherwise from the HCL expression
(``jsonencode({...})`` with references left as ``hcl.Ref``, ``local.*`` values of the same module
substituted, or ``templatefile()`` of a JSON template in the module), or from the configuration of
the ``aws_iam_policy_document`` data source it references. What none of these can produce is an
``Unjudgeable`` with the reason, which SLS-UNK-001 reports (fail closed).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from slsguard.gate import hcl
from slsguard.gate.model import Model, Resource


@dataclass(frozen=True)
class Unknown:
    """A value terraform will only know at apply (an ARN, an ID): never a wildcard by itself."""

    hint: str


@dataclass
class Statement:
    effect: Any
    actions: list[Any] | None
    not_actions: list[Any] | None
    resources: list[Any] | None
    not_resources: list[Any] | None
    principals: dict[str, list[Any]] | None  # "*" is {"*": ["*"]}
    conditions: dict[str, Any] | None
    sid: str = ""

    @property
    def allows(self) -> bool:
        return self.effect == "Allow"


@dataclass
class Policy:
    statements: list[Statement]
    origin: str  # "plan", "hcl jsonencode", "policy document"
    opaque_parts: list[str] = field(default_factory=list)  # values in statements we could not read


@dataclass
class Unjudgeable:
    reason: str


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


def _principals(value: Any) -> dict[str, list[Any]] | None:
    if value is None:
        return None
    if value == "*":
        return {"*": ["*"]}
    if isinstance(value, dict):
        return {str(key): _as_list(item) or [] for key, item in value.items()}
    return {"?": [value]}


def _statement(raw: Any) -> Statement:
    if not isinstance(raw, dict):
        raise ValueError("a statement is not an object")
    return Statement(
        effect=raw.get("Effect"),
        actions=_as_list(raw.get("Action")),
        not_actions=_as_list(raw.get("NotAction")),
        resources=_as_list(raw.get("Resource")),
        not_resources=_as_list(raw.get("NotResource")),
        principals=_principals(raw.get("Principal", raw.get("NotPrincipal"))),
        conditions=raw.get("Condition") if isinstance(raw.get("Condition"), dict) else None,
        sid=str(raw.get("Sid", "")),
    )


def _from_document(document: Any, origin: str) -> Policy | Unjudgeable:
    if isinstance(document, hcl.Opaque):
        return Unjudgeable(f"the policy is an expression slsguard does not evaluate ({document.text[:60]})")
    if not isinstance(document, dict):
        return Unjudgeable("the policy is not a JSON object")
    statements = document.get("Statement")
    if isinstance(statements, (hcl.Opaque, hcl.Ref)):
        return Unjudgeable("the policy's Statement list is computed")
    try:
        parsed = [_statement(item) for item in _as_list(statements) or []]
    except ValueError as error:
        return Unjudgeable(str(error))
    policy = Policy(parsed, origin)
    for statement in parsed:
        if isinstance(statement.effect, (hcl.Opaque, hcl.Ref)) or statement.effect not in ("Allow", "Deny"):
            return Unjudgeable(f"a statement has an effect slsguard cannot read ({statement.effect!r})")
        for name in ("actions", "not_actions"):
            for action in getattr(statement, name) or []:
                if not isinstance(action, str):
                    return Unjudgeable("a statement's actions are computed at apply time")
    return policy


def from_hcl_value(value: Any) -> Any:
    """HCL literal -> JSON-like value, references become Unknown."""
    if isinstance(value, hcl.Ref):
        return Unknown(value.path)
    if isinstance(value, list):
        return [from_hcl_value(item) for item in value]
    if isinstance(value, dict):
        return {key: from_hcl_value(item) for key, item in value.items()}
    return value


_LOCALS_DEPTH = 16  # locals defined through locals; deeper (or cyclic) chains are not followed


def with_locals(value: Any, module: hcl.ModuleSource | None, depth: int = 0) -> Any:
    """Replace ``local.*`` references by their definitions in the module's ``locals`` blocks, so a
    policy assembled from locals is judged like one written inline. A local that is not defined
    there (or only partly literal) stays an expression slsguard does not evaluate: never a pass."""
    if isinstance(value, hcl.Ref) and value.path.startswith("local."):
        return _local_value(value.path, module, depth)
    if isinstance(value, list):
        return [with_locals(item, module, depth) for item in value]
    if isinstance(value, dict):
        return {key: with_locals(item, module, depth) for key, item in value.items()}
    if isinstance(value, hcl.Call):
        return hcl.Call(value.name, tuple(with_locals(item, module, depth) for item in value.args))
    return value


def _local_value(path: str, module: hcl.ModuleSource | None, depth: int) -> Any:
    name, *attributes = path[len("local."):].split(".")
    if module is None or depth >= _LOCALS_DEPTH or name not in module.locals:
        return hcl.Opaque(path)
    value = with_locals(module.locals[name], module, depth + 1)
    for attribute in attributes:
        if not isinstance(value, dict) or attribute not in value:
            return hcl.Opaque(path)
        value = value[attribute]
    return value


def _from_configuration_expression(expression: Any, written: hcl.Block | None = None, key: str = "") -> Any:
    """Plan configuration expression -> value (constant), the definition of the ``local.*`` values
    it names (from ``written.key``, the same attribute in the HCL), Unknown (references) or Opaque."""
    if isinstance(expression, dict):
        if "constant_value" in expression:
            return expression["constant_value"]
        references = expression.get("references")
        if references:
            if (written is not None and key in written.attributes
                    and all(isinstance(r, str) and r.startswith("local.") for r in references)):
                return from_hcl_value(with_locals(written.attributes[key], written.module))
            return Unknown(references[0])
    return hcl.Opaque("computed value")


def _written_blocks(written: hcl.Block | None, type_: str, count: int) -> list[hcl.Block | None]:
    """The HCL blocks matching the configuration's ``count`` blocks of a type (same order), or
    Nones when they cannot be paired."""
    found = written.children(type_) if written is not None else []
    return found if len(found) == count else [None] * count


def _policy_document_data(model: Model, document: Resource) -> Policy | Unjudgeable:
    known = document.values.get("json")
    if isinstance(known, str) and known:
        return parse_json_policy(known, "policy document")
    expressions = document.expressions
    if any(key in expressions for key in ("source_policy_documents", "override_policy_documents",
                                          "source_json", "override_json")):
        return Unjudgeable(f"{document.address} merges other documents computed at apply time")
    source = model.source(document)
    if source is not None and any(block.type == "dynamic" for block in source[1].blocks):
        return Unjudgeable(f"{document.address} uses dynamic statement blocks")
    statements = []
    configured = expressions.get("statement", []) or []
    for block, written in zip(configured, _written_blocks(source[1] if source else None, "statement", len(configured))):
        if not isinstance(block, dict):
            return Unjudgeable(f"{document.address} has a statement slsguard cannot read")
        values = {key: _from_configuration_expression(block[key], written, key)
                  for key in block if not isinstance(block[key], list)}
        raw: dict[str, Any] = {"Effect": values.get("effect", "Allow")}
        for key, target in (("actions", "Action"), ("not_actions", "NotAction"),
                            ("resources", "Resource"), ("not_resources", "NotResource"), ("sid", "Sid")):
            if key in values:
                raw[target] = values[key]
        for key, target in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            principals = block.get(key, []) or []
            for principal, written_principal in zip(principals, _written_blocks(written, key, len(principals))):
                kind = _from_configuration_expression(principal.get("type"), written_principal, "type")
                identifiers = _from_configuration_expression(principal.get("identifiers"), written_principal,
                                                              "identifiers")
                if not isinstance(kind, str):
                    return Unjudgeable(f"{document.address} has a computed principal type")
                raw.setdefault(target, {}).setdefault(kind, []).extend(_as_list(identifiers) or [])
        conditions = block.get("condition", []) or []
        for condition, written_condition in zip(conditions, _written_blocks(written, "condition", len(conditions))):
            test = _from_configuration_expression(condition.get("test"), written_condition, "test")
            variable = _from_configuration_expression(condition.get("variable"), written_condition, "variable")
            raw.setdefault("Condition", {}).setdefault(str(test), {})[str(variable)] = _from_configuration_expression(
                condition.get("values"), written_condition, "values")
        principal = raw.get("Principal")
        if isinstance(principal, dict) and principal.get("*") == ["*"]:
            raw["Principal"] = "*"
        statements.append(raw)
    return _from_document({"Statement": statements}, "policy document")


@lru_cache(maxsize=4096)
def parse_json_policy(text: str, origin: str = "plan") -> Policy | Unjudgeable:
    """Parsed once per distinct text (large plans repeat the same trust policy thousands of times);
    rules must treat the result as read-only."""
    try:
        document = json.loads(text)
    except ValueError:
        return Unjudgeable("the policy is not valid JSON")
    return _from_document(document, origin)


def read_policy(model: Model, resource: Resource, attribute: str) -> Policy | Unjudgeable | None:
    """The policy in ``resource.attribute``; None when the attribute is absent (not set at all)."""
    value = resource.values.get(attribute)
    if isinstance(value, str) and value.strip():
        return parse_json_policy(value)
    if not resource.is_unknown(attribute):
        return None
    source = model.source(resource)
    if attribute not in resource.expressions and (source is None or attribute not in source[1].attributes):
        return None  # not configured: a computed attribute (e.g. the default key policy)
    for target in model.references(resource, attribute):
        if target.mode == "data" and target.type == "aws_iam_policy_document":
            try:
                return _policy_document_data(model, target)
            except (KeyError, IndexError, TypeError, AttributeError, ValueError):
                # The plan's configuration block is terraform's own output; a shape it never writes
                # means a damaged plan, and a policy read from damaged data is not judged.
                return Unjudgeable(f"{target.address}: the plan's configuration of this document is malformed")
    if source is None:
        return Unjudgeable(f"{attribute} is unknown at plan time and the .tf source is not available")
    return _from_source(source[1], attribute)


@lru_cache(maxsize=4096)
def _from_source(block: hcl.Block, attribute: str) -> Policy | Unjudgeable:
    """Every instance of a module shares its source block, so the policy is derived once per block."""
    expression = with_locals(block.attributes.get(attribute), block.module)
    if isinstance(expression, hcl.Call) and expression.name == "jsonencode" and len(expression.args) == 1:
        return _from_document(from_hcl_value(expression.args[0]), "hcl jsonencode")
    if isinstance(expression, hcl.Call) and expression.name == "templatefile" and len(expression.args) == 2:
        return _from_template_file(*expression.args, block.module, attribute)
    if isinstance(expression, str):
        return parse_json_policy(expression, "hcl")
    shown = expression.text if isinstance(expression, hcl.Opaque) else (
        expression.path if isinstance(expression, hcl.Ref) else type(expression).__name__)
    return Unjudgeable(f"{attribute} is unknown at plan time and its expression ({shown[:60]}) cannot be evaluated")


_MODULE_FILE = re.compile(r"\$\{\s*path\.module\s*\}/(?P<name>[^$%{}]+)")
_INTERPOLATION = re.compile(r"(?<!\$)\$\{\s*([^{}]*?)\s*\}")
_UNKNOWN_MARK = "@@slsguard-unknown-{}@@"  # printable: JSON strings allow no control characters


def _from_template_file(path: Any, variables: Any, module: hcl.ModuleSource | None,
                        attribute: str) -> Policy | Unjudgeable:
    """``templatefile("${path.module}/x.json", {...})``: the JSON template rendered with the known
    variables; an interpolation of an unknown value (an ARN) becomes Unknown inside its string."""
    match = _MODULE_FILE.fullmatch(path.text) if isinstance(path, hcl.Opaque) else None
    if module is None or match is None or not isinstance(variables, dict):
        return Unjudgeable(f"{attribute} is a templatefile() slsguard cannot locate (the path must be "
                           "\"${path.module}/...\" and the variables an object)")
    name = match.group("name")
    try:
        template = (module.directory / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Unjudgeable(f"{attribute} renders {name}, which cannot be read")
    if "%{" in template.replace("%%{", ""):
        return Unjudgeable(f"{attribute} renders {name}, whose template directives slsguard does not evaluate")
    unknown: dict[str, str] = {}

    def render(interpolation: re.Match[str]) -> str:
        value = variables.get(interpolation.group(1))
        if isinstance(value, str):
            return json.dumps(value)[1:-1]  # the template is JSON: the value sits inside a string
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        mark = _UNKNOWN_MARK.format(len(unknown))
        unknown[mark] = interpolation.group(1)
        return mark

    rendered = _INTERPOLATION.sub(render, template).replace("$${", "${")
    try:
        document = json.loads(rendered)
    except ValueError:
        return Unjudgeable(f"{attribute} renders {name}, which is not JSON once its known values are filled in")
    return _from_document(_mark_unknown(document, unknown), f"templatefile {name}")


def _mark_unknown(value: Any, unknown: dict[str, str]) -> Any:
    if isinstance(value, str):
        hint = next((name for mark, name in unknown.items() if mark in value), None)
        return value if hint is None else Unknown(hint)
    if isinstance(value, list):
        return [_mark_unknown(item, unknown) for item in value]
    if isinstance(value, dict):
        return {key: _mark_unknown(item, unknown) for key, item in value.items()}
    return value


def is_public_principal(statement: Statement) -> bool:
    if not statement.principals:
        return False
    for kind, identifiers in statement.principals.items():
        if kind in ("*", "AWS") and any(identifier == "*" for identifier in identifiers):
            return True
    return False


def service_principals(statement: Statement) -> list[str]:
    return [p for p in (statement.principals or {}).get("Service", []) if isinstance(p, str)]


def condition_keys(statement: Statement) -> set[str]:
    keys: set[str] = set()
    for operator_body in (statement.conditions or {}).values():
        if isinstance(operator_body, dict):
            keys.update(key.lower() for key in operator_body if isinstance(key, str))
    return keys
