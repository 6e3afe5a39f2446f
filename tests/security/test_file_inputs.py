"""Files the user names are read only when they are regular files, and never past a cap.

Reproduced before (issue 16): `--registry` on a FIFO blocked for ever, on /dev/zero it grew
without bound; the same for `registry =` in a config, a usage CSV and an imported page. Each
run below has a timeout: a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claude_model_lint.errors import RegistryError
from claude_model_lint.registry.registry import OVERLAY_BYTES, load_registry
from tests.conftest import AS_OF, CLI

BIN = Path(sys.executable).parent


def _run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.fixture(params=["fifo", "dev-zero", "directory"])
def not_a_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    if request.param == "fifo":
        path = tmp_path / "pipe.toml"
        os.mkfifo(path)
        return path, "not a regular file (a FIFO)"
    if request.param == "dev-zero":
        return Path("/dev/zero"), "not a regular file (a character device)"
    path = tmp_path / "dir.toml"
    path.mkdir()
    return path, "not a regular file (a directory)"


def _one_line_error(result: subprocess.CompletedProcess[str], *parts: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert all(part in line for part in parts), line


def test_registry_option(tmp_path: Path, not_a_file: tuple[Path, str]) -> None:
    path, why = not_a_file
    (tmp_path / "a.py").write_text('M = "claude-2.1"\n')
    result = _run(CLI, "--as-of", AS_OF, "--registry", str(path), ".", cwd=tmp_path)
    _one_line_error(result, str(path), why)


def test_registry_in_a_config(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / "overlay.toml")
    (tmp_path / ".claude-model-lint.toml").write_text('registry = "overlay.toml"\n')
    (tmp_path / "a.py").write_text('M = "claude-2.1"\n')
    result = _run(CLI, "--as-of", AS_OF, ".", cwd=tmp_path)
    _one_line_error(result, "overlay.toml", "a FIFO")


def test_an_overlay_over_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as handle:
        handle.truncate(OVERLAY_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(RegistryError, match="larger than 16 MB"):
        load_registry([big])


def test_usage_csv(tmp_path: Path, not_a_file: tuple[Path, str]) -> None:
    path, why = not_a_file
    if path.is_dir():
        pytest.skip("click refuses a directory itself (dir_okay=False)")
    result = _run(str(BIN / "claude-model-lint-usage"), str(path), cwd=tmp_path)
    _one_line_error(result, str(path), why)


def test_imported_page(tmp_path: Path, not_a_file: tuple[Path, str]) -> None:
    path, why = not_a_file
    if path.is_dir():
        pytest.skip("click refuses a directory itself (dir_okay=False)")
    result = _run(str(BIN / "claude-model-lint-registry"), "import", str(path), cwd=tmp_path)
    _one_line_error(result, str(path), why)


def test_only_the_argument_dash_is_standard_input(tmp_path: Path) -> None:
    """Review 3 S4: a committed file named ``-`` is a file, spelled ``./-`` or named by the hooks
    (``--names-are-files`` makes it ``./-``); ``Path("./-") == Path("-")`` read standard input."""
    (tmp_path / "-").write_text('model = "claude-2.1"\n')
    (tmp_path / "ok.py").write_text("x = 1\n")
    base = [str(CLI), "--no-cache", "--as-of", AS_OF, "-q"]
    for argv in (["./-"], ["--force-exclude", "--names-are-files", "ok.py", "-"]):
        out = subprocess.run(
            [*base, *argv], cwd=tmp_path, capture_output=True, text=True, timeout=60,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert out.returncode == 1, (argv, out.stderr)
        assert out.stdout.startswith("-:1:10: CML001"), (argv, out.stdout)
    piped = subprocess.run(
        [*base, "-"], cwd=tmp_path, capture_output=True, text=True, timeout=60, input="x = 1\n"
    )
    assert piped.returncode == 0, piped.stdout + piped.stderr  # "-" itself: what is piped in
