"""A file the run writes (a report, a baseline) is never one it checks: ``-o app.py
app.py`` emptied app.py before reading it, and ``-o keep.py .`` replaced keep.py, a file of the
tree being checked, with the report (issue 36, item 5; the review's D3, D4). An existing file
the run would check is refused before anything is opened; a new one, one the excludes or a
.gitignore leave out (a report kept in the tree), or one this tool wrote before (a baseline, a
SARIF log or a Markdown summary, refreshed or appended to: ``--write-baseline FILE .`` again) is
written as asked. ``--summary`` appends, so a source file named there was not emptied but grew a
report at its end (the review's M3)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..errors import UsageProblem
from ..gate.baseline import FORMAT as BASELINE_FORMAT
from ..repo.candidate import Candidate
from ..repo.configs import Configs
from ..reporters.summary import HEADING as SUMMARY_HEADING
from ..run.files import discover
from ..safe_read import NotReadable, read_regular


def not_an_input(
    paths: list[Path], configs: Configs, force_exclude: bool, written: Path | None, option: str
) -> None:
    """Refuse ``written`` when it is a file named to be checked, or one a walk of the
    directories named would check."""
    if written is None or paths == [Path("-")] or not written.is_file():
        return
    try:
        status = os.stat(written)
    except OSError:
        return
    if any(_is_file(path, status) for path in paths):  # (a directory is never the file)
        raise UsageProblem(f"{option}: {written} is also a file to check; name another file")
    target = os.path.realpath(written)
    linked = status.st_nlink > 1  # a hard link: its other names may be anywhere in the tree
    below = [p for p in paths if p.is_dir() and (linked or _inside(target, os.path.realpath(p)))]
    if not below or _written_before(written):
        return
    for found in discover(below, configs, force_exclude=force_exclude, use_git=False):
        if isinstance(found, Candidate) and _is_file(found.text, status):
            raise UsageProblem(
                f"{option}: {written} is also a file to check (in a directory named);"
                " name another file or exclude it"
            )


def _is_file(path: str | Path, status: os.stat_result) -> bool:
    """The same file (device and inode): by path, a hard link to a checked file was not."""
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino)


def _inside(path: str, directory: str) -> bool:
    try:
        return os.path.commonpath([path, directory]) == directory
    except ValueError:  # another drive
        return False


_REPORT_LIMIT = 256 * 1024 * 1024  # a report or baseline larger than this is not recognised


def _written_before(path: Path) -> bool:
    """A baseline, a SARIF log or a summary: what this tool writes, never anyone's source. Told
    by their structure, never by words inside (a test file that mentions "$schema" and sarif,
    or the baseline's format line, in its first lines was replaced by the report: D-b)."""
    try:
        data = read_regular(path, _REPORT_LIMIT)
    except NotReadable:
        return False
    if _SUMMARY_START.match(data):
        return True
    try:
        document = json.loads(data)
    except ValueError:  # (UnicodeDecodeError included)
        return False
    if not isinstance(document, dict):
        return False
    if document.get("format") == BASELINE_FORMAT and isinstance(document.get("findings"), list):
        return True
    from ..reporters.sarif import SCHEMA as SARIF_SCHEMA

    runs = document.get("runs")
    return (
        document.get("$schema") == SARIF_SCHEMA
        and isinstance(runs, list)
        and bool(runs)
        and all(_our_run(run) for run in runs)
    )


def _our_run(run: object) -> bool:
    tool = run.get("tool") if isinstance(run, dict) else None
    driver = tool.get("driver") if isinstance(tool, dict) else None
    return isinstance(driver, dict) and driver.get("name") == "claude-model-lint"


# the first line of a summary: "## claude-model-lint: 3 findings as of 2026-11-25"
_SUMMARY_START = re.compile(
    re.escape(SUMMARY_HEADING.encode()) + rb"\d+ findings? as of \d{4}-\d{2}-\d{2}\n"
)
