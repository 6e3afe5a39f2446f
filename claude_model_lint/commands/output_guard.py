"""A file the run writes (a report, a baseline, a summary) is never one it checks: ``-o app.py
app.py`` emptied app.py before reading it, and ``-o keep.py .`` replaced keep.py, a file of the
tree being checked, with the report (issue 36, item 5; the review's D3, D4). An existing file
the run would check is refused before anything is opened; a new one, or one the excludes or a
.gitignore leave out (a report kept in the tree), is written as asked."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageProblem
from ..repo.candidate import Candidate
from ..repo.configs import Configs
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
    if not below:
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
