"""--add-ignore (ruff's --add-noqa): a ``claude-model-lint: ignore[CODE]`` comment for every
current finding, in the file's own comment syntax, so a large repository adopts the tool in one
commit. Where a comment cannot go (JSON, notebooks, formats without a known comment syntax, an
id in a Markdown code block or a YAML block scalar, a heredoc or another string running over
lines or a format whose values run to the line's end (``string_lines``, ``_values_to_line_end``),
a UTF-16 file, lone CR line breaks), the
codes become ``per-file-ignores`` entries instead, returned for the caller to print: the config
is the user's to edit, comments and all.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from ..decoding import wide
from ..scanners.text import format_for
from ..types import Diagnostic
from .options import PYTHON_SUFFIXES
from .string_lines import inside_strings, markup_text
from .writer import WriteRefused, write_atomic

# the comment each format's lines take at their end: (before, after)
_COMMENTS = {
    "python": (b"  # ", b""),
    "hash": (b"  # ", b""),
    "c-like": (b"  // ", b""),
    "dash": (b"  -- ", b""),
    "markup": (b" <!-- ", b" -->"),
    "markdown": (b" <!-- ", b" -->"),
}
# a value runs to the line's end (configparser, .properties, Dockerfile instructions, make
# variables, .env for Docker), '#' is a comment only at a line's start (ignore files), or the
# file mixes languages the lexers do not split (Vue, Svelte, MDX has no HTML comments, a
# PowerShell backtick escapes): no comment is ever added, the codes go to per-file-ignores
_VALUE_SUFFIXES = frozenset(
    {".ini", ".cfg", ".conf", ".properties", ".env", ".mk", ".ps1", ".vue", ".svelte", ".mdx"}
)
_VALUE_NAMES = ("dockerfile", "containerfile", "makefile", "gnumakefile", "procfile")
_IGNORE_FILES = (".gitignore", ".dockerignore", "ignore")
_FRONT_MATTER = re.compile(rb"^---[ \t]*\r?$")
_INDENTED_OR_LINK = re.compile(rb"^(?: {4}|[ ]{0,3}\t| {0,3}\[[^\]]+\]:)")
_PRAGMA = re.compile(rb"claude-model-lint:[ \t]*ignore\[([A-Za-z0-9, \t]*)\]")
_FENCE = re.compile(rb"^[ \t]{0,3}(`{3,}|~{3,})")
# a YAML line that opens a block scalar: 'key: |', '- >-', 'key: |2  # comment'
_BLOCK_SCALAR = re.compile(rb"^( *)(?:.*?[:-])?[ \t]+[|>][+-]?[0-9]?[+-]?[ \t]*(?:#.*)?\r?$")


class Added(NamedTuple):
    comments: int  # lines that got a pragma (or more codes in theirs)
    files: int
    per_file: dict[str, set[str]]  # path -> codes, for files that cannot hold the comment
    notes: list[str]  # 'path: why', for files left as they were


def add_ignores(diagnostics: list[Diagnostic]) -> Added:
    by_path: defaultdict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        by_path[d.path].append(d)
    comments, files, notes = 0, 0, []
    per_file: defaultdict[str, set[str]] = defaultdict(set)
    for path, found in sorted(by_path.items()):
        try:
            added, elsewhere = _file(Path(path), found)
        except (OSError, WriteRefused) as exc:
            notes.append(f"{path}: not changed: {getattr(exc, 'strerror', None) or exc}")
            continue
        comments += added
        files += added > 0
        if elsewhere:
            per_file[path] |= elsewhere
    return Added(comments, files, dict(per_file), notes)


def _file(path: Path, found: list[Diagnostic]) -> tuple[int, set[str]]:
    """Comment the lines of ``found`` in ``path``; return how many, and the codes left over."""
    data = path.read_bytes()
    kind = "python" if path.suffix.lower() in PYTHON_SUFFIXES else format_for(path).name
    lone_cr = data.count(b"\r") != data.count(b"\r\n")  # the engine's lines end there too
    if kind not in _COMMENTS or wide(data) or lone_cr or _values_to_line_end(path):
        return 0, {d.code for d in found}
    lines = data.split(b"\n")
    python = _python_lines(data) if kind == "python" else None
    textual = _markdown(lines) if kind == "markdown" else set()
    if path.suffix.lower() in (".yaml", ".yml"):
        textual = _block_scalars(lines)
    not_text: set[int] | None = set()
    if kind in ("markup", "markdown"):
        not_text = markup_text(lines, frozenset(textual))
    elif python is None:  # Python's come from its tokenizer
        not_text = inside_strings(lines, kind, path.suffix.lower(), frozenset(textual))
    if not_text is None:  # a construct the lexer does not know, or quotes it misread
        return 0, {d.code for d in found}
    textual |= not_text
    targets: defaultdict[int, set[str]] = defaultdict(set)
    left: set[str] = set()
    for d in found:
        target = _target(d, lines, python, textual)
        if target is None:
            left.add(d.code)
        else:
            targets[target].add(d.code)
    before, after = _COMMENTS[kind]
    for number, codes in targets.items():
        lines[number - 1] = _with_pragma(lines[number - 1], codes, before, after)
    if targets:
        write_atomic(path, data, b"\n".join(lines))
    return len(targets), left


def _target(
    d: Diagnostic, lines: list[bytes], python: tuple[set[int], dict[int, int]] | None,
    textual: set[int],
) -> int | None:  # fmt: skip
    """The line whose comment the engine reads for ``d``, if a comment can end it."""
    if not 1 <= d.line <= len(lines) or d.line in textual:
        return None
    if python is None:
        return d.line
    unsafe, statement_end = python
    if d.line not in unsafe:
        return d.line
    # inside a multi-line string: the engine also reads the line where the statement ends
    return None if d.code == "CML007" else statement_end.get(d.line)


def _python_lines(data: bytes) -> tuple[set[int], dict[int, int]] | None:
    """Lines whose end is inside a string or continued by a backslash (a comment there would
    change the program), and each line's statement end line; None when it does not tokenize."""
    unsafe: set[int] = set()
    statement_end: dict[int, int] = {}
    start: int | None = None
    skip = {tokenize.ENCODING, tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}
    try:
        for token in tokenize.tokenize(io.BytesIO(data).readline):
            if start is None and token.type not in skip | {tokenize.NEWLINE}:
                start = token.start[0]
            if token.end[0] > token.start[0] and token.type not in (tokenize.NL, tokenize.NEWLINE):
                unsafe.update(range(token.start[0], token.end[0]))
            if token.type == tokenize.NEWLINE and start is not None:
                statement_end.update(
                    dict.fromkeys(range(start, token.start[0] + 1), token.start[0])
                )
                start = None
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError):
        return None
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.rstrip(b" \t\r").endswith(b"\\"):
            unsafe.add(number)
    return unsafe, statement_end


def _values_to_line_end(path: Path) -> bool:
    name = path.name.lower()
    return (
        path.suffix.lower() in _VALUE_SUFFIXES
        or name.startswith(_VALUE_NAMES)
        or name.endswith(_IGNORE_FILES)
        or name.startswith(".env")
        or name.endswith(".env")
    )


def _markdown(lines: list[bytes]) -> set[int]:
    """Markdown lines where an HTML comment would show or break something: fenced or indented
    code, YAML front matter (a subagent's ``model:``), a link reference definition."""
    inside = _fenced(lines)
    if lines and _FRONT_MATTER.match(lines[0]):
        end = next((n for n, line in enumerate(lines[1:], 2) if _FRONT_MATTER.match(line)), None)
        inside.update(range(1, (end or len(lines)) + 1))
    inside.update(n for n, line in enumerate(lines, 1) if _INDENTED_OR_LINK.match(line))
    return inside


def _fenced(lines: list[bytes]) -> set[int]:
    """Markdown lines inside fenced code blocks, where an HTML comment would show as text."""
    inside: set[int] = set()
    fence: bytes | None = None
    for number, line in enumerate(lines, 1):
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m[1]
        elif fence is not None:
            if (
                m
                and m[1][:1] == fence[:1]
                and len(m[1]) >= len(fence)
                and not line[m.end() :].strip()
            ):
                fence = None
            else:
                inside.add(number)
    return inside


def _block_scalars(lines: list[bytes]) -> set[int]:
    """YAML lines inside block scalars (``|``, ``>``), where a '#' is text, not a comment."""
    inside: set[int] = set()
    parent: int | None = None  # the indent of the line that opened the block
    for number, line in enumerate(lines, 1):
        indent = len(line) - len(line.lstrip(b" "))
        if parent is not None:
            if not line.strip() or indent > parent:
                inside.add(number)
                continue
            parent = None
        m = _BLOCK_SCALAR.match(line)
        if m:
            parent = len(m[1])
    return inside


def _with_pragma(line: bytes, codes: set[str], before: bytes, after: bytes) -> bytes:
    """The line with its pragma: the codes merged into one it already has, else a new one."""
    ending = b"\r" if line.endswith(b"\r") else b""
    body = line.removesuffix(b"\r")
    existing = list(_PRAGMA.finditer(body))
    if existing:
        last = existing[-1]
        old = {c.strip().decode().upper() for c in last[1].split(b",") if c.strip()}
        merged = ",".join(sorted(old | codes)).encode()
        return body[: last.start(1)] + merged + body[last.end(1) :] + ending
    pragma = b"claude-model-lint: ignore[" + ",".join(sorted(codes)).encode() + b"]"
    return body.rstrip(b" \t") + before + pragma + after + ending
