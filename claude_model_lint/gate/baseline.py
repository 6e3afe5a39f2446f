"""A baseline file: today's findings, so that a team can turn the check on and fail only on
new ones, where an ignore comment cannot go (JSON, ``.env``, notebook outputs).

An entry is keyed by path, code, model id and a hash of the line's content, never its number:
a line that moves stays hidden, a line that changes shows again. The line itself is not
stored (a ``.env`` line's neighbours, or the line, may hold a secret); its number is, for the
reader only.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageProblem
from ..types import BASELINE_FORMAT, Diagnostic

FORMAT = BASELINE_FORMAT  # (scanners/records.py takes a file of this format for a record)
Key = tuple[str, str, str, str]  # path (relative to the baseline's directory), code, model, hash


def _content_hash(line: str) -> str:
    return hashlib.sha256(" ".join(line.split()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _relative(path: str, base: str) -> str:
    return Path(os.path.relpath(os.path.realpath(path), base)).as_posix()


def key(d: Diagnostic, base: str) -> Key:
    return (_relative(d.path, base), d.code, d.model, _content_hash(d.source_line))


def write(path: Path, diagnostics: Iterable[Diagnostic]) -> int:
    """Write the baseline of ``diagnostics``; how many entries it holds."""
    base, itself = os.path.realpath(path.parent), os.path.realpath(path)
    rows = sorted(
        ((*key(d, base), d.line) for d in diagnostics if os.path.realpath(d.path) != itself),
        key=lambda r: (r[0], r[4], r[1], r[2]),
    )
    findings = [
        {"path": p, "code": c, "model": m, "line_hash": h, "line": n} for p, c, m, h, n in rows
    ]
    text = json.dumps({"format": FORMAT, "findings": findings}, indent=1, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageProblem(f"--write-baseline: {path}: {exc.strerror or exc}") from None
    return len(findings)


@dataclass
class Baseline:
    """The entries of one baseline file, used up as the run's findings match them."""

    path: Path
    base: str
    left: Counter[Key] = field(default_factory=Counter)
    lines: dict[Key, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Baseline:
        from ..safe_read import MB, NotReadable, read_regular

        try:
            data = json.loads(read_regular(path, 64 * MB))
        except (NotReadable, ValueError, RecursionError) as exc:
            raise UsageProblem(f"--baseline: {path}: not a baseline file ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise UsageProblem(f"--baseline: {path}: not a baseline file (no 'format': {FORMAT!r})")
        baseline = cls(path, os.path.realpath(path.parent))
        findings = data.get("findings", [])
        if not isinstance(findings, list):
            raise UsageProblem(f"--baseline: {path}: 'findings' is not a list")
        for n, entry in enumerate(findings, 1):
            if not isinstance(entry, dict):
                raise UsageProblem(f"--baseline: {path}: finding {n}: not an object")
            names = ("path", "code", "model", "line_hash")
            wrong = [
                k for k in names if not isinstance(entry.get(k), str) or _unspeakable(entry[k])
            ]
            if wrong:
                raise UsageProblem(
                    f"--baseline: {path}: finding {n}: needs {', '.join(wrong)} (strings of"
                    " characters a file can hold)"
                )
            k: Key = (entry["path"], entry["code"], entry["model"], entry["line_hash"])
            baseline.left[k] += 1
            line = entry.get("line")
            baseline.lines.setdefault(k, []).append(line if isinstance(line, int) else 0)
        return baseline

    def is_itself(self, path: str) -> bool:
        """A baseline names every id it hides: its own findings are never judged."""
        return os.path.realpath(path) == os.path.realpath(self.path)

    def hides(self, d: Diagnostic) -> bool:
        """Whether ``d`` is in the baseline (each entry hides one finding)."""
        k = key(d, self.base)
        if self.left[k] > 0:
            self.left[k] -= 1
            return True
        return False

    def stale(self, covered: Iterable[str]) -> list[str]:
        """Entries no finding used, among the files this run covered (a run on a subdirectory
        says nothing of the rest): 'path:line: CODE model'."""
        roots = [os.path.realpath(p) for p in covered]

        def in_run(relative: str) -> bool:
            real = os.path.realpath(os.path.join(self.base, relative))
            return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)

        out = []
        for k, count in sorted(self.left.items()):
            if count > 0 and in_run(k[0]):
                lines = self.lines.get(k, [0])[-count:]
                out += [f"{k[0]}:{n}: {k[1]} {k[2]}" for n in lines]
        return out


def _unspeakable(text: str) -> bool:
    """A lone surrogate ("\\ud800"): no file name or report can hold it (an internal error
    when printed: verifier N5)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
