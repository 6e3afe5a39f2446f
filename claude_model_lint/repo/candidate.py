"""A file to check, and why one is passed over: what discovery yields and checking reads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from ..config import Config


class Candidate:
    """A file to check. The walk makes thousands of these, so they hold the strings it already
    has (the path, and the path as reports show it); the Path object is built on demand."""

    __slots__ = ("_path", "absolute", "config", "data", "explicit", "holds", "shown", "text")

    def __init__(
        self, path: str | Path, explicit: bool, shown: str | None = None, absolute: str = "",
        config: Config | None = None, holds: bool = False,
    ) -> None:  # fmt: skip
        self.text = os.fspath(path)
        self.holds = holds  # known to hold 'claude' (git grep said so): worth a core of its own
        self.explicit = explicit  # named on the command line: default skips do not apply
        self.shown = shown if shown is not None else display_path(self.text)
        self.absolute = absolute or os.path.abspath(self.text)  # the cache's key
        self.config = config  # the nearest config above it (None: the run's own)
        self.data: bytes | None = None  # set for standard input: the bytes read, not the file's
        self._path = path if isinstance(path, Path) else None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self.text)
        return self._path

    def __repr__(self) -> str:
        return f"Candidate({self.text!r}, explicit={self.explicit})"


def display_path(path: str | Path) -> str:
    """Relative to the current directory with '/' separators, or absolute when outside it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd().rstrip(os.sep)
    shown = absolute[len(cwd) + 1 :] if absolute.startswith(cwd + os.sep) else absolute
    return shown.replace(os.sep, "/")


class Skipped(NamedTuple):
    path: Path
    reason: str
    error: bool = False  # not checked for a reason that makes the run fail (a bad config, an
    # unreadable file): exit 2, never a silent all-clear
