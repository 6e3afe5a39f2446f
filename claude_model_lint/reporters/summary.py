"""The Markdown job summary (GITHUB_STEP_SUMMARY or --summary): counts, the ids found, links."""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from urllib.parse import quote

from ..types import Diagnostic
from . import RunInfo, Summary, most_severe_first, printable

FIRST = 20  # findings listed one by one; the table above already counts every one
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


def markdown(summary: Summary, info: RunInfo) -> str:
    diagnostics = summary.diagnostics
    lines = [f"## claude-model-lint: {len(diagnostics)} findings as of {info.as_of}", ""]
    if not diagnostics:
        lines.append(
            f"No deprecated, retired or unknown Claude model ids in {summary.files} files."
        )
        return "\n".join(lines) + "\n"
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
    lines += ["", f"### First {min(FIRST, len(diagnostics))} findings", ""]
    for d in most_severe_first(diagnostics)[:FIRST]:
        lines.append(f"- {_link(d)} **{d.code}** {d.message}")
    lines += ["", f"Registry updated {info.registry_updated}; claude-model-lint {info.version}."]
    return "\n".join(lines) + "\n"
