"""Which files to check: path expansion, .gitignore the way git reads it, excludes, binary and size.

Ignore files are matched with pathspec's GitIgnoreSpec (git's own wildmatch rules); nested
.gitignore files are stacked so that a deeper file overrides a shallower one, as in git.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import DEFAULT_EXCLUDE, Config

if TYPE_CHECKING:  # imported where used: a pre-commit run over named files needs no pathspec
    import pathspec

BINARY_SUFFIXES = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".bmp",
        ".ico",
        ".webp",
        ".tif",
        ".tiff",
        ".pdf",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".zst",
        ".7z",
        ".tar",
        ".whl",
        ".egg",
        ".so",
        ".dylib",
        ".dll",
        ".exe",
        ".o",
        ".a",
        ".pyc",
        ".pyo",
        ".class",
        ".jar",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".mp3",
        ".mp4",
        ".wav",
        ".ogg",
        ".mov",
        ".avi",
        ".parquet",
        ".sqlite",
        ".db",
        ".bin",
        ".pkl",
        ".npy",
        ".npz",
        ".h5",
        ".onnx",
        ".pt",
    ]
)
_SNIFF = 8192


@dataclass(frozen=True)
class Candidate:
    path: Path
    explicit: bool  # named on the command line: default skips do not apply


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


_Stack = tuple[tuple[Path, "pathspec.GitIgnoreSpec"], ...]


def discover(paths: list[Path], config: Config) -> Iterator[Candidate | Skipped]:
    """Every file to check, once each, in a stable order; unreadable entries come back as Skipped."""
    seen: set[str] = set()
    for given in paths:
        if not os.path.lexists(given):
            yield Skipped(given, "no such file or directory")
            continue
        if given.is_symlink() and not os.path.exists(given):
            yield Skipped(given, _dangling(given))
            continue
        if given.is_dir():
            stack = _ancestor_ignores(given.resolve())
            yield from _walk(given, stack, config, config.user_spec(), config.exclude_spec(), seen)
        elif (config.extend_exclude and _excluded(given, config, config.user_spec())) or (
            config.exclude != DEFAULT_EXCLUDE and _excluded(given, config, config.exclude_spec())
        ):
            continue  # named files skip the default excludes, never the user's own
        elif _key(given) not in seen:
            seen.add(_key(given))
            yield Candidate(given, explicit=True)


def _walk(
    directory: Path,
    stack: _Stack,
    config: Config,
    user: pathspec.GitIgnoreSpec,
    defaults: pathspec.GitIgnoreSpec,
    seen: set[str],
) -> Iterator[Candidate | Skipped]:
    if _key(directory) in seen:  # named twice, or inside a directory already walked
        return
    seen.add(_key(directory))
    own = _read_ignore(directory / ".gitignore")
    if own is not None:
        stack = (*stack, (directory, own))
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(directory, f"cannot list directory: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():  # links are not followed: no loops, no files outside the tree
            if not os.path.exists(path):
                yield Skipped(path, _dangling(path))
            continue
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError as exc:
            yield Skipped(path, f"cannot read: {exc.strerror or exc}")
            continue
        if _git_ignored(path, is_dir, stack) or _excluded(path, config, defaults, is_dir=is_dir):
            continue
        if _excluded(path, config, user, is_dir=is_dir):
            continue
        if is_dir:
            if not (path / "pyvenv.cfg").exists():  # a virtualenv, whatever its name
                yield from _walk(path, stack, config, user, defaults, seen)
        elif is_file and path.suffix.lower() not in BINARY_SUFFIXES and _key(path) not in seen:
            seen.add(_key(path))
            yield Candidate(path, explicit=False)
        # FIFOs, sockets and devices are not text files: passed over without a word


def _dangling(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


def _key(path: Path) -> str:
    return os.path.abspath(path)


def _excluded(
    path: Path, config: Config, spec: pathspec.GitIgnoreSpec, *, is_dir: bool = False
) -> bool:
    rel = config.relative(path)
    return spec.match_file(rel + "/" if is_dir else rel) or spec.match_file(path.name)


def _git_ignored(path: Path, is_dir: bool, stack: _Stack) -> bool:
    verdict = False
    for base, spec in stack:
        rel = os.path.relpath(path, base).replace(os.sep, "/")
        result = spec.check_file(rel + "/" if is_dir else rel)
        if result.include is not None:
            verdict = result.include
    return verdict


def _ancestor_ignores(start: Path) -> _Stack:
    """The ignore files above ``start`` up to its git work tree, plus .git/info/exclude."""
    top = next((d for d in (start, *start.parents) if (d / ".git").exists()), None)
    if top is None:
        return ()
    stack: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    info = _read_ignore(top / ".git" / "info" / "exclude")
    if info is not None:
        stack.append((top, info))
    chain = [d for d in (start.parent, *start.parent.parents) if d == top or top in d.parents]
    for directory in reversed(chain):
        spec = _read_ignore(directory / ".gitignore")
        if spec is not None:
            stack.append((directory, spec))
    return tuple(stack)


def _read_ignore(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:  # git skips a pattern it cannot read; so do we, keeping the others
        return pathspec.GitIgnoreSpec.from_lines([line for line in lines if _valid(line)])


def _valid(line: str) -> bool:
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def read_bytes(path: Path, max_size: int) -> bytes | Skipped:
    """The file's bytes, or why it is passed over (too big, binary, not a regular file)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return Skipped(path, f"cannot read: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return Skipped(path, "not a regular file")
    if info.st_size > max_size:
        mb = info.st_size / 1_048_576
        return Skipped(path, f"skipped: {mb:.1f} MB is over max-file-size ({max_size:,} bytes)")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return Skipped(path, f"cannot read: {exc.strerror or exc}")
    if b"\0" in data[:_SNIFF]:
        return Skipped(path, "binary (NUL byte in the first 8 KiB)")
    return data
