"""Write a fixed file so that nothing is ever lost: same bytes elsewhere, atomic, mode kept.

The new content goes to a temporary file in the same directory, which then replaces the
original by rename: a crash at any moment leaves either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


class WriteRefused(Exception):
    """The file is left as it was; the message says why."""


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
    if current != expected:
        raise WriteRefused("it changed on disk during the run")
    if not _writable(path, info):
        raise WriteRefused("read-only")
    import tempfile  # only a --fix that writes pays for it

    directory = path.parent
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".cml-tmp", dir=directory)
    except OSError as exc:
        raise WriteRefused(f"cannot create a temporary file: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        with contextlib.suppress(OSError):  # not ours to change; the mode is kept all the same
            os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, path)
    except OSError as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
