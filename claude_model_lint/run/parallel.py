"""Checking files on several cores while discovery is still walking the tree.

Workers are forked at once; the parent walks, packs each run of files into one fixed-size
record (``PIPE_BUF`` bytes, which a pipe writes and reads whole) and drops it into a pipe that
every worker reads from. When the pipe is full the parent checks that run itself, and once the
walk ends it drains the pipe with them, so no core waits for another. Each worker writes what
it found to a temp file of its own; the parent yields everything in discovery order.

A process pool cost more CPU (its parent's threads, pickled results of every file) than the
second core gave back. A worker that dies leaves its runs unreported: the parent checks them.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import select
import struct
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

RECORD = select.PIPE_BUF  # 4096 on Linux, 512 at least: a write this size is never split
_HEADER = struct.Struct("<I")  # the payload's length; zeros pad the rest of the record


def check_all(
    items: Iterable[Item],
    check: Callable[[Item], Outcome],
    workers: int,
    *,
    chunk: int = 16,
    keep: Callable[[Outcome], bool] = lambda _: True,
    pack: Callable[[Item], Any] = lambda item: item,
    unpack: Callable[[Any], Item] = lambda packed: packed,
    writes: bool = False,
) -> Iterator[tuple[Item, Outcome | None]]:
    """Each item with its outcome, in the order given; None for an outcome ``keep`` declined
    (most files hold nothing worth sending back). ``pack`` makes an item small to send.
    ``writes``: checking an item may write a file (--fix), so a worker must end with its parent."""
    run = _Run(check, keep, unpack, writes, parent=os.getpid())  # (read before forking: a
    read_end, write_end = os.pipe()  # worker that reads it after its parent died gets init's)
    sys.stdout.flush()
    sys.stderr.flush()
    everything: list[Item] = []
    sent: dict[int, int] = {}  # first index -> items, of every run a worker may have taken
    with contextlib.ExitStack() as stack:
        children = []
        for _ in range(workers - 1):
            output = stack.enter_context(tempfile.TemporaryFile())
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                os.close(write_end)
                run.serve(read_end, output)
            children.append((pid, output))
        os.set_blocking(write_end, False)
        walk = iter(items)
        for batch in iter(lambda: list(itertools.islice(walk, chunk)), []):
            start = len(everything)
            everything.extend(batch)
            for first, count, record in _records(start, [pack(item) for item in batch]):
                try:
                    if len(record) > RECORD:
                        raise BlockingIOError  # one huge path: never split a write
                    os.write(write_end, record)
                    sent[first] = count
                except BlockingIOError:  # the workers are busy: check this run here
                    run.check_run(first, everything[first : first + count])
        os.close(write_end)
        while raw := os.read(read_end, RECORD):  # what the workers have not taken yet
            del sent[run.take(raw)]
        os.close(read_end)
        for pid, output in children:
            os.waitpid(pid, 0)
            for first in run.read_back(output):
                del sent[first]
    for first, count in sent.items():  # taken by a worker that died before it reported
        run.check_run(first, everything[first : first + count])
    for i, item in enumerate(everything):
        yield item, run.results.pop(i, None)


def _records(start: int, packed: list[Any]) -> Iterator[tuple[int, int, bytes]]:
    """(first index, items, record) for one run, halved until each record fits in RECORD
    bytes; a single item too big for one comes back longer, to be checked where it is."""
    payload = pickle.dumps((start, packed), pickle.HIGHEST_PROTOCOL)
    if _HEADER.size + len(payload) <= RECORD or len(packed) == 1:
        record = _HEADER.pack(len(payload)) + payload.ljust(RECORD - _HEADER.size, b"\0")
        yield start, len(packed), record
        return
    half = len(packed) // 2
    yield from _records(start, packed[:half])
    yield from _records(start + half, packed[half:])


class _Run:
    """What every process does with a run of items: check each, keep the outcomes worth it."""

    def __init__(
        self,
        check: Callable[[Any], Any],
        keep: Callable[[Any], bool],
        unpack: Callable[[Any], Any],
        writes: bool = False,
        parent: int = 0,
    ) -> None:
        self.writes = writes
        self.parent = parent
        self.serving = False  # in a worker: it stops before its next item once the parent is gone
        self.check = check
        self.keep = keep
        self.unpack = unpack
        self.results: dict[int, Any] = {}

    def check_run(self, start: int, items: Iterable[Any]) -> None:
        for i, item in enumerate(items, start):
            if self.serving and os.getppid() != self.parent:  # pragma: no cover - in the child
                os._exit(1)  # orphaned: nobody reads what it finds (a syscall a file)
            outcome = self.check(item)
            if self.keep(outcome):
                self.results[i] = outcome

    def take(self, record: bytes) -> int:
        """Check the items of a record from the pipe; return the index of its first one."""
        (length,) = _HEADER.unpack_from(record)
        start, packed = pickle.loads(record[_HEADER.size : _HEADER.size + length])
        self.check_run(start, map(self.unpack, packed))
        return int(start)

    def serve(self, read_end: int, output: IO[bytes]) -> None:  # pragma: no cover - in the child
        status = 1
        self.serving = True
        try:
            if self.writes:
                _end_with_parent(self.parent)
            while raw := os.read(read_end, RECORD):  # (check_run looks for its parent)
                start = self.take(raw)
                pickle.dump((start, self.results), output, pickle.HIGHEST_PROTOCOL)
                self.results = {}
            output.flush()
            status = 0
        finally:
            os._exit(status)  # never return into the parent's code, never flush its buffers

    def read_back(self, output: IO[bytes]) -> Iterator[int]:
        """Merge a worker's reports, yielding the first index of every run it reported."""
        output.seek(0)
        while True:
            try:
                start, kept = pickle.load(output)
            except (EOFError, pickle.UnpicklingError):  # the end, or a worker cut short
                return
            self.results.update(kept)
            yield start


def _end_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child
    """A killed parent must not leave workers fixing files: Linux ends them at once; elsewhere
    a thread watches for the parent to go. (Importing ctypes costs a worker 12-17 ms, so a run
    that only reads does without: its orphaned worker stops before its next file.)"""
    import ctypes
    import ctypes.util
    import signal

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
