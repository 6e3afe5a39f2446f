"""The usage audit: classify every model of a usage export for a date, and join it with the ids
the repository names. Joining only: export reads the file, commands/usage prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
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
from .export import Usage, UsageError, finite

_ORDER = {"retired": 0, "deprecated": 1, "legacy": 2, "unknown": 3, "active": 4}


def _total(sum_so_far: float, value: float, spelling: str, column: str) -> float:
    """Spellings of one model added up: past the float range is one line, never Infinity."""
    total = sum_so_far + value
    if not finite(total):
        raise UsageError(f"model {spelling!r}: column {column!r}: the sum is too large")
    return total


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
