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
# every option of the patch that config could change (color.diff=always, diff.mnemonicPrefix,
# diff.relative, diff.interHunkContext, diff.external, textconv), and --text: a file that
# .gitattributes marks -diff (or that looks binary) shows its lines, never "Binary files differ"
_PATCH = (
    "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--text", "--no-relative",
    "--src-prefix=a/", "--dst-prefix=b/", "--inter-hunk-context=0", "-M", "-U0",
)  # fmt: skip
_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
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


_USERS_DIFF = ("GIT_DIFF_OPTS", "GIT_EXTERNAL_DIFF")  # options the patch read must not take


def _git(root: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if k not in _USERS_DIFF}
    try:
        return subprocess.run(
            ["git", *_PLAIN, *args], cwd=root, capture_output=True, stdin=subprocess.DEVNULL,
            timeout=_TIMEOUT, check=False, env=environment,
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
    diff = _git(root, *_PATCH, base, "--")
    if diff.returncode != 0:
        message = diff.stderr.decode(errors="replace").strip().splitlines()
        raise UsageProblem(f"--diff-base: git diff failed: {message[0] if message else ref}")
    result = ChangedLines(ref)
    _read_patch(diff.stdout.split(b"\n"), root, result)
    others = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    result.new_files.update(_real(root, name) for name in others.stdout.split(b"\0") if name)
    return result


def _read_patch(patch: Iterable[bytes], root: str, result: ChangedLines) -> None:
    """Added line numbers per file from a ``-U0`` patch (``+++ b/path`` then ``@@`` hunks).
    Each hunk's header says how many lines it holds, and exactly those are read as its body: an
    added line that reads ``+++ b/other`` or ``@@ ...`` is content, never a header. A patch that
    does not add up is refused (a check that judged nothing would pass)."""
    current: set[int] | None = None
    old = new = 0  # lines of the open hunk still to come
    for line in patch:
        if old > 0 or new > 0:
            kind = line[:1]
            if kind == b"\\":  # "\ No newline at end of file"
                continue
            if kind == b"-" and old > 0:
                old -= 1
            elif kind == b"+" and new > 0:
                new -= 1
            elif kind == b" " and old > 0 and new > 0:
                old, new = old - 1, new - 1
            else:
                raise UsageProblem(f"--diff-base: git's diff could not be read: {line[:60]!r}")
            continue
        if line.startswith(b"diff --git "):
            current = None  # (a file whose patch has no hunks, a mode change, adds nothing)
        elif line.startswith(b"+++ "):
            name = line[4:].rstrip(b"\t")  # git ends a name holding a space with a tab
            if name == b"/dev/null":
                current = None
                continue
            name = _unquote(name)
            current = result.lines.setdefault(
                _real(root, name[2:] if name.startswith(b"b/") else name), set()
            )
        elif line.startswith(b"@@"):
            m = _HUNK.match(line)
            if m is None:
                raise UsageProblem(f"--diff-base: git's diff could not be read: {line[:60]!r}")
            old = int(m[1]) if m[1] is not None else 1
            first, new = int(m[2]), int(m[3]) if m[3] is not None else 1
            if current is not None:
                current.update(range(first, first + new))
    if old > 0 or new > 0:
        raise UsageProblem("--diff-base: git's diff could not be read: a hunk ends early")


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
