"""A registry overlay is never fixed: its ids are the registry's keys, not uses of a model.

`--fix .` once rewrote a `[models."<id>"]` header in the user's own overlay to the replacement's id,
which turned the overlay into a cycle. An overlay is known by name (the file's config names it,
or --registry does) or, for one no config names yet, by its shape: TOML or JSON whose top level
is a registry's (a `models` table and nothing a registry does not have).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from ..types import FileResult

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_TOP = frozenset({"registry", "sources", "models", "parameter_rules"})


def overlay_reason(path: Path, text: str, in_use: Iterable[Path]) -> str | None:
    """Why ``path`` must not be fixed, or None."""
    in_use = tuple(in_use)
    if in_use:
        real = os.path.realpath(path)
        if any(os.path.realpath(overlay) == real for overlay in in_use):
            return "a registry overlay in use: its ids are the registry's keys"
    suffix = path.suffix.lower()
    shaped = _TOML_MODELS if suffix == ".toml" else _JSON_MODELS if suffix == ".json" else None
    if shaped is not None and "models" in text and shaped.search(text) and _is_registry(path, text):
        return "it is registry data: its ids are the registry's keys"
    return None


# what a registry's models table looks like, before a parse makes sure: most TOML and JSON
# files holding an id are not registry data, and a large one costs a whole parse (the key
# spelt with escapes, which no overlay writer does, is not looked for)
_TOML_MODELS = re.compile(r"""^[ \t]*\[?[ \t]*["']?models["']?[ \t]*[.\]=]""", re.MULTILINE)
_JSON_MODELS = re.compile(r'"models"\s*:\s*\{')


def _is_registry(path: Path, text: str) -> bool:
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError, RecursionError):  # (nested too deeply)
        return False
    if not isinstance(data, dict) or set(data) - _TOP:
        return False
    models = data.get("models")  # a table of tables keyed by model id, as the loader wants
    return (
        isinstance(models, dict)
        and bool(models)
        and all(isinstance(v, dict) for v in models.values())
    )


def unfixed_in_overlays(
    path: Path, result: FileResult, text: str, in_use: Iterable[Path]
) -> FileResult:
    """``result`` with no fix offered when ``path`` is registry data (judged, never rewritten)."""
    if not any(d.replacement for d in result.diagnostics):
        return result
    reason = overlay_reason(path, text, in_use)
    if reason is None:
        return result
    diagnostics = tuple(
        d._replace(
            replacement=None,
            fixable=False,
            safety=None,
            message=f"{d.message} (not fixable: {reason})",
        )
        if d.replacement
        else d
        for d in result.diagnostics
    )
    return result._replace(diagnostics=diagnostics)
