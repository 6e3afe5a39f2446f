"""A model's state on a date, on a platform; the replacement to use; that replacement's spelling.

States are computed from dates, never copied from a table: a model whose retirement date has
passed is retired, whatever the page said when the data was written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from ..model_ids import is_template
from ..types import FoundId, Lifecycle, Platform, Spelling, State
from .registry import Model, Registry


def lifecycle(model: Model, platform: Platform, as_of: date) -> Lifecycle:
    """Judge by the platform's own dates where the registry has them, else by the Claude API's."""
    own = model.platform_dates.get(platform.value) if platform is not Platform.API else None
    not_sooner_than = model.not_sooner_than
    if own is not None:
        deprecated, retired, used, fallback = own.deprecated, own.retired, platform, False
        undated = False
        not_sooner_than = own.not_sooner_than or not_sooner_than
    else:
        deprecated, retired = model.deprecated, model.retired
        undated, used, fallback = (
            model.deprecated_undated,
            Platform.API,
            platform is not Platform.API,
        )
    if retired is not None and as_of >= retired:
        state = State.RETIRED
    elif undated or (deprecated is not None and as_of >= deprecated):
        state = State.DEPRECATED
    elif model.legacy_undated or (model.legacy is not None and as_of >= model.legacy):
        state = State.LEGACY
    else:
        state = State.ACTIVE
    return Lifecycle(
        state=state,
        as_of=as_of,
        platform=used,
        fallback=fallback,
        deprecated=deprecated,
        deprecated_undated=undated,
        retired=retired,
        not_sooner_than=not_sooner_than,
    )


def usable(model: Model, platform: Platform, as_of: date) -> bool:
    return lifecycle(model, platform, as_of).state not in (State.DEPRECATED, State.RETIRED)


class Replacement(NamedTuple):
    """Where a chain of replacements ends: a usable model, or None with the reason."""

    model: Model | None
    chain: tuple[str, ...]
    reason: str = ""


def replacement_for(
    registry: Registry, model: Model, platform: Platform, as_of: date
) -> Replacement:
    """Follow replacements to the first model still usable on ``as_of`` (cycles stop the walk);
    ``onward`` goes on from there through legacy models to the current one, keeping each step:
    a request the current model rejects may stop at a legacy one that accepts it."""
    chain: list[str] = [model.id]
    current = model
    while current.replacement is not None:
        if current.replacement in chain:
            return Replacement(None, tuple(chain), f"replacement cycle at {current.replacement}")
        current = registry.models[current.replacement]
        chain.append(current.id)
        if usable(current, platform, as_of):
            return Replacement(current, tuple(chain))
    if current is model:
        return Replacement(None, tuple(chain), "the registry names no replacement")
    return Replacement(None, tuple(chain), f"its replacement {current.id} is not usable either")


def onward(registry: Registry, first: Model, platform: Platform, as_of: date) -> tuple[Model, ...]:
    """From the first usable replacement on through legacy models to the one the data recommends
    (Claude Haiku 3 -> Haiku 4.5, legacy now -> Haiku 5.5), so that
    one migration suffices; oldest first. Only usable models; a cycle ends the walk."""
    steps = [first]
    current = first
    while current.replacement is not None and current.replacement not in {m.id for m in steps}:
        if lifecycle(current, platform, as_of).state is not State.LEGACY:
            break
        following = registry.models.get(current.replacement)
        if following is None or not usable(following, platform, as_of):
            break
        if known_only_from(registry, following):
            break
        steps.append(following)
        current = following
    return tuple(steps)


def known_only_from(registry: Registry, model: Model) -> str | None:
    """The one fetched source that names ``model`` when neither the bundled data nor the user's
    overlays do, nor the other fetched source: a fix never writes such a model (issue 36 item 2;
    a forged page listing an id in its status table and naming it as a replacement)."""
    named = registry.fetched_only.get(model.id, ())
    return named[0].removeprefix("fetched ") if len(named) == 1 else None


def current_for(registry: Registry, model: Model, platform: Platform, as_of: date) -> Replacement:
    """The model a plain fix writes: the chain's first usable model, then on through legacy
    models to the newest one spelled on ``platform`` (listings, hovers and agents say this)."""
    chosen = replacement_for(registry, model, platform, as_of)
    if chosen.model is None:
        return chosen
    steps = onward(registry, chosen.model, platform, as_of)
    spelled = newest_spelled(steps, lambda step: _spelling_on(step, platform))
    last = spelled[0][0] if spelled else chosen.model
    return Replacement(last, chosen.chain + tuple(m.id for m in steps[1 : steps.index(last) + 1]))


def newest_spelled(
    steps: Sequence[Model], spell: Callable[[Model], str | None]
) -> list[tuple[Model, str]]:
    """The one place that decides which of the ``onward`` steps a fix writes: those ``spell``
    can write on the id's platform, newest first, each with its text (the first is the fix, the
    others its fallbacks, for a request the newest rejects)."""
    return [(step, text) for step in reversed(steps) if (text := spell(step))]


def _spelling_on(model: Model, platform: Platform) -> str | None:
    """The model's id on ``platform`` as a source published it, if one did (a derived spelling
    is not enough for a fix to write)."""
    if platform is Platform.API:
        return model.id
    spellings = model.published(
        Spelling.BEDROCK if platform is Platform.BEDROCK else Spelling.VERTEX
    )
    return spellings[0] if spellings else None


def spell_like(target: Model, found: FoundId, kind: Spelling) -> tuple[str | None, str]:
    """Write ``target`` the way ``found`` was written: (text, '') or (None, why not)."""
    if found.context_suffix:
        return None, f"no known equivalent of the context variant {found.context_suffix}"
    if found.beta:
        return None, "no known ':beta' variant of the replacement"
    if kind in (Spelling.ID, Spelling.ALTERNATE):
        return target.id, ""
    if kind is Spelling.ALIAS:
        return (target.aliases[0] if target.aliases else target.id), ""
    spellings = target.published(kind)
    if not spellings:
        derived = target.spellings(kind)
        if derived:
            return None, (
                f"{target.id}'s {_label(kind)} id {derived[0]} is derived from its family's, "
                "not published; a fix writes only published ids"
            )
        return None, f"{target.id} has no known {_label(kind)} id"
    text = spellings[0]
    if kind is Spelling.BEDROCK and is_template(found.region):
        return None, f"the region comes from the template {found.region}, which decides it"
    if kind is Spelling.BEDROCK and "anthropic." not in found.text:
        return None, "written without 'anthropic.', it may be another platform's name for it"
    if kind is Spelling.BEDROCK and found.region:
        text = f"{found.region}.{text}"
    for encoded in ("%3A", "%3a"):  # a runtime URL's '-v1%3A0' is rewritten in its own form
        if encoded in found.text:
            text = text.replace(":", encoded)
    return text, ""


def _label(kind: Spelling) -> str:
    return {"bedrock": "Bedrock", "vertex": "Vertex AI", "openrouter": "OpenRouter"}.get(
        kind.value, kind.value
    )
