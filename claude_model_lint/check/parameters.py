"""CML007: which request parameters of a call its model rejects, said as diagnostics.

The rules are data (registry ``parameter_rules``); this module only matches a call's literal
values against them. A value the scanner could not read is never matched against a rule that
names values: unknown is not guessed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ..types import Diagnostic

if TYPE_CHECKING:
    from ..config import Config
    from ..registry.registry import Model, ParameterRule, Registry, Scalar
    from ..scanners.calls import CallSite, JSONValue, ParameterUse
    from ..suppressions import LinePragmas
    from ..types import Platform

SHOWN_AS_WRITTEN = 60  # longer or multi-line arguments are said by name and matched value
Match = tuple["ParameterUse", "ParameterRule", "Mapping[str, Scalar] | None"]


def rejected(
    call: CallSite, model: Model, registry: Registry, platform: Platform | None = None
) -> list[Match]:
    """The parameters of ``call`` that ``model`` (on ``platform``, if known) rejects, each with
    its rule and the pattern its value matched (None for a rule on any value)."""
    out: list[Match] = []
    for rule in registry.rules_for(model):
        if platform is not None and rule.platforms and platform.value not in rule.platforms:
            continue
        for use in call.parameters:
            if use.name not in rule.parameters or use.explicit_none:
                continue
            if not rule.values:
                default = rule.defaults.get(use.name)
                if not (use.known and _is_number(use.value) and use.value == default):
                    out.append((use, rule, None))
                continue
            pattern = _matching(use, rule.values) if use.known else None
            if pattern is not None:
                out.append((use, rule, pattern))
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _matching(
    use: ParameterUse, patterns: tuple[Mapping[str, Scalar], ...]
) -> Mapping[str, Scalar] | None:
    """The first pattern the value (a dict), or one item of it (a list), has every key of."""
    items = use.value if isinstance(use.value, list) else [use.value]
    for item in items:
        if not isinstance(item, dict):
            continue
        for pattern in patterns:
            if all(k in item and _same(item[k], v) for k, v in pattern.items()):
                return pattern
    return None


def diagnostics(
    shown: str, call: CallSite, lines: Mapping[int, str], registry: Registry, config: Config,
    per_file: frozenset[str], pragmas: LinePragmas, unsafe_fixes: bool,
) -> Iterator[Diagnostic]:  # fmt: skip
    """One CML007 diagnostic per rejected parameter of ``call``."""
    from ..rules import RULES

    resolved = registry.resolve(call.model.key)
    if resolved is None or not config.enabled("CML007") or "CML007" in per_file:
        return
    model, spelling = resolved
    meta = RULES["CML007"]
    for use, rule, pattern in rejected(call, model, registry, spelling.platform):
        source_line = lines[use.line]
        if pragmas.suppressed([use.line, use.end_line], "CML007"):  # its first or last line
            continue
        start, edit = use.start, edit_for(use, rule)
        if edit:  # a new value: only the value is rewritten
            start = use.value_start
        shown_as = written(use, pattern, source_line)
        yield Diagnostic(
            path=shown, line=use.line, column=use.column, end_line=use.end_line,
            end_column=use.end_column, code="CML007", rule=meta.name, severity=meta.severity,
            model=call.model.text, canonical=model.id, state=None, replacement=None,
            message=f"{shown_as} is rejected by {model.id}: {rule.effect}; {rule.advice}",
            start=start, end=use.end, source_line=source_line,
            fixable=unsafe_fixes and edit is not None, edit=edit,
        )  # fmt: skip


def edit_for(use: ParameterUse, rule: ParameterRule) -> str | None:
    """What --unsafe-fixes writes: '' removes the argument, a literal replaces its value."""
    if rule.fix == "remove":
        return ""
    if rule.fix == "replace" and rule.fix_value is not None and isinstance(use.value, dict):
        if use.value_start < 0:  # a value written as a block (YAML): not rewritten in place
            return None
        return render(dict(rule.fix_value))
    return None


def render(value: JSONValue) -> str:
    """A literal both Python and JavaScript read: {"type": "adaptive"}."""
    return json.dumps(value, ensure_ascii=False)


def written(use: ParameterUse, pattern: Mapping[str, Scalar] | None, source_line: str) -> str:
    if use.line == use.end_line and use.end - use.start <= SHOWN_AS_WRITTEN:
        return source_line[use.column - 1 : use.column - 1 + max(use.end - use.start, 1)]
    if pattern is None:
        return use.name
    key = source_line[use.column - 1 :].lstrip("\"'")[len(use.name) :].lstrip("\"' \t")
    name = f"{use.name}: " if key.startswith(":") else f"{use.name}="  # JS/TS, or Python
    shown = render(dict(pattern))
    if isinstance(use.value, list):
        return f"{name}[{shown[:-1]}, …}}, …]"
    extra = isinstance(use.value, dict) and len(use.value) > len(pattern)
    return f"{name}{shown[:-1]}, …}}" if extra else f"{name}{shown}"
