"""Linear time whatever the bytes: adversarial inputs are scanned within a fixed multiple of a
plain read of the same bytes, and growing an input 8-fold grows the scan at most 8-fold (give or
take noise). Each case here once took minutes or hours (backtracking, or work per id growing
with its line); see issue 15.

The baseline, measured in the same test on the same file: read the bytes, decode them, and cut
the text into words and punctuation with one C-speed regex (one object per token, the least a
scanner that looks at each token must make). CPU time of this process, the best of a few runs,
so that other processes on the machine do not count. Whole runs (read, decode, scan, judge,
suppress) go through ``engine.check_file`` with the time budget off.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_model_lint.check.engine import RunOptions, check_file
from claude_model_lint.config import Config
from claude_model_lint.registry.registry import Registry
from claude_model_lint.repo.candidate import Candidate
from claude_model_lint.scanners import LineIndex
from claude_model_lint.types import FileResult

from .conftest import AS_OF

MULTIPLE = 200  # scan / baseline: up to ~70 measured; the quadratic cases were 270 to 200,000
GROWTH = 8 * 2  # t(8n) / t(n): 8 to 9 measured when linear, 64 when quadratic; 2x for noise
_TOKENS = re.compile(r"\w+|[^\w\s]")
_JS_CALL = 'c.messages.create({model: "claude-opus-4-8", top_k: 1})\n'  # a finding to report
_UNCLOSED = [
    (prefix, quote)
    for prefix in ("", "r", "b", "f", "u", "rb", "BR", "fr", "Rf")
    for quote in ('"', "'", '"""', "'''")
]


def _cpu(action: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return max(best, 1e-4)  # the clock's grain: never divide by zero


def _baseline(path: Path) -> None:
    _TOKENS.findall(path.read_bytes().decode("utf-8", "surrogateescape"))


def _options(registry: Registry) -> RunOptions:
    return RunOptions(Config(file_timeout=0), registry, date.fromisoformat(AS_OF))


def _check(path: Path, options: RunOptions) -> FileResult:
    result = check_file(Candidate(str(path), True), options)
    assert result.error is None, result.error
    return result


# name -> (file name, text of about ``size`` characters)
CASES: dict[str, Callable[[int], tuple[str, str]]] = {
    **{
        f"unclosed-{prefix or 'plain'}-{quote}": (
            lambda n, p=prefix, q=quote: ("u.py", f"M = {p}{q}claude-2.1 " + "x" * n)
        )
        for prefix, quote in _UNCLOSED
    },
    "unclosed-docstring": lambda n: ("d.py", 'def f():\n    """claude-2.1\n' + "    x = 1\n" * (n // 10)),
    "unclosed-each-line": lambda n: ("e.py", 'M = "claude-2.1 ab\n' * (n // 20)),
    "claude-run": lambda n: ("r.txt", "claude-" * (n // 7)),
    "claude-run-py": lambda n: ("r.py", 'M = "' + "claude-" * (n // 7) + 'X"\n'),
    "claude-words": lambda n: ("w.txt", "claude " * (n // 7)),
    "ids-on-one-line": lambda n: ("i.txt", "claude-2.1 " * (n // 11)),
    "ids-on-one-line-js": lambda n: ("i.js", "x = 'claude-2.1'; " * (n // 18)),
    "ids-suppressed-line": lambda n: ("s.yaml", "m: claude-2.1 # claude-model-lint: ignore " * (n // 42)),
    "py-literals": lambda n: ("l.py", 'M = "claude-3-opus-20240229"\n' * (n // 29)),
    "py-bare-literals": lambda n: ("b.py", '"claude-2.1"\n' * (n // 13)),
    "py-one-line-list": lambda n: ("o.py", "M = [" + '"claude-2.1", ' * (n // 14) + "]\n"),
    "py-calls-one-line": lambda n: (
        "c.py",
        "; ".join(['c.messages.create(model="claude-opus-4-1", top_k=1)'] * (n // 52)) + "\n",
    ),
    "backslashes": lambda n: ("k.py", 'M = "claude-2.1' + "\\" * n),
    "double-quotes": lambda n: ("q.py", 'M = "claude-2.1"' + '"' * n),
    "single-quotes": lambda n: ("q2.py", "M = 'claude-2.1'" + "'" * n),
    "quote-ids": lambda n: ("q3.py", '"claude-2.1' * (n // 11)),
    "hashes": lambda n: ("h.py", 'M = "claude-2.1" #' + "#x" * (n // 2) + '\ny "b"\n'),
    "brackets-py": lambda n: ("n.py", "x = " + "[" * (n // 2) + '"claude-2.1"' + "]" * (n // 2)),
    "brackets-json": lambda n: ("n.json", "[" * (n // 2) + '"claude-2.1"' + "]" * (n // 2)),
    "routers": lambda n: ("p.txt", "openrouter/anthropic/claude-2.1 " * (n // 32)),
    "slashes": lambda n: ("sl.txt", "a/" * (n // 2) + "claude-2.1"),
    "bedrock": lambda n: ("br.txt", "us.anthropic.claude-3-opus-20240229-v1:0 " * (n // 41)),
    "f-string-braces": lambda n: ("f.py", 'M = f"claude-2.1 ' + "{" * n),
    # requests in config files: a mapping's siblings are looked for a bounded number of lines
    "yaml-requests": lambda n: ("r.yaml", "m:\n" + "  model: claude-2.1\n  temperature: 0.2\n" * (n // 38)),
    "yaml-items": lambda n: ("i.yaml", "- model: claude-2.1\n  temperature: 0.2\n" * (n // 38)),
    "toml-requests": lambda n: ("r.toml", 'model = "claude-2.1"\ntemperature = 0.2\n' * (n // 38)),
    "json-one-object": lambda n: (
        "o.json", "{" + '"model": "claude-2.1", "temperature": 0.2, ' * (n // 44) + '"x": 1}'
    ),
    "json-objects": lambda n: (
        "j.json", "[" + '{"model": "claude-2.1", "temperature": 0.2},' * (n // 45) + "{}]"
    ),
    "json-unclosed-escapes": lambda n: (
        "u.json", '{"model": "claude-2.1", "temperature": 0.2}' + '"\\' * (n // 2)
    ),
    "notebook-requests": lambda n: (
        "r.ipynb",
        '{"cells": [{"cell_type": "code", "source": ['
        + '"c.messages.create(model=\\"claude-2.1\\", temperature=0.2)\\n", ' * (n // 64)
        + '"x = 1"]}]}',
    ),
    **{
        f"js-{name}": (lambda n, u=unit: ("a.ts", _JS_CALL + u * (n // len(u))))
        for name, unit in {
            "deep-braces": "{a:",
            "deep-brackets": "[[(",
            "unclosed-templates": "`${",
            "template-braces": "`${{}",
            "unclosed-strings": "'\"x",
            "regex-classes": "(/[",
            "slashes": "= /",
            "block-comments": "/*",
            "heads-unclosed": "c.messages.create({top_k:",
            "heads-closed": 'c.messages.create({model: "claude-opus-4-8", top_k: 2}); ',
            "consts": "const a = [\n",
            "consts-objects": "const a = {b: 'claude-2.1'}\n",
            "spreads": "{...x, ",
            "junk-after-objects": "{a:1}.b, ",
        }.items()
    },
    "js-nested-in-call": lambda n: (
        "n.js", _JS_CALL[:-4] + ", x: " + "{a:" * (n // 3) + "}" * (n // 3) + "})\n"
    ),
    "notebook-deep": lambda n: (
        "deep.ipynb",
        '{"cells": [{"cell_type": "code", "source": ["m = \\"claude-2.1\\""], "outputs": '
        + "[" * (n // 2) + "]" * (n // 2) + "}]}",
    ),
    # code examples read as code (issue 28): fences and literal blocks, each line read once
    "md-unterminated-fence": lambda n: ("u.md", "```python\nm = 'claude-2.1'\n" + "x = (\n" * (n // 6)),
    "md-backticks": lambda n: ("b.md", "claude-2.1 " + "`" * n),
    "md-backtick-lines": lambda n: ("bl.md", "```python\nm = 'claude-2.1'\n" + ("`" * 99 + "x\n") * (n // 100)),
    "md-fence-per-line": lambda n: ("p.md", "claude-2.1\n" + "```py\nm = 'claude-2.1'\n" * (n // 22)),
    "md-nested-fences": lambda n: ("n.md", "````md\n```python\nm = 'claude-2.1'\n```\n" * (n // 36)),
    "md-many-python-blocks": lambda n: ("m.md", "```python\nm = 'claude-2.1'\n```\n" * (n // 30)),
    "md-many-shell-blocks": lambda n: ("s.md", "```sh\naider --model claude-2.1\n```\n" * (n // 34)),
    "md-flag-runs": lambda n: ("f.md", "--model " * (n // 8) + "claude-2.1"),
    "rst-colons": lambda n: ("r.rst", "claude-2.1::\n    " + ":" * n + "\n"),
    "rst-one-big-block": lambda n: ("i.rst", ".. code-block:: python\n\n" + "    m = 'claude-2.1'\n" * (n // 21)),
    "rst-directive-options": lambda n: ("o.rst", ".. code-block:: python\n" + "   :x:\n" * (n // 7) + "claude-2.1"),
    "adoc-unclosed-listing": lambda n: ("a.adoc", "[source,python]\n----\nm = 'claude-2.1'\n" + "x\n" * (n // 2)),
    "docstring-doctests": lambda n: ("d.py", 'def f():\n    """\n' + "    >>> m = 'claude-2.1'\n" * (n // 25) + '    """\n'),
    "docstring-headers": lambda n: ("e.py", 'def f():\n    """claude-2.1\n' + "    Example:\n" * (n // 13) + '    """\n'),
    "docstring-deepening": lambda n: ("g.py", 'def f():\n    """claude-2.1\n' + "".join(" " * (4 + k % 60) + "Usage:\n" for k in range(n // 40)) + '    """\n'),
}  # fmt: skip

SIZE = 100_000


@pytest.mark.parametrize("name", list(CASES))
def test_a_scan_costs_a_fixed_multiple_of_a_plain_read(
    name: str, tmp_path: Path, registry: Registry
) -> None:
    file_name, text = CASES[name](SIZE)
    path = tmp_path / file_name
    path.write_text(text, encoding="utf-8")
    options = _options(registry)
    result = _check(path, options)
    assert any("claude-2.1" in d.model or "opus" in d.model for d in result.diagnostics) or (
        name in ("claude-words", "claude-run", "claude-run-py", "ids-suppressed-line")
    ), result
    scan, plain = _cpu(lambda: _check(path, options)), _cpu(lambda: _baseline(path))
    assert scan <= MULTIPLE * plain, f"{name}: {scan:.3f}s against {plain:.4f}s for a plain read"


@pytest.mark.parametrize(
    ("name", "size"),
    [("ids-on-one-line", 1_000_000), ("claude-words", 1_500_000), ("py-literals", 400_000)],
)
def test_the_reported_cases_at_their_size(
    name: str, size: int, tmp_path: Path, registry: Registry
) -> None:
    """A 1 MB line of ids, 'claude ' * 200000 and 14,000 lines of literals: each was quadratic,
    and at these sizes far over the multiple (270x to 1300x)."""
    file_name, text = CASES[name](size)
    path = tmp_path / file_name
    path.write_text(text, encoding="utf-8")
    options = _options(registry)
    scan, plain = _cpu(lambda: _check(path, options), 1), _cpu(lambda: _baseline(path))
    assert scan <= MULTIPLE * plain, f"{name}: {scan:.3f}s against {plain:.4f}s for a plain read"


_PIECES = st.sampled_from(
    ["claude-", "claude-2.1", "claude", "-", ".", "\\", '"', "'", '"""', "'''", "#", "[", "]",
     "{", "}", "(", "\n", " ", "x", "r", "f", "b", "/", ":", "anthropic.", "us.", "%2F",
     "claude-model-lint: ignore", "=", ",", "@20240229", "-v1:0", "```python\n", "```", "~~~",
     "    ", "::\n", ">>> ", "... ", "Example:\n", ".. code-block:: python\n", "--model "]
)  # fmt: skip


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    unit=st.lists(_PIECES, min_size=1, max_size=12).map("".join),
    suffix=st.sampled_from([".py", ".txt", ".js", ".yaml", ".ipynb", ".md", ".rst"]),
)
def test_growing_an_input_grows_the_scan_linearly(
    unit: str, suffix: str, tmp_path_factory: pytest.TempPathFactory, registry: Registry
) -> None:
    """Any repeated unit of adversarial pieces: t(8n) / t(n) stays near 8, never 64."""
    _assert_linear(unit, suffix, tmp_path_factory.mktemp("grow"), _options(registry))


@pytest.mark.parametrize(
    ("unit", "suffix"),
    [
        ("claude-2.1 ", ".txt"),  # ids on one line: 22x here before the fix
        ('M = "claude-3-opus-20240229"\n', ".py"),  # literals: 20x
        ('"claude-2.1"\n', ".py"),  # adjacent literals tried pairwise: 45x
        ('x"claude-2.1#', ".py"),  # 24x
    ],
)
def test_the_reported_cases_grow_linearly(
    unit: str, suffix: str, tmp_path: Path, registry: Registry
) -> None:
    _assert_linear(unit, suffix, tmp_path, _options(registry))


@pytest.mark.parametrize("unit", ["{a:", "`${", "(/[", "const a = [\n", "{a:1}.b, ", "'\"x"])
def test_the_js_call_finder_grows_linearly(unit: str, tmp_path: Path, registry: Registry) -> None:
    """Inside and after a call's object literal, whatever follows it."""
    _assert_linear(unit, ".ts", tmp_path, _options(registry), prefix=_JS_CALL[:-2] + ", x: ")


def _assert_linear(
    unit: str, suffix: str, directory: Path, options: RunOptions, prefix: str = ""
) -> None:
    repeats = max(1, 16_000 // len(unit))
    paths = []
    for factor in (1, 2, 4, 8):
        paths.append(directory / f"g{factor}{suffix}")
        paths[-1].write_text(prefix + unit * (repeats * factor), encoding="utf-8")
    times = [float("inf")] * len(paths)
    for _ in range(3):  # interleaved, best of three: a busy spell (the other xdist worker on a
        for i, path in enumerate(paths):  # sibling core) must hit one size every time to count
            times[i] = min(times[i], _cpu(lambda p=path: _check(p, options), 1))  # type: ignore[misc]
    floor = 0.002  # below this the clock and fixed costs dominate: nothing to compare
    assert max(times[-1], floor) / max(times[0], floor) < GROWTH, (unit, suffix, times)


@pytest.mark.parametrize(
    "line",
    [
        *(b"cat <<A <<B <<C ", b"x = `a` + `", b'"""', b"run \\", b"<<-'E'\n\tE"),
        *(b'"\\', b"/*", b"'a", b"<a", b"<!--", b"<pre>"),
    ],
)
def test_add_ignore_string_lines_grow_linearly(line: bytes) -> None:
    """--add-ignore's heredoc and multi-line string finder (check/string_lines.py), on one
    long line and on many lines: a deque of terminators, one pass; the quote lexers match an
    unclosed quote once, anchored (a search would scan the rest of the line from each byte)."""
    from claude_model_lint.check.string_lines import inside_strings, markup_text

    for shape in ("one line", "many lines"):
        times = []
        for factor in (1, 2, 4, 8):
            n = 4_000 * factor
            lines = [line * n, b"A"] if shape == "one line" else [line] * n
            for kind, suffix in (
                ("hash", ".sh"),
                ("c-like", ".ts"),
                ("c-like", ".kt"),
                ("hash", ".yaml"),
                ("dash", ".sql"),
            ):
                times.append(_cpu(lambda: inside_strings(lines, kind, suffix), 2))  # noqa: B023
            times.append(_cpu(lambda: markup_text(lines), 2))  # noqa: B023
        first, last = sum(times[:6]), sum(times[-6:])
        assert max(last, 0.002) / max(first, 0.002) < GROWTH, (line, shape, times)


def test_the_columns_of_many_ids_on_one_line_grow_linearly() -> None:
    """Review D15: each id's column (``offset_from_utf8``, for every string node of a Python
    line) sliced the whole line again: 160,000 ids on one line took 84 s (x7.9 per x4)."""
    times = []
    for count in (4000, 32_000):
        index = LineIndex("x = [" + "'claude-2.1'," * count + "]\n")
        columns = range(5, 5 + 13 * count, 13)
        times.append(_cpu(lambda i=index, c=columns: [i.offset_from_utf8(1, k) for k in c], 1))  # type: ignore[misc]
    floor = 0.002
    assert max(times[1], floor) / max(times[0], floor) < GROWTH, times
