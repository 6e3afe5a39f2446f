"""Mistakes and odd files get a message, never "internal error": one usage line and exit 2 for
the command line, a per-file note for a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import AS_OF, run_cli


@pytest.mark.parametrize("size", ["1e400G", "-5MB", "0.0001K", "0", "nan", "-1"])
def test_a_size_that_is_not_one_is_a_usage_error(size: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("claude-2.1\n")
    done = run_cli("--max-file-size", size, "a.txt", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "max-file-size" in done.stderr, done.stderr


@pytest.mark.parametrize("size", ["5MB", "512 KiB", "100", "1.5K"])
def test_sizes_that_are_sizes_still_pass(size: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("claude-2.1\n")
    assert run_cli("--as-of", AS_OF, "--max-file-size", size, "a.txt", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize(
    ("cookie", "body", "note"),
    [
        ("rot13", 'M = "claude-2.1"\n', "'rot13' is not a text encoding"),
        ("base64", 'M = "claude-2.1"\n', "'base64' is not a text encoding"),
        ("hex_codec", 'M = "claude-2.1"\n', "is not a text encoding"),
        ("utf-7", 'M = "claude-2.1+AGE-x"\n', "would not be written back byte for byte"),
        ("utf-7", 'M = "claude-2.1" + "x"\n', "not valid utf-7"),
        ("utf-7", 'M = "claude-2.1"  # a~b\n', "would not be written back byte for byte"),
    ],
)
def test_a_coding_cookie_that_cannot_be_used_is_a_note(
    cookie: str, body: str, note: str, tmp_path: Path
) -> None:
    (tmp_path / "a.py").write_text(f"# -*- coding: {cookie} -*-\n{body}")
    done = run_cli("--as-of", AS_OF, "--no-cache", "a.py", cwd=tmp_path)
    assert "internal error" not in done.stdout + done.stderr
    assert note in done.stderr, done.stderr
    assert "a.py:2:6: CML001" in done.stdout  # still read, as UTF-8
