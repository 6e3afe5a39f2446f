"""The Markdown job summary (GITHUB_STEP_SUMMARY or --summary): counts, the ids found, and
every finding, per file in a collapsible block, as many as fit in GitHub's 1 MiB limit."""

from __future__ import annotations

import html
import os
import re
from collections import Counter, defaultdict
from itertools import groupby
from urllib.parse import quote

from ..types import Diagnostic
from . import RunInfo, Summary, counted, most_severe_first, printable
from .coverage import described

LIMIT = 1024 * 1024  # GitHub refuses a step summary over 1 MiB (and shows none of it)
_RESERVE = 1024  # the closing lines and the note on what was cut
_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+!|~-])")  # what Markdown could read as markup


def _text(value: str) -> str:
    """Plain text: a path is a file name, never a link, emphasis or a table cell border."""
    return _MARKUP.sub(r"\\\1", printable(value))


def _code(value: str) -> str:
    """An inline code span that a backtick or a '|' in the value cannot end or split."""
    value = printable(value).replace("|", "\\|")
    fence = "``" if "`" in value else "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _link(d: Diagnostic) -> str:
    repository, sha = os.environ.get("GITHUB_REPOSITORY"), os.environ.get("GITHUB_SHA")
    if repository and sha and not os.path.isabs(d.path):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        url = f"{server}/{repository}/blob/{sha}/{quote(d.path)}#L{d.line}"
        return f"[{_text(d.path)}:{d.line}]({url})"
    return _code(f"{d.path}:{d.line}")


HEADING = "## claude-model-lint: "  # (a file that starts so is ours: commands/output_guard.py)


def markdown(summary: Summary, info: RunInfo, budget: int = LIMIT) -> tuple[str, int]:
    """The report, at most ``budget`` bytes of UTF-8, and how many findings it leaves out."""
    diagnostics = summary.diagnostics
    lines = [f"{HEADING}{counted(len(diagnostics), 'finding')} as of {info.as_of}", ""]
    if summary.verdict:
        lines += [summary.verdict, ""]
    if summary.hidden:
        lines += [f"Not judged: {', '.join(summary.hidden)}.", ""]
    coverage = described(summary.coverage, diagnostics)
    lines += [f"Coverage: {_text(coverage)}.", ""]
    if not diagnostics:
        lines.append("No deprecated, retired or unknown Claude model ids found.")
        return "\n".join(lines) + "\n", 0
    by_state = Counter(d.state or "unknown" for d in diagnostics)
    lines += ["| state | findings |", "|---|---|"]
    lines += [f"| {state} | {count} |" for state, count in by_state.most_common()]
    files: defaultdict[str, set[str]] = defaultdict(set)
    first: dict[str, Diagnostic] = {}
    for d in most_severe_first(diagnostics):
        files[d.model].add(d.path)
        if d.model not in first or (d.replacement and not first[d.model].replacement):
            first[d.model] = d
    lines += ["", "| model id | state | retires | replacement | files |", "|---|---|---|---|---|"]
    for model, d in first.items():
        paths = sorted(files[model])
        shown = ", ".join(_code(p) for p in paths[:3]) + (
            f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        )
        replacement = _code(d.replacement) if d.replacement else "—"
        lines.append(
            f"| {_code(model)} | {d.state or 'unknown'} | {d.retires or '—'} | {replacement} | {shown} |"
        )
    lines += ["", "### Findings per file", ""]
    data = f" ({info.data})" if info.data else ""
    footer = (
        f"Judged by the model data of {info.registry_updated}{data}; "
        f"claude-model-lint {info.version}."
    )
    left = budget - _RESERVE - len(("\n".join(lines) + footer).encode("utf-8"))
    listed, full = 0, False
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    for path, group in groupby(ordered, key=lambda d: d.path):
        found = list(group)
        head = f"<details><summary><code>{html.escape(printable(path))}</code>: {_counts(found)}</summary>"
        block = [head, ""]
        left -= len(head.encode("utf-8")) + 16  # and the blank lines and </details>
        for d in found:
            item = f"- {_link(d)} **{d.code}** {d.message}"
            cost = len(item.encode("utf-8")) + 1
            full = cost > left
            if full:
                break
            left -= cost
            block.append(item)
            listed += 1
        if len(block) > 2:
            lines += [*block, "", "</details>", ""]
        if full:
            break
    cut = len(ordered) - listed
    if cut:
        lines.append(
            f"**{cut} of {len(ordered)} findings are not listed here**: GitHub limits a job "
            "summary to 1 MiB. The SARIF (`--sarif-file`) and the text report hold every one."
        )
    lines += ["", footer]
    return "\n".join(lines) + "\n", cut


def _counts(found: list[Diagnostic]) -> str:
    by_severity = Counter(d.severity.value for d in found)
    parts = ", ".join(counted(n, severity) for severity, n in sorted(by_severity.items()))
    return f"{counted(len(found), 'finding')} ({parts})"
