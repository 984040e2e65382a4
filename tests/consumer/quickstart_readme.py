"""The README's quick start is the tested root's code, with git sources: this module derives it.

`.venv/bin/python tests/consumer/quickstart_readme.py` rewrites the README's block from the root.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE / "quickstart"
README = HERE.parents[1] / "README.md"
GIT_SOURCE = "git::https://github.com/<org>/slsguard.git//modules/{name}?ref={name}/v0.1.0"  # a per-module release tag
_BEGIN, _END = "# --- quickstart:begin ---\n", "# --- quickstart:end ---\n"
_README_BLOCK = re.compile(r"(<!-- quickstart:begin -->\n```hcl\n)(.*?)(```\n<!-- quickstart:end -->)", re.DOTALL)


def snippet() -> str:
    """The marked part of the tested root, with each relative module source as a git source."""
    text = (ROOT / "main.tf").read_text()
    body = text[text.index(_BEGIN) + len(_BEGIN):text.index(_END)]
    return re.sub(r'"\.\./\.\./\.\./modules/([a-z0-9-]+)"', lambda m: f'"{GIT_SOURCE.format(name=m.group(1))}"', body)


def readme_block(readme: str) -> str:
    match = _README_BLOCK.search(readme)
    if match is None:
        raise ValueError("README.md has no <!-- quickstart:begin --> ... <!-- quickstart:end --> hcl block")
    return match.group(2)


def rewrite(readme: str) -> str:
    return _README_BLOCK.sub(lambda m: m.group(1) + snippet() + m.group(3), readme)


if __name__ == "__main__":
    README.write_text(rewrite(README.read_text()))
    print(f"rewrote the quick start of {README}", file=sys.stderr)
