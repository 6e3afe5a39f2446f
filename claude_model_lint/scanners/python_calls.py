"""Calls to ``*.messages.create`` / ``*.messages.stream`` whose model is a literal (or a module
constant bound to one) and that pass request parameters: what CML007 judges.

``ast`` is enough here (LibCST is for rewriting), and it runs only on files that mention both
``messages.`` and one of the parameters.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from ..model_ids import find_ids
from ..types import FoundId
from . import LineIndex
from .python_lexer import in_token, token_spans

METHODS = frozenset({"create", "stream"})
_CALL = re.compile(r"messages\s*\.\s*(?:create|stream)\s*\(")


class ParameterUse(NamedTuple):
    name: str
    value: float | None  # the number passed, when it is a literal number
    explicit_none: bool  # name=None: the SDK sends nothing
    start: int  # offsets of 'name=value' (or '"name": value' in a dict)
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


class CallSite(NamedTuple):
    model: FoundId  # the model id the call names
    model_start: int  # offset of that literal in the file (-1 through a name)
    parameters: tuple[ParameterUse, ...]


def find_calls(
    text: str, parameters: Iterable[str], index: LineIndex | None = None
) -> list[CallSite]:
    wanted = frozenset(parameters)
    if not _CALL.search(text) or not any(name in text for name in wanted):
        return []  # no call site: no second parse of the file
    spans = token_spans(text)
    if all(in_token(spans, m.start()) for m in _CALL.finditer(text)):
        return []  # only in strings and comments (an error message, an example in a docstring)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return []  # the id scan already said the file does not parse
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
        if not _is_messages_method(node.func):
            return
        model: ast.expr | None = None
        uses: list[ParameterUse] = []
        for keyword in node.keywords:
            if keyword.arg == "model":
                model = keyword.value
            elif keyword.arg in self.wanted:
                uses.append(self._use(keyword.arg, keyword, keyword.value))
            elif keyword.arg is None:  # **{...} or **name bound to a dict literal
                spread = keyword.value
                if isinstance(spread, ast.Name):
                    spread = self.dicts.get(spread.id, spread)
                if isinstance(spread, ast.Dict):
                    for key, value in zip(spread.keys, spread.values, strict=True):
                        if isinstance(key, ast.Constant) and key.value == "model":
                            model = value
                        elif isinstance(key, ast.Constant) and key.value in self.wanted:
                            uses.append(self._use(str(key.value), key, value, end_node=value))
        if model is None or not uses:
            return
        literal = self.strings.get(model.id, model) if isinstance(model, ast.Name) else model
        if not isinstance(literal, ast.Constant) or not isinstance(literal.value, str):
            return  # a model the visitor cannot resolve: no report
        found = find_ids(literal.value)
        if not found:
            return
        start = -1  # through a name: the fix of the constant is elsewhere
        if literal is model and model.end_lineno is not None and model.end_col_offset is not None:
            source = self.text[
                self.index.offset_from_utf8(
                    model.lineno, model.col_offset
                ) : self.index.offset_from_utf8(model.end_lineno, model.end_col_offset)
            ]
            at = source.find(found[0].text)
            start = (
                self.index.offset_from_utf8(model.lineno, model.col_offset) + at if at >= 0 else -1
            )
        self.calls.append(CallSite(found[0], start, tuple(uses)))

    def _use(
        self, name: str, node: ast.AST, value: ast.expr, end_node: ast.AST | None = None
    ) -> ParameterUse:
        last = end_node or node
        start = self.index.offset_from_utf8(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.index.offset_from_utf8(last.end_lineno, last.end_col_offset)  # type: ignore[attr-defined]
        number = None
        if (
            isinstance(value, ast.Constant)
            and isinstance(value.value, (int, float))
            and not isinstance(value.value, bool)
        ):
            number = float(value.value)
        elif (
            isinstance(value, ast.UnaryOp)
            and isinstance(value.op, ast.USub)
            and isinstance(value.operand, ast.Constant)
        ):
            number = (
                -float(value.operand.value)
                if isinstance(value.operand.value, (int, float))
                else None
            )
        line, column = self.index.position(start)
        end_line, end_column = self.index.position(end)
        explicit_none = isinstance(value, ast.Constant) and value.value is None
        return ParameterUse(
            name, number, explicit_none, start, end, line, column, end_line, end_column
        )


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_messages_method(func: ast.expr) -> bool:
    """client.messages.create, client.beta.messages.stream, AnthropicBedrock().messages.create..."""
    if not (isinstance(func, ast.Attribute) and func.attr in METHODS):
        return False
    owner = func.value
    return (isinstance(owner, ast.Attribute) and owner.attr == "messages") or (
        isinstance(owner, ast.Name) and owner.id == "messages"
    )
