"""Bytes to text and back, so that a fixed file differs from the original only in the ids.

Undecodable bytes are kept as surrogates (``surrogateescape``) rather than guessed: ids are ASCII,
so they are still found, the file is written back byte for byte, and the run says what it did.
"""

from __future__ import annotations

import codecs
import io
import re
import tokenize
from typing import NamedTuple

_BOM = codecs.BOM_UTF8
# UTF-32 first: its little-endian mark begins with UTF-16's
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)  # fmt: skip
_MARKS = {encoding: mark for mark, encoding in WIDE_BOMS} | {"utf-8": _BOM}
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.MULTILINE)
_SURROGATES = re.compile("[\udc80-\udcff]")


def for_parser(text: str) -> str:
    """The text with undecodable bytes as U+FFFD: same length, so every offset still holds."""
    return _SURROGATES.sub("\ufffd", text)


class Decoded(NamedTuple):
    text: str  # without the BOM
    encoding: str
    bom: bool
    note: str = ""  # set when bytes could not be decoded and were kept as they are

    def encode(self, text: str) -> bytes:
        body = text.encode(self.encoding, errors="surrogateescape")
        return (_MARKS.get(self.encoding, _BOM) if self.bom else b"") + body


def wide(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding that ``data``'s byte-order mark names, if it has one."""
    return next((encoding for mark, encoding in WIDE_BOMS if data.startswith(mark)), None)


def _round_trips(encoding: str) -> bool:
    """Can a fix write the text back? idna and punycode refuse surrogateescape."""
    try:
        "a".encode(encoding, errors="surrogateescape")
    except (UnicodeError, LookupError):
        return False
    return True


def decode(data: bytes, *, python: bool) -> Decoded:
    """Decode with the PEP 263 cookie for Python, UTF-8 for everything else; a UTF-16 or
    UTF-32 byte-order mark wins over both (editors on Windows save such files)."""
    encoding = wide(data)
    if encoding is not None:  # files.sniff turned away the ones that do not decode
        return Decoded(data[len(_MARKS[encoding]) :].decode(encoding), encoding, True)
    bom = data.startswith(_BOM)
    body = data[len(_BOM) :] if bom else data
    encoding = "utf-8"
    note = ""
    if python:
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except (
            SyntaxError
        ) as exc:  # also raised for plain invalid UTF-8: blame a cookie only if one is there
            cookie = _COOKIE.search(b"\n".join(data.splitlines()[:2]))
            if cookie:
                note = f"bad coding cookie {cookie.group(1).decode('ascii', 'replace')!r} ({exc}); read as UTF-8"
        if encoding == "utf-8-sig":
            encoding = "utf-8"
    try:
        usable = getattr(codecs.lookup(encoding), "_is_text_encoding", True)
        usable = usable and _round_trips(encoding)
    except LookupError:
        note, encoding = f"unknown encoding {encoding!r}; read as UTF-8", "utf-8"
    else:
        if not usable:  # rot13, base64, hex: bytes-to-bytes or str-to-str, never source
            note, encoding = (
                f"coding cookie {encoding!r} is not a text encoding we can write back; read as UTF-8",
                "utf-8",
            )
    try:
        text = body.decode(encoding)
    except UnicodeError as exc:  # (punycode raises a plain UnicodeError)
        at = f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        kept = f"not valid {encoding}{at}; undecodable bytes are kept as they are"
        try:
            text = body.decode(encoding, errors="surrogateescape")
        except UnicodeError:  # a stateful codec (utf-7) that cannot keep bytes as they are
            kept = f"not valid {encoding}; read as UTF-8"
            text, encoding = body.decode("utf-8", "surrogateescape"), "utf-8"
        note = f"{note}; {kept}" if note else kept
    if encoding != "utf-8" and text.encode(encoding, errors="surrogateescape") != body:
        # utf-7 spells one text in several ways: a fix would rewrite more than the ids
        why = f"{encoding} text would not be written back byte for byte; read as UTF-8"
        text, encoding = body.decode("utf-8", "surrogateescape"), "utf-8"
        note = f"{note}; {why}" if note else why
    return Decoded(text, encoding, bom, note)
