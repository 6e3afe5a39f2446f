"""Several cores give the same results, in the same order, as one; a dead worker loses nothing."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.check.engine import RunOptions
from claude_model_lint.config import Config
from claude_model_lint.registry.registry import load_registry
from claude_model_lint.run import parallel
from claude_model_lint.run.parallel import check_all
from claude_model_lint.run.runner import run, workers_for

from .conftest import AS_OF, run_cli

PARENT = os.getpid()


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The workers of every fork a run makes, in order."""
    made: list[int] = []

    def counting(items, check, workers, **kwargs):  # type: ignore[no-untyped-def]
        made.append(workers)
        return check_all(items, check, workers, **kwargs)

    monkeypatch.setattr(parallel, "check_all", counting)
    return made


def _square(i: int) -> int:
    return i * i


@pytest.mark.parametrize("workers", [2, 3])
def test_every_item_comes_back_in_order(workers: int) -> None:
    items = list(range(1000))
    out = list(check_all(items, _square, workers, chunk=7, keep=lambda n: n % 3 == 0))
    assert [item for item, _ in out] == items
    assert [outcome for _, outcome in out] == [i * i if i * i % 3 == 0 else None for i in items]


def _dies_in_a_worker_from(limit: int) -> object:
    def check(i: int) -> int:
        if os.getpid() != PARENT and i >= limit:
            os._exit(3)  # a worker killed mid-run: its chunk is never reported
        return i * i

    return check


@pytest.mark.parametrize("limit", [0, 300])
def test_a_dead_workers_share_is_checked_by_the_parent(limit: int) -> None:
    items = list(range(1000))
    out = list(check_all(items, _dies_in_a_worker_from(limit), 2, chunk=10))  # type: ignore[arg-type]
    assert [outcome for _, outcome in out] == [i * i for i in items]


def test_jobs_2_reports_what_jobs_1_reports(tmp_path: Path) -> None:
    for i in range(400):  # over the size where a run forks
        body = f'MODEL = "claude-3-opus-20240229"  # {i}\n' if i % 7 == 0 else f"x = {i}\n"
        (tmp_path / f"m{i:03}.py").write_text(body)
    (tmp_path / "notes.txt").write_bytes(b"claude-2.1\n\xff\n")  # a note from a worker, too
    runs = [
        run_cli(
            "--as-of", AS_OF, "--format", "json", "--no-cache", "--jobs", jobs, ".", cwd=tmp_path
        )
        for jobs in ("1", "2")
    ]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr == runs[1].stderr
    assert len(json.loads(runs[1].stdout)) == 58 + 1  # m000, m007, ... m399 and notes.txt
    assert "notes.txt: not valid utf-8" in runs[1].stderr


def test_an_item_too_big_for_one_pipe_record_is_checked_by_the_parent() -> None:
    items = ["short", "x" * 10_000, "also short"]  # a path longer than PIPE_BUF
    out = list(check_all(items, len, 2, chunk=1))
    assert out == [(item, len(item)) for item in items]


def test_jobs_never_exceed_the_files_or_the_cores(tmp_path: Path, forked: list[int]) -> None:
    """--jobs 300 for 2 files once forked 299 workers."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("claude-2.1\n")
    options = RunOptions(Config(), load_registry(), date.fromisoformat(AS_OF))
    results = list(run([tmp_path], options, jobs=300))
    assert len(results) == 2
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert forked == ([] if (cores or 1) < 2 else [2])
    assert workers_for(300, 2) <= 2 and workers_for(300, 500) <= (cores or 1)


def test_a_few_heavy_files_fork_once_checking_them_takes_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """A hundred test modules dense with ids weigh too little to fork at the start (they are
    few), yet took 2 s on one core: past FORK_AFTER seconds the rest go to the cores, and the
    results are those of one process, in the same order."""
    from claude_model_lint.run import runner

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: never forks")
    monkeypatch.setenv("CLAUDE_MODEL_LINT_NO_GIT", "1")  # walked: git grep would say they hold ids
    for i in range(30):
        (tmp_path / f"test_{i:02}.py").write_text(
            "".join(f'CASES_{n} = ["claude-3-opus-20240229", "claude-2.1"]\n' for n in range(40))
        )
    options = RunOptions(Config(), load_registry(), date.fromisoformat(AS_OF))

    def findings(jobs: int) -> list[tuple[str, int, int, str]]:
        results = run([tmp_path], options, jobs=jobs)
        return [(r.path, d.line, d.column, d.code) for r in results for d in r.diagnostics]

    one = findings(1)
    monkeypatch.setattr(runner, "FORK_AFTER", 0.0)  # every run is long now: it forks at once
    assert findings(0) == one and forked == [2]
    monkeypatch.setattr(runner, "FORK_AFTER", 1e9)  # and never
    assert findings(0) == one and forked == [2]
    assert len(one) == 30 * 40 * 2


def test_a_late_fork_starts_no_more_workers_than_files_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """On 32 cores, three heavy files forked 31 workers once checking took long."""
    from claude_model_lint.run import runner

    monkeypatch.setattr(runner, "cores", lambda: 32)
    monkeypatch.setattr(runner, "FORK_AFTER", 0.0)
    for i in range(3):
        (tmp_path / f"m{i}.py").write_text('M = "claude-3-opus-20240229"\n' * 50)
    options = RunOptions(Config(), load_registry(), date.fromisoformat(AS_OF))
    assert sum(len(r.diagnostics) for r in run([tmp_path], options)) == 150
    assert forked == [2]  # the first file was checked before the fork: two left
