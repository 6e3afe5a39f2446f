"""Read a file the user names (an overlay, a usage export, a page) without trusting what it is.

A FIFO blocks a plain open() for ever and /dev/zero never ends: only a regular file is read, and
never more than a cap, checked on the open descriptor (so a swap after a check cannot slip by).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MB = 1024 * 1024


class NotReadable(Exception):
    """The file is not read; the message says why, in a few words."""


def open_regular(path: str | Path, limit: int) -> int:
    """A descriptor on ``path`` if it is a regular file of at most ``limit`` bytes (caller closes)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO: no wait
    except OSError as exc:
        raise NotReadable(exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > limit:
            raise NotReadable(f"larger than {_size(limit)}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; NotReadable otherwise."""
    fd = open_regular(path, limit)
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise NotReadable(exc.strerror or str(exc)) from None
    if len(data) > limit:  # it grew while being read
        raise NotReadable(f"larger than {_size(limit)}")
    return data


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"),
    ):  # fmt: skip
        if test(mode):
            return name
    return "not a file"


def _size(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit} bytes"
