"""The values the evaluation layer produces, beside plain Python values for what is known.

A value terraform will only know at apply is an ``Unknown`` that remembers where it comes from
(the resource attributes it is derived from, and the expression that named it): "the arn of
module.table.aws_dynamodb_table.this" is one specific table, not a wildcard. A value the gate cannot
compute at all is ``Unevaluable``, with the reason. Rules judge the first and fail closed on the
second (and on an ``Unknown`` whose origin is no resource).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Callable, Iterator

# Data sources whose every attribute is whatever another system says (another stack's outputs).
_FOREIGN_TYPES = {"terraform_remote_state"}
# ...plus what a resource is made of and can never be "*": a partition, a region, a random hex.
_IDENTIFYING_SUFFIXES = ("arn", "id", "name", "url", "bucket", "partition", "region", "dns_suffix", "hex")
_INSTANCE_KEY = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|\d+)\]')


def identifies(resource_type: str, attribute: str) -> bool:
    """Whether ``attribute`` identifies its resource itself (its ARN, ID, name, URL, bucket), as
    opposed to a value it holds (an SSM parameter's value, a secret, another stack's output) that
    could name anything, "*" included. A policy document's statement names nothing itself: the
    plan traces a leaf only to the document when the reference written there is known at apply, and
    what that reference is must be read from the document's source."""
    last = attribute.split(".")[-1].partition("[")[0]
    return resource_type not in _FOREIGN_TYPES and last.endswith(_IDENTIFYING_SUFFIXES)


@lru_cache(maxsize=8192)  # every statement naming a resource asks again
def resource_type_of(address: str) -> str:
    """``module.a["x.y"].data.aws_ssm_parameter.p[0]`` -> "aws_ssm_parameter"."""
    steps = _INSTANCE_KEY.sub("", address).split(".")
    return "".join(steps[-2:-1])  # "" for an address without a type


class Unknown:
    """Known only at apply. ``sources`` are (resource address, attribute) pairs it derives from."""

    __slots__ = ("sources", "expression")

    def __init__(self, sources: frozenset[tuple[str, str]] = frozenset(), expression: str = "") -> None:
        self.sources = sources
        self.expression = expression

    @property
    def traced(self) -> bool:
        """Whether it comes from resources (an ARN, an ID): then it names those, never '*'."""
        return bool(self.sources)

    @property
    def names_its_sources(self) -> bool:
        """Whether it is the identifier of every resource it comes from (their ARNs, not an SSM
        parameter's value): then it names those resources, never '*'."""
        return bool(self.sources) and all(identifies(resource_type_of(address), attribute)
                                          for address, attribute in self.sources)

    @property
    def addresses(self) -> list[str]:
        return sorted({address for address, _ in self.sources})

    def describe(self) -> str:
        if self.sources:
            named = ", ".join(f"{attribute} of {address}" for address, attribute in sorted(self.sources)[:3])
            more = f" and {len(self.sources) - 3} more" if len(self.sources) > 3 else ""
            return f"the {named}{more}"
        return f"`{self.expression}`" if self.expression else "a value known only after apply"

    def __repr__(self) -> str:
        return f"Unknown({self.describe()})"


class Partial(Unknown):
    """A string with unknown parts, e.g. ``"${aws_s3_bucket.b.arn}/*"``."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Any, ...], expression: str = "") -> None:
        super().__init__(merged_sources(parts), expression)
        self.parts = parts

    @property
    def names_its_sources(self) -> bool:
        # Known text does not frame a value a resource holds: "arn:aws:s3:::${parameter}/*" is every
        # bucket's objects when the parameter holds "*".
        return self.traced and all(part.names_its_sources for part in self.parts if isinstance(part, Unknown))

    @property
    def frames_a_principal(self) -> bool:
        """Whether it names the principals its parts come from: IAM refuses a wildcard inside a
        principal's ARN, so arn:aws:iam::${account}:role/orders is a role called orders, wherever
        the account comes from."""
        return self.traced

    def text(self, unknown: Callable[[Unknown], str]) -> str:
        """The string with each unknown part written as ``unknown(part)``."""
        return "".join(part if isinstance(part, str) else unknown(part) for part in self.parts)

    def shown(self) -> str:
        """The string as a message quotes it: ``arn:aws:iam::${account_id of data.x.y}:role/*``."""
        return self.text(lambda part: "${" + part.describe().removeprefix("the ") + "}")

    def __repr__(self) -> str:
        return "Partial(" + self.text(lambda part: "${?}") + ")"


class Encoded(Unknown):
    """``jsonencode`` of a structure with unknown leaves: a JSON string whose shape is known."""

    __slots__ = ("document",)

    def __init__(self, document: Any, expression: str = "") -> None:
        super().__init__(merged_sources([document]), expression)
        self.document = document


class Unevaluable:
    """A value the gate cannot compute (a function it does not evaluate, a missing source...)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unevaluable({self.reason})"


UNKNOWN_FIELD = "\x00"  # no ARN, URL, name or pattern contains it


def as_text(value: Any) -> str | None:
    """A string as it is; a Partial's text with each unknown part written as UNKNOWN_FIELD, which
    stands for one field of an ARN or name (never a wildcard, a ':' or a '/': so read only where its
    unknown parts identify resources, an account ID or a region); None for anything else."""
    if isinstance(value, str):
        return value
    return value.text(lambda part: UNKNOWN_FIELD) if isinstance(value, Partial) else None


def is_pending(value: Any) -> bool:
    return isinstance(value, (Unknown, Unevaluable))


def has_pending(value: Any) -> bool:
    """Whether anything in a plain value (dicts and lists) is not known now."""
    if isinstance(value, (Unknown, Unevaluable)):
        return True
    if isinstance(value, dict):
        return any(has_pending(item) for item in value.values())
    if isinstance(value, list):
        return any(has_pending(item) for item in value)
    return False


def walk(value: Any, text_parts: bool = True) -> Iterator[Any]:
    """Every leaf and container of a value, depth first; without ``text_parts``, a Partial's known
    text is not yielded on its own (a fragment of a name is no name)."""
    # Exact types, not isinstance chains: every leaf of every policy passes here, and values are
    # built from plain JSON types and the classes above only.
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        current = pop()
        yield current
        kind = type(current)
        if kind is dict:
            extend(current.values())
        elif kind is list or kind is tuple:
            extend(current)
        elif kind is Partial:
            extend(current.parts if text_parts else [part for part in current.parts if type(part) is not str])
        elif kind is Encoded:
            stack.append(current.document)


def merged_sources(values: Any) -> frozenset[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for item in walk(list(values)):
        if type(item) is Unknown:
            found.update(item.sources)
    return frozenset(found)


def first_unevaluable(value: Any) -> Unevaluable | None:
    for item in walk(value):
        if type(item) is Unevaluable:
            return item
    return None


_MARK = "@@slsguard-unknown-{}@@"  # printable: JSON strings allow no control characters


def decode_json(value: Any) -> Any:
    """``jsondecode`` of a known string, an ``Encoded`` structure or a ``Partial`` JSON text
    (unknown parts become Unknown where they sit); raises ValueError on text that is not JSON."""
    if isinstance(value, Encoded):
        return value.document
    if isinstance(value, str):
        return json.loads(value)
    if isinstance(value, Partial):
        marks: dict[str, Unknown] = {}

        def marked(unknown: Unknown) -> str:
            mark = _MARK.format(len(marks))
            marks[mark] = unknown
            return mark

        text = []
        for part in value.parts:
            if isinstance(part, str):
                text.append(part)
            elif isinstance(part, Encoded):
                # A jsonencode() spliced into the text (a template's `"Resource": ${jsonencode(arns)}`):
                # its JSON, each unknown leaf a quoted mark, so the whole text still parses.
                text.append(json.dumps(_with_marks(part.document, marked)))
            else:
                text.append(marked(part if isinstance(part, Unknown) else Unknown(expression=value.expression)))
        return _unmark(json.loads("".join(text)), marks)
    raise ValueError("not a JSON string")


def _with_marks(value: Any, marked: Callable[[Unknown], str]) -> Any:
    kind = type(value)
    if kind is dict:
        return {key: _with_marks(item, marked) for key, item in value.items()}
    if kind is list:
        return [_with_marks(item, marked) for item in value]
    if kind is Partial:
        return "".join(part if isinstance(part, str) else marked(part) for part in value.parts)
    if kind is Unknown or kind is Encoded:
        return marked(value)  # an Encoded inside is a JSON string known only at apply
    return value


def _unmark(value: Any, marks: dict[str, Unknown]) -> Any:
    if isinstance(value, str):
        found = [mark for mark in marks if mark in value]
        if not found:
            return value
        if len(found) == 1 and value == found[0]:
            return marks[found[0]]
        parts: list[Any] = []
        rest = value
        while rest:
            positions = [(rest.find(mark), mark) for mark in found if mark in rest]
            if not positions:
                parts.append(rest)
                break
            index, mark = min(positions)
            if index:
                parts.append(rest[:index])
            parts.append(marks[mark])
            rest = rest[index + len(mark):]
        return Partial(tuple(parts))
    if isinstance(value, list):
        return [_unmark(item, marks) for item in value]
    if isinstance(value, dict):
        return {key: _unmark(item, marks) for key, item in value.items()}
    return value
