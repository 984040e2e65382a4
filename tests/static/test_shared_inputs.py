"""Static tier: inputs that several modules share are declared alike everywhere.

A consumer wires the same key, alarm topic and tags into every module; the same value must be
accepted or refused by all of them with the same message. Descriptions may differ (they say what
the input does in that module); type, default and every validation (condition and message) may
not.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from harness import discovery
from slsguard.gate import hcl

pytestmark = pytest.mark.static

SHARED = ("kms_key_arn", "alarm_topic_arn", "alarms_enabled", "tags")


def _declarations(name: str) -> dict[str, tuple[Any, ...]]:
    """Module label -> (type, default, validations) of its variable ``name``."""
    found = {}
    for module in discovery.modules():
        for source in sorted(module.glob("*.tf")):
            for variable in hcl.parse(source.read_text(encoding="utf-8")).children("variable"):
                if variable.labels[0] == name:
                    # As written (on one line): the reader's expression nodes compare by identity.
                    validations = tuple((v.texts.get("condition"), v.texts.get("error_message"))
                                        for v in variable.children("validation"))
                    found[discovery.label(module)] = (
                        variable.texts.get("type"), variable.texts.get("default", "<required>"), validations)
    return found


@pytest.mark.parametrize("name", SHARED)
def test_shared_input_is_declared_alike_in_every_module(name: str):
    declarations = _declarations(name)
    assert len(declarations) >= 2, f"{name} is no longer shared; drop it from SHARED"
    variants: dict[tuple[Any, ...], list[str]] = {}
    for module, declaration in sorted(declarations.items()):
        variants.setdefault(declaration, []).append(module)
    assert len(variants) == 1, f"{name} is declared {len(variants)} ways:\n" + "\n".join(
        f"  {modules}: {declaration}" for declaration, modules in variants.items())


@pytest.mark.parametrize("name", ("kms_key_arn", "alarm_topic_arn", "tags"))
def test_shared_input_is_validated(name: str):
    assert all(validations for _, _, validations in _declarations(name).values()), f"{name} must be validated everywhere"


RAW_TOPIC_LIST = re.compile(r"_actions\s*=\s*\[\s*var\.alarm_topic_arn\s*\]")


def test_modules_with_alarms_never_put_a_null_topic_into_a_list():
    """`alarm_actions = [var.alarm_topic_arn]` without a topic is one "Null value found in list"
    error per alarm next to the precondition's one clear message."""
    offenders = [discovery.label(path) for module in discovery.modules()
                 for path in module.glob("*.tf") if RAW_TOPIC_LIST.search(path.read_text(encoding="utf-8"))]
    assert not offenders, f"use local.alarm_actions (empty without a topic): {offenders}"
