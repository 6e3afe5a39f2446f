"""What the pull request and the issue say. Each body starts with a hidden marker: the radar finds
its own pull requests and issue by it, and the fingerprint in it says whether anything changed
since the body was written (then nothing is pushed, run or edited)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from .plan import PLATFORM_NAMES, Dates, Finding, Group
from .verify import Verified

Pair = tuple[str, str]  # (model, platform)
MAX_ROWS = 150  # a table's rows; the rest are counted (a repository may hold thousands of ids)
MAX_BODY = 65_536  # GitHub refuses a longer body (422)
MARKER = "claude-model-lint-radar"
CLOSED_BY_RADAR = f"<!-- {MARKER}:closed-by-radar -->"
_FINGERPRINT = re.compile(rf"<!-- {MARKER}:\w+ key=(\S+) fingerprint=(\w+) -->")
FOOTER = (
    "Opened by claude-model-lint's retirement radar. A commit on this branch by anyone else stops"
    " the radar from pushing to it; closing this pull request tells the radar not to open it again."
)


class Change(NamedTuple):
    """One id the fix rewrote, and the model it names."""

    path: str
    line: int
    old: str
    new: str
    model: str


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def marked(body: str | None) -> tuple[str, str] | None:
    """(key, fingerprint) of a body the radar wrote, or None."""
    found = _FINGERPRINT.search(body or "")
    return (found[1], found[2]) if found else None


def pull_title(group: Group, retires: date | None, today: date) -> str:
    what = ", ".join(group.models) if len(group.models) <= 2 else f"{len(group.models)} models"
    where = " / ".join(PLATFORM_NAMES.get(p, p) for p in group.platforms)
    when = "" if retires is None else f", {'retired' if retires <= today else 'retires'} {retires}"
    return f"Migrate {what} ({where}){when}"


def pull_body(
    group: Group, changes: list[Change], dates: Mapping[Pair, Dates], verified: Verified | None,
    today: date, as_of: date, data: str, issue: int | None, print_: str,
) -> str:  # fmt: skip
    lines = [f"<!-- {MARKER}:pull key={group.key} fingerprint={print_} -->", ""]
    for pair in group.pairs:
        lines.append(_retirement(pair[0], dates[pair], today))
    lines += ["", "### Changes (the safe fix: `claude-model-lint --fix`)", ""]
    lines += ["| file | line | old | new |", "|---|---|---|---|"]
    for path, line, old, new, model in changes[:MAX_ROWS]:
        extra = "" if model in group.models else " (another model, in the same file)"
        lines.append(f"| {_code(path)} | {line} | {_code(old)} | {_code(new)}{extra} |")
    lines += _more(len(changes), "changes: the branch's diff has them all")
    if group.elsewhere:
        lines += [
            "",
            "Migrated by another pull request, which fixes the same file (one fix per file):",
            "",
        ]
        lines += [
            f"- {_code(path)}: branch {_code(branch)}"
            for path, branch in sorted(group.elsewhere.items())
        ]
    notes = [f for f in group.safe if f.after_fix]
    if notes:
        lines += ["", "Changed, and the request needs a look too:", ""]
        lines += [f"- {_code(f.where)}: after the fix {f.after_fix}" for f in notes]
    lines += ["", "### Verification", "", *_verification(verified)]
    lines += ["", "### Left for a person", ""]
    if group.left:
        see = f" (also in #{issue})" if issue else ""
        lines.append(f"The safe fix leaves these{see}:")
        lines += ["", *_left_table(group.left)]
    else:
        lines.append("Nothing: every occurrence of these ids is migrated by this pull request.")
    own = {pair: dates[pair] for pair in group.pairs}
    lines += ["", "### Data", "", *_data(own, today, as_of, data), "", "---", FOOTER, ""]
    return _bounded("\n".join(lines), as_of)


def issue_body(
    left: list[Finding], dates: Mapping[Pair, Dates], today: date, as_of: date, data: str,
    print_: str,
) -> str:  # fmt: skip
    lines = [f"<!-- {MARKER}:issue key=issue fingerprint={print_} -->", ""]
    lines.append(
        f"These ids retire by {as_of} and the safe fix cannot migrate them: each needs a person."
    )
    for pair in dict.fromkeys(f.pair for f in left):
        lines += ["", _retirement(pair[0], dates[pair], today), ""]
        lines += _left_table([f for f in left if f.pair == pair])
    lines += ["", "### Data", "", *_data(dates, today, as_of, data), ""]
    lines.append("The radar updates this issue on each run and closes it when the ids are gone.")
    return _bounded("\n".join(lines) + "\n", as_of)


def _retirement(model: str, d: Dates, today: date) -> str:
    on = PLATFORM_NAMES.get(d.spelled, d.spelled)
    whose = f"{PLATFORM_NAMES.get(d.platform, d.platform)}'s dates"
    if d.fallback:
        whose = f"{on} publishes none, so the Claude API's dates apply"
    if d.sources:
        whose += "; sources: " + ", ".join(source.split(":")[0] for source in d.sources)
    if d.retires is None:
        return f"- {_code(model)} on {on}: deprecated, no retirement date published ({whose})."
    days = (d.retires - today).days
    if days < 0:
        return f"- {_code(model)} on {on} retired on **{d.retires}**, {-days} days before {today}: requests fail ({whose})."
    when = f"in {days} days" if days else "today"
    return f"- {_code(model)} on {on} retires on **{d.retires}**: {when} as of {today} ({whose})."


def _verification(verified: Verified | None) -> list[str]:
    if verified is None:
        return ["Not verified: no `verify` command was given (see the radar's docs)."]
    if verified.exit_code is None:
        verdict = "did not finish in time: **not verified**"
    else:
        verdict = f"exited {verified.exit_code}: " + (
            "**passed**" if verified.passed else "**failed**"
        )
        verdict += " on the migrated tree"
    fence = "````" if "```" in verified.tail else "```"
    return [
        f"{_code(verified.command, cell=False)} {verdict}.", "",
        "<details><summary>The last lines of its output</summary>", "",
        fence, verified.tail, fence, "", "</details>",
    ]  # fmt: skip


def _left_table(left: list[Finding]) -> list[str]:
    rows = ["| file | line | id | why |", "|---|---|---|---|"]
    for f in left[:MAX_ROWS]:
        why = f.why_left.replace("|", "\\|").replace("\n", " ")
        rows.append(f"| {_code(f.path)} | {f.line} | {_code(f.model)} | {why} |")
    return rows + _more(len(left), "occurrences: `claude-model-lint --as-of DATE .` lists them all")


def _more(count: int, what: str) -> list[str]:
    return ["", f"… and {count - MAX_ROWS} more {what}."] if count > MAX_ROWS else []


def _bounded(body: str, as_of: date) -> str:
    """A body GitHub takes: cut at a line, with a note, when the tables still make it too long."""
    note = f"\n\n… (cut here: GitHub takes {MAX_BODY:,} characters; `claude-model-lint --as-of {as_of} .` lists everything)\n"
    if len(body) <= MAX_BODY:
        return body
    return body[: body.rindex("\n", 0, MAX_BODY - len(note))] + note


def _data(dates: Mapping[Pair, Dates], today: date, as_of: date, data: str) -> list[str]:
    lines = [f"Judged as of {as_of} (this run: {today}, look-ahead {(as_of - today).days} days)"
             f" with the model data {data}. Sources of the dates:", ""]  # fmt: skip
    for source in _unique(s for d in dates.values() for s in d.sources):
        lines.append(f"- {source}")
    return lines


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _code(text: str, cell: bool = True) -> str:
    """Inline code that survives backticks in the text (and pipes, in a table's cell)."""
    text = text.replace("|", "\\|") if cell else text
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"
