"""The role of each id in a Python string, from what the layout already knows (no new parse).

A response built in code (a call or dict with ``stop_reason``) is a record; a docstring is
prose; a member of a collection literal that holds two or more ids is a catalog,
and so is a class body that assigns two or more ids (an enum of models). Everything else in a
string is a use. Comparisons, keys and lookups are decided by the caller (``matched``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..types import FoundId, Role
from . import LineIndex
from .layout import Layout

# NAME = "…" or NAME: type = "…" at the start of an indented line: a class attribute, maybe
_ASSIGNMENT = re.compile(r"[ \t]+[A-Za-z_]\w*[ \t]*(?::[^=\n]*)?=[ \t]*[rRbBuU]?['\"]")
_CLASS = re.compile(r"[ \t]*class\b")


def python_roles(
    text: str, index: LineIndex, found: Sequence[FoundId], where: Layout
) -> tuple[dict[int, Role], set[int]]:
    """Role by id start offset, for the ids in strings that are not a use; and the ids of
    catalogs of retired models (``DEPRECATED_MODELS = {...}``), which are never rewritten."""
    roles: dict[int, Role] = {}
    if where.records:
        records = Ranges((s, e, 0) for s, e in where.records)
        roles.update((f.start, Role.RECORD) for f in found if records.holding(f) is not None)
    if where.prose:
        prose = sorted(where.prose)
        for f in found:
            i = bisect.bisect_right(prose, (f.start, len(text))) - 1
            if i >= 0 and prose[i][0] <= f.start and f.end <= prose[i][1]:
                roles.setdefault(f.start, Role.PROSE)
    group_of: dict[int, int] = {}
    if where.members:
        members = Ranges((s, e, n) for n, group in enumerate(where.members) for s, e in group)
        for f in found:
            group = members.holding(f)
            if group is not None:
                group_of[f.start] = group
    if where.tables:  # the outermost table that holds an id counts it
        low = -2 * len(text) - 2  # below every class-body group
        tables = Ranges((s, e, low - n) for n, (s, e) in enumerate(where.tables))
        for f in found:
            table = tables.holding(f)
            if table is not None:
                group_of[f.start] = table
    if where.callees:  # one callee given three different ids or more: a registration table
        names = {name: n for n, name in enumerate(sorted({c[0] for c in where.callees}))}
        calls = Ranges((s, e, names[name]) for name, s, e in where.callees)
        by_callee: dict[int, list[FoundId]] = {}
        for f in found:
            callee = calls.holding(f)
            if callee is not None and f.start not in group_of:
                by_callee.setdefault(callee, []).append(f)
        for held in by_callee.values():
            if len({f.key for f in held}) >= 3:
                roles.update((f.start, Role.CATALOG) for f in held if f.start not in roles)
    for start, group in _class_bodies(text, index, found, roles).items():
        group_of.setdefault(start, -1 - group)
    sizes = Counter(group_of.values())
    first: dict[int, int] = {}
    for start, group in group_of.items():
        if sizes[group] >= 2:
            roles.setdefault(start, Role.CATALOG)
            first[group] = min(first.get(group, start), start)
    denied = {g for g, start in first.items() if _names_retired(text, start)}
    return roles, {start for start, group in group_of.items() if group in denied}


# a collection named for (or commented as) the models that are gone: its old ids are its point
_RETIRED = re.compile(r"deprecat|retire|legacy|unsupported|sunset|end.of.life", re.IGNORECASE)


def _names_retired(text: str, first: int) -> bool:
    """Do the three lines before a catalog's first id (its name, its comment) say retired?"""
    start = first
    for _ in range(3):
        start = text.rfind("\n", max(0, first - 400), start - 1) if start > 0 else -1
        if start < 0:
            start = max(0, first - 400)
            break
    return _RETIRED.search(text, start, first) is not None


def _class_bodies(
    text: str, index: LineIndex, found: Sequence[FoundId], known: dict[int, Role]
) -> dict[int, int]:
    """Ids assigned as class attributes, by the line of their class: ``OPUS = "claude-…"``."""
    out: dict[int, int] = {}
    owner: dict[tuple[int, int], int] = {}  # (line, indent) -> its block's header line (0: none)
    seen: set[int] = set()
    for f in found:
        if f.start in known:
            continue
        line, _ = index.position(f.start)
        if line in seen:  # an assignment's line holds one literal; many ids make it no attribute
            continue
        seen.add(line)
        source = index.line_text(line)
        if not _ASSIGNMENT.match(source):
            continue
        indent = len(source) - len(source.lstrip(" \t"))
        walked = []
        header_line = 0
        for above in range(line - 1, 0, -1):
            if (above, indent) in owner:  # a sibling already walked up from here: O(n) overall
                header_line = owner[(above, indent)]
                break
            walked.append(above)
            header = index.line_text(above)
            stripped = header.lstrip(" \t")
            if not stripped or stripped.startswith("#"):
                continue
            if len(header) - len(stripped) < indent:
                header_line = above if _CLASS.match(header) else 0
                break
        for above in (line, *walked):
            owner[(above, indent)] = header_line
        if header_line:
            out[f.start] = header_line
    return out


class Ranges:
    """(start, end, value) ranges, asked which one holds an id in O(log n): a linear search per
    id made a file of 32,000 ids take 30 s. Ranges may nest (a dict key inside a compared
    f-string); the first in start order that holds the id answers, as a linear search would."""

    def __init__(self, ranges: Iterable[tuple[int, int, int]]) -> None:
        self.ranges = sorted(ranges, key=lambda r: r[0])
        self.starts = [start for start, _, _ in self.ranges]
        self.reach = list(itertools.accumulate((end for _, end, _ in self.ranges), max))

    def holding(self, found: FoundId) -> int | None:
        held = self.bounds(found)
        return None if held is None else held[2]

    def bounds(self, found: FoundId) -> tuple[int, int, int] | None:
        """The range that holds ``found``, with its value."""
        last = bisect.bisect_right(self.starts, found.start)  # the ranges starting before it
        first = bisect.bisect_left(self.reach, found.end, 0, last)  # reach never decreases
        return self.ranges[first] if first < last else None
