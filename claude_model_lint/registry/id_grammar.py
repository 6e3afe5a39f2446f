"""Every id in registry data must be one model id as the recogniser reads it.

Registry data can come from a pull request (an overlay named in a config), and `--fix` writes
its replacements into code: a "replacement" that is not exactly one id would be code injection.
So each canonical id, replacement and spelling must scan, alone, as one id covering the whole
string, with no region, context or ':beta' variant, whose lookup key is the string itself,
and spell a version or a model family: `claude-flow` in a script is a program, never a model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import RegistryError
from ..model_ids import find_ids
from . import bundled

_ID_FIELDS = ("replacement",)
_LIST_FIELDS = ("aliases", "alternate_ids", "bedrock", "vertex", "openrouter")
_SHOWN = 60  # how much of a bad value the message quotes


def is_model_id(text: str) -> bool:
    """Does ``text`` read, alone and whole, as exactly one model id keyed by itself?"""
    return _why_not(text) is None


def _why_not(text: str) -> str | None:
    lower = text.lower()  # 'Claude-Code' names the program too (and, upper case, no model)
    found = find_ids(lower)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(lower):
        return _WHY
    one = found[0]
    if not _spells_a_model(one.key):
        return _PROGRAM
    if lower != text:
        return _WHY
    if one.region is not None:
        return f"has the region prefix {one.region}.: list it without one (every region matches)"
    if one.context_suffix is not None or one.beta:
        return "has a variant suffix: list the id without it (variants match their id)"
    return None if one.key == text else _WHY


def _spells_a_model(key: str) -> bool:
    """Does the id spell a version (a digit) or a family word of the bundled data? Programs,
    libraries and apps spell neither (claude, claude-code, claude-flow, claude-code-router): an
    overlay that made one an alias had --fix rewrite `claude -p` in scripts and workflows, and no
    list of their names is ever complete."""
    if any(c.isdigit() for c in key):
        return True
    return not bundled.family_words().isdisjoint(re.split(r"[-.@:]", key))


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


_PROGRAM = "is the name of a program, never a model id (it spells no version and no model family)"
_WHY = "is not a model id (one token such as claude-sonnet-4-5-20250929)"  # claude-model-lint: ignore[CML001,CML002]


def _quoted(value: str) -> str:
    """The value on one line and short: a message is one line whatever the data holds."""
    flat = value.encode("unicode_escape").decode("ascii")
    return flat if len(flat) <= _SHOWN else flat[: _SHOWN - 3] + "..."
