"""The fast Python path (regex lexer + ast) must find exactly what the LibCST visitor finds.

Sources are generated with ids in every kind of position. Examples: 80 by default (CI);
CML_HYPOTHESIS_EXAMPLES=3000 for a long run.
"""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from claude_model_lint.registry.registry import load_registry
from claude_model_lint.scanners import Scan
from claude_model_lint.scanners.python import scan_python

IDS = [
    *sorted(load_registry().index)[::3],
    "claude-opus-4@20250805", "claude-3-opus", "us.anthropic.claude-3-haiku-20240307-v1:0",
]  # fmt: skip
FRAGMENTS = [
    ("claude-3-", "opus-20240229"),
    ("claude-", "2.1"),
    ("claude-3-opus", "-20240229"),
    ("claude-2", ".1"),
    ("us.anthropic.claude-3-5-", "haiku-20241022-v1:0"),
]

# each template is one or more valid statements; {i} is an id, {a}/{b} the halves of a split id
TEMPLATES = [
    'x = "{i}"',
    "x = '{i}'",
    'x = r"{i}"',
    'x = b"{i}"',
    'x = f"use {{name}} or {i}"',
    "x = f\"{{'{i}'}}\"",
    'x = f"{{name!r:>10}} {i}"',
    'def f():\n    """Docstring naming {i}."""\n    return 1',
    'x = """\n{i}\n"""  # claude-model-lint: ignore',
    'call(model="{i}", max_tokens=1)',
    'call(\n    "{i}",\n    other,\n)  # claude-model-lint: ignore[CML001]',
    'd = {{"{i}": 1, "k": "{i}"}}',
    'd = {{\n    "{i}": "x",\n}}',
    'if name == "{i}":\n    pass',
    'if "{i}" in name or name != "{i}":\n    pass',
    'if name in ("{i}", "other"):\n    pass',
    'if name not in ["{i}"]:\n    pass',
    'for m in ("{i}",):\n    pass',
    'ok = [m for m in ["{i}"] if m in {{"{i}"}}]',
    'x = ("{a}"\n     "{b}")',
    'x = "{a}" "{b}"',
    'x = "use {a}" "{b} now"',
    'x = "{a}" r"{b}"',
    'x = ("{a}"  # split\n     "{b}")',
    'x = f"{{y}} {a}" "{b}"',
    "x = '{a}' '{b}'",
    "# a comment naming {i}",
    "x = 1  # trailing {i}",
    "claude = 2\ny = claude-2",
    'x = "{i}"; y = "{i}"',
    'class C:\n    MODEL = "{i}"\n\n    def m(self, model="{i}"):\n        return model == "{i}"',
    'lam = lambda m="{i}": m',
    'match m:\n    case "{i}":\n        pass',
    'x = "\\n{i}\\t"',
    'x = "no id here"',
    # logical lines the fast path parses alone: headers, continuations, the wrappers it adds
    'if x:\n    pass\nelif name == "{i}":\n    pass\nelse:\n    y = "{i}"',
    'try:\n    pass\nexcept E("{i}"):\n    pass\nfinally:\n    z = "{i}"',
    '@deco("{i}")\ndef g():\n    pass',
    'x = call(\n    "{i}",\n); y = (2,\n    3)',
    'x = "{i}" \\\n    + "tail"',
    'with open("{i}") as fh:\n    pass',
    'while m != "{i}":\n    break',
    'async def h(m="{i}"):\n    await g(m)',
    'if"{i}"in name:\n    pass',
    'x = {{k: "{i}" for k in y}}',
    'ok = any(x in model for x in ["{i}", "other"])',
    'ok = {{x for x in ("{i}",) for y in z if y.startswith(x)}}',
    'ok = model.startswith(("{i}", "b")) or model.endswith("{i}")',
    'f = [run(m) for m in ["{i}"]]',
    'x = f"{{region}}.anthropic.claude-3-haiku-20240307-v1:0"',
    'x = ["(", "{i}", ")"]',
    'x = "#" + "{i}"  # (',
    'def f(\n    a="{i}",\n    b=")",\n):\n    return a',
    'x = """{i}\n"""; y = (1,\n 2)',
    'match m:\n    case "{i}" | "other":\n        pass',
    'x = [\n    "{a}"  # one\n    "{b}",\n\n    "{i}",\n]',
    'class D(Base, model="{i}"):\n    pass',
    'd = {{"k": lambda: "{i}"}}',
    'x = y if m == "{i}" else "{i}"',
    'assert m != "{i}", "{i}"',
    'for a in b:\n    pass\nelse:\n    c = "{i}"',
    'if x: y = "{i}"',
    'x = rb"{i}" Rb"{i}"',
    # roles: catalogs, lookups, records, legacy calls, docstrings (issue 17)
    'x = Literal["{i}", "{i}"]',
    'y = d["{i}"] or d.get("{i}", "{i}")',
    'class E(str, Enum):\n    A = "{i}"\n    B: str = "{i}"',
    'S = {{"{i}", "{i}"}}; T = ("{i}",)',
    'x = {{"a": "{i}", "b": "{i}"}}',
    'm = BetaMessage(\n    model="{i}",\n    stop_reason="end_turn",\n)',
    'r = {{"model": "{i}", "stop_reason": None}}',
    'c = client.completions.create(model="{i}", max_tokens_to_sample=1)',
    '"{i} as a statement"',
    'models.remove("{i}"); models.index("{i}")',
    '@pytest.mark.parametrize("m", [("{i}", 1), ("{i}", 2)])\ndef test(m):\n    pass',
    'mock.return_value = {{"model": "{i}"}}; m = Mock(side_effect=["{i}"])',
    'rows = [{{"model": "{i}"}}, {{"model": "{i}"}}]',
    'register(Model("{i}"), aliases=("x",)); register(Model("{i}")); Model("{i}")',
    'p = pytest.param("{i}", id="{i}"); assert r == snapshot("{i}")',
    'profile = provider.model_profile("{i}"); ok = supports_thinking("{i}")',
]
EXAMPLES = int(os.environ.get("CML_HYPOTHESIS_EXAMPLES", "80"))


@st.composite
def modules(draw: st.DrawFn) -> str:
    statements = []
    for template in draw(st.lists(st.sampled_from(TEMPLATES), min_size=1, max_size=8)):
        a, b = draw(st.sampled_from(FRAGMENTS))
        statements.append(template.format(i=draw(st.sampled_from(IDS)), a=a, b=b))
    source = "\n".join(statements)
    if draw(st.booleans()):  # in a block: the logical lines parsed alone are indented
        lines = (source + "\npass").splitlines(True)
        source = "if True:\n" + "".join("    " + line for line in lines)
    source += draw(st.sampled_from(["\n", ""]))
    return source.replace("\n", draw(st.sampled_from(["\n", "\r\n"])))


def _shape(scan: Scan) -> list[tuple[object, ...]]:
    return [
        (o.found.start, o.found.end, o.found.text, o.line, o.column, o.end_line, o.end_column,
         o.context, o.fixable_in_place, o.not_fixable_reason, o.role,
         scan.extra_lines.get(o.found.start))
        for o in scan.occurrences
    ]  # fmt: skip


@settings(max_examples=EXAMPLES, deadline=None)
@given(source=modules(), check_comments=st.booleans())
def test_fast_path_matches_the_libcst_oracle(source: str, check_comments: bool) -> None:
    fast = scan_python(source, check_comments=check_comments)
    oracle = scan_python(source, check_comments=check_comments, oracle=True)
    assert _shape(fast) == _shape(oracle)
    assert fast.notes == oracle.notes
