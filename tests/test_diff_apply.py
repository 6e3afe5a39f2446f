"""`--diff` is a patch the real tools take: ``git apply`` and ``patch -p1`` apply it, and the result
is byte for byte what ``--fix`` writes (issue 28: the diff had no context and ``git apply``
rejected it). Every file kind whose lines end differently: LF, CRLF, no final newline, a form
feed inside a line, a notebook, a Markdown code example."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import AS_OF, CLI

_CALL = 'reply = client.messages.create(model="claude-3-haiku-20240307", max_tokens=64)'
_NOTEBOOK = json.dumps(
    {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Demo\n"]},
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": ["import anthropic\n", "client = anthropic.Anthropic()\n", _CALL],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    },
    indent=1,
)
_CONTEXT = "".join(f"# line {n}\n" for n in range(6))
FILES = {
    "lf": ("app.py", _CONTEXT + _CALL + "\n" + _CONTEXT),
    "crlf": ("config.yaml", "name: demo\r\nmodel: claude-3-haiku-20240307\r\nretries: 3\r\n"),
    "no-final-newline": ("app.py", _CONTEXT + 'MODEL = "claude-3-haiku-20240307"'),
    "form-feed": ("config.yaml", "# page\x0cbreak\nmodel: claude-3-haiku-20240307\n\x0cx: 1\n"),
    "notebook": ("demo.ipynb", _NOTEBOOK),
    "markdown-example": (
        "README.md",
        "# Use\r\n\r\n```python\r\n" + _CALL + "\r\n```\r\nThe end, no newline",
    ),
}


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env, timeout=60)


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
@pytest.mark.parametrize("kind", sorted(FILES))
def test_the_diff_applies_with_git_and_patch(tmp_path: Path, kind: str) -> None:
    name, text = FILES[kind]
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / name).write_bytes(text.encode())
    _git("init", "-q", cwd=repo)
    diff = subprocess.run(
        [CLI, "--as-of", AS_OF, "--no-cache", "--diff", name],
        cwd=repo, capture_output=True, timeout=120,
    )  # fmt: skip
    assert diff.returncode == 1, diff.stderr
    assert b"\n@@ -" in diff.stdout and b"\n " in diff.stdout  # hunks with context lines
    patch_file = tmp_path / "fix.patch"
    patch_file.write_bytes(diff.stdout)

    checked = _git("apply", "--check", str(patch_file), cwd=repo)
    assert checked.returncode == 0, checked.stderr.decode()
    dry = subprocess.run(
        ["patch", "-p1", "--dry-run", "-i", str(patch_file)], cwd=repo, capture_output=True
    )
    assert dry.returncode == 0, dry.stdout.decode() + dry.stderr.decode()

    fixed = tmp_path / "fixed"
    fixed.mkdir()
    (fixed / name).write_bytes(text.encode())
    subprocess.run([CLI, "--as-of", AS_OF, "--no-cache", "--fix", name], cwd=fixed, timeout=120)
    applied = _git("apply", str(patch_file), cwd=repo)
    assert applied.returncode == 0, applied.stderr.decode()
    assert (repo / name).read_bytes() == (fixed / name).read_bytes() != text.encode()
