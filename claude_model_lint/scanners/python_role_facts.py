"""What ``ast`` says about the roles of a module's strings, for the fast layout (``python_fast``):
lookups, collection members and tables, docstrings, responses and mocks built in code, legacy
Text Completions calls. The LibCST layout (``python_cst``) collects the same facts; the tests
hold the two to each other.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from .layout import (
    LABELS,
    LOOKUP_METHODS,
    LOOKUP_NAME,
    MOCKED,
    RESPONSE_KEYS,
    Layout,
    text_completions,
)

Span = Callable[[ast.AST], tuple[int, int]]
_COLLECTIONS = (ast.List, ast.Tuple, ast.Set)


def visit_roles(node: ast.AST, span: Span, out: Layout) -> None:
    """Add what ``node`` itself says to ``out`` (its children are visited by the caller)."""
    _shaped(node, span, out)
    if isinstance(node, ast.Call) and _looks_up(node):  # d.get("claude-3")
        out.matched.append(span(node.args[0]))
    elif isinstance(node, ast.Dict):
        out.matched.extend(span(k) for k in node.keys if k is not None and is_string(k))
        _members(node.values, span, out)
    elif isinstance(node, _COLLECTIONS):
        _members(node.elts, span, out)
    elif isinstance(node, ast.Subscript) and is_string(node.slice):  # d["claude-3-opus"]
        out.matched.append(span(node.slice))
    elif isinstance(node, ast.MatchValue) and is_string(node.value):
        out.matched.append(span(node.value))  # case "claude-3-opus":
    elif isinstance(node, ast.Expr) and is_string(node.value):
        out.prose.append(span(node.value))  # a docstring


def _shaped(node: ast.AST, span: Span, out: Layout) -> None:
    """A response built in code (``Message(..., stop_reason=...)``, a dict with that key) or a
    mock's canned answer is a record; a call with ``max_tokens_to_sample`` is the legacy Text
    Completions API; a collection of collections or a ``parametrize`` call is a table."""
    names: set[object] = set()
    if isinstance(node, ast.Call):
        _called(node, span, out)
        names = {k.arg for k in node.keywords}
        if text_completions(dotted(node.func), names, prompt_names(node)):
            out.legacy.append(span(node))
        out.records.extend(span(k.value) for k in node.keywords if k.arg in MOCKED)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "parametrize":
            out.tables.append(span(node))
    elif isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        mocked = any(isinstance(t, ast.Attribute) and t.attr in MOCKED for t in targets)
        if node.value is not None and mocked:
            out.records.append(span(node.value))  # mock.return_value = {...}
    elif isinstance(node, _COLLECTIONS):
        if any(isinstance(e, (*_COLLECTIONS, ast.Dict)) for e in node.elts):
            out.tables.append(span(node))
    elif isinstance(node, ast.Dict):
        names = {k.value for k in node.keys if isinstance(k, ast.Constant)}
    if names & RESPONSE_KEYS:
        out.records.append(span(node))


def dotted(func: ast.expr) -> list[str]:
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return parts[::-1]


def prompt_names(node: ast.Call) -> set[str]:
    prompt = next((k.value for k in node.keywords if k.arg == "prompt"), None)
    if prompt is None:
        return set()
    return {
        n.id if isinstance(n, ast.Name) else n.attr
        for n in ast.walk(prompt)
        if isinstance(n, (ast.Name, ast.Attribute))
    }


def _called(node: ast.Call, span: Span, out: Layout) -> None:
    """What the callee's name says: snapshot("…") records, pytest.param(id="…") labels an
    artefact, model_profile("…") looks a model up; and which callee takes which id first."""
    func = node.func
    name = (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )
    if name == "snapshot":
        out.records.extend(span(a) for a in node.args)
    if name in ("param", "parametrize"):
        out.records.extend(span(k.value) for k in node.keywords if k.arg in LABELS)
    if name and node.args and is_string(node.args[0]):
        if LOOKUP_NAME.match(name):
            out.matched.append(span(node.args[0]))
        out.callees.append((name, *span(node.args[0])))


def _members(values: list[ast.expr], span: Span, out: Layout) -> None:
    group = [span(v) for v in values if is_string(v)]
    if group:
        out.members.append(group)


def _looks_up(node: ast.Call) -> bool:
    """``d.get(NAME)``, ``models.index(...)``: the first argument names a key."""
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr in LOOKUP_METHODS
        and bool(node.args)
        and is_string(node.args[0])
    )


def is_string(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))
    )
