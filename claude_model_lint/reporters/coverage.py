"""What a run did not read, and why: the coverage every summary states (issue 32).

Counted: files in scope that could hold an id and were not judged (binary, too large,
unreadable, over the time budget, ...). Not counted: what the user chose to leave out
(excludes, .gitignore, ``skip-file``, ignore comments): a choice, not a gap. A file that
cannot hold an id (no 'claude' in its bytes, as git grep or the byte search found) was
checked, whatever its size or content.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from ..types import Diagnostic, FileResult

# The reasons as run/files.py, check/budget.py and check/engine.py word them, and the kind each
# is counted as; the first whose text starts the reason wins.
_KINDS = (
    ("binary", "binary"),
    ("not valid UTF-", "undecodable"),
    ("skipped: ", "too large"),  # '... is over max-file-size'
    ("cannot read", "unreadable"),
    ("not a regular file", "unreadable"),  # named on the command line (walked: not counted)
    ("cannot list directory", "unreadable"),
    ("not checked: scanning took over", "over time budget"),
    ("no such file or directory", "missing"),
    ("internal error", "internal error"),
)
# Not gaps: a broken link or a FIFO has no text, and a file deleted since the walk met it is gone
# (git grep never names them either, so counting them would depend on how the files were found)
_NOTHING_TO_READ = (
    "broken symbolic link", "symbolic link loop", "not a regular file",
    "cannot read: No such file",
)  # fmt: skip
UNKNOWN_CODES = frozenset({"CML004", "CML008"})  # ids the data cannot judge: unknown, or newer


def kind_of(result: FileResult) -> tuple[str, str] | None:
    """(kind, reason) when ``result`` is a file not read (or not judged); None when it was."""
    if result.error is None and result.checked:
        return None
    reason = result.error or (result.notes[0] if result.notes else "not checked")
    if result.error is None and reason.startswith(_NOTHING_TO_READ):
        return None  # said on stderr; nothing there could hold an id
    if reason.endswith("(the files it governs are not checked)"):
        return "bad config", reason
    for start, kind in _KINDS:
        if reason.startswith(start):
            return kind, reason
    return "other", reason


class NotRead(NamedTuple):
    path: str
    kind: str  # 'binary', 'too large', ...: what the counts are by
    reason: str  # as the run said it on stderr
    error: bool  # it fails the run (exit 2): unreadable, over the time budget, ...


@dataclass
class Coverage:
    """The files not read, by kind; the ids the data could not judge."""

    not_read: list[NotRead] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        found = kind_of(result)
        if found is not None:
            self.not_read.append(NotRead(result.path, *found, result.error is not None))

    def counts(self) -> Counter[str]:
        return Counter(item.kind for item in self.not_read)

    @property
    def complete(self) -> bool:
        """Every file in scope read and judged: the only case a summary may say so."""
        return not self.not_read

    def listed(self) -> list[NotRead]:
        return sorted(self.not_read)


def unknown_ids(diagnostics: list[Diagnostic]) -> int:
    """Ids reported that the data does not know (CML004) or knows only as newer (CML008)."""
    return sum(1 for d in diagnostics if d.code in UNKNOWN_CODES)


def described(coverage: Coverage, diagnostics: list[Diagnostic], *, hint: bool = False) -> str:
    """One line: what was not read, by kind, and the unknown ids, e.g. 'not read: 2 binary,
    1 too large (-v lists them); 2 unknown ids'; or that every file in scope was read.
    ``hint``: say that -v lists the files (a terminal's report, not yet verbose)."""
    counts = coverage.counts()
    parts = []
    if counts:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        parts.append(f"not read: {kinds}{' (-v lists them)' if hint else ''}")
    else:
        parts.append("every file in scope read")
    unknown = unknown_ids(diagnostics)
    if unknown:
        parts.append(f"{unknown} unknown {'id' if unknown == 1 else 'ids'}")
    return "; ".join(parts)
