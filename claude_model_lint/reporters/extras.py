"""What a run prints besides the report: the --diff text, --statistics, the Markdown summary."""

from __future__ import annotations

from pathlib import Path

import click

from . import RunInfo, Summary, printable


def write_summary(path: str | Path | None, summary: Summary, info: RunInfo) -> None:
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            from .summary import markdown

            handle.write(markdown(summary, info))
    except OSError as exc:
        click.echo(f"claude-model-lint: cannot write the summary to {path}: {exc}", err=True)


def unified_diff(path: str, before: str, after: str) -> str:
    """The changed lines only (no context): a fix changes ids, and the lines around them would
    bury the few changes of a big file (``patch`` applies it; ``git apply --unidiff-zero`` too)."""
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        fromfile=f"a/{printable(path)}", tofile=f"b/{printable(path)}", n=0,
    )  # fmt: skip
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)  # fmt: skip


def statistics(summary: Summary) -> str:
    from collections import Counter

    by_code = Counter((d.code, d.rule) for d in summary.diagnostics)
    by_model = Counter(d.model for d in summary.diagnostics)
    rows = [f"{n:6d}  {code}  {rule}" for (code, rule), n in sorted(by_code.items())]
    rows += [f"{n:6d}  {model}" for model, n in by_model.most_common()]
    return "\n".join(rows) + ("\n" if rows else "")
