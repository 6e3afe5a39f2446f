"""Each file's configuration, as ruff finds it: the nearest config file above the file.

So a file's findings never depend on the order or the batching of the paths (pre-commit shuffles
files into batches). Every directory is asked once and every config file read once; the command
line is laid over each. Excludes given on the command line are relative to the current directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..config import CONFIG_FILE, Config, apply, config_in, load_config, patterns
from ..errors import UserError
from .root import check_overlays, real_inside

_NAMES = (CONFIG_FILE, "pyproject.toml")


class Configs:
    """Directory -> Config, memoised; a config file that fails to load fails every time."""

    def __init__(
        self,
        flags: dict[str, Any] | None = None,
        registries: tuple[Path, ...] = (),
        *,
        fixed: Path | Config | None = None,
        check: Callable[[Config], object] | None = None,
        root: str | None = None,
    ) -> None:
        flags = dict(flags or {})
        exclude, extend = flags.pop("exclude", None), flags.pop("extend-exclude", None)
        self.exclude = None if exclude is None else patterns(exclude, "--exclude")
        self.extend_exclude = () if extend is None else patterns(extend, "--extend-exclude")
        self.flag_root = Path.cwd()  # the command line's patterns are relative to it
        self._flags = flags
        self._registries = registries
        self._check = check  # e.g. load the overlays it names: a bad one is said up front
        self._by_source: dict[str | None, Config | UserError] = {}
        self._by_directory: dict[str, Config] = {}
        self._reals: dict[str, str] = {}
        self._only: Config | None = None
        self.root = root  # the repository: no config is read above it, no overlay outside it
        if isinstance(fixed, Config):
            self._only = fixed
        elif fixed is not None:
            self._only = self.load(str(fixed))

    def for_file(self, path: str | Path) -> Config:
        return self.for_directory(os.path.dirname(os.path.abspath(path)))

    def for_path(self, path: str | Path) -> Config:
        """A path given: a directory's own config, or its file's."""
        absolute = os.path.abspath(path)
        return self.for_directory(
            absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        )

    def for_directory(self, directory: str) -> Config:
        """The config of an absolute ``directory``: its own config file, or its parent's.

        Up the tree in a loop, each level once: a recursion failed 1,000 levels deep, and a
        realpath per level cost the depth again (review A H4: 600 levels 6 s)."""
        if self._only is not None:
            return self._only
        config = self._by_directory.get(directory)
        if config is not None:
            return config
        asked: list[str] = []  # directories without a config of their own, deepest first
        while True:
            config = self._by_directory.get(directory)
            if config is not None:
                break
            above = self.root is not None and not real_inside(self._real(directory), self.root)
            source = None if above else config_in(Path(directory))
            parent = os.path.dirname(directory)
            if source is not None or parent == directory or above:
                config = self.load(str(source) if source is not None else None)
                self._by_directory[directory] = config
                break
            asked.append(directory)
            directory = parent
        for below in asked:
            self._by_directory[below] = config
        return config

    def _real(self, directory: str) -> str:
        """The real path of an absolute ``directory``, from its parent's (remembered): its
        parent's joined with its name, unless it is a link itself (one lstat a level)."""
        chain = []
        while directory not in self._reals:
            parent = os.path.dirname(directory)
            if parent == directory or os.path.islink(directory):
                self._reals[directory] = os.path.realpath(directory)
                break
            chain.append(directory)
            directory = parent
        for below in reversed(chain):
            above = self._reals[os.path.dirname(below)]
            self._reals[below] = os.path.join(above, os.path.basename(below))
        return self._reals[chain[0] if chain else directory]

    def entered(self, directory: str, names: list[str], parent: Config) -> Config:
        """For a walk: a directory without a config file of its own takes its parent's, unasked."""
        if self._only is not None:
            return self._only
        if any(name in names for name in _NAMES):
            return self.for_directory(directory)
        self._by_directory.setdefault(directory, parent)
        return parent

    def load(self, source: str | None) -> Config:
        """The config of one file (None: the defaults), with the command line laid over it."""
        if self._only is not None:
            return self._only
        known = self._by_source.get(source)
        if known is None:
            try:
                config = load_config(Path(source) if source is not None else None)
                if self.root is not None and source is not None:
                    check_overlays(config.registry, self.root, source)
                config = apply(config, self._flags, "command line")
                config = replace(config, registry=(*config.registry, *self._registries))
                if self._check is not None:
                    self._check(config)
                known = config
            except UserError as exc:
                known = exc
            self._by_source[source] = known
        if isinstance(known, UserError):
            raise known
        return known
