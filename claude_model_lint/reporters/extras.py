"""What a run prints besides the report: the --diff text, --statistics, the Markdown summary."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..types import Diagnostic
from . import RunInfo, Summary, counted, printable


def write_summary(path: str | Path | None, summary: Summary, info: RunInfo) -> int | None:
    """Append the Markdown report; return how many findings it leaves out (None: not written).
    What the file already holds counts against GitHub's limit: it is the same step's summary."""
    if not path:
        return None
    from .summary import LIMIT, markdown

    try:
        before = os.path.getsize(path) if os.path.exists(path) else 0
        text, cut = markdown(summary, info, budget=LIMIT - before)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        click.echo(f"claude-model-lint: cannot write the summary to {path}: {exc}", err=True)
        return None
    return cut


def write_sarif(path: Path, summary: Summary, info: RunInfo) -> None:
    """SARIF beside the main report, from the same run (the Action's annotations + SARIF)."""
    from io import StringIO

    from .sarif import SarifReporter

    buffer = StringIO()
    SarifReporter(buffer, buffer, info).finish(summary)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    except OSError as exc:
        click.echo(f"claude-model-lint: cannot write SARIF to {path}: {exc}", err=True)
        summary.errors += 1


def show_fixes(fixes: list[Diagnostic], *, applied: bool) -> str:
    """--show-fixes: the ids rewritten (or, without --fix, those --fix would rewrite), by file."""
    from collections import Counter

    verb = "Fixed" if applied else "Would fix"
    if not fixes:
        return f"{verb} 0 ids."
    rows = [f"{verb} {counted(len(fixes), 'id')}:"]
    by_path: dict[str, Counter[tuple[str, str, str]]] = {}
    for d in sorted(fixes, key=Diagnostic.sort_key):
        by_path.setdefault(d.path, Counter())[(d.code, d.model, d.replacement or "")] += 1
    for path, counts in by_path.items():
        rows.append(f"- {printable(path)}:")
        rows += [f"    {n} x {code} {model} -> {new}" for (code, model, new), n in counts.items()]
    return "\n".join(rows)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff with three lines of context, as ``diff -u`` and ruff's ``--diff`` print:
    ``git apply`` and ``patch -p1`` take it. Lines end at '\n' only (a form feed or a lone '\r'
    inside a line is the line's own text to both tools), each keeping its own ending. A
    ``.env`` file has no context lines: its neighbours of a model line are secrets (``git apply
    --unidiff-zero`` takes it)."""
    import difflib

    name = os.path.basename(path)
    secret = name.startswith(".env") or name.endswith(".env")
    lines = difflib.unified_diff(
        _lines(before), _lines(after), fromfile=f"a/{printable(path)}",
        tofile=f"b/{printable(path)}", n=0 if secret else 3,
    )  # fmt: skip
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)  # fmt: skip


def _lines(text: str) -> list[str]:
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    return [*lines, pieces[-1]] if pieces[-1] else lines


def statistics(summary: Summary, *, as_json: bool = False) -> str:
    """Counts per rule and per model id; with ``as_json`` (``--output-format json``) a JSON
    document, as ruff's ``--statistics`` gives one: scripts read it, never the text table."""
    from collections import Counter

    by_code = Counter((d.code, d.rule) for d in summary.diagnostics)
    fixable = Counter(d.code for d in summary.diagnostics if d.fixable)
    by_model = Counter(d.model for d in summary.diagnostics)
    if as_json:
        import json

        rules = [
            {"code": code, "rule": rule, "count": n, "fixable": fixable[code] > 0}
            for (code, rule), n in sorted(by_code.items())
        ]
        models = [{"model": model, "count": n} for model, n in by_model.most_common()]
        return json.dumps({"rules": rules, "models": models}, indent=2) + "\n"
    if not by_code:
        return ""
    rows = [f"{'count':>6}  code    rule"]
    rows += [
        f"{n:6d}  {code}  {'[*] ' if fixable[code] else ''}{rule}"
        for (code, rule), n in sorted(by_code.items())
    ]
    rows += ["", f"{'count':>6}  model id"]
    rows += [f"{n:6d}  {model}" for model, n in by_model.most_common()]
    return "\n".join(rows) + "\n"
