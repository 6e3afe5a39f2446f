"""Hover on a model id: which model it is, its state on the as-of date, each platform's dates and
what to use instead; the same registry and verdicts as a finding, for any id (reported or not)."""

from __future__ import annotations

from datetime import date

from lsprotocol import types

from ..check.verdicts import judge
from ..model_ids import find_ids
from ..registry.lifecycle import current_for, lifecycle
from ..registry.registry import Model, Registry
from ..types import FoundId, Platform, State
from .positions import Positions

_PLATFORMS = {"api": "Claude API", "bedrock": "Amazon Bedrock", "vertex": "Google Vertex AI"}


def hover(
    positions: Positions, position: types.Position, registry: Registry, as_of: date
) -> types.Hover | None:
    line, column = positions.from_client(position)
    text = positions.index.line_text(line) if line <= positions.line_count else ""
    found = next((f for f in find_ids(text) if f.start < column <= f.end + 1), None)
    if found is None:
        return None
    body = describe(found, registry, as_of)
    if body is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=body),
        range=positions.range(line, found.start + 1, line, found.end + 1),
    )


def describe(found: FoundId, registry: Registry, as_of: date) -> str | None:
    """Markdown for one id; None when it is no model id at all."""
    data = f"*Model data of {registry.updated}; as of {as_of}.*"
    resolved = registry.resolve(found.key)
    if resolved is None:
        verdicts = judge(found, registry, as_of)
        if not verdicts:
            return None
        return f"`{found.text}`: not a known model id. {verdicts[0].message}\n\n{data}"
    model, spelling = resolved
    life = lifecycle(model, spelling.platform, as_of)
    dates = "Claude API's" if life.platform is Platform.API else _PLATFORMS[life.platform.value]
    lines = [
        f"**{model.name}** (`{model.id}`)",
        "",
        f"**{life.state.value}** on {as_of}, by the {dates} dates",
        "",
        "| platform | deprecated | retired |",
        "|---|---|---|",
        *_date_rows(model),
    ]
    if life.state is not State.ACTIVE:
        lines += ["", _replacement(found, model, life.platform, registry, as_of)]
    return "\n".join([*lines, "", data])


def _date_rows(model: Model) -> list[str]:
    retires = str(model.retired or "")
    if not retires and model.not_sooner_than:
        retires = f"not sooner than {model.not_sooner_than}"
    deprecated = "yes (undated)" if model.deprecated_undated else str(model.deprecated or "")
    rows = [f"| Claude API | {deprecated or '-'} | {retires or '-'} |"]
    for name, dates in model.platform_dates.items():
        rows.append(
            f"| {_PLATFORMS.get(name, name)} | {dates.deprecated or '-'} | {dates.retired or '-'} |"
        )
    return rows


def _replacement(
    found: FoundId, model: Model, platform: Platform, registry: Registry, as_of: date
) -> str:
    chosen = current_for(registry, model, platform, as_of)
    if chosen.model is None:
        return f"No replacement: {chosen.reason}."
    spelled = next((v.replacement for v in judge(found, registry, as_of) if v.replacement), None)
    here = f" (written here as `{spelled}`)" if spelled and spelled != chosen.model.id else ""
    return f"Replacement: **{chosen.model.name}** `{chosen.model.id}`{here}"
