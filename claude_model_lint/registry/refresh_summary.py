"""What a refresh changed, for the pull request's reviewer: the registry before and after,
compared model by model, each change with the source that made it; then what `update` said
(the sources read, those refused as older, the disagreements between them)."""

from __future__ import annotations

from collections.abc import Mapping

from .registry import Model, Registry

_SPELLINGS = ("aliases", "alternate_ids", "bedrock", "vertex", "openrouter")


def summary(before: Registry, after: Registry, keys: Mapping[str, str], said: list[str]) -> str:
    """Markdown: new models, new deprecations and retirements, changed replacements, other
    changes, disagreements, and the sources read."""
    new, ending, replaced, other = [], [], [], []
    for model_id, model in after.models.items():
        was = before.models.get(model_id)
        by = _by(model, was, keys)
        if was is None:
            new.append(f"- `{model_id}`: {_described(model)} {by}")
            continue
        for name in ("deprecated", "retired"):
            old, now = _when(was, name), _when(model, name)
            if old != now:
                ending.append(f"- `{model_id}`: {name} {old} -> {now} {by}")
        if was.replacement != model.replacement:
            replaced.append(
                f"- `{model_id}`: {was.replacement or '—'} -> {model.replacement or '—'} {by}"
            )
        for name in ("not_sooner_than", "legacy", "name", "family", *_SPELLINGS, "derived"):
            old, now = _value(was, name), _value(model, name)
            if old != now:
                other.append(f"- `{model_id}`: {name} {old} -> {now} {by}")
    for name, rule in after.parameter_rules.items():
        was_rule = before.parameter_rules.get(name)
        if was_rule != rule:
            moved = [
                f
                for f in rule._fields
                if f != "sources" and getattr(was_rule, f, None) != getattr(rule, f)
            ]
            what = f": {', '.join(moved)}" if was_rule else ": new"
            other.append(f"- parameter rule `{name}`{what} {_by_sources(rule.sources, keys)}")
    disagreements = [f"- {line}" for line in said if ": disagreement: " in line]
    out = [f"# Model data refresh: {before.updated} -> {after.updated}", ""]
    for title, lines in (
        ("New models", new),
        ("New deprecations and retirements", ending),
        ("Changed replacements", replaced),
        ("Other changes", other),
        ("Disagreements between the sources (kept the data's; the page is the source of record)", disagreements),
    ):  # fmt: skip
        if lines:
            out += [f"## {title}", "", *lines, ""]
    out += ["## Sources", "", *(f"- {key}: {label}" for key, label in keys.items())]
    out += ["", "What `update` said:", "", "```", *said, "```"]
    return "\n".join(out)


def _described(model: Model) -> str:
    state = "deprecated" if model.deprecated or model.deprecated_undated else "active"
    parts = [f"{state}, family {model.family}"]
    if model.retired:
        parts.append(f"retires {model.retired}")
    for name in ("bedrock", "vertex"):
        for spelling in getattr(model, name):
            derived = " (derived)" if spelling in model.derived else ""
            parts.append(f"{name} `{spelling}`{derived}")
    return "; ".join(parts)


def _when(model: Model, name: str) -> str:
    value = getattr(model, name)
    if name == "deprecated" and model.deprecated_undated:
        return "yes (no date)"
    return str(value) if value else "—"


def _value(model: Model, name: str) -> str:
    if name == "legacy":
        return "yes (no date)" if model.legacy_undated else str(model.legacy or "—")
    value = getattr(model, name)
    if isinstance(value, tuple):
        return ", ".join(value) or "—"
    return str(value) if value else "—"


def _by(model: Model, was: Model | None, keys: Mapping[str, str]) -> str:
    gained = [s for s in model.sources if s in keys and (was is None or s not in was.sources)]
    return _by_sources(tuple(gained), keys)


def _by_sources(sources: tuple[str, ...], keys: Mapping[str, str]) -> str:
    named = [s for s in sources if s in keys]
    return f"[{', '.join(named)}]" if named else ""
