"""A config file's value as a request parameter's: a plain scalar or a one-level flow mapping,
else ``UNKNOWN`` (never guessed). Shared by the YAML/TOML reader (``config_requests``) and the
JSON one (``json_requests``)."""

from __future__ import annotations

import re

from . import LineIndex
from .calls import JSONValue, ParameterUse

UNKNOWN = object()
_FLOW_PAIR = re.compile(
    r"[\"']?(?P<key>[\w-]+)[\"']?[ \t]*[:=][ \t]*(?P<value>\"[^\"]*\"|'[^']*'|[^,}\s]+)"
)


def scalar(raw: str) -> JSONValue | object:
    raw = raw.strip()
    if not raw:
        return UNKNOWN
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
        pairs = {m["key"]: scalar(m["value"]) for m in _FLOW_PAIR.finditer(raw[1:-1])}
        return {k: v for k, v in pairs.items() if v is not UNKNOWN}
    if raw[0] in "[{&*!|>":
        return UNKNOWN
    return raw  # a plain YAML string


def use_of(
    name: str, value: JSONValue | object, index: LineIndex, start: int, end: int, value_start: int
) -> ParameterUse:
    known = value is not UNKNOWN
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return ParameterUse(
        name, value if known else None, known, start, end, line, column, end_line,  # type: ignore[arg-type]
        end_column, value_start,
    )  # fmt: skip
