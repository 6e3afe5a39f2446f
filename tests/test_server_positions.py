"""Positions: our code-point columns to the client's code units and back, for any text, line
ending and encoding, against the definition (LSP lines end at \\r\\n, \\r or \\n only)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from claude_model_lint.server.positions import UNITS, Positions

ALPHABET = st.sampled_from(
    ["a", "-", "é", "中", "😀", "\U0001d518", "\n", "\r", "\r\n", "\x0c", "\u2028"]
)
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)
ENCODINGS = {"utf-16": "utf-16-le", "utf-8": "utf-8", "utf-32": "utf-32-le"}
WIDTH = {"utf-16": 2, "utf-8": 1, "utf-32": 4}


def _expected(text: str, offset: int, encoding: str) -> types.Position:
    """By definition: LSP lines before ``offset``, and the encoded length of its line so far."""
    breaks = list(re.finditer(r"\r\n|\r|\n", text[:offset]))
    line_start = breaks[-1].end() if breaks else 0
    so_far = text[line_start:offset].encode(ENCODINGS[encoding])
    return types.Position(len(breaks), len(so_far) // WIDTH[encoding])


@given(TEXTS, st.sampled_from(sorted(ENCODINGS)))
def test_every_offset_converts_to_the_client_and_back(text: str, encoding: str) -> None:
    positions = Positions(text, UNITS[encoding])
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # no place of its own in a line
        line, column = positions.index.position(offset)
        client = positions.to_client(line, column)
        assert client == _expected(text, offset, encoding)
        assert positions.from_client(client) == (line, column)


@given(TEXTS)
def test_a_byte_order_mark_counts_on_the_first_line_only(text: str) -> None:
    plain, marked = Positions(text), Positions(text, bom=True)
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue
        line, column = plain.index.position(offset)
        shift = 1 if line == 1 else 0
        moved = marked.to_client(line, column)
        assert moved.character == plain.to_client(line, column).character + shift
        assert marked.from_client(moved) == (line, column)


def test_a_position_inside_a_character_or_past_the_end_is_clamped() -> None:
    positions = Positions("a😀b\nc")
    assert positions.from_client(types.Position(0, 2)) == (1, 2)  # the emoji's second unit
    assert positions.from_client(types.Position(0, 99)) == (1, 4)
    assert positions.from_client(types.Position(7, 0)) == (8, 1)
