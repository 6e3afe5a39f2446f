"""One file's bytes: read once, or why it is passed over (too big, binary, not a regular file)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .candidate import Skipped

BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .bmp .ico .webp .tif .tiff .pdf .zip .gz .tgz .bz2 .xz .zst .7z .tar "
    ".whl .egg .so .dylib .dll .exe .o .a .pyc .pyo .class .jar .woff .woff2 .ttf .otf .eot "
    ".mp3 .mp4 .wav .ogg .mov .avi .parquet .sqlite .db .bin .pkl .npy .npz .h5 .onnx .pt".split()
)
_SNIFF = 8192
NOT_REGULAR = "not a regular file"  # a FIFO or a device: passed over in a walk, an error if named
WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00")  # how byte-order marks of UTF-16/32 begin


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
            return Skipped(Path(path), NOT_REGULAR)
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
