"""Fold a fetched layer (the overlay `update` makes of a source) into the bundled data file
itself, keeping the hand-written file as it is everywhere the source changes nothing: its
comments, order and spelling. tomlkit edits the existing entries in place; a new model's table
goes after the last model, before the parameter rules' comment block, as a person would put it.

Only what the source changes is written: a field already at the source's value is left alone
and does not gain the source's key, so folding the same source twice changes nothing.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import tomlkit
from tomlkit.items import KeyType, SingleKey, Table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_LAST = ("notes", "sources")  # a new field goes before these, as in the hand-written entries


def fold(text: str, overlay: str, key: str) -> tuple[str, bool]:
    """``text`` (the bundled models.toml) with ``overlay`` folded in under the source name
    ``key``; and whether anything changed. The overlay's own source names (PAGE,
    SDK-RELEASE) become ``key``."""
    layer = tomllib.loads(overlay)
    doc = tomlkit.parse(text)
    (label,) = layer.get("sources", {}).values()
    changed = False
    new_tables: list[str] = []  # models: after the last model
    new_rules: list[str] = []  # parameter rules: at the end, after the last rule
    models = doc["models"]
    assert isinstance(models, Table)
    for model_id, entry in layer.get("models", {}).items():
        fields = {k: v for k, v in entry.items() if k not in ("sources", "clear")}
        if model_id not in models:
            new_tables.append(_new_table("models", model_id, {**fields, "sources": [key]}))
            continue
        table = models[model_id]
        assert isinstance(table, Table)
        cleared = [n for n in entry.get("clear", []) if not _kept_floor(n, entry)]
        if _set_fields(table, fields, cleared):
            if key not in table.get("sources", []):
                table["sources"].append(key)
            changed = True
    rules = doc.get("parameter_rules")
    for name, rule in layer.get("parameter_rules", {}).items():
        rule = {k: v for k, v in rule.items() if k != "sources"}
        if not isinstance(rules, Table) or name not in rules:
            new_rules.append(_new_table("parameter_rules", name, {**rule, "sources": [key]}))
            continue
        table = rules[name]
        if _set_fields(table, rule, []):
            if key not in table["sources"]:
                table["sources"].append(key)
            changed = True
    if not changed and not new_tables and not new_rules:
        return text, False
    meta = doc["registry"]
    source_date = layer.get("registry", {}).get("updated")
    if isinstance(source_date, date) and source_date > meta["updated"]:
        meta["updated"] = source_date
    sources = doc["sources"]
    assert isinstance(sources, Table)
    text = doc.as_string()
    if key not in sources:
        text = _insert_source(text, tomlkit.dumps({key: label}))
    text = _insert_models(text, new_tables)
    return "".join([text.rstrip("\n") + "\n", *("\n" + rule for rule in new_rules)]), True


def _insert_source(text: str, line: str) -> str:
    """After the last entry of [sources] (tomlkit would put it after the comment that follows)."""
    lines = text.splitlines(keepends=True)
    at = lines.index("[sources]\n") + 1
    while at < len(lines) and lines[at].strip() and not lines[at].startswith(("#", "[")):
        at += 1
    return "".join([*lines[:at], line, *lines[at:]])


def _set_fields(table: Table, fields: dict[str, Any], cleared: list[str]) -> bool:
    changed = False
    for name in cleared:
        if name in table:
            del table[name]
            changed = True
    for name, value in fields.items():
        if name in table and _plain(table[name]) == value:
            continue
        if name not in table and value in ([], "remove"):  # a default the file leaves out
            continue
        new = name not in table
        table[name] = value
        changed = True
        if new:
            for last in _LAST:  # keep notes and sources at the end: take them out and back
                if last in table:
                    kept = table[last]
                    del table[last]
                    table[last] = kept
    return changed


def _kept_floor(name: str, entry: dict[str, Any]) -> bool:
    """The page drops a model's "not sooner than" once it gives a deprecation; the file keeps
    it, as history (a deprecation supersedes the floor; no verdict reads it then)."""
    return name == "not_sooner_than" and ("deprecated" in entry or "retired" in entry)


def _plain(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _new_table(section: str, name: str, fields: dict[str, Any]) -> str:
    """A new ``[section."name"]`` table as TOML text, with a blank line after it."""
    table = tomlkit.table()
    for field in sorted(fields, key=lambda f: _LAST.index(f) + 1 if f in _LAST else 0):
        table[field] = fields[field]
    head = tomlkit.document()
    head.append(SingleKey(section, KeyType.Bare), tomlkit.table(is_super_table=True))
    head[section].append(SingleKey(name, KeyType.Basic), table)
    return head.as_string().lstrip("\n") + "\n"


def _insert_models(text: str, tables: list[str]) -> str:
    """New model tables after the last model: before the comment block that opens the
    parameter rules (or at the end)."""
    if not tables:
        return text
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.startswith("[parameter_rules")), None)
    if at is None:
        return text.rstrip("\n") + "\n\n" + "".join(tables).rstrip("\n") + "\n"
    while at > 0 and (lines[at - 1].startswith("#") or not lines[at - 1].strip()):
        at -= 1
    head = "".join(lines[:at]).rstrip("\n") + "\n\n"
    return head + "".join(tables) + "".join(lines[at:]).lstrip("\n")
