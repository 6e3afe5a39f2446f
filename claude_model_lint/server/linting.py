"""An editor's document -> the engine's findings, exactly as the command line finds them.

The buffer's text (saved or not) goes through standard input's path (``run.stdin.check_named``):
the file name decides the format, the nearest config and the excludes (applied as with
``--force-exclude``, so an open file in ``node_modules`` stays quiet); the registry layers are
the command line's. Configs are memoised until ``reset`` (a config or registry file saved).
Each document's repository is found as the command line finds it for ``claude-model-lint FILE``
(``repository_root``): no config above it is read, and an overlay its config names outside it is
refused with the command line's own error (``Configs(root=...)``).
"""

from __future__ import annotations

import functools
import io
import tokenize
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NamedTuple

from ..check.options import PYTHON_SUFFIXES, RunOptions, ScanRecord
from ..config import CONFIG_FILE, Config
from ..dates import parse_as_of
from ..registry.data_in_use import Registries, checked_fetched, data_in_use, stale_note
from ..registry.registry import Registry
from ..repo.configs import Configs
from ..repo.root import repository_root
from ..run.stdin import check_named
from ..types import FileResult
from .positions import Positions, Units, utf16_units


class Linted(NamedTuple):
    """One version of one document, checked."""

    path: Path  # what decides its format and config (for an unsaved buffer: a made-up name)
    result: FileResult
    record: ScanRecord | None  # None when it could not be checked
    positions: Positions
    as_of: date
    data_date: date | None  # the model data's date (None when nothing needed the registry)


class Linter:
    """Checks documents with one as-of setting (a date, ``+90d``, or None: today, UTC)."""

    def __init__(self, as_of: str | None = None) -> None:
        self.as_of_text = as_of or "today"
        self.as_of()  # a bad date fails here, once, not on every document
        self.reset()

    def reset(self) -> None:
        """Forget every config and registry read: the next document reads them afresh."""
        data = data_in_use()
        self._registries = Registries(data.layers())
        self._said: list[str] = []  # a fetched copy that no longer loads, dropped
        self._data = checked_fetched(self._registries, (), data, self._said.append)
        self._overlays: set[Path] = set()
        self._configs: dict[str, Configs] = {}  # per repository root

    def _configs_of(self, path: Path) -> Configs:
        """The configs of ``path``'s repository, with the command line's trust rule."""
        root = repository_root([path])
        configs = self._configs.get(root)
        if configs is None:
            configs = self._configs[root] = Configs(check=self._load_overlays, root=root)
        return configs

    def _load_overlays(self, config: Config) -> None:
        """A config's registry overlays, read as the config is: a bad one is said up front."""
        if config.registry:
            self._overlays.update(path.resolve() for path in config.registry)
            self._registries(config.registry)

    def watches(self, path: Path) -> bool:
        """Is ``path`` a config or registry file, whose change changes the findings?"""
        return path.name in (CONFIG_FILE, "pyproject.toml") or path.resolve() in self._overlays

    def notes(self) -> list[str]:
        """What a run would say once on stderr: the fetched copy's state, stale data."""
        stale = stale_note(self._data.updated, self.as_of())
        return [*self._data.notes, *self._said, *([stale] if stale else [])]

    def as_of(self) -> date:
        return parse_as_of(self.as_of_text, datetime.now(timezone.utc).date())

    def config_for(self, path: Path) -> Config:
        """The config a document is judged by: the nearest above it."""
        return self._configs_of(path).for_file(path)

    def registry_for(self, path: Path) -> Registry:
        """The registry a document is judged by (its config may add overlays)."""
        return self._registries(self.config_for(path).registry)

    def lint(self, path: Path, text: str, units: Units = utf16_units) -> Linted | None:
        """``text`` checked as the file ``path``; None when the excludes cover it. Raises
        UserError for a config or registry file that cannot be used."""
        bom = text.startswith("\ufeff")
        body = text[1:] if bom else text
        python = path.suffix.lower() in PYTHON_SUFFIXES
        as_of = self.as_of()
        configs = self._configs_of(path)
        options = RunOptions(
            Config(), functools.partial(self._registries, ()), as_of,
            configs=configs, overlays=self._registries,
        )  # fmt: skip
        checked = check_named(str(path), _encoded(body, python), options, configs, True)
        if checked is None:
            return None
        result, record = checked
        data_date = self.registry_for(path).updated if result.diagnostics else None
        return Linted(path, result, record, Positions(body, units, bom=bom), as_of, data_date)


def _encoded(text: str, python: bool) -> bytes:
    """The bytes that decode back to ``text``, character for character: UTF-8, or a Python
    file's coding cookie's encoding. What cannot be encoded becomes '?', one for one, so that
    every offset still holds."""
    data = text.encode("utf-8", "replace")
    if python:
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            if encoding not in ("utf-8", "utf-8-sig"):
                data = text.encode(encoding, "replace")
        except (SyntaxError, LookupError, UnicodeError):
            pass  # the engine reads it as UTF-8 and says why
    return data
