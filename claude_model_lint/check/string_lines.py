"""Lines whose end is inside a string, where ``--add-ignore``'s comment would be text: a shell
heredoc's body and terminator (the review's D5: ``cat <<EOF`` printed the comment), a template
literal or raw/triple-quoted string running over lines, and a line continued by a backslash
(a comment after it ends the continuation). Found line by line, without a parser for each
language: a line they name gets a per-file-ignores entry instead, which is always safe."""

from __future__ import annotations

import re
from collections import deque

# '<<EOF', '<<-EOF', "<< 'EOF'", '<<~EOF' (Ruby), '<<"EOF"' (Perl); not '<<<' (a here-string)
_HEREDOC = re.compile(rb"(?<!<)<<([-~]?)[ \t]*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
_HEREDOC_TIGHT = re.compile(rb"(?<!<)<<([-~]?)()([A-Za-z_][A-Za-z0-9_]*)")  # Ruby, Perl: a << b
_HEREDOC_SUFFIXES = frozenset({".rb", ".pl"})
_BACKTICK_SUFFIXES = frozenset(
    {".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".go", ".vue", ".svelte"}
)
_TRIPLE_SUFFIXES = frozenset(
    {".kt", ".kts", ".java", ".scala", ".swift", ".cs", ".groovy", ".gradle", ".toml", ".dart"}
)
_TRIPLE = re.compile(rb'"""|\'\'\'')


def inside_strings(lines: list[bytes], kind: str, suffix: str) -> set[int]:
    """The 1-based numbers of the lines a comment must not end."""
    inside = {n for n, line in enumerate(lines, 1) if line.rstrip(b" \t\r").endswith(b"\\")}
    if kind == "hash":
        tight = suffix in _HEREDOC_SUFFIXES
        inside |= _heredocs(lines, _HEREDOC_TIGHT if tight else _HEREDOC, tight)
    if suffix in _BACKTICK_SUFFIXES:
        inside |= _spanning(lines, re.compile(rb"(?<!\\)`"))
    if suffix in _TRIPLE_SUFFIXES:
        inside |= _spanning(lines, _TRIPLE)
    return inside


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
