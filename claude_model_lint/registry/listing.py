"""The registry as a table for a date (--list-models) and the rule explanations (--explain)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..rules import RULES
from ..types import Platform
from .lifecycle import current_for, lifecycle
from .registry import Registry


def model_rows(registry: Registry, as_of: date) -> list[dict[str, Any]]:
    """One row per model, judged by the Claude API's dates; Bedrock/Vertex dates listed beside."""
    rows = []
    for model in registry.models.values():
        life = lifecycle(model, Platform.API, as_of)
        chosen = current_for(registry, model, Platform.API, as_of)
        retires = str(model.retired) if model.retired else (
            "to be announced" if life.state.value == "deprecated"
            else f">= {model.not_sooner_than}" if model.not_sooner_than else ""
        )  # fmt: skip
        platforms = ["api"] + [p for p in ("bedrock", "vertex", "openrouter") if getattr(model, p)]
        # derived: the family's rule gives the platform id; no source published it yet
        derived_on = [
            p for p in ("bedrock", "vertex") if set(getattr(model, p)) & set(model.derived)
        ]
        rows.append(
            {
                "id": model.id,
                "name": model.name,
                "family": model.family,
                "state": life.state.value,
                "deprecated": "yes" if model.deprecated_undated else str(model.deprecated or ""),
                "legacy": model.legacy_undated or model.legacy is not None,
                "retires": retires,
                "replacement": model.replacement or "",
                "use": chosen.model.id if chosen.model and life.state.value != "active" else "",
                "platforms": platforms,
                "platform_dates": {
                    name: {"deprecated": str(d.deprecated or ""), "retired": str(d.retired or "")}
                    for name, d in model.platform_dates.items()
                },
                "aliases": list(model.aliases),
                "derived_on": derived_on,
                "sources": list(model.sources),
            }
        )
    return rows


def list_models(registry: Registry, as_of: date, output_format: str, data: str = "") -> str:
    """The table, or JSON: {"as_of", "registry_updated", "data", "models": [...]}."""
    rows = model_rows(registry, as_of)
    if output_format == "json":
        head = {"as_of": str(as_of), "registry_updated": str(registry.updated), "data": data}
        return json.dumps({**head, "models": rows}, indent=2) + "\n"
    header = ["id", "family", "state", "deprecated", "retires", "replacement", "platforms"]
    table = [header] + [
        [r["id"], r["family"], r["state"], r["deprecated"], r["retires"], r["use"] or
         r["replacement"], ",".join(_marked(p, r["derived_on"]) for p in r["platforms"])]
        for r in rows
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    title = f"Claude models as of {as_of} (Claude API dates; registry updated {registry.updated})"
    source = f"Model data: {data}" if data else ""
    return "\n".join([title, *([source] if source else []), "", *lines]) + "\n"


def _marked(platform: str, derived_on: list[str]) -> str:
    return f"{platform} (derived)" if platform in derived_on else platform


def explain(code: str) -> str | None:
    rule = RULES.get(code.strip().upper())
    if rule is None:
        return None
    default = (
        rule.severity.value
        if rule.enabled_by_default
        else f"off ({rule.severity.value} when selected)"
    )
    return (
        f"{rule.code} ({rule.name})\n\n"
        f"Default: {default}\n\n"
        f"{rule.explanation}\n\n"
        f"Fix: {rule.fix}\n\n"
        f"Example:\n    {rule.example}\n"
    )
