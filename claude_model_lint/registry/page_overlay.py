"""A read page as a registry overlay, and what it changes against a registry.

The overlay states the page's whole lifecycle for every model the page's status table lists
(`clear` names the dates the page no longer gives), so that an import corrects a wrong date of
the layers below instead of only adding to them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..model_ids import shape_of
from ..types import Platform
from .derive import derived_toml
from .lifecycle import lifecycle
from .page_import import Page, PageError, PageModel, ParameterRow
from .registry import Model, Registry, Scalar

LIFECYCLE_FIELDS = ("deprecated", "retired", "not_sooner_than")


def overlay_toml(page: Page, registry: Registry, page_date: date, source: str) -> str:
    """The page as a registry overlay (the bundled format). Models the registry does not know
    get a family read from their id, their id as name, and the platform spellings the family's
    data implies, marked derived (see derive). A replacement must be a model the
    page lists or the data knows: one it only names is dropped (see unknown_replacements), so
    that --fix never writes an id no trusted source vouches for."""
    out = [
        "# Imported by claude-model-lint-registry from Anthropic's 'Model deprecations' page.",
        "[registry]",
        f"updated = {page_date.isoformat()}",
        f"source = {quote(source)}",
        "",
        "[sources]",
        f"PAGE = {quote(source)}",
    ]
    dropped = {m.id for m in page.models.values() if _unknown_replacement(m, page, registry)}
    for model in page.models.values():
        out += ["", f'[models."{model.id}"]']
        if model.id not in registry.models:
            shape = shape_of(model.id)
            out += [
                f"name = {quote(model.id)}",
                f"family = {quote(shape.family if shape else 'unknown')}",
                *derived_toml(model.id, registry),
            ]
        for name in LIFECYCLE_FIELDS:
            value = getattr(model, name)
            if value is not None:
                out.append(f"{name} = {value.isoformat()}")
        if model.state == "legacy":
            out.append("legacy = true")
        if model.on_status_table:
            cleared = [n for n in LIFECYCLE_FIELDS if getattr(model, n) is None]
            if cleared:
                out.append(f"clear = {_list(cleared)}")
        if model.replacement and model.id not in dropped:
            out.append(f"replacement = {quote(model.replacement)}")
        out.append('sources = ["PAGE"]')
    for row in page.parameters:
        out += ["", *_parameter_rule(row, registry)]
    return "\n".join(out) + "\n"


def _unknown_replacement(model: PageModel, page: Page, registry: Registry) -> bool:
    target = model.replacement
    return target is not None and target not in page.models and target not in registry.models


def without_backwards(page: Page, registry: Registry, url: str) -> tuple[Page, list[str]]:
    """The page less the rows that would move a model backwards against ``registry`` (the layers
    under it): make a deprecated or retired model active again, clear or postpone its dates. A
    stale page served as new, or a forged one, must not revive a model; one line says how many."""
    refused = {
        m.id: why for m in page.models.values() if (why := _backwards(m, registry.models.get(m.id)))
    }
    if not refused:
        return page, []
    shown = "; ".join(f"{model_id}: {why}" for model_id, why in list(refused.items())[:3])
    more = f"; and {len(refused) - 3} more" if len(refused) > 3 else ""
    rows = "row" if len(refused) == 1 else "rows"
    line = (
        f"{url}: ignored {len(refused)} {rows} that would move a model's lifecycle backwards "
        f"({shown}{more}); the data in use keeps their dates"
    )
    kept = {k: v for k, v in page.models.items() if k not in refused}
    return dataclasses.replace(page, models=kept), [line]


def _backwards(model: PageModel, known: Model | None) -> str | None:
    if known is None:
        return None
    for name, before, after in (
        ("deprecation", known.deprecated, model.deprecated),
        ("retirement", known.retired, model.retired),
    ):
        if before is not None and after is None and model.on_status_table:
            return f"its {name} of {before} cleared"
        if before is not None and after is not None and after > before:
            return f"its {name} of {before} postponed to {after}"
    if known.deprecated_undated and model.on_status_table and not model.deprecated:
        return "its deprecation cleared" if not model.retired else None
    return None


def unknown_replacements(page: Page, registry: Registry) -> list[str]:
    """One line for each replacement the overlay drops."""
    return [
        f"{m.id}: ignored the replacement {m.replacement}: the page does not list it and the "
        "data does not know it (a fix writes only known models)"
        for m in page.models.values()
        if _unknown_replacement(m, page, registry)
    ]


def _parameter_rule(row: ParameterRow, registry: Registry) -> list[str]:
    """'Returns a 400 error ... on Claude 4.7 and later models and Claude Mythos Preview': the
    models named, and the 'X and later' clause as a version (any family) or a family's model."""
    text = row.behavior
    from_version: list[str] = []
    from_models: list[str] = []
    by_name = {m.name.lower(): m.id for m in registry.models.values()}
    for m in re.finditer(r"Claude\s+((?:[A-Z][a-z]+\s+)?)(\d+(?:\.\d+)?)\s+and\s+later", text):
        family = m[1].strip().lower()
        if not family:
            from_version.append(m[2])
        elif f"claude {family} {m[2]}" in by_name:
            from_models.append(by_name[f"claude {family} {m[2]}"])
        else:
            raise PageError(f"line {row.line}: expected a known model, found {m[0]!r}")
    rest = re.sub(r"Claude\s+(?:[A-Z][a-z]+\s+)?\d+(?:\.\d+)?\s+and\s+later", "", text)
    models = [
        model_id
        for name, model_id in sorted(by_name.items(), key=lambda item: -len(item[0]))
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w|\.\d)", rest, re.IGNORECASE)
    ]
    if not (from_version or from_models or models):
        raise PageError(f"line {row.line}: expected the models the parameters apply to")
    existing = next(
        (r for r in registry.parameter_rules.values() if set(r.parameters) == set(row.parameters)),
        None,
    )
    name = existing.name if existing else "-".join(row.parameters)
    lines = [
        f'[parameter_rules."{name}"]',
        f"parameters = {_list(row.parameters)}",
        f"models = {_list(sorted(set(models)))}",
        f"from_models = {_list(from_models)}",
        f"from_version = {_list(from_version)}",
    ]
    if existing and existing.defaults:
        pairs = ", ".join(f"{k} = {v}" for k, v in existing.defaults.items())
        lines.append(f"defaults = {{ {pairs} }}")
    if existing and existing.values:  # the page's words replace the rule's, not what it matches
        lines.append(f"values = [{', '.join(_inline(v) for v in existing.values)}]")
    if existing and existing.fix_value is not None:
        lines.append(f"fix = {_inline(existing.fix_value)}")
    elif existing:
        lines.append(f"fix = {quote(existing.fix)}")
    if existing and existing.platforms:
        lines.append(f"platforms = {_list(list(existing.platforms))}")
    lines += [
        f"effect = {quote(row.behavior)}",
        f"advice = {quote(row.replacement)}",
        'sources = ["PAGE"]',
    ]
    return lines


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", " ", escaped) + '"'


def _inline(table: Mapping[str, Scalar]) -> str:
    """A TOML inline table: { type = "disabled" }."""
    pairs = (
        f"{k} = {json.dumps(v) if isinstance(v, (str, bool)) else v}" for k, v in table.items()
    )
    return "{ " + ", ".join(pairs) + " }"


def _list(items: list[str]) -> str:
    return "[" + ", ".join(quote(item) for item in items) + "]"


def diff_against(page: Page, registry: Registry, page_date: date) -> list[str]:
    """What the page changes against ``registry``: new models, deprecations, dates, replacements."""
    changes = []
    for model in page.models.values():
        known = registry.models.get(model.id)
        if known is None:
            changes.append(f"new model {model.id}" + _said(model))
            continue
        fields: list[tuple[str, Any, Any]] = [
            ("deprecated", known.deprecated, model.deprecated),
            ("retired", known.retired, model.retired),
            ("not sooner than", known.not_sooner_than, model.not_sooner_than),
            ("replacement", known.replacement, model.replacement),
        ]
        for name, before, after in fields:
            cleared = model.on_status_table and after is None and name != "replacement"
            if name == "not sooner than" and (model.deprecated or model.retired):
                cleared = False  # a deprecation supersedes the floor; nothing to report
            if before != after and (after is not None or (cleared and before is not None)):
                kind = (
                    "new deprecation"
                    if name == "deprecated" and before is None
                    else f"{name} cleared"
                    if after is None
                    else f"{name} moved"
                )
                if name == "replacement":
                    kind = "replacement re-pointed" if before else "new replacement"
                changes.append(f"{model.id}: {kind}: {before or '—'} -> {after or '—'}")
        if model.state is not None:
            computed = lifecycle(known, Platform.API, page_date).state.value
            if computed != model.state and not (model.state == "active" and computed == "legacy"):
                changes.append(
                    f"{model.id}: the page says {model.state} on {page_date}; the registry computes {computed}"
                )
    return changes


def _said(model: PageModel) -> str:
    parts = [
        f"{n} {getattr(model, n)}"
        for n in ("deprecated", "retired", "not_sooner_than")
        if getattr(model, n)
    ]
    if model.replacement:
        parts.append(f"replacement {model.replacement}")
    return f" ({', '.join(parts)})" if parts else ""
