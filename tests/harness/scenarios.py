"""Plan scenarios as data: one YAML file per scenario holds a module's inputs and the values its
plan must show, side by side (in the spirit of cloud-foundation-fabric)::

    tests/plan/scenarios/<module>/<scenario>.yaml

    inputs:              # the module's arguments, exactly as a caller writes them
      name: orders
      templates_dir: !repo policies/boundary        # absolute path of a folder of this repository
      package: {zip_path: !zip modules/x/src}       # deterministic zip of that folder (slsguard zip)
      custom_statements: {big: !file big.json}      # text of a file beside the scenario
    values: ...          # expected values, counts and outputs: see harness.inventory
    counts: ...
    outputs: ...

The tags keep machine-specific paths and bulky data out of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from harness import REPO
from slsguard import packaging


FOLDER = REPO / "tests" / "plan" / "scenarios"
EXPECTATIONS = {"values", "counts", "outputs"}


@dataclass(frozen=True)
class Scenario:
    module: str
    name: str
    path: Path
    inputs: dict[str, Any]
    expected: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.module}/{self.name}"


def discover(folder: Path) -> list[Path]:
    """Every scenario file under ``folder`` (``<module>/<scenario>.yaml``), in a stable order."""
    return sorted(folder.glob("*/*.yaml"))


def named(module: str, name: str, workdir: Path) -> Scenario:
    """The scenario ``name`` of ``module``, e.g. to plan its inputs again with a change."""
    return load(FOLDER / module / f"{name}.yaml", workdir)


def label(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def load(path: Path, workdir: Path) -> Scenario:
    """Read one scenario; ``!zip`` packages are built into ``workdir``."""

    class Loader(yaml.SafeLoader):
        pass

    def repo_path(loader: yaml.SafeLoader, node: yaml.Node) -> str:
        return str(_inside_repo(loader.construct_scalar(node), path))

    def zip_of(loader: yaml.SafeLoader, node: yaml.Node) -> str:
        source = _inside_repo(loader.construct_scalar(node), path)
        output = workdir / "packages" / f"{source.name}.zip"
        output.parent.mkdir(parents=True, exist_ok=True)
        packaging.build_zip(source, output)
        return str(output)

    def file_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
        beside = path.parent / loader.construct_scalar(node)
        if not beside.is_file():
            raise AssertionError(f"{path}: !file {beside.name} does not exist beside the scenario")
        return beside.read_text(encoding="utf-8").rstrip("\n")

    Loader.add_constructor("!repo", repo_path)
    Loader.add_constructor("!zip", zip_of)
    Loader.add_constructor("!file", file_text)
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}  # noqa: S506 (SafeLoader subclass)
    inputs = document.pop("inputs", None)
    if not isinstance(inputs, dict):
        raise AssertionError(f"{path}: a scenario needs an `inputs:` map (the module's arguments)")
    unknown = set(document) - EXPECTATIONS
    if unknown:
        raise AssertionError(f"{path}: unknown keys {sorted(unknown)}; a scenario has inputs and {sorted(EXPECTATIONS)}")
    return Scenario(module=path.parent.name, name=path.stem, path=path, inputs=inputs, expected=document)


def _inside_repo(relative: str, scenario: Path) -> Path:
    target = (REPO / relative).resolve()
    if not target.exists() or REPO not in target.parents:
        raise AssertionError(f"{scenario}: {relative!r} is not a path inside the repository")
    return target
