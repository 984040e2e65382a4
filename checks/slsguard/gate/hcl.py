"""A small, dependency-free reader of HCL native syntax: blocks with labels and line numbers, and
attribute expressions as a syntax tree that ``slsguard.gate.evaluate`` computes.

The plan's ``configuration`` block keeps only the *references* of an expression, so a policy built
with ``jsonencode({...})``, a ``for`` expression over a module input or a heredoc template is lost
there. This module recovers the whole expression from the ``.tf`` source. It never runs anything:
it only builds a tree.

Why not python-hcl2: Checkov's fork ``bc-python-hcl2`` installs over the same ``hcl2`` module name,
so which parser answers depends on install order, and neither gives a tree of expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple


class HclSyntaxError(ValueError):
    pass


# -- the syntax tree ------------------------------------------------------------------------------
# Nodes are compared by identity: the evaluator caches results per (node, scope).


class Node:
    __slots__ = ()


@dataclass(eq=False, slots=True)
class Const(Node):
    value: Any  # str, int, float, bool or None


@dataclass(eq=False, slots=True)
class Template(Node):
    """A quoted string or heredoc with interpolations: literal strings, expressions and
    ``%{if}``/``%{for}`` directives in order."""

    parts: tuple[Any, ...]  # str | Node


@dataclass(eq=False, slots=True)
class TemplateIf(Node):
    condition: Node
    then: Template
    other: Template | None


@dataclass(eq=False, slots=True)
class TemplateFor(Node):
    key_var: str | None
    value_var: str
    collection: Node
    body: Template


@dataclass(eq=False, slots=True)
class TupleExpr(Node):
    items: tuple[Node, ...]
    expand_last: bool = False


@dataclass(eq=False, slots=True)
class ObjectExpr(Node):
    items: tuple[tuple[Node, Node], ...]


@dataclass(eq=False, slots=True)
class Variable(Node):
    """The root of a traversal: ``var``, ``local``, ``module``, ``each``, a resource type, a ``for``
    symbol..."""

    name: str


@dataclass(eq=False, slots=True)
class GetAttr(Node):
    source: Node
    name: str


@dataclass(eq=False, slots=True)
class Index(Node):
    source: Node
    key: Node


@dataclass(eq=False, slots=True)
class SplatItem(Node):
    """The element a splat's remaining traversal applies to."""


@dataclass(eq=False, slots=True)
class Splat(Node):
    source: Node
    each: Node  # a traversal rooted at SplatItem


@dataclass(eq=False, slots=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]
    expand_last: bool = False  # f(xs...)


@dataclass(eq=False, slots=True)
class Unary(Node):
    op: str
    operand: Node


@dataclass(eq=False, slots=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(eq=False, slots=True)
class Conditional(Node):
    condition: Node
    then: Node
    other: Node


@dataclass(eq=False, slots=True)
class ForExpr(Node):
    key_var: str | None
    value_var: str
    collection: Node
    key: Node | None  # object form only
    value: Node
    condition: Node | None
    grouping: bool = False  # `k => v...`


def traversal(node: Any) -> str | None:
    """``aws_sqs_queue.q["a"].arn`` for a static traversal (literal keys), else None."""
    steps: list[str] = []
    while True:
        if isinstance(node, Variable):
            return "".join([node.name, *reversed(steps)])
        if isinstance(node, GetAttr):
            steps.append(f".{node.name}")
            node = node.source
        elif isinstance(node, Index) and isinstance(node.key, Const) and not isinstance(node.key.value, bool):
            key = node.key.value
            steps.append(f'["{key}"]' if isinstance(key, str) else f"[{key}]")
            node = node.source
        else:
            return None


def root_names(node: Any) -> set[str]:
    """The names every traversal in ``node`` starts from (``var``, ``each``, ``aws_sqs_queue``, a
    ``for`` symbol...): whether an expression can depend on the instance it is written in."""
    names: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Variable):
            names.add(current.name)
        elif isinstance(current, Node):
            stack.extend(getattr(current, slot) for slot in current.__slots__)
        elif isinstance(current, tuple):
            stack.extend(current)
    return names


def literal(node: Any) -> Any:
    """The Python value of a constant expression (strings, numbers, tuples, objects); raises
    ValueError for anything that needs evaluation."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Template) and all(isinstance(p, str) for p in node.parts):
        return "".join(node.parts)
    if isinstance(node, TupleExpr) and not node.expand_last:
        return [literal(item) for item in node.items]
    if isinstance(node, ObjectExpr):
        result = {}
        for key, value in node.items:
            name = literal(key)
            if not isinstance(name, str):
                raise ValueError("an object key is not a string")
            result[name] = literal(value)
        return result
    if isinstance(node, Unary) and node.op == "-" and isinstance(node.operand, Const):
        return -node.operand.value
    raise ValueError("not a constant expression")


@dataclass(eq=False)  # identity-hashed: derived results are cached per block
class Block:
    type: str
    labels: tuple[str, ...]
    line: int
    end_line: int
    attributes: dict[str, Node] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    # Each attribute's source text on one line (for messages and generated docs).
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    # The module a block was read from: its expressions name that module's locals and files.
    module: ModuleSource | None = field(default=None, repr=False)

    def children(self, type_: str) -> list[Block]:
        return [block for block in self.blocks if block.type == type_]


# -- tokens ---------------------------------------------------------------------------------------
class Token(NamedTuple):  # a tuple: a file has thousands, made faster than frozen dataclasses
    kind: str  # ident, number, string, punct, newline, eof
    value: Any  # for strings: a tuple of parts (str, or ("${", inner text) / ("%{", inner text))
    line: int
    start: int
    end: int


# A name, or a namespaced function name: ``provider::aws::arn_build``, ``core::jsonencode``.
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?:::[A-Za-z_][A-Za-z0-9_-]*)*")
_NUMBER = re.compile(r"\d+(\.\d+)?([eE][+-]?\d+)?")
_TWO_CHARACTER_OPERATORS = frozenset(("==", "!=", "<=", ">=", "&&", "||", "=>"))
# Runs of blanks and strings without escapes or templates are most of a file: one match each
# instead of a loop step per character.
_BLANKS = re.compile(r"[ \t\r]+")
_PLAIN_STRING = re.compile(r'"([^"\\\n$%]*)"')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _skip_interpolation(text: str, start: int) -> int:
    """Index just after the ``}`` closing the ``${``/``%{`` opened at ``start``."""
    depth, index = 0, start + 2
    while index < len(text):
        char = text[index]
        if char == '"':
            index = _scan_template(text, index + 1, quoted=True)[1]
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index + 1
            depth -= 1
        index += 1
    raise HclSyntaxError("unterminated interpolation")


def _scan_template(text: str, index: int, quoted: bool, end: int | None = None) -> tuple[tuple[Any, ...], int]:
    """Template parts from ``index`` to the closing quote (quoted) or ``end`` (heredoc body).
    Returns (parts, index after the closing quote)."""
    limit = len(text) if end is None else end
    parts: list[Any] = []
    literal_chars: list[str] = []
    while index < limit:
        char = text[index]
        if quoted and char == '"':
            break
        if quoted and char == "\n":
            raise HclSyntaxError("unterminated string")
        if quoted and char == "\\" and index + 1 < limit:
            nxt = text[index + 1]
            if nxt == "u" and index + 6 <= limit:
                try:
                    literal_chars.append(chr(int(text[index + 2:index + 6], 16)))
                except ValueError as error:
                    raise HclSyntaxError("bad unicode escape") from error
                index += 6
                continue
            literal_chars.append(_ESCAPES.get(nxt, nxt))
            index += 2
            continue
        if text.startswith("$${", index) or text.startswith("%%{", index):
            literal_chars.append(text[index + 1:index + 3])
            index += 3
            continue
        if text.startswith("${", index) or text.startswith("%{", index):
            close = _skip_interpolation(text, index)
            if literal_chars:
                parts.append("".join(literal_chars))
                literal_chars = []
            parts.append((text[index:index + 2], text[index + 2:close - 1]))
            index = close
            continue
        literal_chars.append(char)
        index += 1
    else:
        if quoted:
            raise HclSyntaxError("unterminated string")
    if literal_chars:
        parts.append("".join(literal_chars))
    return tuple(parts), index + 1 if quoted else index


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    index, line, length = 0, 1, len(text)
    while index < length:
        char = text[index]
        if char in " \t\r":
            index = _BLANKS.match(text, index).end()
        elif char == "\n":
            tokens.append(Token("newline", "\n", line, index, index + 1))
            line += 1
            index += 1
        elif char == "#" or (char == "/" and text.startswith("//", index)):
            end = text.find("\n", index)
            index = length if end < 0 else end
        elif char == "/" and text.startswith("/*", index):
            end = text.find("*/", index + 2)
            if end < 0:
                raise HclSyntaxError(f"line {line}: unterminated comment")
            line += text.count("\n", index, end)
            index = end + 2
        elif char == '"' and (match := _PLAIN_STRING.match(text, index)):
            tokens.append(Token("string", (match.group(1),) if match.end() - index > 2 else (), line, index, match.end()))
            index = match.end()
        elif char == '"':
            try:
                parts, end = _scan_template(text, index + 1, quoted=True)
            except HclSyntaxError as error:
                raise HclSyntaxError(f"line {line}: {error}") from None
            tokens.append(Token("string", parts, line, index, end))
            line += text.count("\n", index, end)
            index = end
        elif char == "<" and text.startswith("<<", index) and (match := re.match(r"<<(-?)([A-Za-z_][A-Za-z0-9_]*)\n", text[index:])):
            marker, body_start = match.group(2), index + match.end()
            closing = re.compile(rf"^[ \t]*{marker}[ \t]*$", re.MULTILINE).search(text, body_start)
            if closing is None:
                raise HclSyntaxError(f"line {line}: unterminated heredoc {marker}")
            body = text[body_start:closing.start()]
            if match.group(1):
                lines = body.split("\n")
                indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
                body = "\n".join(x[indent:] for x in lines)
            try:
                parts, _ = _scan_template(body, 0, quoted=False)
            except HclSyntaxError as error:
                raise HclSyntaxError(f"line {line}: {error}") from None
            tokens.append(Token("string", parts, line, index, closing.end()))
            line += text.count("\n", index, closing.end())
            index = closing.end()
        elif match := _IDENT.match(text, index):
            tokens.append(Token("ident", match.group(), line, index, match.end()))
            index = match.end()
        elif match := _NUMBER.match(text, index):
            number = match.group()
            value = float(number) if ("." in number or "e" in number.lower()) else int(number)
            tokens.append(Token("number", value, line, index, match.end()))
            index = match.end()
        else:
            if text.startswith("...", index):
                operator = "..."
            elif text[index:index + 2] in _TWO_CHARACTER_OPERATORS:
                operator = text[index:index + 2]
            else:
                operator = char
            tokens.append(Token("punct", operator, line, index, index + len(operator)))
            index += len(operator)
    tokens.append(Token("eof", None, line, length, length))
    return tokens


# -- the parser -----------------------------------------------------------------------------------
_BINARY_LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))
_BINARY_PRECEDENCE = {operator: level for level, operators in enumerate(_BINARY_LEVELS) for operator in operators}
_MAX_DEPTH = 200  # nesting bound: damaged input must fail as a syntax error, not a RecursionError


class _Parser:
    def __init__(self, tokens: list[Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.pos = 0
        # True while newlines are insignificant (inside parentheses and brackets).
        self.skipping = [False]
        self.depth = 0

    # -- token access ---------------------------------------------------------------------------
    def peek(self) -> Token:
        if self.skipping[-1]:
            while self.tokens[self.pos].kind == "newline":
                self.pos += 1
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.peek()
        if token.kind != "eof":
            self.pos += 1
        return token

    def at(self, value: str) -> bool:
        token = self.peek()
        return token.kind == "punct" and token.value == value

    def expect(self, value: str) -> Token:
        token = self.take()
        if token.value != value or token.kind not in ("punct", "ident"):
            shown = "end of file" if token.kind == "eof" else repr(token.value)
            raise HclSyntaxError(f"line {token.line}: expected {value!r}, found {shown}")
        return token

    def skip_newlines(self) -> None:
        while self.tokens[self.pos].kind == "newline":
            self.pos += 1

    # -- bodies ---------------------------------------------------------------------------------
    def body(self, closing: str | None) -> tuple[dict[str, Node], dict[str, str], list[Block], int]:
        attributes: dict[str, Node] = {}
        texts: dict[str, str] = {}
        blocks: list[Block] = []
        while True:
            self.skip_newlines()
            token = self.tokens[self.pos]
            if closing is not None and token.kind == "punct" and token.value == closing:
                self.pos += 1
                return attributes, texts, blocks, token.line
            if token.kind == "eof":
                if closing is not None:
                    raise HclSyntaxError(f"line {token.line}: missing {closing!r}")
                return attributes, texts, blocks, token.line
            if token.kind != "ident":
                raise HclSyntaxError(f"line {token.line}: unexpected {_shown(token)}")
            name = self.take().value
            if self.at("="):
                self.take()
                start = self.peek().start
                attributes[name] = self.expression()
                texts[name] = _one_line(self.text[start:self.tokens[self.pos - 1].end])
                following = self.tokens[self.pos]
                if following.kind not in ("newline", "eof") and not (
                        closing is not None and following.kind == "punct" and following.value == closing):
                    raise HclSyntaxError(f"line {following.line}: unexpected {_shown(following)} after {name}")
                continue
            labels = []
            while self.peek().kind in ("string", "ident"):
                label = self.take()
                labels.append(label.value if label.kind == "ident" else "".join(
                    part if isinstance(part, str) else part[0] + part[1] + "}" for part in label.value))
            self.expect("{")
            inner_attrs, inner_texts, inner_blocks, end = self.body("}")
            blocks.append(Block(name, tuple(labels), token.line, end, inner_attrs, inner_blocks, inner_texts))

    # -- expressions ----------------------------------------------------------------------------
    def expression(self) -> Node:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise HclSyntaxError(f"line {self.peek().line}: expression nested too deeply")
        try:
            condition = self.binary(0)
            if not self.at("?"):
                return condition
            self.take()
            then = self.expression()
            self.expect(":")
            return Conditional(condition, then, self.expression())
        finally:
            self.depth -= 1

    def binary(self, minimum: int) -> Node:
        """Operators of precedence ``minimum`` or tighter, left-associative (precedence climbing:
        one call per operand, not one per precedence level)."""
        left = self.unary()
        while True:
            token = self.peek()
            level = _BINARY_PRECEDENCE.get(token.value, -1) if token.kind == "punct" else -1
            if level < minimum:
                return left
            self.take()
            left = Binary(token.value, left, self.binary(level + 1))

    def unary(self) -> Node:
        if self.at("!") or self.at("-"):
            op = self.take().value
            return Unary(op, self.unary())
        return self.postfix(self.primary())

    def postfix(self, node: Node) -> Node:
        while True:
            if self.at("."):
                self.take()
                step = self.take()
                if step.kind in ("ident", "number"):
                    node = GetAttr(node, str(step.value)) if step.kind == "ident" else Index(node, Const(step.value))
                elif step.kind == "punct" and step.value == "*":
                    node = Splat(node, self._splat_rest(attributes_only=True))
                else:
                    raise HclSyntaxError(f"line {step.line}: bad traversal after '.'")
            elif self.at("["):
                self.take()
                if self.at("*"):
                    self.take()
                    self.expect("]")
                    node = Splat(node, self._splat_rest(attributes_only=False))
                else:
                    node = Index(node, self._index_key())
            else:
                return node

    def _index_key(self) -> Node:
        """The key of ``[...]`` after its opening bracket (newlines inside do not end it)."""
        self.skipping.append(True)
        try:
            key = self.expression()
            self.expect("]")
        finally:
            self.skipping.pop()
        return key

    def _splat_rest(self, attributes_only: bool) -> Node:
        """The traversal after ``.*`` / ``[*]``, applied to each element."""
        node: Node = SplatItem()
        while True:
            if self.at(".") and self.tokens[self.pos + 1].kind == "ident":
                self.take()
                node = GetAttr(node, self.take().value)
            elif not attributes_only and self.at("["):
                self.take()
                node = Index(node, self._index_key())
            else:
                return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return Const(token.value)
        if token.kind == "string":
            return self._template(token)
        if token.kind == "ident":
            if token.value in ("true", "false"):
                return Const(token.value == "true")
            if token.value == "null":
                return Const(None)
            if self.at("("):
                return self._call(token.value)
            if "::" in token.value:
                raise HclSyntaxError(f"line {token.line}: {token.value} is a function name, called with (...)")
            return Variable(token.value)
        if token.kind == "punct":
            if token.value == "(":
                self.skipping.append(True)
                try:
                    inner = self.expression()
                    self.expect(")")
                finally:
                    self.skipping.pop()
                return inner
            if token.value == "[":
                return self._tuple()
            if token.value == "{":
                return self._object()
        raise HclSyntaxError(f"line {token.line}: unexpected {_shown(token)} in an expression")

    def _template(self, token: Token) -> Node:
        return _template_node(token.value, token.line)

    def _call(self, name: str) -> Node:
        self.expect("(")
        self.skipping.append(True)
        try:
            args: list[Node] = []
            expand = False
            while not self.at(")"):
                args.append(self.expression())
                if self.at("..."):
                    self.take()
                    expand = True
                if not self.at(")"):
                    self.expect(",")
            self.take()
        finally:
            self.skipping.pop()
        return Call(name, tuple(args), expand)

    def _for_header(self) -> tuple[str | None, str, Node]:
        self.take()  # for
        first = self.take()
        if first.kind != "ident":
            raise HclSyntaxError(f"line {first.line}: expected a name after 'for'")
        key_var, value_var = None, first.value
        if self.at(","):
            self.take()
            second = self.take()
            if second.kind != "ident":
                raise HclSyntaxError(f"line {second.line}: expected a name after ','")
            key_var, value_var = first.value, second.value
        self.expect("in")
        collection = self.expression()
        self.expect(":")
        return key_var, value_var, collection

    def _for_condition(self) -> Node | None:
        if self.peek().kind == "ident" and self.peek().value == "if":
            self.take()
            return self.expression()
        return None

    def _tuple(self) -> Node:
        self.skipping.append(True)
        try:
            if self.peek().kind == "ident" and self.peek().value == "for":
                key_var, value_var, collection = self._for_header()
                value = self.expression()
                condition = self._for_condition()
                self.expect("]")
                return ForExpr(key_var, value_var, collection, None, value, condition)
            items: list[Node] = []
            while not self.at("]"):
                items.append(self.expression())
                if not self.at("]"):
                    self.expect(",")
            self.take()
            return TupleExpr(tuple(items))
        finally:
            self.skipping.pop()

    def _object(self) -> Node:
        self.skipping.append(True)
        try:
            if self.peek().kind == "ident" and self.peek().value == "for":
                key_var, value_var, collection = self._for_header()
                key = self.expression()
                self.expect("=>")
                value = self.expression()
                grouping = False
                if self.at("..."):
                    self.take()
                    grouping = True
                condition = self._for_condition()
                self.expect("}")
                return ForExpr(key_var, value_var, collection, key, value, condition, grouping)
            items: list[tuple[Node, Node]] = []
            while not self.at("}"):
                key_token = self.peek()
                if key_token.kind == "ident" and self.tokens[self.pos + 1].value in ("=", ":"):
                    self.take()
                    key: Node = Const(key_token.value)
                else:
                    key = self.expression()
                separator = self.take()
                if separator.value not in ("=", ":"):
                    raise HclSyntaxError(f"line {separator.line}: expected '=' after an object key")
                items.append((key, self.expression()))
                if self.at(","):
                    self.take()
                elif not self.at("}") and self.tokens[self.pos - 1].kind != "newline":
                    token = self.peek()
                    raise HclSyntaxError(f"line {token.line}: expected ',' or a newline, found {_shown(token)}")
            self.take()
            return ObjectExpr(tuple(items))
        finally:
            self.skipping.pop()


def _shown(token: Token) -> str:
    if token.kind == "eof":
        return "end of file"
    if token.kind == "string":
        return "a string"
    return repr(token.value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _parse_interpolation(inner: str, line: int) -> Node:
    inner = inner.strip()  # strip markers (~) were taken off by _template_node
    tokens = tokenize(inner)
    parser = _Parser(tokens, inner)
    parser.skipping = [True]
    try:
        node = parser.expression()
    except HclSyntaxError as error:
        raise HclSyntaxError(f"line {line}: in an interpolation: {str(error).split(': ', 1)[-1]}") from None
    if parser.peek().kind != "eof":
        raise HclSyntaxError(f"line {line}: unexpected {_shown(parser.peek())} in an interpolation")
    return node


_IF_DIRECTIVE = re.compile(r"if\s+(.+)", re.DOTALL)
_FOR_DIRECTIVE = re.compile(r"for\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\s+(.+)", re.DOTALL)


@dataclass
class _OpenDirective:
    """An ``%{if}`` or ``%{for}`` whose end has not been read yet."""

    kind: str  # "if" or "for"
    node: Any  # the condition, or (key, value, collection)
    parts: list[Any] = field(default_factory=list)
    other: list[Any] | None = None  # after %{else}


def _template_node(scanned: tuple[Any, ...], line: int) -> Node:
    """Literal text, interpolations and directives as a tree; a ``~`` beside a ``${``/``%{`` or its
    ``}`` removes the whitespace on that side from the literal text, as terraform does."""
    root: list[Any] = []
    open_directives: list[_OpenDirective] = []
    current = root
    strip_next = False
    for part in scanned:
        if isinstance(part, str):
            text = part.lstrip() if strip_next else part  # (a literal never follows a literal)
            if text:
                current.append(text)
            continue
        opening, inner = part[0], part[1].strip()
        strip_next = False
        if inner.startswith("~"):
            inner = inner[1:]
            if current and isinstance(current[-1], str):
                current[-1] = current[-1].rstrip()
                if not current[-1]:
                    current.pop()
        if inner.endswith("~"):
            inner, strip_next = inner[:-1], True
        if opening == "${":
            current.append(_parse_interpolation(inner, line))
        else:
            current = _directive(inner.strip(), line, open_directives, root)
    if open_directives:
        raise HclSyntaxError(f"line {line}: %{{{open_directives[-1].kind}}} without %{{end{open_directives[-1].kind}}}")
    if len(root) == 1 and isinstance(root[0], Node) and not isinstance(root[0], (TemplateIf, TemplateFor)):
        return root[0]  # "${x}" is x itself, of any type
    if all(isinstance(part, str) for part in root):
        return Const("".join(root))
    return Template(tuple(root))


def _directive(text: str, line: int, open_directives: list[_OpenDirective], root: list[Any]) -> list[Any]:
    """Open, switch or close a directive; returns the part list that the following text goes to."""
    if match := _IF_DIRECTIVE.fullmatch(text):
        open_directives.append(_OpenDirective("if", _parse_interpolation(match.group(1), line)))
        return open_directives[-1].parts
    if match := _FOR_DIRECTIVE.fullmatch(text):
        key, value = (match.group(1), match.group(2)) if match.group(2) else (None, match.group(1))
        open_directives.append(_OpenDirective("for", (key, value, _parse_interpolation(match.group(3), line))))
        return open_directives[-1].parts
    top = open_directives[-1] if open_directives else None
    if text == "else" and top is not None and top.kind == "if" and top.other is None:
        top.other = []
        return top.other
    if text in ("endif", "endfor") and top is not None and text == f"end{top.kind}":
        open_directives.pop()
        if top.kind == "if":
            other = Template(tuple(top.other)) if top.other is not None else None
            closed: Node = TemplateIf(top.node, Template(tuple(top.parts)), other)
        else:
            closed = TemplateFor(*top.node, Template(tuple(top.parts)))
        parent = open_directives[-1] if open_directives else None
        into = root if parent is None else (parent.other if parent.other is not None else parent.parts)
        into.append(closed)
        return into
    raise HclSyntaxError(f"line {line}: unexpected template directive %{{{text}}}")


def parse_template(text: str) -> Node:
    """A template file's text (``templatefile``): literal text with interpolations."""
    return _template_node(_scan_template(text, 0, quoted=False)[0], 1)


def parse(text: str) -> Block:
    """Parse a whole file into a root block (type ``""``) of attributes and blocks."""
    attributes, texts, blocks, end = _Parser(tokenize(text), text).body(None)
    return Block("", (), 1, end, attributes, blocks, texts)


def parse_expression(text: str) -> Node:
    """One expression (tests and tools)."""
    return _parse_interpolation(text, 1)


@dataclass(eq=False)
class ModuleSource:
    """One module directory: its blocks by kind and the expressions of its ``locals``."""

    directory: Path
    blocks: dict[tuple[str, str, str], tuple[Path, Block]]  # (mode, type, name) of resources/data
    errors: list[str]
    locals: dict[str, Node] = field(default_factory=dict)
    calls: dict[str, tuple[Path, Block]] = field(default_factory=dict)  # module blocks by name
    variables: dict[str, Block] = field(default_factory=dict)
    outputs: dict[str, Block] = field(default_factory=dict)
    providers: dict[tuple[str, str | None], Block] = field(default_factory=dict)  # by (name, alias)


def read_module(directory: Path) -> ModuleSource:
    module = ModuleSource(directory, {}, [])
    for path in sorted(directory.glob("*.tf")):
        try:
            root = parse(path.read_text(encoding="utf-8", errors="replace"))
        except HclSyntaxError as error:
            module.errors.append(f"{path.name}: {error}")
            continue
        for block in root.blocks:
            _belongs_to(block, module)
            if block.type in ("resource", "data") and len(block.labels) == 2:
                mode = "managed" if block.type == "resource" else "data"
                module.blocks[(mode, block.labels[0], block.labels[1])] = (path, block)
            elif block.type == "locals":
                module.locals.update(block.attributes)
            elif block.type == "module" and len(block.labels) == 1:
                module.calls[block.labels[0]] = (path, block)
            elif block.type == "variable" and len(block.labels) == 1:
                module.variables[block.labels[0]] = block
            elif block.type == "output" and len(block.labels) == 1:
                module.outputs[block.labels[0]] = block
            elif block.type == "provider" and len(block.labels) == 1:
                alias = block.attributes.get("alias")
                module.providers[(block.labels[0], literal(alias) if alias is not None else None)] = block
    return module


def _belongs_to(block: Block, module: ModuleSource) -> None:
    block.module = module
    for child in block.blocks:
        _belongs_to(child, module)
