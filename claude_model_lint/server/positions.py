"""Our positions (1-based lines, 1-based columns in code points) to LSP's and back.

LSP counts columns in the code units of the encoding the client and server agreed on (UTF-16
unless the client offers another): an emoji before an id is one code point but two UTF-16 units.
Lines end at \\r\\n, \\r or \\n for LSP as for our scanners, so the scanners' ``LineIndex`` serves
both; ``splitlines`` would also break at form feeds and U+2028, and miscount.

Each line's units are counted once (a prefix sum, kept): a line of 20,000 ids gets 40,000
positions, and counting the line's start again for each was quadratic (117 s for one line).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from lsprotocol import types

from ..scanners import LineIndex

Units = Callable[[str], int]  # how many client code units a string takes


def utf16_units(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


UNITS: dict[str, Units] = {
    types.PositionEncodingKind.Utf16.value: utf16_units,
    types.PositionEncodingKind.Utf32.value: len,
    types.PositionEncodingKind.Utf8.value: lambda text: len(text.encode("utf-8", "surrogatepass")),
}


class Positions:
    """One document's text (as scanned: without a byte-order mark) and the client's units."""

    def __init__(self, text: str, units: Units = utf16_units, *, bom: bool = False) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.units = units
        self.bom = bom  # the editor's line 1 starts with U+FEFF, which our columns leave out
        self._measured: dict[int, tuple[int, list[int] | None]] = {}

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
        length, prefix = self._measure(line)
        before = min(max(column - 1 + shift, 0), length)
        return types.Position(line=line - 1, character=before if prefix is None else prefix[before])

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        return types.Range(self.to_client(line, column), self.to_client(end_line, end_column))

    def at_offset(self, offset: int) -> types.Position:
        """An offset into the text -> an LSP position."""
        return self.to_client(*self.index.position(offset))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """An LSP position -> 1-based line and code-point column in the text (not counting a
        byte-order mark); a position inside a character or past the line's end is clamped."""
        line = position.line + 1
        length, prefix = self._measure(line)
        wanted = max(position.character, 0)
        column = min(wanted, length) if prefix is None else bisect_right(prefix, wanted) - 1
        if self.bom and line == 1:
            column = max(column - 1, 0)
        return line, column + 1

    def _measure(self, line: int) -> tuple[int, list[int] | None]:
        """The line's length in code points and the units before each of them (the last: the
        whole line), counted once; None when every code point is one unit (UTF-32, or a line
        without astral characters in UTF-16)."""
        known = self._measured.get(line)
        if known is None:
            text = self.line_text(line)
            units = None if self.units(text) == len(text) else accumulate(map(self.units, text))
            known = (len(text), None if units is None else [0, *units])
            self._measured[line] = known
        return known
