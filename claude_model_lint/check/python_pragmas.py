"""In Python a suppression is a comment, as the spec says: ``y = "claude-model-lint: ignore"``
and ``doc = "claude-model-lint: skip-file"`` are data, and hid the findings of their line and
file (the review's D13). The lexer that finds Python's strings and comments tells them apart.
Other formats have no lexer here: their pragmas are still found by their words."""

from __future__ import annotations

from ..scanners import LineIndex
from ..scanners.python_lexer import token_spans

WORD = "claude-model-lint"


def pragma_comments(text: str) -> dict[int, str]:
    """The comments of ``text`` that hold the pragma's word, by line (most files: none)."""
    if WORD not in text:
        return {}
    index = LineIndex(text)
    found: dict[int, str] = {}
    for start, end in token_spans(text):
        if text[start] == "#" and WORD in text[start:end]:
            line = index.position(start)[0]
            found[line] = found.get(line, "") + text[start:end]
    return found
