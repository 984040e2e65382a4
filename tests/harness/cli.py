"""The ``slsguard`` command run as a user runs it: a child process of this interpreter's package."""

from __future__ import annotations

import subprocess
import sys

CLI_TIMEOUT = 60


def slsguard(*args: str, env: dict[str, str] | None = None,
             timeout: float = CLI_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run ``slsguard ARGS`` and return its exit code and output; never raises on a non-zero exit.

    ``env`` replaces the environment (None inherits this process's), so a test controls exactly
    what the command sees.
    """
    return subprocess.run([sys.executable, "-m", "slsguard", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
