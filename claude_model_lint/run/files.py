"""Which files to check: path expansion, excludes, .gitignore (``gitignore``), binary and size.

Each file carries the nearest config above it (``configs``); its excludes are in ``excludes``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..config import Config
from ..errors import UserError
from ..repo.candidate import Candidate, Skipped, display_path
from ..repo.configs import Configs
from ..repo.excludes import excluded
from ..repo.reading import BINARY_SUFFIXES
from .gitignore import Stack, ancestor_ignores, git_ignored, read_ignore
from .walking import Walk

if TYPE_CHECKING:
    from .git_files import Searches


def discover(
    paths: list[Path], configs: Config | Configs, *, force_exclude: bool = False,
    use_git: bool = True, names_for: Callable[[str], list[str] | None] | None = None,
) -> Iterator[Candidate | Skipped]:  # fmt: skip
    """Every file to check, once each, in a stable order; unreadable entries come back as Skipped.
    Each file carries the nearest config above it; ``force_exclude`` applies every exclude to
    the paths named too (pre-commit names every file). ``use_git``: inside a git work tree, a
    directory's files come from ``git grep`` (``git_files``), not a walk; ``names_for``: from
    there instead (a warm run's, from git's index: ``git_index``), None for a directory to walk."""
    if isinstance(configs, Config):
        configs = Configs(fixed=configs)
    walk = Walk(configs)
    searches = _searches([str(p) for p in paths if use_git and os.path.isdir(p)])
    try:
        yield from _discover(paths, configs, force_exclude, use_git, walk, searches, names_for)
    finally:  # a search never asked for (an excluded directory, a run cut short) is ended
        if searches is not None:
            searches.stop()
            _running.remove(searches)


def _searches(directories: list[str]) -> Searches | None:
    """The git greps of the directories named (``git_files``); None when none is named (a
    pre-commit hook names files): no subprocess module is imported then."""
    if not directories:
        return None
    from .git_files import Searches

    searches = Searches(directories)
    _running.append(searches)
    return searches


_running: list[Searches] = []  # of the discoveries under way


def answer_searches() -> None:
    """Before forking: the git greps of the directories named are all answered (they run side
    by side, so the last is seldom long after the first), for the workers to inherit."""
    for searches in _running:
        searches.answer_all()


def _discover(
    paths: list[Path], configs: Configs, force_exclude: bool, use_git: bool, walk: Walk,
    searches: Searches | None, names_for: Callable[[str], list[str] | None] | None,
) -> Iterator[Candidate | Skipped]:  # fmt: skip
    if len(paths) > 1:  # a file named and walked too is checked once, as named, in any order
        walk.named = {os.path.abspath(p) for p in paths if not os.path.isdir(p)}
    for given in paths:
        text = str(given)
        try:
            is_link = stat.S_ISLNK(os.lstat(text).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            yield Skipped(given, "no such file or directory", True)  # a typo: exit 2, as ruff
            continue
        except OSError as exc:  # what a walk says of a file it cannot read
            yield Skipped(given, f"cannot read: {exc.strerror or exc}", True)
            continue
        if is_link and not os.path.exists(text):
            yield Skipped(given, _dangling(given))
            continue
        is_dir = os.path.isdir(text)
        try:
            config = configs.for_path(text)
        except UserError as exc:
            yield from walk.bad_config(exc)
            continue
        if excluded(text, config, configs, force_exclude, walk.rules(config)):
            continue
        if force_exclude and not is_dir and walk.below_excluded(text, config):
            continue
        if is_dir:
            if os.path.abspath(given) in walk.seen:  # named twice, or inside one named before
                continue
            stack = ancestor_ignores(Path(os.path.abspath(given)))
            names = None
            if use_git:
                names = searches.names(text) if searches is not None else None
            elif names_for is not None:
                names = names_for(text)
            if names is None:
                yield from _walk(text, stack, config, walk)
            else:
                from .git_files import from_names

                yield from from_names(text, names, config, walk)
        elif os.path.abspath(text) not in walk.seen:
            walk.seen.add(os.path.abspath(text))
            yield Candidate(given, explicit=True, config=config)


class _Enter(NamedTuple):
    """A subdirectory to walk before the rest of its parent's entries; ``ignored``: .gitignore
    lists it, entered for the tracked files below it."""

    directory: str
    stack: Stack
    config: Config
    ignored: bool


def _walk(
    directory: str, stack: Stack, config: Config, walk: Walk
) -> Iterator[Candidate | Skipped]:
    """Depth first, in name order, with a stack of open directories rather than recursion:
    a chain of 1,500 directories raised RecursionError (review A T3)."""
    frames = [_entries(_Enter(directory, stack, config, False), walk)]
    while frames:
        item = next(frames[-1], None)
        if item is None:
            frames.pop()
        elif isinstance(item, _Enter):
            frames.append(_entries(item, walk))
        else:
            yield item


def _entries(entering: _Enter, walk: Walk) -> Iterator[Candidate | Skipped | _Enter]:
    directory, stack, config, ignored = entering
    key = os.path.abspath(directory)
    if key in walk.seen:  # named twice, or inside a directory already walked
        return
    walk.seen.add(key)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(Path(directory), f"cannot list directory: {exc.strerror or exc}", True)
        return
    names = [entry.name for entry in entries]
    try:
        config = walk.configs.entered(key, names, config)
    except UserError as exc:
        yield from walk.bad_config(exc)
        return
    excluded_here = walk.rules(config).matcher
    if ".gitignore" in names:
        own = read_ignore(os.path.join(directory, ".gitignore"))
        if own is not None:
            stack = (*stack, (key, own))
    shown = display_path(os.path.join(directory, "_"))[:-1]  # what reports print before a name
    for entry in entries:
        path, name = entry.path, entry.name
        if entry.is_symlink():  # links are not followed: no loops, no files outside the tree
            if not os.path.exists(path):
                yield Skipped(Path(path), _dangling(Path(path)))
            continue
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError as exc:
            yield Skipped(Path(path), f"cannot read: {exc.strerror or exc}", True)
            continue
        if excluded_here(path, name, is_dir):
            continue
        absolute = key + os.sep + name
        listed = ignored or (bool(stack) and git_ignored(absolute, name, is_dir, stack))
        if listed and not walk.tracked(absolute):  # git ignores no tracked file
            continue
        if is_dir:
            if not os.path.exists(
                os.path.join(path, "pyvenv.cfg")
            ):  # a virtualenv, whatever its name
                yield _Enter(path, stack, config, listed)
        elif walk.named and absolute in walk.named:
            continue
        elif is_file and os.path.splitext(name)[1].lower() not in BINARY_SUFFIXES:
            yield Candidate(path, False, shown + name, absolute, config)
        # FIFOs, sockets and devices are not text files: passed over without a word


def _dangling(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"
