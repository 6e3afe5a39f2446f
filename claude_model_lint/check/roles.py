"""Fix safety: whether ``--fix``, ``--unsafe-fixes`` or nothing rewrites an id, from its role.

The scanners say what an id is doing (a use, a catalog entry, prose); the path says whether the
file is recorded data. A use is a safe fix; a catalog entry or prose, an unsafe one (a list of
deprecated models may be correct as it is); a record is never rewritten. Inside one file, an id
is fixed everywhere it plays a part in the code, or nowhere: rewriting the request but not the
comparison, the list or the URL that checks it breaks the program.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from ..config import Config
from ..repo.excludes import Excludes
from ..types import Diagnostic, FileResult, Occurrence, Role

SAFE = "safe"
UNSAFE = "unsafe"

_NOTES = {
    Role.CATALOG: "one id in a catalog of models, which may be correct as it is; "
    "--unsafe-fixes rewrites it",
    Role.PROSE: "in prose; --unsafe-fixes rewrites it",
    Role.USE: "an unsafe fix, as the configuration says; --unsafe-fixes applies it",
}
# why a use is an unsafe fix when a test depends on the id as it is
REPLAYS = (
    "the module replays recorded requests or snapshots, which the fix would not re-record; "
    "--unsafe-fixes applies it"
)
PICKS_ROW = (
    "the test may pick the row {row} of a table keyed by this id, which --fix leaves as it "
    "is; --unsafe-fixes applies it"
)
# a user's own resource named after the model it was made from: the ARN is not a model id
_USER_RESOURCE = re.compile(r"(?:custom-model|application-inference-profile)(?:/|%2[Ff])\Z")


# a line of a recorded API response: an SSE event, a message object, a completion chunk
_ENVELOPE = re.compile(r'"(?:stop_reason|stop_sequence)"|"id"\s*:\s*"msg_|"message_start"')


def envelope(line: str) -> bool:
    return _ENVELOPE.search(line) is not None


def is_record(config: Config, path: str | os.PathLike[str]) -> bool:
    """Is ``path`` recorded data or history (``record``, ``extend-record``)?"""
    patterns = config.record + config.extend_record
    return bool(patterns) and _excludes(patterns, str(config.root)).covers(os.fspath(path))


@functools.lru_cache(maxsize=64)
def _excludes(patterns: tuple[str, ...], root: str) -> Excludes:
    """Names-only patterns as one regex (pathspec tries them one by one, in Python)."""
    return Excludes(patterns, Path(root))


def replays_by_path(path: str | os.PathLike[str]) -> bool:
    """Does a recording beside this test module hold its requests or output? syrupy's
    ``__snapshots__/<module>.ambr``, VCR's ``cassettes/<module>/`` (the module need not say so:
    langchain's standard tests take the snapshot fixture from a base class)."""
    directory, name = os.path.split(os.fspath(path))
    stem = os.path.splitext(name)[0]
    return any(
        os.path.exists(os.path.join(directory, *parts))
        for parts in (
            ("__snapshots__", f"{stem}.ambr"),
            ("__snapshots__", f"{name}.snap"),
            ("cassettes", stem),
            ("cassettes", f"{stem}.yaml"),
        )
    )


def role_of(occurrence: Occurrence, record: bool) -> Role:
    return Role.RECORD if record else occurrence.role


def user_resource(line: str, column: int) -> bool:
    """Does the id at ``column`` (1-based) stand in a custom-model or inference-profile ARN?"""
    before = line[max(0, column - 1 - 40) : column - 1]  # bounded: many ids on one line
    return _USER_RESOURCE.search(before) is not None


def safety(code: str, role: Role, config: Config, depended: bool = False) -> str | None:
    """'safe', 'unsafe', or None when the id is never fixed (a record, or ``unfixable``).
    ``depended``: a use a test depends on (it replays recordings a fix cannot re-record, or
    picks a table's row)."""
    if role is Role.RECORD or code in config.unfixable or role.value in config.unfixable:
        return None
    if role is Role.USE:
        unsafe = code in config.extend_unsafe_fixes or "use" in config.extend_unsafe_fixes
        if depended and not (code in config.extend_safe_fixes or "use" in config.extend_safe_fixes):
            unsafe = True
        return UNSAFE if unsafe else SAFE
    promoted = code in config.extend_safe_fixes or role.value in config.extend_safe_fixes
    return SAFE if promoted else UNSAFE


def not_applied(role: Role, safety: str | None) -> str:
    """Why a finding that has a replacement is never fixed (for the message)."""
    if role is Role.RECORD:
        return "recorded data or history, never rewritten"
    return "unfixable in the configuration"


def settle(
    diagnostics: list[Diagnostic], occurrences: Sequence[Occurrence], unsafe_fixes: bool,
    foreign: frozenset[int] = frozenset(), why_unsafe: Mapping[int, str] | None = None,
) -> list[Diagnostic]:  # fmt: skip
    """Decide what is fixed, file-wide, under the flags given, and what --unsafe-fixes would
    add (``safety``: 'safe' when --fix fixes it, 'unsafe' when only --unsafe-fixes does).
    ``why_unsafe``: why a use is an unsafe fix, by index, when the file or its test says so."""
    if not any(d.safety for d in diagnostics):
        return diagnostics  # nothing has a fix (most findings of most files): nothing to settle
    safe = _consistent(diagnostics, occurrences, foreign)
    widened = [  # a _replace costs: only where it changes something
        d if d.fixable == (d.safety is not None) else d._replace(fixable=d.safety is not None)
        for d in diagnostics
    ]
    unsafe = _consistent(widened, occurrences, foreign)
    out = []
    for i, (d, s, u) in enumerate(zip(diagnostics, safe, unsafe, strict=True)):
        safety = SAFE if s.fixable else UNSAFE if u.fixable else None
        if unsafe_fixes or (d.safety == UNSAFE and not u.fixable):
            chosen = u  # its message says why even --unsafe-fixes leaves it
        elif d.safety == UNSAFE:
            note = (why_unsafe or {}).get(i) or _NOTES[d.role]
            chosen = s._replace(message=f"{s.message} (not fixed: {note})")
        elif safety == UNSAFE:  # a use held back by the catalog or prose beside it
            chosen = s._replace(message=f"{s.message}; --unsafe-fixes fixes both")
        else:
            chosen = s
        out.append(chosen if chosen.safety == safety else chosen._replace(safety=safety))
    return out


def _consistent(
    diagnostics: list[Diagnostic], occurrences: Sequence[Occurrence], foreign: frozenset[int]
) -> list[Diagnostic]:
    """Fix every spelling of an id in a file (prose aside), or none; never make a catalog hold
    one model twice. The message of each one left alone says why. ``foreign``: the indices of
    ids that name something else (a custom model's ARN), which bind nothing. Each code example
    of a document or docstring is a program of its own: its ids bind one another, not the
    file's other examples or the module's code."""
    refused = _duplicates(diagnostics, occurrences)
    example_at = {o.found.start: o.example for o in occurrences if o.example}
    listed = {o.found.text for o in occurrences if o.role is Role.CATALOG}
    by_model: dict[tuple[int, str], list[int]] = {}
    for i, d in enumerate(diagnostics):
        if i in foreign:
            continue
        if d.canonical is not None and d.code in ("CML001", "CML002", "CML005"):
            by_model.setdefault((example_at.get(d.start, 0), d.canonical), []).append(i)
    out = list(diagnostics)
    for i, why in refused.items():
        out[i] = _left(out[i], why)
    for members in by_model.values():
        if not any(out[i].fixable for i in members):
            continue
        # the blockers are those of the file as found, not as held back here; found once per
        # model (a search per member was quadratic: 9,000 ids of one model on a line, 16 s)
        blocking = [j for j in members if not out[j].fixable and out[j].role is not Role.PROSE]
        settled = {j: out[j] for j in blocking}
        other = next((j for j in blocking if settled[j].role is not Role.CATALOG), None)
        catalog = next((j for j in blocking if settled[j].role is Role.CATALOG), None)
        for i in members:
            d = out[i]
            if not d.fixable or d.role is Role.PROSE:
                continue
            # a catalog that already lists the replacement still passes a check it feeds
            # ('model in SUPPORTED') once the use moves: it holds nothing back
            found = [
                j for j in (other, None if d.replacement in listed else catalog) if j is not None
            ]
            if not found:
                continue
            blocker = min(found)
            b = settled[blocker]
            what = "a record" if b.role is Role.RECORD else f"a {b.role.value}"
            unlisted = f" and {d.replacement} is not listed there" if b.role is Role.CATALOG else ""
            out[i] = _left(
                d,
                f"the same model on line {b.line} ({what}) is not fixed{unlisted}, "
                "so neither is this one",
            )
    return out


def reported(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each finding as the reports show it: ``safety`` ('fix' in JSON, SARIF and the language
    server) says what --fix ('safe') or --unsafe-fixes ('unsafe') would really do to it, for
    every code (CML007's argument edits are unsafe fixes), and ``replacement`` is null
    wherever neither flag writes one."""
    out = []
    for d in diagnostics:
        if d.safety is None and d.edit is not None:  # CML007: only --unsafe-fixes edits it
            d = d._replace(safety=UNSAFE)
        elif d.safety is None and (d.replacement is not None or d.fixable):
            d = d._replace(replacement=None, fixable=False)
        out.append(d)
    return out


def why_unfixable(
    result: FileResult, path: str, syntax: Callable[[], str] | None = None
) -> str | None:
    """Why --fix would refuse the file of ``result`` (read-only, a symbolic link, Python that
    does not parse: ``syntax`` says, asked only when it matters); None when it would not, or
    nothing in it has a fix, safe or unsafe. Its findings then have none (``refused``)."""
    if not any(d.fixable or d.safety for d in result.diagnostics):
        return None
    from .writer import writable

    if not writable(path):
        return "a symbolic link" if os.path.islink(path) else "the file is read-only"
    return (syntax() or None) if syntax is not None else None


def file_syntax(path: str) -> str:
    """'' when the Python file at ``path`` parses as a whole, else why not (a check run parses
    only the lines that hold an id)."""
    from ..decoding import decode
    from ..scanners.python_syntax import parses

    try:
        with open(path, "rb") as handle:
            text = decode(handle.read(), python=True).text
    except (OSError, ValueError) as exc:
        return f"not valid Python ({exc})"
    return parses(text)


def refused(result: FileResult, why: str) -> FileResult:
    """No fix for any finding of the file: neither --fix nor --unsafe-fixes would write it."""
    left = tuple(
        _left(d, why)._replace(safety=None, replacement=None, edit=None)
        if d.fixable or d.safety
        else d
        for d in result.diagnostics
    )
    return result._replace(diagnostics=left)


def _left(d: Diagnostic, why: str) -> Diagnostic:
    return d._replace(fixable=False, message=f"{d.message} (not fixed: {why})")


def _duplicates(
    diagnostics: Sequence[Diagnostic], occurrences: Iterable[Occurrence]
) -> dict[int, str]:
    """Fixes that would name one model twice where a list is: the replacement is already
    listed, or two ids listed would both become it. A catalog's list is the file; prose's, the
    run of consecutive lines that hold ids (a Markdown list, a sentence naming two models); a
    use's, its line (two ids in one string, comma-separated)."""
    occurrences = list(occurrences)
    run_of: dict[int, int] = {}
    for line in sorted({o.line for o in occurrences}):
        run_of[line] = run_of.get(line - 1, line)  # a run is named by its first line
    listed: dict[tuple[str, int], set[str]] = {}
    for o in occurrences:
        if o.role is Role.CATALOG:
            listed.setdefault(("file", 0), set()).add(o.found.text)
        listed.setdefault(("run", run_of[o.line]), set()).add(o.found.text)
        listed.setdefault(("line", o.line), set()).add(o.found.text)

    def scope(d: Diagnostic) -> tuple[str, int]:
        if d.role is Role.CATALOG:
            return ("file", 0)
        return ("run", run_of.get(d.line, d.line)) if d.role is Role.PROSE else ("line", d.line)

    candidates = [
        (i, d, scope(d))
        for i, d in enumerate(diagnostics)
        if d.fixable and d.replacement and d.role is not Role.RECORD
    ]
    targets: dict[tuple[tuple[str, int], str], set[str]] = {}
    for _, d, where in candidates:
        targets.setdefault((where, d.replacement or ""), set()).add(d.model)
    refused = {}
    for i, d, where in candidates:
        if d.replacement in listed.get(where, ()):
            place = "in this file" if where[0] == "file" else "beside it"
            refused[i] = f"{d.replacement} is already listed {place}"
        elif len(others := targets[(where, d.replacement or "")] - {d.model}) > 0:
            refused[i] = f"{sorted(others)[0]} would become {d.replacement} too"
    return refused
