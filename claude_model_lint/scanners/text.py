"""The regex scanner for every text format: one line-based engine; formats only declare comments.

Ids on a line that is wholly a comment are left out unless ``check-comments`` is on, as in Python;
a comment after code on the same line is not told apart (that would need each format's grammar).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import NamedTuple

from ..model_ids import find_ids
from ..types import Occurrence, Role
from . import KEYED, MAPPING_KEY, LineIndex, Scan, place
from .patterns import WARNING_FILTER, warning_filter_line
from .records import result_fields
from .text_roles import PROSE_FORMATS, text_roles


class TextFormat(NamedTuple):
    name: str
    line_comments: tuple[str, ...] = ()


_HASH = ("#",)
_SLASHES = ("//", "/*", "*")
_FORMATS = {
    **dict.fromkeys(
        [
            ".yaml",
            ".yml",
            ".toml",
            ".ini",
            ".cfg",
            ".conf",
            ".env",
            ".sh",
            ".bash",
            ".zsh",
            ".fish",
            ".ps1",
            ".tf",
            ".tfvars",
            ".hcl",
            ".rb",
            ".pl",
            ".r",
            ".properties",
            ".mk",
            ".nix",
            ".dockerignore",
            ".gitignore",
        ],
        TextFormat("hash", _HASH),
    ),
    **dict.fromkeys(
        [
            ".js",
            ".jsx",
            ".mjs",
            ".cjs",
            ".ts",
            ".tsx",
            ".mts",
            ".cts",
            ".go",
            ".java",
            ".kt",
            ".kts",
            ".swift",
            ".c",
            ".h",
            ".cc",
            ".cpp",
            ".hpp",
            ".cs",
            ".rs",
            ".scala",
            ".dart",
            ".php",
            ".jsonc",
            ".json5",
            ".vue",
            ".svelte",
            ".groovy",
            ".gradle",
        ],
        TextFormat("c-like", _SLASHES),
    ),
    **dict.fromkeys([".sql", ".lua", ".hs", ".elm"], TextFormat("dash", ("--",))),
    **dict.fromkeys([".html", ".htm", ".xml", ".svg"], TextFormat("markup", ("<!--",))),
    **dict.fromkeys([".md", ".markdown", ".mdx"], TextFormat("markdown", ("<!--",))),
    **dict.fromkeys([".rst", ".adoc"], TextFormat("prose")),
}
_BY_NAME = {
    "dockerfile": TextFormat("hash", _HASH),
    "makefile": TextFormat("hash", _HASH),
    "containerfile": TextFormat("hash", _HASH),
    "procfile": TextFormat("hash", _HASH),
}
PLAIN = TextFormat("plain")
_DATA = frozenset({"hash", "plain", "ini"})  # YAML, TOML, JSON, INI and the like
HASHED = TextFormat("hash", _HASH)  # a shell, YAML or TOML example
C_LIKE = TextFormat("c-like", _SLASHES)  # a JavaScript or TypeScript example


def format_for(path: PurePath) -> TextFormat:
    name = path.name.lower()
    if name.startswith(".env") or name.endswith(".env"):
        return TextFormat("hash", _HASH)
    if name in _BY_NAME or name.startswith("dockerfile"):
        return _BY_NAME.get(name, _BY_NAME["dockerfile"])
    if path.suffix.lower() in (".ini", ".cfg"):
        return TextFormat("ini", ("#", ";"))
    return _FORMATS.get(path.suffix.lower(), PLAIN)


def scan_text(text: str, fmt: TextFormat, *, check_comments: bool, examples: bool = True) -> Scan:
    """``examples``: read the code blocks of a Markdown, reStructuredText or AsciiDoc file as
    code (not inside an example itself: each level would read the text again)."""
    found_ids = find_ids(text)
    if not found_ids:
        return Scan([])
    index = LineIndex(text)
    placed: list[Occurrence] = []  # in one pass, in order: the index counts lines as it goes
    comments: list[bool] = []
    comment_lines: dict[int, bool] = {}  # each line read once, however many ids it holds
    filters: set[int] = set()  # lines that are a warning filter: never rewritten
    for found in found_ids:
        occurrence = place(found, index)
        line = occurrence.line
        comment = comment_lines.get(line)
        if comment is None:
            line_text = index.line_text(line)
            comment = comment_lines[line] = _comment_line(line_text, fmt)
            if warning_filter_line(line_text):  # 'ignore:…claude-…:DeprecationWarning'
                filters.add(line)
        if comment and not check_comments and fmt.line_comments:
            continue
        placed.append(occurrence)
        comments.append(comment)
    prose = fmt.name in PROSE_FORMATS  # 'claude-3-opus: the most capable' is a sentence
    keys = [not prose and MAPPING_KEY.match(text, o.found.end) is not None for o in placed]
    listed = [(o.found, o.line, key) for o, key in zip(placed, keys, strict=True)]
    roles = text_roles(text, index, listed, fmt.name)
    recorded = result_fields(text) if fmt.name in _DATA else ""
    if recorded:  # a leaderboard or a dataset: every id in it is what it recorded
        roles = [Role.RECORD] * len(roles)
    occurrences = []
    for occurrence, comment, role, key in zip(placed, comments, roles, keys, strict=True):
        if recorded:
            occurrence = occurrence._replace(fixable_in_place=False, not_fixable_reason=recorded)
        if occurrence.line in filters:
            occurrence = occurrence._replace(
                fixable_in_place=False, not_fixable_reason=WARNING_FILTER
            )
        if key and not recorded:  # a mapping key: a table of models, not a model in use
            occurrences.append(occurrence._replace(context=KEYED, role=Role.CATALOG))
        else:
            occurrences.append(occurrence._replace(role=Role.PROSE if comment else role))
    if examples and fmt.name in PROSE_FORMATS:
        from .example_blocks import fenced, restructured
        from .examples import rescan

        blocks = fenced(text) if fmt.name == "markdown" else restructured(text)
        occurrences, extra_lines, code = rescan(text, index, occurrences, blocks, check_comments)
        return Scan(occurrences, index=index, extra_lines=extra_lines, examples=code)
    return Scan(occurrences, index=index)


def _comment_line(line: str, fmt: TextFormat) -> bool:
    return bool(fmt.line_comments) and line.lstrip().startswith(fmt.line_comments)
