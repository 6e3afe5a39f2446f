"""Python: ids in string literals of every kind and docstrings; comments only when asked.

Candidates come from the same finder as every other format; LibCST (imported lazily, only for
files that contain ``claude``) says which of them sit in a string, and finds the ids that exist
only once implicitly concatenated strings are joined.
"""

from __future__ import annotations

import bisect
import re
import sys
from typing import TYPE_CHECKING

from ..decoding import for_parser
from ..model_ids import find_ids, is_template, shape_of
from ..types import FoundId, Occurrence, Role
from . import KEYED, MAPPING_KEY, MATCHED, REPLAYED, LineIndex, Scan, place
from .layout import ParseFailure
from .patterns import pattern_reason
from .python_roles import Ranges, python_roles
from .text_roles import command_flag

if TYPE_CHECKING:
    from .example_blocks import Block
    from .layout import Part


LEGACY_WHY = "a legacy Text Completions call, which current models do not serve"
# a test module that replays recorded requests or compares with recorded output: its requests
# are bound to recordings that a fix cannot re-record
_REPLAYS = ("vcr", "cassette", "inline_snapshot", "syrupy", "snapshot(")  # 'in': memchr speed
RETIRED_WHY = "a catalog of deprecated or retired models, which names them on purpose"


def scan_python(
    text: str, *, check_comments: bool, oracle: bool = False, examples: bool = True
) -> Scan:
    """``oracle`` takes the layout from LibCST instead of the fast lexer + ast (for the tests);
    ``examples``: read a docstring's examples as code (not in an example itself)."""
    if "claude" not in text:
        return Scan([])
    if oracle:
        from .python_cst import layout
    else:
        from .python_fast import layout

    index = LineIndex(text)
    candidates = find_ids(text)
    try:
        where = layout(for_parser(text), [found.start for found in candidates], index)
    except ParseFailure as exc:  # the text scan still finds the ids; nothing is fixed
        from .text import PLAIN, scan_text

        scan = scan_text(text, PLAIN, check_comments=True)
        why = "not valid Python, and Python fixes go through LibCST"
        unfixable = [
            o._replace(fixable_in_place=False, not_fixable_reason=why) for o in scan.occurrences
        ]
        return Scan(unfixable, [f"not valid Python ({exc}); scanned as plain text"])
    occurrences = []
    extra_lines: dict[int, int] = {}
    strings = Ranges(where.strings)
    comments = Ranges((start, end, 0) for start, end in where.comments)
    matched = Ranges((start, end, 0) for start, end in where.matched)
    legacy = Ranges((start, end, 0) for start, end in where.legacy)
    in_strings = [f for f in candidates if strings.holding(_literal_part(f)) is not None]
    roles, retired = python_roles(text, index, in_strings, where)
    replays = any(word in text for word in _REPLAYS)  # a regex alternation cost 0.5 ms a file
    sentences = _Sentences(text, strings)
    patterns: dict[int, str] = {}  # literal start -> why it is a pattern ('' if it is not)
    for found in candidates:
        statement_end = strings.holding(_literal_part(found))
        if statement_end is not None and matched.holding(found) is not None:
            keyed = MAPPING_KEY.match(text, found.end) is not None  # {"claude-3-opus": ...}
            occurrences.append(place(found, index, KEYED if keyed else MATCHED, role=Role.CATALOG))
            extra_lines[found.start] = statement_end
        elif statement_end is not None and legacy.holding(found) is not None:
            occurrences.append(place(found, index, not_fixable_reason=LEGACY_WHY))
            extra_lines[found.start] = statement_end
        elif statement_end is not None and found.start in retired:
            occurrences.append(
                place(found, index, role=Role.CATALOG, not_fixable_reason=RETIRED_WHY)
            )
            extra_lines[found.start] = statement_end
        elif statement_end is not None:
            role = roles.get(found.start, Role.USE)
            if role is Role.USE and sentences.holds(found):
                role = Role.PROSE  # a message, a prompt, a warning filter: not a setting
            if role is Role.PROSE and command_flag(text, found.start):
                role = Role.USE  # 'aider --model claude-…': what users run
            context = REPLAYED if replays and role is Role.USE else ""
            held = strings.bounds(_literal_part(found))
            if held is not None and held[0] not in patterns:  # each literal read once
                patterns[held[0]] = pattern_reason(text, held[0], held[1])
            why = patterns.get(held[0], "") if held is not None else ""
            occurrences.append(place(found, index, context, role=role, not_fixable_reason=why))
            extra_lines[found.start] = statement_end
        elif check_comments and comments.holding(found) is not None:
            occurrences.append(place(found, index, "comment", role=Role.PROSE))
    wholes: list[tuple[int, int]] = []
    for parts, end_line, between in where.concatenations:
        joined = "".join(text[p.inner_start : p.inner_end] for p in parts)
        offsets = [i for p in parts for i in range(p.inner_start, p.inner_end)]
        for found in find_ids(joined):
            start, last = offsets[found.start], offsets[found.end - 1]
            if last - start == found.end - 1 - found.start:
                continue  # inside one literal: the plain scan has it
            spanned = FoundId(start, last + 1, found.text, found.key, found.region,
                              found.context_suffix, found.beta)  # fmt: skip
            reason = _unsafe_merge(parts, between)
            occurrences.append(place(spanned, index, "implicit concatenation",
                                     not_fixable_reason=reason))  # fmt: skip
            if shape_of(found.key) is not None:  # a piece of 'claude-3-opus-20240229x' is kept
                wholes.append((start, last + 1))
            extra_lines[start] = end_line
    if wholes:  # "claude-3-opus" "-20240229": the first piece alone is no id of its own
        wholes.sort()
        occurrences = [o for o in occurrences if not _piece_of(o.found, wholes)]
    occurrences.sort(key=lambda o: o.found.start)
    code: list[Block] = []
    if examples and where.prose and any(o.role is Role.PROSE for o in occurrences):
        occurrences, code = _docstring_examples(
            text, index, occurrences, where.prose, check_comments
        )
    return Scan(occurrences, extra_lines=extra_lines, index=index, examples=code)


def _docstring_examples(
    text: str, index: LineIndex, occurrences: list[Occurrence], docstrings: list[tuple[int, int]],
    check_comments: bool,
) -> tuple[list[Occurrence], list[Block]]:  # fmt: skip
    """The ids of a docstring's examples (``>>>``, ``Example:``, fences) judged as code, and
    the examples that are code."""
    from .example_blocks import docstring
    from .examples import rescan

    spans = sorted(docstrings)
    holding = set()
    for o in occurrences:
        if o.role is Role.PROSE:
            i = bisect.bisect_right(spans, (o.found.start, len(text))) - 1
            if i >= 0 and o.found.end <= spans[i][1]:
                holding.add(spans[i])
    blocks = [block for start, end in sorted(holding) for block in docstring(text, start, end)]
    # the suppression line stays the docstring's statement end: a comment can go there only
    occurrences, _, code = rescan(text, index, occurrences, blocks, check_comments)
    return occurrences, code


class _Sentences:
    """Is an id in a string of three words or more (a sentence), each string read once?"""

    def __init__(self, text: str, strings: Ranges) -> None:
        self.text = text
        self.strings = strings
        self.known: dict[int, bool] = {}

    def holds(self, found: FoundId) -> bool:
        held = self.strings.bounds(_literal_part(found))
        if held is None:
            return False
        start, end, _ = held
        if start not in self.known:
            raw = self.text[start:end]
            opener = _OPENER.match(raw)
            if opener is not None:  # a whole literal, not an f-string's text part
                raw = raw[opener.end() : len(raw) - len(opener[1])]
            self.known[start] = len(raw.split(maxsplit=2)) > 2
        return self.known[start]


_OPENER = re.compile(r"""[rRbBuUfF]{0,2}('''|\"\"\"|'|")""")  # a literal's prefix and quote


def _piece_of(found: FoundId, wholes: list[tuple[int, int]]) -> bool:
    """Is ``found`` a part of an id found whole across concatenated literals?"""
    i = bisect.bisect_right(wholes, (found.start, sys.maxsize)) - 1
    return i >= 0 and found.end <= wholes[i][1] and wholes[i] != (found.start, found.end)


def _literal_part(found: FoundId) -> FoundId:
    """From 'anthropic.' on when the region is a template: in f"{region}.anthropic.claude-..."
    the template is an expression, and only what follows it is string text."""
    if not is_template(found.region):
        return found
    return found._replace(start=found.start + len(found.region or "") + 1)


def _unsafe_merge(parts: list[Part], between: str) -> str:
    """Why merging the literals an id is split across would not give one obvious literal."""
    if len({part.opener for part in parts}) != 1:
        return "the id is split across literals of different kinds (prefix or quotes)"
    if "#" in between:
        return "the id is split across literals with a comment between them"
    return ""
