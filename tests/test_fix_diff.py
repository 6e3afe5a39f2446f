"""`--fix --diff`: --diff wins, nothing is written (issue 16: it wrote, saying "Would fix 0 ids")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import AS_OF, run_cli


@pytest.mark.parametrize("order", [("--fix", "--diff"), ("--diff", "--fix")])
def test_diff_wins_over_fix(tmp_path: Path, order: tuple[str, str]) -> None:
    app = tmp_path / "app.py"
    app.write_text('M = "claude-2.1"\n')
    before = app.stat()
    result = run_cli("--as-of", AS_OF, "--no-cache", *order, ".", cwd=tmp_path)
    assert app.read_text() == 'M = "claude-2.1"\n'
    assert app.stat().st_mtime_ns == before.st_mtime_ns and app.stat().st_ino == before.st_ino
    assert result.returncode == 1
    assert '-M = "claude-2.1"' in result.stdout and '+M = "claude-opus-5-5"' in result.stdout
    assert "Would fix 1 id in 1 file" in result.stderr


def test_diff_wins_on_standard_input(tmp_path: Path) -> None:
    import subprocess

    from tests.conftest import CLI

    result = subprocess.run(
        [CLI, "--as-of", AS_OF, "--fix", "--diff", "--stdin-filename", "app.py", "-"],
        input='M = "claude-2.1"\n', capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1 and '+M = "claude-opus-5-5"' in result.stdout
    assert 'M = "claude-opus-4-8"\n' not in result.stdout.replace('+M = "claude-opus-5-5"\n', "")
