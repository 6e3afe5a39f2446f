"""Which files to check: path expansion, excludes, .gitignore (``gitignore``), binary and size.

Each file carries the nearest config above it (``configs``); its excludes are in ``excludes``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..config import Config
from ..errors import UserError
from .configs import Configs
from .excludes import Excluding, excluded, excluding
from .gitignore import Stack, ancestor_ignores, git_ignored, read_ignore
from .repo_root import inside

if TYPE_CHECKING:
    from .git_files import Searches

BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .bmp .ico .webp .tif .tiff .pdf .zip .gz .tgz .bz2 .xz .zst .7z .tar "
    ".whl .egg .so .dylib .dll .exe .o .a .pyc .pyo .class .jar .woff .woff2 .ttf .otf .eot "
    ".mp3 .mp4 .wav .ogg .mov .avi .parquet .sqlite .db .bin .pkl .npy .npz .h5 .onnx .pt".split()
)
_SNIFF = 8192
WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00")  # how byte-order marks of UTF-16/32 begin


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


class _Walk:
    """What one discovery keeps: the files seen, each config's excludes, bad configs said."""

    def __init__(self, configs: Configs) -> None:
        self.configs = configs
        self.seen: set[str] = set()
        self.named: set[str] = set()  # files named on the command line: a walk passes them by
        self.said: set[str] = set()
        self.excluding: dict[int, Excluding] = {}

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


def discover(
    paths: list[Path], configs: Config | Configs, *, force_exclude: bool = False,
    use_git: bool = True,
) -> Iterator[Candidate | Skipped]:  # fmt: skip
    """Every file to check, once each, in a stable order; unreadable entries come back as Skipped.
    Each file carries the nearest config above it; ``force_exclude`` applies every exclude to
    the paths named too (pre-commit names every file). ``use_git``: inside a git work tree, a
    directory's files come from ``git grep`` (``git_files``), not a walk."""
    if isinstance(configs, Config):
        configs = Configs(fixed=configs)
    walk = _Walk(configs)
    searches = _searches([str(p) for p in paths if use_git and os.path.isdir(p)])
    try:
        yield from _discover(paths, configs, force_exclude, use_git, walk, searches)
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
    paths: list[Path], configs: Configs, force_exclude: bool, use_git: bool, walk: _Walk,
    searches: Searches | None,
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
            if names is None:
                yield from _walk(text, stack, config, walk)
            else:
                from .git_files import from_names

                yield from from_names(text, names, stack, config, walk)
        elif os.path.abspath(text) not in walk.seen:
            walk.seen.add(os.path.abspath(text))
            yield Candidate(given, explicit=True, config=config)


def _walk(
    directory: str, stack: Stack, config: Config, walk: _Walk
) -> Iterator[Candidate | Skipped]:
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
        if stack and git_ignored(absolute, name, is_dir, stack):
            continue
        if is_dir:
            if not os.path.exists(
                os.path.join(path, "pyvenv.cfg")
            ):  # a virtualenv, whatever its name
                yield from _walk(path, stack, config, walk)
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


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: str, max_size: int) -> bytes | Skipped:
    """The file's bytes, or why it is passed over (too big, binary, not a regular file); b''
    for a file over ``max_size`` without 'claude' (nothing in it to judge).

    One open and one fstat: a FIFO or a device opens without blocking and is turned away
    before any read. No file object: this runs once for every file of the tree."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        return _unreadable(path, exc)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Skipped(Path(path), "not a regular file")
        if info.st_size > max_size:  # not read; but one that cannot hold an id is checked, as
            # git grep checks it: so a walk and git grep say the same of it
            return _too_big(path, info.st_size, max_size) if _may_hold_claude(fd) else b""
        data = os.read(fd, info.st_size + 1)
        if len(data) != info.st_size:  # it changed under us, or a short read: read to the end,
            chunks, size = [data], len(data)  # never past max-file-size (a file still growing)
            while chunks[-1] and size <= max_size:
                chunks.append(os.read(fd, min(1 << 20, max_size + 1 - size)))
                size += len(chunks[-1])
            if size > max_size:
                return _too_big(path, size, max_size)
            data = b"".join(chunks)
    except OSError as exc:
        return _unreadable(path, exc)
    finally:
        os.close(fd)
    if data[:2] in WIDE_STARTS or data.find(b"\0", 0, _SNIFF) >= 0:  # no slice: no 8 KiB copy
        return sniff(path, data)
    return data


def _may_hold_claude(fd: int) -> bool:
    """Does the open file hold 'claude' in any spelling? Searched in place (mapped, never read
    into memory); when it cannot be mapped, assume it does (it is then said as too big)."""
    import mmap

    try:
        with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as mapped:
            return any(mapped.find(spelling) >= 0 for spelling in _CLAUDE)
    except (OSError, ValueError):
        return True


def _unreadable(path: str, exc: OSError) -> Skipped:
    """A file that cannot be read fails the run (exit 2); one deleted since it was found is gone,
    as if the walk had not met it: said, not an error."""
    return Skipped(Path(path), f"cannot read: {exc.strerror or exc}", exc.errno != errno.ENOENT)


def sniff(path: str, data: bytes, max_size: int | None = None) -> bytes | Skipped:
    """``data`` unless it is binary (or, when given, over ``max_size``). UTF-16 and UTF-32 text
    holds NUL bytes: with a byte-order mark it is text, if it decodes."""
    if max_size is not None and len(data) > max_size:
        return _too_big(path, len(data), max_size)
    if data[:2] in WIDE_STARTS:
        from ..decoding import wide

        encoding = wide(data)
        if encoding is not None:
            try:
                data.decode(encoding[:-3])  # 'utf-16': it reads the mark for the byte order
            except UnicodeDecodeError as exc:
                return Skipped(Path(path), f"not valid {encoding.upper()} at byte {exc.start}")
            return data
    if data.find(b"\0", 0, _SNIFF) >= 0 and any(s in data for s in _CLAUDE):
        return Skipped(Path(path), "binary (NUL byte in the first 8 KiB)")
    return data  # (binary without 'claude' holds no id: checked, as git grep checks it)


# 'claude' in UTF-8, UTF-16 and UTF-32 of either byte order, as git grep looks for it
_CLAUDE = (b"claude", b"c\0l\0a\0u\0d\0e", b"c\0\0\0l\0\0\0a\0\0\0u\0\0\0d\0\0\0e")


def _too_big(path: str, size: int, max_size: int) -> Skipped:
    shown = f"{size / 1_048_576:.1f} MB" if size >= 104_858 else f"{size:,} bytes"
    return Skipped(Path(path), f"skipped: {shown} is over max-file-size ({max_size:,} bytes)")
