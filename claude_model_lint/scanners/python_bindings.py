"""What a module binds that a request may read, and a value read as JSON would carry it.

Module constants (``NAME = "literal"``, ``NAME = {...}``) and the parameter defaults that name a
model, collected once per module; a value is read from literals through those constants, and
anything else is ``UNKNOWN``, never guessed. Used by the request finder (``python_calls``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TypeGuard

from ..model_ids import find_ids
from .calls import JSONValue

UNKNOWN = object()
Pair = tuple[str, ast.AST, ast.expr]  # name, the node where 'name=' starts, the value


class Bindings:
    def __init__(self, tree: ast.Module) -> None:
        self.strings: dict[str, ast.Constant] = {}  # NAME = "literal", last binding wins
        self.dicts: dict[str, ast.Dict] = {}  # NAME = {...}
        # functions with a parameter whose default is a model id: name, first and last line,
        # parameter -> its default (innermost last, so the nearest scope is found first)
        self.defaults: list[tuple[str, int, int, dict[str, ast.Constant]]] = []
        self._collect_constants(tree)
        self._collect_defaults(tree)

    def _collect_constants(self, tree: ast.Module) -> None:
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

    def _collect_defaults(self, tree: ast.Module) -> None:
        # a function is a statement: the statements alone, not every node of every expression
        # (a 1 MB test module of pydantic-ai: 1.0 s of ast.walk under the profiler, per run)
        for node in _statements(tree.body):
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

    def default_of(self, name: str, line: int) -> tuple[ast.Constant, str] | None:
        """The default of parameter ``name`` of the innermost function around ``line``."""
        for function, first, last, found in reversed(self.defaults):
            if first <= line <= last and name in found:
                return found[name], f"the default of {function}()"
        return None

    def pairs(self, node: ast.Call | ast.Dict, settings: tuple[str, ...] = ()) -> Iterator[Pair]:
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
                    yield from self.pairs(bound)
                    continue
            if name is not None:
                yield name, start, value
                continue
            spread = self.dicts.get(value.id, value) if isinstance(value, ast.Name) else value
            if isinstance(spread, ast.Dict) and spread is not node:
                for key, inner in zip(spread.keys, spread.values, strict=True):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        yield key.value, key, inner

    def literal(self, node: ast.expr, depth: int = 0) -> JSONValue | object:
        """The value as JSON would carry it; keys and items that are not literals left out."""
        if depth > 20:
            return UNKNOWN
        if isinstance(node, ast.Name):
            bound: ast.expr | None = self.dicts.get(node.id) or self.strings.get(node.id)
            return UNKNOWN if bound is None else self.literal(bound, depth + 1)
        if isinstance(node, ast.Constant):
            value = node.value
            return value if value is None or isinstance(value, (bool, int, float, str)) else UNKNOWN
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.literal(node.operand, depth + 1)
            if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                return -inner if isinstance(node.op, ast.USub) else inner
            return UNKNOWN
        if isinstance(node, ast.Dict) or _builds_dict(node):
            pairs = [(name, self.literal(value, depth + 1)) for name, _, value in self.pairs(node)]
            return {name: value for name, value in pairs if value is not UNKNOWN}
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.literal(item, depth + 1) for item in node.elts]
            return [item for item in items if item is not UNKNOWN]
        return UNKNOWN


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


def _builds_dict(node: ast.expr) -> TypeGuard[ast.Call]:
    """dict(type="disabled"), or an SDK TypedDict: ThinkingConfigDisabledParam(type="disabled")."""
    if not isinstance(node, ast.Call) or node.args:
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name == "dict" or name.endswith(("Param", "Params"))


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)
