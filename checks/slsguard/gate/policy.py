"""IAM policy documents from any source, normalised so rules judge them the same way.

A policy attribute's value comes from the evaluation layer: the planned JSON when terraform knows
it; else the configuration evaluated (``jsonencode`` of statements built with locals, ``for``
expressions and module inputs, heredoc templates, ``templatefile``), with the ARNs that are only
known at apply kept as ``Unknown`` values naming their resources; or the ``aws_iam_policy_document``
it reads, from the data source's planned statements (dynamic blocks already expanded by terraform).
What none of these can produce is an ``Unjudgeable`` with the reason and the expression, which
SLS-UNK-001 reports (fail closed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from slsguard.gate.model import Model, Resource
from slsguard.gate.values import Encoded, Partial, Unevaluable, Unknown, decode_json, first_unevaluable, has_pending

__all__ = ["Policy", "Statement", "Unjudgeable", "Unknown", "read_policy", "parse_json_policy", "policy_from_value"]


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
    not_principals: dict[str, list[Any]] | None = None  # NotPrincipal: everyone except these

    @property
    def allows(self) -> bool:
        return self.effect == "Allow"


@dataclass
class Policy:
    statements: list[Statement]
    origin: str  # "plan", "configuration", "policy document"


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
        principals=_principals(raw.get("Principal")),
        conditions=raw.get("Condition") if isinstance(raw.get("Condition"), dict) else None,
        sid=str(raw.get("Sid", "")),
        not_principals=_principals(raw.get("NotPrincipal")),
    )


def _from_document(document: Any, origin: str) -> Policy | Unjudgeable:
    unevaluable = first_unevaluable(document)
    if unevaluable is not None:
        return Unjudgeable(unevaluable.reason)
    if isinstance(document, Unknown):
        return Unjudgeable(f"the whole document is {document.describe()}, known only after apply")
    if not isinstance(document, dict):
        return Unjudgeable("the policy is not a JSON object")
    statements = document.get("Statement")
    if isinstance(statements, Unknown):
        return Unjudgeable(f"its Statement list is {statements.describe()}, known only after apply")
    try:
        parsed = [_statement(item) for item in _as_list(statements) or []]
    except ValueError as error:
        return Unjudgeable(str(error))
    for statement in parsed:
        if isinstance(statement.effect, Unknown) or statement.effect not in ("Allow", "Deny"):
            shown = statement.effect.describe() if isinstance(statement.effect, Unknown) else repr(statement.effect)
            return Unjudgeable(f"a statement has an effect slsguard cannot read ({shown})")
        for name in ("actions", "not_actions"):
            for action in getattr(statement, name) or []:
                if not isinstance(action, str):
                    shown = action.describe() if isinstance(action, Unknown) else repr(action)
                    return Unjudgeable(f"a statement's actions are computed at apply time ({shown})")
        for where, values in (("Resource", statement.resources), ("NotResource", statement.not_resources),
                              ("Principal", [p for ps in (statement.principals or {}).values() for p in ps]),
                              ("NotPrincipal", [p for ps in (statement.not_principals or {}).values() for p in ps])):
            for value in values or []:
                if isinstance(value, Unknown) and not value.names_its_sources \
                        and not (where.endswith("Principal") and isinstance(value, Partial) and value.frames_a_principal):
                    return Unjudgeable(f"a statement's {where} is {value.describe()}, which no resource of the "
                                       "plan names as it is, so what it names cannot be known")
    return Policy(parsed, origin)


@lru_cache(maxsize=4096)
def parse_json_policy(text: str, origin: str = "plan") -> Policy | Unjudgeable:
    """Parsed once per distinct text (large plans repeat the same trust policy thousands of times);
    rules must treat the result as read-only."""
    try:
        document = json.loads(text)
    except ValueError:
        return Unjudgeable("the policy is not valid JSON")
    return _from_document(document, origin)


POLICY_DOCUMENT = "aws_iam_policy_document"


def read_policy(model: Model, resource: Resource, attribute: str) -> Policy | Unjudgeable | None:
    """The policy in ``resource.attribute``; None when the attribute is not set at all."""
    planned = resource.values.get(attribute)
    if isinstance(planned, str) and planned.strip():
        return parse_json_policy(planned)
    if not resource.is_unknown(attribute):
        return None
    if model.evaluator.configured(resource, attribute) is False:
        return None  # not configured: a computed attribute (e.g. the default key policy)
    value = model.evaluator.attribute(resource, attribute)
    policy = policy_from_value(model, value)
    if isinstance(policy, Unjudgeable):
        # Written attributes always have their text: none means the source is not available
        # (an attribute the source does not write returned None above).
        shown = model.evaluator.text(resource, attribute)
        if shown is None:
            unread = model.unreadable_source(resource)
            why = f"slsguard could not parse {unread}" if unread else "the .tf source is not available"
            return Unjudgeable(f"{policy.reason} ({why} to recover it)")
        return Unjudgeable(f"{policy.reason} (`{_short(shown)}`)")
    return policy


def policy_from_value(model: Model, value: Any) -> Policy | Unjudgeable | None:
    """A policy from an evaluated value: JSON text, a structure with unknown ARNs, or the output of
    an aws_iam_policy_document."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return parse_json_policy(value)
    if isinstance(value, Unevaluable):
        return Unjudgeable(value.reason)
    if isinstance(value, Encoded):
        return _from_document(value.document, "configuration")
    if isinstance(value, Partial):
        try:
            return _from_document(decode_json(value), "configuration")
        except ValueError:
            return Unjudgeable("the policy is not JSON once its known parts are filled in")
    if isinstance(value, Unknown):
        documents = _documents_behind(model, value)
        if documents:
            return _merged([_policy_document(model, document) for document in documents])
        return Unjudgeable(f"it is {value.describe()}, known only after apply")
    if isinstance(value, dict):
        return _from_document(value, "configuration")
    return Unjudgeable(f"the policy is a {type(value).__name__}, not a JSON document")


def _documents_behind(model: Model, value: Unknown) -> list[Resource]:
    """The policy documents an unknown value is exactly the JSON of (``data.x.json``)."""
    found = []
    for address, attribute in value.sources:
        resource = model.by_address.get(address)
        if resource is None or resource.type != POLICY_DOCUMENT or attribute not in ("json", "minified_json"):
            return []
        found.append(resource)
    return found


def _merged(policies: list[Policy | Unjudgeable]) -> Policy | Unjudgeable:
    for policy in policies:
        if isinstance(policy, Unjudgeable):
            return policy
    return Policy([s for p in policies for s in p.statements], "policy document")  # type: ignore[union-attr]


_DOCUMENT_KEYS = (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"),
                  ("not_resources", "NotResource"), ("sid", "Sid"))


def _policy_document(model: Model, document: Resource, depth: int = 0) -> Policy | Unjudgeable:
    """An aws_iam_policy_document read at apply: its statements as terraform planned them (dynamic
    blocks expanded, unknown leaves traced), plus the documents it merges."""
    known = document.values.get("json")  # null until read, then the provider's rendering (never "")
    if isinstance(known, str):
        return parse_json_policy(known, "policy document")
    if depth > 8:
        return Unjudgeable(f"{document.address} merges documents nested too deeply")
    evaluator = model.evaluator

    def nested(list_key: str, json_key: str) -> list[Policy | Unjudgeable]:
        items = _as_list(evaluator.attribute(document, list_key)) or []
        single = evaluator.attribute(document, json_key)  # its older form, "" or null in provider 5
        return [_nested_document(model, item, depth) for item in [*items, *([single] if single else [])]]

    sources, overrides = nested("source_policy_documents", "source_json"), \
        nested("override_policy_documents", "override_json")
    statements = evaluator.attribute(document, "statement")
    if isinstance(statements, (Unknown, Unevaluable)):
        return Unjudgeable(f"{document.address} has statements known only after apply")
    statements = _retraced(model, document, _as_list(statements) or [])
    raw_statements = []
    # Nested blocks are lists in a plan; anything else is read as one element and judged as such.
    for block in _as_list(statements) or []:
        if not isinstance(block, dict):
            return Unjudgeable(f"{document.address} has a statement slsguard cannot read")
        raw: dict[str, Any] = {"Effect": block.get("effect") or "Allow"}
        for key, target in _DOCUMENT_KEYS:
            if block.get(key) not in (None, [], ""):
                raw[target] = block[key]
        for key, target in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            for principal in _as_list(block.get(key)) or []:
                if not isinstance(principal, dict) or not isinstance(principal.get("type"), str):
                    return Unjudgeable(f"{document.address} has a principal type known only after apply")
                raw.setdefault(target, {}).setdefault(principal["type"], []).extend(
                    _as_list(principal.get("identifiers")) or [])
        for condition in _as_list(block.get("condition")) or []:
            if not isinstance(condition, dict) or not isinstance(condition.get("test"), str) or not isinstance(
                    condition.get("variable"), str):
                return Unjudgeable(f"{document.address} has a condition known only after apply")
            raw.setdefault("Condition", {}).setdefault(condition["test"], {})[condition["variable"]] = \
                condition.get("values")
        raw_statements.append(raw)
    return _merged_by_sid([*sources, _from_document({"Statement": raw_statements}, "policy document"), *overrides])


def _merged_by_sid(policies: list[Policy | Unjudgeable]) -> Policy | Unjudgeable:
    """The provider's merge: source documents, then the document's own statements, then the
    override documents, each statement replacing the one before it with the same Sid in place (a
    statement without a Sid is appended)."""
    statements: list[Statement] = []
    position: dict[str, int] = {}
    for policy in policies:
        if isinstance(policy, Unjudgeable):
            return policy
        for statement in policy.statements:
            if statement.sid in position:
                statements[position[statement.sid]] = statement
                continue
            if statement.sid:
                position[statement.sid] = len(statements)
            statements.append(statement)
    return Policy(statements, "policy document")


def _retraced(model: Model, document: Resource, statements: list[Any]) -> list[Any]:
    """The planned statements with their unknown resources, principals and condition values
    evaluated from the document's source: the plan traces such a leaf only to the document itself,
    the source to the ARN (or the parameter's value) it is."""
    unknown = [{key for key in _RETRACED if isinstance(planned, dict) and has_pending(planned.get(key))}
               for planned in statements]
    if not any(unknown):
        return statements
    sources = model.evaluator.blocks(document, "statement")
    if sources is None or len(sources) != len(statements):
        return statements
    retraced = []
    for planned, keys, (block, scope) in zip(statements, unknown, sources):
        if keys:
            planned = dict(planned)
            for key in keys & {"resources", "not_resources"}:
                if key in block.attributes:
                    planned[key] = model.evaluator.value(block.attributes[key], scope)
            for key in keys & {"principals", "not_principals"}:
                principals = model.evaluator.expand(block, key, scope)
                if principals is not None:
                    planned[key] = [{name: model.evaluator.value(principal.attributes[name], inner)
                                     for name in ("type", "identifiers") if name in principal.attributes}
                                    for principal, inner in principals]
            if "condition" in keys:
                # aws:SourceArn = the rule's ARN: what a delivery's sender is compared with.
                conditions, written = model.evaluator.expand(block, "condition", scope), planned["condition"]
                if isinstance(written, list) and conditions is not None and len(conditions) == len(written):
                    planned["condition"] = [
                        {**planned_condition, "values": model.evaluator.value(condition.attributes["values"], inner)}
                        if "values" in condition.attributes else planned_condition
                        for planned_condition, (condition, inner) in zip(written, conditions)]
        retraced.append(planned)
    return retraced


_RETRACED = ("resources", "not_resources", "principals", "not_principals", "condition")


def _nested_document(model: Model, item: Any, depth: int) -> Policy | Unjudgeable:
    if isinstance(item, Unknown) and not isinstance(item, (Encoded, Partial)):
        documents = _documents_behind(model, item)
        if documents:
            return _merged([_policy_document(model, d, depth + 1) for d in documents])
    policy = policy_from_value(model, item)
    return policy if policy is not None else Policy([], "policy document")


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def is_public_principal(statement: Statement) -> bool:
    """Whether the statement applies to anyone: Principal "*" (or AWS "*"), or a NotPrincipal,
    which names everyone except the principals it lists."""
    if statement.not_principals is not None:
        return True
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
