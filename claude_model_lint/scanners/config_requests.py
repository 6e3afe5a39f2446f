"""Requests configured by a data file: a mapping whose value names a model and whose sibling keys
are request parameters (``model:`` beside ``temperature:``, ``thinking:``, ``tool_choice:``), in
YAML, TOML and JSON; also the entries of a nested settings mapping (``model_kwargs:``,
``model_settings:``, ``parameters:``). What CML007 and a migration judge, as for a call.

No YAML or TOML parser: the mapping around an id is found by indentation (YAML) or by its
``[table]`` (TOML), at most ``REACH`` lines either way, so a file costs linear time whatever it
holds; JSON by one pass over its tokens. A value that is not a plain scalar or a one-level
mapping is unknown, never guessed.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Sequence

from . import LineIndex
from .calls import CallSite, JSONValue, ParameterUse

SUFFIXES = frozenset({".yaml", ".yml", ".toml", ".json"})
SETTINGS = frozenset({"model_kwargs", "model_settings", "parameters", "params", "settings"})
REACH = 40  # lines looked at around an id, either way: a request's keys sit together
_UNKNOWN = object()

# YAML: indentation, an optional '- ', a key, ':' and the rest of the line
_YAML_ENTRY = re.compile(
    r"(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[\w.-]+|\"[^\"]*\"|'[^']*')[ ]*:(?:[ ]+(?P<value>.*?))?[ ]*(?:\#.*)?$"
)
_TOML_ENTRY = re.compile(
    r"[ \t]*(?P<key>[\w-]+|\"[^\"]*\")[ \t]*=[ \t]*(?P<value>.*?)[ \t]*(?:\#[^\"']*)?$"
)
_TOML_TABLE = re.compile(r"[ \t]*\[")
_FLOW_PAIR = re.compile(
    r"[\"']?(?P<key>[\w-]+)[\"']?[ \t]*[:=][ \t]*(?P<value>\"[^\"]*\"|'[^']*'|[^,}\s]+)"
)


def find_config_requests(
    text: str, suffix: str, model_starts: Iterable[int], wanted: frozenset[str], index: LineIndex
) -> list[CallSite]:
    """One request per id (given by offset) that is a mapping value with wanted siblings."""
    from ..model_ids import find_ids

    starts = sorted(set(model_starts))
    if suffix == ".json":  # only valid JSON: every string token then closes (linear time)
        try:
            json.loads(text)
        except (ValueError, RecursionError):
            return []
        return _json_requests(text, starts, wanted, index)
    reader = _yaml_siblings if suffix in (".yaml", ".yml") else _toml_siblings
    out = []
    for start in starts:
        found = find_ids(text[start : start + 200])
        if not found or found[0].start != 0:
            continue
        line = index.position(start)[0]
        uses = reader(text, index, line, wanted)
        if uses:
            first = found[0]._replace(start=start, end=start + found[0].end)
            out.append(CallSite(first, start, tuple(uses), line=line))
    return out


def _scalar(raw: str) -> JSONValue | object:
    raw = raw.strip()
    if not raw:
        return _UNKNOWN
    if raw[0] in "\"'" and raw[-1] == raw[0] and len(raw) >= 2:
        return raw[1:-1]
    if raw in ("true", "True"):
        return True
    if raw in ("false", "False"):
        return False
    if raw in ("null", "~"):
        return None
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        return float(raw)
    except ValueError:
        pass
    if raw.startswith("{") and raw.endswith("}"):
        pairs = {m["key"]: _scalar(m["value"]) for m in _FLOW_PAIR.finditer(raw[1:-1])}
        return {k: v for k, v in pairs.items() if v is not _UNKNOWN}
    if raw[0] in "[{&*!|>":
        return _UNKNOWN
    return raw  # a plain YAML string


def _use(
    name: str, value: JSONValue | object, index: LineIndex, start: int, end: int, value_start: int
) -> ParameterUse:
    known = value is not _UNKNOWN
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return ParameterUse(
        name, value if known else None, known, start, end, line, column, end_line,  # type: ignore[arg-type]
        end_column, value_start,
    )  # fmt: skip


def _line_span(index: LineIndex, text: str, line: int) -> tuple[int, str]:
    return index.offset(line, 0), index.line_text(line)


def _yaml_siblings(
    text: str, index: LineIndex, line: int, wanted: frozenset[str]
) -> list[ParameterUse]:
    """The keys of the mapping the id's entry belongs to: the lines above and below at its
    indentation (deeper lines belong to a sibling; a shallower one, or the next '- ', ends it)."""
    at, own = _line_span(index, text, line)
    entry = _YAML_ENTRY.match(own)
    if entry is None:
        return []
    depth = len(entry["indent"]) + len(entry["dash"] or "")
    own = entry["key"]  # met again: another mapping (or a duplicate key): the walk stops
    uses: list[ParameterUse] = []
    if not entry["dash"]:  # the first key of a sequence item has nothing above it
        for number in range(line - 1, max(0, line - REACH), -1):
            at, raw = _line_span(index, text, number)
            m, indent = _YAML_ENTRY.match(raw), len(raw) - len(raw.lstrip(" "))
            if not raw.strip() or raw.strip().startswith("#") or indent > depth:
                continue
            if m is not None and m["dash"] and indent + len(m["dash"]) == depth:
                uses.extend(_yaml_entry(m, text, index, number, at, wanted))  # the item's start
                break
            if m is None or m["dash"] or indent != depth or m["key"] == own:
                break
            uses.extend(_yaml_entry(m, text, index, number, at, wanted))
    for number in range(line + 1, min(len(index.starts), line + REACH) + 1):
        at, raw = _line_span(index, text, number)
        m, indent = _YAML_ENTRY.match(raw), len(raw) - len(raw.lstrip(" "))
        if not raw.strip() or raw.strip().startswith("#") or indent > depth:
            continue
        if m is None or m["dash"] or indent != depth or m["key"] == own:
            break
        uses.extend(_yaml_entry(m, text, index, number, at, wanted))
    return _first_of_each(uses)


def _yaml_entry(
    m: re.Match[str], text: str, index: LineIndex, number: int, at: int, wanted: frozenset[str]
) -> list[ParameterUse]:
    key = m["key"].strip("\"'")
    key_start = at + m.start("key")
    value_raw = m["value"] or ""
    if key in SETTINGS and not value_raw:
        return _yaml_children(text, index, number, wanted)
    if key not in wanted:
        return []
    if value_raw:
        end = at + m.start("value") + len(value_raw)
        return [_use(key, _scalar(value_raw), index, key_start, end, at + m.start("value"))]
    children = _yaml_block(text, index, number)  # thinking:\n  type: disabled
    end = children[1] if children else at + m.end("key") + 1
    value: JSONValue | object = children[0] if children else _UNKNOWN
    return [_use(key, value, index, key_start, end, -1)]


def _yaml_children(
    text: str, index: LineIndex, line: int, wanted: frozenset[str]
) -> list[ParameterUse]:
    """The entries of a nested settings mapping (``model_kwargs:`` and the lines under it)."""
    at, own = _line_span(index, text, line)
    base = len(own) - len(own.lstrip(" "))
    depth = None
    uses: list[ParameterUse] = []
    for number in range(line + 1, min(len(index.starts), line + REACH) + 1):
        at, raw = _line_span(index, text, number)
        if not raw.strip() or raw.strip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if indent <= base:
            break
        depth = indent if depth is None else depth
        m = _YAML_ENTRY.match(raw)
        if indent == depth and m is not None and not m["dash"]:
            uses.extend(_yaml_entry(m, text, index, number, at, wanted))
    return uses


def _yaml_block(text: str, index: LineIndex, line: int) -> tuple[dict[str, JSONValue], int] | None:
    """A one-level block mapping under ``line``: its scalars and where it ends."""
    _, own = _line_span(index, text, line)
    base = len(own) - len(own.lstrip(" "))
    out: dict[str, JSONValue] = {}
    end = None
    for number in range(line + 1, min(len(index.starts), line + 20) + 1):
        at, raw = _line_span(index, text, number)
        indent = len(raw) - len(raw.lstrip(" "))
        if not raw.strip() or indent <= base:
            break
        m = _YAML_ENTRY.match(raw)
        if m is None or m["dash"]:
            return None
        value = _scalar(m["value"] or "")
        if value is not _UNKNOWN:
            out[m["key"].strip("\"'")] = value  # type: ignore[assignment]
        end = at + len(raw)
    return (out, end) if end is not None else None


def _first_of_each(uses: list[ParameterUse]) -> list[ParameterUse]:
    """One use per parameter name (a request has each once): bounded, whatever the file."""
    return list({use.name: use for use in reversed(uses)}.values())[::-1]


def _toml_siblings(
    text: str, index: LineIndex, line: int, wanted: frozenset[str]
) -> list[ParameterUse]:
    """The keys of the id's own table: from the header above it to the next header."""
    uses: list[ParameterUse] = []
    entry = _TOML_ENTRY.match(index.line_text(line))
    own = entry["key"] if entry is not None else None
    first = line
    while first > 1 and line - first < REACH:
        raw = index.line_text(first - 1)
        if _TOML_TABLE.match(raw):
            break
        first -= 1
    for number in range(first, min(len(index.starts), line + REACH) + 1):
        at, raw = _line_span(index, text, number)
        if number > line and _TOML_TABLE.match(raw):
            break
        m = _TOML_ENTRY.match(raw)
        if m is None or number == line:
            continue
        key = m["key"].strip('"')
        if m["key"] == own:  # the same key again: a duplicate, or not one table
            if number > line:
                break
            uses = []
            continue
        if key in wanted:
            end = at + m.start("value") + len(m["value"])
            uses.append(
                _use(
                    key, _scalar(m["value"]), index, at + m.start("key"), end, at + m.start("value")
                )
            )
    return _first_of_each(uses)


# JSON: strings, the structure, and scalars
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


def _json_requests(
    text: str, model_starts: list[int], wanted: frozenset[str], index: LineIndex
) -> list[CallSite]:
    from ..model_ids import find_ids

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
                out.extend(_json_request(done, text, model_starts, wanted, index, find_ids))
            _give(stack[-1] if stack else None, value, done.start, m.end())
            continue
        if token in ":,":
            continue
        if top is None:
            continue
        if top.items is None and top.key is None and token.startswith('"'):
            top.key, top.key_start = token[1:-1], at
            continue
        scalar = _scalar(token) if not token.startswith('"') else token[1:-1]
        _give(top, scalar, at, m.end())
    return out


def _closed(done: _Object) -> JSONValue | object:
    if done.items is not None:
        return [i for i in done.items if i is not _UNKNOWN]
    return {name: value for name, _, _, _, value in done.entries if value is not _UNKNOWN}


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
    find_ids: object,
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
        _use(name, value, index, key_start, end, value_start)
        for name, key_start, value_start, end, value in obj.entries
        if name in wanted
    ]
    if not uses:
        return ()
    id_start = model[2]
    found = find_ids(text[id_start : id_start + 200])  # type: ignore[operator]
    if not found:
        return ()
    first = found[0]
    return (CallSite(first._replace(start=id_start, end=id_start + first.end), id_start, tuple(uses),
                     line=index.position(obj.start)[0]),)  # fmt: skip
