"""The fast Python layout: a C-speed regex lexer says where strings and comments are; ``ast``
(about 10x faster than LibCST, and walked only into statements on candidate lines) supplies
what needs meaning: statement ends, comparisons, dict keys and implicit concatenations.

It must agree with the LibCST layout (``python_cst.layout``), which the tests use as the oracle.
"""

from __future__ import annotations

import ast
import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from functools import partial

from . import LineIndex
from .layout import Layout, ParseFailure, Part

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\r\n]*)                                  # a comment, to the end of the line
  | (?P<string>
        (?<![A-Za-z0-9_])(?P<prefix>[rRbBuUfF]{1,2})?        # an optional string prefix
        (?P<body>
            \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"               # triple double quotes
          | '''(?:[^'\\]|\\.|'(?!''))*'''                     # triple single quotes
          | "(?:[^"\\\r\n]|\\.|\\\r?\n)*"                     # double quotes, one line
          | '(?:[^'\\\r\n]|\\.|\\\r?\n)*'                     # single quotes, one line
        )
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_GAP = re.compile(
    r"(?:[ \t\f\r\n]|\\\r?\n|\#[^\r\n]*)*"
)  # what may stand between concatenated parts
_SIMPLE = (
    ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Raise, ast.Assert,
    ast.Delete, ast.Pass, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal, ast.Break,
    ast.Continue, *([ast.TypeAlias] if hasattr(ast, "TypeAlias") else []),
)  # fmt: skip


class _Token:
    __slots__ = ("end", "inner_end", "inner_start", "opener", "start", "string")

    def __init__(self, m: re.Match[str]) -> None:
        self.start, self.end = m.span()
        self.string = m["string"] is not None
        if self.string:
            body = m["body"]
            quote = body[:3] if body[:3] in ('"""', "'''") else body[0]
            self.opener = (m["prefix"] or "") + quote
            self.inner_start = self.start + len(self.opener)
            self.inner_end = self.end - len(quote)
        else:
            self.opener, self.inner_start, self.inner_end = "", self.start, self.end


def layout(text: str, candidates: Iterable[int] = (), index: LineIndex | None = None) -> Layout:
    """Where strings and comments are; ``candidates`` are the offsets of the ids found.

    Only the tokens that hold 'claude' matter, so the lexer's matches stay plain spans and
    become tokens on demand.
    """
    string_spans: list[tuple[int, int]] = []
    comment_spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        (comment_spans if m.lastgroup == "comment" else string_spans).append(m.span())
    result = Layout()
    wanted = sorted(set(candidates))
    result.comments = [span for span in comment_spans if _holds(span, wanted)]
    holding = sorted(
        {i for i in map(partial(_index_at, string_spans), _hits(text)) if i is not None}
    )
    strings = [_Token(_TOKEN.match(text, string_spans[i][0])) for i in holding]  # type: ignore[arg-type]
    in_strings = [t for t in strings if _holds((t.start, t.end), wanted)]
    groups = _adjacent_groups(text, string_spans, holding)
    if not in_strings and not groups:
        return result  # nothing needs meaning: no parse at all
    index = index or LineIndex(text)
    lines = sorted(
        {index.position(t.start)[0] for t in in_strings}
        | {index.position(t.start)[0] for group in groups for t in group}
    )
    facts = _Facts(text, index, lines)
    try:
        facts.visit(ast.parse(text))
    except SyntaxError as exc:
        raise ParseFailure(f"line {exc.lineno}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ParseFailure(str(exc) or type(exc).__name__) from None
    for token in in_strings:
        end_line = facts.statement_end(token.start) or index.position(token.end)[0]
        result.strings.extend((s, e, end_line) for s, e in _string_ranges(text, token))
    result.matched = facts.matched
    for group in groups:
        for run in _real_concatenations(group, facts.string_nodes):
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


def _index_at(spans: list[tuple[int, int]], offset: int) -> int | None:
    i = bisect.bisect_right(spans, (offset, len(spans) and spans[-1][1] + 1)) - 1
    return i if i >= 0 and spans[i][0] <= offset < spans[i][1] else None


def _holds(span: tuple[int, int], offsets: list[int]) -> bool:
    i = bisect.bisect_left(offsets, span[0])
    return i < len(offsets) and offsets[i] < span[1]


def _adjacent_groups(
    text: str, spans: list[tuple[int, int]], holding: list[int]
) -> list[list[_Token]]:
    """Runs of string literals with only space, newlines or comments between them, one of them
    holding 'claude': the candidates for an implicit concatenation (ast decides which are real)."""
    groups: list[list[_Token]] = []
    covered = -1
    for i in holding:
        if i <= covered:
            continue
        first = last = i
        while first > 0 and _GAP.fullmatch(text, spans[first - 1][1], spans[first][0]):
            first -= 1
        while last + 1 < len(spans) and _GAP.fullmatch(text, spans[last][1], spans[last + 1][0]):
            last += 1
        covered = last
        if last > first:
            groups.append([_Token(_TOKEN.match(text, spans[j][0])) for j in range(first, last + 1)])  # type: ignore[arg-type]
    return groups


def _real_concatenations(group: list[_Token], nodes: set[tuple[int, int]]) -> list[list[_Token]]:
    """The runs of ``group`` that ast parsed as one plain string (f-string parts are left out)."""
    runs = []
    i = 0
    while i < len(group):
        for j in range(len(group) - 1, i, -1):
            if (group[i].start, group[j].end) in nodes:
                runs.append(group[i : j + 1])
                i = j
                break
        i += 1
    return runs


def _string_ranges(text: str, token: _Token) -> list[tuple[int, int]]:
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
                    nested = _TOKEN.match(text, i)
                    stop = nested.end() if nested else i + 1
                    if nested is not None and nested["string"] is not None:
                        ranges.append((i, stop))
                    i = stop
                    continue
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            text_start = i
        else:
            i += 1
    ranges.append((text_start, token.end))
    return [(s, e) for s, e in ranges if e > s]


class _Facts:
    """What ast knows about the statements on the candidate lines."""

    def __init__(self, text: str, index: LineIndex, lines: list[int]) -> None:
        self.text = text
        self.index = index
        self.lines = lines
        self.matched: list[tuple[int, int]] = []
        self.string_nodes: set[tuple[int, int]] = set()
        self.statements: list[tuple[int, int, int]] = []  # start, end, end line (sorted)

    def _span(self, node: ast.AST) -> tuple[int, int]:
        return (
            self.index.offset_from_utf8(node.lineno, node.col_offset),  # type: ignore[attr-defined]
            self.index.offset_from_utf8(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
        )

    def _touches(self, node: ast.AST) -> bool:
        first, last = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
        if first is None or last is None:
            return True
        i = bisect.bisect_left(self.lines, first)
        return i < len(self.lines) and self.lines[i] <= last

    def visit(self, node: ast.AST) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, _SIMPLE):
                start, end = self._span(current)
                self.statements.append((start, end, current.end_lineno or current.lineno))
            if isinstance(current, ast.Constant) and isinstance(current.value, (str, bytes)):
                self.string_nodes.add(self._span(current))
            elif isinstance(current, ast.JoinedStr):  # before 3.12 its parts carry its position
                stack.extend(v.value for v in current.values if isinstance(v, ast.FormattedValue))
                continue
            elif isinstance(current, ast.Compare):
                for operand in (current.left, *current.comparators):
                    members = (
                        operand.elts if isinstance(operand, (ast.Tuple, ast.List, ast.Set)) else []
                    )
                    self.matched.extend(self._span(v) for v in (operand, *members) if _is_string(v))
            elif isinstance(current, ast.Dict):
                self.matched.extend(
                    self._span(k) for k in current.keys if k is not None and _is_string(k)
                )
            stack.extend(child for child in ast.iter_child_nodes(current) if self._touches(child))
        self.statements.sort()

    def statement_end(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.statements, (offset, float("inf"), 0)) - 1
        if i >= 0 and self.statements[i][0] <= offset < self.statements[i][1]:
            return self.statements[i][2]
        return None


def _is_string(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))
    )
