"""Where each fact about one model comes from: `claude-model-lint-registry explain ID`.

The registry merges its layers field by field and keeps no per-field history, so the history
is rebuilt here: the layers are loaded one more at a time (bundled, each fetched copy, each
overlay), and each fact is credited to the last layer that changed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..types import Platform
from .lifecycle import current_for, lifecycle
from .registry import Model, Registry, load_registry

FIELDS = (
    "name", "family", "deprecated", "retired", "not_sooner_than", "legacy", "replacement",
    "aliases", "alternate_ids", "bedrock", "vertex", "openrouter", "notes",
)  # fmt: skip
_PLATFORMS = {
    Platform.API: "Claude API",
    Platform.BEDROCK: "Amazon Bedrock",
    Platform.VERTEX: "Vertex AI",
}


def steps(
    fetched: Sequence[tuple[str, str]], overlays: Sequence[Path]
) -> list[tuple[str, Registry]]:
    """(layer, the registry up to and including it), bundled first."""
    first = load_registry()
    out = [(f"bundled data of {first.updated}", first)]
    for i, (where, _) in enumerate(fetched):
        out.append((where, load_registry(fetched=fetched[: i + 1])))
    for i, path in enumerate(overlays):
        out.append((f"overlay {path}", load_registry(overlays[: i + 1], fetched=fetched)))
    return out


def _value(model: Model | None, name: str) -> Any:
    if model is None:
        return None
    if name == "deprecated" and model.deprecated_undated:
        return "yes (no date published)"
    if name == "legacy" and model.legacy_undated:
        return "yes (no date published)"
    return getattr(model, name)


def explain_model(spelling: str, layers: list[tuple[str, Registry]], as_of: date) -> str | None:
    """Every fact the tool uses for ``spelling``'s model, per platform, with its layer."""
    final = layers[-1][1]
    hit = final.resolve(spelling)
    if hit is None:
        return None
    model, kind = hit
    lines = [f"{model.id} ({model.name}); {spelling} is its {kind.value} spelling", ""]
    lines.append(f"As of {as_of}:")
    for platform, label in _PLATFORMS.items():
        life = lifecycle(model, platform, as_of)
        whose = "Claude API dates" if life.platform is Platform.API else f"{label} dates"
        if life.fallback:
            whose += f"; {label} publishes none"
        shown = [f"{life.state.value} ({whose})"]
        if life.retired:
            shown.append(f"retires {life.retired}")
        elif life.not_sooner_than:
            shown.append(f"not sooner than {life.not_sooner_than}")
        chosen = current_for(final, model, platform, as_of)
        if life.state.value != "active" and chosen.model is not None:
            shown.append(f"use {chosen.model.id}")
        lines.append(f"  {label}: {', '.join(shown)}")
    lines += ["", "Facts, each with the layer that last set it:"]
    for name in FIELDS:
        value, layer = _credited(model.id, name, layers)
        if value in (None, (), ""):
            continue
        if name in ("bedrock", "vertex") and isinstance(value, tuple):
            value = tuple(f"{v} (derived)" if v in model.derived else v for v in value)
        text = ", ".join(value) if isinstance(value, tuple) else str(value)
        lines.append(f"  {name}: {text}  [{layer}]")
    for where, dates in sorted(model.platform_dates.items()):
        parts = [
            f"{k} {v}" for k, v in dates._asdict().items() if v and k not in ("source", "note")
        ]
        note = f"; {dates.note}" if dates.note else ""
        lines.append(f"  {where} dates: {', '.join(parts)} (source {dates.source}{note})")
    lines += ["", "Sources:"]
    lines += [f"  {key}: {final.sources.get(key, '?')}" for key in model.sources]
    return "\n".join(lines) + "\n"


def _credited(model_id: str, name: str, layers: list[tuple[str, Registry]]) -> tuple[Any, str]:
    value, credited = None, ""
    for layer, registry in layers:
        now = _value(registry.models.get(model_id), name)
        if now != value:
            value, credited = now, layer
    return value, credited
