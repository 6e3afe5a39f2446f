"""ruff-like text: ``path:line:col: CODE message``, the source line with carets, a summary."""

from __future__ import annotations

import unicodedata

import click

from ..types import Diagnostic, Severity
from . import Reporter, Summary, counted, files_with, printable

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class TextReporter(Reporter):
    """Every finding at the end, sorted by path and position as ruff's are: files come back in
    the order the workers finish them, and a report that follows it would differ run to run."""

    def _style(self, text: str, **styles: object) -> str:
        return click.style(text, **styles) if self.color else text  # type: ignore[arg-type]

    def _print(self, d: Diagnostic) -> None:
        where = self._style(f"{printable(d.path)}:{d.line}:{d.column}:", bold=True)
        code = self._style(d.code, fg=_COLORS[d.severity], bold=True)
        fixable = " [*]" if d.fixable else ""
        self.out.write(f"{where} {code}{fixable} {d.message}\n")
        if self.quiet or not d.source_line:
            return
        line, column = _window(d.source_line, d.column)
        end = (d.end_column if d.end_line == d.line else len(d.source_line) + 1) - d.column + column
        pad = "".join("\t" if c == "\t" else " " * _cells(c) for c in line[: column - 1])
        width = sum(_cells(c) for c in line[column - 1 : end - 1])
        shown = "".join(c if c == "\t" else printable(c) for c in line)
        self.out.write(f"    {shown}\n    {pad}{self._style('^' * max(width, 1), fg='red')}\n")

    def finish(self, summary: Summary) -> None:
        """Counts of findings and of the files holding them, never of the files checked: inside
        a git work tree git grep reads the files without an id, and a cached run does not read
        them at all, so that count would change with the way the run went."""
        for d in sorted(summary.diagnostics, key=Diagnostic.sort_key):
            self._print(d)
        if self.quiet:
            return
        counts = summary.by_severity()
        total = len(summary.diagnostics)
        fixable = sum(1 for d in summary.diagnostics if d.fixable)
        hidden = f"; not judged: {', '.join(summary.hidden)}" if summary.hidden else ""
        if not total:  # never "All checked": files passed over (binary, too big) are said above,
            # and git grep never reads a file without 'claude': what was checked varies by run
            errors = f"; {counted(summary.errors, 'error')} above" if summary.errors else ""
            self.err.write(f"{'No new findings' if hidden else 'No findings'}{errors}{hidden}.\n")
            self.say_coverage(summary)
            return
        parts = [counted(counts[s], s.value) for s in Severity if counts[s]]
        files = counted(files_with(summary.diagnostics), "file")
        line = f"Found {counted(total, 'finding')} in {files} ({', '.join(parts)})"
        if fixable:
            line += f"; {fixable} fixable with --fix"
        unsafe = sum(1 for d in summary.diagnostics if not d.fixable and d.safety == "unsafe")
        if unsafe:
            line += f"; {unsafe} more with --unsafe-fixes"
        self.err.write(line + hidden + ".\n")
        self.say_coverage(summary)


def _cells(char: str) -> int:
    """Terminal cells a character takes: two for East Asian wide ones and most emoji, none for
    a combining mark, an escape's length for a control character (an ESC in a source line
    must not drive the terminal), so the carets sit under the id whatever precedes it."""
    if char != "\t" and not char.isprintable() and printable(char) != char:
        return len(printable(char))  # an escape, as the line shows a control character
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


_CONTEXT = 60  # characters shown on each side of an id on a long line


def _window(line: str, column: int) -> tuple[str, int]:
    """A long line (minified JSON, a notebook output) cut down to the part around the id."""
    if len(line) <= 2 * _CONTEXT + 40:
        return line, column
    start = max(0, column - 1 - _CONTEXT)
    end = column - 1 + _CONTEXT
    head = "…" if start else ""
    tail = "…" if end < len(line) else ""
    return head + line[start:end] + tail, column - start + len(head)
