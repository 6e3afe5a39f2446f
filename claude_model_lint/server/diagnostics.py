"""The engine's findings -> LSP diagnostics: what the command line reports, where the editor
draws it (ranges in the client's code units), with the rule's docs and the data's date."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from ..rules import rule_docs_url
from ..types import Diagnostic, Severity
from .linting import Linted

SOURCE = "claude-model-lint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_DEPRECATED = frozenset({"CML001", "CML002"})  # editors strike these through


def to_lsp(linted: Linted) -> list[types.Diagnostic]:
    return [_one(d, linted) for d in linted.result.diagnostics]


def _one(d: Diagnostic, linted: Linted) -> types.Diagnostic:
    data: dict[str, Any] = {
        "rule": d.rule,
        "model": d.model,
        "replacement": d.replacement,
        "fixable": d.fixable,
        "fix": d.safety,  # as in --format json: 'safe', 'unsafe' or null (no fix at all)
        "asOf": str(linted.as_of),
        "dataDate": str(linted.data_date) if linted.data_date else None,
    }
    return types.Diagnostic(
        range=linted.positions.range(d.line, d.column, d.end_line, d.end_column),
        message=d.message,
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=rule_docs_url(d.code)),
        source=SOURCE,
        tags=[types.DiagnosticTag.Deprecated] if d.code in _DEPRECATED else None,
        data=data,
    )


def not_checked(linted: Linted) -> list[types.Diagnostic]:
    """A document the engine did not check (over the file-timeout, say): one diagnostic at its
    start saying why, where the user looks. Without it the editor showed none: all clear."""
    if not linted.result.error:
        return []
    start = types.Position(0, 0)
    return [
        types.Diagnostic(
            range=types.Range(start, start),
            message=f"{SOURCE}: {linted.result.error}",
            severity=types.DiagnosticSeverity.Warning,
            source=SOURCE,
        )
    ]
