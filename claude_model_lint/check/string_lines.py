"""Lines whose end is not a comment context, where ``--add-ignore``'s comment would be text: a
shell heredoc's body and terminator (the review's D5: ``cat <<EOF`` printed the comment), a
string running over lines (quoted, template, raw, triple-quoted), a line continued by a
backslash (a comment after it ends the continuation). Found line by line with a small lexer
of each family's quotes and comments, without a parser for each language; where the file holds
a construct the lexer does not know (a raw string, a heredoc of PHP, a long bracket of Lua...)
or the quotes do not balance (the lexer misread the file), the whole file is None. A line (or
file) named here gets a per-file-ignores entry instead, which is always safe."""

from __future__ import annotations

import functools
import re
from collections import deque
from typing import NamedTuple

# '<<EOF', '<<-EOF', "<< 'EOF'", '<<~EOF' (Ruby), '<<"EOF"' (Perl); not '<<<' (a here-string)
_HEREDOC = re.compile(rb"(?<!<)<<([-~]?)[ \t]*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
_HEREDOC_TIGHT = re.compile(rb"(?<!<)<<([-~]?)()([A-Za-z_][A-Za-z0-9_]*)")  # Ruby, Perl: a << b
_HEREDOC_SUFFIXES = frozenset({".rb", ".pl"})
_TRIPLE_SUFFIXES = frozenset(
    {".kt", ".kts", ".java", ".scala", ".swift", ".cs", ".groovy", ".gradle", ".toml", ".dart"}
)
_TRIPLE = re.compile(rb'"""|\'\'\'')


class _Lexer(NamedTuple):
    opener: re.Pattern[bytes]  # a comment to the line's end (group 'c'), or a quote
    escapes: bool  # a backslash escapes the next byte inside quotes


_HASH = rb"(?P<c>(?:^|(?<=[ \t;]))#)"
_SLASH = rb"(?P<c>//)|/\*"
_LEXERS = {
    "hash": _Lexer(re.compile(_HASH + rb"|[\"'`]"), True),
    "yaml": _Lexer(re.compile(_HASH + rb"|(?:^|(?<=[\s\[{,:-]))[\"']"), False),
    "c-like": _Lexer(re.compile(_SLASH + rb"|[\"'`]"), True),
    "rust": _Lexer(re.compile(_SLASH + rb'|"'), True),  # 'a is a lifetime
    "sql": _Lexer(re.compile(rb"(?P<c>--)|/\*|[\"']"), False),
    "lua": _Lexer(re.compile(rb"(?P<c>--)|[\"']"), True),
    "haskell": _Lexer(re.compile(rb"(?P<c>--)|\{-|\""), True),  # foldl' is a name
}
_CLOSERS = {b"/*": re.compile(rb".*?\*/"), b"{-": re.compile(rb".*?-\}")}
# constructs whose end the lexer does not know: the whole file goes to per-file-ignores
_UNKNOWN = {
    ".rs": rb'\br#*"',
    ".cc": rb'R"', ".cpp": rb'R"', ".hpp": rb'R"', ".h": rb'R"', ".c": rb'R"',
    ".cs": rb'@"|\$"""|"""',
    ".php": rb"<<<",
    ".lua": rb"\[=*\[",
    ".pl": rb"\bq[qwrx]?\s*[^\s\w]|\bm\s*[{(\[<|/!]|\bs\s*[{(\[<|/!]|\by\s*[{(\[<|/!]|\btr\b",
    ".rb": rb"%[qQwWiIrsx]?[^\w\s=]",
    ".ps1": rb"@[\"']",
    ".sql": rb"\$[A-Za-z_]*\$",
    ".nix": rb"''",
    ".hs": rb"\[[a-z]*\|", ".elm": rb'"""',
    ".r": rb"\b[rR][\"']",
    ".swift": rb'#"',
}  # fmt: skip
_FAMILY = {".yaml": "yaml", ".yml": "yaml", ".rs": "rust", ".sql": "sql", ".lua": "lua"}
_FAMILY |= {".hs": "haskell", ".elm": "haskell"}


def inside_strings(
    lines: list[bytes], kind: str, suffix: str, skip: frozenset[int] = frozenset()
) -> set[int] | None:
    """The 1-based numbers of the lines a comment must not end; None: no line of the file.
    ``skip``: lines already known to be text (a YAML block scalar), not lexed."""
    unknown = _UNKNOWN.get(suffix)
    if unknown is not None and any(re.search(unknown, line) for line in lines):
        return None
    inside = {n for n, line in enumerate(lines, 1) if line.rstrip(b" \t\r").endswith(b"\\")}
    heredocs: set[int] = set()
    if kind == "hash" and suffix not in (".yaml", ".yml", ".toml"):
        tight = suffix in _HEREDOC_SUFFIXES
        heredocs = _heredocs(lines, _HEREDOC_TIGHT if tight else _HEREDOC, tight)
    inside |= heredocs
    skip |= heredocs
    if suffix in _TRIPLE_SUFFIXES:
        inside |= _spanning(lines, _TRIPLE)
    lexer = _LEXERS.get(_FAMILY.get(suffix, kind))
    if lexer is not None:
        quoted = _quoted([b"" if n in skip else line for n, line in enumerate(lines, 1)], lexer)
        if quoted is None:
            return None
        inside |= quoted
    return inside


def _quoted(lines: list[bytes], lexer: _Lexer) -> set[int] | None:
    """Lines that end inside a quoted string or a block comment; None when the file ends inside
    one (quotes that do not balance: the lexer misread the file, so no line is trusted)."""
    inside: set[int] = set()
    closer: re.Pattern[bytes] | None = None
    for number, line in enumerate(lines, 1):
        line = line.removesuffix(b"\r")
        pos = 0
        while True:
            if closer is None:
                m = lexer.opener.search(line, pos)
                if m is None or m["c"]:
                    break
                closer = _CLOSERS.get(m[0]) or _closing(m[0], lexer.escapes)
            else:
                m = closer.match(line, pos)  # anchored: an unclosed quote costs one scan
                if m is None:
                    break
                closer = None
            pos = m.end()
        if closer is not None:
            inside.add(number)
    return inside if closer is None else None


@functools.cache
def _closing(quote: bytes, escapes: bool) -> re.Pattern[bytes]:
    q = re.escape(quote)
    return re.compile(rb"(?:\\.|[^\\" + q + rb"])*" + q if escapes else rb"[^" + q + rb"]*" + q)


def _heredocs(lines: list[bytes], opener: re.Pattern[bytes], spaces: bool) -> set[int]:
    inside: set[int] = set()
    waiting: deque[tuple[bytes, bytes]] = deque()  # (terminator, what may indent it), in order
    for number, line in enumerate(lines, 1):
        body = line.removesuffix(b"\r")
        if waiting:
            inside.add(number)  # the terminator too: 'EOF  # ...' ends nothing
            terminator, indent = waiting[0]
            if body.lstrip(indent) == terminator:
                waiting.popleft()  # a deque: 'cat <<A <<B ...' x 100k stays linear
            continue
        for m in opener.finditer(body):
            indent = b"" if not m[1] else b" \t" if spaces or m[1] == b"~" else b"\t"
            waiting.append((m[3], indent))
    return inside


def _spanning(lines: list[bytes], delimiter: re.Pattern[bytes]) -> set[int]:
    """Lines that end inside a string opened and closed by the same ``delimiter``."""
    inside: set[int] = set()
    open_with: bytes | None = None
    for number, line in enumerate(lines, 1):
        for m in delimiter.finditer(line):
            if open_with is None:
                open_with = m[0]
            elif m[0] == open_with:
                open_with = None
        if open_with is not None:
            inside.add(number)
    return inside


_MARKUP_OPENER = re.compile(
    rb"(?P<comment><!--)|(?P<cdata><!\[CDATA\[)"
    rb"|<(?P<raw>script|style|textarea|title|xmp|pre|plaintext)\b|<[A-Za-z/!?]",
    re.IGNORECASE,
)
_TAG_END = re.compile(rb"[^>]*>")


def markup_text(lines: list[bytes], skip: frozenset[int] = frozenset()) -> set[int] | None:
    """HTML, XML or Markdown lines that do not end in text: inside a tag, a comment (an added
    ``-->`` would end it early), CDATA or an element read as raw text (``<textarea>``,
    ``<script>``: a comment there is text). None when the file ends in one (misread)."""
    inside: set[int] = set()
    closer: re.Pattern[bytes] | None = None
    after_tag: re.Pattern[bytes] | None = None  # a raw element's end, once its tag closes
    for number, line in enumerate(lines, 1):
        if number in skip:
            continue
        pos = 0
        while True:
            if closer is None:
                m = _MARKUP_OPENER.search(line, pos)
                if m is None:
                    break
                if m["comment"] or m["cdata"]:
                    end = b"-->" if m["comment"] else b"]]>"
                    closer = re.compile(rb".*?" + re.escape(end), re.DOTALL)
                else:
                    closer = _TAG_END
                    if m["raw"]:
                        after_tag = _raw_end(m["raw"].lower())
            else:
                m = closer.match(line, pos)
                if m is None:
                    break
                closer, after_tag = after_tag, None
            pos = m.end()
        if closer is not None:
            inside.add(number)
    return inside if closer is None else None


@functools.cache
def _raw_end(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb".*?</" + name + rb"\b[^>]*>", re.IGNORECASE)
