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

import json
import re
from collections.abc import Iterable

from . import LineIndex
from .calls import CallSite, JSONValue, ParameterUse
from .config_values import UNKNOWN, scalar, use_of

SUFFIXES = frozenset({".yaml", ".yml", ".toml", ".json"})
# config: a promptfoo provider's (``- id: anthropic:messages:…`` with ``config: {temperature: …}``)
SETTINGS = frozenset(
    {"model_kwargs", "model_settings", "parameters", "params", "settings", "config"}
)
REACH = 40  # lines looked at around an id, either way: a request's keys sit together

# YAML: indentation, an optional '- ', a key, ':' and the rest of the line
_YAML_ENTRY = re.compile(
    r"(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[\w.-]+|\"[^\"]*\"|'[^']*')[ ]*:(?:[ ]+(?P<value>.*?))?[ ]*(?:\#.*)?$"
)
_TOML_ENTRY = re.compile(
    r"[ \t]*(?P<key>[\w-]+|\"[^\"]*\")[ \t]*=[ \t]*(?P<value>.*?)[ \t]*(?:\#[^\"']*)?$"
)
_TOML_TABLE = re.compile(r"[ \t]*\[")


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
        from .json_requests import json_requests

        return json_requests(text, starts, wanted, index)
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


def _line_span(index: LineIndex, _text: str, line: int) -> tuple[int, str]:
    return index.offset(line, 0), index.line_text(line)


def _yaml_siblings(
    text: str, index: LineIndex, line: int, wanted: frozenset[str]
) -> list[ParameterUse]:
    """The keys of the mapping the id's entry belongs to: the lines above and below at its
    indentation (deeper lines belong to a sibling; a shallower one, or the next '- ', ends it)."""
    at, own_line = _line_span(index, text, line)
    entry = _YAML_ENTRY.match(own_line)
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
        return [use_of(key, scalar(value_raw), index, key_start, end, at + m.start("value"))]
    children = _yaml_block(text, index, number)  # thinking:\n  type: disabled
    end = children[1] if children else at + m.end("key") + 1
    value: JSONValue | object = children[0] if children else UNKNOWN
    return [use_of(key, value, index, key_start, end, -1)]


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
        value = scalar(m["value"] or "")
        if value is not UNKNOWN:
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
        above = _TOML_ENTRY.match(raw) if own is not None else None
        if above is not None and above["key"] == own:  # the record above ends there
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
                use_of(
                    key, scalar(m["value"]), index, at + m.start("key"), end, at + m.start("value")
                )
            )
    return _first_of_each(uses)
