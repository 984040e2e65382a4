"""``slsguard docs``: the Inputs and Outputs tables of module READMEs, generated from the HCL.

For every module folder the tables are rendered from ``variables.tf`` and ``outputs.tf`` and
written between ``<!-- BEGIN_TF_DOCS -->`` and ``<!-- END_TF_DOCS -->`` in its ``README.md``;
the text around the markers is the author's. ``--check`` writes nothing and exits 1 naming every
README that is out of date (the static test tier and the pre-commit hook use it).

Parsing: python-hcl2 reads the files (and rejects invalid HCL). Two distributions install the
same ``hcl2`` module: python-hcl2 8.x and Checkov's fork bc-python-hcl2 0.4.x, and which one
answers depends on install order. Their results differ (8.x keeps string quotes unless asked,
0.4.x wraps every attribute in a list, keeps escapes and prints object types as Python dicts),
so ``_labelled_blocks`` reads both into the same values. Type constraints are taken from the source text
(``_variable_types``) because neither distribution gives the expression back as written; the
generated tables are therefore identical whichever parser is installed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slsguard.errors import SlsguardError

BEGIN = "<!-- BEGIN_TF_DOCS -->"
END = "<!-- END_TF_DOCS -->"
_META_KEYS = {"__start_line__", "__end_line__", "__is_block__", "__comments__", "__inline_comments__"}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Input:
    name: str
    description: str
    type: str
    default: str | None  # rendered HCL literal; None when the input is required

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Output:
    name: str
    description: str


# --- reading HCL --------------------------------------------------------------------------------


def _labelled_blocks(path: Path, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """``(label, attributes)`` of the top-level ``kind`` blocks of one file (``variable``,
    ``output``), with plain Python values whichever hcl2 distribution is installed."""
    import hcl2

    text = path.read_text(encoding="utf-8")
    modern = hasattr(hcl2, "SerializationOptions")  # python-hcl2 >= 7; else bc-python-hcl2 0.4
    try:
        if modern:
            options = hcl2.SerializationOptions(with_comments=False, explicit_blocks=False,
                                                preserve_heredocs=True, strip_string_quotes=True)
            document = hcl2.loads(text, serialization_options=options)
        else:
            document = hcl2.loads(text)
    except Exception as error:  # lark raises a family of parse errors; any of them means invalid HCL
        lines = str(error).strip().splitlines()
        raise SlsguardError(f"{path} is not valid HCL: {lines[0] if lines else type(error).__name__}") from error
    found = []
    for block in document.get(kind, []):
        for label, body in block.items():
            attributes = {key: value for key, value in body.items() if key not in _META_KEYS}
            found.append((label, _plain(attributes) if modern else _plain_legacy(attributes)))
    return found


_HEREDOC_VALUE = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_]*)\n(.*?)\n?[ \t]*\2\s*$", re.S)


def _plain(value: Any) -> Any:
    """python-hcl2 8: heredocs are kept as written (converting them to strings would leave their
    quotes escaped), so their text is taken out here."""
    if isinstance(value, str):
        heredoc = _HEREDOC_VALUE.fullmatch(value)
        if heredoc:
            body = heredoc.group(3)
            return textwrap.dedent(body) if heredoc.group(1) else body
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _plain_legacy(attributes: dict[str, Any]) -> dict[str, Any]:
    """bc-python-hcl2 0.4: every attribute is a one-element list and strings keep their escapes."""
    return {key: _unescape_legacy(value[0] if isinstance(value, list) and len(value) == 1 else value)
            for key, value in attributes.items()}


def _unescape_legacy(value: Any) -> Any:
    if isinstance(value, str):
        number = re.fullmatch(r"\$\{(-?\d+(\.\d+)?)\}", value)  # 0.4 wraps negative numbers: "${-1}"
        if number:
            return json.loads(number.group(1))
        return re.sub(r'\\(["\\nrt])', lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), value)
    if isinstance(value, list):
        return [_unescape_legacy(item) for item in value]
    if isinstance(value, dict):
        return {key: _unescape_legacy(item) for key, item in value.items()}
    return value


# --- type constraints from the source -----------------------------------------------------------


def _skip_string(text: str, index: int) -> int:
    """Index just after the quoted string starting at ``text[index] == '"'``, interpolations included."""
    index += 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == '"':
            return index + 1
        if text.startswith(("${", "%{"), index):
            index = _skip_brackets(text, index + 1)
            continue
        if char == "\n":
            break
        index += 1
    raise SlsguardError(f"unterminated string at offset {index}")


def _skip_brackets(text: str, index: int) -> int:
    """Index just after the bracket group opening at ``text[index]``."""
    depth = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            index = _skip_string(text, index)
            continue
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise SlsguardError("unbalanced brackets")


_HEREDOC = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n")
_VARIABLE_HEADER = re.compile(r'[ \t]*variable[ \t]+"([^"]+)"[ \t]*\{')
_TYPE_ATTRIBUTE = re.compile(r"[ \t]*type[ \t]*=(?!=)")


def _variable_types(text: str) -> dict[str, str]:
    """variable name -> source text of its ``type`` attribute (top level of the block only)."""
    types: dict[str, str] = {}
    depth, index, line_start, current = 0, 0, True, None
    while index < len(text):
        if line_start:
            header = _VARIABLE_HEADER.match(text, index) if depth == 0 else None
            if header:
                current, depth, index = header.group(1), 1, header.end()
                continue
            attribute = _TYPE_ATTRIBUTE.match(text, index) if depth == 1 and current else None
            if attribute:
                end = _expression_end(text, attribute.end())
                types[current] = text[attribute.end():end].strip()
                index = end
                continue
        char = text[index]
        line_start = char == "\n"
        if char == "#" or text.startswith("//", index):
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
        elif text.startswith("/*", index):
            close = text.find("*/", index)
            index = len(text) if close < 0 else close + 2
        elif char == '"':
            index = _skip_string(text, index)
        elif heredoc := _HEREDOC.match(text, index):
            terminator = re.compile(rf"^[ \t]*{re.escape(heredoc.group(1))}[ \t]*$", re.M).search(text, heredoc.end())
            index = len(text) if terminator is None else terminator.end()
        else:
            if char in "({[":
                depth += 1
            elif char in ")}]":
                depth -= 1
                if depth == 0:
                    current = None
            index += 1
    return types


def _expression_end(text: str, index: int) -> int:
    """End of the expression starting at ``index``: the first newline outside brackets, or the
    bracket that closes the enclosing block (``variable "x" { type = string }``)."""
    while index < len(text):
        char = text[index]
        if char in "\n#)}]" or text.startswith("//", index):
            return index
        if char == '"':
            index = _skip_string(text, index)
        elif char in "({[":
            index = _skip_brackets(text, index)
        else:
            index += 1
    return index


def _one_line(expression: str) -> str:
    """A multi-line type constraint on one line, e.g. ``map(object({ a = string, b = number }))``."""
    lines = [re.sub(r"\s+", " ", line.strip()) for line in expression.splitlines() if line.strip()]
    result = lines[0] if lines else ""
    for line in lines[1:]:
        if result.endswith(("(", "[")) or line.startswith((")", "]")):
            glue = ""
        elif result.endswith(("{", ",")) or line.startswith("}"):
            glue = " "
        else:  # two attributes of an object type written on separate lines
            glue = ", "
        result += glue + line
    return result


# --- rendering ----------------------------------------------------------------------------------


def _hcl_literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_hcl_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{key if _IDENTIFIER.match(key) else json.dumps(key)} = {_hcl_literal(item)}" for key, item in value.items()]
        return "{ " + ", ".join(items) + " }"
    raise SlsguardError(f"cannot render the default value {value!r}")


def _text_cell(text: str) -> str:
    """Free text in a table cell: one line, no table, emphasis or HTML syntax (``GenerateDataKey*``
    twice in a row would otherwise turn the text between them italic)."""
    text = " ".join(text.split()).replace("\\", "\\\\").replace("*", "\\*").replace("|", "\\|")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _code_cell(code: str) -> str:
    return "`" + code.replace("|", "\\|") + "`"


def read_module(directory: Path) -> tuple[list[Input], list[Output]]:
    """The module's inputs (required first, then by name) and outputs (by name)."""
    variables_tf, outputs_tf = directory / "variables.tf", directory / "outputs.tf"
    if not variables_tf.is_file() and not outputs_tf.is_file():
        raise SlsguardError(f"{directory} is not a module: it has neither variables.tf nor outputs.tf.")
    inputs: list[Input] = []
    if variables_tf.is_file():
        parsed = _labelled_blocks(variables_tf, "variable")  # first: rejects invalid HCL
        try:
            source_types = _variable_types(variables_tf.read_text(encoding="utf-8"))
        except SlsguardError as error:
            raise SlsguardError(f"{variables_tf}: could not read the type constraints: {error}.") from error
        if {name for name, _ in parsed} != set(source_types) | {name for name, body in parsed if "type" not in body}:
            raise SlsguardError(f"{variables_tf}: could not locate the type of every variable in the source.")
        for name, body in parsed:
            description = body.get("description") or ""
            if not isinstance(description, str):
                raise SlsguardError(f"{variables_tf}: the description of variable {name!r} is not a string.")
            type_text = _one_line(source_types[name]) if "type" in body else "any"
            default = _hcl_literal(body["default"]) if "default" in body else None
            inputs.append(Input(name, description, type_text, default))
    outputs: list[Output] = []
    if outputs_tf.is_file():
        for name, body in _labelled_blocks(outputs_tf, "output"):
            description = body.get("description") or ""
            if not isinstance(description, str):
                raise SlsguardError(f"{outputs_tf}: the description of output {name!r} is not a string.")
            outputs.append(Output(name, description))
    inputs.sort(key=lambda item: (not item.required, item.name))
    outputs.sort(key=lambda item: item.name)
    return inputs, outputs


def render(inputs: list[Input], outputs: list[Output]) -> str:
    lines = ["## Inputs", ""]
    if inputs:
        lines += ["| Name | Description | Type | Default | Required |", "| --- | --- | --- | --- | :---: |"]
        lines += [
            f"| {_code_cell(item.name)} | {_text_cell(item.description)} | {_code_cell(item.type)} | "
            f"{'n/a' if item.required else _code_cell(item.default or '')} | {'yes' if item.required else 'no'} |"
            for item in inputs
        ]
    else:
        lines.append("No inputs.")
    lines += ["", "## Outputs", ""]
    if outputs:
        lines += ["| Name | Description |", "| --- | --- |"]
        lines += [f"| {_code_cell(item.name)} | {_text_cell(item.description)} |" for item in outputs]
    else:
        lines.append("No outputs.")
    return "\n".join(lines)


def updated_readme(readme: Path, tables: str) -> str:
    """The README's text with ``tables`` between the markers."""
    if not readme.is_file():
        raise SlsguardError(f"{readme} does not exist; create it with {BEGIN} and {END} where the tables go.")
    text = readme.read_text(encoding="utf-8")
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise SlsguardError(f"{readme} must contain {BEGIN} followed by {END}, once each.")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    return f"{head}{BEGIN}\n{tables}\n{END}{tail}"


def _documented_folders(files: list[Path]) -> list[Path]:
    """The folders of ``files`` whose README.md carries the table markers (a folder opts in with them)."""
    folders = []
    for folder in sorted({file.parent for file in files}):
        readme = folder / "README.md"
        if readme.is_file() and BEGIN in readme.read_text(encoding="utf-8"):
            folders.append(folder)
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="slsguard docs",
        description=f"Write the Inputs/Outputs tables of module READMEs between {BEGIN} and {END}.",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a README is out of date")
    parser.add_argument("--files", action="store_true",
                        help="the arguments are changed files (pre-commit): the folders among theirs whose README.md "
                             "has the markers are the modules")
    parser.add_argument("modules", nargs="+", type=Path, metavar="MODULE_DIR")
    args = parser.parse_args(argv)

    stale: list[Path] = []
    for directory in _documented_folders(args.modules) if args.files else args.modules:
        if not directory.is_dir():
            raise SlsguardError(f"{directory} is not a folder.")
        readme = directory / "README.md"
        expected = updated_readme(readme, render(*read_module(directory)))
        if readme.read_text(encoding="utf-8") == expected:
            continue
        stale.append(readme)
        if not args.check:
            readme.write_text(expected, encoding="utf-8")
            sys.stdout.write(f"updated {readme}\n")
    if args.check and stale:
        for readme in stale:
            sys.stderr.write(f"slsguard docs: {readme} is out of date; run `slsguard docs {readme.parent}`.\n")
        return 1
    return 0
