"""One JSON array, sorted by path, line, column, with the keys SPEC.md fixes (never renamed)."""

from __future__ import annotations

import json
from typing import Any

from ..types import Diagnostic
from . import Reporter, Summary


def as_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "code": d.code,
        "rule": d.rule,
        "severity": d.severity.value,
        "model": d.model,
        "canonical": d.canonical,
        "state": d.state,
        "replacement": d.replacement,
        "message": d.message,
        "retires": d.retires,
        "context": d.role.value,  # use, catalog, record or prose: what the id is doing
        "fix": d.safety,  # 'safe' (--fix), 'unsafe' (--unsafe-fixes) or null (never fixed)
    }


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps made one a row
_ESCAPED = json.JSONEncoder().encode  # for a row with a file name that is not UTF-8


def _row(data: dict[str, Any]) -> str:
    """Readable UTF-8; but a name with undecodable bytes (held as lone surrogates) is escaped
    (``\\udcff``): written raw it made the output invalid UTF-8, so not JSON at all."""
    row = _ENCODE(data)
    if not row.isascii():
        try:
            row.encode("utf-8")
        except UnicodeEncodeError:
            return _ESCAPED(data)
    return row


class JsonReporter(Reporter):
    def finish(self, summary: Summary) -> None:
        # one object per line: json's C encoder only runs without indent=; written as it is
        # made (40,000 findings held twice more, as rows and joined, cost 80 MB)
        data_date = str(self.info.registry_updated)
        between = "[\n"
        for d in sorted(summary.diagnostics, key=Diagnostic.sort_key):
            row = _row({**as_dict(d), "registry_updated": data_date})
            self.out.write(between + row)
            between = ",\n"
        self.out.write("[]\n" if between == "[\n" else "\n]\n")
        if not self.quiet:  # the array stays one of findings: what it covers goes to stderr
            self.say_coverage(summary)
