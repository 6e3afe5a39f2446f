"""A file in the middle of an edit: an unclosed string ends where Python's tokenizer ends it (the
line, or the file for three quotes), and the ids inside it are still reported."""

from __future__ import annotations

import itertools

import pytest

from claude_model_lint.scanners.python import scan_python
from claude_model_lint.scanners.python_lexer import Token, token_spans

PREFIXES = ["", "r", "b", "f", "u", "rb", "Rb", "br", "fr", "rf", "F", "R"]
QUOTES = ['"', "'", '"""', "'''"]
ID = "claude-3-opus-20240229"


@pytest.mark.parametrize(
    ("prefix", "quote"), list(itertools.product(PREFIXES, QUOTES)), ids=lambda v: v or "none"
)
def test_an_unclosed_string_still_reports_its_id(prefix: str, quote: str) -> None:
    text = f"x = 1\nM = {prefix}{quote}{ID} and more\ny = 2\n"
    scan = scan_python(text, check_comments=False)
    assert [o.found.text for o in scan.occurrences] == [ID]
    assert scan.notes and "not valid Python" in scan.notes[0]


@pytest.mark.parametrize("quote", QUOTES)
def test_an_unclosed_string_ends_at_its_line_or_the_file(quote: str) -> None:
    text = f"M = {quote}{ID}\ny = 'claude-2.1'\n"
    spans = token_spans(text)
    token = Token(text, spans[0])
    assert not token.closed
    if len(quote) == 3:  # to the end of the file: the next line is inside it
        assert spans == [(4, len(text))]
    else:  # to the end of its line: the next line is lexed on its own
        assert spans[0] == (4, text.index("\n"))
        assert Token(text, spans[1]).closed
    assert token.inner_start == 4 + len(quote) and token.inner_end == spans[0][1]


def test_the_reported_short_case() -> None:
    """From the issue: `M = "claude-3-opus-20240229` with no closing quote reported nothing."""
    scan = scan_python(f'M = "{ID}', check_comments=False)
    assert [o.found.text for o in scan.occurrences] == [ID]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('M = "claude-2.1 ' + "x" * 20 + "\n", id="unclosed-line"),
        pytest.param(
            'def f():\n    """claude-2.1\n    x\n    y = "a" "b"\n    z\n', id="docstring"
        ),
        pytest.param('M = "claude-2.1"  #' + "#x" * 40 + '\ny "b"\n', id="comment-of-hashes"),
        pytest.param('M = "claude-2.1' + "\\" * 41, id="backslashes"),
    ],
)
def test_the_reported_hangs_finish(text: str) -> None:
    """Each of these ran for minutes (backtracking); now each is one pass. The timing proof is
    in test_adversarial.py; here, that they finish and report the id."""
    scan = scan_python(text, check_comments=False)
    assert [o.found.text for o in scan.occurrences] == ["claude-2.1"]
