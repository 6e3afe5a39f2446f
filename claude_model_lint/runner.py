"""A whole run: discover the files, serve what the cache knows, check the rest in-process or,
for large runs, over a pool of processes; results stream out one file at a time.

With a pool, discovery feeds the workers as it walks, and a file with nothing to report
comes back as None (most files hold no id): pickling 20,000 empty results cost more than the
second core gave.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # the pool's modules load only when a run is large enough for a pool
    from concurrent.futures import Future, ProcessPoolExecutor

PARALLEL_FROM = 200  # files; below this a pool costs more than it saves (see bench/)
CHUNK = 64  # files a worker takes at a time

_Checked = tuple[FileResult | None, ScanRecord | None, int]  # None: nothing to report


def run(
    paths: list[Path], options: RunOptions, *, jobs: int = 0, cache: ScanCache | None = None
) -> Iterator[FileResult]:
    ready: deque[FileResult] = deque()  # cache hits and skips met while walking

    def to_check() -> Iterator[Candidate]:
        for item in discover(paths, options.config):
            if isinstance(item, Skipped):
                ready.append(skipped_result(item))
                continue
            record = cache.lookup(item.path) if cache is not None else None
            if record is not None:
                result = judge_record(display_path(item.path), item.path, record, options)
                if not (options.fix and any(d.fixable for d in result.diagnostics)):
                    ready.append(result)
                    continue
            yield item

    candidates = to_check()
    head = list(itertools.islice(candidates, PARALLEL_FROM))  # enough to choose: pool or not
    workers = workers_for(jobs, len(head))
    checked = _check_all(itertools.chain(head, candidates), options, workers)
    for candidate, (result, record, digest) in checked:
        yield from _drain(ready)
        if result is None:
            result = FileResult(display_path(candidate.path))
        if cache is not None and record is not None and result.fixed_text is None:
            cache.store(candidate.path, record, digest)
        yield result
    yield from _drain(ready)
    if cache is not None:
        cache.save()


def _drain(ready: deque[FileResult]) -> Iterator[FileResult]:
    while ready:
        yield ready.popleft()


def workers_for(jobs: int, files: int) -> int:
    if jobs == 1 or files < 2:
        return 1
    if jobs > 1:
        return jobs
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (available or 1) if files >= PARALLEL_FROM else 1


def _check_all(
    candidates: Iterator[Candidate], options: RunOptions, workers: int
) -> Iterator[tuple[Candidate, _Checked]]:
    if workers == 1:
        for candidate in candidates:
            yield candidate, _compact(check_file_recording(candidate, options))
        return
    from concurrent.futures import ProcessPoolExecutor

    chunks = iter(lambda: list(itertools.islice(candidates, CHUNK)), [])
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(options,)) as pool:
        for chunk, future in _submitted(pool, chunks, limit=4 * workers):
            yield from zip(chunk, future.result(), strict=True)


def _submitted(
    pool: ProcessPoolExecutor, chunks: Iterable[list[Candidate]], limit: int
) -> Iterator[tuple[list[Candidate], Future[list[_Checked]]]]:
    """Submit while discovery walks, keeping at most ``limit`` chunks in flight."""
    in_flight: list[tuple[list[Candidate], Future[list[_Checked]]]] = []
    for chunk in chunks:
        in_flight.append((chunk, pool.submit(_check_chunk, chunk)))
        while len(in_flight) > limit:
            yield in_flight.pop(0)
    yield from in_flight


def _compact(checked: tuple[FileResult, ScanRecord | None, int]) -> _Checked:
    result, record, digest = checked
    if result.checked and not (result.diagnostics or result.notes or result.error):
        return None, record, digest  # the parent rebuilds this trivial result
    return result, record, digest


# Each worker process receives the options once, at start-up, instead of with every file.
_worker_options: RunOptions | None = None


def _start_worker(options: RunOptions) -> None:
    global _worker_options
    _worker_options = options
    _end_with_parent()


def _check_chunk(chunk: list[Candidate]) -> list[_Checked]:
    assert _worker_options is not None
    return [_compact(check_file_recording(c, _worker_options)) for c in chunk]


def _end_with_parent() -> None:
    """A killed parent must not leave workers behind: they block on the task queue forever
    (their siblings keep it open). Linux ends them at once; elsewhere a thread watches."""
    import ctypes
    import ctypes.util
    import signal

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM) == 0 and os.getppid() == parent:
            return
    except (OSError, AttributeError):
        pass

    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


_PR_SET_PDEATHSIG = 1
