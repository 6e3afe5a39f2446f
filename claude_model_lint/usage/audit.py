"""The usage audit: read a Console usage export (CSV), classify every model in it for a date, and
join it with the ids the repository names. Reading and joining only; usage_cli prints.

The export's shape is not fixed, so columns are found by their headers: the model column, the
API key column when there is one, and every numeric column, summed under its own name.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..check.engine import Unreadable, scan_file
from ..config import Config
from ..model_ids import find_ids
from ..registry.lifecycle import current_for, lifecycle
from ..registry.registry import Registry
from ..repo.candidate import Candidate
from ..run.files import discover
from ..types import State


class UsageError(Exception):
    """The export cannot be read; the message names the line."""


_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?$")
# a header that says its column holds counts: a value there that is not a number is an error,
# never a reason to drop the column (that dropped every model and read as an all-clear)
_COUNT_HEADER = re.compile(r"token|request|cost|count|calls|spend|usd|price|amount")
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
    cut: list[str] = field(default_factory=list)  # what was left out to bound memory, said


MAX_MODELS = 10_000  # distinct models summed; the rows of any more are left out, and said
MAX_KEY_PAIRS = 50_000  # distinct (API key, model) pairs summed per key; likewise


def read_usage(source: str | Iterable[str], model_column: str | None = None) -> Usage:
    """Sum an export row by row: memory grows with the models and keys, never with the rows.

    ``source`` is the text or its lines (a file opened with ``newline=''``). A column counts
    when its header says so (then every value must be a number) or when every value is one."""
    lines = iter(io.StringIO(source) if isinstance(source, str) else source)
    head: list[str] = []
    for line in lines:
        head.append(line.removeprefix("\ufeff") if len(head) == 0 else line)
        if line.strip():
            break
    delimiter = max(",;\t", key=lambda d: head[-1].count(d)) if head else ","
    reader = csv.reader(itertools.chain(head, lines), delimiter=delimiter)
    rows = ((reader.line_num, row) for row in reader if any(cell.strip() for cell in row))
    try:
        first = next(rows, None)
        if first is None:
            raise UsageError("line 1: the file is empty")
        return _summed(first, rows, model_column)
    except csv.Error as exc:
        raise UsageError(f"line {reader.line_num}: {exc}") from None


def _summed(
    first: tuple[int, list[str]], body: Iterator[tuple[int, list[str]]], model_column: str | None
) -> Usage:
    header_line, header = first
    model_at = _find_column(header, model_column, header_line)
    key_at = next((i for i, h in enumerate(header) if "key" in _normal(h) and i != model_at), None)
    others = [i for i in range(len(header)) if i not in (model_at, key_at)]
    strict = {i for i in others if _COUNT_HEADER.search(_normal(header[i]))}
    candidates = set(others)  # columns that are numbers so far
    seen: set[int] = set()  # columns with at least one value
    by_model: dict[str, dict[int, float]] = {}
    by_key: dict[str, dict[str, dict[int, float]]] = {}
    count = cut_models = cut_pairs = pairs = 0
    for line, row in body:
        count += 1
        if len(row) != len(header):
            raise UsageError(f"line {line}: {len(row)} cells where the header has {len(header)}")
        values: dict[int, float] = {}
        for i in list(candidates):
            cell = row[i].strip().lstrip("$")
            if not cell:
                continue
            if _NUMBER.match(cell):
                values[i] = _value(cell.replace(",", ""))
                if not _finite(values[i]):  # 1e400: no sum could hold it
                    raise UsageError(
                        f"line {line}: column {header[i].strip()!r}: {row[i].strip()!r} is too large"
                    )
                seen.add(i)
            elif i in strict:
                raise UsageError(
                    f"line {line}: column {header[i].strip()!r}: {row[i].strip()!r} is not a number"
                )
            else:
                candidates.discard(i)
        model = row[model_at].strip()
        if not model:
            continue
        if model not in by_model and len(by_model) >= MAX_MODELS:
            cut_models += 1
            continue
        _add(by_model.setdefault(model, {}), values, line, header)
        if key_at is not None:
            key = row[key_at].strip()
            if (key not in by_key or model not in by_key[key]) and pairs >= MAX_KEY_PAIRS:
                cut_pairs += 1
                continue
            per_key = by_key.setdefault(key, {})
            pairs += model not in per_key
            _add(per_key.setdefault(model, {}), values, line, header)
    numeric = [i for i in others if i in candidates and i in seen]
    names = {i: header[i].strip() for i in numeric}

    def named(sums: dict[int, float]) -> dict[str, float]:
        return {names[i]: sums.get(i, 0) for i in numeric}

    return Usage(
        list(names.values()), count, {m: named(v) for m, v in by_model.items()},
        {k: {m: named(v) for m, v in ms.items()} for k, ms in by_key.items()},
        header[key_at].strip() if key_at is not None else None,
        [*([f"{cut_models:,} rows of models beyond the first {MAX_MODELS:,} left out"]
           if cut_models else []),
         *([f"{cut_pairs:,} rows of API key and model pairs beyond the first {MAX_KEY_PAIRS:,} "
            "left out of the per-key totals"] if cut_pairs else [])],
    )  # fmt: skip


def _value(text: str) -> float:
    """A count stays an int, exact (a float kept 16 digits of a 44-digit count); one of over
    300 digits is infinite, refused by the caller: any sum with a float stays a float."""
    if text.lstrip("+-").isdigit():
        return int(text) if len(text) <= 300 else math.inf
    return float(text)


def _finite(value: float) -> bool:
    return isinstance(value, int) or math.isfinite(value)  # (an int of 400 digits is no float)


def _add(sums: dict[int, float], values: dict[int, float], line: int, header: list[str]) -> None:
    for i, value in values.items():
        sums[i] = sums.get(i, 0) + value
        if not _finite(sums[i]):  # JSON has no Infinity
            raise UsageError(f"line {line}: column {header[i].strip()!r}: the sum is too large")


def _total(sum_so_far: float, value: float, spelling: str, column: str) -> float:
    """Spellings of one model added up: past the float range is one line, never Infinity."""
    total = sum_so_far + value
    if not _finite(total):
        raise UsageError(f"model {spelling!r}: column {column!r}: the sum is too large")
    return total


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
    found = find_ids(spelling.lower())  # exports and people write CLAUDE-2.1 too
    resolved = registry.resolve(found[0].key) if found else None
    if resolved is None:
        return spelling, ModelReport([spelling], None, "unknown", None, None, None)
    model, kind = resolved
    life = lifecycle(model, kind.platform, as_of)
    chosen = current_for(registry, model, kind.platform, as_of)
    replacement = chosen.model.id if chosen.model and life.state is not State.ACTIVE else None
    return model.id, ModelReport(
        [spelling], model.id, life.state.value, life.retired, life.days_left, replacement
    )


def code_ids(
    paths: list[Path], config: Config, export: Path | None = None
) -> Iterable[tuple[str, str]]:
    """(id as written, path:line as reports show it) for every id the repository names, whatever
    its state. ``export``, the usage file itself, is not code: when it lies among the paths, every
    model of the traffic would be 'found in code' in it."""
    skipped = _identity(export) if export is not None else None
    for item in discover(paths, config):
        if isinstance(item, Candidate) and (skipped is None or _identity(item.text) != skipped):
            try:
                record = scan_file(item, config)[0]
            except Unreadable:  # as a file passed over: the audit is of the export
                continue
            for occurrence in record.occurrences:
                yield occurrence.found.text, f"{item.shown}:{occurrence.line}"


def _identity(path: str | Path) -> tuple[int, int] | None:
    """The file itself, whatever its name (a link, a hard link, a path through '..')."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


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
            report.traffic[column] = _total(report.traffic.get(column, 0), value, spelling, column)
    for api_key, models in usage.by_key.items():
        for spelling, totals in models.items():
            keyed = report_for(spelling).keys.setdefault(api_key, {})
            for column, value in totals.items():
                keyed[column] = _total(keyed.get(column, 0), value, spelling, column)
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
