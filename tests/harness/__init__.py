"""Test harness shared by every tier.

- ``REPO`` / ``MODULES``: where the repository and its modules are (the one place that knows).
- ``cli``: the ``slsguard`` command in a subprocess, as a user runs it.
- ``discovery``: every module, example and environment root.
- ``terraform``: throw-away terraform roots (plan, apply, destroy) through the toolchain.
- ``inventory`` / ``scenarios``: plan scenarios (inputs and expected values in one YAML file) and
  the comparison of a plan with them.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODULES = REPO / "modules"
