"""Review A's hangs (third review): inputs whose cost grew faster than their size. Each test
grows the input 8-fold and compares CPU time, best of three, the sizes interleaved (a busy
spell on the shared machine must hit one size every time to count), as test_adversarial.py does.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from claude_model_lint.registry.registry import Registry

from .test_adversarial import GROWTH, _check, _cpu, _options

_FLOOR = 0.002  # below this the clock and fixed costs dominate: nothing to compare


def _growth(
    make: Callable[[int], object], sizes: tuple[int, int], work: Callable[[object], object]
) -> list[float]:
    """t(8n) / t(n) of ``work`` on what ``make`` builds for each size, best of three."""
    inputs = [make(size) for size in sizes]
    times = [float("inf")] * len(inputs)
    for _ in range(3):
        for i, made in enumerate(inputs):
            times[i] = min(times[i], _cpu(lambda m=made: work(m), 1))  # type: ignore[misc]
    return times


def _ratio(times: list[float]) -> float:
    return max(times[-1], _FLOOR) / max(times[0], _FLOOR)


def test_a_long_markdown_line_of_command_words_grows_linearly(
    tmp_path: Path, registry: Registry
) -> None:
    """H3: 'claude-code ' * n on one line: the flag test looked back to the line's start for
    every word (100k words 3.7 s, 400k 34 s); it looks back 80 characters."""
    options = _options(registry)

    def make(n: int) -> Path:
        path = tmp_path / f"f{n}.md"
        path.write_text("claude-code " * n + "claude-2.1\n", encoding="utf-8")
        return path

    times = _growth(make, (40_000, 320_000), lambda p: _check(p, options))  # type: ignore[arg-type]
    assert _ratio(times) < GROWTH, times
    assert any(d.model == "claude-2.1" for d in _check(make(10), options).diagnostics)


def _chain(root: Path, depth: int) -> Path:
    """top.py beside deep/d/d/.../d/a.py, each holding a retired id."""
    root.mkdir(exist_ok=True)
    (root / "top.py").write_text('m = "claude-2.1"\n', encoding="utf-8")
    directory = root / "deep"
    directory.mkdir()
    for _ in range(depth):  # (one mkdir at a time: os.makedirs recurses too)
        directory = directory / "d"
        directory.mkdir()
    (directory / "a.py").write_text('m = "claude-2.1"\n', encoding="utf-8")
    return root


def _unchain(root: Path) -> None:
    """Remove the chain from the bottom up (pytest's clean-up recurses and gives up on it)."""
    deepest = root / "deep"  # (os.walk recurses before Python 3.12)
    while (deepest / "d").is_dir():
        deepest = deepest / "d"
    for directory in [deepest, *deepest.parents]:
        if directory == root.parent:
            break
        for entry in directory.iterdir():
            if not entry.is_dir():
                entry.unlink()
        directory.rmdir()


def _lint(root: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """CPU time (user + system) of one run of the CLI in ``root``, its exit code and output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "claude_model_lint", "--no-cache", "-q", *extra, "."],
        cwd=root, capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.returncode, done.stdout + done.stderr


def test_a_deep_directory_chain_is_walked_without_recursion(tmp_path: Path) -> None:
    """T3: a chain of 1,500 directories, the Python walk (no git): 'internal error:
    RecursionError', exit 2, top.py not reported."""
    _, code, out = _lint(_chain(tmp_path, 1500), env={"CLAUDE_MODEL_LINT_NO_GIT": "1"})
    assert code == 1, out
    assert "top.py:1:" in out and "/d/a.py:1:" in out, out[-500:]
    assert "internal error" not in out
    _unchain(tmp_path)


def test_a_deep_directory_chain_grows_linearly(tmp_path: Path) -> None:
    """H4: each level's config lookup resolved the whole path (realpath per level: depth 150
    0.47 s, 600 6.4 s, 1,500 over 120 s); now one lstat a level. Outside a git repository and
    with the Python walk; the time of a run on an empty directory is taken off."""
    for env in ({}, {"CLAUDE_MODEL_LINT_NO_GIT": "1"}):
        roots = [_chain(tmp_path / f"{len(env)}-{depth}", depth) for depth in (150, 1200)]
        empty = tmp_path / f"{len(env)}-empty"
        empty.mkdir()
        times = [float("inf")] * 3
        for _ in range(3):
            for i, root in enumerate([empty, *roots]):
                times[i] = min(times[i], _lint(root, env=env)[0])
        start = times[0]
        small, large = max(times[1] - start, 0.05), max(times[2] - start, 0.05)
        for root in roots:
            _unchain(root)
        assert large / small < GROWTH, (env, times)
