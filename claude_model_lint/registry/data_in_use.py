"""Which model data a run uses, and how old it is: the bundled data, the copies `update` fetched
(those at least as new, by their sources' own dates, oldest first), then the user's overlays;
newest wins. The data is as old as its newest source, never as new as its last fetch.

A lint run never touches the network here; `refresh = "daily"` (``daily_refresh``) calls the
update first and falls back to the data it has with a note when offline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import RegistryError
from . import bundled
from . import fetched as fetched_layer

if TYPE_CHECKING:
    from .registry import Registry

STALE_AFTER_DAYS = 45  # Anthropic gives at least 60 days' notice: older data can miss a deprecation
UPDATE_COMMAND = "claude-model-lint-registry update"


Layers = tuple[tuple[str, str], ...]  # (where, overlay text), applied in this order
KINDS = ("sdk", "page")  # on the same date the page, the source of record, goes on top


class DataInUse(NamedTuple):
    bundled: date
    fetched: tuple[fetched_layer.Fetched, ...] = ()  # oldest source first
    notes: tuple[str, ...] = ()

    @property
    def updated(self) -> date:
        """The data's date before overlays: its newest source's own date."""
        return max([self.bundled, *(f.date for f in self.fetched)])

    def layers(self) -> Layers:
        """The fetched copies as registry layers."""
        return tuple((f"fetched {f.label()}", f.overlay) for f in self.fetched)

    def describe(self, overlays: tuple[Path, ...] = ()) -> str:
        parts = [f"bundled {self.bundled}"]
        parts += [f"fetched {f.label()}" for f in self.fetched]
        parts += [f"overlay {path}" for path in overlays]
        return "; ".join(parts)


def data_in_use() -> DataInUse:
    """The layers to load; a fetched copy older than the bundled data is passed over."""
    day = bundled.updated()
    kept, notes = [], []
    for kind in KINDS:
        stored, note = fetched_layer.read(kind)
        if note:
            notes.append(note)
        if stored is not None and stored.date >= day:
            kept.append(stored)
    kept.sort(key=lambda f: (f.date, KINDS.index(f.kind)))
    return DataInUse(day, tuple(kept), tuple(notes))


class Registries:
    """One registry per set of overlays (nested configs may name their own), loaded once, on
    the fetched layer in use (None: the bundled data alone)."""

    def __init__(self, fetched: Layers) -> None:
        self.fetched = fetched
        self._loaded: dict[tuple[tuple[Path, ...], Layers], Registry] = {}

    def __call__(self, overlays: tuple[Path, ...]) -> Registry:
        key = (overlays, self.fetched)
        registry = self._loaded.get(key)
        if registry is None:
            from .registry import load_registry

            registry = self._loaded[key] = load_registry(overlays, self.fetched)
        return registry


def checked_fetched(
    registries: Registries, overlays: tuple[Path, ...], data: DataInUse, say: Callable[[str], None]
) -> DataInUse:
    """Fetched copies that no longer load (a tool upgrade changed the bundled data under them)
    are dropped with a note rather than failing every run."""
    layers = registries.fetched
    if not layers:
        return data
    try:
        registries(overlays)
    except RegistryError as exc:
        if not any(where in str(exc) for where, _ in layers):
            raise
        say(f"the fetched data does not load ({exc}); using the bundled data; run {UPDATE_COMMAND}")
        registries.fetched = ()
        return data._replace(fetched=())
    return data


def stale_note(updated: date, as_of: date) -> str | None:
    age = (as_of - updated).days
    if age <= STALE_AFTER_DAYS:
        return None
    return (
        f"the model data in use is from {updated}, {age} days before the as-of date {as_of}; "
        "Anthropic gives 60 days' notice, so a deprecation may be missing. "
        f"Refresh it: {UPDATE_COMMAND}"
    )
