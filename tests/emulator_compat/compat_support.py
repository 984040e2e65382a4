"""Helpers of the emulator compatibility tests, one ``test_compat_<service>.py`` per module of
``slsguard.emulator.compat``.

API-level tests call the emulator with boto3 the way the aws provider does and check the answer
the provider depends on (fast: no terraform); provider-level tests apply a tiny root with the real
aws provider (``provider_root``), re-plan it (no changes) and destroy it.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from harness.terraform import Root, json_root


def error_code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return excinfo.value.response["Error"]["Code"]


def function_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def function_zip_file(folder: Path) -> Path:
    path = folder / "function.zip"
    path.write_bytes(function_zip())
    return path


def assume_role(service: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": service}}]})


def provider_root(path: Path, toolchain: Any, aws: Any, resources: dict[str, Any], outputs: dict[str, str]) -> Root:
    """A root of ``resources`` and ``outputs`` (expressions) that applies against the emulator.

    Each such root is applied, must re-plan with no changes, and is destroyed
    (``harness.terraform.applied``); before the matching compat patch each of them failed or hung.
    """
    return json_root(path, toolchain, {
        "resource": resources,
        "output": {name: {"value": expression} for name, expression in outputs.items()},
    }, aws.env)
