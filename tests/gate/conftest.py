"""Make the gate tests' helpers (gate_support, regenerate) importable whatever pytest's import mode."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
