"""A notebook's code cells as one Python module: the requests its ids configure (CML007 and a
migration judge them as in a .py file: a ``MODEL_NAME`` set in one cell feeds the calls of every
cell), and its legacy Text Completions calls, which are never migrated.

Each decoded character keeps the offset of its raw JSON text, so what the Python finders report
is placed, and fixed, in the .ipynb file itself. IPython magics and shell lines (``%pip``,
``!ls``) are blanked first, keeping every offset: they are not Python.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from typing import NamedTuple

from . import LineIndex
from .calls import CallSite, ParameterUse
from .layout import text_completions
from .notebook import RawString, Reader
from .python_role_facts import dotted, prompt_names

_MAGIC = re.compile(r"^[ \t]*[%!?].*$", re.MULTILINE)
_UNICODE = re.compile(r"\\u[0-9a-fA-F]{4}")


class Cells(NamedTuple):
    code: str  # the code cells' sources, one after another, a newline between cells
    starts: list[int]  # raw offset of each character of ``code``
    ends: list[int]  # raw offset just after it


def code_cells(text: str) -> Cells | None:
    """The code cells of the notebook ``text`` (None: not a notebook the reader reads)."""
    try:
        root = Reader(text, every_cell=True).document()
    except (ValueError, IndexError, RecursionError):
        return None
    cells = root.get("cells") if isinstance(root, dict) else None
    if not isinstance(cells, list):
        return None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        if not (isinstance(kind, RawString) and kind.value == "code"):
            continue
        sources = cell.get("source", [])
        for part in sources if isinstance(sources, list) else [sources]:
            if isinstance(part, RawString):
                _decoded(text, part, pieces, starts, ends)
        end = ends[-1] if ends else 0
        pieces.append("\n")  # a cell ends its last line
        starts.append(end)
        ends.append(end)
    code = _MAGIC.sub(lambda m: " " * len(m.group()), "".join(pieces))
    return Cells(code, starts, ends)


def _decoded(
    text: str, part: RawString, pieces: list[str], starts: list[int], ends: list[int]
) -> None:
    """Each character of the JSON string ``part`` with its raw span (escapes are 2 or 6 long,
    a surrogate pair 12)."""
    at, stop = part.start + 1, part.end - 1
    value = part.value
    for char in value:
        width = 1
        if text[at] == "\\":
            width = 2
            if text[at + 1] == "u":
                width = 12 if ord(char) > 0xFFFF and _UNICODE.match(text, at + 6) else 6
        starts.append(at)
        at = min(at + width, stop)
        ends.append(at)
    pieces.append(value)


def notebook_requests(
    text: str, cells: Cells, wanted: frozenset[str], index: LineIndex
) -> list[CallSite]:
    """The requests of the code cells, placed in the notebook's raw text."""
    from .python_calls import calls_in

    try:
        tree = ast.parse(cells.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    out = []
    for call in calls_in(cells.code, tree, wanted):
        uses = tuple(_placed(use, cells, index) for use in call.parameters)
        model_start = cells.starts[call.model_start] if call.model_start >= 0 else -1
        feeds = tuple(cells.starts[at] for at in call.feeds)
        line = index.position(uses[0].start)[0] if uses else 0
        out.append(call._replace(model_start=model_start, parameters=uses, feeds=feeds, line=line))
    return out


def _placed(use: ParameterUse, cells: Cells, index: LineIndex) -> ParameterUse:
    start, end = cells.starts[use.start], cells.ends[use.end - 1]
    value_start = cells.starts[use.value_start] if use.value_start >= 0 else -1
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return use._replace(
        start=start, end=end, line=line, column=column, end_line=end_line,
        end_column=end_column, value_start=value_start,
    )  # fmt: skip


def legacy_spans(cells: Cells) -> Iterable[tuple[int, int]]:
    """Raw spans of the Text Completions calls in the code cells."""
    try:
        tree = ast.parse(cells.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    index = LineIndex(cells.code)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee, names = dotted(node.func), prompt_names(node)
        keywords: set[object] = {k.arg for k in node.keywords}
        if text_completions(callee, keywords, names):
            start = index.offset_from_utf8(node.lineno, node.col_offset)
            end = index.offset_from_utf8(node.end_lineno or node.lineno, node.end_col_offset or 0)
            out.append((cells.starts[start], cells.ends[max(end - 1, start)]))
    return out
