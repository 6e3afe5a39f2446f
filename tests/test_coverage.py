"""Coverage in every summary (issue 32 item 3): what was not read and why, counted by reason in
text, SARIF, GitHub annotations and the job summary; the paths with -v; the unknown ids; the
data that judged the run; --fail-on-incomplete. Real git repositories in tmp; the installed CLI.

The binary file is a real SQLite database (the table LangChain's SQLiteCache keeps, with a
model id in a row), made with the stdlib's sqlite3 as that cache makes it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import jsonschema
import pytest

from .conftest import AS_OF, CLI, run_cli
from .test_false_all_clear import _as_nobody
from .test_gate import git
from .test_sarif import SCHEMA

UNKNOWN = "claude-3-opus-20240231"  # a date no model has: CML004
DATA = "judged by the data of 2026-12-07 (bundled 2026-12-07)"


def _sqlite_cache(path: Path, model: str) -> None:
    """LangChain's SQLiteCache table (full_llm_cache: prompt, llm, idx, response)."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE full_llm_cache (prompt VARCHAR, llm VARCHAR, idx INTEGER, response VARCHAR)")  # fmt: skip
        db.execute("INSERT INTO full_llm_cache VALUES (?, ?, 0, ?)", ("hi", f'{{"model": "{model}"}}', "hello"))  # fmt: skip
    db.close()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def make_repo(tmp_path: Path) -> Path:
    """A binary holding an id (no binary suffix), a file over max-file-size (16K here), an unknown
    id, a binary and a file over the limit without 'claude' (checked: neither can hold an id),
    and a clean file."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / ".claude-model-lint.toml").write_text('max-file-size = "16K"\nfail-on = "error"\n')
    _sqlite_cache(tmp_path / "llm_cache", "claude-3-opus-20240229")
    (tmp_path / "notes.txt").write_text("claude-2.1\n" + "x" * 20000 + "\n")
    (tmp_path / "app.py").write_text(f'MODEL = "{UNKNOWN}"\n')
    (tmp_path / "logo.raw").write_bytes(b"\x89\x00\x01\x02 no id in here\n")
    (tmp_path / "dump.txt").write_text("x" * 20000 + "\n")  # over the limit, no 'claude': checked
    (tmp_path / "README.md").write_text("Nothing to see.\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x")
    return tmp_path


def lint(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli("--as-of", AS_OF, *args, ".", cwd=repo, env=env)


def coverage_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("Coverage: ")]
    assert len(lines) == 1, stderr
    return lines[0]


def test_text_counts_each_reason_the_unknown_ids_and_the_data(repo: Path) -> None:
    out = lint(repo, "--no-cache")
    assert out.returncode == 0, out.stderr  # fail-on error: the CML004 warning does not fail
    assert coverage_line(out.stderr) == (
        "Coverage: not read: 1 binary, 1 too large (-v lists them); 1 unknown id; " + DATA + "."
    )
    assert "logo.raw" not in out.stderr and "dump.txt" not in out.stderr  # no 'claude': checked


@pytest.mark.parametrize(
    "how", ["git grep", "walk", "warm cache"], ids=lambda how: how.replace(" ", "-")
)
def test_the_counts_do_not_depend_on_how_the_files_were_found(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, how: str
) -> None:
    """git grep never names a file without 'claude'; a walk (no git, or a warm cache) reads
    every file, and searches one over the limit in place: the binary and the large file without
    an id are counted by neither."""
    env = {"CLAUDE_MODEL_LINT_NO_GIT": "1"} if how == "walk" else None
    cache = ("--cache-dir", str(tmp_path_factory.mktemp("cache")))
    if how == "warm cache":
        lint(repo, *cache)
    out = lint(repo, *(cache if how == "warm cache" else ("--no-cache",)), env=env)
    assert "not read: 1 binary, 1 too large (-v lists them); 1 unknown id" in coverage_line(
        out.stderr
    )


def test_verbose_lists_each_path_with_its_reason(repo: Path) -> None:
    out = lint(repo, "--no-cache", "-v")
    listed = [line for line in out.stderr.splitlines() if line.startswith("  not read ")]
    assert listed == [
        "  not read (binary): llm_cache: binary (NUL byte in the first 8 KiB)",
        "  not read (too large): notes.txt: skipped: 20,012 bytes is over max-file-size (16,384 bytes)",
    ]
    assert coverage_line(out.stderr).startswith("Coverage: not read: 1 binary, 1 too large; ")


def test_fail_on_incomplete_flips_the_exit_code(repo: Path) -> None:
    assert lint(repo, "--no-cache").returncode == 0
    assert lint(repo, "--no-cache", "--fail-on-incomplete").returncode == 1
    assert lint(repo, "--no-cache", "--fail-on-incomplete", "--exit-zero").returncode == 0
    config = repo / ".claude-model-lint.toml"
    config.write_text(config.read_text() + "fail-on-incomplete = true\n")
    assert lint(repo, "--no-cache").returncode == 1  # the config key mirrors the flag
    assert lint(repo, "--no-cache", "--no-fail-on-incomplete").returncode == 0
    (repo / "notes.txt").write_text("claude-2.1\n")  # read now: retired, fails at error
    (repo / "llm_cache").unlink()
    out = lint(repo, "--no-cache", "--ignore", "CML001")
    assert out.returncode == 0, out.stderr  # all read: nothing incomplete
    assert coverage_line(out.stderr) == f"Coverage: every file in scope read; 1 unknown id; {DATA}."


def test_a_bad_config_value_is_named(repo: Path) -> None:
    (repo / ".claude-model-lint.toml").write_text('fail-on-incomplete = "yes"\n')
    out = lint(repo, "--no-cache")
    assert out.returncode == 2
    assert "fail-on-incomplete" in out.stderr and "Traceback" not in out.stderr


def test_what_the_config_excludes_is_a_choice_not_a_gap(repo: Path) -> None:
    out = lint(
        repo, "--no-cache", "--extend-exclude", "notes.txt,llm_cache", "--fail-on-incomplete"
    )
    assert out.returncode == 0, out.stderr
    assert coverage_line(out.stderr) == f"Coverage: every file in scope read; 1 unknown id; {DATA}."


def test_an_unreadable_file_and_directory_are_counted_and_fail_the_run(repo: Path) -> None:
    """chmod 000 (the run drops to nobody when the tests run as root, as test_false_all_clear)."""
    repo.chmod(0o755)
    (repo / "secret.py").write_text('M = "claude-2.1"\n')
    (repo / "secret.py").chmod(0)
    (repo / "locked").mkdir()
    (repo / "locked").chmod(0)
    env = {**os.environ, "NO_COLOR": "1", "CLAUDE_MODEL_LINT_NO_GIT": "1"}
    # (the size limit given again: as nobody, the config above an unsearchable /tmp/pytest-of-root
    # is not found)
    base = [*_as_nobody(), CLI, "--no-cache", "--as-of", AS_OF, "--max-file-size", "16K"]
    try:
        out = subprocess.run([*base, "-v", "."], cwd=repo, capture_output=True, text=True, env=env)
        sarif = subprocess.run(
            [*base, "--format", "sarif", "."], cwd=repo, capture_output=True, text=True, env=env
        )
    finally:
        (repo / "secret.py").chmod(0o644)
        (repo / "locked").chmod(0o755)
    assert out.returncode == 2, out.stderr
    assert "  not read (unreadable): secret.py: cannot read: Permission denied" in out.stderr
    assert "  not read (unreadable): locked: cannot list directory: Permission denied" in out.stderr
    assert "2 unreadable" in coverage_line(out.stderr)
    notes = json.loads(sarif.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    levels = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n["level"] for n in notes}  # fmt: skip
    assert levels == {
        "llm_cache": "warning", "notes.txt": "warning", "secret.py": "error", "locked": "error",
    }  # fmt: skip


def test_sarif_carries_the_counts_the_paths_and_the_data(repo: Path) -> None:
    out = lint(repo, "--no-cache", "--format", "sarif")
    log = json.loads(out.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["properties"]["coverage"] == {
        "complete": False,
        "notRead": {"binary": 1, "too large": 1},
        "unknownIds": 1,
    }
    assert run["properties"]["registryUpdated"] == "2026-12-07"
    assert run["properties"]["modelData"] == "bundled 2026-12-07"
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True  # passed over is not a failure of the tool
    said = [
        (n["descriptor"]["id"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for n in invocation["toolExecutionNotifications"]
    ]
    assert said == [("not-read/binary", "llm_cache"), ("not-read/too-large", "notes.txt")]


def test_github_notice_and_job_summary_say_it_in_one_line(repo: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    out = lint(repo, "--no-cache", "--format", "github", "--summary", str(summary), "--fail-on-incomplete")  # fmt: skip
    assert out.returncode == 1
    notices = [line for line in out.stdout.splitlines() if "model data::" in line]
    assert len(notices) == 1
    assert notices[0].endswith(
        "checked as of 2026-11-25; not read: 1 binary, 1 too large; 1 unknown id"
    )
    text = summary.read_text()
    assert "**Fails**: 2 files not read (`fail-on-incomplete`)." in text
    assert "Coverage: not read: 1 binary, 1 too large; 1 unknown id." in text


def test_json_stays_an_array_of_findings(repo: Path) -> None:
    """Standard output carries the report only (configuration.md): the coverage line is on
    standard error, and the findings' array keeps its shape."""
    out = lint(repo, "--no-cache", "--format", "json")
    assert [row["code"] for row in json.loads(out.stdout)] == ["CML004"]
    assert coverage_line(out.stderr).startswith("Coverage: not read: 1 binary")


def test_a_file_that_cannot_be_opened_is_unreadable_even_for_root(repo: Path) -> None:
    """A Unix socket named on the command line: open() fails (ENXIO) whoever runs it."""
    import socket

    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(repo / "agent.sock"))
        out = run_cli("--as-of", AS_OF, "--no-cache", "-v", "agent.sock", "app.py", cwd=repo)
    finally:
        server.close()
    assert out.returncode == 2
    assert "  not read (unreadable): agent.sock: cannot read: " in out.stderr
    assert coverage_line(out.stderr).startswith("Coverage: not read: 1 unreadable; 1 unknown id")


def test_the_docs_transcript_is_what_the_cli_prints(repo: Path) -> None:
    """docs/configuration.md's 'What the summary covers', run on this repository."""
    from .test_gate import _example

    codes = []
    for args, expected in _example("coverage"):
        out = run_cli("--as-of", AS_OF, "--no-cache", *args, cwd=repo)
        assert out.stdout.splitlines() + out.stderr.splitlines() == expected
        codes.append(out.returncode)
    assert codes == [0, 1]  # as the page says
