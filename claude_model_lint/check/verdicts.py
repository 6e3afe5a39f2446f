"""The one place verdicts and messages are made: what a found id means on the as-of date.

Scanners only find ids; the registry says what it knows; this module decides.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import NamedTuple

from ..model_ids import Shape, bare, shape_of
from ..registry.data_in_use import UPDATE_COMMAND
from ..registry.lifecycle import lifecycle, newest_spelled, onward, replacement_for, spell_like
from ..registry.registry import Model, Registry
from ..types import FoundId, Lifecycle, Platform, Spelling, State
from .router_names import router_snapshots


class Verdict(NamedTuple):
    """What one found id means: a rule, a message, and the exact text a fix would write."""

    code: str
    message: str
    model: Model | None
    state: State | None
    replacement: str | None
    retires: date | None
    partial: bool = False  # a family name, or Bedrock's id without 'anthropic.': where names
    # are matched ("claude-v2" in model_id) that is only a part of a model's name
    target: str | None = None  # the model id ``replacement`` names
    # usable models before the target in its replacement chain, newest first, as (model id,
    # text in this spelling): where a request the target rejects may still go as it is
    fallbacks: tuple[tuple[str, str], ...] = ()
    head: str = ""  # the message before its advice: what the id is, and since when


def judge(found: FoundId, registry: Registry, as_of: date, page: bool = False) -> list[Verdict]:
    """Every rule that fires for ``found`` (before select/ignore and suppressions). ``page``:
    the replacement is the one the page names, not the current model its chain leads to.

    A verdict depends on how the id is spelled, not where it stands, and a repository repeats
    the same few ids thousands of times: verdicts are memoized per spelling."""
    return _judge(found._replace(start=0, end=0), registry, as_of, page)


@functools.lru_cache(maxsize=4096)
def _judge(found: FoundId, registry: Registry, as_of: date, page: bool = False) -> list[Verdict]:
    resolved = registry.resolve(found.key)
    if resolved is None and found.key.startswith("anthropic."):
        of_model = registry.resolve(bare(found.key))
        if of_model is not None:
            return [_unlisted_bedrock(found, of_model[0], registry, as_of)]
    if resolved is None:
        shape = shape_of(found.key)
        if shape is None:
            return []
        if found.in_url and _undated(found.key):
            return []  # a page's slug: .../model-garden/claude-3-5-sonnet, .../news/claude-3-opus
        named = router_snapshots(found, shape, registry)
        if named is not None:
            return _family(found, shape, registry, as_of, named) or []
        if _family_name(found.key, shape):
            family = _family(found, shape, registry, as_of)
            if family is not None:
                return family
        return [_unknown(found, shape, registry)]
    model, kind = resolved
    life = lifecycle(model, kind.platform, as_of)
    if life.state in (State.RETIRED, State.DEPRECATED, State.LEGACY):
        verdict = _moved_on(found, model, kind, life, registry, page=page)
        return [verdict._replace(partial=_vendorless(found, kind))]
    verdicts = []
    if kind is Spelling.ALIAS:
        verdicts.append(
            Verdict(
                "CML005",
                f"{found.text} is an alias of {model.id} and moves when a new snapshot ships; "
                f"pin it to {model.id}",
                model, life.state, model.id, life.retired,
            )
        )  # fmt: skip
    nst = life.not_sooner_than
    if nst is not None and as_of >= nst:
        verdicts.append(
            Verdict(
                "CML006",
                f"{found.text} is active, but its retirement window opened on {nst} "
                f"({_ago(as_of, nst)}): a deprecation notice can come any time",
                model, life.state, None, life.retired,
            )
        )  # fmt: skip
    return verdicts


def _unlisted_bedrock(found: FoundId, model: Model, registry: Registry, as_of: date) -> Verdict:
    """A Bedrock spelling of a known model that the registry does not list: judged by the
    model's Bedrock lifecycle, never fixed (the right spelling of its replacement is not known
    either), and never silent, since a wrong Bedrock id fails as surely as a retired one."""
    if model.bedrock:  # the model's Bedrock ids are known: this one is likely a typo
        return Verdict(
            "CML004",
            f"{found.text} is not a Bedrock id the registry knows for {model.id}; "
            f"did you mean {' or '.join(model.bedrock)}?",
            None, None, None, None,
        )  # fmt: skip
    life = lifecycle(model, Platform.BEDROCK, as_of)
    if life.state in (State.RETIRED, State.DEPRECATED, State.LEGACY):
        subject = f"{found.text} (a Bedrock spelling of {model.id} the registry does not list)"
        why = "its Bedrock spelling is not known"
        return _moved_on(found, model, None, life, registry, Platform.BEDROCK, subject, why)
    return Verdict(
        "CML004",
        f"{found.text}: the registry knows {model.id} but no Bedrock id for it; check the "
        "spelling, or add it with a registry overlay",
        None, None, None, None,
    )  # fmt: skip


def _vendorless(found: FoundId, kind: Spelling) -> bool:
    return kind is Spelling.BEDROCK and "anthropic." not in found.text


def _family_name(key: str, shape: Shape) -> bool:
    """An undated API-style name of a family and version (claude-3-opus, claude-sonnet-4), with
    the family spelled right: routers use these, and so do people. Bedrock and Vertex spellings,
    dated ids and '-latest' pointers are never family names."""  # claude-model-lint: ignore[CML001]
    return _undated(key) and not key.endswith("-latest") and shape.family in key


def _undated(key: str) -> bool:
    """An API-style name without a snapshot date (not a Bedrock or Vertex spelling)."""
    return not key.startswith("anthropic.") and "@" not in key and re.search(r"\d{8}", key) is None


def _family(
    found: FoundId, shape: Shape, registry: Registry, as_of: date,
    snapshots: list[Model] | None = None,
) -> list[Verdict] | None:  # fmt: skip
    """A family name (openrouter/anthropic/claude-3-opus, or a bare claude-3-opus): whoever
    serves it decides which snapshot it means, so it is judged only when every snapshot of that
    family and version is in the same state, and never fixed (the name to write for the
    replacement is not known). None when the registry has no such snapshot: an unknown id.

    The verdict depends on the name alone, never on the router prefix before it (one spelling,
    one verdict); a router only says whose dates apply, and which names are its own
    (``snapshots``, from router_names: one model's name is judged as that model, legacy
    included)."""  # claude-model-lint: ignore[CML001]
    router = found.router or ""
    platform = (
        Platform.VERTEX if "vertex" in router
        else Platform.BEDROCK if "bedrock" in router
        else Platform.API
    )  # fmt: skip
    named_one = snapshots is not None and len(snapshots) == 1
    if snapshots is None:  # else the router's own name says which (router_names)
        snapshots = [m for m in registry.models.values() if shape_of(m.id) == shape]
    if not snapshots:
        return None
    lives = [lifecycle(m, platform, as_of) for m in snapshots]
    if len({life.state for life in lives}) != 1:
        return []
    judged = {State.RETIRED, State.DEPRECATED} | ({State.LEGACY} if named_one else set())
    if lives[0].state not in judged:
        return []
    model, life = max(
        zip(snapshots, lives, strict=True), key=lambda pair: pair[1].retired or date.max
    )
    names = " or ".join(m.id for m in snapshots)
    whose = "the router's name" if found.router else "a family name"
    subject = f"{found.text} ({whose} for {names})"
    return [_moved_on(found, model, None, life, registry, platform, subject)._replace(partial=True)]


def _moved_on(
    found: FoundId,
    model: Model,
    kind: Spelling | None,
    life: Lifecycle,
    registry: Registry,
    platform: Platform | None = None,
    subject: str | None = None,
    why_unspelled: str | None = None,
    page: bool = False,
) -> Verdict:
    """CML001/2/3; ``kind`` None is a family name, which is judged but never fixed."""
    platform = platform or (kind.platform if kind else Platform.API)
    dates = _dates_label(life, platform)
    if life.state is State.RETIRED:
        code, what = "CML001", f"is retired since {life.retired} ({dates}): requests fail"
    elif life.state is State.DEPRECATED:
        code = "CML002"
        since = "" if life.deprecated_undated else f" since {life.deprecated}"
        if life.retired is None:
            what = f"is deprecated{since} ({dates}; retirement date not yet announced)"
        else:
            what = (
                f"is deprecated{since} and retires on {life.retired} "
                f"({_in_days(life.days_left or 0)}; {dates})"
            )
    else:
        since = f" since {model.legacy}" if model.legacy else ""
        code = "CML003"
        what = f"is legacy{since} ({dates}): it still works but gets no more updates"
    found_replacement = replacement_for(registry, model, platform, life.as_of)
    text: str | None = None
    target: str | None = None
    fallbacks: tuple[tuple[str, str], ...] = ()
    if found_replacement.model is None:
        advice = f"no fix: {found_replacement.reason}"
    else:
        first = found_replacement.model
        steps = (first,) if page else onward(registry, first, platform, life.as_of)
        if kind is None:
            whose = "the router's" if found.router else "the family"
            text, why_not = None, why_unspelled or f"{whose} name for it is not known"
            advice = f"use {steps[-1].id} (no fix: {why_not})"
        else:
            said = {m.id: spell_like(m, found, kind) for m in steps}
            spelled = [(m, *said[m.id]) for m in reversed(steps)]
            usable_texts = newest_spelled(steps, lambda m: said[m.id][0])
            if usable_texts:
                chosen, text = usable_texts[0]
                target = chosen.id
                fallbacks = tuple((m.id, t) for m, t in usable_texts[1:])
                advice = f"use {text}" + _why_not_newest(steps, chosen, spelled, first)
            else:  # say the reason that is not only a missing spelling, if there is one
                m, _, why = next(
                    (x for x in spelled if not x[2].startswith(f"{x[0].id} has no")), spelled[0]
                )
                advice = f"use {m.id} (no fix: {why})"
    if code == "CML003":
        text = None  # legacy: a suggestion only
        fallbacks, target = (), None
        if found_replacement.model is not None:
            target = onward(registry, found_replacement.model, platform, life.as_of)[-1].id
            advice = f"consider {target}"
    message = f"{subject or found.text} {what}; {advice}"
    return Verdict(
        code, message, model, life.state, text, life.retired, target=target, fallbacks=fallbacks,
        head=f"{subject or found.text} {what}",
    )  # fmt: skip


def _why_not_newest(
    steps: tuple[Model, ...], chosen: Model, spelled: list[tuple[Model, str | None, str]],
    first: Model,
) -> str:  # fmt: skip
    """Say so when the fix goes past the page's named replacement, or stops short of the
    current model for want of a spelling on this platform."""
    newest = steps[-1]
    if chosen is not newest:
        why = next(w for m, _, w in spelled if m is newest).removeprefix(f"{newest.id} ")
        return f" ({newest.id} is current, but {why})"
    if chosen is not first:
        return f" (the page names {first.id}, which is legacy now)"
    return ""


def _dates_label(life: Lifecycle, platform: Platform) -> str:
    names = {Platform.API: "Claude API", Platform.BEDROCK: "Bedrock", Platform.VERTEX: "Vertex AI"}
    if life.fallback:
        return f"Claude API dates; {names[platform]} publishes none"
    return f"{names[life.platform]} dates"


def _in_days(days: int) -> str:
    return "tomorrow" if days == 1 else f"in {days} days"


def _ago(as_of: date, then: date) -> str:
    days = (as_of - then).days
    return "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"


def _unknown(found: FoundId, shape: Shape, registry: Registry) -> Verdict:
    newest = max(
        (s.version for s in map(shape_of, registry.models) if s and s.family == shape.family),
        default=None,
    )
    if newest is not None and shape.version > newest and _plausible(found.key, shape):
        return Verdict(
            "CML008",
            f"{found.text} is not in the model data of {registry.updated}: it looks like a "
            f"Claude model newer than the data knows; {UPDATE_COMMAND} reads it",
            None, None, None, None,
        )  # fmt: skip
    close = _suggestions(found, shape, registry)
    hint = f"did you mean {' or '.join(close)}?" if close else "no close match"
    return Verdict(
        "CML004",
        f"{found.text} looks like a Claude model id but is not in the registry; {hint}",
        None, None, None, None,
    )  # fmt: skip


def _plausible(key: str, shape: Shape) -> bool:
    """A newer model's id, not a typo: the family spelled right, the API's spelling (Vertex's
    '@' form is never a new model's first name), and any snapshot date a real day."""
    if "@" in key or shape.family.removeprefix("claude-") not in key:
        return False
    day = re.search(r"\d{8}", key)
    if day is None:
        return True
    try:
        date(int(day[0][:4]), int(day[0][4:6]), int(day[0][6:]))
    except ValueError:
        return False
    return True


def _suggestions(found: FoundId, shape: Shape, registry: Registry) -> list[str]:
    """Known ids of the same platform spelling: same snapshot date, same version, then similar."""
    key = found.key
    kind = "vertex" if found.router and "vertex" in found.router else _kind_of(key)
    pool = [k for k in registry.index if _kind_of(k) == kind]
    date_part = re.search(r"\d{8}", key)
    same_date = [k for k in pool if date_part and date_part.group(0) in k]
    same_shape = [k for k in pool if shape_of(k) == shape]
    import difflib  # only an unknown id pays for it

    similar = difflib.get_close_matches(key, pool, n=3, cutoff=0.75)
    return list(dict.fromkeys([*same_date, *same_shape, *similar]))[:3]


def _kind_of(key: str) -> str:
    return "bedrock" if key.startswith("anthropic.") else "vertex" if "@" in key else "api"
