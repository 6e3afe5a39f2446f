"""The model registry: load the bundled data and any overlays, validate, and index every spelling.

The data is TOML (or JSON, same shape) so that people can edit it; loading is strict so that a
mistake in it is caught with the file, the entry and the field named, never silently ignored.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import RegistryError
from ..safe_read import MB, NotReadable, read_regular
from ..types import Spelling
from . import bundled
from .id_grammar import check_entry_ids

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

BUNDLED = "bundled registry"
OVERLAY_BYTES = 16 * MB  # the bundled data is about 40 KB: no overlay comes near this
PLATFORMS = ("bedrock", "vertex")
_SPELLING_FIELDS = {
    "aliases": Spelling.ALIAS,
    "alternate_ids": Spelling.ALTERNATE,
    "bedrock": Spelling.BEDROCK,
    "vertex": Spelling.VERTEX,
    "openrouter": Spelling.OPENROUTER,
}
_MODEL_FIELDS = {
    "name", "family", "deprecated", "retired", "not_sooner_than", "legacy", "replacement",
    "platform_dates", "sources", "notes", "clear", "derived", *_SPELLING_FIELDS,
}  # fmt: skip
_CLEARABLE = {"deprecated", "retired", "not_sooner_than", "legacy", "replacement"}
_PLATFORM_DATE_FIELDS = {"deprecated", "retired", "not_sooner_than", "source", "note"}


class PlatformDates(NamedTuple):
    deprecated: date | None
    retired: date | None
    source: str
    note: str = ""
    not_sooner_than: date | None = None


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    family: str
    sources: tuple[str, ...]
    deprecated: date | None = None
    deprecated_undated: bool = False  # deprecated, but the page gives no date
    retired: date | None = None
    not_sooner_than: date | None = None
    legacy: date | None = None
    legacy_undated: bool = False  # legacy, but no date published
    replacement: str | None = None
    aliases: tuple[str, ...] = ()
    alternate_ids: tuple[str, ...] = ()
    bedrock: tuple[str, ...] = ()
    vertex: tuple[str, ...] = ()
    openrouter: tuple[str, ...] = ()
    platform_dates: Mapping[str, PlatformDates] = field(default_factory=dict)
    notes: str = ""
    derived: tuple[str, ...] = ()  # platform spellings derived from the family's, not published

    def spellings(self, kind: Spelling) -> tuple[str, ...]:
        if kind is Spelling.ID:
            return (self.id,)
        return tuple(getattr(self, _field_of(kind)))

    def published(self, kind: Spelling) -> tuple[str, ...]:
        """The spellings of ``kind`` a source published (not derived): what a fix may write.
        (From 4.6 on a derived Vertex id is the API id itself, which the page did publish.)"""
        if kind not in (Spelling.BEDROCK, Spelling.VERTEX):
            return self.spellings(kind)
        return tuple(s for s in self.spellings(kind) if s not in self.derived)


def _field_of(kind: Spelling) -> str:
    return next(name for name, k in _SPELLING_FIELDS.items() if k is kind)


Scalar = str | int | float | bool
FIXES = ("remove", "none")  # or a table: the value that replaces the rejected one


class ParameterRule(NamedTuple):
    """Request parameters that some models reject (CML007)."""

    name: str
    parameters: tuple[str, ...]
    models: tuple[str, ...]  # exactly these
    from_models: tuple[str, ...]  # this model and every later one of its family
    from_version: tuple[str, ...]  # every model of this version or later, whatever its family
    defaults: Mapping[str, float]  # a value equal to the default is accepted
    effect: str
    advice: str
    sources: tuple[str, ...]
    # rejected values: a literal dict with every key of one of these (a list: one item that has);
    # empty: every value but a default or None
    values: tuple[Mapping[str, Scalar], ...] = ()
    fix: str = "remove"  # what --unsafe-fixes does: "remove", "none", or "replace" with fix_value
    fix_value: Mapping[str, Scalar] | None = None
    platforms: tuple[str, ...] = ()  # only ids of these platforms (api, bedrock, vertex); () all


@dataclass(
    frozen=True, eq=False
)  # compared and hashed by identity: verdicts are memoized per registry
class Registry:
    models: Mapping[str, Model]
    updated: date
    source: str
    sources: Mapping[str, str]
    index: Mapping[str, tuple[str, Spelling]]  # spelling -> (model id, how it is spelled)
    parameter_rules: Mapping[str, ParameterRule] = field(default_factory=dict)
    layers: tuple[str, ...] = ()  # what was loaded, oldest first: 'bundled 2026-11-29', ...
    # models no bundled or user layer names: the fetched layers that do (issue 36 item 2: a fix
    # writes a model only one fetched source names never)
    fetched_only: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def rules_for(self, model: Model) -> list[ParameterRule]:
        """The parameter rules that cover ``model`` (by name, or as a later model of a family)."""
        from ..model_ids import shape_of

        shape = shape_of(model.id)
        covering = []
        for rule in self.parameter_rules.values():
            if model.id in rule.models:
                covering.append(rule)
                continue
            if shape and any(shape.version >= version_of(v) for v in rule.from_version):
                covering.append(rule)
                continue
            for first in rule.from_models:
                start = shape_of(first)
                if (
                    shape
                    and start
                    and shape.family == start.family
                    and shape.version >= start.version
                ):
                    covering.append(rule)
                    break
        return covering

    def resolve(self, key: str) -> tuple[Model, Spelling] | None:
        hit = self.index.get(key)
        return None if hit is None else (self.models[hit[0]], hit[1])


# --- loading ---------------------------------------------------------------------------------


def load_registry(
    overlays: Iterable[Path] = (), fetched: Sequence[tuple[str, str]] = ()
) -> Registry:
    """The bundled registry, then the ``fetched`` layers (label and overlay text, oldest source
    first), then each user overlay in order, newest wins; raises RegistryError naming the layer."""
    text = bundled.PATH.read_text("utf-8")
    raw = _parse(text, BUNDLED, toml=True)
    registry_meta, sources, models = _read(raw, BUNDLED, base_sources={})
    updated, source = registry_meta
    assert updated is not None  # _read insists on it for the bundled file
    built, index = _validated(models, BUNDLED)
    rules = _parameter_rules(raw, BUNDLED, sources, built)
    layers = [f"bundled {updated}"]
    trusted, named_by = set(models), dict[str, list[str]]()
    texts = [(where, body, True, False) for where, body in fetched]
    texts += [(str(p), _read_file(p), p.suffix.lower() != ".json", True) for p in overlays]
    for where, body, toml, users in texts:
        raw = _parse(body, where, toml=toml)
        (o_updated, _), o_sources, o_models = _read(raw, where, base_sources=sources)
        for model_id in o_models:
            if users:
                trusted.add(model_id)
            else:
                named_by.setdefault(model_id, []).append(where)
        sources = {**sources, **o_sources}
        models = _merge(models, o_models)
        updated = max(updated, o_updated) if o_updated else updated
        built, index = _validated(models, where)
        rules = {**rules, **_parameter_rules(raw, where, sources, built)}
        layers.append(f"{where} {o_updated}" if o_updated else where)
    fetched_only = {k: tuple(v) for k, v in named_by.items() if k not in trusted and k in built}
    return Registry(built, updated, source, sources, index, rules, tuple(layers), fetched_only)


_RULE_FIELDS = {
    "parameters", "models", "from_models", "from_version", "defaults", "effect", "advice", "sources",
    "values", "fix", "platforms",
}  # fmt: skip


def version_of(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _parameter_rules(
    raw: dict[str, Any], where: str, sources: Mapping[str, str], models: Mapping[str, Model]
) -> dict[str, ParameterRule]:
    rules = {}
    for name, entry in _table(raw.get("parameter_rules", {}), where, "parameter_rules").items():
        at = f'parameter_rules."{name}"'
        table = _table(entry, where, at)
        for key in set(table) - _RULE_FIELDS:
            raise RegistryError(f"{where}: {at}.{key}: unknown field")
        for key in ("parameters", "models", "from_models", "from_version", "sources", "platforms"):
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RegistryError(f"{where}: {at}.{key}: expected a list of strings")
        for key in ("models", "from_models"):
            for model_id in table.get(key, []):
                if model_id not in models:
                    raise RegistryError(f"{where}: {at}.{key}: {model_id!r} names no model")
        for source in table.get("sources", []):
            if source not in sources:
                raise RegistryError(f"{where}: {at}.sources: {source!r} is not in [sources]")
        for platform in table.get("platforms", []):
            if platform not in ("api", *PLATFORMS):
                raise RegistryError(
                    f"{where}: {at}.platforms: {platform!r} is not api, bedrock or vertex"
                )
        for version in table.get("from_version", []):
            if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3})?", version):
                raise RegistryError(
                    f"{where}: {at}.from_version: {version!r} is not a version (4.7)"
                )
        if not table.get("parameters") or not table.get("sources"):
            raise RegistryError(f"{where}: {at}: parameters and sources are required")
        defaults = _table(table.get("defaults", {}), where, f"{at}.defaults")
        for key, value in defaults.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise RegistryError(f"{where}: {at}.defaults.{key}: expected a number")
        values = tuple(_patterns(table.get("values", []), where, f"{at}.values"))
        fix, fix_value = _fix_of(table.get("fix", "remove"), where, f"{at}.fix")
        rules[name] = ParameterRule(
            name=name,
            parameters=tuple(table["parameters"]),
            models=tuple(table.get("models", [])),
            from_models=tuple(table.get("from_models", [])),
            from_version=tuple(table.get("from_version", [])),
            defaults={k: float(v) for k, v in defaults.items()},
            effect=str(table.get("effect", "the request is rejected")),
            advice=str(table.get("advice", "remove it")),
            sources=tuple(table["sources"]),
            values=values,
            fix=fix,
            fix_value=fix_value,
            platforms=tuple(table.get("platforms", [])),
        )
    return rules


def _patterns(value: Any, where: str, at: str) -> list[dict[str, Scalar]]:
    if not isinstance(value, list):
        raise RegistryError(f'{where}: {at}: expected a list of tables ({{ type = "disabled" }})')
    return [_scalars(item, where, f"{at}[{i}]") for i, item in enumerate(value)]


def _scalars(value: Any, where: str, at: str) -> dict[str, Scalar]:
    table = _table(value, where, at)
    if not table:
        raise RegistryError(f"{where}: {at}: expected at least one key")
    for key, item in table.items():
        if not isinstance(item, (str, int, float, bool)):
            raise RegistryError(f"{where}: {at}.{key}: expected a string, number or boolean")
    return table


def _fix_of(value: Any, where: str, at: str) -> tuple[str, dict[str, Scalar] | None]:
    if isinstance(value, dict):
        return "replace", _scalars(value, where, at)
    if value not in FIXES:
        raise RegistryError(f'{where}: {at}: expected "remove", "none" or a table (the new value)')
    return str(value), None


def _read_file(path: Path) -> str:
    try:
        return read_regular(path, OVERLAY_BYTES).decode("utf-8")
    except (NotReadable, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read registry file: {exc}") from None


def _parse(text: str, where: str, *, toml: bool) -> dict[str, Any]:
    try:
        data = tomllib.loads(text) if toml else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        kind = "TOML" if toml else "JSON"
        raise RegistryError(f"{where}: not valid {kind}: {exc}") from None
    except RecursionError:  # both parsers recurse per level of nesting
        raise RegistryError(
            f"{where}: not valid {'TOML' if toml else 'JSON'}: nested too deeply"
        ) from None
    if not isinstance(data, dict):
        raise RegistryError(f"{where}: expected a table at the top level")
    return data


def _read(
    raw: dict[str, Any], where: str, base_sources: Mapping[str, str]
) -> tuple[tuple[date | None, str], dict[str, str], dict[str, dict[str, Any]]]:
    unknown = set(raw) - {"registry", "sources", "models", "parameter_rules"}
    if unknown:
        raise RegistryError(f"{where}: unknown top-level key {sorted(unknown)[0]!r}")
    meta = _table(raw.get("registry", {}), where, "registry")
    for key in set(meta) - {"updated", "source"}:
        raise RegistryError(f"{where}: registry.{key}: unknown field")
    if where == BUNDLED and "updated" not in meta:
        raise RegistryError(f"{where}: registry.updated: missing")
    updated = _date(meta["updated"], where, "registry.updated") if "updated" in meta else None
    source = meta.get("source", where)
    sources = {str(k): str(v) for k, v in _table(raw.get("sources", {}), where, "sources").items()}
    known_sources = {**base_sources, **sources}
    models = {}
    for model_id, entry in _table(raw.get("models", {}), where, "models").items():
        models[model_id] = _check_entry(model_id, entry, where, known_sources)
    return (updated, str(source)), sources, models


def _table(value: Any, where: str, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: {name}: expected a table")
    return dict(value)


def _date(value: Any, where: str, name: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):  # a TOML datetime: no
        return value  # (it compares with no date: a TypeError at the first verdict)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RegistryError(f"{where}: {name}: {value!r} is not a date (YYYY-MM-DD)")


def _check_entry(
    model_id: str, raw_entry: Any, where: str, sources: Mapping[str, str]
) -> dict[str, Any]:
    """Field-level checks; cross-entry checks wait until every overlay is merged."""
    at = f'models."{model_id}"'
    entry: dict[str, Any] = _table(raw_entry, where, at)
    for key in entry:
        if key not in _MODEL_FIELDS:
            raise RegistryError(f"{where}: {at}.{key}: unknown field")
    for key in ("name", "family", "replacement", "notes"):
        if key in entry and not isinstance(entry[key], str):
            raise RegistryError(f"{where}: {at}.{key}: expected a string")
    for key in (*_SPELLING_FIELDS, "sources", "clear", "derived"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RegistryError(f"{where}: {at}.{key}: expected a list of strings")
    check_entry_ids(model_id, entry, where)  # text that --fix writes: exactly one id each
    for key in ("retired", "not_sooner_than"):
        if key in entry:
            entry[key] = _date(entry[key], where, f"{at}.{key}")
    for key in ("deprecated", "legacy"):  # `true`: so on the page, with no date published
        if key in entry and entry[key] is not True:
            entry[key] = _date(entry[key], where, f"{at}.{key}")
    for name in entry.get("clear", []):
        if name not in _CLEARABLE:
            raise RegistryError(f"{where}: {at}.clear: {name!r} cannot be cleared")
    for name in entry.get("sources", []):
        if name not in sources:
            raise RegistryError(f"{where}: {at}.sources: {name!r} is not in [sources]")
    dates = _table(entry.get("platform_dates", {}), where, f"{at}.platform_dates")
    checked = {}
    for platform, value in dates.items():
        here = f"{at}.platform_dates.{platform}"
        if platform not in PLATFORMS:
            raise RegistryError(f"{where}: {here}: unknown platform (use {', '.join(PLATFORMS)})")
        table = _table(value, where, here)
        for key in set(table) - _PLATFORM_DATE_FIELDS:
            raise RegistryError(f"{where}: {here}.{key}: unknown field")
        if "source" not in table:
            raise RegistryError(f"{where}: {here}.source: missing")
        when = {
            key: _date(table[key], where, f"{here}.{key}") if key in table else None
            for key in ("deprecated", "retired", "not_sooner_than")
        }
        checked[platform] = PlatformDates(
            deprecated=when["deprecated"],
            retired=when["retired"],
            source=str(table["source"]),
            note=str(table.get("note", "")),
            not_sooner_than=when["not_sooner_than"],
        )
    entry["platform_dates"] = checked
    return entry


def _merge(
    models: Mapping[str, dict[str, Any]], overlay: Mapping[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """An overlay entry adds a model, or overrides the named fields of an existing one; its
    sources are added to the entry's, so that every field keeps a source."""
    merged = {k: dict(v) for k, v in models.items()}
    for model_id, entry in overlay.items():
        base = merged.setdefault(model_id, {})
        for name in entry.get("clear", []):  # the overlay states these fields are now unset
            base.pop(name, None)
        dates = {**base.get("platform_dates", {}), **entry.get("platform_dates", {})}
        sources = list(dict.fromkeys([*base.get("sources", []), *entry.get("sources", [])]))
        base.update(entry)
        base["platform_dates"] = dates
        base["sources"] = sources
    return merged


def _validated(
    models: Mapping[str, dict[str, Any]], where: str
) -> tuple[dict[str, Model], dict[str, tuple[str, Spelling]]]:
    """Cross-entry checks, then the typed models and the spelling index."""
    _check_whole(models, where)
    return _build(models, where)


def _check_whole(models: Mapping[str, dict[str, Any]], where: str) -> None:
    for model_id, entry in models.items():
        at = f'models."{model_id}"'
        for key in ("name", "family", "sources"):
            if not entry.get(key):
                raise RegistryError(f"{where}: {at}.{key}: missing")
        for spelling in entry.get("derived", []):
            if spelling not in (*entry.get("bedrock", []), *entry.get("vertex", [])):
                raise RegistryError(
                    f"{where}: {at}.derived: {spelling!r} is not one of its bedrock or vertex ids"
                )
        target = entry.get("replacement")
        if target is not None and target not in models:
            raise RegistryError(f"{where}: {at}.replacement: {target!r} names no model")
        retired, deprecated = entry.get("retired"), entry.get("deprecated")
        if isinstance(deprecated, date) and retired is not None and retired < deprecated:
            raise RegistryError(
                f"{where}: {at}.retired: {retired} is before deprecated {deprecated}"
            )
    for model_id in models:
        _check_no_cycle(model_id, models, where)


def _check_no_cycle(start: str, models: Mapping[str, dict[str, Any]], where: str) -> None:
    seen = [start]
    current = models[start].get("replacement")
    while current is not None:
        if current in seen:
            chain = " -> ".join([*seen, current])
            raise RegistryError(f'{where}: models."{start}".replacement: cycle {chain}')
        seen.append(current)
        current = models[current].get("replacement")


def _build(
    models: Mapping[str, dict[str, Any]], where: str
) -> tuple[dict[str, Model], dict[str, tuple[str, Spelling]]]:
    built: dict[str, Model] = {}
    index: dict[str, tuple[str, Spelling]] = {}
    for model_id in models:
        index[model_id] = (model_id, Spelling.ID)
    for model_id, entry in models.items():
        deprecated, legacy = entry.get("deprecated"), entry.get("legacy")
        built[model_id] = Model(
            id=model_id,
            name=entry["name"],
            family=entry["family"],
            sources=tuple(entry["sources"]),
            deprecated=deprecated if isinstance(deprecated, date) else None,
            deprecated_undated=deprecated is True,
            retired=entry.get("retired"),
            not_sooner_than=entry.get("not_sooner_than"),
            legacy=legacy if isinstance(legacy, date) else None,
            legacy_undated=legacy is True,
            replacement=entry.get("replacement"),
            platform_dates=entry["platform_dates"],
            notes=entry.get("notes", ""),
            derived=tuple(entry.get("derived", [])),
            **{name: tuple(entry.get(name, [])) for name in _SPELLING_FIELDS},
        )
        for name, kind in _SPELLING_FIELDS.items():
            for spelling in entry.get(name, []):
                owner = index.get(spelling)
                if owner is not None and owner[0] == model_id and owner[1] is Spelling.ID:
                    continue  # from 4.6 on, the Vertex id is the API id itself
                if owner is not None:
                    raise RegistryError(
                        f'{where}: models."{model_id}".{name}: {spelling!r} is already '
                        f'claimed by models."{owner[0]}"'
                    )
                index[spelling] = (model_id, kind)
    return built, index
