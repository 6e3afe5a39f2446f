"""An SDK release as a registry overlay: only what the data lacks, never against it.

The page is the source of record where both speak. The SDK adds the ids it lists that the data
does not know (active, family read from the id, platform spellings derived from the family's:
see derive) and a deprecation for a model the data holds as
not deprecated (the end-of-life date as its retirement; the release's date as the day it was
deprecated by, which is as early as the SDK can show it). Where the data already has a
retirement, or a deprecation with none announced, a different SDK date is a disagreement: listed
by `update`, not merged.
"""

from __future__ import annotations

from datetime import date

from ..model_ids import shape_of
from .derive import derived_toml
from .page_overlay import quote
from .registry import Model, Registry
from .sdk_source import SdkRelease


def sdk_overlay(release: SdkRelease, registry: Registry, source: str) -> tuple[str, list[str]]:
    """(overlay TOML, what it changes and where the SDK disagrees, one line each)."""
    out = [
        "# Read by claude-model-lint-registry from Anthropic's Python SDK (never imported).",
        "[registry]",
        f"updated = {release.released.isoformat()}",
        f"source = {quote(source)}",
        "",
        "[sources]",
        f"SDK-RELEASE = {quote(source)}",
    ]
    said: list[str] = []
    new = [i for i in release.ids if registry.resolve(i) is None]
    new += [i for i in release.end_of_life if registry.resolve(i) is None and i not in new]
    for model_id in new:
        shape = shape_of(model_id)
        out += [
            "",
            f'[models."{model_id}"]',
            f"name = {quote(model_id)}",
            f"family = {quote(shape.family if shape else 'unknown')}",
            *derived_toml(model_id, registry),
        ]
        end = release.end_of_life.get(model_id)
        if end is not None:
            out += [f"deprecated = {min(release.released, end)}", f"retired = {end}"]
        out += [
            f"notes = {quote(f'Listed by the Python SDK {release.version} of {release.released}.')}",
            'sources = ["SDK-RELEASE"]',
        ]
        said.append(f"new model {model_id} (the SDK {release.version})")
    for model_id, end in _deprecations(release, registry).items():
        line = _deprecation(registry.models[model_id], end, release, out)
        if line:
            said.append(line)
    for model_id in release.ids:  # the page alone named it: the SDK names it too (see fix_guard)
        if model_id in registry.fetched_only and f'[models."{model_id}"]' not in out:
            model = registry.models[model_id]
            out += [
                "",
                f'[models."{model_id}"]',
                f"name = {quote(model.name)}",
                f"family = {quote(model.family)}",
                'sources = ["SDK-RELEASE"]',
            ]
    return "\n".join(out) + "\n", said


def _deprecations(release: SdkRelease, registry: Registry) -> dict[str, date]:
    """End-of-life dates by model id (an alias and its snapshot name one model)."""
    by_model: dict[str, date] = {}
    for spelling, end in release.end_of_life.items():
        hit = registry.resolve(spelling)
        if hit is not None:
            by_model[hit[0].id] = end
    return by_model


def _deprecation(model: Model, end: date, release: SdkRelease, out: list[str]) -> str:
    sdk = f"the SDK {release.version} of {release.released}"
    if model.retired == end:
        return ""
    if model.retired is None and model.deprecated is None and not model.deprecated_undated:
        deprecated = min(release.released, end)
        note = (
            f"Deprecated by {sdk} (deprecated_models.py: end of life {end}); the day it was "
            "announced may be earlier."
        )
        out += [
            "",
            f'[models."{model.id}"]',
            f"deprecated = {deprecated}",
            f"retired = {end}",
            f"notes = {quote(note)}",
            'sources = ["SDK-RELEASE"]',
        ]
        return f"{model.id}: new deprecation from {sdk}: end of life {end}"
    have = str(model.retired) if model.retired else "to be announced"
    return (
        f"{model.id}: disagreement: {sdk} says end of life {end}; the data says {have} "
        f"({', '.join(model.sources)}); kept the data's (the page is the source of record)"
    )
