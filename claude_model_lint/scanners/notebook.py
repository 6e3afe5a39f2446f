"""Jupyter notebooks: only cell sources are scanned, never recorded outputs.

Positions must be the raw line and column in the .ipynb file, so the JSON is read by a small
reader that keeps each string's offsets (the stdlib parser keeps none); strings are decoded by
the stdlib's own ``scanstring``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but untyped
from typing import Any, NamedTuple

from ..model_ids import find_ids
from ..types import Role
from . import LineIndex, Scan, place
from .json_skip import skip_value
from .text_roles import versioned

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class NotebookError(ValueError):
    """Not a JSON notebook; the message says where."""


class RawString(NamedTuple):
    value: str
    start: int  # offset of the opening quote
    end: int  # offset just after the closing quote


def scan_notebook(text: str, *, check_comments: bool = False) -> Scan:
    """Ids in cell sources, each with the cell number (1-based) in its context."""
    try:
        root = Reader(text).document()
    except (ValueError, IndexError):  # json's own words say where it goes wrong
        try:
            json.loads(text)
        except ValueError as exc:
            raise NotebookError(f"not valid JSON: {exc}") from None
        except RecursionError:
            raise NotebookError("not valid JSON, and nested too deep to say where") from None
        raise  # pragma: no cover - the reader refused JSON that json reads: a bug to report
    cells = root.get("cells") if isinstance(root, dict) else None
    if not isinstance(cells, list):
        raise NotebookError("not an nbformat 4 notebook: no 'cells' list")
    index = LineIndex(text)
    occurrences = []
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            continue
        sources = cell.get("source", [])
        parts = sources if isinstance(sources, list) else [sources]
        kind = cell.get("cell_type")
        code = isinstance(kind, RawString) and kind.value == "code"
        for part in parts:
            if not isinstance(part, RawString):
                continue
            raw = text[part.start : part.end]
            ids = find_ids(raw)
            on_line = sum(versioned(i.key) for i in ids)
            for found in ids:
                comment = code and _on_comment_line(raw, found.start)
                if comment and not check_comments:
                    continue
                shifted = found._replace(start=found.start + part.start, end=found.end + part.start)
                role = _role(code, comment, on_line)
                occurrences.append(place(shifted, index, f"cell {number}", role=role))
    return Scan(occurrences, index=index)


def _role(code: bool, comment: bool, on_line: int) -> Role:
    """Markdown cells and comments are prose; a source line naming two ids or more, a catalog."""
    if not code or comment:
        return Role.PROSE
    return Role.CATALOG if on_line >= 2 else Role.USE


def _on_comment_line(raw: str, offset: int) -> bool:
    """Is ``offset`` on a '#' line of a code cell? ``raw`` is the JSON string, escapes and all."""
    line_start = raw.rfind("\\n", 0, offset)
    before = raw[line_start + 2 if line_start >= 0 else 1 : offset]
    return before.lstrip(" \t").startswith("#")


def _value_end(text: str, pos: int) -> int:
    """The end of the JSON value at ``pos``: the C decoder, or the walk when it nests too deep."""
    try:
        return int(_DECODER.raw_decode(text, pos)[1])
    except RecursionError:
        return skip_value(text, pos)


class Reader:
    """Reads the JSON down to the cell sources, keeping their offsets and checking every
    bracket, colon and comma it walks; every other value (outputs, images, metadata) is jumped
    over, and checked, by the stdlib's C decoder. One pass: no json.loads of the whole file."""

    def __init__(self, text: str, every_cell: bool = False) -> None:
        self.text = text
        self.pos = 0
        self.every_cell = every_cell  # also the cells without 'claude' (a request may be there)

    def document(self) -> Any:
        root = self._object({"cells": lambda: self._array(self._cell)})
        if _SPACE.match(self.text, self.pos).end() != len(self.text):  # type: ignore[union-attr]
            raise ValueError("extra data after the notebook")
        return root

    def _cell(self) -> Any:
        """A cell that holds 'claude' somewhere; any other is jumped over whole, at C speed."""
        start = self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
        end = _value_end(self.text, start)
        if not self.every_cell and self.text.find("claude", start, end) < 0:
            self.pos = end
            return None
        return self._object({"source": self._source, "cell_type": self._string})

    def _source(self) -> Any:
        return self._array(self._string) if self._peek() == "[" else self._string()

    def _peek(self) -> str:
        self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
        return self.text[self.pos]

    def _skip(self) -> None:
        self._peek()
        self.pos = _value_end(self.text, self.pos)

    def _string(self) -> RawString | None:
        if self._peek() != '"':
            self._skip()
            return None
        value, end = scanstring(self.text, self.pos + 1)
        raw = RawString(value, self.pos, end)
        self.pos = end
        return raw

    def _object(self, wanted: dict[str, Callable[[], Any]]) -> dict[str, Any] | None:
        if self._peek() != "{":
            self._skip()
            return None
        result: dict[str, Any] = {}
        self.pos += 1
        if self._peek() == "}":
            self.pos += 1
            return result
        while True:
            self._expect('"')
            key, self.pos = scanstring(self.text, self.pos)
            self._expect(":")
            if key in wanted:
                result[key] = wanted[key]()
            else:
                self._skip()
            if self._peek() == "}":
                self.pos += 1
                return result
            self._expect(",")

    def _array(self, item: Callable[[], Any]) -> list[Any] | None:
        if self._peek() != "[":
            self._skip()
            return None
        result: list[Any] = []
        self.pos += 1
        if self._peek() == "]":
            self.pos += 1
            return result
        while True:
            result.append(item())
            if self._peek() == "]":
                self.pos += 1
                return result
            self._expect(",")

    def _expect(self, char: str) -> None:
        """Step over ``char``: the reader checks the JSON it walks, as json would."""
        if self._peek() != char:
            raise ValueError(f"expected {char!r} at {self.pos}")
        self.pos += 1
