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


@given(
    st.text(alphabet="ab \r\n\t\x0b\x85é", max_size=80),
    st.lists(st.integers(0, 80), max_size=8),
)
def test_counting_in_order_agrees_with_the_line_starts(text: str, offsets: list[int]) -> None:
    """Positions asked in order are counted without the line starts; they must agree."""
    built = LineIndex(text)
    built.starts  # noqa: B018  (build them: the reference)
    counted = LineIndex(text)
    for offset in sorted(min(o, len(text)) for o in offsets):
        line, column = counted.position(offset)
        assert (line, column) == built.position(offset)
        assert counted.line_text(line) == built.line_text(line)
