"""Judging one file's scan: each id's verdicts under the registry and the date, its role and
fix safety (roles, the fix guard, the tables a test may pick a row of), suppressions, CML007's
calls; the diagnostics of the file, settled file-wide."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from ..types import Diagnostic, FileResult, Occurrence, Role

if TYPE_CHECKING:  # (engine imports this module: judging imports engine's names when judging)
    from ..scanners.calls import CallSite
    from .options import RunOptions, ScanRecord

FIXABLE = frozenset({"CML001", "CML002", "CML005"})


def judge_record(
    shown: str, path: str | Path, record: ScanRecord, options: RunOptions,
    config: Config | None = None,
) -> FileResult:  # fmt: skip
    if not record.occurrences and not record.calls:  # most files: nothing to judge
        return FileResult(shown, (), record.notes, checked=record.checked)
    from ..rules import RULES
    from ..scanners import KEYED, MATCHED, REPLAYED
    from ..suppressions import LinePragmas
    from . import roles
    from .fix_guard import Guard
    from .lookup_tables import is_test_module, table_row
    from .migration import NOT_FOLLOWED, migrate, moving_needs
    from .options import PYTHON_SUFFIXES
    from .parameters import diagnostics as parameter_diagnostics
    from .verdicts import judge

    config = config or options.config
    registry = options.registry_for(config)
    per_file = config.ignored_for(path) if config.per_file_ignores else frozenset()
    record_file = roles.is_record(config, path)
    recorded = {n for n, text in record.lines.items() if roles.envelope(text)}
    diagnostics: list[Diagnostic] = []
    foreign: set[int] = set()
    is_python = Path(path).suffix.lower() in PYTHON_SUFFIXES
    beside: bool | None = None  # recordings beside the module, looked for once when needed
    test_module: bool | None = None  # the same for its path, asked only of a use with a fix
    why_unsafe: dict[int, str] = {}  # a use a test depends on: why only --unsafe-fixes fixes it
    requests_at: dict[int, list[CallSite]] = {}  # an id's offset -> the requests it feeds
    for call in record.calls:
        for at in {call.model_start, *call.feeds} - {-1}:
            requests_at.setdefault(at, []).append(call)
    pragmas = LinePragmas(record.lines if record.pragmas is None else record.pragmas)
    guard = Guard(registry)
    for occurrence in record.occurrences:
        found = occurrence.found
        lines = [occurrence.line, occurrence.end_line]
        extra = record.extra_lines.get(found.start)
        if extra is not None:
            lines.append(extra)
        source_line = record.lines[occurrence.line]
        for verdict in judge(found, registry, options.as_of, config.replacement == "page"):
            if not config.enabled(verdict.code) or verdict.code in per_file:
                continue
            if (verdict.code == "CML004" or verdict.partial) and (
                occurrence.context == MATCHED  # a part of names: "claude-3-opus" in name
                or (verdict.code == "CML004" and occurrence.context == KEYED)  # a table's key
                or _in_pattern(occurrence, source_line)  # grep "claude-opus-4\|claude-sonnet-4"
            ):
                continue
            if pragmas.suppressed(lines, verdict.code):
                continue
            message = verdict.message
            replacement = verdict.replacement if verdict.code in FIXABLE else None
            role = roles.role_of(occurrence, record_file or occurrence.line in recorded)
            if roles.user_resource(source_line, occurrence.column):
                foreign.add(len(diagnostics))
                message += " (not fixable: it names a custom model or inference profile)"
                replacement = None
            if replacement and not occurrence.fixable_in_place:
                message += f" (not fixable: {occurrence.not_fixable_reason})"
                replacement = None
            if replacement and (refused := guard.refusal(replacement, found)) is not None:
                message += f" (not fixable: {refused})"
                replacement = None
            companions: tuple[tuple[int, int, str], ...] = ()
            requests = requests_at.get(found.start)
            if verdict.code == "CML003" and verdict.target and requests:
                message += moving_needs(verdict.target, requests, registry, record.lines)
            unseen = [r.via for r in requests or () if r.via.startswith(NOT_FOLLOWED)]
            if replacement and role is Role.USE and unseen:  # said, never guessed
                where = unseen[0].removeprefix(NOT_FOLLOWED)
                message += (
                    f" (its request is not in view: {where}; check that {verdict.target} "
                    "accepts its parameters)"
                )
            if replacement and role in (Role.USE, Role.CATALOG) and requests:
                moved = migrate(verdict, requests, registry, record.lines)
                if moved is not None:  # the replacement rejects the request as it is
                    replacement, companions = moved.replacement, moved.companions
                    message = f"{verdict.head}; {moved.advice}"
                    if moved.unsafe:
                        why_unsafe[len(diagnostics)] = moved.unsafe
            depended = occurrence.context == REPLAYED  # a test depends on the id as it is
            if replacement and role is Role.USE and not depended and is_python:
                if beside is None:
                    beside = roles.replays_by_path(path)
                depended = beside
            if companions:
                depended = True  # a migration that changes the request: --unsafe-fixes
            elif depended:
                why_unsafe[len(diagnostics)] = roles.REPLAYS
            elif replacement and role is Role.USE:
                if test_module is None:
                    test_module = is_test_module(str(path))
                row = table_row(found.key, str(path)) if test_module else None
                if row is not None:  # the test may be choosing that row
                    why_unsafe[len(diagnostics)] = roles.PICKS_ROW.format(row=row)
                    depended = True
            safety = roles.safety(verdict.code, role, config, depended) if replacement else None
            if replacement and safety is None:
                message += f" (not fixed: {roles.not_applied(role, safety)})"
                replacement = None
            if occurrence.context.startswith("cell"):
                message = f"{occurrence.context}: {message}"
            rule = RULES[verdict.code]
            diagnostics.append(
                Diagnostic(
                    path=shown, line=occurrence.line, column=occurrence.column,
                    end_line=occurrence.end_line, end_column=occurrence.end_column,
                    code=verdict.code, rule=rule.name, severity=rule.severity,
                    model=found.text, canonical=verdict.model.id if verdict.model else None,
                    state=verdict.state.value if verdict.state else None,
                    replacement=replacement, message=message,
                    start=found.start, end=found.end, source_line=source_line,
                    retires=str(verdict.retires) if verdict.retires else None,
                    fixable=safety == roles.SAFE, role=role, safety=safety,
                    companions=companions if replacement else (),
                )
            )  # fmt: skip
    diagnostics = roles.settle(
        diagnostics, record.occurrences, options.unsafe_fixes, frozenset(foreign), why_unsafe
    )
    for call in record.calls:
        diagnostics.extend(
            parameter_diagnostics(
                shown, call, record.lines, registry, config, per_file, pragmas, options.unsafe_fixes
            )
        )
    return FileResult(
        shown, tuple(roles.reported(diagnostics)), record.notes, checked=record.checked
    )


def _in_pattern(occurrence: Occurrence, line: str) -> bool:
    from ..model_ids import in_pattern

    end = occurrence.end_column - 1 if occurrence.end_line == occurrence.line else len(line)
    return in_pattern(line, occurrence.column - 1, end)
