"""Requests configured by a JSON object: its ``"model"`` beside request parameters. One pass over
the tokens of a document already known to be valid JSON (every string token then closes, so the
pass is linear), keeping each object's entries with their offsets."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..model_ids import find_ids
from . import LineIndex
from .calls import CallSite, JSONValue
from .config_values import UNKNOWN, scalar, use_of

# strings, the structure, and scalars
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


class _Object:
    __slots__ = ("entries", "items", "key", "key_start", "start")

    def __init__(self, start: int, is_list: bool) -> None:
        self.start = start
        self.key: str | None = None  # the key whose value comes next
        self.key_start = 0
        self.entries: list[
            tuple[str, int, int, int, JSONValue | object]
        ] = []  # name, start, value start, end, value
        self.items: list[JSONValue | object] | None = [] if is_list else None


def _first_in(starts: list[int], start: int, end: int) -> int:
    """The first of the sorted ``starts`` strictly inside (start, end); -1 if none."""
    i = bisect.bisect_right(starts, start)
    return starts[i] if i < len(starts) and starts[i] < end else -1


def json_requests(
    text: str, model_starts: list[int], wanted: frozenset[str], index: LineIndex
) -> list[CallSite]:
    out: list[CallSite] = []
    stack: list[_Object] = []
    for m in _JSON_TOKEN.finditer(text):
        token, at = m.group(), m.start()
        top = stack[-1] if stack else None
        if token in "{[":
            stack.append(_Object(at, token == "["))
            continue
        if token in "}]":
            if not stack:
                return out  # not JSON: nothing more to say
            done = stack.pop()
            value = _closed(done)
            if done.items is None:
                out.extend(_json_request(done, text, model_starts, wanted, index))
            _give(stack[-1] if stack else None, value, done.start, m.end())
            continue
        if token in ":,":
            continue
        if top is None:
            continue
        if top.items is None and top.key is None and token.startswith('"'):
            top.key, top.key_start = token[1:-1], at
            continue
        value = scalar(token) if not token.startswith('"') else token[1:-1]
        _give(top, value, at, m.end())
    return out


def _closed(done: _Object) -> JSONValue | object:
    if done.items is not None:
        return [i for i in done.items if i is not UNKNOWN]
    return {name: value for name, _, _, _, value in done.entries if value is not UNKNOWN}


def _give(top: _Object | None, value: JSONValue | object, start: int, end: int) -> None:
    if top is None:
        return
    if top.items is not None:
        top.items.append(value)
    elif top.key is not None:
        top.entries.append((top.key, top.key_start, start, end, value))
        top.key = None


def _json_request(
    obj: _Object, text: str, model_starts: list[int], wanted: frozenset[str], index: LineIndex,
) -> Sequence[CallSite]:  # fmt: skip
    model = next(
        (
            (start, value, inside)
            for _, _, start, end, value in obj.entries
            if isinstance(value, str) and (inside := _first_in(model_starts, start, end)) >= 0
        ),
        None,
    )
    if model is None:
        return ()
    uses = [
        use_of(name, value, index, key_start, end, value_start)
        for name, key_start, value_start, end, value in obj.entries
        if name in wanted
    ]
    if not uses:
        return ()
    id_start = model[2]
    found = find_ids(text[id_start : id_start + 200])
    if not found:
        return ()
    first = found[0]
    return (CallSite(first._replace(start=id_start, end=id_start + first.end), id_start, tuple(uses),
                     line=index.position(obj.start)[0]),)  # fmt: skip
