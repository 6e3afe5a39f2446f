"""The last check before a fix is offered: its text must re-scan as exactly one known id.

Registry data is validated at load, but --fix writes into people's code, so the text it writes is
checked again where it is used, independently: it must read, alone, as one id that the registry
knows, and not from one fetched source alone, spelled the way the id it replaces was spelled (same
platform, same region prefix).
"""

from __future__ import annotations

from ..model_ids import find_ids
from ..registry.lifecycle import known_only_from
from ..registry.registry import Model, Registry
from ..types import FoundId, Spelling

_API_SPELLINGS = frozenset({Spelling.ID, Spelling.ALIAS, Spelling.ALTERNATE})


class Guard:
    """``refusal`` for one file's findings: the same id and replacement are checked once."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._known: dict[tuple[str, str, str, str | None, bool], str | None] = {}

    def refusal(self, replacement: str, found: FoundId) -> str | None:
        key = (replacement, found.text, found.key, found.region, found.beta)
        if key not in self._known:
            self._known[key] = refusal(replacement, found, self.registry)
        return self._known[key]


def refusal(replacement: str, found: FoundId, registry: Registry) -> str | None:
    """Why ``replacement`` must not be written in place of ``found`` (None: it may be)."""
    ids = find_ids(replacement)
    if len(ids) != 1 or ids[0].start != 0 or ids[0].end != len(replacement):
        return f"{replacement!r} does not read as exactly one model id"
    new = ids[0]
    resolved = registry.resolve(new.key)
    if resolved is None:
        return f"{replacement!r} is not a model id the registry knows"
    only = known_only_from(registry, resolved[0])
    if only:
        return f"{resolved[0].id} is known only from {only}"
    vendor = "anthropic."
    if new.region != found.region or new.key.startswith(vendor) != found.key.startswith(vendor):
        return f"{replacement!r} is not spelled like {found.text}"
    if new.beta != found.beta or new.context_suffix is not None:
        return f"{replacement!r} is not spelled like {found.text}"
    old = registry.resolve(found.key)
    if old is not None and not _same_spelling(new.key, resolved, old[1]):
        return f"{replacement!r} is not a {old[1].value} spelling of {resolved[0].id}"
    return None


def _same_spelling(key: str, resolved: tuple[Model, Spelling], kind: Spelling) -> bool:
    """Spelled as ``kind``: API spellings stand for one another (an alias is pinned to its id),
    and a platform may list the API id itself as its own (Vertex from 4.6 on)."""
    model, new_kind = resolved
    if kind in _API_SPELLINGS:
        return new_kind in _API_SPELLINGS
    return new_kind is kind or key in model.spellings(kind)
