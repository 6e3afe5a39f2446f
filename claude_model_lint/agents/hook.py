"""``claude-model-lint hook claude-code``: Claude Code's hook protocol around the checker.

Claude Code runs the command with the event's JSON on stdin (code.claude.com/docs/en/hooks).
``PostToolUse`` after Edit, Write or MultiEdit: the edited file (``tool_input.file_path``) is
checked as saved; findings at or above its config's ``fail-on`` go back to the model as
``{"decision": "block", "reason": ...}`` on stdout (the edit stays; the model is told to fix
it in the same turn). ``PreToolUse`` before them: the new text (``content``, ``new_string``,
each ``edits[].new_string``) is checked as if it were that file (``--stdin-filename``), and a
use of a retired id that the text it replaces did not hold is denied with
``hookSpecificOutput.permissionDecision = "deny"``. Anything else passes (exit 0, no output).
A payload that cannot be read (a field of the wrong type, a path the system refuses, an edited
file that is not a regular one, or a file or new text the checker passes over: never waved
through silently) is a one-line error and exit 1: Claude Code shows it to the user and goes on, so a
broken hook never stops the agent.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from ..check.options import PYTHON_SUFFIXES
from ..decoding import decode
from ..errors import UserError
from ..repo.candidate import Skipped
from ..repo.reading import sniff
from ..safe_read import NotReadable, read_regular
from ..server.linting import Linter
from ..types import Diagnostic, Role
from .checking import MAX_FILE

EDITS = ("Edit", "Write", "MultiEdit")
MAX_SHOWN = 20
ACTED_ON = (Role.USE, Role.CATALOG)  # a retired id in prose or a record is not a request
MAX_STDIN = 16 * 1024 * 1024  # an event carries at most an edit's old and new text (MAX_FILE each)


class BadPayload(ValueError):
    """The hook's input is not what Claude Code documents."""


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--as-of", default=None, help="Judge on this date (default: today).")
def claude_code(as_of: str | None) -> None:
    """Read one Claude Code hook event on stdin; answer as its hooks documentation says."""
    try:
        payload = _payload(sys.stdin.buffer.read(MAX_STDIN + 1))
        answer = respond(payload, Linter(as_of))
    except (BadPayload, UserError) as exc:
        click.echo(f"claude-model-lint hook: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # a path the system refuses (too long): not judged, so said
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"claude-model-lint hook: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    if answer is not None:
        click.echo(json.dumps(answer))


def respond(payload: dict[str, Any], linter: Linter) -> dict[str, Any] | None:
    """The JSON to print for one event, or None: nothing to say."""
    event = payload.get("hook_event_name")
    if payload.get("tool_name") not in EDITS or event not in ("PreToolUse", "PostToolUse"):
        return None
    tool_input = payload.get("tool_input")
    if not isinstance(tool_input, dict) or not isinstance(tool_input.get("file_path"), str):
        raise BadPayload("tool_input.file_path: missing or not a string")
    cwd = payload.get("cwd") or "."
    if not isinstance(cwd, str):
        raise BadPayload("cwd: not a string")
    for name, value in (("cwd", cwd), ("tool_input.file_path", tool_input["file_path"])):
        if "\0" in value:
            raise BadPayload(f"{name}: holds a NUL character, which no path can")
        try:
            os.fsencode(value)
        except UnicodeEncodeError:  # "\ud800": a traceback when opened (verifier N2)
            raise BadPayload(f"{name}: holds a character no file name here can") from None
    path = Path(cwd, tool_input["file_path"])
    if event == "PostToolUse":
        return _after(path, linter)
    return _before(path, str(payload["tool_name"]), tool_input, linter)


def _after(path: Path, linter: Linter) -> dict[str, Any] | None:
    """The file as saved, read as the CLI reads it (a coding cookie, a UTF-16 mark); one it
    would skip or the checker does not finish is a BadPayload, never a silent pass."""
    try:  # a FIFO or /dev/zero at the path: refused, never waited on nor read without end
        data = read_regular(path, MAX_FILE)
    except NotReadable as exc:
        if not os.path.lexists(path):
            return None  # deleted since: nothing to judge
        raise BadPayload(f"{path}: cannot be checked: {exc}") from None  # special, too large
    sniffed = sniff(str(path), data)
    if isinstance(sniffed, Skipped):
        raise BadPayload(f"{path}: cannot be checked: {sniffed.reason}")
    text = decode(data, python=path.suffix.lower() in PYTHON_SUFFIXES).text
    fail_on = linter.config_for(path).fail_on.rank
    found = _findings(linter, path, text, judged_whole=True, what=str(path))
    found = [d for d in found if d.severity.rank >= fail_on]
    if not found:
        return None
    reason = _listed(path, found, "the file you just edited names these model ids")
    return {"decision": "block", "reason": reason}


def _before(
    path: Path, tool: str, tool_input: dict[str, Any], linter: Linter
) -> dict[str, Any] | None:
    new, old = _texts(path, tool, tool_input)
    had = Counter(d.canonical for d in _retired(linter, path, old))
    added = []
    for d in _retired(linter, path, new, judged_whole=True):
        if had[d.canonical] > 0:
            had[d.canonical] -= 1
        else:
            added.append(d)
    if not added:
        return None
    return {
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": "deny",
            "permissionDecisionReason": _listed(
                path, added, "this edit writes retired model ids (lines of the new text)"
            ),
        }
    }


def _texts(path: Path, tool: str, tool_input: dict[str, Any]) -> tuple[str, str]:
    """The text the tool writes and the text it replaces (for Write: the file as it is)."""
    if tool == "Write":
        old = ""
        if path.is_file():
            with contextlib.suppress(NotReadable):
                old = read_regular(path, MAX_FILE).decode("utf-8", "replace")
        return _string(tool_input, "content"), old
    edits = [tool_input] if tool == "Edit" else tool_input.get("edits")
    if not isinstance(edits, list) or not all(isinstance(e, dict) for e in edits):
        raise BadPayload("tool_input.edits: missing or not a list of edits")
    news = [_string(e, "new_string") for e in edits]
    olds = [_string(e, "old_string") for e in edits]
    return "\n".join(news), "\n".join(olds)


def _string(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name)
    if not isinstance(value, str):
        raise BadPayload(f"tool_input.{name}: missing or not a string")
    return value


def _retired(
    linter: Linter, path: Path, text: str, *, judged_whole: bool = False
) -> list[Diagnostic]:
    found = _findings(linter, path, text, judged_whole=judged_whole)
    return [d for d in found if d.code == "CML001" and d.role in ACTED_ON]


def _findings(
    linter: Linter, path: Path, text: str, *, judged_whole: bool = False, what: str = ""
) -> list[Diagnostic]:
    """Sorted findings; with ``judged_whole``, text the checker passes over (too large, binary)
    is a BadPayload, not a silent pass: an edit the hook cannot judge is never waved through."""
    linted = linter.lint(path, text) if "claude" in text.lower() else None
    if linted is None:
        return []
    result = linted.result
    if judged_whole and (result.error or not result.checked):
        why = result.error or "; ".join(result.notes) or "passed over"
        raise BadPayload(f"{what or f'the new text for {path}'}: {why}")
    return sorted(result.diagnostics, key=Diagnostic.sort_key)


def _listed(path: Path, found: list[Diagnostic], title: str) -> str:
    """What the model reads: each finding with its position and the text to write instead."""
    lines = [f"claude-model-lint: {title} ({path}):"]
    for d in found[:MAX_SHOWN]:
        fix = f" -> write {d.replacement}" if d.replacement else ""
        lines.append(f"  line {d.line}, column {d.column}: {d.code} {d.message}{fix}")
    if len(found) > MAX_SHOWN:
        lines.append(f"  ... and {len(found) - MAX_SHOWN} more (run: claude-model-lint {path})")
    return "\n".join(lines)


def _payload(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_STDIN:
        raise BadPayload(f"stdin is more than {MAX_STDIN} bytes: not a hook event")
    try:
        payload = json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadPayload(f"stdin is not the hook's JSON ({exc})") from None
    except RecursionError:
        raise BadPayload("stdin is not the hook's JSON (nested too deeply)") from None
    if not isinstance(payload, dict):
        raise BadPayload("stdin is not a JSON object")
    return payload
