"""A whole run: discover the files, serve what the cache knows, check the rest in-process or,
for large runs, on several cores (``parallel``); results come out one file at a time, in the
order discovery found them.

A file with nothing to report is carried as None (most files hold no id) and rebuilt here.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..check import lookup_tables
from ..check.engine import check_file_recording, skipped_result
from ..check.judging import judge_record
from ..check.options import PYTHON_SUFFIXES, RunOptions, ScanRecord
from ..check.roles import file_syntax, refused, why_unfixable
from ..repo.candidate import Candidate, Skipped
from ..repo.configs import Configs
from ..types import FileResult, Role
from .files import answer_searches, discover
from .git_grep import cores, each_once

if TYPE_CHECKING:
    from .cache import ScanCache

PARALLEL_FROM = 200  # files; below this forking costs more than it saves (see bench/)
HOLDING_WEIGHT = 20  # a file known to hold 'claude' is scanned, not only read: it counts more
# files a warm run's cache knows, from which git's index answers which to check (git_index)
# rather than a walk: below, the walk of a small tree costs less than git's subprocesses
# (lead-llm-anthropic, 33 files: 0.93 s walking, 0.98 s from the index; pydantic-ai, 2,552
# files: 4.24 s walking, 3.39 s from the index; medians, interleaved, a loaded machine)
INDEX_FROM = 300
FORK_AFTER = 0.1  # seconds of checking in one process after which a light-looking run forks

# (result or None when there is nothing to report, scan record and checksum to cache, whether
# the result's verdicts are new and worth caching)
_Packed = tuple[Any, ...]  # (path, explicit, shown, absolute[, config source])
_Checked = tuple[FileResult | None, ScanRecord | None, int, bool, str | None]


def run(
    paths: list[Path], options: RunOptions, *, jobs: int = 0, cache: ScanCache | None = None,
    force_exclude: bool = False,
) -> Iterator[FileResult]:  # fmt: skip
    ready: deque[FileResult] = deque()  # files passed over while walking
    configs = options.configs or Configs(fixed=options.config)

    # git grep reads every byte of the tree; a warm cache answers from git's index (git_index)
    # which files to check and which are unchanged, or else (no work tree) walks and stats
    use_git = cache is None or not cache.entries
    names_for = None
    if not use_git and cache is not None:  # the tables, searched now, for the workers to inherit
        directories = [str(p) for p in paths if os.path.isdir(p)]
        if len(cache.entries) + len(cache.blobs.quiet) >= INDEX_FROM:
            names_for = _from_index(directories, cache)
        lookup_tables.prefetch_repositories(directories, cache.holding())

    def to_check() -> Iterator[Candidate]:
        for item in discover(
            paths, configs, force_exclude=force_exclude, use_git=use_git, names_for=names_for
        ):
            if isinstance(item, Skipped):
                ready.append(skipped_result(item))
                continue
            yield item

    def pack(candidate: Candidate) -> _Packed:
        """Most files carry the run's own config: nothing to send. A worker forked before a
        nested config was met loads it itself, once, by its path."""
        config = candidate.config
        if config is None or config is options.config:
            return candidate.text, candidate.explicit, candidate.shown, candidate.absolute
        source = None if config.source is None else str(config.source)
        return candidate.text, candidate.explicit, candidate.shown, candidate.absolute, source

    def unpack(packed: _Packed) -> Candidate:
        if len(packed) == 4:
            return Candidate(*packed, config=options.config)
        text, explicit, shown, absolute, source = packed
        return Candidate(text, explicit, shown, absolute, configs.load(source))

    def check(candidate: Candidate) -> _Checked:
        """Judged from the cache when the file is unchanged, else read and scanned. Both run in
        the workers: on a warm run, judging is most of the work. (A hit whose mtime alone moved
        is not written back from a worker; the next run compares the checksum again.)"""
        record = cache.lookup(candidate) if cache is not None else None
        if cache is not None and record is not None:
            kept = cache.judged(candidate, record)  # (never kept for a test naming a model)
            if kept is None:
                result = judge_record(
                    candidate.shown, candidate.text, record, options, candidate.config
                )
            else:
                result = FileResult(candidate.shown, kept, record.notes, checked=record.checked)
            if not (options.fix and any(d.fixable for d in result.diagnostics)):
                why, _ = unfixable(candidate, result, record)  # (a hit's record is kept)
                fresh = kept is None and not _judged_with_other_files(candidate, result)
                return _compact((result, None, 0), keep_record=False, new_verdicts=fresh, why=why)
        result, record, digest = check_file_recording(candidate, options, digest=cache is not None)
        why, record = unfixable(candidate, result, record)
        return _compact(
            (result, record, digest), keep_record=cache is not None,
            new_verdicts=not _judged_with_other_files(candidate, result), why=why,
        )  # fmt: skip

    def unfixable(
        candidate: Candidate, result: FileResult, record: ScanRecord | None
    ) -> tuple[str | None, ScanRecord | None]:
        """Why --fix would refuse the file, and its record with what the whole-module parse
        said (parsed here only if the scan did not, then kept). In the worker, where the parse
        runs in parallel; a fix run says itself what it could not fix."""
        if options.fix or not result.diagnostics:  # (most files: nothing to refuse)
            return None, record
        if os.path.splitext(candidate.text)[1].lower() not in PYTHON_SUFFIXES:
            return why_unfixable(result, candidate.text), record
        known = record.syntax if record is not None else None

        def syntax() -> str:
            nonlocal known
            if known is None:
                known = file_syntax(candidate.text)
            return known

        why = why_unfixable(result, candidate.text, syntax)
        if record is not None and record.syntax is None and known is not None:
            record = dataclasses.replace(record, syntax=known)
        return why, record

    def forked(items: Iterator[Candidate], workers: int) -> Iterator[tuple[Candidate, Any]]:
        from .parallel import check_all

        answer_searches()  # then the tables of every repository are searched, and
        lookup_tables.settle()  # a worker inherits the answers (it never reads our pipes)
        return check_all(
            items, check, workers,
            keep=_worth_sending, pack=pack, unpack=unpack, writes=options.write,
        )  # fmt: skip

    def in_process_then_forked(items: Iterator[Candidate]) -> Iterator[tuple[Candidate, Any]]:
        """Few files may still be heavy (a hundred test modules of 40 KB with hundreds of ids
        each took 2 s on one core): past FORK_AFTER seconds, the rest goes to the cores. The
        workers forked then inherit the modules and data the first files loaded."""
        started = time.perf_counter()
        done = 0
        for candidate in items:
            yield candidate, check(candidate)
            done += 1
            if time.perf_counter() - started > FORK_AFTER:
                break
        left = len(head) - done  # (the head held every file: the run weighed too little)
        if left >= 2:
            yield from forked(items, min(cores(), left))
        else:
            yield from ((candidate, check(candidate)) for candidate in items)

    candidates = to_check()
    head = _head(candidates)  # enough to choose: fork or not
    workers = workers_for(jobs, len(head), sum(HOLDING_WEIGHT if c.holds else 1 for c in head))
    everything = itertools.chain(head, candidates)
    checked: Iterator[tuple[Candidate, _Checked | None]]
    if workers > 1:
        checked = forked(everything, workers)
    elif jobs == 0 and len(head) > 1 and cores() > 1 and hasattr(os, "fork"):
        checked = in_process_then_forked(everything)
    else:
        checked = ((candidate, check(candidate)) for candidate in everything)
    for candidate, outcome in checked:
        yield from _drain(ready)
        result, record, digest, new_verdicts, why = outcome or (None, None, 0, False, None)
        if result is None:
            result = FileResult(candidate.shown)
        if cache is not None and result.fixed_text is None:
            if record is not None:
                cache.store(candidate, record, digest)
            if new_verdicts and result.diagnostics:
                cache.store_verdicts(candidate, result.diagnostics)
        if why is not None:  # after the verdicts are kept: a chmod needs no re-judging
            result = refused(result, why)
        yield result
    yield from _drain(ready)
    if cache is not None:
        cache.save()


def _from_index(directories: list[str], cache: ScanCache) -> Callable[[str], list[str] | None]:
    """Each directory's names from git's index and the cache, all read before any worker forks
    (the workers inherit what the index vouches for); None for a directory the walk takes."""
    from .git_index import index_names

    known = {os.path.abspath(d): index_names(d, cache.blobs) for d in each_once(directories)}
    cache.vouch_for_clean()  # here, not in a worker, so that the next run trusts them
    return lambda text: known.get(os.path.abspath(text))


def _drain(ready: deque[FileResult]) -> Iterator[FileResult]:
    while ready:
        yield ready.popleft()


def _judged_with_other_files(candidate: Candidate, result: FileResult) -> bool:
    """A test's use of a model is judged with the repository's tables (``lookup_tables``):
    its verdicts are not kept, since another file's edit can change them."""
    if not result.diagnostics:  # most files
        return False
    uses = any(d.role is Role.USE for d in result.diagnostics)
    return uses and lookup_tables.is_test_module(candidate.text)


def _head(candidates: Iterator[Candidate]) -> list[Candidate]:
    """The first candidates, until they weigh PARALLEL_FROM: a run whose files git grep found
    forks after a few of them, not after waiting for the searches of every directory."""
    head: list[Candidate] = []
    weight = 0
    for candidate in candidates:
        head.append(candidate)
        weight += HOLDING_WEIGHT if candidate.holds else 1
        if weight >= PARALLEL_FROM:
            break
    return head


def workers_for(jobs: int, files: int, weight: int | None = None) -> int:
    """Processes for ``files`` files of ``weight`` (counted up to PARALLEL_FROM): never more than
    the files or the cores, whatever --jobs asks (--jobs 300 for 2 files once forked 299)."""
    if jobs == 1 or files < 2 or not hasattr(os, "fork"):
        return 1
    available = cores()
    if jobs > 1:
        return max(1, min(jobs, files, available))
    heavy = (files if weight is None else weight) >= PARALLEL_FROM
    return min(available, files) if heavy else 1


def _compact(
    checked: tuple[FileResult, ScanRecord | None, int], *, keep_record: bool, new_verdicts: bool,
    why: str | None,
) -> _Checked:  # fmt: skip
    """A file with nothing to report becomes None: the parent rebuilds that trivial result.
    ``why``: why --fix would refuse the file, applied in the parent after caching."""
    result, record, digest = checked
    record = record if keep_record else None
    if result.checked and not (result.diagnostics or result.notes or result.error):
        return None, record, digest, False, None
    return result, record, digest, new_verdicts, why


def _worth_sending(checked: _Checked) -> bool:
    return checked[0] is not None or checked[1] is not None
