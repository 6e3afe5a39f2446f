"""Code and files checked for an agent: the language server's engine entry (``Linter``), its
findings as JSON a model can act on (where, what, what to write instead, and how safe that is).

Bounded on every side: the text, the file read (inside the workspace root only, symlinks
resolved first) and the number of findings returned (the rest counted, never silently lost).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import UserError
from ..safe_read import NotReadable, read_regular
from ..server.linting import Linter
from ..types import Diagnostic

MAX_TEXT = 1_000_000  # characters of code in one call
MAX_FILE = 2_000_000  # bytes of one file
MAX_FINDINGS = 50
SHOWN = 80  # characters of a caller's value echoed in an error


def shown(value: str) -> str:
    """``value`` quoted for an error line, cut when long: a 600 KB id is not sent back whole."""
    if len(value) <= SHOWN:
        return repr(value)
    return f"{value[:SHOWN]!r}... ({len(value)} characters)"


class BadInput(ValueError):
    """A one-line reason the tool call cannot be answered: shown to the model as a tool error."""


def check_code(linter: Linter, root: Path, text: str, filename: str) -> dict[str, Any]:
    """``text`` checked as if saved as ``filename`` (relative to the workspace root: the name
    decides the format, the nearest config applies)."""
    if len(text) > MAX_TEXT:
        raise BadInput(f"text: {len(text)} characters, more than the {MAX_TEXT} checked at once")
    return _checked(linter, root, _inside(root, filename, "filename"), text, filename)


def check_file(linter: Linter, root: Path, path: str) -> dict[str, Any]:
    """The file at ``path`` (relative to the workspace root, or absolute inside it)."""
    target = _inside(root, path, "path")
    try:
        size = target.stat().st_size if target.is_file() else None
    except OSError as exc:  # a name too long for the system
        raise BadInput(f"path: {shown(path)}: {exc.strerror or exc}") from None
    if size is None:
        raise BadInput(f"path: {shown(path)} is not a file")
    if size > MAX_FILE:
        raise BadInput(f"path: {shown(path)} is {size} bytes, more than the {MAX_FILE} read")
    try:  # (swapped for a FIFO since the check above: refused, not waited on)
        text = read_regular(target, MAX_FILE).decode("utf-8")
    except NotReadable as exc:
        raise BadInput(f"path: {shown(path)}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"path: {shown(path)} is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    return _checked(linter, root, target, text, target.relative_to(root).as_posix())


def _inside(root: Path, name: str, field: str) -> Path:
    """``root / name`` resolved (symlinks followed); refused unless it stays below ``root``."""
    if not name or "\0" in name:
        raise BadInput(f"{field}: give a file name such as 'src/app.py'")
    candidate = Path(name) if Path(name).is_absolute() else root / PurePosixPath(name)
    try:
        resolved = candidate.resolve()
    except OSError as exc:  # a name too long for the system, a symlink loop
        raise BadInput(f"{field}: {shown(name)}: {exc.strerror or exc}") from None
    if resolved != root and root not in resolved.parents:
        raise BadInput(f"{field}: {shown(name)} is outside the workspace {root}")
    return resolved


def _checked(linter: Linter, root: Path, path: Path, text: str, shown: str) -> dict[str, Any]:
    try:
        linted = linter.lint(path, text)
    except UserError as exc:
        raise BadInput(str(exc)) from None
    if linted is None:
        return {"path": shown, "excluded": True, "findings": [], "omitted": 0}
    found = sorted(linted.result.diagnostics, key=Diagnostic.sort_key)
    return {
        "path": shown,
        "as_of": str(linted.as_of),
        "findings": [_finding(d) for d in found[:MAX_FINDINGS]],
        "omitted": max(0, len(found) - MAX_FINDINGS),
        "notes": list(linted.result.notes) + ([linted.result.error] if linted.result.error else []),
    }


def _finding(d: Diagnostic) -> dict[str, Any]:
    """One finding: 1-based line and columns (code points), and the text that replaces
    ``model`` there (null: no fix), with the fix's safety ('safe' is what ``--fix`` writes)."""
    return {
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "id": d.model,
        "canonical": d.canonical,
        "code": d.code,
        "rule": d.rule,
        "severity": d.severity.value,
        "state": d.state,
        "message": d.message,
        "replacement": d.replacement,
        "fix_safety": d.safety,
        "role": d.role.value,
    }
