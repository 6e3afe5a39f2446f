"""Our positions (1-based lines, 1-based columns in code points) to LSP's and back.

LSP counts columns in the code units of the encoding the client and server agreed on (UTF-16
unless the client offers another): an emoji before an id is one code point but two UTF-16 units.
Lines end at \\r\\n, \\r or \\n for LSP as for our scanners, so the scanners' ``LineIndex`` serves
both; ``splitlines`` would also break at form feeds and U+2028, and miscount.

Each line is measured once and kept: a line of 20,000 ids gets 40,000 positions, and counting
the line's start again for each was quadratic (117 s for one line). What is kept is where the
line's wide characters are (those of more than one unit, found by a regex in C) and the extra
units before each: a prefix sum over every character, in Python, was 40% of an edit's check.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from itertools import accumulate

from lsprotocol import types

from ..scanners import LineIndex

Units = Callable[[str], int]  # how many client code units a string takes


def utf16_units(text: str) -> int:
    return len(text) + len(_ASTRAL.findall(text))


def utf8_units(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_WIDE: dict[Units, re.Pattern[str]] = {  # the characters of more than one unit
    utf16_units: _ASTRAL,
    utf8_units: re.compile("[^\x00-\x7f]"),
}
UNITS: dict[str, Units] = {
    types.PositionEncodingKind.Utf16.value: utf16_units,
    types.PositionEncodingKind.Utf32.value: len,
    types.PositionEncodingKind.Utf8.value: utf8_units,
}


class _Line:
    """A line's length in code points, where its wide characters are (code-point columns, in
    order) and the extra units before and including each."""

    __slots__ = ("extra", "length", "wide")

    def __init__(self, text: str, units: Units) -> None:
        self.length = len(text)
        wide = _WIDE.get(units)
        found = [] if units is len else (
            [m.start() for m in wide.finditer(text)] if wide is not None
            else [i for i, char in enumerate(text) if units(char) != 1]
        )  # fmt: skip
        self.wide = found
        self.extra = list(accumulate(units(text[i]) - 1 for i in found))

    def units_before(self, column: int) -> int:
        """Units before code-point column ``column`` (0-based)."""
        k = bisect_left(self.wide, column)  # wide characters before it
        return column + (self.extra[k - 1] if k else 0)

    def column_at(self, wanted: int) -> int:
        """The last code-point column whose units before it are at most ``wanted``."""
        low, high = 0, self.length
        while low < high:
            middle = (low + high + 1) // 2
            if self.units_before(middle) <= wanted:
                low = middle
            else:
                high = middle - 1
        return low


class Positions:
    """One document's text (as scanned: without a byte-order mark) and the client's units."""

    def __init__(self, text: str, units: Units = utf16_units, *, bom: bool = False) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.units = units
        self.bom = bom  # the editor's line 1 starts with U+FEFF, which our columns leave out
        self._measured: dict[int, _Line] = {}

    @property
    def line_count(self) -> int:
        return len(self.index.starts)

    def line_text(self, line: int) -> str:
        """Line ``line`` (1-based), as the editor shows it; '' beyond the end."""
        if not 1 <= line <= self.line_count:
            return ""
        return ("\ufeff" if self.bom and line == 1 else "") + self.index.line_text(line)

    def to_client(self, line: int, column: int) -> types.Position:
        """1-based line and code-point column -> an LSP position."""
        shift = 1 if self.bom and line == 1 else 0
        measured = self._measure(line)
        before = min(max(column - 1 + shift, 0), measured.length)
        return types.Position(line=line - 1, character=measured.units_before(before))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        return types.Range(self.to_client(line, column), self.to_client(end_line, end_column))

    def at_offset(self, offset: int) -> types.Position:
        """An offset into the text -> an LSP position."""
        return self.to_client(*self.index.position(offset))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """An LSP position -> 1-based line and code-point column in the text (not counting a
        byte-order mark); a position inside a character or past the line's end is clamped."""
        line = position.line + 1
        column = self._measure(line).column_at(max(position.character, 0))
        if self.bom and line == 1:
            column = max(column - 1, 0)
        return line, column + 1

    def _measure(self, line: int) -> _Line:
        known = self._measured.get(line)
        if known is None:
            known = self._measured[line] = _Line(self.line_text(line), self.units)
        return known
