"""The patch registry of the compatibility layer and the helpers every service module uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PATCHES: list[Callable[[], None]] = []
JSON = {"Content-Type": "application/json"}


def patch(function: Callable[[], None]) -> Callable[[], None]:
    PATCHES.append(function)
    return function


def apply_all() -> None:
    for function in PATCHES:
        function()


def state(backend: Any, name: str, factory: Callable[[], Any] = dict) -> Any:
    """Per-backend storage of a patch, emptied by moto's reset like the backend's own data."""
    return backend.__dict__.setdefault(f"_slsguard_{name}", factory())


def add_actions(response_class: type, *actions: Callable[..., Any]) -> None:
    """Make ``actions`` (named like moto's snake_case action methods) callable on a service."""
    for action in actions:
        setattr(response_class, action.__name__, action)


def json_error(code: str, message: str, status: int = 400) -> Any:
    from moto.core.exceptions import JsonRESTError

    error = JsonRESTError(code, message)
    error.code = status
    return error
