"""SARIF 2.1.0 for GitHub code scanning: every rule in tool.driver (with its docs as Markdown),
fixes as artifact changes, and fingerprints that follow a finding when its line moves."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..rules import DOCS_URL, RULES, rule_docs_url
from ..types import Diagnostic, Severity
from . import Reporter, Summary
from .coverage import unknown_ids

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "claudeModelLint/v1"  # a new version when the hashed parts change
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_CODES = list(RULES)
# no security-severity: these are correctness and upkeep findings, not vulnerabilities
_TAGS = {
    "CML001": ["correctness", "model-lifecycle"],
    "CML002": ["maintainability", "model-lifecycle"],
    "CML003": ["maintainability", "model-lifecycle"],
    "CML004": ["correctness", "typo"],
    "CML005": ["reproducibility", "model-lifecycle"],
    "CML006": ["maintainability", "model-lifecycle"],
    "CML007": ["correctness", "api-parameters"],
    "CML008": ["maintainability", "model-lifecycle"],
}


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    markdown = (
        f"**{code} {rule.name}**: {rule.summary}.\n\n{rule.explanation}\n\n"
        f"**Fix:** {rule.fix}\n\nExample:\n\n```\n{rule.example}\n```\n\n"
        f"[Documentation]({rule_docs_url(code)})"
    )
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "helpUri": rule_docs_url(code),
        "help": {"text": f"{rule.explanation} Fix: {rule.fix}", "markdown": markdown},
        "defaultConfiguration": {
            "level": _LEVEL[rule.severity] if rule.enabled_by_default else "none"
        },
        "properties": {"tags": ["claude-models", *_TAGS.get(code, [])]},
    }


@functools.lru_cache(maxsize=1024)  # a file's findings share it (read only: json writes it)
def _directory_uri(directory: Path) -> str:
    """A base URI ends with one slash: run from / it was file:////."""
    uri = directory.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _uri(path: str) -> dict[str, Any]:
    """A URI, percent-encoded: '100%.py', 'e f.py' and 'c:d.py' (read raw, 'c:' would be a
    scheme) are not URIs as they stand."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    uri = quote(path.replace(os.sep, "/"), safe="/", errors="surrogateescape")
    return {"uri": uri, "uriBaseId": "%SRCROOT%"}


def fingerprint(d: Diagnostic) -> str:
    """The rule, the path, the id and the source line with its spacing normalised: unchanged
    when lines are added above it or it is re-indented, so code scanning keeps the alert."""
    line = " ".join(d.source_line.split())
    parts = "\0".join((d.code, d.path, d.model, line))
    return hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _region(d: Diagnostic) -> dict[str, int]:
    return {
        "startLine": d.line,
        "startColumn": d.column,
        "endLine": d.end_line,
        "endColumn": d.end_column,
    }


def _result(d: Diagnostic, occurrence: int, printed: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": _CODES.index(d.code),
        "level": _LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": _uri(d.path), "region": _region(d)}}
        ],
        # the n-th same line of a file (a repeated line) gets its own, as GitHub's own hash does
        "partialFingerprints": {FINGERPRINT: f"{printed or fingerprint(d)}:{occurrence}"},
        # 'fix' as in --format json: what --fix ('safe') or --unsafe-fixes ('unsafe') would do
        "properties": {
            "model": d.model,
            "canonical": d.canonical,
            "state": d.state,
            "fix": d.safety,
        },
    }
    if d.replacement:
        result["fixes"] = [
            {
                "description": {"text": f"Replace {d.model} with {d.replacement}"},
                # safe: --fix applies it; unsafe: only --unsafe-fixes; none: never (a record)
                "properties": {"safety": d.safety or "none"},
                "artifactChanges": [
                    {
                        "artifactLocation": _uri(d.path),
                        "replacements": [
                            {
                                "deletedRegion": _region(d),
                                "insertedContent": {"text": d.replacement},
                            }
                        ],
                    }
                ],
            }
        ]
    return result


def _results(diagnostics: list[Diagnostic]) -> Iterator[dict[str, Any]]:
    seen: Counter[str] = Counter()
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        key = fingerprint(d)
        seen[key] += 1
        yield _result(d, seen[key], key)


def _coverage(summary: Summary) -> dict[str, Any]:
    """What the run did not read, counted by kind (each file is a notification), and the ids
    the data does not know: the text summary's coverage line."""
    return {
        "complete": summary.coverage.complete,
        "notRead": dict(sorted(summary.coverage.counts().items())),
        "unknownIds": unknown_ids(summary.diagnostics),
    }


def _invocation(summary: Summary) -> dict[str, Any]:
    """The run's own outcome: each file not read is a notification on it (SARIF
    toolExecutionNotifications), an error when it fails the run (exit 2), else a warning."""
    invocation: dict[str, Any] = {"executionSuccessful": not summary.errors}
    notifications = [
        {
            "level": "error" if item.error else "warning",
            "message": {"text": f"not read ({item.kind}): {item.reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": _uri(item.path)}}],
            "descriptor": {"id": f"not-read/{item.kind.replace(' ', '-')}"},
        }
        for item in summary.coverage.listed()
    ]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


_RESULTS = "\0results\0"  # where the results go in the indented log around them


class SarifReporter(Reporter):
    def finish(self, summary: Summary) -> None:
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "claude-model-lint",
                            "version": self.info.version,
                            "informationUri": DOCS_URL,
                            "rules": [_rule(code) for code in _CODES],
                        }
                    },
                    # code scanning's category: one per tool, so our alerts never close another's
                    "automationDetails": {"id": "claude-model-lint/"},
                    "invocations": [_invocation(summary)],
                    "columnKind": "unicodeCodePoints",  # our columns count code points
                    "originalUriBaseIds": {"%SRCROOT%": {"uri": _directory_uri(Path.cwd())}},
                    "properties": {
                        "asOf": str(self.info.as_of),
                        "registryUpdated": str(self.info.registry_updated),
                        "modelData": self.info.data,
                        "coverage": _coverage(summary),
                    },
                    "results": _RESULTS,
                }
            ],
        }
        # the log indented; each result on one line, written as it is made: json's C encoder
        # runs only without indent= (40,000 results took 4.5 s and 570 MB indented, at once)
        before, after = json.dumps(log, indent=2, ensure_ascii=False).split(json.dumps(_RESULTS))
        between = "[\n"
        for result in _results(summary.diagnostics):
            self.out.write(before + between + " " * 8 + json.dumps(result, ensure_ascii=False))
            before, between = "", ",\n"
        self.out.write((before + "[]" if between == "[\n" else "\n      ]") + after + "\n")
