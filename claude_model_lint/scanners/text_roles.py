"""The role of each id a text scanner found, from its line alone (no format's full grammar).

A mapping key, a line holding two or more ids (a flow list, a table row) and a line that is
only a list member (``- claude-…``, ``"claude-…",``) when the file has two or more of them
are a catalog; the value of a command's ``--model`` flag is a use, even in prose; Markdown and
other prose formats are prose, except their table rows and a ``model:`` in Markdown's front
matter (``scanners/front_matter.py``); a comment line is prose; everything else (``model: …``,
``ANTHROPIC_MODEL=…``, ``--model …``) is a use.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..types import FoundId, Role
from . import LineIndex
from .front_matter import model_setting_lines

_DIGIT = re.compile(r"\d")
PROSE_FORMATS = frozenset({"markdown", "prose"})
# before an id that is a whole list member: indentation, a YAML dash (maybe 'key:'), a quote,
# router prefixes such as 'anthropic/'
_MEMBER_BEFORE = re.compile(
    r"""
    [ \t]*
    (?:-[ \t]+(?:[\w.-]+[ \t]*:[ \t]*)?)?   # '- ' or '- model: '
    ["']?                                   # an opening quote
    (?:[\w.-]+/)*                           # router prefixes
    \Z""",
    re.VERBOSE,
)
_MEMBER_AFTER = re.compile(r"""["']?[ \t]*,?[ \t]*(?:\#[^\r\n]*)?\r?\Z""")


# a command's model flag right before the id: `aider --model claude-…`, `llm -m claude-…`,
# `claude --model …` (a quote and router prefixes may stand between)
_FLAG = re.compile(
    r"""
    (?<![\w-])                                     # the flag starts a word
    (?:--(?:weak-|editor-|small-|big-)?model|-m)    # the model flags of aider, claude, llm
    (?:=|[ \t]+)                                   # '--model=ID' or '--model ID'
    ["']?(?:[\w.-]+/)*                             # an opening quote, router prefixes
    \Z""",
    re.VERBOSE,
)
_FLAG_REACH = 80  # characters before the id: enough for the flag and any router prefix


def command_flag(text: str, start: int) -> bool:
    """Is the id at ``start`` the value of a command's model flag? A use in any file: a shell
    line in a README or a docstring is what users run."""
    reach = max(0, start - _FLAG_REACH)  # (from the line's start: quadratic on a long line)
    line_start = max(text.rfind("\n", reach, start) + 1, reach)
    return _FLAG.search(text, line_start, start) is not None


def versioned(key: str) -> bool:
    """A model names a version, or a family and a stage (a '-preview' model); 'claude',
    'claude-code' or a 'claude-eval' tool do not, and do not make a line a list of models."""
    return _DIGIT.search(key) is not None or key.count("-") >= 2


def text_roles(
    text: str, index: LineIndex, found: Sequence[tuple[FoundId, int, bool]], fmt_name: str
) -> list[Role]:
    """One role per (id, line, is a key) in ``found``; keys and comments are the caller's (a
    key does not make the value beside it one of a list)."""
    shaped = [versioned(f.key) for f, _, _ in found]
    per_line = Counter(
        line for (_, line, key), s in zip(found, shaped, strict=True) if s and not key
    )
    members = []
    bounds: dict[int, tuple[int, int]] = {}  # each line's start and end, found once
    for (f, line, _), real in zip(found, shaped, strict=True):
        member = False
        if real and per_line[line] <= 1:  # only an id alone on its line can be a list member
            if line not in bounds:  # not index.offset: that builds a list of every line
                end = text.find("\n", f.end)
                bounds[line] = (text.rfind("\n", 0, f.start) + 1, end if end >= 0 else len(text))
            start, end = bounds[line]
            member = bool(
                _MEMBER_BEFORE.match(text, start, f.start) and _MEMBER_AFTER.match(text, f.end, end)
            )
        members.append(member)
    listed = sum(members) >= 2
    settings = model_setting_lines(text) if fmt_name == "markdown" else frozenset()
    rows: dict[int, bool] = {}  # each line read once, however many ids it holds
    roles = []
    for (f, line, _), member in zip(found, members, strict=True):
        table_row = rows.get(line)
        if table_row is None:
            table_row = rows[line] = index.line_text(line).lstrip().startswith("|")
        if per_line[line] <= 1 and command_flag(text, f.start):
            roles.append(Role.USE)
        elif fmt_name in PROSE_FORMATS and not table_row and line not in settings:
            roles.append(Role.PROSE)
        elif per_line[line] >= 2 or table_row or (member and listed):
            roles.append(Role.CATALOG)
        else:
            roles.append(Role.USE)
    return roles
