"""Terraform's built-in functions as the evaluation layer computes them.

Each function takes already evaluated arguments. An ``Unknown`` argument makes the result unknown
(keeping its sources), except where terraform itself knows more (``length`` of a list with unknown
elements, ``coalesce`` with a known first value...). Functions that are not here make the value
``Unevaluable``: the gate says so rather than guessing. ``try`` and ``can`` need the unevaluated
expressions and live in the evaluator.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import itertools
import json
import math
import posixpath
import re
from typing import Any, Callable

from slsguard.gate import regex
from slsguard.gate.values import Encoded, Partial, Unevaluable, Unknown, decode_json, merged_sources, walk


class EvalError(Exception):
    """What terraform would report as an error (a missing key, a wrong type): ``try`` catches it."""


class Pending(Exception):
    """Raised inside a function when an argument it needs is not known yet; carries the result."""

    def __init__(self, value: Unknown | Unevaluable) -> None:
        super().__init__()
        self.value = value


def pending_of(values: Any) -> Unknown | Unevaluable | None:
    """The Unevaluable among ``values`` (it wins), else an Unknown merging every unknown one."""
    unknowns = []
    for value in walk(list(values)):
        if isinstance(value, Unevaluable):
            return value
        if isinstance(value, Unknown):
            unknowns.append(value)
    if not unknowns:
        return None
    return Unknown(merged_sources(unknowns), unknowns[0].expression)


def need(*values: Any) -> None:
    """Stop with an unknown result when any of ``values`` (shallow) is not known."""
    pending = [v for v in values if isinstance(v, (Unknown, Unevaluable))]
    if pending:
        raise Pending(pending_of(pending))


def _string(value: Any) -> str:
    need(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, str):
        return value
    raise EvalError(f"a {type_name(value)} is not a string")


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any) -> int | float:
    need(value)
    if isinstance(value, bool):
        raise EvalError("a bool is not a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                raise EvalError(f"{value!r} is not a number") from None
    raise EvalError(f"a {type_name(value)} is not a number")


def _list(value: Any) -> list[Any]:
    need(value)
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        raise EvalError("a map is not a list")
    raise EvalError(f"a {type_name(value)} is not a list")


def _map(value: Any) -> dict[str, Any]:
    need(value)
    if isinstance(value, dict):
        return value
    raise EvalError(f"a {type_name(value)} is not a map")


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "bool", int: "number", float: "number", str: "string", list: "list", dict: "object"}.get(
        type(value), type(value).__name__)


def to_json(value: Any) -> Any:
    """``jsonencode``: a string when everything is known, else the structure as ``Encoded``."""
    # A resource or module object inside is its attributes: walked as data, so an attribute known
    # only after apply makes the result Encoded (json.dumps cannot write an Unknown).
    value = plain(value)
    pending = False
    for item in walk(value):
        kind = type(item)
        if kind is Unevaluable:
            return item
        pending = pending or kind is Unknown or kind is Partial or kind is Encoded
    if pending:
        return Encoded(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def plain(value: Any) -> Any:
    """Resource and module objects (the evaluator's lazy values) as plain data."""
    as_plain = getattr(value, "as_plain", None)
    if as_plain is not None:
        return as_plain()
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def _flatten(value: Any) -> list[Any]:
    result: list[Any] = []
    for item in _list(value):
        if isinstance(item, list):
            result.extend(_flatten(item))
        else:
            result.append(item)
    return result


def _coalesce(*values: Any) -> Any:
    for value in values:
        if isinstance(value, (Unknown, Unevaluable)):
            raise Pending(pending_of([value]))
        if value is not None and value != "":
            return value
    raise EvalError("no non-null, non-empty argument")


def _coalescelist(*values: Any) -> Any:
    for value in values:
        need(value)
        if _list(value):
            return value
    raise EvalError("no non-empty list argument")


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    mapping = _map(mapping)
    key = _string(key)
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise EvalError(f"no key {key!r}")


def _format(spec: Any, *args: Any) -> Any:
    spec = _string(spec)
    parts: list[Any] = []
    position = 0
    arguments = iter(args)
    for match in re.finditer(r"%(%|[-+# 0]*\d*(?:\.\d+)?[sdvqfbxXoeEgGt])", spec):
        parts.append(spec[position:match.start()])
        position = match.end()
        verb = match.group(1)
        if verb == "%":
            parts.append("%")
            continue
        try:
            argument = next(arguments)
        except StopIteration:
            raise EvalError("too few arguments for the format") from None
        if isinstance(argument, (Unknown, Unevaluable)):
            parts.append(argument)
        elif verb.endswith("q"):
            parts.append(json.dumps(_string(argument)))
        elif verb.endswith("v") or verb.endswith("t"):
            parts.append(json.dumps(plain(argument)) if isinstance(argument, (list, dict)) else _string(argument))
        elif verb[-1] in "dxXob":
            number = int(_number(argument))
            parts.append(format(number, "b") if verb.endswith("b") else ("%" + verb) % number)
        elif verb[-1] in "feEgG":
            parts.append(("%" + verb) % _number(argument))
        else:
            parts.append(("%" + verb) % _string(argument))
    parts.append(spec[position:])
    return join_parts(parts)


def join_parts(parts: list[Any]) -> Any:
    """A string from parts, or a Partial when some are unknown (an Unevaluable part wins)."""
    for part in parts:
        if isinstance(part, Unevaluable):
            return part
    merged: list[Any] = []
    for part in parts:
        pieces = part.parts if isinstance(part, Partial) else (part,)
        for piece in pieces:
            if isinstance(piece, str) and merged and isinstance(merged[-1], str):
                merged[-1] += piece
            elif piece != "":
                merged.append(piece)
    if all(isinstance(part, str) for part in merged):
        return "".join(merged)
    return Partial(tuple(merged))


def _to_set(value: Any) -> list[Any] | None:
    if value is None:
        return None  # terraform converts a null to a null set, as tolist and tomap do
    items = _list(value) if not isinstance(value, dict) else list(value.values())
    need(*items)
    kinds = {_SCALAR_KINDS.get(type(item)) for item in items}
    if None not in kinds and len(kinds) > 1:
        # One element type, as terraform unifies them: strings with numbers or bools are strings;
        # numbers with bools are no type at all.
        if "string" not in kinds:
            raise EvalError("toset() of numbers and bools together")
        items = [_string(item) for item in items]
    unique: list[Any] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    # Sets of strings, numbers or bools are ordered by value (objects keep their order here).
    return sorted(unique) if None not in kinds else unique


_SCALAR_KINDS = {str: "string", int: "number", float: "number", bool: "bool"}


def _tostring(value: Any) -> Any:
    need(value)
    return None if value is None else _string(value)


def _tonumber(value: Any) -> Any:
    need(value)
    return None if value is None else _number(value)


def _tobool(value: Any) -> Any:
    need(value)
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError(f"{value!r} is not a bool")


def _length(value: Any) -> int:
    need(value)
    if isinstance(value, (list, dict, str)):
        return len(value)
    raise EvalError(f"length of a {type_name(value)}")


def _one(value: Any) -> Any:
    items = _list(value)
    if len(items) > 1:
        raise EvalError("one() of a list with more than one element")
    return items[0] if items else None


def _distinct(value: Any) -> list[Any]:
    items = _list(value)
    need(*items)
    unique: list[Any] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return unique


def _split(separator: Any, text: Any) -> list[str]:
    return _string(text).split(_string(separator))


def _join(separator: Any, *lists: Any) -> Any:
    separator = _string(separator)
    parts: list[Any] = []
    for items in lists:
        for item in _list(items):
            if parts:
                parts.append(separator)
            parts.append(item if isinstance(item, (Unknown, Unevaluable)) else _string(item))
    return join_parts(parts)


def _replace(text: Any, search: Any, replacement: Any) -> str:
    search = _string(search)
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        return _matching("replace", regex.replace_all, _string(text), search[1:-1], _string(replacement))
    return _string(text).replace(search, _string(replacement))


def _matching(name: str, function: Callable[..., Any], *arguments: Any) -> Any:
    """A regular-expression function: terraform's error when it fails, Unevaluable when the pattern
    is one Python's re may read differently from terraform's RE2."""
    try:
        return function(*arguments)
    except regex.UnsupportedPattern as unsupported:
        raise Pending(Unevaluable(f"{name}() is not evaluated for this pattern: {unsupported}")) from None
    except ValueError as error:
        raise EvalError(str(error)) from None


def _regex(pattern: Any, text: Any) -> Any:
    return _matching("regex", regex.regex, _string(pattern), _string(text))


def _regexall(pattern: Any, text: Any) -> list[Any]:
    return _matching("regexall", regex.regexall, _string(pattern), _string(text))


def _contains(items: Any, value: Any) -> bool:
    items = _list(items)
    need(value, *items)
    return value in items


def _element(items: Any, index: Any) -> Any:
    items = _list(items)
    if not items:
        raise EvalError("element() of an empty list")
    return items[int(_number(index)) % len(items)]


def _keys(mapping: Any) -> list[str]:
    return sorted(_map(mapping))


def _values(mapping: Any) -> list[Any]:
    mapping = _map(mapping)
    return [mapping[key] for key in sorted(mapping)]


def _merge(*maps: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for mapping in maps:
        if mapping is None:
            continue
        result.update(_map(mapping))
    return result


def _concat(*lists: Any) -> list[Any]:
    result: list[Any] = []
    for items in lists:
        result.extend(_list(items))
    return result


def _zipmap(keys: Any, values: Any) -> dict[str, Any]:
    keys, values = _list(keys), _list(values)
    if len(keys) != len(values):
        raise EvalError("zipmap() of lists of different lengths")
    return {_string(key): value for key, value in zip(keys, values)}


def _sort(items: Any) -> list[str]:
    items = _list(items)
    return sorted(_string(item) for item in items)


def _substr(text: Any, offset: Any, length: Any) -> str:
    text, offset, length = _string(text), int(_number(offset)), int(_number(length))
    start = offset if offset >= 0 else len(text) + offset
    return text[start:] if length < 0 else text[start:start + length]


def _slice(items: Any, start: Any, end: Any) -> list[Any]:
    return _list(items)[int(_number(start)):int(_number(end))]


def _range(*args: Any) -> list[int | float]:
    numbers = [_number(a) for a in args]
    start, stop, step = (0, numbers[0], 1) if len(numbers) == 1 else (*numbers[:2], numbers[2] if len(numbers) > 2 else 1)
    if step == 0 or abs((stop - start) / step) > 1024:
        raise EvalError("range() too long")
    result, current = [], start
    while (step > 0 and current < stop) or (step < 0 and current > stop):
        result.append(current)
        current += step
    return result


def _set_union(*sets: Any) -> list[Any]:
    return _to_set(_concat(*sets))


def _transpose(mapping: Any) -> dict[str, list[str]]:
    """{"a" = ["1", "2"], "b" = ["2"]} -> {"1" = ["a"], "2" = ["a", "b"]}: keys visited in order."""
    mapping = _map(mapping)
    result: dict[str, list[str]] = {}
    for key in sorted(mapping):
        for value in _list(mapping[key]):
            result.setdefault(_string(value), []).append(key)
    return dict(sorted(result.items()))


def _set_subtract(first: Any, second: Any) -> list[Any]:
    removed = _to_set(second)
    return [item for item in _to_set(first) if item not in removed]


def _set_intersection(first: Any, *others: Any) -> list[Any]:
    result = _to_set(first)
    for other in others:
        kept = _to_set(other)
        result = [item for item in result if item in kept]
    return result


def _index(items: Any, value: Any) -> int:
    items = _list(items)
    need(value, *items)
    if value not in items:
        raise EvalError("index(): value not in the list")
    return items.index(value)


def _jsondecode(text: Any) -> Any:
    if isinstance(text, Unevaluable):
        raise Pending(text)
    if isinstance(text, (Encoded, Partial)) or isinstance(text, str):
        try:
            return decode_json(text)
        except ValueError:
            raise EvalError("jsondecode() of text that is not JSON") from None
    need(text)
    raise EvalError(f"jsondecode() of a {type_name(text)}")


def _startswith(text: Any, prefix: Any) -> bool:
    return _string(text).startswith(_string(prefix))


def _endswith(text: Any, suffix: Any) -> bool:
    return _string(text).endswith(_string(suffix))


def _reverse(items: Any) -> list[Any]:
    return list(reversed(_list(items)))


def _compact(items: Any) -> list[Any]:
    items = _list(items)
    need(*items)
    return [item for item in items if item is not None and item != ""]


def _min(*numbers: Any) -> Any:
    return min(_number(n) for n in numbers)


def _max(*numbers: Any) -> Any:
    return max(_number(n) for n in numbers)


def _sum(items: Any) -> Any:
    return sum(_number(n) for n in _list(items))


def _tomap(value: Any) -> dict[str, Any] | None:
    return None if value is None else dict(_map(value))


def _tolist(value: Any) -> list[Any] | None:
    return None if value is None else list(_list(value))


def _formatlist(spec: Any, *args: Any) -> list[Any]:
    """``format`` per element: list arguments advance together, other arguments repeat."""
    lengths = set()
    for arg in args:
        if type(arg) is Unknown or isinstance(arg, Unevaluable):
            need(arg)  # list or not, how many elements it has is not known yet
        if isinstance(arg, list):
            lengths.add(len(arg))
    if len(lengths) > 1:
        raise EvalError("formatlist() of lists of different lengths")
    count = lengths.pop() if lengths else 1
    return [_format(spec, *(arg[index] if isinstance(arg, list) else arg for arg in args)) for index in range(count)]


def _setproduct(*sets: Any) -> list[list[Any]]:
    if len(sets) < 2:
        raise EvalError("setproduct() needs at least two sets")
    return [list(combination) for combination in itertools.product(*(_list(items) for items in sets))]


def _chunklist(items: Any, size: Any) -> list[list[Any]]:
    items, size = _list(items), _number(size)
    if size < 0 or size != int(size):
        raise EvalError("chunklist() size must be a whole number, 0 or more")
    if size == 0:
        return [list(items)] if items else []  # 0: everything in one chunk
    return [items[start:start + int(size)] for start in range(0, len(items), int(size))]


def _all_true(items: Any) -> bool:
    items = _list(items)
    need(*items)  # terraform's answer can depend on the order of an unknown and a false: not guessed
    return all(_tobool(item) is True for item in items)


def _any_true(items: Any) -> bool:
    items = _list(items)
    if any(not isinstance(item, (Unknown, Unevaluable)) and _tobool(item) is True for item in items):
        return True
    need(*items)
    return False


def _title(text: Any) -> str:
    """Each word's first letter in upper case, the rest as written; words are separated as Go's
    strings.Title separates them (letters, digits and ``_`` join; other ASCII and spaces split)."""
    result, previous = [], " "
    for char in _string(text):
        if previous.isascii():
            separator = not (previous.isalnum() or previous == "_")
        else:
            separator = previous.isspace()
        result.append(char.upper() if separator else char)
        previous = char
    return "".join(result)


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _parseint(text: Any, base: Any) -> int:
    text, base = _string(text), _number(base)
    if base != int(base) or not 2 <= base <= 62:
        raise EvalError("parseint() base must be a whole number between 2 and 62")
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text.removeprefix("+"))
    # Up to base 36 letters are digits in either case; above it, upper case comes after lower case.
    table = _DIGITS[:int(base)] if base > 36 else _DIGITS[:int(base)] + _DIGITS[10:int(base)].upper()
    if not digits or any(char not in table for char in digits):
        raise EvalError(f"parseint(): {text!r} is not a base {int(base)} integer")
    value = 0
    for char in digits:
        value = value * int(base) + (_DIGITS.index(char.lower() if base <= 36 else char))
    return sign * value


def _base64decode(text: Any) -> str:
    try:
        decoded = base64.b64decode(_string(text), validate=True)
    except (binascii.Error, ValueError):
        raise EvalError("base64decode(): the text is not base64") from None
    try:
        return decoded.decode("utf-8")
    except UnicodeDecodeError:
        raise EvalError("base64decode(): the decoded bytes are not UTF-8 text") from None


def _hex_digest(algorithm: str, text: Any) -> str:
    return hashlib.new(algorithm, _string(text).encode("utf-8")).hexdigest()


# Paths as Go's filepath reads them on Linux: basename("") is ".", dirname("a") is ".", a
# trailing slash ends no element.
def _basename(path: Any) -> str:
    path = _string(path)
    if not path:
        return "."
    stripped = path.rstrip("/")
    return stripped.rpartition("/")[2] if stripped else "/"


def _dirname(path: Any) -> str:
    head = _string(path)
    head = head[:head.rfind("/") + 1]
    if not head:
        return "."
    cleaned = posixpath.normpath(head)
    return "/" + cleaned.lstrip("/") if cleaned.startswith("//") else cleaned


# The aws provider's functions (terraform 1.8+, provider 5.40+), the ones that build and read ARNs.
def _arn_build(partition: Any, service: Any, region: Any, account_id: Any, resource: Any) -> Any:
    parts: list[Any] = ["arn"]
    for part in (partition, service, region, account_id, resource):
        parts += [":", part if isinstance(part, (Unknown, Unevaluable)) else _string(part)]
    return join_parts(parts)


def _arn_parse(arn: Any) -> dict[str, str]:
    fields = _string(arn).split(":", 5)
    if len(fields) != 6 or fields[0] != "arn":
        raise EvalError(f"provider::aws::arn_parse: {_string(arn)!r} is not an ARN")
    return dict(zip(("partition", "service", "region", "account_id", "resource"), fields[1:]))


def _trim_iam_role_path(arn: Any) -> str:
    """A role ARN without its path (``role/a/b/name`` -> ``role/name``): trust and key policies name
    roles without paths."""
    fields = _arn_parse(arn)
    if fields["service"] != "iam" or not fields["resource"].startswith("role/"):
        raise EvalError(f"provider::aws::trim_iam_role_path: {_string(arn)!r} is not an IAM role ARN")
    prefix = _string(arn)[:-len(fields["resource"])]
    return prefix + "role/" + fields["resource"].rsplit("/", 1)[-1]


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": to_json, "jsondecode": _jsondecode, "merge": _merge, "concat": _concat,
    "flatten": _flatten, "lookup": _lookup, "coalesce": _coalesce, "coalescelist": _coalescelist,
    "format": _format, "toset": _to_set, "tolist": _tolist, "tomap": _tomap, "tostring": _tostring,
    "tonumber": _tonumber, "tobool": _tobool, "keys": _keys, "values": _values, "length": _length,
    "one": _one, "distinct": _distinct, "compact": _compact, "split": _split, "join": _join,
    "replace": _replace, "lower": lambda s: _string(s).lower(), "upper": lambda s: _string(s).upper(),
    "contains": _contains, "element": _element, "zipmap": _zipmap, "sort": _sort,
    "trimsuffix": lambda s, x: _string(s).removesuffix(_string(x)),
    "trimprefix": lambda s, x: _string(s).removeprefix(_string(x)),
    "trimspace": lambda s: _string(s).strip(), "startswith": _startswith, "endswith": _endswith,
    "trim": lambda s, cutset: _string(s).strip(_string(cutset)), "chomp": lambda s: _string(s).rstrip("\r\n"),
    "regex": _regex, "regexall": _regexall, "setsubtract": _set_subtract, "transpose": _transpose,
    "base64encode": lambda s: base64.b64encode(_string(s).encode("utf-8")).decode("ascii"),
    "base64decode": _base64decode, "md5": functools.partial(_hex_digest, "md5"),
    "sha1": functools.partial(_hex_digest, "sha1"), "sha256": functools.partial(_hex_digest, "sha256"),
    "sha512": functools.partial(_hex_digest, "sha512"), "basename": _basename, "dirname": _dirname,
    "substr": _substr, "slice": _slice, "reverse": _reverse, "range": _range, "min": _min, "max": _max,
    "sum": _sum, "abs": lambda n: abs(_number(n)), "setunion": _set_union,
    "setintersection": _set_intersection, "index": _index, "formatlist": _formatlist,
    "setproduct": _setproduct, "chunklist": _chunklist, "alltrue": _all_true, "anytrue": _any_true, "title": _title,
    "strcontains": lambda s, x: _string(x) in _string(s), "parseint": _parseint,
    "ceil": lambda n: math.ceil(_number(n)), "floor": lambda n: math.floor(_number(n)),
    # The gate does not track sensitivity: a sensitive value is judged by what it is.
    "sensitive": lambda value: value, "nonsensitive": lambda value: value,
    "provider::aws::arn_build": _arn_build, "provider::aws::arn_parse": _arn_parse,
    "provider::aws::trim_iam_role_path": _trim_iam_role_path,
}

# Functions whose result is only known at apply, whatever their arguments.
APPLY_TIME = {"timestamp", "uuid", "bcrypt"}

# Functions that rewrite text: of an ARN known only at apply they may make anything, "*" included,
# so their result no longer names the resources the text came from.
REWRITES_TEXT = {"replace", "substr", "trimprefix", "trimsuffix", "trimspace", "trim", "chomp", "lower", "upper",
                 "title", "regex", "regexall", "split", "base64encode", "base64decode", "md5", "sha1", "sha256",
                 "sha512", "basename", "dirname"}
