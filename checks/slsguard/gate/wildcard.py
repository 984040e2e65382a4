"""The one wildcard matcher of the gate, as IAM matches: ``*`` is any run of characters, ``?`` one
character, and nothing else is special (``fnmatch`` would read ``[...]``, which terraform addresses
and ARNs contain, as a character class)."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=8192)
def _wildcard_regex(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    body = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.compile(body, re.DOTALL | (0 if case_sensitive else re.IGNORECASE))


def wildcard_match(pattern: str, value: str, case_sensitive: bool = False) -> bool:
    """IAM's matching of a pattern with ``*`` (any run of characters) and ``?`` (one character);
    nothing else is special (``[...]`` is literal, unlike fnmatch). Actions compare case-insensitively,
    ARNs and principals case-sensitively."""
    return _wildcard_regex(pattern, case_sensitive).fullmatch(value) is not None
