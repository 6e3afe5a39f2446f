"""The lexical structure of Python source, at C speed: where strings and comments are, and
which physical lines make up a logical line (from bracket depth and backslashes in the code
with every string and comment blanked). No parsing: the fast layout and the CML007 call finder
use this to decide which few lines ``ast`` has to read.
"""

from __future__ import annotations

import bisect
import re

from . import LineIndex

# Strings and comments. Anchored on '#' and the quotes so that the regex engine skips the code
# between them at C speed; a string's prefix (r, b, f, ...) is read back from the quote.
# A string pattern never fails once its quote matched: an unterminated string ends at the end of
# its line (one quote) or of the file (three), as for Python's tokenizer. A pattern that could
# fail after its loop would make the engine try every way of splitting the loop (hours for one
# unclosed line); one that cannot fail is done at its greedy first try, so the lexer is linear.
# Each closing quote is a named group: a token knows whether it was closed.
_TOKEN = re.compile(
    r"""
    \#[^\r\n]*                                            # a comment, to the end of the line
  | \"\"\"(?:[^"\\]+|\\.?|"(?!""))*(?:(?P<d3>\"\"\")|\Z)  # triple double quotes, or to the end
  | '''(?:[^'\\]+|\\.?|'(?!''))*(?:(?P<s3>''')|\Z)        # triple single quotes, or to the end
  | "(?:[^"\\\r\n]+|\\(?:\r\n|.)?)*(?:(?P<d1>")|(?=[\r\n])|\Z)  # double quotes, to the line end
  | '(?:[^'\\\r\n]+|\\(?:\r\n|.)?)*(?:(?P<s1>')|(?=[\r\n])|\Z)  # single quotes, to the line end
    """,
    re.VERBOSE | re.DOTALL,
)
_PREFIX_LETTERS = frozenset("rRbBuUfF")
_NAME_CHAR = re.compile(r"[A-Za-z0-9_]")


def prefix_start(text: str, quote: int) -> int:
    """Where a string token starts: its prefix letters, unless they end a longer name."""
    for length in (2, 1):
        start = quote - length
        if (
            start >= 0
            and all(char in _PREFIX_LETTERS for char in text[start:quote])
            and not (start and _NAME_CHAR.match(text, start - 1))
        ):
            return start
    return quote


class Token:
    """A string literal; an unclosed one (``closed`` False) runs to the end of its line or file."""

    __slots__ = ("closed", "end", "inner_end", "inner_start", "opener", "start")

    def __init__(self, text: str, span: tuple[int, int]) -> None:
        quote_at, self.end = span
        self.start = prefix_start(text, quote_at)
        # three quotes always open a triple-quoted string: the lexer tries those first
        quote = text[quote_at : quote_at + 3]
        quote = quote if quote in ('"""', "'''") else quote[0]
        self.closed = _closed(text, quote_at)
        self.opener = text[self.start : quote_at] + quote
        self.inner_start = quote_at + len(quote)
        self.inner_end = self.end - len(quote) if self.closed else self.end


def _closed(text: str, quote_at: int) -> bool:
    m = _TOKEN.match(text, quote_at)
    return m is not None and m.lastgroup is not None


def token_spans(text: str) -> list[tuple[int, int]]:
    """Where the strings and comments are, in order (a comment's span starts with '#')."""
    return [m.span() for m in _TOKEN.finditer(text)]


def token_end(text: str, start: int) -> int | None:
    """Where the closed string, or the comment, that begins at ``start`` ends, if one begins
    there (an unclosed string would run past the f-string that holds it)."""
    m = _TOKEN.match(text, start)
    return m.end() if m and (m.lastgroup is not None or text[start] == "#") else None


def in_token(spans: list[tuple[int, int]], offset: int) -> bool:
    """Is ``offset`` inside a string or a comment of ``spans``?"""
    return index_at(spans, offset) is not None


def index_at(spans: list[tuple[int, int]], offset: int) -> int | None:
    i = bisect.bisect_right(spans, (offset, len(spans) and spans[-1][1] + 1)) - 1
    return i if i >= 0 and spans[i][0] <= offset < spans[i][1] else None


def masked(text: str, spans: list[tuple[int, int]]) -> str:
    """The code alone: every string and comment blanked, same length, so brackets, colons and
    backslashes left are the code's own."""
    pieces = []
    previous = 0
    for start, end in spans:
        pieces.append(text[previous:start])
        pieces.append(" " * (end - start))
        previous = end
    pieces.append(text[previous:])
    return "".join(pieces)


class LogicalLines:
    """The physical lines each offset's logical line spans, from bracket depth and backslashes
    in the masked code. None when the code does not balance (let the full parse say why)."""

    def __init__(self, masked: str, index: LineIndex) -> None:
        self.masked = masked
        self.starts = index.starts
        self.cursor = 0
        self.depth = 0  # bracket depth at self.cursor

    def _delta(self, start: int, end: int) -> int:
        count = self.masked.count
        return (
            count("(", start, end) + count("[", start, end) + count("{", start, end)
            - count(")", start, end) - count("]", start, end) - count("}", start, end)
        )  # fmt: skip

    def _line_start(self, line: int) -> int:
        return self.starts[line - 1]

    def _line_end(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.masked)

    def _continued(self, line: int) -> bool:
        """The next physical line belongs to this one: a backslash ends it, or its line break
        is inside a string (blanked in the masked code)."""
        if line >= len(self.starts):
            return False
        code = self.masked[self._line_start(line) : self._line_end(line)]
        return not code.endswith(("\n", "\r")) or code.rstrip("\r\n").endswith("\\")

    def _depth_at(self, offset: int) -> int:
        if offset >= self.cursor:
            self.depth += self._delta(self.cursor, offset)
            self.cursor = offset
            return self.depth
        return self.depth - self._delta(offset, self.cursor)

    def around(self, offsets: list[int]) -> list[tuple[int, int]] | None:
        found: list[tuple[int, int]] = []
        last_line = len(self.starts)
        for offset in offsets:
            line = bisect.bisect_right(self.starts, offset)
            if found and found[-1][0] <= line <= found[-1][1]:
                continue
            first = line
            depth = self._depth_at(self._line_start(first))
            while depth != 0 or (first > 1 and self._continued(first - 1)):
                if first == 1 or depth < 0:
                    return None
                first -= 1
                depth -= self._delta(self._line_start(first), self._line_start(first + 1))
            last = line
            depth = self._depth_at(self._line_start(last))
            while True:
                depth += self._delta(self._line_start(last), self._line_end(last))
                if depth < 0:
                    return None
                if depth == 0 and not self._continued(last):
                    break
                if last == last_line:
                    return None
                last += 1
            found.append((first, last))
        return found
