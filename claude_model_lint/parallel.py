"""Checking a list of files on several cores: forked workers and the parent take chunks of it
from one pipe until it is empty; each worker writes what it found to a file of its own.

Forking after discovery means the files to check are never sent to a worker, and the parent
works too, so ``--jobs 2`` is two busy processes, not three. A process pool cost more CPU in
sending paths and results, and in its parent's threads, than the second core gave back.
A worker that dies leaves its chunks unreported, and the parent checks them itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterator
from typing import IO, TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

MAX_CHUNKS = 1024  # chunk numbers are 4 bytes each: all of them fit in any pipe at once


def check_all(
    items: list[Item],
    check: Callable[[Item], Outcome],
    workers: int,
    *,
    chunk: int = 16,
    keep: Callable[[Outcome], bool] = lambda _: True,
) -> Iterator[tuple[Item, Outcome | None]]:
    """Each item with its outcome, in the order given; None for an outcome ``keep`` declined
    (most files hold nothing worth sending back)."""
    chunk = max(chunk, -(-len(items) // MAX_CHUNKS))
    chunks = -(-len(items) // chunk)
    read_end, write_end = os.pipe()
    os.write(write_end, array("I", range(chunks)).tobytes())
    os.close(write_end)  # an empty pipe now reads as the end: nothing left to take
    sys.stdout.flush()
    sys.stderr.flush()
    results: dict[int, Outcome] = {}
    done: set[int] = set()
    with contextlib.ExitStack() as stack:
        children = []
        for _ in range(workers - 1):
            output = stack.enter_context(tempfile.TemporaryFile())
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                _child(read_end, items, check, chunk, keep, output)
            children.append((pid, output))
        for number, kept in _take(read_end, items, check, chunk, keep):
            results.update(kept)
            done.add(number)
        os.close(read_end)
        for pid, output in children:
            os.waitpid(pid, 0)
            for number, kept in _read_back(output):
                results.update(kept)
                done.add(number)
    for number in set(range(chunks)) - done:  # a worker died before reporting these
        for i in range(number * chunk, min(len(items), (number + 1) * chunk)):
            outcome = check(items[i])
            if keep(outcome):
                results[i] = outcome
    for i, item in enumerate(items):
        yield item, results.pop(i, None)


def _take(
    read_end: int,
    items: list[Item],
    check: Callable[[Item], Outcome],
    chunk: int,
    keep: Callable[[Outcome], bool],
) -> Iterator[tuple[int, dict[int, Outcome]]]:
    """Chunk after chunk from the shared pipe: a 4-byte read is never split between readers."""
    while len(raw := os.read(read_end, 4)) == 4:
        number = array("I", raw)[0]
        kept = {}
        for i in range(number * chunk, min(len(items), (number + 1) * chunk)):
            outcome = check(items[i])
            if keep(outcome):
                kept[i] = outcome
        yield number, kept


def _child(
    read_end: int,
    items: list[Item],
    check: Callable[[Item], Outcome],
    chunk: int,
    keep: Callable[[Outcome], bool],
    output: IO[bytes],
) -> None:  # pragma: no cover - runs in the child
    status = 1
    try:
        _end_with_parent()
        for report in _take(read_end, items, check, chunk, keep):
            pickle.dump(report, output, pickle.HIGHEST_PROTOCOL)
        output.flush()
        status = 0
    finally:
        os._exit(status)  # never return into the parent's code, never flush its buffers


def _read_back(output: IO[bytes]) -> Iterator[tuple[int, dict[int, Outcome]]]:
    output.seek(0)
    while True:
        try:
            yield pickle.load(output)
        except (EOFError, pickle.UnpicklingError):  # the end, or a worker cut short
            return


def _end_with_parent() -> None:  # pragma: no cover - runs in the child
    """A killed parent must not leave workers behind (they would go on fixing files): Linux
    ends them at once; elsewhere a thread watches for the parent to go."""
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
