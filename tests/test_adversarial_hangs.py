"""Review A's hangs (third review): inputs whose cost grew faster than their size. Each test
grows the input 8-fold and compares CPU time, best of three, the sizes interleaved (a busy
spell on the shared machine must hit one size every time to count), as test_adversarial.py does.
"""

from __future__ import annotations

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
