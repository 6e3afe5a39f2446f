"""Ignore files read the way git reads them: .gitignore at every level, .git/info/exclude.

Nested .gitignore files are stacked so that a deeper file overrides a shallower one, as in git.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..safe_read import NotReadable, read_regular

if TYPE_CHECKING:
    import pathspec


class _Ignore:
    """One .gitignore. Without negations, git's answer is 'does any pattern match', so the
    patterns run as two combined regexes (one C-level match each instead of a Python loop over
    them): those without a slash, which match the entry's name at any depth, against the name
    alone; the others against the path. With negations, pathspec's last-match-wins loop decides.
    Pattern text becomes regex text through pathspec, so git's wildmatch rules are its own."""

    def __init__(self, lines: list[str]) -> None:
        from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

        names: list[str] = []
        paths: list[str] = []
        valid: list[str] = []
        negated = False
        for line in lines:
            try:  # git skips a pattern it cannot read; so do we, keeping the others
                source, include = GitIgnoreSpecPattern.pattern_to_regex(line)
            except ValueError:
                continue
            if source is None:
                continue  # a blank line or a comment
            valid.append(line)
            negated = negated or not include
            regex = str(source).replace("(?P<ps_d>", "(?:")
            (names if _anywhere(line) else paths).append(f"(?:{regex})")
        self.spec: pathspec.GitIgnoreSpec | None = None
        if negated:
            import pathspec

            self.spec = pathspec.GitIgnoreSpec.from_lines(valid)
        self.names = re.compile("|".join(names)) if names and not negated else None
        self.paths = re.compile("|".join(paths)) if paths and not negated else None

    def check(self, rel: str, name: str, is_dir: bool) -> bool | None:
        suffix = "/" if is_dir else ""
        if self.spec is not None:
            include: bool | None = self.spec.check_file(rel + suffix).include
            return include
        if self.names is not None and self.names.search(name + suffix):
            return True
        if self.paths is not None and self.paths.search(rel + suffix):  # '**/' is unanchored
            return True
        return None


def _anywhere(line: str) -> bool:
    """A pattern without a slash (but a trailing one) matches an entry's name at any depth."""
    core = line.strip().rstrip("/")
    return (
        bool(core) and "/" not in core and "**" not in core and "\\" not in core
        and not core.startswith("!")
    )  # fmt: skip


Stack = tuple[tuple[str, _Ignore], ...]


def git_ignored(absolute: str, name: str, is_dir: bool, stack: Stack) -> bool:
    verdict = False
    for base, spec in stack:
        rel = absolute[len(base) + 1 :].replace(os.sep, "/")
        result = spec.check(rel, name, is_dir)
        if result is not None:
            verdict = result
    return verdict


def ancestor_ignores(start: Path) -> Stack:
    """The ignore files above ``start`` up to its git work tree, plus .git/info/exclude."""
    # os.path.exists: a directory that can be listed but not entered is no reason to fail
    top = next((d for d in (start, *start.parents) if os.path.exists(d / ".git")), None)
    if top is None:
        return ()
    stack: list[tuple[str, _Ignore]] = []
    info = read_ignore(str(top / ".git" / "info" / "exclude"))
    if info is not None:
        stack.append((str(top), info))
    chain = [d for d in (start.parent, *start.parent.parents) if d == top or top in d.parents]
    for directory in reversed(chain):
        spec = read_ignore(str(directory / ".gitignore"))
        if spec is not None:
            stack.append((str(directory), spec))
    return tuple(stack)


def read_ignore(path: str) -> _Ignore | None:
    """The patterns of a .gitignore file; None when there is none, or it is not a regular file
    (a FIFO named .gitignore blocked the walk for ever) or not one a person wrote (over 16 MB)."""
    try:
        data = read_regular(path, IGNORE_FILE_LIMIT)
    except NotReadable:
        return None
    return _Ignore(data.decode("utf-8", errors="replace").splitlines())


IGNORE_FILE_LIMIT = 16 * 1024 * 1024


def tracked_paths(top: str) -> frozenset[str]:
    """The files git tracks in the work tree at ``top`` and the directories holding them, as
    absolute paths: git ignores no tracked file, whatever .gitignore says (empty without git)."""
    import subprocess

    from ..repo.git_plain import PLAIN_GIT

    try:
        listed = subprocess.run(
            ["git", *PLAIN_GIT, "ls-files", "-z", "--full-name"], cwd=top, capture_output=True,
            stdin=subprocess.DEVNULL, timeout=120, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    if listed.returncode != 0:
        return frozenset()
    paths: set[str] = set()
    for name in listed.stdout.split(b"\0"):
        path = os.path.join(top, os.fsdecode(name))
        while name and path not in paths and path != top:
            paths.add(path)
            path = os.path.dirname(path)
    return frozenset(paths)
