"""Step Functions: validating a state machine definition, listing a state machine's versions."""

from __future__ import annotations

import json
from typing import Any

from slsguard.emulator.compat.registry import add_actions, patch

STATE_TYPES = {"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}


def _diagnostic(code: str, message: str, location: str) -> dict[str, str]:
    return {"severity": "ERROR", "code": code, "message": message, "location": location}


def definition_diagnostics(definition: str) -> list[dict[str, str]]:
    """What Step Functions' validator reports as errors for the top level of ``definition``.

    The JSON itself, StartAt naming a state, every state a known Type, and every transition
    (Next, Default, a choice's Next) naming a state of the same level. Nested branches and
    iterators, JSONata and the Task parameters are not checked.
    """
    try:
        document = json.loads(definition)
    except ValueError as error:
        return [_diagnostic("INVALID_JSON_DESCRIPTION", f"Invalid JSON: {error}", "/")]
    if not isinstance(document, dict) or not isinstance(document.get("States"), dict) or not document["States"]:
        return [_diagnostic("SCHEMA_VALIDATION_FAILED", "The definition must have a non-empty States object.", "/States")]
    states: dict[str, Any] = document["States"]
    found = []
    if document.get("StartAt") not in states:
        found.append(_diagnostic("SCHEMA_VALIDATION_FAILED", "StartAt must name a state of States.", "/StartAt"))
    for name, body in states.items():
        where = f"/States/{name}"
        if not isinstance(body, dict) or body.get("Type") not in STATE_TYPES:
            found.append(_diagnostic("SCHEMA_VALIDATION_FAILED", f"State {name} needs a Type among {sorted(STATE_TYPES)}.", f"{where}/Type"))
            continue
        targets = [(f"{where}/Next", body.get("Next")), (f"{where}/Default", body.get("Default"))]
        targets += [(f"{where}/Choices/{i}/Next", choice.get("Next")) for i, choice in enumerate(body.get("Choices", []))]
        for location, target in targets:
            if target is not None and target not in states:
                found.append(_diagnostic("MISSING_TRANSITION_TARGET", f"Missing 'Next' target: {target}", location))
    return found


@patch
def stepfunctions_validate_definition() -> None:
    """Step Functions ``ValidateStateMachineDefinition``.

    The aws provider (5.100) validates every definition before it creates or updates an
    ``aws_sfn_state_machine``; moto has no such action, so the create failed with 501. The answer
    is ``OK`` or ``FAIL`` with the diagnostics of ``definition_diagnostics``, as AWS shapes them.
    """
    from moto.stepfunctions.responses import StepFunctionResponse

    def validate_state_machine_definition(self: StepFunctionResponse) -> str:
        diagnostics = definition_diagnostics(self._get_param("definition") or "")
        return json.dumps({"result": "FAIL" if diagnostics else "OK", "diagnostics": diagnostics, "truncated": False})

    add_actions(StepFunctionResponse, validate_state_machine_definition)


@patch
def stepfunctions_list_versions() -> None:
    """Step Functions ``ListStateMachineVersions``.

    The aws provider (5.100) lists the published versions of every ``aws_sfn_state_machine`` it
    reads; moto keeps versions (``publish = true``) but has no action to list them, so every
    refresh failed with 501. Versions are answered newest first, as AWS does; an unknown state
    machine answers moto's own ``StateMachineDoesNotExist``.
    """
    from moto.core.utils import iso_8601_datetime_with_milliseconds
    from moto.stepfunctions.responses import StepFunctionResponse

    def list_state_machine_versions(self: StepFunctionResponse) -> str:
        machine = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
        versions = sorted(getattr(machine, "versions", {}).values(), key=lambda v: v.version, reverse=True)
        return json.dumps({"stateMachineVersions": [
            {"stateMachineVersionArn": v.arn, "creationDate": iso_8601_datetime_with_milliseconds(v.creation_date)}
            for v in versions
        ]})

    add_actions(StepFunctionResponse, list_state_machine_versions)
