"""Jupyter notebooks: only cell sources are scanned, never recorded outputs.

Positions must be the raw line and column in the .ipynb file, so the JSON is read by a small
reader that keeps each string's offsets (the stdlib parser keeps none); strings are decoded by
the stdlib's own ``scanstring``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but untyped
from typing import Any

from ..model_ids import find_ids
from . import LineIndex, Scan, place

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class NotebookError(ValueError):
    """Not a JSON notebook; the message says where."""


@dataclass(frozen=True)
class RawString:
    value: str
    start: int  # offset of the opening quote
    end: int  # offset just after the closing quote


def scan_notebook(text: str, *, check_comments: bool = False) -> Scan:
    """Ids in cell sources, each with the cell number (1-based) in its context."""
    try:
        json.loads(text)
    except ValueError as exc:
        raise NotebookError(f"not valid JSON: {exc}") from None
    root = _Reader(text).document()
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
            for found in find_ids(raw):
                if code and not check_comments and _on_comment_line(raw, found.start):
                    continue
                shifted = replace(found, start=found.start + part.start, end=found.end + part.start)
                occurrences.append(place(shifted, index, f"cell {number}"))
    return Scan(occurrences)


def _on_comment_line(raw: str, offset: int) -> bool:
    """Is ``offset`` on a '#' line of a code cell? ``raw`` is the JSON string, escapes and all."""
    line_start = raw.rfind("\\n", 0, offset)
    before = raw[line_start + 2 if line_start >= 0 else 1 : offset]
    return before.lstrip(" \t").startswith("#")


class _Reader:
    """Recursive descent over already-validated JSON, keeping string offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def document(self) -> Any:
        return self._value()

    def _skip(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def _value(self) -> Any:
        self._skip()
        char = self.text[self.pos]
        if char == "{":
            return self._object()
        if char == "[":
            return self._array()
        if char == '"':
            value, end = scanstring(self.text, self.pos + 1)
            raw = RawString(value, self.pos, end)
            self.pos = end
            return raw
        m = _SCALAR.match(self.text, self.pos)
        if m is None:
            raise NotebookError(f"unexpected character at offset {self.pos}")
        self.pos = m.end()
        return None

    def _object(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        self.pos += 1
        self._skip()
        if self.text[self.pos] == "}":
            self.pos += 1
            return result
        while True:
            self._skip()
            key, self.pos = scanstring(self.text, self.pos + 1)
            self._skip()
            self.pos += 1  # the ':'
            result[key] = self._value()
            self._skip()
            closing = self.text[self.pos]
            self.pos += 1
            if closing == "}":
                return result

    def _array(self) -> list[Any]:
        result: list[Any] = []
        self.pos += 1
        self._skip()
        if self.text[self.pos] == "]":
            self.pos += 1
            return result
        while True:
            result.append(self._value())
            self._skip()
            closing = self.text[self.pos]
            self.pos += 1
            if closing == "]":
                return result
