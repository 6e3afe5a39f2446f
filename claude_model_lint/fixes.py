"""Apply fixes: one span-edit path for every format; Python also goes through the LibCST codemod.

Edits replace exact spans of the decoded text, back to front, so every other character stays.
For Python the codemod must produce exactly the same text as the span edits; if it does not (or
the result no longer parses), the file is left alone and the run says why.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

Edit = tuple[int, int, str]  # start, end (offsets into the decoded text), replacement


class FixRefused(Exception):
    """The file is not rewritten; the message says why."""


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    ordered = sorted(set(edits))
    for (_, end, _), (start, _, _) in itertools.pairwise(ordered):
        if start < end:
            raise FixRefused("overlapping fixes")
    pieces = []
    cursor = 0
    for start, end, new in ordered:
        pieces.append(text[cursor:start])
        pieces.append(new)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def fix_python(text: str, edits: Sequence[Edit]) -> str:
    from .decoding import for_parser
    from .scanners.layout import ParseFailure
    from .scanners.python_cst import codemod, parse

    parsable = for_parser(text)  # undecodable bytes as U+FFFD: the same offsets, LibCST can read it
    expected = apply_edits(parsable, edits)
    try:
        rewritten = codemod(parsable, edits)
    except ParseFailure as exc:
        raise FixRefused(f"not valid Python ({exc})") from None
    if rewritten != expected:
        raise FixRefused("the LibCST rewrite would change more than the ids")
    try:
        parse(rewritten)
    except ParseFailure as exc:
        raise FixRefused(f"the fixed file would not parse ({exc})") from None
    return apply_edits(text, edits)  # the same edits on the original, undecodable bytes and all
