"""A fix is a migration of the request an id configures, not a string replacement.

The scanners say which requests an id feeds (its own call, the calls that read its constant or
its parameter's default, a wrapper's constructor, the sibling keys of a config mapping); this
module asks CML007's rules whether the replacement accepts each of them as it is. When it does
not, the fix lands on an older model of the replacement chain that still does (legacy models
take ``temperature``), or becomes one unsafe fix: the id and the parameter change together, or
no fix at all when no change to the parameter is known. A safe fix never produces a request
the replacement rejects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from ..model_ids import find_ids
from .parameters import edit_for, rejected, render, written

if TYPE_CHECKING:
    from ..registry.registry import Registry
    from ..scanners.calls import CallSite
    from .parameters import Match
    from .verdicts import Verdict

Edit = tuple[int, int, str]
NOT_FOLLOWED = "not followed: "  # a request's ``via`` when the scanner saw the id go elsewhere


class Migration(NamedTuple):
    replacement: str | None  # what the id becomes (None: not fixed)
    advice: str  # what the message says after the verdict's head
    companions: tuple[Edit, ...] = ()  # the parameter edits that go with the id's
    unsafe: str | None = None  # why only --unsafe-fixes applies it


def migrate(
    verdict: Verdict, requests: Iterable[CallSite], registry: Registry, lines: Mapping[int, str]
) -> Migration | None:
    """How to move the requests ``verdict``'s id feeds; None when its replacement accepts them
    all as they are (the verdict stands)."""
    requests = tuple(requests)
    text, target = verdict.replacement, verdict.target
    if text is None or target is None:
        return None
    refused = _rejected(requests, text, registry)
    if not refused:
        return None
    what = _described(refused, lines)
    for _older_id, older_text in verdict.fallbacks:  # newest first: as far as the request allows
        if not _rejected(requests, older_text, registry):
            changes = _changes(refused)
            how = f"; {changes} to move there" if changes else ""
            return Migration(
                older_text,
                f"use {older_text}, which accepts this request as it is ({target} is current, "
                f"but rejects {what}{how})",
            )
    edits = [(use, rule, edit_for(use, rule)) for use, rule, _ in refused]
    if any(edit is None for _, _, edit in edits):
        manual = next(rule.advice for _, rule, edit in edits if edit is None)
        return Migration(
            None,
            f"use {text} (not fixed: {target} rejects {what}, which needs a change by hand: "
            f"{manual})",
        )
    companions = tuple(
        sorted(
            {(use.value_start if new else use.start, use.end, new or "") for use, _, new in edits}
        )
    )
    why = "the migration changes the request too: one unsafe fix, --unsafe-fixes applies both"
    return Migration(
        text, f"use {text} and {_changes(refused)} ({target} rejects {what})", companions, why
    )


def moving_needs(
    target: str, requests: Iterable[CallSite], registry: Registry, lines: Mapping[int, str]
) -> str:
    """What moving the requests to ``target`` (a legacy model's suggestion) needs: '' if nothing."""
    refused = _rejected(tuple(requests), target, registry)
    if not refused:
        return ""
    return f" ({target} rejects {_described(refused, lines)}: {_changes(refused)} to move there)"


def _rejected(requests: tuple[CallSite, ...], text: str, registry: Registry) -> list[Match]:
    found = find_ids(text)
    resolved = registry.resolve(found[0].key) if found else None
    if resolved is None:
        return []
    model, spelling = resolved
    out: list[Match] = []
    for request in requests:
        out.extend(rejected(request, model, registry, spelling.platform))
    return out


def _described(refused: list[Match], lines: Mapping[int, str]) -> str:
    said = dict.fromkeys(
        f"{written(use, pattern, lines[use.line])} (line {use.line})" if use.line in lines
        else use.name
        for use, _, pattern in refused
    )  # fmt: skip
    return ", ".join(said)


def _changes(refused: list[Match]) -> str:
    """What moving the request needs, as CML007's rules say: 'remove temperature', ..."""
    out: dict[str, None] = {}
    for use, rule, _ in refused:
        new = edit_for(use, rule)
        if new == "":
            out[f"remove {use.name}"] = None
        elif new is not None and rule.fix_value is not None:
            out[f"set {use.name} to {render(dict(rule.fix_value))}"] = None
        else:
            out[rule.advice] = None
    return ", ".join(out)
