"""The scan cache, like ruff's: per file, what scanning found (id spans, not verdicts), so a new
--as-of or registry needs no re-scan. An entry is used when the file's size and stat stamp
(mtime, ctime, inode: as git's index, since an edit can put the mtime back) match, or when only
its stamp moved and its content hash (BLAKE2) still matches (a checkout, a touch).

JSON, never pickle, and never a file git tracks (see cache_place): a cache must run no code and
can hide findings, so only the user's own is read.
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..blake2 import blake2b
from ..check.engine import checksum
from ..check.options import NOTHING_FOUND, ScanRecord
from ..config import Config
from ..repo.candidate import Candidate
from ..safe_read import MB, NotReadable, read_regular
from ..scanners.calls import CallSite, ParameterUse
from ..types import Diagnostic, FoundId, Occurrence, Role, Severity
from .cache_place import CACHE_FILES, cache_secret, claim, owned, tracked_by_git
from .git_index import Blobs

FORMAT = 18  # 5: Bedrock keys without "anthropic." or with "%3A"; 6: per-config settings;
# 7: BLAKE2; 8: CML007 parameter values and fixes; 9: roles; 10: whether Python parses;
# 11: mapping keys apart from comparisons, Vertex '-v2' keys, ids in Markdown emphasis;
# 12: signed with the user's key (cache_place.cache_secret);
# 13: code examples in documents and docstrings judged as code;
# 14: the requests an id feeds (a migration's companion edits);
# 15: a model in Markdown front matter is a use; 16: blobs git's index vouches for (git_index);
# 17: Python's suppressions are its comments (a record's pragmas); the stat stamp holds ctime and inode too
# 18: a baseline of ours in the tree is a record (its ids were fixed from a warm cache)


CACHE_BYTES = 512 * MB  # a cache file larger than this is someone else's, or broken: scan again


class ScanCache:
    """Each entry also names the scan settings of the file's own config, and its verdicts the
    verdict key of that config: nested configs share one cache file and never its entries."""

    def __init__(
        self, directory: Path, key: str, verdicts: str | Callable[[Config], str] = "",
        secret: bytes | None = None,
    ) -> None:  # fmt: skip
        self.secret = secret if secret is not None else cache_secret()
        self.file = directory / f"{CACHE_FILES}{key}.json"
        self.directory = directory
        self.verdicts = verdicts  # what stored verdicts must have been judged under ('': none)
        self._keys: dict[int, tuple[Config, str]] = {}  # id(config) -> its verdict key
        self.entries: dict[str, list[Any]] = {}
        self.blobs = Blobs(set(), {})  # what git's index lets a warm run trust (git_index)
        self.changed = False
        try:
            if self.secret is None or tracked_by_git(self.file):
                raise OSError("a cache file git tracks is someone else's")
            # bounded, and never a FIFO or a device (a link planted in its place would hang)
            signature, _, body = read_regular(self.file, CACHE_BYTES).partition(b"\n")
            if not hmac.compare_digest(signature, self._sign(body)):
                raise ValueError("not signed with this user's key: not ours")
            loaded = json.loads(body.decode("utf-8"))
            if isinstance(loaded, dict) and loaded.get("format") == FORMAT:
                files = loaded["files"]
                self.entries = files if isinstance(files, dict) else {}
                quiet, scanned = loaded.get("quiet", []), loaded.get("scanned", {})
                if isinstance(quiet, list) and isinstance(scanned, dict):
                    self.blobs = Blobs({b for b in quiet if isinstance(b, str)}, scanned)
        except (OSError, NotReadable, ValueError, KeyError, TypeError, RecursionError):
            pass  # no cache, or a broken one (RecursionError: nested too deep): scan again

    def _sign(self, body: bytes) -> bytes:
        return blake2b(body, key=self.secret or b"", digest_size=32).hexdigest().encode()

    @staticmethod
    def key(*parts: object) -> str:
        return blake2b(json.dumps([FORMAT, *map(str, parts)]).encode(), digest_size=8).hexdigest()

    def verdict_key(self, candidate: Candidate) -> str:
        if isinstance(self.verdicts, str) or candidate.config is None:
            return self.verdicts if isinstance(self.verdicts, str) else ""
        known = self._keys.get(id(candidate.config))
        if known is None:  # the config is kept too, so that its id is never reused
            known = self._keys[id(candidate.config)] = (
                candidate.config, self.verdicts(candidate.config)
            )  # fmt: skip
        return known[1]

    def lookup(self, candidate: Candidate) -> ScanRecord | None:
        entry = self.entries.get(candidate.absolute)
        if not isinstance(entry, list) or len(entry) < 5:  # none, or not of our making
            return None
        size, stamp, digest, settings, record = entry[:5]
        blob = self.blobs.clean.get(candidate.absolute)
        if blob is not None and self.blobs.scanned.get(candidate.absolute) == blob:
            # git vouches that the file still holds the blob it held when scanned: no stat
            return _kept(record) if settings == _settings(candidate) else None
        path = candidate.text
        try:
            info = os.stat(path)
        except OSError:
            return None
        if info.st_size != size or settings != _settings(candidate):
            return None
        if _stamp(info) != stamp:
            try:
                if checksum(read_regular(path, info.st_size)) != digest:
                    return None
            except NotReadable:
                return None
            entry[1] = _stamp(info)
            self.changed = True
        if blob is not None:  # (in the parent only: a worker's answer is not written back)
            self.blobs.scanned[candidate.absolute] = blob
            self.changed = True
        return _kept(record)

    def vouch_for_clean(self) -> None:
        """Entries kept before git's index was read (a run that walked, or searched with git
        grep): a clean file whose entry still matches its stat is known to hold its blob."""
        blobs = self.blobs
        for path, blob in blobs.clean.items():
            entry = self.entries.get(path)
            if entry is None or blob in blobs.quiet or blobs.scanned.get(path) == blob:
                continue
            try:
                info = os.stat(path)
            except OSError:
                continue
            if isinstance(entry, list) and entry[:2] == [info.st_size, _stamp(info)]:
                blobs.scanned[path] = blob
                self.changed = True

    def holding(self) -> Iterator[str]:
        """The files whose kept scan found an id (as of the last run that scanned them)."""
        for path, entry in self.entries.items():
            record = entry[4] if isinstance(entry, list) and len(entry) >= 5 else None
            if isinstance(record, dict) and record.get("occurrences"):
                yield path

    def judged(self, candidate: Candidate, record: ScanRecord) -> tuple[Diagnostic, ...] | None:
        """The diagnostics kept with an unchanged file's scan, when they were judged under the
        same verdict key (date, registry, configuration): a warm run then judges nothing.
        Source lines are not kept twice: they come from the scan ``record``."""
        entry = self.entries.get(candidate.absolute)
        key = self.verdict_key(candidate)
        if not key or not isinstance(entry, list) or len(entry) < 6:
            return None
        kept = entry[5]
        if not isinstance(kept, list) or len(kept) != 2 or kept[0] != key:
            return None
        try:
            return tuple(_diagnostic_from(row, candidate.shown, record) for row in kept[1])
        except (TypeError, ValueError, IndexError, KeyError):
            return None

    def store_verdicts(self, candidate: Candidate, diagnostics: tuple[Diagnostic, ...]) -> None:
        entry = self.entries.get(candidate.absolute)
        key = self.verdict_key(candidate)
        if not key or entry is None:
            return
        # neither the path (it depends on the directory run from) nor the source line
        rows = [[*d[1:7], d.severity.value, *d[8:15], *d[16:]] for d in diagnostics]
        entry[5:] = [[key, rows]]
        self.changed = True

    def store(self, candidate: Candidate, record: ScanRecord, digest: int) -> None:
        try:
            info = os.stat(candidate.text)
        except OSError:
            return
        self.entries[candidate.absolute] = [
            info.st_size,
            _stamp(info),
            digest,
            _settings(candidate),
            _record_to(record),
        ]
        blob = self.blobs.clean.get(candidate.absolute)
        if blob is None:
            self.blobs.scanned.pop(candidate.absolute, None)
        else:
            self.blobs.scanned[candidate.absolute] = blob
        self.changed = True

    def save(self) -> None:
        if not self.changed or self.secret is None:
            return
        try:
            if not owned(self.directory):
                return  # not ours (no tag, not empty): never write or delete there
            claim(self.directory)
            temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
            quiet = self.blobs.quiet & self.blobs.seen if self.blobs.seen else self.blobs.quiet
            body = json.dumps(
                {"format": FORMAT, "files": self.entries, "quiet": sorted(quiet),
                 "scanned": self.blobs.scanned}
            ).encode("utf-8")  # fmt: skip
            temporary.write_bytes(self._sign(body) + b"\n" + body)
            os.replace(temporary, self.file)
            kept = self.directory.glob(f"{CACHE_FILES}*.json")
            for stale in kept:  # of another version, date or config
                if stale != self.file:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs time


def verdict_key(
    version: str, updated: date, as_of: date, unsafe_fixes: bool, fetched: str, config: Config
) -> str:
    """Everything a file's verdicts depend on besides its scan: kept verdicts are reused only
    under the same key (an overlay's bytes count, not only its date; so does the fetched
    layer's text, '' when none)."""
    overlays = registry_identity(fetched, config)
    per_file = [(pattern, sorted(codes)) for pattern, codes in config.per_file_ignores]
    return ScanCache.key(
        version, updated, as_of, overlays, sorted(config.select), sorted(config.ignore),
        per_file, config.root, unsafe_fixes, config.fix_settings(),
    )  # fmt: skip


def registry_identity(fetched: str, config: Config) -> list[str]:
    """The registry's bytes beyond the bundled data: its overlays' and the fetched layer's
    (scans depend on them too: which parameters and models CML007's call finder looks for)."""
    overlays = []
    if config.registry:  # the registry module loads only when a config names overlays
        from ..registry.registry import OVERLAY_BYTES

        overlays = [_digest(read_regular(path, OVERLAY_BYTES)) for path in config.registry]
    overlays.append(_digest(fetched.encode()))
    return overlays


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def _stamp(info: os.stat_result) -> list[int]:
    """What git's index compares besides the size: an edit that keeps the size and sets the
    mtime back (``touch -d``) still moves the ctime, and a file replaced by rename moves the inode."""
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _settings(candidate: Candidate) -> str:
    """What else a scan depends on: the file's own config's scan settings."""
    config = candidate.config
    if config is None:
        return ""
    return f"{config.check_comments}:{config.max_file_size}:{','.join(map(str, config.registry))}"


def _kept(record: dict[str, Any] | None) -> ScanRecord | None:
    if record is None:
        return NOTHING_FOUND
    try:
        return _record_from(record)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


def _record_to(record: ScanRecord) -> dict[str, Any] | None:
    if record == NOTHING_FOUND:  # stored as null
        return None
    return {
        "notes": list(record.notes),
        "checked": record.checked,
        "occurrences": [
            [
                list(_found_to(o.found)),
                o.line,
                o.column,
                o.end_line,
                o.end_column,
                o.context,
                o.fixable_in_place,
                o.not_fixable_reason,
                o.role.value,
                o.example,
            ]
            for o in record.occurrences
        ],
        "extra": [[start, line] for start, line in record.extra_lines.items()],
        "lines": [[number, text] for number, text in record.lines.items()],
        "calls": [
            [
                list(_found_to(call.model)),
                call.model_start,
                [list(u) for u in call.parameters],
                list(call.feeds),
                call.via,
                call.line,
            ]
            for call in record.calls
        ],
        "syntax": record.syntax,
        "pragmas": None if record.pragmas is None else [[n, c] for n, c in record.pragmas.items()],
    }


def _diagnostic_from(row: list[Any], shown: str, record: ScanRecord) -> Diagnostic:
    """A kept verdict row: a Diagnostic without its path and source line (see store_verdicts)."""
    severity, source_line = Severity(row[6]), record.lines[row[0]]
    role = Role(row[17])  # rows: line..rule, severity, model..end, retires, fixable, edit, role
    safety, companions = row[18:20]
    return Diagnostic._make(
        [shown, *row[:6], severity, *row[7:14], source_line, *row[14:17], role, safety,
         tuple((int(a), int(b), str(c)) for a, b, c in companions)]
    )  # fmt: skip


def _found_to(found: FoundId) -> tuple[Any, ...]:
    return (found.start, found.end, found.text, found.key, found.region, found.context_suffix,
            found.beta, found.router, found.in_url)  # fmt: skip


def _record_from(data: dict[str, Any]) -> ScanRecord:
    occurrences = tuple(
        Occurrence(
            FoundId(*found),
            line,
            column,
            end_line,
            end_column,
            context,
            fixable,
            reason,
            Role(role),
            int(example),
        )
        for found, line, column, end_line, end_column, context, fixable, reason, role, example in (
            data["occurrences"]
        )
    )
    lines = {int(number): str(text) for number, text in data["lines"]}
    extra = {int(start): int(line) for start, line in data["extra"]}
    wanted = {n for o in occurrences for n in (o.line, o.end_line)} | set(extra.values())
    if not wanted <= lines.keys():  # an entry edited by hand: a line it names is not kept
        raise ValueError("a line of an occurrence is not in the record")
    return ScanRecord(
        notes=tuple(data["notes"]),
        checked=bool(data["checked"]),
        occurrences=occurrences,
        extra_lines=extra,
        lines=lines,
        calls=tuple(
            CallSite(
                FoundId(*found),
                int(start),
                tuple(ParameterUse(*use) for use in uses),
                tuple(map(int, feeds)),
                str(via),
                int(line),
            )
            for found, start, uses, feeds, via, line in data.get("calls", [])
        ),
        syntax=_syntax_from(data.get("syntax")),
        pragmas=_pragmas_from(data.get("pragmas")),
    )


def _syntax_from(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _pragmas_from(value: object) -> dict[int, str] | None:
    if not isinstance(value, list):
        return None
    return {int(number): str(comment) for number, comment in value}
