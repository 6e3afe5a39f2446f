"""A whole run: discover the files, serve what the cache knows, check the rest in-process or,
for large runs, over a pool of processes; results stream out one file at a time."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .cache import ScanCache
from .engine import (
    RunOptions,
    ScanRecord,
    check_file_recording,
    display_path,
    judge_record,
    skipped_result,
)  # fmt: skip
from .files import Candidate, Skipped, discover
from .types import FileResult

PARALLEL_FROM = 200  # files; below this a pool costs more than it saves (see bench/)


def run(
    paths: list[Path], options: RunOptions, *, jobs: int = 0, cache: ScanCache | None = None
) -> Iterator[FileResult]:
    todo: list[Candidate] = []
    for item in discover(paths, options.config):
        if isinstance(item, Skipped):
            yield skipped_result(item)
            continue
        record = cache.lookup(item.path) if cache is not None else None
        if record is not None:
            result = judge_record(display_path(item.path), item.path, record, options)
            if not (options.fix and any(d.replacement for d in result.diagnostics)):
                yield result
                continue
        todo.append(item)
    for candidate, (result, record, digest) in zip(
        todo, _check_all(todo, options, jobs), strict=True
    ):
        if cache is not None and record is not None and result.fixed_text is None:
            cache.store(candidate.path, record, digest)
        yield result
    if cache is not None:
        cache.save()


def workers_for(jobs: int, files: int) -> int:
    if jobs == 1 or files < 2:
        return 1
    if jobs > 1:
        return min(jobs, files)
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (available or 1) if files >= PARALLEL_FROM else 1


def _check_all(
    todo: list[Candidate], options: RunOptions, jobs: int
) -> Iterable[tuple[FileResult, ScanRecord | None, int]]:
    workers = workers_for(jobs, len(todo))
    if workers == 1:
        return map(_check, todo, [options] * len(todo))
    chunk = max(1, min(64, len(todo) // (workers * 8)))
    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(options,))
    return _drain(pool, pool.map(_check_in_worker, todo, chunksize=chunk))


def _drain(
    pool: ProcessPoolExecutor, results: Iterator[tuple[FileResult, ScanRecord | None, int]]
) -> Iterator[tuple[FileResult, ScanRecord | None, int]]:
    with pool:
        yield from results


def _check(candidate: Candidate, options: RunOptions) -> tuple[FileResult, ScanRecord | None, int]:
    return check_file_recording(candidate, options)


# Each worker process receives the options once, at start-up, instead of with every file.
_worker_options: RunOptions | None = None


def _start_worker(options: RunOptions) -> None:
    global _worker_options
    _worker_options = options
    _end_with_parent()


def _end_with_parent() -> None:
    """A killed parent must not leave workers behind: they block on the task queue forever
    (their siblings keep it open). Linux ends them at once; elsewhere a thread watches."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM) == 0 and os.getppid() == parent:
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


_PR_SET_PDEATHSIG = 1


def _check_in_worker(candidate: Candidate) -> tuple[FileResult, ScanRecord | None, int]:
    assert _worker_options is not None
    return check_file_recording(candidate, _worker_options)
