"""Excludes: gitignore-style patterns relative to the config that holds them.

Patterns that name only a file or directory (the default excludes: 'node_modules', '*.lock')
are joined into one regex over the entry's name: pathspec tries its patterns one by one in
Python, which cost more than all the scanning on a large tree.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..config import DEFAULT_EXCLUDE, Config, relative_to
from .configs import Configs

if TYPE_CHECKING:  # imported where used: a pre-commit run over named files needs no pathspec
    import pathspec


class Excludes:
    """Gitignore-style patterns relative to the config root; names-only ones as one regex."""

    def __init__(self, patterns: Sequence[str], root: Path) -> None:
        self.root = str(root)
        names = [p.rstrip("/") for p in patterns if _names_only(p)]
        self.dirs_only = {p.rstrip("/") for p in patterns if _names_only(p) and p.endswith("/")}
        self.names = re.compile("|".join(fnmatch.translate(n) for n in names)) if names else None
        rest = [p for p in patterns if not _names_only(p)]
        self.spec: pathspec.GitIgnoreSpec | None = None
        if rest:
            import pathspec

            self.spec = pathspec.GitIgnoreSpec.from_lines(rest)

    def _name_matches(self, name: str, is_dir: bool) -> bool:
        matched = self.names is not None and self.names.match(name) is not None
        return matched and (is_dir or name not in self.dirs_only)

    def match(self, path: str, name: str, is_dir: bool) -> bool:
        """For an entry met while walking (its directories were already let through)."""
        names = self.names  # (inline: this runs for every entry of the tree)
        if names is not None and names.match(name) and (is_dir or name not in self.dirs_only):
            return True
        if self.spec is None:
            return False
        rel = relative_to(path, self.root)
        return bool(self.spec.match_file(rel + "/" if is_dir else rel))

    def covers(self, path: str) -> bool:
        """For a file named on the command line: it, or any directory above it, is excluded."""
        parts = [p for p in relative_to(path, self.root).split("/") if p not in ("", ".")]
        if any(self._name_matches(part, i < len(parts) - 1) for i, part in enumerate(parts)):
            return True
        return self.spec is not None and bool(self.spec.match_file("/".join(parts)))


def _names_only(pattern: str) -> bool:
    """A pattern that names an entry anywhere: no slash inside, no negation, no escapes."""
    core = pattern.rstrip("/")
    return bool(core) and not any(c in core for c in "/!\\[#") and "**" not in core


class Excluding(NamedTuple):
    """One config's excludes: the defaults (or what replaced them), and the added ones."""

    defaults: Excludes
    custom: bool  # the defaults were replaced: named files skip them too
    added: tuple[Excludes, ...]

    @property
    def matcher(self) -> Callable[[str, str, bool], bool]:
        """``match``, or the defaults' own when nothing is added (one call less per entry)."""
        return self.match if self.added else self.defaults.match

    def match(self, path: str, name: str, is_dir: bool) -> bool:
        if self.defaults.match(path, name, is_dir):
            return True
        for extra in self.added:  # noqa: SIM110 - no generator: this runs for every entry
            if extra.match(path, name, is_dir):
                return True
        return False

    def covers(self, path: str, force: bool) -> bool:
        if (force or self.custom) and self.defaults.covers(path):
            return True
        return any(e.covers(path) for e in self.added)


def excluding(config: Config, configs: Configs) -> Excluding:
    flags = configs.flag_root
    if configs.exclude is not None:
        defaults, custom = Excludes(configs.exclude, flags), True
    else:
        defaults = Excludes(config.exclude, config.root)
        custom = config.exclude != DEFAULT_EXCLUDE
    added = [Excludes(config.extend_exclude, config.root)] if config.extend_exclude else []
    if configs.extend_exclude:
        added.append(Excludes(configs.extend_exclude, flags))
    return Excluding(defaults, custom, tuple(added))


def excluded(
    path: str, config: Config, configs: Configs, force: bool, rules: Excluding | None = None
) -> bool:
    """For a path named on the command line (or standard input's --stdin-filename): the user's
    own excludes apply to a file, and with ``force`` the defaults too and to directories."""
    rules = rules or excluding(config, configs)
    return rules.covers(path, force=True) if force else (
        not os.path.isdir(path) and rules.covers(path, force=False)
    )  # fmt: skip
