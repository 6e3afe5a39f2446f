"""The per-file time budget: a scan that never ends becomes an error naming the file (exit 2), in one
process or in forked workers, and the run goes on."""

from __future__ import annotations

import signal
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.check.budget import Budget
from claude_model_lint.check.engine import RunOptions
from claude_model_lint.config import Config
from claude_model_lint.registry.registry import Registry
from claude_model_lint.run.runner import run
from claude_model_lint.scanners import Scan, text

from .conftest import AS_OF, run_cli


def _forever(content: str, *args: object, **kwargs: object) -> Scan:
    if "stuck" in content:
        while True:
            pass
    return original(content, *args, **kwargs)  # type: ignore[arg-type]


original = text.scan_text


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stuck_scan_becomes_a_note_and_the_run_goes_on(
    jobs: int, tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "scan_text", _forever)
    (tmp_path / "stuck.txt").write_text("claude-2.1 stuck\n")
    (tmp_path / "fine.txt").write_text("claude-2.1\n")
    options = RunOptions(Config(file_timeout=0.2), registry, date.fromisoformat(AS_OF))
    results = {Path(r.path).name: r for r in run([tmp_path], options, jobs=jobs)}
    stuck, fine = results["stuck.txt"], results["fine.txt"]
    assert not stuck.checked and stuck.error and "file-timeout" in stuck.error  # exit 2
    assert [d.model for d in fine.diagnostics] == ["claude-2.1"]


def test_a_timer_set_outside_is_given_back() -> None:
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        budget = Budget(5)
        budget.start()
        assert 4 < signal.getitimer(signal.ITIMER_REAL)[0] <= 5
        budget.stop()
        assert 99 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


@pytest.mark.parametrize("value", ["-1", "nan", "soon", "1e400"])
def test_a_bad_file_timeout_is_a_usage_error(value: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("claude-2.1\n")
    done = run_cli("--file-timeout", value, "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "file-timeout" in done.stderr, done.stderr


def test_file_timeout_in_the_config_file(tmp_path: Path) -> None:
    (tmp_path / ".claude-model-lint.toml").write_text("file-timeout = 0\n")
    (tmp_path / "a.txt").write_text("claude-2.1\n")
    done = run_cli("--as-of", AS_OF, "a.txt", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
