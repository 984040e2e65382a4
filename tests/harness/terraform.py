"""Throw-away terraform roots for plan-contract and emulator tests.

A root lives in a temporary folder and either calls a module (``module_root``) or is a copy of an
example (``example_root``), with relative module sources made absolute so the copy still finds the
modules. Every command goes through ``slsguard.toolchain`` (mirror, plugin cache, no checkpoint) via
tftest.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tftest

from harness import MODULES
from slsguard.toolchain import Toolchain

TERRAFORM_BLOCK = {
    "required_providers": {"aws": {"source": "hashicorp/aws", "version": ">= 5.80, < 7.0"}}
}
PROVIDER = {"aws": {"region": "eu-west-1", "skip_metadata_api_check": True}}
# Module roots tag everything they create, so a test sees the default tags flow through a module.
TAGGED_PROVIDER = {"aws": {**PROVIDER["aws"], "default_tags": {"tags": {"managed_by": "slsguard-tests"}}}}
_RELATIVE_SOURCE = re.compile(r'(source\s*=\s*")(\.{1,2}/[^"]*)(")')


@dataclass
class Root:
    """A terraform root folder plus the environment its commands run with."""

    path: Path
    toolchain: Toolchain
    env: dict[str, str] = field(default_factory=dict)
    _initialised: bool = False

    def _tf(self) -> tftest.TerraformTest:
        return tftest.TerraformTest(str(self.path), binary=str(self.toolchain.terraform),
                                    env={**self.toolchain.env, **self.env})

    def init(self) -> None:
        if not self._initialised:
            self._tf().setup(cleanup_on_exit=False, upgrade=False)
            self._initialised = True

    def plan(self, tf_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        """The plan as ``terraform show -json`` prints it."""
        self.init()
        return self._show_plan(tf_vars)

    def _show_plan(self, tf_vars: dict[str, Any] | None) -> dict[str, Any]:
        plan_file = self.path / "test.tfplan"
        args = ["plan", "-input=false", "-no-color", f"-out={plan_file}"]
        args += [f"-var={key}={value}" for key, value in _encoded(tf_vars).items()]
        self.toolchain.run(args, self.path, extra_env=self.env)
        shown = self.toolchain.run(["show", "-json", str(plan_file)], self.path, extra_env=self.env)
        return json.loads(shown.stdout)

    def apply(self, tf_vars: dict[str, Any] | None = None) -> None:
        self.init()
        self._tf().apply(tf_vars=_encoded(tf_vars))

    def pending_changes(self, tf_vars: dict[str, Any] | None = None) -> list[str]:
        """Addresses (with actions) that a fresh plan would change: empty after a clean apply."""
        plan = self._show_plan(tf_vars)
        return [
            f"{change['address']} {'/'.join(change['change']['actions'])}"
            for change in plan.get("resource_changes", [])
            if change["change"]["actions"] not in (["no-op"], ["read"])
        ]

    def outputs(self) -> dict[str, Any]:
        shown = self.toolchain.run(["output", "-json"], self.path, extra_env=self.env)
        return {name: item["value"] for name, item in json.loads(shown.stdout).items()}

    def destroy(self, tf_vars: dict[str, Any] | None = None) -> None:
        self._tf().destroy(tf_vars=_encoded(tf_vars), auto_approve=True)


def _encoded(tf_vars: dict[str, Any] | None) -> dict[str, str]:
    """Variables as terraform reads them on the command line (JSON for non-strings, so that a
    Python ``False`` becomes ``false`` rather than ``False``)."""
    return {key: value if isinstance(value, str) else json.dumps(value) for key, value in (tf_vars or {}).items()}


def json_root(workdir: Path, toolchain: Toolchain, document: dict[str, Any], env: dict[str, str] | None = None,
              provider: dict[str, Any] = PROVIDER) -> Root:
    """A root written as ``main.tf.json``: the aws provider block and ``document`` (resources,
    modules, outputs in terraform's JSON syntax)."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "main.tf.json").write_text(json.dumps({"terraform": TERRAFORM_BLOCK, "provider": provider, **document},
                                                     indent=2))
    return Root(workdir, toolchain, dict(env or {}))


def module_root(workdir: Path, toolchain: Toolchain, module: str | Path, inputs: dict[str, Any],
                env: dict[str, str] | None = None, extra: dict[str, Any] | None = None) -> Root:
    """A root that calls one module as ``module.this`` with literal inputs (JSON syntax).

    ``extra`` is merged into the root's JSON document, e.g. to add companion resources that the
    inputs reference with ``${...}`` expressions.
    """
    source = (MODULES / module) if isinstance(module, str) else module
    document: dict[str, Any] = {
        "module": {"this": {"source": str(source.resolve()), **inputs}},
        "output": {"this": {"value": "${module.this}"}},
    }
    for key, value in (extra or {}).items():
        document.setdefault(key, {}).update(value)
    return json_root(workdir, toolchain, document, env, provider=TAGGED_PROVIDER)


def example_root(workdir: Path, toolchain: Toolchain, example_dir: Path,
                 env: dict[str, str] | None = None) -> Root:
    """A copy of an example root whose relative module sources point back into the repo."""
    workdir.mkdir(parents=True, exist_ok=True)
    for item in example_dir.iterdir():
        if item.is_file() and item.suffix in (".tf", ".json", ".tfvars") or item.name.endswith(".tf.json"):
            text = item.read_text()
            if item.suffix == ".tf":
                text = _RELATIVE_SOURCE.sub(
                    lambda m: f"{m.group(1)}{(example_dir / m.group(2)).resolve()}{m.group(3)}", text)
            (workdir / item.name).write_text(text)
        elif item.is_dir() and not item.name.startswith("."):
            shutil.copytree(item, workdir / item.name)
    return Root(workdir, toolchain, dict(env or {}))


def plan_in_place(directory: Path, toolchain: Toolchain, workdir: Path, env: dict[str, str] | None = None,
                  tf_vars: dict[str, Any] | None = None) -> dict[str, Any]:
    """The plan (``terraform show -json``) of the root ``directory`` where it stands, so that its
    relative module sources stay local: terraform copies an absolute source into .terraform/modules,
    where a module's ``../../policies`` no longer finds the repository's catalogues. Terraform's
    data and the plan file go to ``workdir``; only the git-ignored lock file lands beside the root."""
    env = {**(env or {}), "TF_DATA_DIR": str(workdir / "terraform-data")}
    plan_file = workdir / "plan.tfplan"
    toolchain.run(["init", "-input=false", "-no-color", "-backend=false"], directory, extra_env=env)
    toolchain.run(["plan", "-input=false", "-no-color", "-lock=false", f"-out={plan_file}",
                   *(f"-var={key}={value}" for key, value in _encoded(tf_vars).items())], directory, extra_env=env)
    shown = toolchain.run(["show", "-json", str(plan_file)], directory, extra_env=env)
    return json.loads(shown.stdout)


@contextmanager
def applied(root: Root, tf_vars: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Apply, require an empty re-plan, yield the outputs, and always destroy afterwards.

    The destroy runs also when the apply fails partway: whatever it created before failing must
    not leak into the next test (the emulator is reset per test module, not per test).
    """
    try:
        root.apply(tf_vars)
        changes = root.pending_changes(tf_vars)
        assert not changes, f"a plan right after apply still wants changes: {changes}"
        yield root.outputs()
    finally:
        root.destroy(tf_vars)
