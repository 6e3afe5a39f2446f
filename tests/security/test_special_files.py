"""Special files where a file is expected (issue 36, item 9): standard input from /dev/zero, a
scan cache or a fetched registry replaced by a FIFO or a link to /dev/zero. Each is refused
without a read that never ends: the subprocess timeout is only a hang guard."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..conftest import AS_OF, CLI

RETIRED = 'M = "claude-2.1"\n'  # retired for good: no date can revive it


def _lint(*args: str, cwd: Path, stdin: object = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, "--as-of", AS_OF, *args], cwd=cwd, stdin=stdin, capture_output=True, text=True,
        timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip


def test_standard_input_from_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        done = _lint("--stdin-filename", "app.py", "-", cwd=tmp_path, stdin=zero)
    assert done.returncode == 2
    assert done.stderr == (
        "claude-model-lint: error: standard input: a device, not a file or a pipe\n"
    )


def test_standard_input_from_a_file_and_a_pipe_still_work(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(RETIRED)
    with open(tmp_path / "app.py", "rb") as source:
        done = _lint("--stdin-filename", "app.py", "-", cwd=tmp_path, stdin=source)
    assert done.returncode == 1 and "app.py:1:6: CML001" in done.stdout
    piped = subprocess.run(
        [CLI, "--as-of", AS_OF, "--stdin-filename", "app.py", "-"], cwd=tmp_path,
        input=RETIRED, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert piped.returncode == 1 and "app.py:1:6: CML001" in piped.stdout


def test_a_scan_cache_that_is_a_fifo_or_a_link_to_dev_zero(tmp_path: Path) -> None:
    project, caches = tmp_path / "project", tmp_path / "caches"
    project.mkdir()
    for i in range(60):  # enough files for the run to use the cache
        (project / f"f{i}.py").write_text(RETIRED)
    first = _lint("--cache-dir", str(caches), ".", cwd=project)
    assert first.returncode == 1
    (cache_file,) = caches.glob("claude-model-lint-cache/*/cml-*.json")
    for plant in (lambda p: os.mkfifo(p), lambda p: p.symlink_to("/dev/zero")):
        cache_file.unlink()
        plant(cache_file)
        done = _lint("--cache-dir", str(caches), ".", cwd=project)
        assert done.returncode == 1, done.stderr
        assert done.stdout.count(": CML001") == 60


def test_a_fetched_registry_that_is_a_fifo_or_a_link_to_dev_zero(tmp_path: Path) -> None:
    """A FIFO at the fetched-registry path blocked every run for ever (issue 36 item 9)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    os.mkfifo(cache / "fetched-registry.json")
    (cache / "fetched-sdk.json").symlink_to("/dev/zero")
    (tmp_path / "app.py").write_text(RETIRED)
    done = subprocess.run(
        [CLI, "--as-of", AS_OF, "--no-cache", "app.py"], cwd=tmp_path, capture_output=True,
        text=True, timeout=60, env={**os.environ, "CLAUDE_MODEL_LINT_CACHE_DIR": str(cache)},
    )  # fmt: skip
    assert done.returncode == 1 and "app.py:1:6: CML001" in done.stdout
    notes = [line for line in done.stderr.splitlines() if "fetched registry" in line]
    assert sorted(notes) == [
        f"claude-model-lint: note: {cache / 'fetched-registry.json'}: cannot read the fetched "
        "registry (not a regular file (a FIFO)); ignored",
        f"claude-model-lint: note: {cache / 'fetched-sdk.json'}: cannot read the fetched "
        "registry (not a regular file (a character device)); ignored",
    ]


def test_a_config_that_is_a_fifo_or_a_link_to_dev_zero_fails_the_run(tmp_path: Path) -> None:
    """Review M2: such a config was ignored without a word, and the run went on without it
    (its excludes, its ignores). Now it is a config that cannot be read: one line, exit 2."""
    (tmp_path / "app.py").write_text(RETIRED)
    config = tmp_path / ".claude-model-lint.toml"
    for plant, kind in ((os.mkfifo, "a FIFO"), (lambda p: p.symlink_to("/dev/zero"), "a char")):
        plant(config)
        done = _lint("--no-cache", ".", cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert f".claude-model-lint.toml: cannot read: not a regular file ({kind}" in done.stderr
        assert "Traceback" not in done.stderr
        config.unlink()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text(RETIRED)
    os.mkfifo(tmp_path / "sub" / ".claude-model-lint.toml")  # nested: the rest is still checked
    done = _lint("--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 2 and "app.py:1:6: CML001" in done.stdout
    assert "sub/.claude-model-lint.toml: error: cannot read: not a regular file" in done.stderr
