"""No false all-clear (issue 36, item 13): a file that could be checked and was not (over the time
budget, unreadable) makes the run exit 2 and is said; the summary never says "All checked" (what a
run reads varies: git grep never reads a file without 'claude'); an unreadable file named on the
command line is one line, the others are checked."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .conftest import AS_OF, CLI, run_cli

RETIRED = 'MODEL = "claude-2.1"\n'  # retired for good: no date can revive it


def test_a_file_over_the_time_budget_fails_the_run(tmp_path: Path) -> None:
    # the file: 170,000 retired ids, over a budget far below what scanning it takes
    (tmp_path / "big.py").write_text(RETIRED * 170_000)
    done = run_cli("--no-cache", "--as-of", AS_OF, "--file-timeout", "0.05", "big.py", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "big.py: error: not checked: scanning took over 0.05 s (file-timeout)" in done.stderr
    assert "All checked" not in done.stderr
    assert "No findings; 1 error above.\nCoverage: not read: 1 over time budget" in done.stderr


def test_a_file_passed_over_is_not_all_checked(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("claude-2.1\n" * 100)
    done = run_cli("--no-cache", "--as-of", AS_OF, "--max-file-size", "100", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr  # the user's own limit: said, not a failure
    assert "is over max-file-size" in done.stderr
    assert "No findings.\nCoverage: not read: 1 too large" in done.stderr
    assert "All checked" not in done.stderr and "every file" not in done.stderr


def _as_nobody() -> list[str]:
    """root reads any file: the run drops to nobody to meet Permission denied."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]


def test_an_unreadable_file_named_fails_the_run_and_the_others_are_checked(
    tmp_path: Path,
) -> None:
    tmp_path.chmod(0o755)
    (tmp_path / "secret.py").write_text(RETIRED)
    (tmp_path / "secret.py").chmod(0)
    (tmp_path / "app.py").write_text(RETIRED)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.py").write_text(RETIRED)
    (tmp_path / "locked").chmod(0)
    env = {**os.environ, "NO_COLOR": "1", "CLAUDE_MODEL_LINT_CACHE_DIR": str(tmp_path / "c")}
    for args in (["secret.py", "app.py"], ["."], ["locked", "app.py"]):
        done = subprocess.run(
            [*_as_nobody(), CLI, "--no-cache", "--as-of", AS_OF, *args],
            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert done.returncode == 2, (args, done.stderr)
        assert "app.py:1:10: CML001" in done.stdout, (args, done.stdout)
        assert "Permission denied" in done.stderr and "Traceback" not in done.stderr
        assert "All checked" not in done.stderr
