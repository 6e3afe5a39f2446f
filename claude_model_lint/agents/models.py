"""Model facts for an agent, from the registry the checks use: which id to write for a family on a
platform, and one id's lifecycle with its sources.

The registry knows lifecycles, not release dates: on a date in the past, "recommended" is the
newest model that was active then among the models the data knows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..check.verdicts import judge
from ..model_ids import find_ids, shape_of
from ..registry.lifecycle import current_for, lifecycle
from ..registry.registry import Model, Registry
from ..types import Platform, Spelling, State
from .checking import BadInput, shown

FAMILIES = ("opus", "sonnet", "haiku", "fable", "mythos")
PLATFORMS = tuple(p.value for p in Platform)
_SPELLING = {Platform.API: Spelling.ID, Platform.BEDROCK: Spelling.BEDROCK,
             Platform.VERTEX: Spelling.VERTEX}  # fmt: skip


def recommended_model(
    registry: Registry, family: str, platform: str, as_of: date
) -> dict[str, Any]:
    """The newest active model of ``family`` that has an id on ``platform`` (where none is active,
    the newest legacy one, said in ``state``), spelled as that platform wants it (a Bedrock id
    without a cross-region prefix: the caller's region adds it). Only a published id: a derived
    one is not enough, as the agent writes what it gets."""
    family = family.strip().lower()
    if family not in FAMILIES:
        raise BadInput(f"family: {shown(family)} is not one of {', '.join(FAMILIES)}")
    where = _platform(platform)
    kind = _SPELLING[where]
    candidates = [
        m
        for m in registry.models.values()
        if m.family == family
        and m.published(kind)
        and lifecycle(m, where, as_of).state in (State.ACTIVE, State.LEGACY)
    ]
    if not candidates:
        raise BadInput(f"no usable {family} model with a {where.value} id as of {as_of}")
    model = max(candidates, key=lambda m: (lifecycle(m, where, as_of).state is State.ACTIVE,
                                           _version(m)))  # fmt: skip
    life = lifecycle(model, where, as_of)
    return {
        "id": model.published(kind)[0],  # never a derived id: an agent would write it
        "model": model.id,
        "name": model.name,
        "platform": where.value,
        "as_of": str(as_of),
        "state": life.state.value,
        "not_sooner_than": _day(life.not_sooner_than),
        "data_updated": str(registry.updated),
    }


def model_lifecycle(registry: Registry, model_id: str, as_of: date) -> dict[str, Any]:
    """One id (any spelling): the model, its state on ``as_of`` by its platform's dates, every
    platform's dates, what to use instead and the sources the registry names."""
    text = model_id.strip()
    found = next(iter(find_ids(text)), None)
    if found is None or found.text != text:
        raise BadInput(f"id: {shown(model_id)} is not a Claude model id")
    resolved = registry.resolve(found.key)
    if resolved is None:
        verdicts = judge(found, registry, as_of)
        why = verdicts[0].message if verdicts else "not in the registry"
        raise BadInput(f"id: {shown(model_id)} is not a known model ({why})")
    model, spelling = resolved
    life = lifecycle(model, spelling.platform, as_of)
    spelled = next((v.replacement for v in judge(found, registry, as_of) if v.replacement), None)
    chosen = current_for(registry, model, life.platform, as_of)
    replacement: dict[str, Any] | None = None
    if life.state is not State.ACTIVE:
        replacement = {
            "model": chosen.model.id if chosen.model else None,
            "written_here_as": spelled,
            "reason": chosen.reason or None,
        }
    return {
        "id": text,
        "model": model.id,
        "name": model.name,
        "family": model.family,
        "spelling": spelling.value,
        "as_of": str(as_of),
        "state": life.state.value,
        "judged_by": life.platform.value,
        "dates": _dates(model),
        "replacement": replacement,
        "sources": {key: registry.sources.get(key, key) for key in model.sources},
        "notes": model.notes or None,
        "data_updated": str(registry.updated),
    }


def _platform(text: str) -> Platform:
    try:
        return Platform(text.strip().lower())
    except ValueError:
        raise BadInput(f"platform: {shown(text)} is not one of {', '.join(PLATFORMS)}") from None


def _version(model: Model) -> tuple[int, ...]:
    shape = shape_of(model.id)
    return shape.version if shape else ()


def _dates(model: Model) -> dict[str, dict[str, Any]]:
    dates = {
        "api": {
            "deprecated": "undated" if model.deprecated_undated else _day(model.deprecated),
            "retired": _day(model.retired),
            "not_sooner_than": _day(model.not_sooner_than),
            "legacy": "undated" if model.legacy_undated else _day(model.legacy),
        }
    }
    for name, own in model.platform_dates.items():
        dates[name] = {
            "deprecated": _day(own.deprecated),
            "retired": _day(own.retired),
            "not_sooner_than": _day(own.not_sooner_than),
            "source": own.source,
        }
    return dates


def _day(value: date | None) -> str | None:
    return None if value is None else str(value)
