"""One file in, one FileResult out: read, decode, scan, judge, suppress, fix.

This is the only place per-file errors are caught, so that one bad file never stops the run.
Nothing here prints or exits.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .config import Config
from .decoding import decode
from .files import Candidate, Skipped, discover, read_bytes
from .fixes import FixRefused, apply_edits, fix_python
from .registry import Registry
from .rules import RULES, judge
from .scanners import MATCHED, LineIndex, Scan
from .scanners.notebook import NotebookError, scan_notebook
from .scanners.python import scan_python
from .scanners.text import PLAIN, format_for, scan_text
from .suppressions import skips_file, suppressed
from .types import Diagnostic, FileResult
from .writer import WriteRefused, write_atomic

FIXABLE = frozenset({"CML001", "CML002", "CML005"})
PYTHON_SUFFIXES = frozenset({".py", ".pyi", ".pyw"})


@dataclass(frozen=True)
class RunOptions:
    config: Config
    registry: Registry
    as_of: date
    fix: bool = False  # compute the fixed text (for --fix and --diff)
    write: bool = False  # and write it back (--fix)


def display_path(path: Path) -> str:
    """Relative to the current directory with '/' separators, or absolute when outside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    shown = absolute if relative.startswith("..") else relative
    return shown.replace(os.sep, "/")


def run(paths: list[Path], options: RunOptions) -> Iterator[FileResult]:
    for item in discover(paths, options.config):
        if isinstance(item, Skipped):
            yield FileResult(display_path(item.path), notes=(item.reason,), checked=False)
        else:
            yield check_file(item, options)


def check_file(candidate: Candidate, options: RunOptions) -> FileResult:
    shown = display_path(candidate.path)
    try:
        return _check(candidate, shown, options)
    except Exception as exc:  # the run goes on; the file is reported, exit 2 at the end
        return FileResult(shown, error=f"internal error: {type(exc).__name__}: {exc}")


def _check(candidate: Candidate, shown: str, options: RunOptions) -> FileResult:
    path = candidate.path
    data = read_bytes(path, options.config.max_file_size)
    if isinstance(data, Skipped):
        quiet = data.reason.startswith("binary") and not candidate.explicit
        return FileResult(shown, notes=() if quiet else (data.reason,), checked=False)
    is_python = path.suffix.lower() in PYTHON_SUFFIXES
    decoded = decode(data, python=is_python)
    notes = [decoded.note] if decoded.note else []
    text = decoded.text
    if skips_file(text):
        return FileResult(shown, notes=tuple(notes))
    scan = _scan(path, text, is_python, options.config.check_comments)
    notes.extend(scan.notes)
    per_file = options.config.ignored_for(path) if options.config.per_file_ignores else frozenset()
    diagnostics = _diagnostics(shown, text, scan, options, per_file)
    result = FileResult(shown, tuple(diagnostics), tuple(notes))
    if not options.fix:
        return result
    edits = [(d.start, d.end, d.replacement) for d in diagnostics if d.replacement]
    if not edits:
        return result
    try:
        fixed = fix_python(text, edits) if is_python else apply_edits(text, edits)
        if options.write:
            write_atomic(path, data, decoded.encode(fixed))
    except (FixRefused, WriteRefused) as exc:
        return FileResult(shown, tuple(diagnostics), (*notes, f"not fixed: {exc}"))
    return FileResult(
        shown, tuple(diagnostics), tuple(notes),
        fixed_text=fixed, original_text=text, fixed_count=len(set(edits)),
    )  # fmt: skip


def _scan(path: Path, text: str, is_python: bool, check_comments: bool) -> Scan:
    if is_python:
        return scan_python(text, check_comments=check_comments)
    if path.suffix.lower() == ".ipynb":
        try:
            return scan_notebook(text, check_comments=check_comments)
        except NotebookError as exc:
            scan = scan_text(text, PLAIN, check_comments=True)
            return Scan(scan.occurrences, [f"{exc}; scanned as plain text"])
    return scan_text(text, format_for(path), check_comments=check_comments)


def _diagnostics(
    shown: str, text: str, scan: Scan, options: RunOptions, per_file: frozenset[str]
) -> list[Diagnostic]:
    config = options.config
    index = LineIndex(text) if scan.occurrences else None
    out = []
    for occurrence in scan.occurrences:
        assert index is not None
        found = occurrence.found
        lines = [index.line_text(occurrence.line), index.line_text(occurrence.end_line)]
        extra = scan.extra_lines.get(found.start)
        if extra is not None:
            lines.append(index.line_text(extra))
        for verdict in judge(found, options.registry, options.as_of):
            if not config.enabled(verdict.code) or verdict.code in per_file:
                continue
            if verdict.code == "CML004" and occurrence.context == MATCHED:
                continue  # a partial name used to match models ("claude-3-opus" in name)
            if suppressed(lines, verdict.code):
                continue
            message = verdict.message
            replacement = verdict.replacement if verdict.code in FIXABLE else None
            if replacement and not occurrence.fixable_in_place:
                message += f" (not fixable: {occurrence.not_fixable_reason})"
                replacement = None
            if occurrence.context.startswith("cell"):
                message = f"{occurrence.context}: {message}"
            rule = RULES[verdict.code]
            out.append(
                Diagnostic(
                    path=shown, line=occurrence.line, column=occurrence.column,
                    end_line=occurrence.end_line, end_column=occurrence.end_column,
                    code=verdict.code, rule=rule.name, severity=rule.severity,
                    model=found.text, canonical=verdict.model.id if verdict.model else None,
                    state=verdict.state.value if verdict.state else None,
                    replacement=replacement, message=message,
                    start=found.start, end=found.end, source_line=lines[0],
                    retires=str(verdict.retires) if verdict.retires else None,
                )
            )  # fmt: skip
    return out
