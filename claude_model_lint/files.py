"""Which files to check: path expansion, excludes, .gitignore (``gitignore``), binary and size.

Patterns that name only a file or directory (the default excludes: 'node_modules', '*.lock')
are joined into one regex over the entry's name: pathspec tries its patterns one by one in
Python, which cost more than all the scanning on a large tree.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .config import DEFAULT_EXCLUDE, Config, relative_to
from .gitignore import Stack, ancestor_ignores, git_ignored, read_ignore

if TYPE_CHECKING:  # imported where used: a pre-commit run over named files needs no pathspec
    import pathspec

BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .bmp .ico .webp .tif .tiff .pdf .zip .gz .tgz .bz2 .xz .zst .7z .tar "
    ".whl .egg .so .dylib .dll .exe .o .a .pyc .pyo .class .jar .woff .woff2 .ttf .otf .eot "
    ".mp3 .mp4 .wav .ogg .mov .avi .parquet .sqlite .db .bin .pkl .npy .npz .h5 .onnx .pt".split()
)
_SNIFF = 8192


class Candidate:
    """A file to check. The walk makes thousands of these, so they hold the strings it already
    has (the path, and the path as reports show it); the Path object is built on demand."""

    __slots__ = ("_path", "absolute", "explicit", "shown", "text")

    def __init__(
        self, path: str | Path, explicit: bool, shown: str | None = None, absolute: str = ""
    ) -> None:
        self.text = os.fspath(path)
        self.explicit = explicit  # named on the command line: default skips do not apply
        self.shown = shown if shown is not None else display_path(self.text)
        self.absolute = absolute or os.path.abspath(self.text)  # the cache's key
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
        if self._name_matches(name, is_dir):
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


def discover(paths: list[Path], config: Config) -> Iterator[Candidate | Skipped]:
    """Every file to check, once each, in a stable order; unreadable entries come back as Skipped."""
    defaults = Excludes(config.exclude, config.root)
    user = Excludes(config.extend_exclude, config.root)
    seen: set[str] = set()
    for given in paths:
        if not os.path.lexists(given):
            yield Skipped(given, "no such file or directory")
            continue
        if given.is_symlink() and not os.path.exists(given):
            yield Skipped(given, _dangling(given))
            continue
        text = str(given)
        if given.is_dir():
            stack = ancestor_ignores(Path(os.path.abspath(given)))
            yield from _walk(text, stack, defaults, user, seen)
        elif user.covers(text) or (config.exclude != DEFAULT_EXCLUDE and defaults.covers(text)):
            continue  # named files skip the default excludes, never the user's own
        elif os.path.abspath(text) not in seen:
            seen.add(os.path.abspath(text))
            yield Candidate(given, explicit=True)


def _walk(
    directory: str, stack: Stack, defaults: Excludes, user: Excludes, seen: set[str]
) -> Iterator[Candidate | Skipped]:
    key = os.path.abspath(directory)
    if key in seen:  # named twice, or inside a directory already walked
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(Path(directory), f"cannot list directory: {exc.strerror or exc}")
        return
    if any(entry.name == ".gitignore" for entry in entries):
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
            yield Skipped(Path(path), f"cannot read: {exc.strerror or exc}")
            continue
        if defaults.match(path, name, is_dir) or user.match(path, name, is_dir):
            continue
        absolute = key + os.sep + name
        if stack and git_ignored(absolute, name, is_dir, stack):
            continue
        if is_dir:
            if not os.path.exists(
                os.path.join(path, "pyvenv.cfg")
            ):  # a virtualenv, whatever its name
                yield from _walk(path, stack, defaults, user, seen)
        elif is_file and os.path.splitext(name)[1].lower() not in BINARY_SUFFIXES:
            yield Candidate(path, explicit=False, shown=shown + name, absolute=absolute)
        # FIFOs, sockets and devices are not text files: passed over without a word


def _dangling(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: str, max_size: int) -> bytes | Skipped:
    """The file's bytes, or why it is passed over (too big, binary, not a regular file).

    One open and one fstat: a FIFO or a device opens without blocking and is turned away
    before any read. No file object: this runs once for every file of the tree."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        return Skipped(Path(path), f"cannot read: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Skipped(Path(path), "not a regular file")
        if info.st_size > max_size:
            mb = info.st_size / 1_048_576
            return Skipped(
                Path(path), f"skipped: {mb:.1f} MB is over max-file-size ({max_size:,} bytes)"
            )
        data = os.read(fd, info.st_size + 1)
        if len(data) != info.st_size:  # it changed under us, or a short read: read to the end
            chunks = [data]
            while chunks[-1]:
                chunks.append(os.read(fd, 1 << 20))
            data = b"".join(chunks)
    except OSError as exc:
        return Skipped(Path(path), f"cannot read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    if data.find(b"\0", 0, _SNIFF) >= 0:  # no slice: no 8 KiB copy per file
        return Skipped(Path(path), "binary (NUL byte in the first 8 KiB)")
    return data
