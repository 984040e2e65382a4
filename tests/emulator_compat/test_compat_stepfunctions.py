"""Emulator compatibility of Step Functions (``slsguard.emulator.compat.stepfunctions``)."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from compat_support import error_code

pytestmark = pytest.mark.emulator

VALID = {
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Done"}], "Default": "Fail"},
        "Fail": {"Type": "Fail"},
        "Done": {"Type": "Succeed"},
    },
}


def test_a_valid_definition_is_ok(aws):
    answer = aws.client("stepfunctions").validate_state_machine_definition(definition=json.dumps(VALID), type="STANDARD")
    assert (answer["result"], answer["diagnostics"]) == ("OK", [])


@pytest.mark.parametrize(("definition", "code", "location"), [
    ("{not json", "INVALID_JSON_DESCRIPTION", "/"),
    (json.dumps({"StartAt": "Check"}), "SCHEMA_VALIDATION_FAILED", "/States"),
    (json.dumps({**VALID, "StartAt": "Missing"}), "SCHEMA_VALIDATION_FAILED", "/StartAt"),
    (json.dumps({**VALID, "States": {**VALID["States"], "Fail": {"Type": "Crash"}}}), "SCHEMA_VALIDATION_FAILED", "/States/Fail/Type"),
    (json.dumps({**VALID, "States": {**VALID["States"], "Check": {**VALID["States"]["Check"], "Default": "Nowhere"}}}),
     "MISSING_TRANSITION_TARGET", "/States/Check/Default"),
])
def test_an_invalid_definition_fails_with_its_diagnostic(aws, definition, code, location):
    answer = aws.client("stepfunctions").validate_state_machine_definition(definition=definition)
    assert answer["result"] == "FAIL"
    assert [(d["severity"], d["code"], d["location"]) for d in answer["diagnostics"]] == [("ERROR", code, location)]


def test_versions_are_listed_newest_first(aws):
    sfn = aws.client("stepfunctions")
    role = f"arn:aws:iam::{aws.account_id}:role/compat-sfn"
    machine = sfn.create_state_machine(name="compat-versions", definition=json.dumps(VALID), roleArn=role, publish=True)
    arn = machine["stateMachineArn"]
    assert [v["stateMachineVersionArn"] for v in sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]] == [
        f"{arn}:1"]
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps({**VALID, "Comment": "v2"}), publish=True)
    assert [v["stateMachineVersionArn"] for v in sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]] == [
        f"{arn}:2", f"{arn}:1"]

    unpublished = sfn.create_state_machine(name="compat-unpublished", definition=json.dumps(VALID), roleArn=role)
    assert sfn.list_state_machine_versions(stateMachineArn=unpublished["stateMachineArn"])["stateMachineVersions"] == []

    sfn.delete_state_machine(stateMachineArn=arn)
    sfn.delete_state_machine(stateMachineArn=unpublished["stateMachineArn"])
    with pytest.raises(ClientError) as gone:
        sfn.list_state_machine_versions(stateMachineArn=arn)
    assert error_code(gone) == "StateMachineDoesNotExist"
