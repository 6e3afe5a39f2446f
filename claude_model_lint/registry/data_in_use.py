"""Which model data a run uses, and how old it is: the bundled data, the copy `update` fetched
(when it is at least as new), then the user's overlays; newest wins.

A lint run never touches the network here, except through `refresh = "daily"`, which calls the
update first and falls back to the data it has with a note when offline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import RegistryError
from . import bundled
from . import fetched as fetched_layer

if TYPE_CHECKING:
    from .registry import Registry

STALE_AFTER_DAYS = 45  # Anthropic gives at least 60 days' notice: older data can miss a deprecation
REFRESH_AFTER = timedelta(days=1)
REFRESH_TIMEOUT = 5.0
UPDATE_COMMAND = "claude-model-lint-registry update"


class DataInUse(NamedTuple):
    bundled: date
    fetched: fetched_layer.Fetched | None
    notes: tuple[str, ...] = ()

    @property
    def updated(self) -> date:
        """The data's date before overlays: the fetch date when a fetched copy is used."""
        return max(self.bundled, self.fetched.date) if self.fetched else self.bundled

    def layer(self) -> tuple[str, str] | None:
        """The fetched copy as a registry layer: (where, overlay text)."""
        if self.fetched is None:
            return None
        return (
            f"fetched {self.fetched.url} ({self.fetched.fetched_at:%Y-%m-%d %H:%M} UTC)",
            self.fetched.overlay,
        )

    def describe(self, overlays: tuple[Path, ...] = ()) -> str:
        parts = [f"bundled {self.bundled}"]
        if self.fetched is not None:
            parts.append(f"fetched {self.fetched.date} from {self.fetched.url}")
        parts += [f"overlay {path}" for path in overlays]
        return "; ".join(parts)


def data_in_use() -> DataInUse:
    """The layers to load; a fetched copy older than the bundled data is passed over."""
    stored, note = fetched_layer.read()
    day = bundled.updated()
    notes = (note,) if note else ()
    if stored is not None and stored.date < day:
        return DataInUse(day, None, notes)
    return DataInUse(day, stored, notes)


class Registries:
    """One registry per set of overlays (nested configs may name their own), loaded once, on
    the fetched layer in use (None: the bundled data alone)."""

    def __init__(self, fetched: tuple[str, str] | None) -> None:
        self.fetched = fetched
        self._loaded: dict[tuple[tuple[Path, ...], tuple[str, str] | None], Registry] = {}

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
    """A fetched copy that no longer loads (a tool upgrade changed the bundled data under it)
    is dropped with a note rather than failing every run."""
    layer = registries.fetched
    if layer is None:
        return data
    try:
        registries(overlays)
    except RegistryError as exc:
        if layer[0] not in str(exc):
            raise
        say(f"the fetched data does not load ({exc}); using the bundled data; run {UPDATE_COMMAND}")
        registries.fetched = None
        return data._replace(fetched=None)
    return data


def refresh_if_due(now: datetime) -> tuple[bool, str | None]:
    """`refresh = "daily"`: update when the fetched copy is missing or a day old. Returns
    whether an update wrote a new copy (the data in use must then be read again), and a note
    when the update failed (the run goes on with the data it has)."""
    stored, _ = fetched_layer.read()
    if stored is not None and now - stored.fetched_at < REFRESH_AFTER:
        return False, None
    from .updater import run_update

    code, message = run_update(
        fetched_layer.DEFAULT_URL if stored is None else stored.url, REFRESH_TIMEOUT
    )
    if code == 0:
        return True, None
    reason = message.removeprefix("claude-model-lint-registry: error: ")
    return False, f"refresh failed, using the data it has: {reason}"


def stale_note(updated: date, as_of: date) -> str | None:
    age = (as_of - updated).days
    if age <= STALE_AFTER_DAYS:
        return None
    return (
        f"the model data in use is from {updated}, {age} days before the as-of date {as_of}; "
        "Anthropic gives 60 days' notice, so a deprecation may be missing. "
        f"Refresh it: {UPDATE_COMMAND}"
    )
