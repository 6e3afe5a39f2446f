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
from .calls import (
    NOT_COUNTED,
    WRAPPER_HEAD,
    WRAPPERS,
    CallSite,
    JSONValue,
    ParameterUse,
    Wrapper,
)
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
    if not any(name in text for name in wanted):
        return False
    heads = [*_CALL.finditer(text), *WRAPPER_HEAD.finditer(text)]
    if not heads:
        return False  # no call site: no second parse of the file
    spans = token_spans(text)
    # only in strings and comments (an error message, an example in a docstring): none
    return not all(in_token(spans, m.start()) for m in heads)


def calls_in(
    text: str, tree: ast.Module, wanted: frozenset[str], index: LineIndex | None = None
) -> list[CallSite]:
    index = index or LineIndex(text)
    finder = _Finder(text, index, wanted)
    finder.collect_constants(tree)
    finder.collect_defaults(tree)
    everywhere = bool(finder.defaults) or WRAPPER_HEAD.search(text) is not None
    lines = sorted({index.position(m.start())[0] for m in _CALL.finditer(text)})
    stack: list[ast.AST] = [tree]
    while stack:  # only into the nodes on the lines of a call site (or all: a function's
        node = stack.pop()  # callers and a wrapper's constructor may be anywhere)
        if isinstance(node, ast.Call):
            finder.visit_call(node)
        stack.extend(
            child for child in ast.iter_child_nodes(node) if everywhere or _spans_any(child, lines)
        )
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
        # functions with a parameter whose default is a model id: name, first and last line,
        # parameter -> its default (innermost last, so the nearest scope is found first)
        self.defaults: list[tuple[str, int, int, dict[str, ast.Constant]]] = []

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

    def collect_defaults(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            arguments = node.args
            positional = [*arguments.posonlyargs, *arguments.args]
            pairs = list(zip(positional[len(positional) - len(arguments.defaults) :],
                             arguments.defaults, strict=True))  # fmt: skip
            pairs += [
                (a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
                if d is not None
            ]  # fmt: skip
            found = {
                a.arg: d
                for a, d in pairs
                if isinstance(d, ast.Constant) and isinstance(d.value, str) and find_ids(d.value)
            }
            if found:
                self.defaults.append(
                    (node.name, node.lineno, node.end_lineno or node.lineno, found)
                )
        self.defaults.sort(key=lambda f: f[1])

    def _default_of(self, name: str, line: int) -> tuple[ast.Constant, str] | None:
        """The default of parameter ``name`` of the innermost function around ``line``."""
        for function, first, last, found in reversed(self.defaults):
            if first <= line <= last and name in found:
                return found[name], f"the default of {function}()"
        return None

    def visit_call(self, node: ast.Call) -> None:
        wrapper = _wrapper_name(node.func)
        if wrapper is not None:
            self._request(node, "create", WRAPPERS[wrapper].model, WRAPPERS[wrapper])
            return
        called = _callee(node.func)
        for function, _, _, found in self.defaults if called else ():
            if function == called:  # ask(..., temperature=0.2): the request ask() makes
                passed = {k.arg for k in node.keywords}
                for parameter, default in found.items():
                    if parameter not in passed:
                        self._request(
                            node, "create", (), None, (default, f"the default of {function}()")
                        )
        method = _messages_method(node.func)
        if method is None and not any(f[0] == called for f in self.defaults):
            self._unfollowed(node, called)
        if method == "batches":  # each request's params: a dict or a call with model=
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                for inner in ast.walk(argument):
                    if isinstance(inner, (ast.Dict, ast.Call)) and inner is not node:
                        self._request(inner, "create")
        elif method is not None:
            self._request(node, method)

    def _unfollowed(self, node: ast.Call, called: str) -> None:
        """A module constant naming a model, passed to a call this module does not know as a
        request, beside request parameters (or ``**kwargs``): its request is not in view."""
        keywords = {k.arg for k in node.keywords}
        if not (keywords & self.wanted or None in keywords):
            return
        for value in [*node.args, *(k.value for k in node.keywords)]:
            if not isinstance(value, ast.Name) or value.id not in self.strings:
                continue
            literal = self.strings[value.id]
            found = find_ids(str(literal.value))
            if not found:
                continue
            at = self.text.find(found[0].text, self._offset(literal), self._end(literal))
            why = f"not followed: {value.id} goes to {called or 'a call'}() on line {node.lineno}"
            self.calls.append(CallSite(found[0], -1, (), (at,), why, node.lineno))

    def _request(
        self, node: ast.Call | ast.Dict, method: str, names: tuple[str, ...] = ("model",),
        wrapper: Wrapper | None = None, given: tuple[ast.Constant, str] | None = None,
    ) -> None:  # fmt: skip
        model: ast.expr | None = given[0] if given else None
        if wrapper is not None and wrapper.positional and isinstance(node, ast.Call) and node.args:
            model = node.args[0]
        uses: list[ParameterUse] = []
        settings = wrapper.settings if wrapper else ()
        for name, key, value in self._pairs(node, settings):
            if name in names:
                model = model or value
            elif name in self.wanted and not (method == "count_tokens" and name in NOT_COUNTED):
                uses.append(self._use(name, key, value))
        if model is None or not uses:
            return
        literal, via = model, given[1] if given else ""
        if isinstance(model, ast.Name):
            default = self._default_of(model.id, model.lineno)
            if default is not None:
                literal, via = default
            elif model.id in self.strings:
                literal, via = self.strings[model.id], f"through {model.id}"
        if not isinstance(literal, ast.Constant) or not isinstance(literal.value, str):
            return  # a model the visitor cannot resolve: no report
        found = find_ids(literal.value)
        if not found:
            return
        at = self.text.find(found[0].text, self._offset(literal), self._end(literal))
        start, feeds = (at, ()) if literal is model else (-1, (at,))  # through a name or default
        self.calls.append(CallSite(found[0], start, tuple(uses), feeds, via, node.lineno))

    def _pairs(self, node: ast.Call | ast.Dict, settings: tuple[str, ...] = ()) -> Iterator[Pair]:
        """name=value of a call, "name": value of a dict; one level of ** through a dict, and
        the entries of a wrapper's settings dict (``model_kwargs={...}``)."""
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
            if name is not None and name in settings:
                bound = self.dicts.get(value.id, value) if isinstance(value, ast.Name) else value
                if isinstance(bound, ast.Dict):
                    yield from self._pairs(bound)
                    continue
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


def _wrapper_name(func: ast.expr) -> str | None:
    name = _callee(func)
    return name if name in WRAPPERS else None


def _callee(func: ast.expr) -> str:
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def _messages_method(func: ast.expr) -> str | None:
    """client.messages.create, client.beta.messages.stream, AnthropicBedrock().messages.create,
    client.messages.batches.create ("batches")..."""
    if not isinstance(func, ast.Attribute):
        return None
    owner = func.value
    if func.attr == "create" and isinstance(owner, ast.Attribute) and owner.attr == "batches":
        return "batches" if _is_messages(owner.value) else None
    if func.attr == "create" and isinstance(owner, ast.Attribute) and owner.attr == "completions":
        chat = owner.value  # instructor's client.chat.completions.create (not Text Completions)
        return "create" if isinstance(chat, ast.Attribute) and chat.attr == "chat" else None
    return func.attr if func.attr in METHODS and _is_messages(owner) else None


def _is_messages(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "messages") or (
        isinstance(node, ast.Name) and node.id == "messages"
    )
