"""Where the terraform code lives: every module, example and environment root."""

from __future__ import annotations

from pathlib import Path

from harness import REPO


def _roots(parent: Path) -> list[Path]:
    return sorted(p for p in parent.iterdir() if p.is_dir() and any(p.glob("*.tf"))) if parent.is_dir() else []


def modules() -> list[Path]:
    return _roots(REPO / "modules")


def examples() -> list[Path]:
    return [example for module in modules() for example in _roots(module / "examples")]


def envs() -> list[Path]:
    return _roots(REPO / "envs")


def label(path: Path) -> str:
    return str(path.relative_to(REPO))
