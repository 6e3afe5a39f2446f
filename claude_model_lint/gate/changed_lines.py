"""The lines a change adds or modifies since a git ref, for ``--diff-base``: what a pull
request's check should judge (the findings it did not write stay counted, not failed)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageProblem

# git's answer must not depend on the user's config: no colour, no pager, paths as bytes
_PLAIN = ("-c", "core.quotepath=off", "-c", "color.ui=false", "-c", "diff.noprefix=false")
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_TIMEOUT = 120.0


@dataclass
class ChangedLines:
    """Real paths -> the 1-based line numbers the change added or modified; whole new files
    (untracked ones included) in ``new_files``."""

    ref: str
    lines: dict[str, set[int]] = field(default_factory=dict)
    new_files: set[str] = field(default_factory=set)

    def touches(self, path: str, first: int, last: int) -> bool:
        """Whether the change touched any line of [first, last] of ``path``."""
        real = os.path.realpath(path)
        if real in self.new_files:
            return True
        changed = self.lines.get(real)
        return changed is not None and any(n in changed for n in range(first, last + 1))


def _git(root: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *_PLAIN, *args], cwd=root, capture_output=True, stdin=subprocess.DEVNULL,
            timeout=_TIMEOUT, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageProblem(f"--diff-base: git could not be run: {exc}") from None


def changed_lines(ref: str, start: Path) -> ChangedLines:
    """What the work tree (commits, staged and unstaged edits, new files) changed since the
    merge base of ``ref`` and HEAD, as a pull request's diff shows it."""
    directory = start if start.is_dir() else start.parent
    top = _git(str(directory or Path(".")), "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageProblem(f"--diff-base: {directory or '.'} is not in a git work tree")
    root = os.fsdecode(top.stdout.rstrip(b"\n"))
    if (
        ref.startswith("-")
        or _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode
    ):
        raise UsageProblem(f"--diff-base: {ref!r} is not a commit of {root}")
    merge_base = _git(root, "merge-base", ref, "HEAD")
    base = merge_base.stdout.strip().decode() if merge_base.returncode == 0 else ref
    diff = _git(root, "diff", "--no-ext-diff", "--no-textconv", "-M", "-U0", base, "--")
    if diff.returncode != 0:
        message = diff.stderr.decode(errors="replace").strip().splitlines()
        raise UsageProblem(f"--diff-base: git diff failed: {message[0] if message else ref}")
    result = ChangedLines(ref)
    _read_patch(diff.stdout.splitlines(), root, result)
    others = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    result.new_files.update(_real(root, name) for name in others.stdout.split(b"\0") if name)
    return result


def _read_patch(patch: Iterable[bytes], root: str, result: ChangedLines) -> None:
    """Added line numbers per file from a ``-U0`` patch (``+++ b/path`` then ``@@`` hunks)."""
    current: set[int] | None = None
    for line in patch:
        if line.startswith(b"+++ "):
            name = line[4:].rstrip(b"\t")  # git ends a name holding a space with a tab
            if name == b"/dev/null":
                current = None
                continue
            name = _unquote(name)
            current = result.lines.setdefault(
                _real(root, name[2:] if name.startswith(b"b/") else name), set()
            )
        elif current is not None and line.startswith(b"@@"):
            m = _HUNK.match(line)
            if m:
                first, count = int(m[1]), int(m[2]) if m[2] is not None else 1
                current.update(range(first, first + count))


def _real(root: str, name: bytes) -> str:
    return os.path.realpath(os.path.join(root, os.fsdecode(name)))


_ESCAPES = {b"n": b"\n", b"t": b"\t", b'"': b'"', b"\\": b"\\", b"a": b"\a", b"b": b"\b",
            b"f": b"\f", b"r": b"\r", b"v": b"\v"}  # fmt: skip


def _unquote(name: bytes) -> bytes:
    """git's C-style quoting of a path with special characters: ``"a\\tb"``, octal bytes."""
    if not (name.startswith(b'"') and name.endswith(b'"') and len(name) >= 2):
        return name
    body, out, i = name[1:-1], bytearray(), 0
    while i < len(body):
        if body[i : i + 1] == b"\\" and i + 1 < len(body):
            octal, nxt = body[i + 1 : i + 4], body[i + 1 : i + 2]
            if len(octal) == 3 and all(0x30 <= c <= 0x37 for c in octal):
                out.append(int(octal, 8))
                i += 4
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += body[i : i + 1]
        i += 1
    return bytes(out)
