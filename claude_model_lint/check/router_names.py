"""A router's own name for a known model, which the registry does not list: the snapshots it
means, so that it is judged as they are (never fixed: the router's name for the replacement is
not known).

Two kinds are met on real repositories:

* Vertex AI's name without its ``@date`` behind ``vertex_ai/`` (LiteLLM's
  ``vertex_ai/claude-3-5-sonnet-v2``): the model whose Vertex id is that name and a date.
* The version-first name with a snapshot date that OpenRouter answers with
  (``anthropic/claude-4.6-sonnet-20260217``, ``anthropic/claude-3.5-sonnet-20240620``): the
  snapshots of that family and version, those of that date if the registry knows one. A date
  the registry knows for none of them, when they have dates, is not a name of theirs.

Only behind a router prefix: written bare, in a request to the Claude API, such a name fails.
"""  # claude-model-lint: ignore

from __future__ import annotations

import re

from ..model_ids import FAMILIES, Shape, shape_of
from ..registry.registry import Model, Registry
from ..types import FoundId

_VERSION_FIRST = re.compile(r"claude-(?P<version>\d(?:[.-]\d)?)-(?P<family>[a-z]+)-(?P<date>\d{8})")
_DATE = re.compile(r"\d{8}")


def router_snapshots(found: FoundId, shape: Shape, registry: Registry) -> list[Model] | None:
    """The models ``found`` names in its router's spelling, or None when it is not one."""
    router = found.router or ""
    if not router or "@" in found.key or found.key.startswith("anthropic."):
        return None
    if "vertex" in router:
        named = [
            model
            for model in registry.models.values()
            if any(v.split("@", 1)[0] == found.key for v in model.vertex if "@" in v)
        ]
        return named or None
    m = _VERSION_FIRST.fullmatch(found.key)
    if m is None or m["family"] not in FAMILIES:
        return None
    version = m["version"]
    if version[0] < "4" and "." not in version:
        return None  # claude-3-5-sonnet-20240620: the Claude API's own grammar, judged as such
    snapshots = [model for model in registry.models.values() if shape_of(model.id) == shape]
    dated = [model for model in snapshots if m["date"] in model.id]
    if dated:
        return dated
    if any(_DATE.search(model.id) for model in snapshots):
        return None  # a snapshot date the registry does not know for that version
    return snapshots or None
