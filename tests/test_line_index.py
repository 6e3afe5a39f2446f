"""LineIndex builds its line starts at C speed; it must agree with Python's own line breaks."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from claude_model_lint.scanners import LineIndex

BREAKS = re.compile(r"\r\n?|\n")


@given(st.text(alphabet="ab \r\n\t\x0b\x0c\x1c\x85\u2028é", max_size=60))
def test_line_starts_match_python_line_breaks(text: str) -> None:
    index = LineIndex(text)
    assert index.starts == [0, *(m.end() for m in BREAKS.finditer(text))]
    for offset in range(len(text) + 1):
        line, column = index.position(offset)
        assert index.starts[line - 1] + column - 1 == offset
