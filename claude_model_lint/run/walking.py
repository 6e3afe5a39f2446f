"""What one discovery keeps while it walks (``files``) or reads git's names (``git_files``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..config import Config
from ..errors import UserError
from ..repo.candidate import Skipped
from ..repo.configs import Configs
from ..repo.excludes import Excluding, excluded, excluding
from ..repo.root import git_root, inside


class Walk:
    """What one discovery keeps: the files seen, each config's excludes, bad configs said."""

    def __init__(self, configs: Configs) -> None:
        self.configs = configs
        self.seen: set[str] = set()
        self.named: set[str] = set()  # files named on the command line: a walk passes them by
        self.said: set[str] = set()
        self.excluding: dict[int, Excluding] = {}
        self.tracked_in: dict[str, frozenset[str]] = {}  # work tree -> its tracked paths

    def tracked(self, absolute: str) -> bool:
        """Whether git tracks ``absolute`` (or, a directory, a file below it): such a file is
        checked though .gitignore lists it, as git (and the hook, which names it) does."""
        top = git_root(os.path.dirname(absolute))
        if top is None:
            return False
        known = self.tracked_in.get(top)
        if known is None:
            from .gitignore import tracked_paths

            known = self.tracked_in[top] = tracked_paths(top)
        return absolute in known

    def rules(self, config: Config) -> Excluding:
        rules = self.excluding.get(id(config))
        if rules is None:
            rules = self.excluding[id(config)] = excluding(config, self.configs)
        return rules

    def below_excluded(self, path: str, config: Config) -> bool:
        """A file named below a directory that a walk would not enter (excluded by the config
        above it) is excluded too, whatever config its own directory has: a walk never reads
        that config, and the hook must report what ``claude-model-lint .`` does."""
        stop = self.configs.root or os.getcwd()
        directory = os.path.dirname(os.path.abspath(path))
        while directory != stop and inside(directory, stop):
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            try:
                above = self.configs.for_directory(parent)
            except UserError:  # said where the file's own config is read
                return False
            rules = self.rules(above)
            if above is not config and excluded(directory, above, self.configs, True, rules):
                return True
            directory = parent
        return False

    def bad_config(self, exc: UserError) -> Iterator[Skipped]:
        """A broken config below the paths: said once; the files it governs are not checked."""
        message = str(exc)
        if message not in self.said:
            self.said.add(message)
            where, _, why = message.partition(": ")
            yield Skipped(Path(where), f"{why} (the files it governs are not checked)", True)
