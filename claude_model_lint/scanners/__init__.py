"""Scanners find ids in one file's text and place them; they never judge them.

Each scanner is ``(text, options) -> Scan``; which one runs is decided by the file name.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..types import FoundId, Occurrence, Role

if TYPE_CHECKING:
    from .example_blocks import Block

MATCHED = "comparison or lookup"  # a name matched against: a partial one is no model id
KEYED = "mapping key"  # a table's row: a family name there names models, as in a Markdown table
# after a string: it is a mapping key ("id": / id: / "id" =)
MAPPING_KEY = re.compile(r"""["']?[ \t]*[:=](?:[ \t]|$|\{)""", re.MULTILINE)
REPLAYED = "in a file that replays recordings"  # a use whose requests a cassette/snapshot holds


@dataclass(frozen=True)
class Scan:
    occurrences: list[Occurrence]
    notes: list[str] = field(default_factory=list)
    index: LineIndex | None = None  # the scanner's, so that nobody builds it twice
    # line numbers (1-based) where a suppression comment also counts, per occurrence start offset
    extra_lines: dict[int, int] = field(default_factory=dict)
    # the code examples of a document or docstring: their requests are the file's too
    examples: list[Block] = field(default_factory=list)


_NEWLINE = re.compile(r"\r\n?|\n")
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e"
_OTHER_BREAKS_WIDE = "\x85\u2028\u2029"


def _has_other_breaks(text: str) -> bool:
    """One memchr-speed scan per character: a regex class would crawl the text instead."""
    wide = "" if text.isascii() else _OTHER_BREAKS_WIDE
    return any(char in text for char in _OTHER_BREAKS + wide)


class LineIndex:
    """Offsets to 1-based (line, column) in code points, and back.

    Lines end at \r\n, \r or \n, as for Python's tokenizer, LibCST and editors alike. The
    list of line starts is built only when needed: a scanner asking for the positions of a few
    ids in order, in a text whose lines end in \n or \r\n, gets them by counting from the
    previous one (a big JSON file with a handful of ids is most of that file's cost otherwise).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._cursor = (0, 1, 0)  # the last offset asked for, its line and the line's start
        self._known: dict[int, int] = {}  # line -> start, for the lines counted so far
        self._simple: bool | None = None
        self._lines: dict[int, str] = {}  # line -> its text: asked once per id on a long line

    @functools.cached_property
    def starts(self) -> list[int]:
        text = self.text
        if _has_other_breaks(text):  # splitlines would break at these too; Python does not
            return [0, *(m.end() for m in _NEWLINE.finditer(text))]
        starts = [0, *itertools.accumulate(map(len, text.splitlines(keepends=True)))]
        if len(starts) > 1 and not text.endswith(("\n", "\r")):
            starts.pop()  # the last line has no break
        return starts

    def _counts(self) -> bool:
        """Can lines be counted as '\n's? Not with a lone '\r' or another break in the text."""
        if self._simple is None:
            text = self.text
            lone_cr = "\r" in text and text.count("\r") != text.count("\r\n")
            self._simple = not lone_cr and not _has_other_breaks(text)
        return self._simple

    def position(self, offset: int) -> tuple[int, int]:
        at, line, start = self._cursor
        if "starts" not in self.__dict__ and offset >= at and self._counts():
            # only the text since the last offset is read: ids on a 5 MB line cost the line once
            breaks = self.text.count("\n", at, offset)
            if breaks:
                line += breaks
                start = self.text.rfind("\n", at, offset) + 1
            self._cursor = (offset, line, start)
            self._known[line] = start
            return line, offset - start + 1
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column0: int) -> int:
        return self.starts[line - 1] + column0

    def offset_from_utf8(self, line: int, byte_column: int) -> int:
        """An offset from ast's position, whose column counts UTF-8 bytes, not code points."""
        raw = self.line_text(line)
        if not raw.isascii():
            encoded = raw.encode("utf-8", "surrogatepass")[:byte_column]
            byte_column = len(encoded.decode("utf-8", "replace"))
        return self.starts[line - 1] + byte_column

    def line_text(self, line: int) -> str:
        """Kept once made: scanners ask for the line of each id, and slicing a line of 100k ids
        100k times was quadratic."""
        kept = self._lines.get(line)
        if kept is None:
            kept = self._lines[line] = self._slice_line(line)
        return kept

    def _slice_line(self, line: int) -> str:
        start = self._known.get(line) if "starts" not in self.__dict__ else None
        if start is not None:
            end = self.text.find("\n", start)
            return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r\n")
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


def place(
    found: FoundId, index: LineIndex, context: str = "", *, not_fixable_reason: str = "",
    role: Role = Role.USE,
) -> Occurrence:  # fmt: skip
    line, column = index.position(found.start)
    end_line, end_column = index.position(found.end)
    return Occurrence(
        found, line, column, end_line, end_column, context,
        fixable_in_place=not not_fixable_reason, not_fixable_reason=not_fixable_reason, role=role,
    )  # fmt: skip
