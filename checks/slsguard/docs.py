"""``slsguard docs``: the Inputs and Outputs tables of module READMEs, generated from the HCL.

For every module folder the tables are rendered from ``variables.tf`` and ``outputs.tf`` and
written between ``<!-- BEGIN_TF_DOCS -->`` and ``<!-- END_TF_DOCS -->`` in its ``README.md``;
the text around the markers is the author's. ``--check`` writes nothing and exits 1 naming every
README that is out of date (the static test tier and the pre-commit hook use it).

Parsing: the gate's HCL reader (``slsguard.gate.hcl``), which rejects invalid HCL with the line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slsguard.errors import SlsguardError
from slsguard.gate import hcl

BEGIN = "<!-- BEGIN_TF_DOCS -->"
END = "<!-- END_TF_DOCS -->"
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


# --- reading HCL ---------------------------------------------------------------------------------
# The gate's own HCL reader (slsguard.gate.hcl): one parser for the whole product. Type constraints
# are rendered from its syntax tree, so a constraint written over several lines reads as one.


def _labelled_blocks(path: Path, kind: str) -> list[tuple[str, hcl.Block]]:
    """``(label, block)`` of the top-level ``kind`` blocks of one file (``variable``, ``output``)."""
    try:
        document = hcl.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SlsguardError(f"cannot read {path}: {error}") from error
    except hcl.HclSyntaxError as error:
        raise SlsguardError(f"{path} is not valid HCL: {error}") from error
    return [(block.labels[0], block) for block in document.children(kind) if len(block.labels) == 1]


def _type_text(node: hcl.Node) -> str:
    """A type constraint as written, on one line: ``map(object({ a = string, b = optional(number, 1) }))``."""
    if isinstance(node, hcl.Variable):
        return node.name
    if isinstance(node, hcl.Call):
        return f"{node.name}(" + ", ".join(_type_text(arg) for arg in node.args) + ")"
    if isinstance(node, hcl.ObjectExpr):
        if not node.items:
            return "{}"
        return "{ " + ", ".join(f"{_key_text(key)} = {_type_text(value)}" for key, value in node.items) + " }"
    if isinstance(node, hcl.TupleExpr):
        return "[" + ", ".join(_type_text(item) for item in node.items) + "]"
    try:
        return _hcl_literal(hcl.literal(node))  # an optional() default
    except ValueError:
        raise SlsguardError("a type constraint holds an expression that is not a type") from None


def _key_text(node: hcl.Node) -> str:
    name = hcl.literal(node)
    return name if isinstance(name, str) and _IDENTIFIER.match(name) else _hcl_literal(name)


def _literal(block: hcl.Block, name: str, where: str) -> Any:
    try:
        return hcl.literal(block.attributes[name])
    except ValueError:
        raise SlsguardError(f"{where}: the {name} is not a constant.") from None


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
        for name, block in _labelled_blocks(variables_tf, "variable"):
            where = f"{variables_tf}: variable {name!r}"
            description = _literal(block, "description", where) if "description" in block.attributes else ""
            if not isinstance(description, str):
                raise SlsguardError(f"{variables_tf}: the description of variable {name!r} is not a string.")
            type_text = _type_text(block.attributes["type"]) if "type" in block.attributes else "any"
            default = _hcl_literal(_literal(block, "default", where)) if "default" in block.attributes else None
            inputs.append(Input(name, description, type_text, default))
    outputs: list[Output] = []
    if outputs_tf.is_file():
        for name, block in _labelled_blocks(outputs_tf, "output"):
            where = f"{outputs_tf}: output {name!r}"
            description = _literal(block, "description", where) if "description" in block.attributes else ""
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
