"""Discovery and the byte search in C: ``git grep`` names the files that hold 'claude' (or its
UTF-16/32 spelling), on every core. Inside a git work tree it honours .gitignore,
.git/info/exclude and the global excludes as git does; outside one (``--no-index``) the
.gitignore files below the directory (and, in a work tree, every tracked file: git ignores
none). Our own excludes, virtualenv and binary rules are then applied to those names alone, so a tree of thousands of files without an
id costs one subprocess instead of a walk and a read of each file.

Anything unusual (no git, a submodule, an error or a warning from git, a GIT_* variable that
points git elsewhere) returns None and the caller walks in Python, as before. What differs, by
design: inside a work tree a file git does not see (an untracked nested repository, a
submodule's files) is not checked; a file that cannot hold an id (no 'claude' in its bytes) is
never read, so nothing is said of it (too big, a broken link).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..config import Config
from ..errors import UserError
from ..repo.candidate import Candidate, Skipped, display_path
from ..repo.reading import BINARY_SUFFIXES
from .git_grep import AHEAD, Search, adopt, each_once
from .walking import Walk


def holding_claude(directory: str) -> list[str] | None:
    """The files under ``directory`` that git sees and that hold 'claude', relative to it, in
    walk order; None when git cannot answer for the whole directory."""
    return Search(directory).names()


class Searches:
    """git grep of the directories named, all started at once: each is mostly a wait (in
    turn, a run of four repositories waited 0.1 s before its first file was checked)."""

    def __init__(self, directories: list[str]) -> None:
        """``directories``: those named, each searched once however it is spelled."""
        ahead = list(each_once(directories).values())[:AHEAD]
        self.started = {  # (adopted: started before the imports)
            text: adopt(text) or Search(text, len(ahead)) for text in ahead
        }
        self.answered: dict[str, list[str] | None] = {}

    def names(self, text: str) -> list[str] | None:
        if text in self.answered:
            return self.answered.pop(text)
        absolute = os.path.abspath(text)
        search = self.started.pop(text, None) or Search(text)
        names = search.names()
        if names is not None and search.root == absolute:
            from ..check.lookup_tables import prefetch

            prefetch(absolute, names)  # the whole repository's files with an id
        return names

    def answer_all(self) -> None:
        """Every search started, answered now (and its repository's tables searched): a worker
        forked before a repository's answer searched all of its code again for the tables."""
        for text in list(self.started):
            self.answered[text] = self.names(text)

    def stop(self) -> None:
        for search in self.started.values():
            search.stop()


class _Directory:
    """A directory on the way to a named file: its config, or pruned."""

    __slots__ = ("config", "pruned", "shown")

    def __init__(self, config: Config, shown: str, pruned: bool = False) -> None:
        self.config, self.shown, self.pruned = config, shown, pruned


def from_names(
    root: str, names: list[str], config: Config, walk: Walk
) -> Iterator[Candidate | Skipped]:
    """The candidates among ``names`` (relative to ``root``), with every rule the walk applies:
    each directory on the way is entered as the walk would enter it, once. The ignore files are
    git's to apply, and it has: a tracked file is checked whatever .gitignore says (as git does,
    and as the hook, which names it, does)."""
    key = os.path.abspath(root)  # (not seen before: discovery asks that of every directory)
    walk.seen.add(key)
    top = _entered(key, config)
    directories: dict[str, _Directory] = {key: top}
    for name in names:
        parts = name.split("/")
        here, directory = key, top
        for part in parts[:-1]:
            child = here + os.sep + part
            known = directories.get(child)
            if known is None and child in walk.seen:  # a directory named before its parent
                known = directories[child] = _Directory(config, "", pruned=True)
            elif known is None:
                entered = _child(directory, here, part, walk)
                if isinstance(entered, Skipped):
                    yield entered
                    entered = _Directory(directory.config, "", pruned=True)
                known = directories[child] = entered
                walk.seen.add(child)
            here, directory = child, known
            if directory.pruned:
                break
        if directory.pruned:
            continue
        leaf = parts[-1]
        path = here + os.sep + leaf
        if walk.rules(directory.config).matcher(path, leaf, False):
            continue
        if walk.named and path in walk.named:
            continue
        if os.path.splitext(leaf)[1].lower() in BINARY_SUFFIXES:
            continue
        yield Candidate(path, False, directory.shown + leaf, path, directory.config, holds=True)


def _entered(key: str, config: Config) -> _Directory:
    return _Directory(config, display_path(os.path.join(key, "_"))[:-1])


def _child(parent: _Directory, here: str, part: str, walk: Walk) -> _Directory | Skipped:
    path = here + os.sep + part
    if walk.rules(parent.config).matcher(path, part, True):
        return _Directory(parent.config, "", pruned=True)
    if os.path.exists(os.path.join(path, "pyvenv.cfg")):  # a virtualenv, whatever its name
        return _Directory(parent.config, "", pruned=True)
    try:
        config = walk.configs.for_directory(path)
    except UserError as exc:
        said = list(walk.bad_config(exc))
        return said[0] if said else _Directory(parent.config, "", pruned=True)
    return _entered(path, config)
