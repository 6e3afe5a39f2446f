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
from collections.abc import Iterable

from ..model_ids import find_ids
from . import LineIndex
from .calls import HEAD as _CALL
from .calls import (
    NOT_COUNTED,
    WRAPPER_HEAD,
    WRAPPERS,
    CallSite,
    ParameterUse,
    Wrapper,
)
from .python_bindings import UNKNOWN, Bindings
from .python_lexer import in_token, token_spans
from .python_syntax import parse_module

METHODS = frozenset({"create", "stream", "count_tokens"})


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
    finder = _Finder(text, index, wanted, Bindings(tree))
    everywhere = bool(finder.bindings.defaults) or WRAPPER_HEAD.search(text) is not None
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


class _Finder:
    def __init__(
        self, text: str, index: LineIndex, wanted: frozenset[str], bindings: Bindings
    ) -> None:
        self.text = text
        self.index = index
        self.wanted = wanted
        self.bindings = bindings
        self.calls: list[CallSite] = []

    def visit_call(self, node: ast.Call) -> None:
        wrapper = _wrapper_name(node.func)
        if wrapper is not None:
            self._request(node, "create", WRAPPERS[wrapper].model, WRAPPERS[wrapper])
            return
        called = _callee(node.func)
        for function, _, _, found in self.bindings.defaults if called else ():
            if function == called:  # ask(..., temperature=0.2): the request ask() makes
                passed = {k.arg for k in node.keywords}
                for parameter, default in found.items():
                    if parameter not in passed:
                        self._request(
                            node, "create", (), None, (default, f"the default of {function}()")
                        )
        method = _messages_method(node.func)
        if method is None and not any(f[0] == called for f in self.bindings.defaults):
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
            if not isinstance(value, ast.Name) or value.id not in self.bindings.strings:
                continue
            literal = self.bindings.strings[value.id]
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
        for name, key, value in self.bindings.pairs(node, settings):
            if name in names:
                model = model or value
            elif name in self.wanted and not (method == "count_tokens" and name in NOT_COUNTED):
                uses.append(self._use(name, key, value))
        if model is None or not uses:
            return
        literal, via = model, given[1] if given else ""
        if isinstance(model, ast.Name):
            default = self.bindings.default_of(model.id, model.lineno)
            if default is not None:
                literal, via = default
            elif model.id in self.bindings.strings:
                literal, via = self.bindings.strings[model.id], f"through {model.id}"
        if not isinstance(literal, ast.Constant) or not isinstance(literal.value, str):
            return  # a model the visitor cannot resolve: no report
        found = find_ids(literal.value)
        if not found:
            return
        at = self.text.find(found[0].text, self._offset(literal), self._end(literal))
        start, feeds = (at, ()) if literal is model else (-1, (at,))  # through a name or default
        self.calls.append(CallSite(found[0], start, tuple(uses), feeds, via, node.lineno))

    def _offset(self, node: ast.AST) -> int:
        return self.index.offset_from_utf8(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def _end(self, node: ast.AST) -> int:
        return self.index.offset_from_utf8(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def _use(self, name: str, node: ast.AST, value: ast.expr) -> ParameterUse:
        start, end = self._offset(node), self._end(value)
        literal = self.bindings.literal(value)
        line, column = self.index.position(start)
        end_line, end_column = self.index.position(end)
        known = literal is not UNKNOWN
        return ParameterUse(
            name, literal if known else None, known, start, end, line, column, end_line,  # type: ignore[arg-type]
            end_column, self._offset(value),
        )  # fmt: skip


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
