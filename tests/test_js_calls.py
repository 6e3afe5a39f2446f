"""The JavaScript/TypeScript call finder reads back any literal value written in any of the
ways JS allows (quoted or bare keys, either quote, trailing commas, comments between tokens),
and never fails or places a span outside the text, whatever the text."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_model_lint.scanners.calls import JSONValue
from claude_model_lint.scanners.js_calls import find_js_calls

_KEYS = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-1000, 1000)
    | st.floats(-10, 10, allow_nan=False).map(lambda x: round(x, 3))
    | st.text("abcdefgh_ -:{}[](),/*`$", max_size=12)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)
_GAPS = st.sampled_from(["", " ", "\n  ", " /* } */ ", " // ] x\n", "\t"])


@st.composite
def _js(draw: st.DrawFn, value: JSONValue) -> str:
    """``value`` written as a JavaScript literal, with gaps and quoting chosen by hypothesis."""
    gap = draw(_GAPS)
    if isinstance(value, dict):
        items = []
        for key, inner in value.items():
            quote = draw(st.sampled_from(["", '"', "'"]))
            items.append(f"{quote}{key}{quote}{gap}:{draw(_GAPS)}{draw(_js(inner))}")
        trailing = draw(st.sampled_from(["", ","]))
        return "{" + gap + f",{draw(_GAPS)}".join(items) + (trailing if items else "") + gap + "}"
    if isinstance(value, list):
        return "[" + ", ".join(draw(_js(inner)) for inner in value) + gap + "]"
    if isinstance(value, str):
        quote = draw(st.sampled_from(['"', "'", "`"]))
        if quote == "`" and ("`" in value or "${" in value):
            quote = '"'  # the alphabet has no other quote
        return quote + value + quote
    return "undefined" if value is None and draw(st.booleans()) else json.dumps(value)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), value=_VALUES)
def test_any_literal_value_is_read_back(data: st.DataObject, value: JSONValue) -> None:
    written = data.draw(_js(value))
    text = (
        "const c = new Anthropic();\n"
        f'await c.messages.create({{ model: "claude-opus-5-5", thinking:{written}, max_tokens: 1 }});\n'
    )
    (call,) = find_js_calls(text, {"thinking"})
    (use,) = call.parameters
    assert use.known, (text, use)
    assert text[use.value_start : use.end] == written.strip(" \t\n"), text
    assert use.value == value, text


_PIECES = st.sampled_from(
    ["messages.create(", "messages.batches.create(", "{", "}", "[", "]", "(", ")", "model:",
     '"claude-opus-5-5"', "thinking:", "top_k: 1", ",", "...", "`", "${", '"', "'", "/", "*",
     "//", "\n", " ", "const X = ", "X", "as const", ";", "type:", '"disabled"']
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_gives_spans_inside_it(text: str) -> None:
    for call in find_js_calls(text, {"thinking", "top_k"}):
        assert call.model_start < len(text)
        for use in call.parameters:
            assert 0 <= use.start <= use.value_start <= use.end <= len(text), (text, use)


NODE = shutil.which("node")
JS_FIXTURES = sorted(
    p
    for p in (Path(__file__).parent / "fixtures" / "javascript").glob("parameters-*/*")
    if p.name.endswith((".js", ".mjs", ".cjs", ".js.fixed", ".mjs.fixed", ".cjs.fixed"))
)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("path", JS_FIXTURES, ids=[p.name for p in JS_FIXTURES])
def test_the_javascript_fixtures_and_their_unsafe_fixes_are_valid_javascript(
    path: Path, tmp_path: Path
) -> None:
    """node --check: the inputs are real JavaScript, and so is what --unsafe-fixes wrote."""
    assert NODE is not None
    copy = tmp_path / path.name.removesuffix(".fixed")
    copy.write_bytes(path.read_bytes())
    done = subprocess.run([NODE, "--check", str(copy)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
