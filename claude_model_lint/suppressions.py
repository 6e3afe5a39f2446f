"""Inline suppressions that work in any comment syntax (``#``, ``//``, ``/* */``, ``<!-- -->``, ...).

The pragma is found by its own words, not by parsing comments, so one rule serves every format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PRAGMA = re.compile(
    r"""
    claude-model-lint:\s*
    (?:
        (?P<skip>skip-file)                     # the whole file
      | ignore(?:\[(?P<codes>[A-Za-z0-9,\s]*)\])? # this line, all codes or the listed ones
    )
    """,
    re.VERBOSE,
)


def skips_file(text: str) -> bool:
    return "claude-model-lint" in text and any(m["skip"] for m in _PRAGMA.finditer(text))


def line_suppresses(line: str, code: str) -> bool:
    """True when ``line`` carries an ignore pragma covering ``code``."""
    if "claude-model-lint" not in line:
        return False
    for m in _PRAGMA.finditer(line):
        if m["skip"]:
            continue
        if m["codes"] is None:
            return True
        if code in {c.strip().upper() for c in m["codes"].split(",")}:
            return True
    return False


def suppressed(lines: Iterable[str], code: str) -> bool:
    return any(line_suppresses(line, code) for line in lines)
