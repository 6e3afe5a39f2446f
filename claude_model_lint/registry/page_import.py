"""Read Anthropic's "Model deprecations" page (any language, any published version) into registry
overlay data: the status table, every history table and the API parameter deprecations.

Strict on purpose: an unknown table that names models, a state word or a date it cannot read is an
error naming the line, never a registry that is silently missing rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import date

from .page_text import (
    HISTORY_HEADERS,
    NONE,
    NOT_SOONER,
    PARAMETER_HEADERS,
    STATES,
    STATUS_HEADERS,
    TO_BE_ANNOUNCED,
    PageError,
    Table,
    front_matter_date,
    parse_date,
    plain,
    tables,
)

__all__ = ["Page", "PageError", "PageModel", "ParameterRow", "parse_date", "parse_page"]


@dataclass
class PageModel:
    """What the page says of one model; the lines say where."""

    id: str
    state: str | None = None
    deprecated: date | None = None
    retired: date | None = None
    not_sooner_than: date | None = None
    replacement: str | None = None
    on_status_table: bool = False
    lines: list[int] = field(default_factory=list)


@dataclass
class ParameterRow:
    """One row of "API parameter deprecations": the parameters, and the page's words."""

    line: int
    parameters: list[str]
    status: str
    behavior: str
    replacement: str


@dataclass
class Page:
    models: dict[str, PageModel]
    parameters: list[ParameterRow]
    date: date | None  # from front matter; never guessed from the history headings
    newest_announcement: dt.date | None = None  # the newest history heading's date


def parse_page(text: str) -> Page:
    models: dict[str, PageModel] = {}
    parameters: list[ParameterRow] = []
    seen_status = seen_history = False
    newest: date | None = None
    status_line = 0
    for table in tables(text):
        if table.header in STATUS_HEADERS:
            status_line = status_line or table.line
            seen_status = True
            for number, row in _rows(table, 4):
                _status_row(number, row, models)
        elif table.header in HISTORY_HEADERS:
            if table.heading_date is None:
                raise PageError(
                    f"line {table.line}: expected a history table under a '### YYYY-MM-DD:' heading"
                )
            seen_history = True
            newest = max(newest or table.heading_date, table.heading_date)
            for number, row in _rows(table, 3):
                _history_row(number, row, table.heading_date, models)
        elif table.header in PARAMETER_HEADERS:
            for number, row in _rows(table, 4):
                names = re.findall(r"`([A-Za-z_]+)`", row[0])
                if not names:
                    raise PageError(f"line {number}: expected parameter names in `backticks`")
                parameters.append(ParameterRow(number, names, *map(plain, row[1:])))
        elif any("claude" in cell.lower() for _, row in table.rows for cell in row):
            raise PageError(
                f"line {table.line}: unrecognised table shape {list(table.header)}; expected "
                "the status, history or API parameter deprecations table"
            )
    if seen_status:
        _notes_above_status(text, status_line, models)
    if not seen_status:
        raise PageError(
            "line 1: expected the 'Model status' table (API model name | Current state | "
            "Deprecated | Tentative retirement date): is this the 'Model deprecations' page?"
        )
    if not seen_history:  # every version of the page has them: a page without is cut short
        lines = text.count("\n") + 1
        raise PageError(
            f"line {lines}: expected the 'Deprecation history' tables after the status table"
        )
    return Page(models, parameters, front_matter_date(text), newest)


_NOTE = re.compile(
    r"\(`(claude-[a-z0-9.\-]+)`\)\s+will\s+be\s+retired\s+on\s+([A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})"
    r"(?:[^\n]{0,300}?\bmigrate\s+to\b[^\n]{0,200}?\(`(claude-[a-z0-9.\-]+)`\))?"
)


def _notes_above_status(text: str, status_line: int, models: dict[str, PageModel]) -> None:
    """A note above the status table (the 2026-07-21 page: Claude Mythos Preview "will be retired
    on July 21, 2026", with the model to migrate to) dates a model the table does not list; the
    table, where it lists the model, stays exact."""
    lines = text.splitlines()[: max(status_line - 1, 0)]
    for number, line in enumerate(lines, 1):
        for m in _NOTE.finditer(line[:2000]):
            entry = _entry(models, m[1], number)
            if entry.on_status_table:
                continue
            entry.retired = entry.retired or parse_date(m[2], number)
            if m[3] and not entry.replacement:
                entry.replacement = m[3]


def _rows(table: Table, width: int) -> list[tuple[int, list[str]]]:
    for number, row in table.rows:
        if len(row) != width:
            raise PageError(f"line {number}: expected {width} cells, found {len(row)}")
    return table.rows


def _model_id(cell: str, line: int) -> str:
    value = plain(cell)
    if not re.fullmatch(r"claude-[a-z0-9][a-z0-9.\-]*", value):
        raise PageError(f"line {line}: expected a model id, found {cell!r}")
    return value


def _entry(models: dict[str, PageModel], model_id: str, line: int) -> PageModel:
    entry = models.setdefault(model_id, PageModel(model_id))
    entry.lines.append(line)
    return entry


def _status_row(line: int, cells: list[str], models: dict[str, PageModel]) -> None:
    model_id, state, deprecated, retirement = cells
    entry = _entry(models, _model_id(model_id, line), line)
    entry.on_status_table = True
    word = state.strip().lower()
    if word not in STATES:
        raise PageError(
            f"line {line}: expected a state (Active, Legacy, Deprecated, Retired), found {state!r}"
        )
    entry.state = STATES[word]
    if deprecated.strip().lower() not in NONE:
        entry.deprecated = parse_date(deprecated, line)
    value = retirement.strip().lower()
    if value in NONE or value in TO_BE_ANNOUNCED:
        return
    when = parse_date(retirement, line)
    if NOT_SOONER.search(retirement):
        entry.not_sooner_than = when
    else:
        entry.retired = when


def _history_row(
    line: int, cells: list[str], announced: date, models: dict[str, PageModel]
) -> None:
    retirement, model_id, replacement = cells
    entry = _entry(models, _model_id(model_id, line), line)
    if not entry.on_status_table:  # the status table, where it lists the model, is exact
        entry.retired = parse_date(retirement, line)
        entry.deprecated = entry.deprecated or announced
    if replacement.strip().lower() not in NONE:
        entry.replacement = _model_id(replacement, line)
