"""Inline suppressions that work in any comment syntax (``#``, ``//``, ``/* */``, ``<!-- -->``, ...).

The pragma is found by its own words, not by parsing comments, so one rule serves every format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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
    covered = _covered(line)
    return covered is None or code in covered


def _covered(line: str) -> frozenset[str] | None:
    """The codes the ignore pragmas on ``line`` cover: None for all, empty for none."""
    if "claude-model-lint" not in line:
        return frozenset()
    codes: set[str] = set()
    for m in _PRAGMA.finditer(line):
        if m["skip"]:
            continue
        if m["codes"] is None:
            return None
        codes.update(c.strip().upper() for c in m["codes"].split(","))
    return frozenset(codes)


def suppressed(lines: Iterable[str], code: str) -> bool:
    return any(line_suppresses(line, code) for line in lines)


class LinePragmas:
    """The pragmas of numbered lines, each line read once: a line holding thousands of ids
    (minified JSON, a generated table) would otherwise be read again for every id."""

    def __init__(self, lines: Mapping[int, str]) -> None:
        self.lines = lines  # a line's text, or (Python) its comments: a line not here has none
        self.covered: dict[int, frozenset[str] | None] = {}

    def suppressed(self, numbers: Iterable[int], code: str) -> bool:
        for number in numbers:
            if number not in self.covered:
                self.covered[number] = _covered(self.lines.get(number, ""))
            covered = self.covered[number]
            if covered is None or code in covered:
                return True
        return False
