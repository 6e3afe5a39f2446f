"""The usage audit: read a Console usage export (CSV), classify every model in it for a date, and
join it with the ids the repository names. Reading and joining only; usage_cli prints.

The export's shape is not fixed, so columns are found by their headers: the model column, the
API key column when there is one, and every numeric column, summed under its own name.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..check.engine import scan_file
from ..config import Config
from ..model_ids import find_ids
from ..registry.lifecycle import lifecycle, replacement_for
from ..registry.registry import Registry
from ..run.files import Candidate, discover
from ..types import State


class UsageError(Exception):
    """The export cannot be read; the message names the line."""


_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_ORDER = {"retired": 0, "deprecated": 1, "legacy": 2, "unknown": 3, "active": 4}


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", header.strip().lower())


@dataclass
class Usage:
    columns: list[str]  # the numeric columns, as named in the file
    rows: int
    by_model: dict[str, dict[str, float]]  # model as written -> column -> sum
    by_key: dict[str, dict[str, dict[str, float]]]  # api key -> model -> column -> sum
    key_column: str | None


def read_usage(text: str, model_column: str | None = None) -> Usage:
    text = text.removeprefix("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise UsageError(f"line {reader.line_num}: {exc}") from None
    if not rows:
        raise UsageError("line 1: the file is empty")
    header_line, header = rows[0]
    model_at = _find_column(header, model_column, header_line)
    key_at = next((i for i, h in enumerate(header) if "key" in _normal(h) and i != model_at), None)
    body = rows[1:]
    for line, row in body:
        if len(row) != len(header):
            raise UsageError(f"line {line}: {len(row)} cells where the header has {len(header)}")
    numeric = [
        i for i in range(len(header))
        if i not in (model_at, key_at) and body
        and all(_NUMBER.match(row[i].strip().lstrip("$")) for _, row in body if row[i].strip())
        and any(row[i].strip() for _, row in body)
    ]  # fmt: skip
    columns = [header[i].strip() for i in numeric]
    by_model: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(columns, 0.0))
    by_key: dict[str, dict[str, dict[str, float]]] = defaultdict(
        lambda: defaultdict(lambda: dict.fromkeys(columns, 0.0))
    )
    for _, row in body:
        model = row[model_at].strip()
        if not model:
            continue
        key = row[key_at].strip() if key_at is not None else ""
        for i, name in zip(numeric, columns, strict=True):
            value = float(row[i].strip().lstrip("$").replace(",", "") or 0)
            by_model[model][name] += value
            if key_at is not None:
                by_key[key][model][name] += value
    return Usage(columns, len(body), dict(by_model), {k: dict(v) for k, v in by_key.items()},
                 header[key_at].strip() if key_at is not None else None)  # fmt: skip


def _find_column(header: list[str], wanted: str | None, line: int) -> int:
    names = [_normal(h) for h in header]
    if wanted is not None:
        if _normal(wanted) in names:
            return names.index(_normal(wanted))
        raise UsageError(f"line {line}: no column {wanted!r} (columns: {', '.join(header)})")
    for i, name in enumerate(names):
        if name in ("model", "model name", "model id", "models"):
            return i
    for i, name in enumerate(names):
        if "model" in name:
            return i
    raise UsageError(
        f"line {line}: no model column (columns: {', '.join(header)}); use --model-column"
    )


@dataclass
class ModelReport:
    written: list[str]  # the spellings seen in traffic or code
    canonical: str | None
    state: str
    retires: date | None
    days_left: int | None
    replacement: str | None
    traffic: dict[str, float] = field(default_factory=dict)
    keys: dict[str, dict[str, float]] = field(default_factory=dict)
    code: list[str] = field(default_factory=list)  # path:line
    in_traffic: bool = False


def classify(spelling: str, registry: Registry, as_of: date) -> tuple[str, ModelReport]:
    """The join key (the canonical id, or the text for an unknown id) and its report."""
    found = find_ids(spelling)
    resolved = registry.resolve(found[0].key) if found else None
    if resolved is None:
        return spelling, ModelReport([spelling], None, "unknown", None, None, None)
    model, kind = resolved
    life = lifecycle(model, kind.platform, as_of)
    chosen = replacement_for(registry, model, kind.platform, as_of)
    replacement = chosen.model.id if chosen.model and life.state is not State.ACTIVE else None
    return model.id, ModelReport(
        [spelling], model.id, life.state.value, life.retired, life.days_left, replacement
    )


def code_ids(paths: list[Path], config: Config) -> Iterable[tuple[str, str]]:
    """(id as written, path:line) for every id the repository names, whatever its state."""
    for item in discover(paths, config):
        if isinstance(item, Candidate):
            record = scan_file(item, config)[0]
            for occurrence in record.occurrences:
                yield occurrence.found.text, f"{item.path.as_posix()}:{occurrence.line}"


def audit(
    usage: Usage, registry: Registry, as_of: date, code: Iterable[tuple[str, str]] = ()
) -> dict[str, ModelReport]:
    reports: dict[str, ModelReport] = {}

    def report_for(spelling: str) -> ModelReport:
        key, fresh = classify(spelling, registry, as_of)
        existing = reports.setdefault(key, fresh)
        if spelling not in existing.written:
            existing.written.append(spelling)
        return existing

    for spelling, totals in usage.by_model.items():
        report = report_for(spelling)
        report.in_traffic = True
        for column, value in totals.items():
            report.traffic[column] = report.traffic.get(column, 0.0) + value
    for api_key, models in usage.by_key.items():
        for spelling, totals in models.items():
            keyed = report_for(spelling).keys.setdefault(api_key, {})
            for column, value in totals.items():
                keyed[column] = keyed.get(column, 0.0) + value
    for spelling, where in code:
        if find_ids(spelling):
            report_for(spelling).code.append(where)
    return dict(sorted(reports.items(), key=lambda item: _rank(item[1], usage.columns)))


def _rank(report: ModelReport, columns: list[str]) -> tuple[int, int, float]:
    soon = report.days_left if report.days_left is not None else 10**6
    primary = _primary(columns)
    return (_ORDER[report.state], soon, -report.traffic.get(primary, 0.0) if primary else 0.0)


def _primary(columns: list[str]) -> str | None:
    """The column that best measures traffic: requests, then tokens, then the first."""
    for word in ("request", "token"):
        for column in columns:
            if word in column.lower():
                return column
    return columns[0] if columns else None


def at_risk(reports: dict[str, ModelReport]) -> list[ModelReport]:
    """Retired or deprecated models that still carry traffic: what should fail a deploy."""
    return [
        r for r in reports.values()
        if r.state in ("retired", "deprecated") and r.in_traffic
        and (not r.traffic or any(r.traffic.values()))
    ]  # fmt: skip
