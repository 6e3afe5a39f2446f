"""Code examples are code: the blocks ``example_blocks`` finds are scanned as files of their
language, and what they find replaces what the host's scan said of those lines (prose).

The examples users copy are where they learn the model id; judged as prose, none of them was
ever fixed while the same snippet in a notebook was. Offsets map back line by line, so a fix
edits the host file's exact characters.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

from ..types import Occurrence
from . import LineIndex, Scan, place
from .example_blocks import JAVASCRIPT, JSON, MAYBE_PYTHON, PYTHON, Block

SPLIT = "the id is split across lines of a code example"


def rescan(
    text: str, index: LineIndex, occurrences: list[Occurrence], blocks: Iterable[Block],
    check_comments: bool,
) -> tuple[list[Occurrence], dict[int, int], list[Block]]:  # fmt: skip
    """``occurrences`` with those inside a code block replaced by the block's own scan, the
    suppression lines of the new ones (a Python statement's last line) by start offset, and the
    blocks read as code (their requests are found once the rules' parameters are known)."""
    chosen = _disjoint(blocks)
    if not chosen or not occurrences:
        return occurrences, {}, []
    firsts = [block.lines[0][0] for block in chosen]
    inside: dict[int, list[Occurrence]] = {}
    for occurrence in occurrences:
        i = bisect.bisect_right(firsts, occurrence.found.start) - 1
        if i >= 0 and occurrence.found.end <= chosen[i].lines[-1][1]:
            inside.setdefault(i, []).append(occurrence)
    replaced: set[int] = set()
    added: list[Occurrence] = []
    extra_lines: dict[int, int] = {}
    code: list[Block] = []
    for i, held in inside.items():
        scanned = _scan_block(text, chosen[i], index, check_comments, i + 1)
        if scanned is None:
            continue  # not code after all (an unlabeled block that is not Python): as it was
        replaced.update(o.found.start for o in held)
        added.extend(scanned[0])
        extra_lines.update(scanned[1])
        code.append(chosen[i])
    kept = [o for o in occurrences if o.found.start not in replaced]
    return sorted(kept + added, key=lambda o: o.found.start), extra_lines, code


def _disjoint(blocks: Iterable[Block]) -> list[Block]:
    """The blocks in order, each one that overlaps an earlier one left out (doctest lines in a
    fence of a docstring are found twice)."""
    out: list[Block] = []
    for block in sorted((b for b in blocks if b.lines), key=lambda b: b.lines[0][0]):
        if not out or block.lines[0][0] > out[-1].lines[-1][1]:
            out.append(block)
    return out


def _scan_block(
    text: str, block: Block, index: LineIndex, check_comments: bool, number: int
) -> tuple[list[Occurrence], dict[int, int]] | None:
    code = "\n".join(text[start:end] for start, end in block.lines) + "\n"
    scan = _scan_code(code, block.language, check_comments)
    if scan is None:
        return None
    code_starts = list(itertools.accumulate((e - s + 1 for s, e in block.lines), initial=0))

    def host(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(code_starts, offset) - 1
        return block.lines[line][0] + offset - code_starts[line], line

    occurrences = []
    extra_lines: dict[int, int] = {}
    for inner in scan.occurrences:
        start, first = host(inner.found.start)
        last_char, last = host(inner.found.end - 1)
        found = inner.found._replace(start=start, end=last_char + 1)
        why = inner.not_fixable_reason or (SPLIT if first != last else "")
        occurrence = place(found, index, inner.context, not_fixable_reason=why, role=inner.role)
        fixable = occurrence.fixable_in_place and inner.fixable_in_place
        occurrences.append(occurrence._replace(fixable_in_place=fixable, example=number))
        statement_end = scan.extra_lines.get(inner.found.start)
        if statement_end is not None:
            line_start = block.lines[min(statement_end, len(block.lines)) - 1][0]
            extra_lines[start] = index.position(line_start)[0]
    return occurrences, extra_lines


def _scan_code(code: str, language: str, check_comments: bool) -> Scan | None:
    """The block's code scanned as a file of its language would be; None when an unlabeled
    block does not parse as Python (it stays text)."""
    from .text import C_LIKE, HASHED, PLAIN, scan_text

    if language in (PYTHON, MAYBE_PYTHON):
        from .python import scan_python
        from .python_syntax import parses

        if not parses(code):
            return scan_python(code, check_comments=check_comments, examples=False)
        if language == MAYBE_PYTHON:
            return None
        # a fragment (`model="…",` alone, a '…' placeholder): judged line by line, as a
        # notebook's code cell or a script is
        return scan_text(code, HASHED, check_comments=check_comments, examples=False)
    fmt = C_LIKE if language == JAVASCRIPT else PLAIN if language == JSON else HASHED
    return scan_text(code, fmt, check_comments=check_comments, examples=False)
