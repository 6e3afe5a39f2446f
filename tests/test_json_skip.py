"""Deeply nested notebook outputs: the C decoder gives up near a thousand levels, the walk that
replaces it must agree with json everywhere and lose no cell source."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claude_model_lint.scanners.json_skip import skip_value
from claude_model_lint.scanners.notebook import scan_notebook

_DECODER = json.JSONDecoder()
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


@given(_VALUES, st.sampled_from(["", " ", "\n\t"]), st.text("x ]},", max_size=3))
def test_the_end_of_a_value_is_where_json_ends_it(value: object, space: str, tail: str) -> None:
    text = json.dumps(value, indent=1 if space else None).replace("\n", "\n" + space) + tail
    assert skip_value(text, 0) == _DECODER.raw_decode(text, 0)[1]


@given(st.text('[]{}:,"a1 -.e', max_size=12))
def test_it_refuses_what_json_refuses(text: str) -> None:
    start = len(text) - len(text.lstrip(" \t\n\r"))  # the reader skips space before a value
    try:
        expected: int | None = _DECODER.raw_decode(text, start)[1]
    except ValueError:
        expected = None
    try:
        got: int | None = skip_value(text, start)
    except ValueError:
        got = None
    assert got == expected


@pytest.mark.parametrize("depth", [10, 100_000])
def test_deep_outputs_keep_the_source_cell_finding(depth: int) -> None:
    outputs = "[" * depth + "]" * depth
    text = (
        '{"cells": [{"cell_type": "code", "source": ["m = \\"claude-2.1\\""], '
        f'"outputs": {outputs}}}, {{"cell_type": "code", "source": [], "outputs": {outputs}}}], '
        '"nbformat": 4}'
    )
    scan = scan_notebook(text)
    assert [(o.found.text, o.context) for o in scan.occurrences] == [("claude-2.1", "cell 1")]
