"""A file the run writes (a report, a baseline) is never one it checks: ``-o app.py
app.py`` emptied app.py before reading it, and ``-o keep.py .`` replaced keep.py, a file of the
tree being checked, with the report (issue 36, item 5; the review's D3, D4). An existing file
the run would check is refused before anything is opened; a new one, one the excludes or a
.gitignore leave out (a report kept in the tree), or one this tool wrote before (a baseline, a
SARIF log or a Markdown summary, refreshed or appended to: ``--write-baseline FILE .`` again) is
written as asked. ``--summary`` appends, so a source file named there was not emptied but grew a
report at its end (the review's M3)."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageProblem
from ..gate.baseline import FORMAT as BASELINE_FORMAT
from ..repo.candidate import Candidate
from ..repo.configs import Configs
from ..reporters.summary import HEADING as SUMMARY_HEADING
from ..run.files import discover


def not_an_input(
    paths: list[Path], configs: Configs, force_exclude: bool, written: Path | None, option: str
) -> None:
    """Refuse ``written`` when it is a file named to be checked, or one a walk of the
    directories named would check."""
    if written is None or paths == [Path("-")] or not written.is_file():
        return
    target = os.path.realpath(written)
    for path in paths:
        try:
            same = path.is_file() and os.path.samefile(path, written)
        except OSError:
            continue
        if same:
            raise UsageProblem(f"{option}: {written} is also a file to check; name another file")
    below = [p for p in paths if p.is_dir() and _inside(target, os.path.realpath(p))]
    if not below or _written_before(written):
        return
    for found in discover(below, configs, force_exclude=force_exclude, use_git=False):
        if isinstance(found, Candidate) and os.path.realpath(found.text) == target:
            raise UsageProblem(
                f"{option}: {written} is also a file to check (in a directory named);"
                " name another file or exclude it"
            )


def _inside(path: str, directory: str) -> bool:
    try:
        return os.path.commonpath([path, directory]) == directory
    except ValueError:  # another drive
        return False


def _written_before(path: Path) -> bool:
    """A baseline, a SARIF log or a summary: what this tool writes, never anyone's source."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    ours = BASELINE_FORMAT.encode() in head or head.startswith(SUMMARY_HEADING.encode())
    return ours or (b'"$schema"' in head and b"sarif" in head)
