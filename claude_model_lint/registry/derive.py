"""Platform spellings of a model the sources name without them: the page and the SDK give only
Claude API ids, and a new model's Bedrock and Vertex AI ids come later, if at all.

Derived from the family's own data, never from a rule the data contradicts: from Claude Sonnet
4.6 on the family's dateless ids are `anthropic.<id>` on Bedrock and `<id>` on Vertex AI
(registry-facts §3, §4; Opus 4.6's `-v1` is the exception). So a new dateless id gets a platform
spelling only when the family's newest model published on that platform is spelled by that rule;
a family with no model on the platform (Mythos on Vertex AI) gets none. Each such spelling is
listed in the entry's `derived`: recognised, explained as derived, never written by a fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model_ids import shape_of
from .registry import Model, Registry

_DATELESS = re.compile(r"claude-[a-z]+-\d{1,2}(?:-\d{1,2})?")  # claude-opus-4-6, claude-fable-5
_RULES: dict[str, Callable[[str], str]] = {
    "bedrock": lambda model_id: f"anthropic.{model_id}",
    "vertex": lambda model_id: model_id,
}


def derived_spellings(model_id: str, registry: Registry) -> dict[str, str]:
    """Platform -> the spelling the family's data implies for ``model_id`` (maybe none)."""
    shape = shape_of(model_id)
    if shape is None or not _DATELESS.fullmatch(model_id):
        return {}
    family = [m for m in registry.models.values() if _dateless_of(m, shape.family)]
    found = {}
    for platform, rule in _RULES.items():
        published = [m for m in family if _published(m, platform)]
        if not published:
            continue
        newest = max(published, key=lambda m: _version(m.id))
        if _published(newest, platform)[0] == rule(newest.id):
            found[platform] = rule(model_id)
    return found


def _dateless_of(model: Model, family: str) -> bool:
    shape = shape_of(model.id)
    return shape is not None and shape.family == family and bool(_DATELESS.fullmatch(model.id))


def _published(model: Model, platform: str) -> list[str]:
    return [s for s in getattr(model, platform) if s not in model.derived]


def _version(model_id: str) -> tuple[int, ...]:
    shape = shape_of(model_id)
    return shape.version if shape else ()


def derived_toml(model_id: str, registry: Registry) -> list[str]:
    """The overlay lines for a new model's derived spellings (none when the data implies none)."""
    found = derived_spellings(model_id, registry)
    if not found:
        return []
    lines = [f'{platform} = ["{spelling}"]' for platform, spelling in found.items()]
    return [*lines, "derived = [" + ", ".join(f'"{s}"' for s in found.values()) + "]"]
