"""The settings in a Markdown file's YAML front matter that select a model.

A Claude Code subagent (``.claude/agents/*.md``), slash command (``.claude/commands/*.md``) or
skill declares its model in front matter: ``model: claude-…`` there is a setting, not prose.
Only the ``model`` key: a post's ``title:`` naming an old id stays prose. Claude Code's own
aliases there (``opus``, ``sonnet``, ``inherit``) are not id-shaped and are never found.
"""

from __future__ import annotations

import re

# front matter: '---' on the first line, up to the next line that is '---' or '...'
_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_MODEL = re.compile(
    r"""
    [ \t]*                  # indentation
    ["']?model["']?         # the key, maybe quoted
    [ \t]*:[ \t]            # YAML's separator
    """,
    re.VERBOSE,
)


def model_setting_lines(text: str) -> frozenset[int]:
    """The 1-based numbers of the front matter's ``model:`` lines (none without front matter)."""
    opened = _OPEN.match(text.removeprefix("\ufeff"))
    if opened is None:
        return frozenset()
    start = opened.end() + (1 if text.startswith("\ufeff") else 0)
    closed = _CLOSE.search(text, start)
    if closed is None:
        return frozenset()
    lines = text[start : closed.start()].split("\n")
    return frozenset(number for number, line in enumerate(lines, 2) if _MODEL.match(line))
