"""The fast Python layout: a C-speed regex lexer says where strings and comments are; ``ast``
supplies what needs meaning (statement ends, comparisons, dict keys, implicit concatenations)
from the logical lines that hold a candidate, each parsed on its own. The whole module is parsed
only when a logical line cannot stand alone (about 6 MB/s: most of a run's time before this).

It must agree with the LibCST layout (``python_cst.layout``), which the tests use as the oracle.
"""

from __future__ import annotations

import ast
import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from . import LineIndex
from .layout import Layout, ParseFailure, Part
from .python_lexer import (
    LogicalLines,
    Token,
    index_at,
    masked,
    prefix_start,
    token_end,
    token_spans,
)
from .python_role_facts import is_string as _is_string
from .python_role_facts import visit_roles

# What may stand between concatenated parts. A comment must run to its line's end: were it free
# to stop anywhere, '#x#x#x' could be split in 2**n ways, each tried when the match fails.
_GAP = re.compile(
    r"""
    (?:
        [ \t\f\r\n]              # space and line breaks
      | \\\r?\n                 # a backslash continuation
      | \#[^\r\n]*(?![^\r\n])    # a whole comment
    )*
    """,
    re.VERBOSE,
)
_FIRST_WORD = re.compile(r"[ \t\f]*(@|[A-Za-z_]+)")


def _concrete(*bases: type) -> frozenset[type]:
    """Every node class below ``bases``: ``type(node) in`` a set is a hash, not an MRO walk."""
    found: set[type] = set()
    todo = list(bases)
    while todo:
        kind = todo.pop()
        found.add(kind)
        todo.extend(kind.__subclasses__())
    return frozenset(found)


_HOLDS_STATEMENTS = _concrete(ast.stmt, ast.mod, ast.excepthandler, ast.match_case)
_COMPREHENSIONS = frozenset({ast.GeneratorExp, ast.ListComp, ast.SetComp})
# what can hold a string or a statement: not Load/Store, operators, comprehension flags
_NODES = _concrete(
    ast.stmt,
    ast.expr,
    ast.excepthandler,
    ast.match_case,
    ast.comprehension,
    ast.keyword,
    ast.arguments,
    ast.arg,
    ast.withitem,
    ast.pattern,
    ast.alias,
    ast.mod,
    *([ast.type_param] if hasattr(ast, "type_param") else []),
)
_SIMPLE = (
    ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Raise, ast.Assert,
    ast.Delete, ast.Pass, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal, ast.Break,
    ast.Continue, *([ast.TypeAlias] if hasattr(ast, "TypeAlias") else []),
)  # fmt: skip


def layout(text: str, candidates: Iterable[int] = (), index: LineIndex | None = None) -> Layout:
    """Where strings and comments are; ``candidates`` are the offsets of the ids found.

    Only the tokens that hold 'claude' matter, so the lexer's matches stay plain spans and
    become tokens on demand.
    """
    spans = token_spans(text)
    string_spans = [span for span in spans if text[span[0]] != "#"]
    result = Layout()
    wanted = sorted(set(candidates))
    result.comments = [span for span in spans if text[span[0]] == "#" and _holds(span, wanted)]
    holding = sorted(
        {i for i in map(partial(index_at, string_spans), _hits(text)) if i is not None}
    )
    strings = [Token(text, string_spans[i]) for i in holding]
    in_strings = [t for t in strings if _holds((t.start, t.end), wanted)]
    groups = _adjacent_groups(text, string_spans, holding)
    if not in_strings and not groups:
        return result  # nothing needs meaning: no parse at all
    index = index or LineIndex(text)
    tokens = [*in_strings, *(t for group in groups for t in group)]
    facts = _facts(text, index, spans, tokens, strings=bool(groups))
    for token in in_strings:
        end_line = facts.statement_end(token.start) or index.position(token.end)[0]
        result.strings.extend((s, e, end_line) for s, e in _string_ranges(text, token))
    result.matched = facts.matched + facts.roles.matched
    result.prose = facts.roles.prose
    result.members = facts.roles.members
    result.records = facts.roles.records
    result.tables = facts.roles.tables
    result.legacy = facts.roles.legacy
    result.callees = facts.roles.callees
    nodes: dict[int, list[int]] = {}
    for start, end in facts.string_nodes:
        nodes.setdefault(start, []).append(end)
    for group in groups:
        for run in _real_concatenations(group, nodes):
            parts = [
                Part(t.start, t.end, t.opener.lower(), t.inner_start, t.inner_end) for t in run
            ]
            between = "".join(text[a.end : b.start] for a, b in itertools.pairwise(run))
            line = facts.statement_end(run[0].start) or index.position(run[-1].end)[0]
            result.concatenations.append((parts, line, between))
    return result


def _hits(text: str) -> Iterator[int]:
    position = text.find("claude")
    while position >= 0:
        yield position
        position = text.find("claude", position + 6)


def _holds(span: tuple[int, int], offsets: list[int]) -> bool:
    i = bisect.bisect_left(offsets, span[0])
    return i < len(offsets) and offsets[i] < span[1]


def _adjacent_groups(
    text: str, spans: list[tuple[int, int]], holding: list[int]
) -> list[list[Token]]:
    """Runs of string literals with only space, newlines or comments between them, one of them
    holding 'claude': the candidates for an implicit concatenation (ast decides which are real)."""
    groups: list[list[Token]] = []
    covered = -1
    for i in holding:
        if i <= covered:
            continue
        first = last = i
        while first > 0 and _adjacent(text, spans[first - 1], spans[first]):
            first -= 1
        while last + 1 < len(spans) and _adjacent(text, spans[last], spans[last + 1]):
            last += 1
        covered = last
        if last > first:
            groups.append([Token(text, spans[j]) for j in range(first, last + 1)])
    return groups


def _adjacent(text: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    after = text[left[1] : left[1] + 1]
    if after and after not in _MAY_FOLLOW:  # ',' or ')' after a literal: the common case
        return False
    return _GAP.fullmatch(text, left[1], prefix_start(text, right[0])) is not None


_MAY_FOLLOW = frozenset(" \t\f\r\n#\\\"'rRbBuUfFtT")  # what can stand between two literals


def _real_concatenations(group: list[Token], nodes: dict[int, list[int]]) -> list[list[Token]]:
    """The runs of ``group`` that ast parsed as one plain string (f-string parts are left out).
    ``nodes``: the string nodes' ends by start; looked up, not tried pairwise (a group of
    literals on consecutive lines can be thousands long)."""
    ends = {token.end: j for j, token in enumerate(group)}
    runs = []
    i = 0
    while i < len(group):
        j = max((ends.get(end, -1) for end in nodes.get(group[i].start, ())), default=-1)
        if j > i:
            runs.append(group[i : j + 1])
            i = j
        i += 1
    return runs


def _string_ranges(text: str, token: Token) -> list[tuple[int, int]]:
    """An f-string's text parts and the literals nested in its expressions; else the token."""
    if "f" not in token.opener.lower():
        return [(token.start, token.end)]
    ranges: list[tuple[int, int]] = []
    i, end = token.inner_start, token.inner_end
    text_start = token.start
    while i < end:
        char = text[i]
        if char == "{" and text.startswith("{{", i):
            i += 2
        elif char == "{":
            ranges.append((text_start, i))
            depth, i = 1, i + 1
            while i < end and depth:
                if text[i] in "\"'":
                    nested = token_end(text, i)
                    if nested is not None:
                        ranges.append((i, nested))
                    i = nested if nested is not None else i + 1
                    continue
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            text_start = i
        else:
            i += 1
    ranges.append((text_start, token.end))
    return [(s, e) for s, e in ranges if e > s]


def _facts(
    text: str, index: LineIndex, spans: list[tuple[int, int]], tokens: list[Token], strings: bool
) -> _Facts:
    """What ast knows about the logical lines holding ``tokens``: each parsed alone when it can
    be, else the whole module. ``strings``: also where every string node is (only implicit
    concatenations need that)."""
    lines = sorted({index.position(t.start)[0] for t in tokens})
    logical = LogicalLines(masked(text, spans), index).around(sorted(t.start for t in tokens))
    if logical is not None:
        facts = _Facts(index, lines, strings)
        if all(facts.visit_fragment(text, first, last) for first, last in logical):
            facts.statements.sort()
            return facts
    facts = _Facts(index, lines, strings)
    try:
        facts.visit(ast.parse(text))
    except SyntaxError as exc:
        raise ParseFailure(f"line {exc.lineno}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ParseFailure(str(exc) or type(exc).__name__) from None
    facts.statements.sort()
    return facts


class _Facts:
    """What ast knows about the statements on the candidate lines."""

    def __init__(self, index: LineIndex, lines: list[int], strings: bool = True) -> None:
        self.strings = strings
        self.index = index
        self.lines = lines
        self.shift = 0  # file line = ast line + shift (a fragment's wrapper lines)
        self.window = (1, len(index.starts))  # the file lines the tree stands for
        self.matched: list[tuple[int, int]] = []
        self.roles = Layout()  # what the roles need: lookups, members, docstrings, records
        self.string_nodes: set[tuple[int, int]] = set()
        self.statements: list[tuple[int, int, int]] = []  # start, end, end line

    def visit_fragment(self, text: str, first: int, last: int) -> bool:
        """Parse lines first..last alone, wrapped so that a header or an indented line stands on
        its own; False when it still does not parse."""
        start = self.index.starts[first - 1]
        end = self.index.starts[last] if last < len(self.index.starts) else len(text)
        body = text[start:end]
        if not body.endswith(("\n", "\r")):
            body += "\n"
        word_match = _FIRST_WORD.match(body)
        word = word_match.group(1) if word_match else ""
        indent = body[: len(body) - len(body.lstrip(" \t\f"))]
        before = ""
        if word in ("elif", "else"):
            before = indent + "if 1: pass\n"
        elif word in ("except", "finally"):
            before = indent + "try: pass\n"
        if word == "case":
            before = "match _:\n"
        elif indent:
            before = "if 1:\n" + before
        after = indent + "def _(): pass\n" if word == "@" else ""
        source = before + body + after
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            try:  # a compound statement's header: give it a body
                tree = ast.parse(before + body + indent + " pass\n")
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return False
        self.shift = first - 1 - before.count("\n")
        self.window = (first, last)
        self.visit(tree)
        return True

    def _span(self, node: ast.AST) -> tuple[int, int]:
        return (
            self.index.offset_from_utf8(node.lineno + self.shift, node.col_offset),  # type: ignore[attr-defined]
            self.index.offset_from_utf8(node.end_lineno + self.shift, node.end_col_offset),  # type: ignore[attr-defined]
        )

    def _touches(self, node: ast.AST) -> bool:
        first, last = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
        if first is None or last is None:
            return True
        first, last = first + self.shift, last + self.shift
        if first < self.window[0] or last > self.window[1]:
            return True  # a fragment's wrapper (if 1:, try:, def _()): the fragment is inside
        i = bisect.bisect_left(self.lines, first)
        return i < len(self.lines) and self.lines[i] <= last

    def _inside_window(self, node: ast.stmt) -> bool:
        low, high = self.window
        end = node.end_lineno or node.lineno
        return low <= node.lineno + self.shift and end + self.shift <= high

    def _starts_line(self, node: ast.stmt) -> bool:
        before = self.index.line_text(node.lineno + self.shift)[: node.col_offset]
        return not before.strip()

    def _statement_lines(self, body: list[ast.stmt]) -> None:
        """Record the simple statements of ``body`` with the end line of their logical line
        (``a = 1; b = 2`` ends where ``b`` ends), as LibCST's SimpleStatementLine has it; those
        after a header's colon (``if x: y = 1``) are a suite and keep their own lines."""
        group: list[ast.stmt] = []
        for i, statement in enumerate(body):
            joined = i > 0 and statement.lineno == (body[i - 1].end_lineno or 0)
            if not joined:
                self._record(group)
                group = []
            on_line = joined or self._starts_line(statement)
            if isinstance(statement, _SIMPLE) and on_line and self._inside_window(statement):
                group.append(statement)
        self._record(group)

    def _record(self, group: list[ast.stmt]) -> None:
        if not group or not any(self._touches(statement) for statement in group):
            return
        end_line = (group[-1].end_lineno or group[-1].lineno) + self.shift
        for statement in group:
            start, end = self._span(statement)
            self.statements.append((start, end, end_line))

    def visit(self, node: ast.AST) -> None:
        stack = [node]
        touches = self._touches
        while stack:
            current = stack.pop()
            kind = type(current)
            if kind in _HOLDS_STATEMENTS:
                for name in ("body", "orelse", "finalbody"):
                    body = getattr(current, name, None)
                    if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                        self._statement_lines(body)
            elif kind is ast.Constant:  # nothing below it
                if self.strings and isinstance(current.value, (str, bytes)):  # type: ignore[attr-defined]
                    self.string_nodes.add(self._span(current))
                continue
            elif kind is ast.Name:
                continue
            elif kind is ast.JoinedStr:  # before 3.12 its parts carry its position
                values = current.values  # type: ignore[attr-defined]
                stack.extend(v.value for v in values if isinstance(v, ast.FormattedValue))
                continue
            elif kind is ast.Compare:
                self._record_compare(current)  # type: ignore[arg-type]
            elif kind in _COMPREHENSIONS:
                if _matches(current.elt):  # type: ignore[attr-defined]
                    for iterable in (g.iter for g in current.generators):  # type: ignore[attr-defined]
                        members = getattr(iterable, "elts", [])
                        self.matched.extend(self._span(v) for v in members if _is_string(v))
            elif kind is ast.Call and _matches(current):  # .startswith("claude-3")
                args = current.args  # type: ignore[attr-defined]
                members = [a for arg in args for a in (arg, *getattr(arg, "elts", []))]
                self.matched.extend(self._span(v) for v in members if _is_string(v))
            visit_roles(current, self._span, self.roles)
            for field in current._fields:  # ast.iter_child_nodes, without the context objects
                value: Any = getattr(current, field, None)
                if type(value) is list:
                    stack.extend(v for v in value if type(v) in _NODES and touches(v))
                elif type(value) in _NODES and touches(value):
                    stack.append(value)

    def _record_compare(self, compare: ast.Compare) -> None:
        """Strings compared with a name (`model == NAME`, `model in (A, B)`) are used to match."""
        for operand in (compare.left, *compare.comparators):
            members = operand.elts if isinstance(operand, (ast.Tuple, ast.List, ast.Set)) else []
            self.matched.extend(self._span(v) for v in (operand, *members) if _is_string(v))

    def statement_end(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.statements, (offset, float("inf"), 0)) - 1
        if i >= 0 and self.statements[i][0] <= offset < self.statements[i][1]:
            return self.statements[i][2]
        return None


def _matches(node: ast.AST) -> bool:
    """Does ``node`` test a name against a string: ``x in s``, ``s.startswith(x)``?"""
    if isinstance(node, ast.Compare):
        return any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _MATCHING_METHODS
    )


_MATCHING_METHODS = frozenset({"startswith", "endswith", "removeprefix", "removesuffix"})
