"""Where the code examples of a document are: fenced and literal blocks, doctest lines.

A block is a language and the host offsets of each of its lines, prefixes removed (the
indentation of a list item or a directive, ``>>> `` and ``... ``), so that an id found in the
block's code maps back to the exact characters of the host file. Every finder reads each line
once, with anchored patterns: linear whatever the bytes (unterminated fences, 100k backticks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

PYTHON = "python"
JAVASCRIPT = "javascript"
SHELL = "shell"
YAML = "yaml"
JSON = "json"
TOML = "toml"
MAYBE_PYTHON = "maybe-python"  # unlabeled (an RST '::' block, a docstring 'Example:'): if it parses

_LANGUAGES = {
    **dict.fromkeys(["python", "py", "python3", "py3", "ipython", "ipython3"], PYTHON),
    **dict.fromkeys(["pycon", "doctest", "python-repl"], "pycon"),
    **dict.fromkeys(
        ["js", "javascript", "jsx", "mjs", "cjs", "ts", "typescript", "tsx", "node"], JAVASCRIPT
    ),
    **dict.fromkeys(
        ["bash", "sh", "shell", "console", "zsh", "shell-session", "shellsession", "fish"], SHELL
    ),
    **dict.fromkeys(["yaml", "yml"], YAML),
    **dict.fromkeys(["json", "jsonc", "json5"], JSON),
    "toml": TOML,
}


class Block(NamedTuple):
    language: str
    lines: list[tuple[int, int]]  # host start and end (before the line break) of each code line


def language_of(label: str) -> str | None:
    """The language of a fence's info string or a directive's argument; None: not code we read
    (an unknown or missing label stays text, as before)."""
    word = re.split(r"[\s{,;]", label.strip().lstrip("{.").lower(), maxsplit=1)[0]
    return _LANGUAGES.get(word)


def _lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end before the break) of each line of text[start:end]."""
    stop = len(text) if end is None else end
    while start < stop:
        brk = text.find("\n", start, stop)
        line_end = stop if brk < 0 else brk
        yield start, line_end - (1 if line_end > start and text[line_end - 1] == "\r" else 0)
        start = line_end + 1


# an opening fence: indentation (a list item's), three or more backticks or tildes, the info
_FENCE = re.compile(r"([ \t]*)(`{3,}|~{3,})[ \t]*([^\n]*)")
_CLOSE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*\Z")


def fenced(text: str, start: int = 0, end: int | None = None) -> Iterator[Block]:
    """Markdown/MDX fences (CommonMark: an unterminated fence runs to the end). The info string
    of a backtick fence holds no backtick; a fence inside a fence is the outer one's text."""
    lines = _lines(text, start, end)
    for line_start, line_end in lines:
        opener = _FENCE.fullmatch(text, line_start, line_end)
        if opener is None:
            continue
        indent, fence, info = opener.group(1, 2, 3)
        if fence[0] == "`" and "`" in info:
            continue  # inline code such as ```x```, not a fence
        language = language_of(info)
        body: list[tuple[int, int]] = []
        for body_start, body_end in lines:
            close = _CLOSE.match(text, body_start, body_end)
            if close and close[1][0] == fence[0] and len(close[1]) >= len(fence):
                break
            cut = body_start
            while cut < body_end and cut - body_start < len(indent) and text[cut] in " \t":
                cut += 1
            body.append((cut, body_end))
        if language is not None and body:
            yield from _doctest(text, body) if language == "pycon" else [Block(language, body)]


_DIRECTIVE = re.compile(r"([ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*([^\n]*)")
_OPTION = re.compile(r"[ \t]*:[\w-]+:")
# a paragraph ending '::' (not a '.. note::' directive, whose body is text)
_LITERAL = re.compile(r"(?![ \t]*\.\.[ \t])[^\n]*::[ \t]*\Z")
_SOURCE = re.compile(r"\[source,[ \t]*([\w+-]+)[^\]\n]*\][ \t]*")  # AsciiDoc
_ADOC_FENCE = re.compile(r"(-{4,}|\.{4,})[ \t]*")


def _indent(text: str, start: int, end: int) -> int | None:
    """The line's indentation, None when it is blank."""
    cut = start
    while cut < end and text[cut] in " \t":
        cut += 1
    return None if cut == end else cut - start


def _indented_after(
    text: str, lines: list[tuple[int, int]], i: int, base: int
) -> tuple[list[tuple[int, int]], int]:
    """The lines from ``i`` on indented deeper than ``base`` (blank ones between them too), with
    the common indentation removed; and the index of the first line after them."""
    body: list[tuple[int, int]] = []
    common: int | None = None
    j = i
    while j < len(lines):
        depth = _indent(text, *lines[j])
        if depth is not None and depth <= base:
            break
        if depth is not None:
            common = depth if common is None else min(common, depth)
        body.append(lines[j])
        j += 1
    while body and _indent(text, *body[-1]) is None:
        body.pop()
    while body and _indent(text, *body[0]) is None:
        body.pop(0)
    cut = common or 0
    return [(min(s + cut, e), e) for s, e in body], j


def restructured(text: str, start: int = 0, end: int | None = None) -> Iterator[Block]:
    """reStructuredText ``.. code-block:: python`` (its options skipped) and ``::`` literal
    blocks (the language unknown: Python if it parses); AsciiDoc ``[source,python]`` blocks
    between ``----`` lines; Markdown-style fences, which AsciiDoc reads too."""
    lines = list(_lines(text, start, end))
    i = 0
    while i < len(lines):
        line_start, line_end = lines[i]
        directive = _DIRECTIVE.fullmatch(text, line_start, line_end)
        literal = directive is None and _LITERAL.match(text, line_start, line_end) is not None
        source = _SOURCE.fullmatch(text, line_start, line_end)
        if directive or literal:
            base = _indent(text, line_start, line_end) or 0
            i += 1
            while directive and i < len(lines) and _OPTION.match(text, *lines[i]):
                i += 1
            body, i = _indented_after(text, lines, i, base)
            label = directive[2] if directive else ""
            language = language_of(label) if label else MAYBE_PYTHON
            if language is not None and body:
                yield from _doctest(text, body) if language == "pycon" else [Block(language, body)]
            continue
        if source and i + 1 < len(lines):
            delimiter = _ADOC_FENCE.fullmatch(text, *lines[i + 1])
            if delimiter is not None:
                close = delimiter[1]
                j = i + 2
                while j < len(lines) and text[lines[j][0] : lines[j][1]].rstrip() != close:
                    j += 1
                language = language_of(source[1])
                if language is not None and j > i + 2:
                    yield Block(language, lines[i + 2 : j])
                i = j + 1
                continue
        i += 1
    yield from fenced(text, start, end)


_PROMPT = re.compile(r"[ \t]*(>>>|\.\.\.)(?: |\Z)")
_HEADER = re.compile(r"[ \t]*(?:Examples?|Usage|Example usage)[ \t]*:{1,2}[ \t]*\Z", re.IGNORECASE)


def _doctest(text: str, lines: list[tuple[int, int]]) -> Iterator[Block]:
    """Runs of ``>>>`` lines and their ``...`` continuations, prompts removed: one block each
    (the output lines between them are not code)."""
    body: list[tuple[int, int]] = []
    for start, end in lines:
        prompt = _PROMPT.match(text, start, end)
        if prompt is None or (prompt[1] == "..." and not body):
            if body:
                yield Block(PYTHON, body)
            body = []
            continue
        body.append((min(prompt.end(), end), end))
    if body:
        yield Block(PYTHON, body)


# a header's body that holds blocks of its own: doctest lines, a directive, a fence
_MARKUP = re.compile(r"[ \t]*(?:>>>|\.\.[ \t]|```|~~~)")


def docstring(text: str, start: int, end: int) -> Iterator[Block]:
    """The examples of the docstring at text[start:end]: doctest lines, the indented block
    under an ``Example:``/``Examples:``/``Usage:`` header (Python if it parses; not when it
    holds a directive, a fence or doctest lines, which are blocks of their own), RST code
    blocks (``.. code-block:: python``, ``Example::``), fences."""
    lines = list(_lines(text, start, end))
    yield from _doctest(text, lines)
    i = 0
    while i < len(lines):
        if _HEADER.fullmatch(text, *lines[i]):
            base = _indent(text, *lines[i]) or 0
            body, i = _indented_after(text, lines, i + 1, base)
            if body and not any(_MARKUP.match(text, s, e) for s, e in body):
                yield Block(MAYBE_PYTHON, body)
            continue
        i += 1
    yield from restructured(text, start, end)
