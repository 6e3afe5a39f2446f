"""Configs, overlays and arguments built to break the parsers (issue 36, items 12 and 14): one
line naming the file and the field, never "internal error", and a bad config deep in a walk
leaves the other files checked."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from .conftest import AS_OF, run_cli

RETIRED = 'M = "claude-2.1"\n'  # retired for good: no date can revive it
DEEP_TOML = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"


def _one_line_error(stderr: str) -> str:
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    return stderr


def test_a_deeply_nested_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".claude-model-lint.toml").write_text(DEEP_TOML)
    (tmp_path / "app.py").write_text(RETIRED)
    done = run_cli("--no-cache", "--as-of", AS_OF, "app.py", cwd=tmp_path)
    assert done.returncode == 2
    assert _one_line_error(done.stderr).endswith(
        ".claude-model-lint.toml: not valid TOML: nested too deeply\n"
    )


def test_a_deeply_nested_config_below_leaves_the_other_files_checked(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".claude-model-lint.toml").write_text(DEEP_TOML)
    (tmp_path / "sub" / "inside.py").write_text(RETIRED)
    (tmp_path / "app.py").write_text(RETIRED)
    done = run_cli("--no-cache", "--as-of", AS_OF, ".", cwd=tmp_path)
    assert done.returncode == 2
    assert "app.py:1:6: CML001" in done.stdout and "inside.py" not in done.stdout
    assert "sub/.claude-model-lint.toml: error: not valid TOML: nested too deeply" in (
        _one_line_error(done.stderr)
    )


def test_deeply_nested_overlays_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(RETIRED)
    (tmp_path / "deep.json").write_text('{"models": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (tmp_path / "deep.toml").write_text(DEEP_TOML)
    for name, kind in (("deep.json", "JSON"), ("deep.toml", "TOML")):
        done = run_cli("--no-cache", "--as-of", AS_OF, "--registry", name, "app.py", cwd=tmp_path)
        assert done.returncode == 2
        assert _one_line_error(done.stderr) == (
            f"claude-model-lint: error: {name}: not valid {kind}: nested too deeply\n"
        )


def test_a_datetime_in_an_overlay_names_the_field(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text('M = "claude-x-1"\n')
    (tmp_path / "ov.toml").write_text(
        '[models."claude-x-1"]\nname = "X"\nfamily = "opus"\nsources = ["S"]\n'
        'deprecated = 2026-01-01T10:00:00\n[sources]\nS = "ours"\n'
    )
    done = run_cli("--no-cache", "--as-of", AS_OF, "--registry", "ov.toml", "x.py", cwd=tmp_path)
    assert done.returncode == 2
    assert 'ov.toml: models."claude-x-1".deprecated: ' in _one_line_error(done.stderr)
    assert "is not a date (YYYY-MM-DD)" in done.stderr and done.stderr.count("\n") == 1


def test_a_punycode_coding_cookie_is_a_note(tmp_path: Path) -> None:
    """Found by the self-review: punycode raises a plain UnicodeError, not a decode error."""
    (tmp_path / "app.py").write_text("# coding: punycode\n" + RETIRED)
    done = run_cli("--no-cache", "--as-of", AS_OF, "app.py", cwd=tmp_path)
    assert done.returncode == 1 and "app.py:2:6: CML001" in done.stdout
    assert "app.py: not valid punycode; read as UTF-8" in _one_line_error(done.stderr)


def test_an_idna_coding_cookie_is_read_and_fixed(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("# -*- coding: idna -*-\n" + RETIRED)
    done = run_cli("--no-cache", "--as-of", AS_OF, "app.py", cwd=tmp_path)
    assert done.returncode == 1 and "app.py:2:6: CML001" in done.stdout
    assert "coding cookie 'idna'" in _one_line_error(done.stderr)
    fixed = run_cli("--no-cache", "--as-of", AS_OF, "--fix", "app.py", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert (tmp_path / "app.py").read_text() == '# -*- coding: idna -*-\nM = "claude-opus-5-5"\n'


def test_update_with_a_url_that_is_not_one(tmp_path: Path) -> None:
    import subprocess

    registry = str(Path(sys.executable).parent / "claude-model-lint-registry")
    for url in ("not a url", "ftp://example.com/x", "file:///etc/passwd", "http://x\nforged"):
        done = subprocess.run(
            [registry, "update", "--url", url], cwd=tmp_path, capture_output=True, text=True,
            timeout=60,
        )  # fmt: skip
        assert done.returncode == 2
        assert _one_line_error(done.stderr) == (
            f"claude-model-lint-registry: error: --url: {url!r} is not an http:// or https:// "
            "address\n"
        )


@pytest.mark.parametrize("command", ["update", "refresh-data"])
@pytest.mark.parametrize("option", ["--url", "--index"])
@pytest.mark.parametrize("url", ["http://[::1", "http://h:99999/", "https://h:x/"])
def test_an_address_urllib_cannot_split_is_one_line(
    tmp_path: Path, command: str, option: str, url: str
) -> None:
    """'http://[::1' ended in "internal error: ValueError: Invalid IPv6 URL" (review D10)."""
    import subprocess

    registry = str(Path(sys.executable).parent / "claude-model-lint-registry")
    done = subprocess.run(
        [registry, command, option, url, "--timeout", "1"], cwd=tmp_path, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert re.fullmatch(
        rf"claude-model-lint-registry: error: {option}: {re.escape(repr(url))} is not a valid "
        r"http:// or https:// (or file:// )?address \(.+\)\n",
        _one_line_error(done.stderr),
    )
