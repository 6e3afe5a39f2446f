"""One file in, one FileResult out: read, decode, scan, then judge, suppress, fix.

Scanning (what the cache keeps) needs no registry and no date; judging is redone on every run,
so a new --as-of needs no re-scan. This is the only place per-file errors are caught, so that
one bad file never stops the run. Nothing here prints or exits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..blake2 import blake2b
from ..config import Config
from ..repo.candidate import Candidate, Skipped, display_path
from ..repo.reading import NOT_REGULAR, WIDE_STARTS, read_bytes, sniff
from ..types import Diagnostic, FileResult
from .budget import Budget, FileTimeout
from .judging import judge_record
from .options import NOTHING_FOUND, PYTHON_SUFFIXES, RunOptions, ScanRecord

if TYPE_CHECKING:  # the rest loads when a file holds 'claude': a run over files without one
    # (a pre-commit hook's usual case) never imports the registry, the rules or a scanner
    from ..decoding import Decoded
    from ..scanners import Scan
    from ..scanners.calls import CallSite

JS_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx"})
# notebooks, and config files whose mappings may be requests
DATA_REQUESTS = frozenset({".ipynb", ".yaml", ".yml", ".toml", ".json"})


class Unreadable(Exception):
    """The file could not be read (not merely passed over): the run fails, exit 2."""

    def __init__(self, skipped: Skipped) -> None:
        super().__init__(skipped.reason)
        self.skipped = skipped


def skipped_result(item: Skipped) -> FileResult:
    if item.error:
        return FileResult(display_path(item.path), checked=False, error=item.reason)
    return FileResult(display_path(item.path), notes=(item.reason,), checked=False)


def checksum(data: bytes) -> int:
    """The cache's content hash: BLAKE2, so that no crafted file can match another's entry."""
    return int.from_bytes(blake2b(data, digest_size=16).digest(), "big")


def check_file(candidate: Candidate, options: RunOptions) -> FileResult:
    return check_file_recording(candidate, options)[0]


def check_file_recording(
    candidate: Candidate, options: RunOptions, *, digest: bool = True
) -> tuple[FileResult, ScanRecord | None, int]:
    """The result, the scan record to cache (None if the file could not be checked), and the
    checksum the cache keys it by (0 unless ``digest``)."""
    shown = candidate.shown
    config = candidate.config or options.config
    budget = Budget(config.file_timeout)
    try:
        try:  # the budget covers finding and judging; never a fix being written
            result, record, data, decoded = _judged(candidate, options, config, budget)
        finally:
            budget.stop()
        if options.fix and data is not None and decoded is not None:
            result = _fix(candidate.path, result, data, decoded, options, candidate.data is None)
            if options.write and result.fixed_text is not None:  # judge what was written
                result = result._replace(rejudged=_rejudged(candidate, options, config))
        return result, record, checksum(data) if digest and data is not None else 0
    except FileTimeout:  # checkable but not checked: the run fails (exit 2), never all-clear
        return FileResult(shown, checked=False, error=budget.note()), None, 0
    except Unreadable as exc:
        return skipped_result(exc.skipped), None, 0
    except Exception as exc:  # the run goes on; the file is reported, exit 2 at the end
        if _caused_by_interrupt(exc):  # Ctrl-C inside an import ('Error calling __set_name__')
            raise KeyboardInterrupt from None
        return FileResult(shown, error=f"internal error: {type(exc).__name__}: {exc}"), None, 0


def _caused_by_interrupt(exc: BaseException) -> bool:
    """Python wraps a KeyboardInterrupt raised during class creation in a RuntimeError: it is
    still the user's Ctrl-C, never a file's internal error."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _judged(
    candidate: Candidate, options: RunOptions, config: Config, budget: Budget | None
) -> tuple[FileResult, ScanRecord, bytes | None, Decoded | None]:
    record, data, decoded = scan_file(
        candidate, config, lambda keys: options.parameters(config, keys), budget
    )
    result = judge_record(candidate.shown, candidate.text, record, options, config)
    if decoded is not None and result.diagnostics:  # registry data is never fixed
        from .overlay_guard import unfixed_in_overlays

        overlays = (*config.registry, *options.config.registry)
        result = unfixed_in_overlays(candidate.path, result, decoded.text, overlays)
    return result, record, data, decoded


def _rejudged(
    candidate: Candidate, options: RunOptions, config: Config
) -> tuple[Diagnostic, ...] | None:
    """What a plain run will say of the file --fix wrote (as ruff does): what remains, and any
    request the fix changed that its new model still rejects. None for standard input."""
    if candidate.data is not None:
        return None
    again = _judged(candidate, options, config, None)[0]
    return tuple(d._replace(fixable=False) for d in again.diagnostics)


def scan_file(
    candidate: Candidate, config: Config,
    parameters: Callable[[Iterable[str]], frozenset[str]] = lambda keys: frozenset(),
    budget: Budget | None = None,
) -> tuple[ScanRecord, bytes | None, Decoded | None]:  # fmt: skip
    """What ``candidate`` holds; ``parameters`` is asked only of a Python or JS/TS file with an id;
    ``budget`` starts once the file holds 'claude'."""
    if candidate.data is None:
        data = read_bytes(candidate.text, config.max_file_size)
    else:  # standard input
        data = sniff(candidate.shown, candidate.data, config.max_file_size)
    if isinstance(data, Skipped):
        if data.error or (candidate.explicit and data.reason == NOT_REGULAR):
            raise Unreadable(data._replace(error=True))  # (a FIFO or a device named: unchecked)
        return ScanRecord(notes=(data.reason,), checked=False), None, None  # said, walked or named
    # no id without 'claude': a read and one byte search, nothing more (UTF-16/32 aside). The
    # search is for 'claud' first: CPython's search tests the needle's last byte first, and 'd'
    # is rarer in text than 'e' (1.1-1.2x the throughput on code, notebooks and the bench's files)
    if (b"claud" not in data or b"claude" not in data) and data[:2] not in WIDE_STARTS:
        return NOTHING_FOUND, data, None
    if budget is not None:
        budget.start()
    from ..decoding import decode
    from ..scanners import LineIndex
    from ..scanners.python_calls import calls_in, wants_tree
    from ..scanners.python_syntax import parse_module
    from ..suppressions import skips_file

    path = candidate.path
    is_python = path.suffix.lower() in PYTHON_SUFFIXES
    decoded = decode(data, python=is_python)
    if decoded.bom and "claude" not in decoded.text:  # UTF-16/32 without an id
        return NOTHING_FOUND, data, None
    notes = [decoded.note] if decoded.note else []
    text = decoded.text
    comments = None  # Python's pragmas are its comments; other formats', their words anywhere
    if is_python:
        from .python_pragmas import pragma_comments

        comments = pragma_comments(text)
    if skips_file("\n".join(comments.values()) if comments is not None else text):
        return ScanRecord(notes=tuple(notes)), data, decoded
    scan = _scan(path, text, is_python, config.check_comments)
    notes.extend(scan.notes)
    suffix = path.suffix.lower()
    javascript = suffix in JS_SUFFIXES
    elsewhere = suffix in DATA_REQUESTS  # notebooks and config files: their requests
    names = (
        parameters(o.found.key for o in scan.occurrences)
        if is_python or javascript or elsewhere or scan.examples
        else frozenset()
    )
    calls: tuple[CallSite, ...] = ()
    syntax = None
    if is_python and names and wants_tree(text, names):
        tree, syntax = parse_module(text)  # kept: an honest [*] needs the same answer
        calls = tuple(calls_in(text, tree, names, scan.index)) if tree is not None else ()
    elif javascript and names:
        from ..scanners.js_calls import find_js_calls  # (6 ms of imports: only for JS or TS)

        calls = tuple(find_js_calls(text, names, scan.index))
    elif elsewhere and scan.occurrences:
        from ..scanners.requests import data_requests

        scan, calls = data_requests(suffix, text, scan, names)
    if scan.examples and names:  # a document's or docstring's code examples: requests too
        from ..scanners import LineIndex as _Index
        from ..scanners.example_requests import example_requests

        index = scan.index or _Index(text)
        found = example_requests(text, scan.examples, scan.occurrences, names, index)
        calls = (*calls, *found)
    lines: dict[int, str] = {}
    if scan.occurrences or calls:
        index = scan.index or LineIndex(text)
        wanted = {n for o in scan.occurrences for n in (o.line, o.end_line)}
        wanted |= set(scan.extra_lines.values())
        wanted |= {n for call in calls for u in call.parameters for n in (u.line, u.end_line)}
        lines = {n: index.line_text(n) for n in sorted(wanted)}
    pragmas = None if comments is None else {n: c for n, c in comments.items() if n in lines}
    record = ScanRecord(
        tuple(notes), True, tuple(scan.occurrences), scan.extra_lines, lines, calls, syntax,
        pragmas,
    )  # fmt: skip
    return record, data, decoded


def _scan(path: Path, text: str, is_python: bool, check_comments: bool) -> Scan:
    from ..scanners import Scan
    from ..scanners.notebook import NotebookError, scan_notebook
    from ..scanners.python import scan_python
    from ..scanners.text import PLAIN, format_for, scan_text

    if is_python:
        return scan_python(text, check_comments=check_comments)
    if path.suffix.lower() == ".ipynb":
        try:
            return scan_notebook(text, check_comments=check_comments)
        except NotebookError as exc:
            scan = scan_text(text, PLAIN, check_comments=True)
            return Scan(scan.occurrences, [f"{exc}; scanned as plain text"])
    return scan_text(text, format_for(path), check_comments=check_comments)


def _still_json(text: str) -> None:
    from .fixes import FixRefused

    try:
        json.loads(text)
    except ValueError as exc:
        raise FixRefused(f"the fixed notebook would not be valid JSON ({exc})") from None


def _fix(
    path: Path, result: FileResult, data: bytes, decoded: Decoded, options: RunOptions,
    on_disk: bool = True,
) -> FileResult:  # fmt: skip
    from .fixes import FixRefused, apply_edits, argument_span, fix_python
    from .writer import WriteRefused, writable, write_atomic

    text = decoded.text
    edits = [
        (d.start, d.end, d.replacement) for d in result.diagnostics if d.fixable and d.replacement
    ]
    changes = [  # CML007 and a migration's parameter changes: --unsafe-fixes only
        *((d.start, d.end, d.edit) for d in result.diagnostics
          if d.fixable and d.code == "CML007" and d.edit is not None),
        *(edit for d in result.diagnostics if d.fixable and d.replacement for edit in d.companions),
    ]  # fmt: skip
    notebook = path.suffix.lower() == ".ipynb"
    unsafe = [  # '' removes the argument or the entry, with its comma or its line; in a
        # notebook a new value is written inside a JSON string, escaped
        (*argument_span(text, start, end), "") if new == ""
        else (start, end, json.dumps(new, ensure_ascii=False)[1:-1] if notebook else new)
        for start, end, new in changes
    ]  # fmt: skip
    if not edits and not unsafe:
        return result
    try:
        is_python = path.suffix.lower() in PYTHON_SUFFIXES
        fixed = fix_python(text, edits, unsafe) if is_python else apply_edits(text, edits + unsafe)
        if notebook and unsafe:
            _still_json(fixed)
        if options.write:
            write_atomic(path, data, decoded.encode(fixed))
        elif on_disk and not writable(path):  # --diff shows what --fix would write
            raise WriteRefused("read-only")
    except (FixRefused, WriteRefused) as exc:
        from .roles import refused

        return refused(result, str(exc))._replace(notes=(*result.notes, f"not fixed: {exc}"))
    return FileResult(
        result.path, result.diagnostics, result.notes,
        fixed_text=fixed, original_text=text, fixed_count=len(set(edits)),
        removed_count=len(set(unsafe)),
    )  # fmt: skip
