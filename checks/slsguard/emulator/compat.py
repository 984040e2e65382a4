"""Answers for the aws provider (5.100) calls that moto 5.2.x lacks or answers differently.

Each patch is a small function registered with ``@patch`` and documented with the provider
behaviour it fixes. They run inside the emulator process only (``server.py``), never in tests'
in-process moto mocks. Every patch has a test in ``tests/emulator_compat/``.
"""

from __future__ import annotations

from collections.abc import Callable

PATCHES: list[Callable[[], None]] = []


def patch(function: Callable[[], None]) -> Callable[[], None]:
    PATCHES.append(function)
    return function


def apply_all() -> None:
    for function in PATCHES:
        function()
