"""Read a saved copy of Anthropic's "Model deprecations" page (Markdown, English or Korean) into
registry overlay data: the status table and every history table.

Strict on purpose: an unknown table shape, state word or date is an error naming the line,
never a registry that is silently missing rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .lifecycle import lifecycle
from .model_ids import shape_of
from .registry import Registry
from .types import Platform


class PageError(Exception):
    """The page cannot be read faithfully; the message names the line."""


_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")], 1)
    for name in names
}  # fmt: skip
_KOREAN_DATE = re.compile(r"(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일")
_ENGLISH_DATE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NOT_SOONER = re.compile(r"not\s+sooner\s+than|이후\s*아님", re.IGNORECASE)
_STATES = {
    "active": "active", "활성": "active",
    "legacy": "legacy", "레거시": "legacy",
    "deprecated": "deprecated", "지원 중단됨": "deprecated", "지원 중단": "deprecated",
    "retired": "retired", "중단됨": "retired",
}  # fmt: skip
_NONE = {"n/a", "na", "-", "—", ""}
_STATUS_HEADERS = (
    ("api model name", "current state", "deprecated", "tentative retirement date"),
    ("api 모델 이름", "현재 상태", "지원 중단됨", "예상 중단 날짜"),
)
_HISTORY_HEADERS = (
    ("retirement date", "deprecated model", "recommended replacement"),
    ("중단 날짜", "지원 중단된 모델", "권장 대체 모델"),
)
_HISTORY_HEADING = re.compile(r"^#{2,4}\s*(\d{4}-\d{2}-\d{2})\s*:")


@dataclass
class PageModel:
    """What the page says of one model; the lines say where."""

    id: str
    state: str | None = None
    deprecated: date | None = None
    retired: date | None = None
    not_sooner_than: date | None = None
    replacement: str | None = None
    lines: list[int] = field(default_factory=list)


def parse_date(text: str, line: int) -> date:
    """'2026년 1월 5일', 'January 5, 2026' or '2026-01-05'."""
    for pattern, order in ((_KOREAN_DATE, "ymd"), (_ISO_DATE, "ymd"), (_ENGLISH_DATE, "mdy")):
        m = pattern.search(text)
        if m is None:
            continue
        try:
            if order == "ymd":
                return date(int(m[1]), int(m[2]), int(m[3]))
            month = _MONTHS.get(m[1].lower())
            if month is not None:
                return date(int(m[3]), month, int(m[2]))
        except ValueError:
            break
    raise PageError(f"line {line}: cannot read the date {text.strip()!r}")


def parse_page(text: str) -> tuple[dict[str, PageModel], date | None]:
    """The models the page names, and its latest history heading's date."""
    models: dict[str, PageModel] = {}
    heading_date: date | None = None
    latest: date | None = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = _HISTORY_HEADING.match(line)
        if heading:
            heading_date = parse_date(heading[1], i + 1)
            latest = max(latest or heading_date, heading_date)
        elif line.startswith("#"):
            heading_date = None
        if not line.lstrip().startswith("|"):
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].lstrip().startswith("|"):
            i += 1
        _read_table(lines, start, i, heading_date, models)
    if not models:
        raise PageError("no status or history table found: is this the 'Model deprecations' page?")
    return models, latest


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _model_id(cell: str, line: int) -> str:
    value = cell.strip().strip("`").strip()
    if not re.fullmatch(r"claude[a-z0-9.\-]*", value):
        raise PageError(f"line {line}: {cell!r} is not a model id")
    return value


def _read_table(
    lines: list[str], start: int, end: int, heading_date: date | None, models: dict[str, PageModel]
) -> None:
    header = tuple(cell.lower() for cell in _cells(lines[start]))
    if end - start < 2 or not re.fullmatch(r"[\s|:\-]+", lines[start + 1]):
        raise PageError(f"line {start + 1}: a table without a header separator")
    rows = [(n + 1, _cells(lines[n])) for n in range(start + 2, end)]
    if header in _STATUS_HEADERS:
        for number, cells in rows:
            _status_row(number, cells, models)
    elif header in _HISTORY_HEADERS:
        if heading_date is None:
            raise PageError(f"line {start + 1}: a history table under no '### YYYY-MM-DD:' heading")
        for number, cells in rows:
            _history_row(number, cells, heading_date, models)
    else:
        raise PageError(f"line {start + 1}: unrecognised table shape {list(header)}")


def _entry(models: dict[str, PageModel], model_id: str, line: int) -> PageModel:
    entry = models.setdefault(model_id, PageModel(model_id))
    entry.lines.append(line)
    return entry


def _status_row(line: int, cells: list[str], models: dict[str, PageModel]) -> None:
    if len(cells) != 4:
        raise PageError(f"line {line}: expected 4 cells, found {len(cells)}")
    model_id, state, deprecated, retirement = cells
    entry = _entry(models, _model_id(model_id, line), line)
    word = state.strip().lower()
    if word not in _STATES:
        raise PageError(f"line {line}: unknown state {state!r}")
    entry.state = _STATES[word]
    if deprecated.strip().lower() not in _NONE:
        entry.deprecated = parse_date(deprecated, line)
    if retirement.strip().lower() in _NONE:
        return
    when = parse_date(retirement, line)
    if _NOT_SOONER.search(retirement):
        entry.not_sooner_than = when
    else:
        entry.retired = when


def _history_row(
    line: int, cells: list[str], announced: date, models: dict[str, PageModel]
) -> None:
    if len(cells) != 3:
        raise PageError(f"line {line}: expected 3 cells, found {len(cells)}")
    retirement, model_id, replacement = cells
    entry = _entry(models, _model_id(model_id, line), line)
    entry.retired = parse_date(retirement, line)
    entry.deprecated = entry.deprecated or announced
    if replacement.strip().lower() not in _NONE:
        entry.replacement = _model_id(replacement, line)


# --- the overlay and the diff -------------------------------------------------------------


def overlay_toml(
    models: dict[str, PageModel], registry: Registry, page_date: date, source: str
) -> str:
    """The page as a registry overlay (the bundled format). Models the registry does not know
    get a family read from their id and their id as name."""
    out = [
        "# Imported by claude-model-lint-registry from Anthropic's 'Model deprecations' page.",
        "[registry]",
        f"updated = {page_date.isoformat()}",
        f"source = {_quote(source)}",
        "",
        "[sources]",
        f"PAGE = {_quote(source)}",
    ]
    for model in models.values():
        out += ["", f'[models."{model.id}"]']
        if model.id not in registry.models:
            shape = shape_of(model.id)
            out += [
                f"name = {_quote(model.id)}",
                f"family = {_quote(shape.family if shape else 'unknown')}",
            ]
        for name in ("deprecated", "retired", "not_sooner_than"):
            value = getattr(model, name)
            if value is not None:
                out.append(f"{name} = {value.isoformat()}")
        if model.replacement:
            out.append(f"replacement = {_quote(model.replacement)}")
        out.append('sources = ["PAGE"]')
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def diff_against(models: dict[str, PageModel], registry: Registry, page_date: date) -> list[str]:
    """What the page changes against ``registry``: new models, deprecations, dates, replacements."""
    changes = []
    for model in models.values():
        known = registry.models.get(model.id)
        if known is None:
            changes.append(f"new model {model.id}" + _said(model))
            continue
        fields: list[tuple[str, Any, Any]] = [
            ("deprecated", known.deprecated, model.deprecated),
            ("retired", known.retired, model.retired),
            ("not sooner than", known.not_sooner_than, model.not_sooner_than),
            ("replacement", known.replacement, model.replacement),
        ]
        for name, before, after in fields:
            if after is not None and before != after:
                kind = (
                    "new deprecation"
                    if name == "deprecated" and before is None
                    else f"{name} moved"
                )
                if name == "replacement":
                    kind = "replacement re-pointed" if before else "new replacement"
                changes.append(f"{model.id}: {kind}: {before or '—'} -> {after}")
        if model.state is not None:
            computed = lifecycle(known, Platform.API, page_date).state.value
            if computed != model.state:
                changes.append(
                    f"{model.id}: the page says {model.state} on {page_date}; the registry computes {computed}"
                )
    return changes


def _said(model: PageModel) -> str:
    parts = [
        f"{n} {getattr(model, n)}"
        for n in ("deprecated", "retired", "not_sooner_than")
        if getattr(model, n)
    ]
    if model.replacement:
        parts.append(f"replacement {model.replacement}")
    return f" ({', '.join(parts)})" if parts else ""
