"""The CML rules: stable codes, their metadata, and the one place verdicts and messages are made.

Scanners only find ids; this module alone decides what a found id means on the as-of date.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass, replace
from datetime import date

from .lifecycle import lifecycle, replacement_for, spell_like
from .model_ids import Shape, shape_of
from .registry import Model, Registry
from .types import FoundId, Lifecycle, Platform, Severity, Spelling, State

DOCS_URL = "https://github.com/claude-model-lint/claude-model-lint/blob/main/docs/rules.md"


class Code(str, enum.Enum):
    RETIRED_MODEL = "CML001"
    """Retired on the as-of date: every request that names it fails."""
    DEPRECATED_MODEL = "CML002"
    """Deprecated: it still answers, until its retirement date."""
    LEGACY_MODEL = "CML003"
    """Legacy: it gets no more updates and may be deprecated next."""
    UNKNOWN_MODEL = "CML004"
    """Shaped like a Claude model id, but not in the registry: a typo, or newer than the data."""
    FLOATING_ALIAS = "CML005"
    """An alias that moves to a new snapshot without a code change."""
    RETIREMENT_WINDOW_OPEN = "CML006"
    """Active, but its earliest possible retirement date has passed."""
    UNSUPPORTED_PARAMETER = "CML007"
    """A request parameter the call's model rejects."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    enabled_by_default: bool
    summary: str
    explanation: str
    fix: str
    example: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            Code.RETIRED_MODEL.value, "retired-model", Severity.ERROR, True,
            "retired on the as-of date: requests fail",
            "After its retirement date Anthropic (or the cloud platform) rejects every request "
            "that names the model, so the code fails at run time. Bedrock and Vertex AI ids are "
            "judged by the platform's own dates where they are published.",
            "Rewritten to the recommended replacement, in the same spelling (Bedrock stays "
            "Bedrock with its regional prefix, Vertex stays Vertex, an alias stays an alias).",
            'client.messages.create(model="claude-3-opus-20240229", ...)',
        ),
        Rule(
            Code.DEPRECATED_MODEL.value, "deprecated-model", Severity.WARNING, True,
            "deprecated; retires on a set date",
            "A deprecated model still answers, but it is closed to new customers and retires on "
            "the date shown; after that date this finding becomes CML001. Move before then.",
            "Rewritten to the recommended replacement, in the same spelling.",
            'model: "us.anthropic.claude-3-haiku-20240307-v1:0"',
        ),
        Rule(
            Code.LEGACY_MODEL.value, "legacy-model", Severity.WARNING, True,
            "legacy: no more updates",
            "A legacy model gets no more updates and is the next candidate for deprecation.",
            "No automatic fix; the message suggests the replacement.",
            'MODEL = "claude-x-legacy"',
        ),
        Rule(
            Code.UNKNOWN_MODEL.value, "unknown-model", Severity.WARNING, True,
            "looks like a Claude model id but is not in the registry",
            "The text has the shape of a Claude model id (family, version, date) but no model of "
            "that spelling is known: usually a typo or a date from another model, which fails "
            "with a 404. An id that looks newer than the registry may be real: update the tool "
            "or add it with a registry overlay.",
            "No fix; the message suggests the closest known ids.",
            'model="claude-opus-4-5-20250929"',
        ),
        Rule(
            Code.FLOATING_ALIAS.value, "floating-alias", Severity.WARNING, False,
            "an alias that moves to new snapshots",
            "Aliases such as claude-3-5-sonnet-latest or claude-sonnet-4-5 point to the newest "
            "snapshot and can change behaviour without a code change. Off by default.",
            "Pinned to the snapshot the alias points to today.",
            'model="claude-haiku-4-5"',
        ),
        Rule(
            Code.RETIREMENT_WINDOW_OPEN.value, "retirement-window-open", Severity.INFO, False,
            "active, but its not-sooner-than retirement date has passed",
            "The model is still active, but Anthropic has passed the earliest date on which it "
            "may retire (the page's 'not sooner than' date); a deprecation notice can come any "
            "time, with at least 60 days' warning. Off by default.",
            "No fix.",
            'model="claude-sonnet-4-5-20250929"',
        ),
        Rule(
            Code.UNSUPPORTED_PARAMETER.value, "unsupported-parameter", Severity.ERROR, True,
            "a request parameter the call's model rejects",
            "Some models reject request parameters: temperature, top_p and top_k with a non-default "
            "value return a 400 error on Claude Opus 4.7 and later Opus models and on Claude Mythos "
            "Preview. Reported in Python calls to messages.create / messages.stream (also beta, "
            "Bedrock and Vertex clients, and **dict literals) whose model is a literal or a module "
            "constant; a model the linter cannot resolve is not judged. When --fix moves a call to "
            "such a model, the fix message says the call needs attention.",
            "Only with --unsafe-fixes: the argument is removed (the model's behaviour changes).",
            'client.messages.create(model="claude-opus-4-8", temperature=0.2, ...)',
        ),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    """What one found id means: a rule, a message, and the exact text a fix would write."""

    code: str
    message: str
    model: Model | None
    state: State | None
    replacement: str | None
    retires: date | None


def judge(found: FoundId, registry: Registry, as_of: date) -> list[Verdict]:
    """Every rule that fires for ``found`` (before select/ignore and suppressions).

    A verdict depends on how the id is spelled, not where it stands, and a repository repeats
    the same few ids thousands of times: verdicts are memoized per spelling."""
    return _judge(replace(found, start=0, end=0), registry, as_of)


@functools.lru_cache(maxsize=4096)
def _judge(found: FoundId, registry: Registry, as_of: date) -> list[Verdict]:
    resolved = registry.resolve(found.key)
    if resolved is None:
        shape = shape_of(found.key)
        if shape is None:
            return []
        if found.router is not None and not re.search(r"\d{8}", found.key):
            return _router_family(found, shape, registry, as_of)
        return [_unknown(found, shape, registry)]
    model, kind = resolved
    life = lifecycle(model, kind.platform, as_of)
    if life.state in (State.RETIRED, State.DEPRECATED, State.LEGACY):
        return [_moved_on(found, model, kind, life, registry)]
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


def _router_family(found: FoundId, shape: Shape, registry: Registry, as_of: date) -> list[Verdict]:
    """A router's undated family name (openrouter/anthropic/claude-3-opus): the router decides
    which snapshot it means, so it is judged only when every snapshot of that family and
    version is in the same state, and never fixed (the router's name for the replacement is
    not known)."""
    router = found.router or ""
    platform = (
        Platform.VERTEX if "vertex" in router
        else Platform.BEDROCK if "bedrock" in router
        else Platform.API
    )  # fmt: skip
    snapshots = [m for m in registry.models.values() if shape_of(m.id) == shape]
    lives = [lifecycle(m, platform, as_of) for m in snapshots]
    if not lives or len({life.state for life in lives}) != 1:
        return []
    if lives[0].state not in (State.RETIRED, State.DEPRECATED):
        return []
    model, life = max(
        zip(snapshots, lives, strict=True), key=lambda pair: pair[1].retired or date.max
    )
    names = " or ".join(m.id for m in snapshots)
    subject = f"{found.text} (the router's name for {names})"
    return [_moved_on(found, model, None, life, registry, platform, subject)]


def _moved_on(
    found: FoundId,
    model: Model,
    kind: Spelling | None,
    life: Lifecycle,
    registry: Registry,
    platform: Platform | None = None,
    subject: str | None = None,
) -> Verdict:
    """CML001/2/3; ``kind`` None is a router's family name, which is judged but never fixed."""
    platform = platform or (kind.platform if kind else Platform.API)
    dates = _dates_label(life, platform)
    if life.state is State.RETIRED:
        code, what = "CML001", f"is retired since {life.retired} ({dates}): requests fail"
    elif life.state is State.DEPRECATED:
        code = "CML002"
        since = "" if life.deprecated_undated else f" since {life.deprecated}"
        if life.retired is None:
            what = f"is deprecated{since} ({dates}; no retirement date published)"
        else:
            what = (
                f"is deprecated{since} and retires on {life.retired} "
                f"({_in_days(life.days_left or 0)}; {dates})"
            )
    else:
        code, what = "CML003", f"is legacy since {model.legacy} ({dates}): no more updates"
    found_replacement = replacement_for(registry, model, platform, life.as_of)
    text: str | None = None
    if found_replacement.model is None:
        advice = f"no fix: {found_replacement.reason}"
    else:
        target = found_replacement.model.id
        if kind is None:
            text, why_not = None, "the router's name for it is not known"
        else:
            text, why_not = spell_like(found_replacement.model, found, kind)
        advice = f"use {text}" if text else f"use {target} (no fix: {why_not})"
    if code == "CML003":
        text = None  # legacy: a suggestion only
    message = f"{subject or found.text} {what}; {advice}"
    return Verdict(code, message, model, life.state, text, life.retired)


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
    if newest is not None and shape.version > newest and "@" not in found.key:
        hint = (
            f"it looks newer than the registry (updated {registry.updated}): "
            "upgrade claude-model-lint or add it with a registry overlay"
        )
    else:
        close = _suggestions(found.key, shape, registry)
        hint = f"did you mean {' or '.join(close)}?" if close else "no close match"
    return Verdict(
        "CML004",
        f"{found.text} looks like a Claude model id but is not in the registry; {hint}",
        None, None, None, None,
    )  # fmt: skip


def _suggestions(key: str, shape: Shape, registry: Registry) -> list[str]:
    """Known ids of the same platform spelling: same snapshot date, same version, then similar."""
    kind = _kind_of(key)
    pool = [k for k in registry.index if _kind_of(k) == kind]
    date_part = re.search(r"\d{8}", key)
    same_date = [k for k in pool if date_part and date_part.group(0) in k]
    same_shape = [k for k in pool if shape_of(k) == shape]
    import difflib  # only an unknown id pays for it

    similar = difflib.get_close_matches(key, pool, n=3, cutoff=0.75)
    return list(dict.fromkeys([*same_date, *same_shape, *similar]))[:3]


def _kind_of(key: str) -> str:
    return "bedrock" if key.startswith("anthropic.") else "vertex" if "@" in key else "api"
