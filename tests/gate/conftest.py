"""Make the gate tests' helpers (gate_support, regenerate) importable whatever pytest's import mode."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hypothesis import settings  # noqa: E402  (after the path set-up above)

# The suite replays the same examples on every run, so a red CI always means a change broke
# something; `make fuzz` (SLSGUARD_FUZZ=explore) searches new random examples for new crashes.
settings.register_profile("replay", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=3000)
settings.load_profile("explore" if os.environ.get("SLSGUARD_FUZZ") == "explore" else "replay")
