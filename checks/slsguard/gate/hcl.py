"""A small, dependency-free reader for the parts of HCL the gate needs.

The plan's ``configuration`` block keeps only the *references* of an expression, so a policy built
with ``jsonencode({...})`` from resource attributes is lost there. This module recovers the literal
structure from the ``.tf`` source: blocks with labels and line numbers, and attribute expressions
as Python values where they are literal (strings, numbers, tuples, objects), ``Ref`` for
references, ``Call`` for function calls and ``Opaque`` for everything the gate does not evaluate
(conditionals, ``for`` expressions, templates with interpolation, operators).

Why not python-hcl2: the environment also needs Checkov, whose fork ``bc-python-hcl2`` installs
over the same ``hcl2`` module name, so which parser answers depends on install order; the lark
grammar is also slow on large roots. Nothing here evaluates code: unknown syntax becomes Opaque.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class HclSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Ref:
    """A traversal such as ``aws_sqs_queue.q.arn`` or ``var.name``."""

    path: str


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Opaque:
    """An expression the gate does not evaluate; ``text`` is for messages."""

    text: str


@dataclass(eq=False)  # identity-hashed: derived results are cached per block
class Block:
    type: str
    labels: tuple[str, ...]
    line: int
    end_line: int
    attributes: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    # The module a resource/data block (and its nested blocks) was read from: its expressions name
    # that module's locals and files (``path.module``).
    module: ModuleSource | None = field(default=None, repr=False)

    def children(self, type_: str) -> list[Block]:
        return [block for block in self.blocks if block.type == type_]


@dataclass(frozen=True)
class Token:
    kind: str  # ident, number, string, punct, newline, eof
    value: Any
    line: int


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"\d+(\.\d+)?([eE][+-]?\d+)?")
_OPERATORS = ("...", "==", "!=", "<=", ">=", "&&", "||", "=>")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


class _Template:
    """A quoted string or heredoc with interpolation: kept as source text."""

    def __init__(self, text: str, only_interpolation: str | None) -> None:
        self.text = text
        self.only_interpolation = only_interpolation


def _skip_interpolation(text: str, start: int) -> int:
    """Index just after the ``}`` closing the ``${``/``%{`` opened at ``start``."""
    depth, index = 0, start + 2
    while index < len(text):
        char = text[index]
        if char == '"':
            index = _scan_string(text, index)[1]
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index + 1
            depth -= 1
        index += 1
    raise HclSyntaxError("unterminated interpolation")


def _scan_string(text: str, start: int) -> tuple[str | _Template, int]:
    """Scan the quoted string starting at ``text[start] == '"'``; return (value, end index)."""
    index, out, templated, parts = start + 1, [], False, 0
    only: str | None = None
    while index < len(text):
        char = text[index]
        if char == '"':
            raw = text[start + 1:index]
            if templated:
                return _Template(raw, only if parts == 1 and raw.startswith("${") and raw.endswith("}") else None), index + 1
            return "".join(out), index + 1
        if char == "\n":
            break
        if char == "\\" and index + 1 < len(text):
            nxt = text[index + 1]
            if nxt == "u" and index + 6 <= len(text):
                out.append(chr(int(text[index + 2:index + 6], 16)))
                index += 6
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            index += 2
            continue
        if text.startswith("$${", index) or text.startswith("%%{", index):
            out.append(text[index + 1:index + 3])
            index += 3
            continue
        if text.startswith("${", index) or text.startswith("%{", index):
            end = _skip_interpolation(text, index)
            templated, parts = True, parts + 1
            only = text[index + 2:end - 1] if char == "$" else None
            index = end
            continue
        out.append(char)
        index += 1
    raise HclSyntaxError("unterminated string")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    index, line, length = 0, 1, len(text)
    while index < length:
        char = text[index]
        if char in " \t\r":
            index += 1
        elif char == "\n":
            tokens.append(Token("newline", "\n", line))
            line += 1
            index += 1
        elif char == "#" or text.startswith("//", index):
            end = text.find("\n", index)
            index = length if end < 0 else end
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            if end < 0:
                raise HclSyntaxError(f"line {line}: unterminated comment")
            line += text.count("\n", index, end)
            index = end + 2
        elif char == '"':
            value, end = _scan_string(text, index)
            tokens.append(Token("string", value, line))
            line += text.count("\n", index, end)
            index = end
        elif text.startswith("<<", index) and (match := re.match(r"<<(-?)([A-Za-z_][A-Za-z0-9_]*)\n", text[index:])):
            marker, body_start = match.group(2), index + match.end()
            closing = re.compile(rf"^[ \t]*{marker}[ \t]*$", re.MULTILINE).search(text, body_start)
            if closing is None:
                raise HclSyntaxError(f"line {line}: unterminated heredoc {marker}")
            body = text[body_start:closing.start()]
            if match.group(1):
                lines = body.split("\n")
                indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
                body = "\n".join(x[indent:] for x in lines)
            value = _Template(body, None) if ("${" in body or "%{" in body) else body
            tokens.append(Token("string", value, line))
            line += text.count("\n", index, closing.end())
            index = closing.end()
        elif match := _IDENT.match(text, index):
            tokens.append(Token("ident", match.group(), line))
            index = match.end()
        elif match := _NUMBER.match(text, index):
            number = match.group()
            tokens.append(Token("number", float(number) if ("." in number or "e" in number.lower()) else int(number), line))
            index = match.end()
        else:
            for operator in _OPERATORS:
                if text.startswith(operator, index):
                    tokens.append(Token("punct", operator, line))
                    index += len(operator)
                    break
            else:
                tokens.append(Token("punct", char, line))
                index += 1
    tokens.append(Token("eof", None, line))
    return tokens


_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_BINARY = {"?", ":", "+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"}


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos = min(self.pos + 1, len(self.tokens) - 1)
        return token

    def expect(self, value: str) -> Token:
        token = self.take()
        if token.value != value or token.kind not in ("punct", "ident"):
            raise HclSyntaxError(f"line {token.line}: expected {value!r}, found {token.value!r}")
        return token

    def skip_newlines(self) -> None:
        while self.peek().kind == "newline":
            self.take()

    # -- bodies ---------------------------------------------------------------------------------
    def body(self, closing: str | None) -> tuple[dict[str, Any], list[Block], int]:
        attributes: dict[str, Any] = {}
        blocks: list[Block] = []
        while True:
            self.skip_newlines()
            token = self.peek()
            if closing is not None and token.kind == "punct" and token.value == closing:
                self.take()
                return attributes, blocks, token.line
            if token.kind == "eof":
                if closing is not None:
                    raise HclSyntaxError(f"line {token.line}: missing {closing!r}")
                return attributes, blocks, token.line
            if token.kind != "ident":
                raise HclSyntaxError(f"line {token.line}: unexpected {token.value!r}")
            name = self.take().value
            if self.peek().value == "=" and self.peek().kind == "punct":
                self.take()
                attributes[name] = self.expression(("newline",))
                continue
            labels = []
            while self.peek().kind in ("string", "ident"):
                label = self.take().value
                labels.append(label.text if isinstance(label, _Template) else label)
            self.expect("{")
            inner_attrs, inner_blocks, end = self.body("}")
            blocks.append(Block(name, tuple(labels), token.line, end, inner_attrs, inner_blocks))

    # -- expressions ----------------------------------------------------------------------------
    def expression(self, terminators: tuple[str, ...]) -> Any:
        start = self.pos
        try:
            value = self.primary()
        except _NotPrimary:  # a leading operator (`!x`, `-var.y`): not evaluated
            self.pos = start
            return self.opaque(terminators)
        token = self.peek()
        if self._at_terminator(token, terminators):
            return value
        self.pos = start
        return self.opaque(terminators)

    @staticmethod
    def _at_terminator(token: Token, terminators: tuple[str, ...]) -> bool:
        if token.kind in ("eof", "newline"):
            return token.kind == "eof" or "newline" in terminators
        return token.kind == "punct" and token.value in terminators

    def opaque(self, terminators: tuple[str, ...]) -> Opaque:
        depth, parts = 0, []
        while True:
            token = self.peek()
            if token.kind == "eof":
                if depth:
                    raise HclSyntaxError(f"line {token.line}: unbalanced brackets")
                break
            if depth == 0 and self._at_terminator(token, terminators):
                break
            if token.kind == "punct" and token.value in _CLOSERS:
                depth += 1
            elif token.kind == "punct" and token.value in _CLOSERS.values():
                if depth == 0:
                    break
                depth -= 1
            parts.append(token.value.text if isinstance(token.value, _Template) else str(token.value))
            self.take()
        return Opaque(" ".join(parts).replace("\n", " "))

    def primary(self) -> Any:
        token = self.take()
        if token.kind == "number":
            return token.value
        if token.kind == "string":
            return self._string(token)
        if token.kind == "punct":
            if token.value == "-" and self.peek().kind == "number":
                return -self.take().value
            if token.value == "[":
                return self._tuple()
            if token.value == "{":
                return self._object()
            if token.value == "(":
                self.skip_newlines()
                inner = self.expression((")",))
                self.skip_newlines()
                self.expect(")")
                return inner
            raise _NotPrimary
        if token.kind == "ident":
            if token.value in ("true", "false"):
                return token.value == "true"
            if token.value == "null":
                return None
            if self.peek().kind == "punct" and self.peek().value == "(":
                return self._call(token.value)
            return self._traversal(token.value)
        raise _NotPrimary

    def _string(self, token: Token) -> Any:
        value = token.value
        if isinstance(value, _Template):
            if value.only_interpolation is not None:
                try:
                    inner = _Parser(tokenize(value.only_interpolation))
                    inner.skip_newlines()
                    result = inner.expression(())
                    return result
                except HclSyntaxError:
                    return Opaque(value.text)
            return Opaque(value.text)
        return value

    def _traversal(self, root: str) -> Ref | Opaque:
        path = root
        while True:
            token = self.peek()
            if token.kind == "punct" and token.value == ".":
                self.take()
                step = self.take()
                if step.kind not in ("ident", "number") and step.value != "*":
                    raise HclSyntaxError(f"line {step.line}: bad traversal after {path!r}")
                path += f".{step.value}"
            elif token.kind == "punct" and token.value == "[":
                self.take()
                key = self.expression(("]",))
                self.expect("]")
                path += f"[{key!r}]" if not isinstance(key, (Opaque, Ref)) else "[*]"
            else:
                return Ref(path)

    def _items(self, closing: str) -> list[Any]:
        items: list[Any] = []
        while True:
            self.skip_newlines()
            if self.peek().kind == "punct" and self.peek().value == closing:
                self.take()
                return items
            if self.peek().kind == "punct" and self.peek().value == "...":
                self.take()
                continue
            start = self.pos
            items.append(self.expression((",", closing, "...", "newline")))
            if self.pos == start:  # a stray closer: without this check the loop never ends
                token = self.peek()
                raise HclSyntaxError(f"line {token.line}: expected {closing!r}, found {token.value!r}")
            self.skip_newlines()
            if self.peek().kind == "punct" and self.peek().value == ",":
                self.take()

    def _for_expression(self) -> Opaque | None:
        """After an opening bracket: a ``for`` expression is consumed whole and not evaluated."""
        opener = self.pos - 1
        self.skip_newlines()
        if not (self.peek().kind == "ident" and self.peek().value == "for"):
            return None
        self.pos, depth = opener, 0
        while True:
            token = self.take()
            if token.kind == "eof":
                raise HclSyntaxError(f"line {token.line}: unterminated for expression")
            if token.kind == "punct" and token.value in _CLOSERS:
                depth += 1
            elif token.kind == "punct" and token.value in _CLOSERS.values():
                depth -= 1
                if depth == 0:
                    return Opaque("for expression")

    def _tuple(self) -> Any:
        if (comprehension := self._for_expression()) is not None:
            return comprehension
        return self._postfix(list(self._items("]")))

    def _call(self, name: str) -> Any:
        self.expect("(")
        return self._postfix(Call(name, tuple(self._items(")"))))

    def _object(self) -> Any:
        if (comprehension := self._for_expression()) is not None:
            return comprehension
        result: dict[str, Any] = {}
        while True:
            self.skip_newlines()
            token = self.take()
            if token.kind == "punct" and token.value == "}":
                return self._postfix(result)
            if token.kind == "string" and not isinstance(token.value, _Template):
                key: Any = token.value
            elif token.kind == "ident":
                key = token.value
            elif token.kind == "punct" and token.value == "(":
                key = self.expression((")",))
                self.expect(")")
            else:
                raise HclSyntaxError(f"line {token.line}: unexpected object key {token.value!r}")
            separator = self.take()
            if separator.value not in ("=", ":"):
                raise HclSyntaxError(f"line {separator.line}: expected '=' after key {key!r}")
            value = self.expression((",", "}", "newline"))
            if isinstance(key, str):
                result[key] = value
            else:
                result[f"<{key}>"] = Opaque(f"computed key {key}")
            if self.peek().kind == "punct" and self.peek().value == ",":
                self.take()

    def _postfix(self, value: Any) -> Any:
        token = self.peek()
        if token.kind == "punct" and token.value in ("[", "."):
            self.opaque((",", ")", "]", "}", "newline"))
            return Opaque("indexed expression")
        return value


class _NotPrimary(Exception):
    pass


def parse(text: str) -> Block:
    """Parse a whole file into a root block (type ``""``) of attributes and blocks."""
    attributes, blocks, end = _Parser(tokenize(text)).body(None)
    return Block("", (), 1, end, attributes, blocks)


@dataclass(eq=False)
class ModuleSource:
    """One module directory: its ``resource``/``data`` blocks keyed by (mode, type, name) and the
    expressions of its ``locals``."""

    directory: Path
    blocks: dict[tuple[str, str, str], tuple[Path, Block]]
    errors: list[str]
    locals: dict[str, Any] = field(default_factory=dict)


def read_module(directory: Path) -> ModuleSource:
    module = ModuleSource(directory, {}, [])
    for path in sorted(directory.glob("*.tf")):
        try:
            root = parse(path.read_text(encoding="utf-8", errors="replace"))
        except HclSyntaxError as error:
            module.errors.append(f"{path.name}: {error}")
            continue
        for block in root.blocks:
            if block.type in ("resource", "data") and len(block.labels) == 2:
                mode = "managed" if block.type == "resource" else "data"
                _belongs_to(block, module)
                module.blocks[(mode, block.labels[0], block.labels[1])] = (path, block)
            elif block.type == "locals":
                module.locals.update(block.attributes)
    return module


def _belongs_to(block: Block, module: ModuleSource) -> None:
    block.module = module
    for child in block.blocks:
        _belongs_to(child, module)
