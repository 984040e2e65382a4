"""Checkov started before its input exists: import it (the slow part), then read the plan file's path
from stdin and run with the arguments given. ``python -m slsguard.gate.checkov_warm CHECKOV_ARGS...``
"""

from __future__ import annotations

import os
import sys
import warnings

NOT_FED = 3  # the gate stopped before the plan existed (it failed or was interrupted)


def main() -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=SyntaxWarning)  # as Checkov's own launcher does
        from checkov.main import Checkov

        plan_file = sys.stdin.readline().strip()
        if not plan_file:
            return NOT_FED
        argv = [*sys.argv[1:], "-f", plan_file]
        sys.argv = ["checkov", *argv]  # parts of Checkov read sys.argv rather than the argv given
        return Checkov(argv=argv).run()


if __name__ == "__main__":
    code = main()
    # The report is written; tearing down Checkov's thousands of modules and its worker pools
    # takes ~0.8 s that the gate would wait for.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)
