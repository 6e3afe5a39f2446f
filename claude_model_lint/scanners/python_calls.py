"""Calls to ``*.messages.create`` / ``stream`` / ``count_tokens`` / ``batches.create`` whose
model is a literal (or a module constant bound to one) and that pass request parameters: what
CML007 judges. Values are read from literals (dicts, lists, strings, numbers) and module
constants; anything else is recorded as unknown, never guessed.

``ast`` is enough here (LibCST is for rewriting), and it runs only on files that mention both
``messages.`` and one of the parameters.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Iterable, Iterator
from typing import TypeGuard

from ..model_ids import find_ids
from . import LineIndex
from .calls import HEAD as _CALL
from .calls import NOT_COUNTED, CallSite, JSONValue, ParameterUse
from .python_lexer import in_token, token_spans
from .python_syntax import parse_module

METHODS = frozenset({"create", "stream", "count_tokens"})
_UNKNOWN = object()
Pair = tuple[str, ast.AST, ast.expr]  # name, the node where 'name=' starts, the value


def find_calls(
    text: str, parameters: Iterable[str], index: LineIndex | None = None
) -> list[CallSite]:
    """The call sites of ``text`` that pass one of ``parameters`` (parsing it if need be)."""
    wanted = frozenset(parameters)
    if not wants_tree(text, wanted):
        return []
    tree, _ = parse_module(text)
    return calls_in(text, tree, wanted, index) if tree is not None else []


def wants_tree(text: str, wanted: frozenset[str]) -> bool:
    """Could ``text`` hold a call site passing one of ``wanted``? Only then is it parsed."""
    if not _CALL.search(text) or not any(name in text for name in wanted):
        return False  # no call site: no second parse of the file
    spans = token_spans(text)
    # only in strings and comments (an error message, an example in a docstring): none
    return not all(in_token(spans, m.start()) for m in _CALL.finditer(text))


def calls_in(
    text: str, tree: ast.Module, wanted: frozenset[str], index: LineIndex | None = None
) -> list[CallSite]:
    index = index or LineIndex(text)
    finder = _Finder(text, index, wanted)
    finder.collect_constants(tree)
    lines = sorted({index.position(m.start())[0] for m in _CALL.finditer(text)})
    stack: list[ast.AST] = [tree]
    while stack:  # only into the nodes on the lines of a call site
        node = stack.pop()
        if isinstance(node, ast.Call):
            finder.visit_call(node)
        stack.extend(child for child in ast.iter_child_nodes(node) if _spans_any(child, lines))
    return finder.calls


def _spans_any(node: ast.AST, lines: list[int]) -> bool:
    first, last = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    if first is None or last is None:
        return True
    i = bisect.bisect_left(lines, first)
    return i < len(lines) and lines[i] <= last


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, in source order, without descending into expressions."""
    for statement in body:
        yield statement
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            for item in getattr(statement, name, ()):
                if isinstance(item, (ast.ExceptHandler, ast.match_case)):
                    yield from _statements(item.body)
                elif isinstance(item, ast.stmt):
                    yield from _statements([item])


class _Finder:
    def __init__(self, text: str, index: LineIndex, wanted: frozenset[str]) -> None:
        self.text = text
        self.index = index
        self.wanted = wanted
        self.strings: dict[str, ast.Constant] = {}  # NAME = "literal", last binding wins
        self.dicts: dict[str, ast.Dict] = {}  # NAME = {...}
        self.calls: list[CallSite] = []

    def collect_constants(self, tree: ast.Module) -> None:
        for node in _statements(tree.body):
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            for target in targets:
                if isinstance(target, ast.Name) and _is_str(value):
                    self.strings[target.id] = value  # type: ignore[assignment]
                elif isinstance(target, ast.Name) and isinstance(value, ast.Dict):
                    self.dicts[target.id] = value

    def visit_call(self, node: ast.Call) -> None:
        method = _messages_method(node.func)
        if method == "batches":  # each request's params: a dict or a call with model=
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                for inner in ast.walk(argument):
                    if isinstance(inner, (ast.Dict, ast.Call)) and inner is not node:
                        self._request(inner, "create")
        elif method is not None:
            self._request(node, method)

    def _request(self, node: ast.Call | ast.Dict, method: str) -> None:
        model: ast.expr | None = None
        uses: list[ParameterUse] = []
        for name, key, value in self._pairs(node):
            if name == "model":
                model = value
            elif name in self.wanted and not (method == "count_tokens" and name in NOT_COUNTED):
                uses.append(self._use(name, key, value))
        if model is None or not uses:
            return
        literal = self.strings.get(model.id, model) if isinstance(model, ast.Name) else model
        if not isinstance(literal, ast.Constant) or not isinstance(literal.value, str):
            return  # a model the visitor cannot resolve: no report
        found = find_ids(literal.value)
        if not found:
            return
        start = -1  # through a name: the fix of the constant is elsewhere
        if literal is model:
            start = self.text.find(found[0].text, self._offset(model), self._end(model))
        self.calls.append(CallSite(found[0], start, tuple(uses)))

    def _pairs(self, node: ast.Call | ast.Dict) -> Iterator[Pair]:
        """name=value of a call, "name": value of a dict; one level of ** through a dict."""
        if isinstance(node, ast.Call):
            items: list[tuple[str | None, ast.AST, ast.expr]] = [
                (k.arg, k, k.value) for k in node.keywords
            ]
        else:
            items = [
                (
                    k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else None,
                    k,
                    v,
                )
                if k is not None
                else (None, v, v)
                for k, v in zip(node.keys, node.values, strict=True)
            ]
        for name, start, value in items:
            if name is not None:
                yield name, start, value
                continue
            spread = self.dicts.get(value.id, value) if isinstance(value, ast.Name) else value
            if isinstance(spread, ast.Dict) and spread is not node:
                for key, inner in zip(spread.keys, spread.values, strict=True):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        yield key.value, key, inner

    def _offset(self, node: ast.AST) -> int:
        return self.index.offset_from_utf8(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def _end(self, node: ast.AST) -> int:
        return self.index.offset_from_utf8(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def _use(self, name: str, node: ast.AST, value: ast.expr) -> ParameterUse:
        start, end = self._offset(node), self._end(value)
        literal = self._literal(value, depth=0)
        line, column = self.index.position(start)
        end_line, end_column = self.index.position(end)
        known = literal is not _UNKNOWN
        return ParameterUse(
            name, literal if known else None, known, start, end, line, column, end_line,  # type: ignore[arg-type]
            end_column, self._offset(value),
        )  # fmt: skip

    def _literal(self, node: ast.expr, depth: int) -> JSONValue | object:
        """The value as JSON would carry it; keys and items that are not literals left out."""
        if depth > 20:
            return _UNKNOWN
        if isinstance(node, ast.Name):
            bound: ast.expr | None = self.dicts.get(node.id) or self.strings.get(node.id)
            return _UNKNOWN if bound is None else self._literal(bound, depth + 1)
        if isinstance(node, ast.Constant):
            value = node.value
            return (
                value if value is None or isinstance(value, (bool, int, float, str)) else _UNKNOWN
            )
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self._literal(node.operand, depth + 1)
            if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                return -inner if isinstance(node.op, ast.USub) else inner
            return _UNKNOWN
        if isinstance(node, ast.Dict) or _builds_dict(node):
            pairs = [
                (name, self._literal(value, depth + 1)) for name, _, value in self._pairs(node)
            ]
            return {name: value for name, value in pairs if value is not _UNKNOWN}
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self._literal(item, depth + 1) for item in node.elts]
            return [item for item in items if item is not _UNKNOWN]
        return _UNKNOWN


def _builds_dict(node: ast.expr) -> TypeGuard[ast.Call]:
    """dict(type="disabled"), or an SDK TypedDict: ThinkingConfigDisabledParam(type="disabled")."""
    if not isinstance(node, ast.Call) or node.args:
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name == "dict" or name.endswith(("Param", "Params"))


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _messages_method(func: ast.expr) -> str | None:
    """client.messages.create, client.beta.messages.stream, AnthropicBedrock().messages.create,
    client.messages.batches.create ("batches")..."""
    if not isinstance(func, ast.Attribute):
        return None
    owner = func.value
    if func.attr == "create" and isinstance(owner, ast.Attribute) and owner.attr == "batches":
        return "batches" if _is_messages(owner.value) else None
    return func.attr if func.attr in METHODS and _is_messages(owner) else None


def _is_messages(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "messages") or (
        isinstance(node, ast.Name) and node.id == "messages"
    )
