"""Jumping over one JSON value without recursion.

The stdlib's C decoder recurses once per nesting level and gives up near a thousand; a
notebook's recorded outputs can nest deeper, and the cell source next to them must still be
read. This walks brackets with a stack instead, checking the JSON as json would (strings go
through the stdlib's ``scanstring``). Slower than the C decoder: used only when that one gives up.
"""

from __future__ import annotations

import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but untyped

_TOKEN = re.compile(
    r"""
    [ \t\n\r]*                        # space between tokens
    (?:
        (?P<open>[\[{])
      | (?P<close>[\]}])
      | (?P<string>")
      | (?P<colon>:)
      | (?P<comma>,)
      | (?P<scalar>-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|-?Infinity)
    )
    """,
    re.VERBOSE,
)
_CLOSER = {"[": "]", "{": "}"}


def skip_value(text: str, pos: int) -> int:
    """Where the JSON value that starts at ``pos`` (after any space) ends; ValueError when
    there is none."""
    closers: list[str] = []  # the brackets still open, as the characters that close them
    want = "value"  # what may come next: value, key, colon, or next (a comma or a closer)
    fresh = False  # just after an opening bracket, whose closer may follow at once
    while True:
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"not JSON at {pos}")
        kind, pos = m.lastgroup, m.end()
        if kind == "close" and (want == "next" or fresh):
            if not closers or m["close"] != closers.pop():
                raise ValueError(f"unmatched {m['close']!r} at {pos - 1}")
            fresh, want = False, "next"
            if not closers:
                return pos
            continue
        fresh = False
        if want == "next":
            if kind != "comma" or not closers:
                raise ValueError(f"expected ',' or a closing bracket at {pos - 1}")
            want = "value" if closers[-1] == "]" else "key"
        elif want == "colon":
            if kind != "colon":
                raise ValueError(f"expected ':' at {pos - 1}")
            want = "value"
        elif want == "key":
            if kind != "string":
                raise ValueError(f"expected a key at {pos - 1}")
            pos = scanstring(text, pos)[1]
            want = "colon"
        elif kind == "open":
            closers.append(_CLOSER[m["open"]])
            want, fresh = ("value" if m["open"] == "[" else "key"), True
        elif kind in ("string", "scalar"):
            if kind == "string":
                pos = scanstring(text, pos)[1]
            if not closers:
                return pos
            want = "next"
        else:
            raise ValueError(f"expected a value at {pos - 1}")
