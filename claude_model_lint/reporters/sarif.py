"""SARIF 2.1.0 for GitHub code scanning: every rule in tool.driver, fixes as artifact changes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..rules import DOCS_URL, RULES
from ..types import Diagnostic, Severity
from . import Reporter, Summary

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_CODES = list(RULES)


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "helpUri": f"{DOCS_URL}#{code.lower()}",
        "help": {"text": f"{rule.explanation} Fix: {rule.fix}"},
        "defaultConfiguration": {
            "level": _LEVEL[rule.severity] if rule.enabled_by_default else "none"
        },
    }


def _location(d: Diagnostic) -> dict[str, Any]:
    if os.path.isabs(d.path):
        return {"uri": Path(d.path).as_uri()}
    return {"uri": d.path, "uriBaseId": "%SRCROOT%"}


def _region(d: Diagnostic) -> dict[str, int]:
    return {
        "startLine": d.line,
        "startColumn": d.column,
        "endLine": d.end_line,
        "endColumn": d.end_column,
    }


def _result(d: Diagnostic) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": _CODES.index(d.code),
        "level": _LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": _location(d), "region": _region(d)}}
        ],
        "properties": {"model": d.model, "canonical": d.canonical, "state": d.state},
    }
    if d.replacement:
        result["fixes"] = [
            {
                "description": {"text": f"Replace {d.model} with {d.replacement}"},
                "artifactChanges": [
                    {
                        "artifactLocation": _location(d),
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
                    "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                    "properties": {
                        "asOf": str(self.info.as_of),
                        "registryUpdated": str(self.info.registry_updated),
                        "modelData": self.info.data,
                    },
                    "results": [
                        _result(d) for d in sorted(summary.diagnostics, key=Diagnostic.sort_key)
                    ],
                }
            ],
        }
        self.out.write(json.dumps(log, indent=2, ensure_ascii=False) + "\n")
