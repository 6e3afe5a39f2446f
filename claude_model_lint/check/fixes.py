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


def argument_span(text: str, start: int, end: int) -> tuple[int, int]:
    """What to delete to remove the argument at [start, end): with its comma, and with its whole
    line when it stands alone on one (so that a multi-line call keeps its layout)."""
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] == ",":
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip() and text.startswith(("\n", "\r\n"), after):
            return line_start, after + (2 if text.startswith("\r\n", after) else 1)
        return start, after
    before = start
    while before > 0 and text[before - 1] in " \t\r\n":
        before -= 1
    if before > 0 and text[before - 1] == ",":
        return before - 1, end  # the last argument: its comma stands before it
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and (after == len(text) or text[after] in "\r\n"):
        ending = text.find("\n", after)  # an entry alone on its line (YAML, TOML): the line
        return line_start, len(text) if ending < 0 else ending + 1
    return start, after


def fix_python(text: str, edits: Sequence[Edit], unsafe: Sequence[Edit] = ()) -> str:
    """``edits`` rewrite ids (checked against the LibCST codemod); ``unsafe`` ones remove or
    rewrite arguments (checked by parsing the result)."""
    from ..decoding import for_parser
    from ..scanners.layout import ParseFailure
    from ..scanners.python_cst import codemod, parse

    parsable = for_parser(text)  # undecodable bytes as U+FFFD: the same offsets, LibCST can read it
    literal = [edit for edit in edits if edit[2]]
    edits = [*edits, *unsafe]
    expected = apply_edits(parsable, literal)
    try:
        rewritten = codemod(parsable, literal)
    except ParseFailure as exc:
        raise FixRefused(f"not valid Python ({exc})") from None
    if rewritten != expected:
        raise FixRefused("the LibCST rewrite would change more than the ids")
    try:
        parse(apply_edits(parsable, edits))
    except ParseFailure as exc:
        raise FixRefused(f"the fixed file would not parse ({exc})") from None
    return apply_edits(text, edits)  # the same edits on the original, undecodable bytes and all
