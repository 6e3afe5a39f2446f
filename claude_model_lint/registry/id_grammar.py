"""Every id in registry data must be one model id as the recogniser reads it.

Registry data can come from a pull request (an overlay named in a config), and `--fix` writes
its replacements into code: a "replacement" that is not exactly one id would be code injection.
So each canonical id, replacement and spelling must scan, alone, as one id covering the whole
string, with no region, context or ':beta' variant, whose lookup key is the string itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import RegistryError
from ..model_ids import find_ids

_ID_FIELDS = ("replacement",)
_LIST_FIELDS = ("aliases", "alternate_ids", "bedrock", "vertex", "openrouter")
_SHOWN = 60  # how much of a bad value the message quotes


def is_model_id(text: str) -> bool:
    """Does ``text`` read, alone and whole, as exactly one model id keyed by itself?"""
    return _why_not(text) is None


# Programs, libraries and apps, never models, whatever an overlay says: an overlay that made
# `claude` an alias had --fix rewrite `claude -p` in shell scripts and workflows
PRODUCT_NAMES = frozenset({
    "claude", "claude-code", "claude-agent-sdk", "claude-sdk", "claude-cli", "claude-desktop",
    "claude-ai", "claude-api", "claude-app", "claude-dev", "claude-eval", "claude-chat",
    "claude-mcp", "claude-plugin", "claude-extension", "claude-bot", "claude-proxy",
})  # fmt: skip


def _why_not(text: str) -> str | None:
    if text.lower() in PRODUCT_NAMES:
        return "is the name of a program, never a model id"
    found = find_ids(text)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(text):
        return _WHY
    one = found[0]
    if one.region is not None:
        return f"has the region prefix {one.region}.: list it without one (every region matches)"
    if one.context_suffix is not None or one.beta:
        return "has a variant suffix: list the id without it (variants match their id)"
    return None if one.key == text else _WHY


def check_entry_ids(model_id: str, entry: Mapping[str, Any], where: str) -> None:
    """Raise RegistryError naming the file, the entry and the field of the first bad id."""
    at = f'models."{_quoted(model_id)}"'
    why = _why_not(model_id)
    if why is not None:
        raise RegistryError(f"{where}: {at}: the entry's id {_quoted(model_id)!r} {why}")
    for key in _ID_FIELDS:
        value = entry.get(key)
        if isinstance(value, str) and (why := _why_not(value)) is not None:
            raise RegistryError(f"{where}: {at}.{key}: {_quoted(value)!r} {why}")
    for key in _LIST_FIELDS:
        for value in entry.get(key, []):
            if isinstance(value, str) and (why := _why_not(value)) is not None:
                raise RegistryError(f"{where}: {at}.{key}: {_quoted(value)!r} {why}")


_WHY = "is not a model id (one token such as claude-sonnet-4-5-20250929)"  # claude-model-lint: ignore[CML001,CML002]


def _quoted(value: str) -> str:
    """The value on one line and short: a message is one line whatever the data holds."""
    flat = value.encode("unicode_escape").decode("ascii")
    return flat if len(flat) <= _SHOWN else flat[: _SHOWN - 3] + "..."
