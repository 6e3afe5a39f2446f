"""--fix never loses data: atomic writes, mode kept, no write over a file that changed or is read-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from claude_model_lint.check.writer import WriteRefused, write_atomic

from .conftest import AS_OF, run_cli


def test_replaces_content_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "run.sh"
    path.write_bytes(b"old")
    path.chmod(0o751)
    write_atomic(path, b"old", b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["run.sh"]  # no temporary file left behind


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(b"edited by someone else")
    with pytest.raises(WriteRefused, match="changed on disk during the run"):
        write_atomic(path, b"what we read", b"fixed")
    assert path.read_bytes() == b"edited by someone else"


def test_read_only_files_are_reported_not_forced(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(b"x")
    path.chmod(0o444)
    with pytest.raises(WriteRefused, match="read-only"):
        write_atomic(path, b"x", b"y")
    assert path.read_bytes() == b"x"


def test_symlinks_are_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.py"
    target.write_bytes(b"x")
    link = tmp_path / "link.py"
    link.symlink_to(target)
    with pytest.raises(WriteRefused, match="symbolic link"):
        write_atomic(link, b"x", b"y")
    assert link.is_symlink() and target.read_bytes() == b"x"


def test_fix_and_diff_end_to_end(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_bytes(b'M = "claude-3-opus-20240229"\r\nN = "claude-opus-4@20250805"\r\n')
    app.chmod(0o640)
    conf = tmp_path / "conf.yaml"
    conf.write_text("model: claude-opus-5-5\n")
    before = app.read_bytes()

    diff = run_cli("--as-of", AS_OF, "--diff", ".", cwd=tmp_path)
    assert diff.returncode == 1
    # the captured text has universal newlines; the file's own CRLF is checked after --fix
    assert '-M = "claude-3-opus-20240229"\n+M = "claude-opus-5-5"\n' in diff.stdout
    assert diff.stdout.startswith("--- a/app.py\n+++ b/app.py\n")
    assert "Would fix 1 id in 1 file" in diff.stderr
    assert app.read_bytes() == before  # --diff writes nothing

    fixed = run_cli("--as-of", AS_OF, "--fix", ".", cwd=tmp_path)
    assert "Fixed 1 id in 1 file" in fixed.stderr
    assert fixed.returncode == 1  # the CML004 that remains is a warning at or above fail-on
    assert "CML004" in fixed.stdout and "CML001" not in fixed.stdout
    assert app.read_bytes() == b'M = "claude-opus-5-5"\r\nN = "claude-opus-4@20250805"\r\n'
    assert stat.S_IMODE(app.stat().st_mode) == 0o640

    nothing = run_cli("--as-of", AS_OF, "--diff", "conf.yaml", cwd=tmp_path)
    assert (nothing.returncode, nothing.stdout) == (0, "")
    clean = run_cli("--as-of", AS_OF, "--fix", "--ignore", "CML004", ".", cwd=tmp_path)
    assert clean.returncode == 0


def test_fix_reports_a_read_only_file_and_goes_on(tmp_path: Path) -> None:
    locked = tmp_path / "locked.py"
    locked.write_text('M = "claude-2.1"\n')
    locked.chmod(0o444)
    other = tmp_path / "other.py"
    other.write_text('M = "claude-2.1"\n')
    result = run_cli("--as-of", AS_OF, "--fix", ".", cwd=tmp_path)
    assert "locked.py: not fixed: read-only" in result.stderr
    assert other.read_text() == 'M = "claude-opus-5-5"\n'
    assert locked.read_text() == 'M = "claude-2.1"\n'
    assert os.access(locked, os.R_OK)
