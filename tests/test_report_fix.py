"""`"fix"` in the reports means what the flags really do (issue 28, item 9): every finding the JSON
says is `"safe"` is gone after `--fix`, every `"unsafe"` one after `--unsafe-fixes`, every `null`
one is still there after both, and `"replacement"` is null exactly where `"fix"` is. Checked by
running the flags on copies of one small repository of every role and file kind (the lines are
minimal reproductions of the kinds issue 28 counted: 1,636 findings said `"fix": null` with a
replacement, CML007's unsafe fixes said null, a read-only file said `"safe"`)."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections import Counter
from pathlib import Path

from tests.conftest import AS_OF, run_cli

FILES = {
    "app.py": (
        "import anthropic\n\n"
        "client = anthropic.Anthropic()\n"
        'reply = client.messages.create(model="claude-3-haiku-20240307", max_tokens=8)\n'
        'KNOWN = ["claude-3-opus-20240229", "claude-2.1"]\n'
        'fast = client.messages.create(model="claude-opus-4-8", temperature=0.2, max_tokens=8)\n'
        'mock.return_value = {"model": "claude-3-5-sonnet-20241022"}\n'
    ),
    "README.md": (
        "Use claude-3-5-haiku-20241022 for speed.\n\n"
        '```python\nclient.messages.create(model="claude-3-5-haiku-20241022")\n```\n'
    ),
    "config.yaml": "model: claude-3-7-sonnet-20250219\n",
    "cassettes/test_call.yaml": 'body: \'{"model": "claude-3-haiku-20240307"}\'\n',
    "readonly.py": 'MODEL = "claude-3-opus-20240229"\n',
}


def _repo(root: Path) -> Path:
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    os.chmod(root / "readonly.py", stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return root


def _findings(root: Path) -> list[dict[str, object]]:
    result = run_cli("--as-of", AS_OF, "--no-cache", "--format", "json", ".", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def _key(row: dict[str, object]) -> tuple[object, ...]:
    return (row["path"], row["code"], row["model"], row["line"] if row["code"] == "CML007" else 0)


ROOT_USER = os.geteuid() == 0  # root writes read-only files: that part is not tried then


def test_fix_says_what_the_flags_do(tmp_path: Path) -> None:
    before = _findings(_repo(tmp_path / "before"))
    kinds = Counter(str(row["fix"]) for row in before)
    assert kinds["safe"] and kinds["unsafe"] and kinds["None"], kinds  # every kind is tried
    for row in before:
        assert (row["replacement"] is None) == (row["fix"] is None or row["code"] == "CML007"), row
    if not ROOT_USER:
        assert {row["fix"] for row in before if row["path"] == "readonly.py"} == {None}
    assert any(row["code"] == "CML007" and row["fix"] == "unsafe" for row in before)

    for flags, fixed in ((["--fix"], {"safe"}), (["--unsafe-fixes", "--fix"], {"safe", "unsafe"})):
        root = _repo(tmp_path / flags[0].strip("-"))
        run_cli("--as-of", AS_OF, "--no-cache", *flags, ".", cwd=root)
        after = Counter(_key(row) for row in _findings(root))
        left = Counter(_key(row) for row in before if row["fix"] not in fixed)
        assert {key: after[key] for key in map(_key, before)} == {
            key: left[key] for key in map(_key, before)
        }, flags
        os.chmod(root / "readonly.py", stat.S_IRUSR | stat.S_IWUSR)
        shutil.rmtree(root)
