"""Everything that needs LibCST: where a module's strings and comments are, and the fix codemod.

Imported only for Python files that contain ``claude``: ``import libcst`` alone costs about 0.4 s.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterable, Sequence

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from . import LineIndex
from .layout import (
    LABELS,
    LOOKUP_METHODS,
    LOOKUP_NAME,
    MOCKED,
    RESPONSE_KEYS,
    Layout,
    ParseFailure,
    Part,
    text_completions,
)


def parse(text: str) -> cst.Module:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise ParseFailure(
            _syntax_error(text) or f"line {exc.raw_line}: {exc.message[:80]}"
        ) from None
    except Exception as exc:  # LibCST raises several internal types on odd input
        raise ParseFailure(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


def _syntax_error(text: str) -> str | None:
    """Python's own account of the error: LibCST's native parser often names the wrong line."""
    try:
        ast.parse(text)
    except SyntaxError as exc:
        return f"line {exc.lineno}: {exc.msg}"
    except ValueError as exc:
        return str(exc)
    return None  # ast reads it: syntax LibCST does not know yet


def layout(text: str, candidates: Iterable[int] = (), index: LineIndex | None = None) -> Layout:
    wrapper = MetadataWrapper(parse(text), unsafe_skip_copy=True)
    collector = _Collector(LineIndex(text), wrapper.resolve(PositionProvider))
    wrapper.module.visit(collector)
    return collector.layout


class _Collector(cst.CSTVisitor):
    def __init__(self, index: LineIndex, positions: object) -> None:
        super().__init__()
        self.index = index
        self.positions = positions
        self.layout = Layout()
        self.statement_end: list[int] = []
        self.concatenation_depth = 0

    def _position(self, node: cst.CSTNode) -> CodeRange:
        return self.positions[node]  # type: ignore[index,no-any-return]

    def _range(self, node: cst.CSTNode) -> tuple[int, int]:
        position = self._position(node)
        start = self.index.offset(position.start.line, position.start.column)
        return start, self.index.offset(position.end.line, position.end.column)

    def _line(self, node: cst.CSTNode) -> int:
        return self.statement_end[-1] if self.statement_end else self._position(node).end.line

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.statement_end.append(self._position(node).end.line)

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine) -> None:
        self.statement_end.pop()

    def _add_string(self, node: cst.CSTNode) -> None:
        start, end = self._range(node)
        self.layout.strings.append((start, end, self._line(node)))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._add_string(node)

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        self._add_string(node)

    def visit_Comment(self, node: cst.Comment) -> None:
        self.layout.comments.append(self._range(node))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        for operand in (node.left, *(target.comparator for target in node.comparisons)):
            members = (
                operand.elements if isinstance(operand, (cst.Tuple, cst.List, cst.Set)) else ()
            )
            for value in (operand, *(member.value for member in members)):
                if isinstance(value, cst.BaseString):
                    self.layout.matched.append(self._range(value))

    def _comprehension(self, node: cst.GeneratorExp | cst.ListComp | cst.SetComp) -> None:
        if _matches(node.elt):  # any(x in model for x in ["claude-3-5", ...])
            for_in: cst.CompFor | None = node.for_in
            while for_in is not None:
                for member in getattr(for_in.iter, "elements", ()):
                    if isinstance(member.value, cst.BaseString):
                        self.layout.matched.append(self._range(member.value))
                for_in = for_in.inner_for_in

    visit_GeneratorExp = visit_ListComp = visit_SetComp = _comprehension

    def _shaped(self, node: cst.Call | cst.Dict, names: set[object]) -> None:
        if names & RESPONSE_KEYS:
            self.layout.records.append(self._range(node))
        if isinstance(node, cst.Call) and text_completions(
            _dotted(node.func), names, _prompt_names(node)
        ):
            self.layout.legacy.append(self._range(node))

    def _called(self, node: cst.Call) -> None:
        func = node.func
        name = (
            func.value if isinstance(func, cst.Name)
            else func.attr.value if isinstance(func, cst.Attribute) else ""
        )  # fmt: skip
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        if name == "snapshot":
            self.layout.records.extend(self._range(a) for a in positional)
        if name in ("param", "parametrize"):
            self.layout.records.extend(
                self._range(a.value)
                for a in node.args
                if a.keyword is not None and a.keyword.value in LABELS
            )
        if name and positional and isinstance(positional[0], cst.BaseString):
            if LOOKUP_NAME.match(name):
                self.layout.matched.append(self._range(positional[0]))
            self.layout.callees.append((name, *self._range(positional[0])))

    def visit_Call(self, node: cst.Call) -> None:
        self._called(node)
        self._shaped(node, {a.keyword.value for a in node.args if a.keyword is not None})
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in MOCKED:
                self.layout.records.append(self._range(arg.value))
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "parametrize":
            self.layout.tables.append(self._range(node))
        if _looks_up(node):  # d.get("claude-3-opus")
            self.layout.matched.append(self._range(node.args[0].value))
        if _matches(node):  # model.startswith("claude-3"), .startswith(("claude-3", ...))
            for arg in node.args:
                members = getattr(arg.value, "elements", ())
                for value in (arg.value, *(member.value for member in members)):
                    if isinstance(value, cst.BaseString):
                        self.layout.matched.append(self._range(value))

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if isinstance(node.key, cst.BaseString):
            self.layout.matched.append(self._range(node.key))

    def _members(self, values: Iterable[cst.BaseExpression]) -> None:
        group = [self._range(v) for v in values if isinstance(v, cst.BaseString)]
        if group:
            self.layout.members.append(group)

    def visit_Dict(self, node: cst.Dict) -> None:
        keys = [e.key for e in node.elements if isinstance(e, cst.DictElement)]
        self._shaped(node, {k.evaluated_value for k in keys if isinstance(k, cst.SimpleString)})
        self._members(e.value for e in node.elements if isinstance(e, cst.DictElement))

    def _sequence(self, node: cst.List | cst.Tuple | cst.Set) -> None:
        values = [e.value for e in node.elements if isinstance(e, cst.Element)]
        self._members(values)
        if any(isinstance(v, (cst.List, cst.Tuple, cst.Set, cst.Dict)) for v in values):
            self.layout.tables.append(self._range(node))

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(_mocked(t.target) for t in node.targets):
            self.layout.records.append(self._range(node.value))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and _mocked(node.target):
            self.layout.records.append(self._range(node.value))

    visit_List = visit_Tuple = visit_Set = _sequence

    def visit_Subscript(self, node: cst.Subscript) -> None:
        values = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        if len(node.slice) == 1 and values and isinstance(values[0], cst.BaseString):
            self.layout.matched.append(self._range(values[0]))  # d["claude-3-opus"]
        elif len(node.slice) > 1:
            self._members(values)  # Literal["claude-3-opus", "claude-3-sonnet"]

    def visit_MatchValue(self, node: cst.MatchValue) -> None:
        if isinstance(node.value, cst.BaseString):
            self.layout.matched.append(self._range(node.value))

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.BaseString):
            self.layout.prose.append(self._range(node.value))

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self.concatenation_depth += 1
        if self.concatenation_depth > 1:
            return  # the outermost node already listed every part
        parts = []
        for literal in _literals(node):
            if not isinstance(literal, cst.SimpleString):
                return  # an f-string part: its text cannot be joined without evaluating it
            start, end = self._range(literal)
            opener = literal.prefix + literal.quote
            parts.append(
                Part(start, end, opener.lower(), start + len(opener), end - len(literal.quote))
            )
        between = "".join(self.index.text[a.end : b.start] for a, b in itertools.pairwise(parts))
        self.layout.concatenations.append((parts, self._line(node), between))

    def leave_ConcatenatedString(self, original_node: cst.ConcatenatedString) -> None:
        self.concatenation_depth -= 1


def _literals(node: cst.ConcatenatedString) -> list[cst.BaseString]:
    out: list[cst.BaseString] = []
    for side in (node.left, node.right):
        out.extend(_literals(side) if isinstance(side, cst.ConcatenatedString) else [side])
    return out


# --- the fix codemod ----------------------------------------------------------------------


def codemod(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """Rewrite the string literals (and comments) that hold the edits; return the new module code.

    Each literal that holds an edit is rebuilt from its own source with the edit applied; an
    id split across an implicit concatenation rebuilds the whole concatenation as one expression.
    """
    wrapper = MetadataWrapper(parse(text), unsafe_skip_copy=True)
    transformer = _Rewriter(LineIndex(text), wrapper.resolve(PositionProvider), edits)
    return wrapper.module.visit(transformer).code


def _matches(node: cst.BaseExpression) -> bool:
    """Does ``node`` test a name against a string: ``x in s``, ``s.startswith(x)``?"""
    if isinstance(node, cst.Comparison):
        return any(isinstance(t.operator, (cst.In, cst.NotIn)) for t in node.comparisons)
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in ("startswith", "endswith", "removeprefix", "removesuffix")
    )


def _mocked(target: cst.BaseExpression) -> bool:
    return isinstance(target, cst.Attribute) and target.attr.value in MOCKED


def _looks_up(node: cst.Call) -> bool:
    return (
        isinstance(node.func, cst.Attribute)
        and node.func.attr.value in LOOKUP_METHODS
        and bool(node.args)
        and not node.args[0].star
        and node.args[0].keyword is None
        and isinstance(node.args[0].value, cst.BaseString)
    )


class _Rewriter(cst.CSTTransformer):
    def __init__(
        self, index: LineIndex, positions: object, edits: Sequence[tuple[int, int, str]]
    ) -> None:
        super().__init__()
        self.index = index
        self.positions = positions
        self.edits = sorted(edits)

    def _within(self, node: cst.CSTNode) -> tuple[int, int, list[tuple[int, int, str]]]:
        position = self.positions[node]  # type: ignore[index]
        start = self.index.offset(position.start.line, position.start.column)
        end = self.index.offset(position.end.line, position.end.column)
        return start, end, [e for e in self.edits if start <= e[0] and e[1] <= end]

    def _rewrite(self, node: cst.CSTNode) -> str | None:
        """The node's own source (positions exclude parentheses) with its edits applied."""
        start, end, edits = self._within(node)
        if not edits:
            return None
        source = self.index.text[start:end]
        for edit_start, edit_end, new in reversed(edits):
            source = source[: edit_start - start] + new + source[edit_end - start :]
        return source

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        value = self._rewrite(original_node)
        return updated_node if value is None else updated_node.with_changes(value=value)

    def leave_FormattedStringText(
        self, original_node: cst.FormattedStringText, updated_node: cst.FormattedStringText
    ) -> cst.FormattedStringText:
        value = self._rewrite(original_node)
        return updated_node if value is None else updated_node.with_changes(value=value)

    def leave_Comment(self, original_node: cst.Comment, updated_node: cst.Comment) -> cst.Comment:
        value = self._rewrite(original_node)
        return updated_node if value is None else updated_node.with_changes(value=value)

    def leave_ConcatenatedString(
        self, original_node: cst.ConcatenatedString, updated_node: cst.ConcatenatedString
    ) -> cst.BaseExpression:
        _, _, edits = self._within(original_node)
        literals = [self._within(literal)[2] for literal in _literals(original_node)]
        if all(any(edit in inside for inside in literals) for edit in edits):
            return updated_node  # every edit sits inside one literal: already rewritten
        source = self._rewrite(original_node)
        assert source is not None
        merged = cst.parse_expression(f"({source})")
        return merged.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)


def _dotted(func: cst.BaseExpression) -> list[str]:
    parts: list[str] = []
    while isinstance(func, cst.Attribute):
        parts.append(func.attr.value)
        func = func.value
    if isinstance(func, cst.Name):
        parts.append(func.value)
    return parts[::-1]


def _prompt_names(node: cst.Call) -> set[str]:
    prompt = next(
        (a.value for a in node.args if a.keyword is not None and a.keyword.value == "prompt"), None
    )
    out: set[str] = set()
    stack: list[cst.CSTNode] = [prompt] if prompt is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            out.add(current.value)
        stack.extend(current.children)
    return out
