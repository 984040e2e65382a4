"""Terraform's ``regex``, ``regexall`` and ``replace`` with a ``/pattern/``, where Python's ``re``
gives exactly RE2's answer.

Terraform matches with Go's RE2. Python's ``re`` reads most patterns the same way but not all: RE2
has no look-around or back-references (terraform fails where Python would match), ``$`` is the end
of the text (Python's also matches before a final newline), ``\\w``/``\\d``/``\\s`` are ASCII, POSIX
classes and ``\\p{...}`` exist only in RE2, and the two differ on empty matches next to a previous
match. A pattern outside the subset both read alike is refused with the construct named: the gate
then says the value cannot be judged, instead of judging a name or ARN terraform would compute
differently.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Escapes both engines read alike (with re.ASCII): character classes and control characters
# anywhere, word boundaries and the beginning of the text outside a class.
_CLASS_ESCAPES = set("dDwWsSntrfv")
_POSITION_ESCAPES = set("bBA")
_QUANTIFIERS = set("*+?")
_MAX_REPEAT = 1000  # RE2 refuses larger counts
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")
_SET_OPERATIONS = ("--", "&&", "~~", "||")  # members in RE2; Python warns they will become operators


class UnsupportedPattern(ValueError):
    """A pattern RE2 and Python's re may read differently (or RE2 refuses): not evaluated."""


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The Python equivalent of an RE2 pattern, or UnsupportedPattern naming what differs."""
    translated: list[str] = []
    index, quantified = 0, False  # quantified: the last token was a quantifier
    class_body: int | None = None  # inside a character class: where its members start
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            translated.append(_escape(pattern[index + 1:index + 2], class_body is not None))
            index, quantified = index + 2, False
            continue
        if class_body is not None:
            if char == "[" or pattern[index:index + 2] in _SET_OPERATIONS:
                raise UnsupportedPattern("a [ or a set operation inside a character class (POSIX classes, "
                                         "nested sets)")
            if char == "]" and index > class_body:  # a ] first in the class is one of its members
                class_body = None
            translated.append(char)
            index += 1
            continue
        repeat = _REPEAT.match(pattern, index) if char == "{" else None
        if char == "{" and not repeat:
            raise UnsupportedPattern("a { that is not a repeat count (Python reads {,n} as one)")
        if char == "+" and quantified:
            # Python 3.11 reads a*+ as possessive; RE2 refuses it. Any other double quantifier is
            # lazy in both (a*?) or refused by both (a**).
            raise UnsupportedPattern("a + after a quantifier (possessive in Python, an error in RE2)")
        if repeat:
            if any(int(count) > _MAX_REPEAT for count in (repeat.group(1), repeat.group(3)) if count):
                raise UnsupportedPattern(f"a repeat count above {_MAX_REPEAT}")
            translated.append(repeat.group(0))
            index, quantified = repeat.end(), True
            continue
        quantified = char in _QUANTIFIERS
        if char == "(" and pattern.startswith("(?", index):
            opening = _group_opening(pattern, index)
            translated.append(opening)
            index += len(opening)
            continue
        if char == "[":
            class_body = index + 2 if pattern.startswith("[^", index) else index + 1
        translated.append(r"\Z" if char == "$" else char)
        index += 1
    if class_body is not None:
        raise UnsupportedPattern("a character class is not closed")
    try:
        return re.compile("".join(translated), re.ASCII)
    except re.error as error:
        raise UnsupportedPattern(f"the pattern is not valid ({error})") from None


_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")
_FLAG_GROUP = re.compile(r"\(\?(?:i\)|i?:)")


def _escape(escaped: str, in_class: bool) -> str:
    """The Python form of a backslash escape both engines read alike."""
    if not escaped:
        raise UnsupportedPattern("the pattern ends with a lone backslash")
    if escaped.isascii() and not escaped.isalnum():
        return "\\" + escaped  # escaped punctuation: the character itself in both
    if escaped in _CLASS_ESCAPES or (not in_class and escaped in _POSITION_ESCAPES):
        return "\\" + escaped
    if escaped == "z" and not in_class:
        return r"\Z"  # RE2's end of text; RE2 has no \Z of its own
    raise UnsupportedPattern(f"the escape \\{escaped} is not read the same by terraform's RE2")


def _group_opening(pattern: str, index: int) -> str:
    """A ``(?...`` opening both engines read alike: a named group, non-capturing, or the i flag."""
    opening = _NAMED_GROUP.match(pattern, index) or _FLAG_GROUP.match(pattern, index)
    if opening is None:
        raise UnsupportedPattern(f"the group {pattern[index:index + 4]}... is not read the same by terraform's RE2 "
                                 "(look-around, flags other than i, or another form of name)")
    return opening.group(0)


def _matches(pattern: str, text: str) -> list[re.Match[str]]:
    compiled = compile_pattern(pattern)
    if "(?i" in pattern and not (pattern.isascii() and text.isascii()):
        raise UnsupportedPattern("case-insensitive matching of text that is not ASCII (RE2 folds all of Unicode)")
    found = list(compiled.finditer(text))
    if any(match.start() == match.end() for match in found):
        # Go skips an empty match next to the previous match; Python reports it.
        raise UnsupportedPattern("the pattern matches an empty string")
    return found


def _captures(compiled: re.Pattern[str], match: re.Match[str]) -> Any:
    if compiled.groupindex:
        if len(compiled.groupindex) != compiled.groups:
            raise ValueError("a pattern cannot mix named and unnamed capture groups")
        return {name: match.group(name) for name in compiled.groupindex}
    if compiled.groups:
        return list(match.groups())
    return match.group(0)


def regex(pattern: str, text: str) -> Any:
    """``regex``: the first match (its text, its captures as a list, or named captures as a map).
    ValueError when nothing matches, as terraform errors."""
    found = _matches(pattern, text)
    if not found:
        raise ValueError("regex(): the pattern did not match any part of the string")
    return _captures(compile_pattern(pattern), found[0])


def regexall(pattern: str, text: str) -> list[Any]:
    compiled = compile_pattern(pattern)
    return [_captures(compiled, match) for match in _matches(pattern, text)]


def replace_all(text: str, pattern: str, template: str) -> str:
    """``replace`` with ``/pattern/``: Go's ReplaceAllString, ``$1``/``${name}`` expanded."""
    compiled = compile_pattern(pattern)
    pieces, position = [], 0
    for match in _matches(pattern, text):
        pieces += [text[position:match.start()], _expand(template, compiled, match)]
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


_REFERENCE = re.compile(r"\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))")


def _expand(template: str, compiled: re.Pattern[str], match: re.Match[str]) -> str:
    """Go's Regexp.Expand: ``$$`` is ``$``; ``$name``/``${name}`` is the group of that number or
    name (the longest run of word characters: ``$1x`` is the group "1x"), empty when there is none."""

    def group(reference: re.Match[str]) -> str:
        name = reference.group(1) or reference.group(2)
        if name is None:
            return "$"
        if name.isdigit():
            number = int(name)
            return (match.group(number) or "") if number <= compiled.groups else ""
        return (match.group(name) or "") if name in compiled.groupindex else ""

    return _REFERENCE.sub(group, template)
