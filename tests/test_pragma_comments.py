"""Suppressions are comments (SPEC): in Python a string literal that spells a pragma is data and
hides nothing (the review's D13: ``y = "claude-model-lint: ignore"`` and ``doc =
"claude-model-lint: skip-file"`` hid the findings). Other formats find the pragma by its words."""

from __future__ import annotations

from pathlib import Path

import pytest

from claude_model_lint.check.options import ScanRecord
from claude_model_lint.run.cache import _record_from, _record_to

from .conftest import AS_OF, run_cli

CASES = {  # file -> (text, reported)
    "string_ignore.py": ('x = "claude-2.1"; y = "claude-model-lint: ignore"\n', True),
    "string_skip.py": ('doc = "claude-model-lint: skip-file"\nx = "claude-2.1"\n', True),
    "hash_in_string.py": ('x = "claude-2.1"; y = "# claude-model-lint: ignore"\n', True),
    "comment_ignore.py": ('x = "claude-2.1"  # claude-model-lint: ignore\n', False),
    "comment_codes.py": ('x = "claude-2.1"  # claude-model-lint: ignore[CML001]\n', False),
    "comment_skip.py": ('# claude-model-lint: skip-file\nx = "claude-2.1"\n', False),
    "both.py": ('x = "claude-2.1"; y = "claude-model-lint: ignore"  # claude-model-lint: ignore\n',
                False),
    "notes.md": ("Use claude-2.1 <!-- claude-model-lint: ignore -->\n", False),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_only_a_comment_suppresses_in_python(tmp_path: Path, name: str) -> None:
    text, reported = CASES[name]
    (tmp_path / name).write_text(text)
    run = run_cli("--as-of", AS_OF, "--no-cache", "--select", "CML001", name, cwd=tmp_path)
    assert run.returncode == (1 if reported else 0), run.stdout + run.stderr
    assert (f"{name}:" in run.stdout) is reported


def test_a_cached_record_keeps_which_lines_hold_a_pragma_comment() -> None:
    record = ScanRecord(lines={1: 'x = "claude-model-lint: ignore"'}, pragmas={2: "# x"})
    kept = _record_to(record)
    assert kept is not None and _record_from(kept).pragmas == {2: "# x"}
    assert _record_from({**kept, "pragmas": None}).pragmas is None  # another format: the text
