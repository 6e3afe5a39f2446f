"""Write a fixed file so that nothing is ever lost: same bytes elsewhere, atomic, mode kept.

The new content goes to a temporary file in the same directory, which then replaces the
original by rename: a crash at any moment leaves either the old file or the new one. Just before
the rename the file's identity (inode, size, mtime) is checked again, so an edit or a deletion
made during the run is never overwritten or undone. SIGINT and SIGTERM wait while a write is in
progress (a few milliseconds), as do SIGHUP, SIGQUIT, SIGPIPE and SIGUSR1/2, so they never
leave a half-written temporary file behind. A file
with more than one hard link is written in place instead, so that every name keeps the new text.

Right after the rename the old file is looked at again: a line appended between the last check
and the rename (1 of 600 was lost so) is put back with the old text, and the fix refused.
What remains (docs/configuration.md, "Trust"): an edit written through a descriptor opened
before the rename and written after that last look is lost; kill -9 during
a write leaves a `.NAME.*.cml-tmp` file (excluded from every run) or, for a hard-linked file,
a partly written file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class WriteRefused(Exception):
    """The file is left as it was; the message says why."""


# every signal whose default ends the process and that a terminal or a supervisor sends: a
# closed terminal (SIGHUP) or Ctrl-\ (SIGQUIT) left half-written .cml-tmp files (3 runs of 6)
_DEFERRED = {
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGPIPE", "SIGUSR1", "SIGUSR2")
    if hasattr(signal, name)
}


def writable(path: str | Path) -> bool:
    """Would ``write_atomic`` write it? (So a report marks [*] only what --fix changes.)"""
    try:
        return not os.path.islink(path) and _writable(path, os.stat(path))
    except OSError:
        return False


def _writable(path: str | Path, info: os.stat_result) -> bool:
    # the mode bits too: root may write anything
    writable_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    return bool(info.st_mode & writable_bits) and os.access(path, os.W_OK)


def write_atomic(path: Path, expected: bytes, new: bytes) -> None:
    """Replace ``path`` with ``new`` if it still holds ``expected``."""
    if path.is_symlink():
        raise WriteRefused("a symbolic link: fix the file it points to instead")
    try:
        info = os.stat(path)
        with open(path, "rb") as handle:
            current = handle.read()
    except OSError as exc:
        raise WriteRefused(f"cannot read it again: {exc.strerror or exc}") from None
    if current != expected or _identity(os.stat(path)) != _identity(info):
        raise WriteRefused("it changed on disk during the run")
    if not _writable(path, info):
        raise WriteRefused("read-only")
    with _signals_deferred():
        if info.st_nlink > 1:
            _write_in_place(path, info, new)
        else:
            _replace(path, info, new)


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _unchanged(path: Path, info: os.stat_result) -> None:
    """The last check, right before the write lands."""
    try:
        now = os.lstat(path)
    except FileNotFoundError:
        raise WriteRefused("it was deleted during the run") from None
    except OSError as exc:
        raise WriteRefused(f"cannot check it again: {exc.strerror or exc}") from None
    if _identity(now) != _identity(info):
        raise WriteRefused("it changed on disk during the run")


def _replace(path: Path, info: os.stat_result, new: bytes) -> None:
    import tempfile  # only a --fix that writes pays for it

    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".cml-tmp", dir=path.parent
        )
    except OSError as exc:
        raise WriteRefused(f"cannot create a temporary file: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # not ours to change; the mode is kept all the same
            os.chown(temporary, info.st_uid, info.st_gid)
        os.chmod(temporary, stat.S_IMODE(info.st_mode))  # after chown, which clears setuid/setgid
        _copy_xattrs(path, temporary)
        _unchanged(path, info)
        nonblocking = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # (swapped for a FIFO: no wait)
        with os.fdopen(os.open(path, nonblocking), "rb") as old:  # the inode others append to
            if _identity(os.fstat(old.fileno())) != _identity(info):
                raise WriteRefused("it changed on disk during the run")
            ours = os.stat(temporary)
            os.replace(temporary, path)
            if _identity(os.fstat(old.fileno())) != _identity(info):
                _put_back(path, old, ours)  # written to in the microseconds before the rename
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # still there: not renamed, so refused or failed


def _put_back(path: Path, old: BinaryIO, ours: os.stat_result) -> None:
    """An append landed on the old file between the last check and the rename: its bytes, with
    the append, go back in place of the fixed text (unless the new file was changed too)."""
    import tempfile

    old.seek(0)
    kept = old.read()
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".cml-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(kept)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(os.fstat(old.fileno()).st_mode))
        if _identity(os.lstat(path)) == _identity(ours):
            os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    raise WriteRefused("it changed on disk during the write (put back as it was)")


def _write_in_place(path: Path, info: os.stat_result, new: bytes) -> None:
    """Keep hard links: the same inode gets the new bytes (not atomic; see the module note)."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
    try:
        if _identity(os.fstat(fd)) != _identity(info):
            raise WriteRefused("it changed on disk during the run")
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(new)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _copy_xattrs(source: Path, target: str) -> None:
    """Extended attributes (ACLs, SELinux labels, user.*) go with the content."""
    if not hasattr(os, "listxattr"):
        return  # pragma: no cover - not Linux
    try:
        names = os.listxattr(source)
    except OSError:
        return  # the file system has none
    for name in names:
        try:
            os.setxattr(target, name, os.getxattr(source, name))
        except OSError as exc:
            raise WriteRefused(
                f"cannot keep its extended attribute {name}: {exc.strerror or exc}"
            ) from None


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the write is done or undone (delivered right after)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield  # pragma: no cover - Windows
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
