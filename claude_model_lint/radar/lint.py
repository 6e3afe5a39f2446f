"""The lint, run as its users run it (``--format json``, ``--fix``): the radar inherits whatever
the fix learns, and decides nothing that the lint decides."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .bodies import Change


class LintError(Exception):
    """The lint could not run (a bad config or overlay): its own one-line message."""


def _lint(tree: Path, args: Sequence[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "claude_model_lint", "--no-cache", *args], cwd=tree,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise LintError(last)
    return done.stdout


def findings(
    tree: Path, as_of: date, overlays: Sequence[Path], paths: Sequence[str] = (".",)
) -> list[dict[str, Any]]:
    out = _lint(tree, ["--format", "json", "--exit-zero", "--as-of", str(as_of), *_registry(overlays), "--", *paths])  # fmt: skip
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def fix(
    tree: Path, as_of: date, overlays: Sequence[Path], files: Sequence[str]
) -> list[dict[str, Any]]:
    """Apply the safe fixes to ``files``; what remains in them afterwards."""
    out = _lint(tree, ["--fix", "--format", "json", "--exit-zero", "--as-of", str(as_of), *_registry(overlays), "--", *files])  # fmt: skip
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[Change]:
    """The safe findings of ``before`` that the fix made disappear, as (file, line, old -> new)."""
    remaining = {(r["path"], r["line"], r["column"], r["model"]) for r in after}
    return [
        Change(r["path"], r["line"], r["model"], r["replacement"], r["canonical"])
        for r in before
        if r.get("fix") == "safe" and r.get("replacement")
        and (r["path"], r["line"], r["column"], r["model"]) not in remaining
    ]  # fmt: skip


def _registry(overlays: Sequence[Path]) -> list[str]:
    return [arg for path in overlays for arg in ("--registry", str(path))]
