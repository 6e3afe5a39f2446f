"""--fix never loses an edit: races, signals, hard links and extended attributes (issue 16).

Reproduced before: an edit made while the fixed text was being written was overwritten and a
deleted file came back; SIGINT/SIGTERM left `.NAME.*.cml-tmp` files in about half the runs; a
hard link was split and xattrs were dropped. The signal tests send real signals to a real
process; all of these run in a few seconds.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claude_model_lint.check.writer import WriteRefused, write_atomic
from tests.conftest import AS_OF, run_cli


def _during_the_write(monkeypatch: pytest.MonkeyPatch, act: Callable[[], None]) -> None:
    """Run ``act`` at the worst moment: the temporary file is written and synced, the rename
    has not happened yet."""
    real = os.fsync
    done: list[bool] = []

    def fsync_then_act(fd: int) -> None:
        real(fd)
        if not done:
            done.append(True)
            act()

    monkeypatch.setattr(os, "fsync", fsync_then_act)


def test_an_edit_during_the_write_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(b'M = "claude-2.1"\n')

    def append() -> None:
        with open(path, "ab") as handle:
            handle.write(b"# a line the user just typed\n")

    _during_the_write(monkeypatch, append)
    with pytest.raises(WriteRefused, match="changed on disk during the run"):
        write_atomic(path, b'M = "claude-2.1"\n', b'M = "claude-opus-5-5"\n')
    assert path.read_bytes() == b'M = "claude-2.1"\n# a line the user just typed\n'
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]


def test_an_append_just_before_the_rename_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The append race (issue 36 item 5: 1 line of 600 lost): a line appended after the last
    check, just before the rename, went to the replaced file and was lost. Now the old file is
    looked at again after the rename and, written to, put back."""
    path = tmp_path / "a.py"
    path.write_bytes(b'M = "claude-2.1"\n')
    real = os.replace

    def append_then_replace(source: str, target: Path) -> None:
        if target == path:
            with open(path, "ab") as handle:  # a logger's open, append, close
                handle.write(b"# appended in the window\n")
        real(source, target)

    monkeypatch.setattr(os, "replace", append_then_replace)
    with pytest.raises(WriteRefused, match="changed on disk during the write"):
        write_atomic(path, b'M = "claude-2.1"\n', b'M = "claude-opus-5-5"\n')
    assert path.read_bytes() == b'M = "claude-2.1"\n# appended in the window\n'
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]


def test_a_file_deleted_during_the_write_stays_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(b'M = "claude-2.1"\n')
    _during_the_write(monkeypatch, path.unlink)
    with pytest.raises(WriteRefused, match="deleted during the run"):
        write_atomic(path, b'M = "claude-2.1"\n', b'M = "claude-opus-5-5"\n')
    assert list(tmp_path.iterdir()) == []


def test_a_file_replaced_during_the_write_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same size, same bytes even: an editor's save-by-rename is a new inode, not ours to undo."""
    path = tmp_path / "a.py"
    path.write_bytes(b'M = "claude-2.1"\n')

    def save_by_rename() -> None:
        (tmp_path / "new").write_bytes(b'M = "claude-2.2"\n')
        os.replace(tmp_path / "new", path)

    _during_the_write(monkeypatch, save_by_rename)
    with pytest.raises(WriteRefused, match="changed on disk"):
        write_atomic(path, b'M = "claude-2.1"\n', b'M = "claude-opus-5-5"\n')
    assert path.read_bytes() == b'M = "claude-2.2"\n'


CHILD = """
import signal, sys
from pathlib import Path
signal.signal(signal.SIGINT, signal.default_int_handler)  # (ignored if the suite was started so)
from claude_model_lint.check.writer import write_atomic
path = Path(sys.argv[1])
a, b = b"a" * 8_000_000, b"b" * 8_000_000
path.write_bytes(a)
print("writing", flush=True)
while True:
    write_atomic(path, a, b)
    a, b = b, a
"""


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT]
)  # (issue 36 item 5: SIGHUP and SIGQUIT left .cml-tmp files in 3 runs of 6)
def test_signals_leave_no_temporary_file(tmp_path: Path, signum: int) -> None:
    """Real signals at random moments into a process that does nothing but write."""
    rng = random.Random(signum)
    path = tmp_path / "big.txt"
    for _ in range(8):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            assert child.stdout is not None and child.stdout.readline() == b"writing\n"
            time.sleep(rng.uniform(0.01, 0.15))
            child.send_signal(signum)
            child.communicate(timeout=20)
        finally:  # never a writer left looping
            child.kill()
            child.communicate()
        assert child.returncode != 0  # it was stopped by the signal, not finished
        assert [p.name for p in tmp_path.iterdir()] == ["big.txt"]
        assert path.read_bytes() in (b"a" * 8_000_000, b"b" * 8_000_000)


def test_hard_links_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text('M = "claude-2.1"\n')
    os.link(path, tmp_path / "other-name.py")
    inode = path.stat().st_ino
    result = run_cli("--as-of", AS_OF, "--no-cache", "--fix", "a.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "other-name.py").read_text() == 'M = "claude-opus-5-5"\n'
    assert path.stat().st_ino == inode and path.stat().st_nlink == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py", "other-name.py"]


def test_setuid_and_setgid_bits_are_kept(tmp_path: Path) -> None:
    """Review 3 m2: a 4755 file came back 755 (chown, which clears setuid, ran after chmod)."""
    path = tmp_path / "a.py"
    path.write_text('M = "claude-2.1"\n')
    os.chmod(path, 0o6755)
    result = run_cli("--as-of", AS_OF, "--no-cache", "--fix", "a.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == 'M = "claude-opus-5-5"\n'
    assert oct(path.stat().st_mode & 0o7777) == oct(0o6755)


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text('M = "claude-2.1"\n')
    try:
        os.setxattr(path, "user.origin", b"kept")
    except OSError:
        pytest.skip("this file system has no user extended attributes")
    result = run_cli("--as-of", AS_OF, "--no-cache", "--fix", "a.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == 'M = "claude-opus-5-5"\n'
    assert os.getxattr(path, "user.origin") == b"kept"


def test_the_cli_interrupted_during_fix_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The installed CLI, `--fix` over many large files, stopped by SIGINT, SIGTERM, SIGHUP or
    SIGQUIT at a random moment: every file is whole (old or fixed), and no `.cml-tmp` file is
    left (issue 36 item 5: SIGHUP and SIGQUIT too)."""
    from tests.conftest import CLI

    rng = random.Random(16)
    body = "y" * 1_000_000 + "\n"
    stopped = 0
    for round_ in range(4):
        repo = tmp_path / f"r{round_}"
        (repo / ".git").mkdir(parents=True)
        for i in range(100):
            (repo / f"f{i}.txt").write_text("model: claude-2.1\n" + body)
        child = subprocess.Popen(
            [CLI, "--as-of", AS_OF, "--no-cache", "--fix", "--jobs", "1", "."],
            cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        created = repo.stat().st_mtime_ns
        deadline = time.monotonic() + 20
        while repo.stat().st_mtime_ns == created and time.monotonic() < deadline:
            time.sleep(0.002)  # until the first temporary file appears: the fixing has begun
        time.sleep(rng.uniform(0, 0.3))
        signum = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)[round_ % 4]
        child.send_signal(signum)
        code = child.wait(timeout=30)  # 128+n as a shell shows it: 130, or ended by the signal
        assert code in (0, 1, 128 + signum, -signum), (signum, code)
        stopped += code != 0
        assert not list(repo.glob(".*.cml-tmp"))
        for path in repo.glob("f*.txt"):
            assert path.read_text() in (
                "model: claude-2.1\n" + body,
                "model: claude-opus-5-5\n" + body,
            )


@pytest.mark.parametrize("option", ["-o", "--output-file", "--sarif-file", "--summary"])
def test_a_report_never_replaces_a_file_named_to_be_checked(tmp_path: Path, option: str) -> None:
    """`-o app.py app.py` emptied app.py before reading it (issue 36 item 5)."""
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    (tmp_path / "sub").mkdir()
    result = run_cli(
        "--as-of", AS_OF, "--no-cache", option, "./sub/../app.py", "app.py", cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.endswith("is also a file to check; name another file\n")
    assert (tmp_path / "app.py").read_text() == 'M = "claude-2.1"\n'


@pytest.mark.parametrize("option", ["-o", "--sarif-file", "--write-baseline", "--summary"])
def test_nothing_the_run_writes_replaces_a_file_of_a_directory_checked(
    tmp_path: Path, option: str
) -> None:
    """Review D3, D4: `-o keep.py .` replaced keep.py (checked by the walk of .) with the
    report; --write-baseline replaced it with JSON; --summary (M3) appended Markdown to it."""
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    (tmp_path / "keep.py").write_text("x = 1\n")
    result = run_cli("--as-of", AS_OF, "--no-cache", option, "keep.py", ".", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "keep.py is also a file to check" in result.stderr
    assert (tmp_path / "keep.py").read_text() == "x = 1\n"


def test_a_report_kept_in_the_tree_but_left_out_of_the_check_is_rewritten(tmp_path: Path) -> None:
    """The guard refuses only what the run would check: a gitignored or new report is written."""
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    (tmp_path / ".gitignore").write_text("report.txt\n")
    (tmp_path / "report.txt").write_text("an old report\n")
    for target in ["report.txt", "new-report.txt"]:
        result = run_cli("--as-of", AS_OF, "--no-cache", "-o", target, ".", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert "app.py:1:" in (tmp_path / target).read_text()


@pytest.mark.parametrize(
    ("option", "name"),
    [("--write-baseline", "out.json"), ("--sarif-file", "out.json"), ("--summary", "out.md")],
)
def test_a_baseline_sarif_log_or_summary_in_the_tree_is_refreshed_in_place(
    tmp_path: Path, option: str, name: str
) -> None:
    """What this tool wrote before is no one's source: `--write-baseline FILE .` runs again."""
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    for _ in range(2):
        result = run_cli("--as-of", AS_OF, "--no-cache", option, name, ".", cwd=tmp_path)
        assert result.returncode in (0, 1), result.stderr
    assert "claude-2.1" in (tmp_path / name).read_text()


@pytest.mark.parametrize("option", ["-o", "--sarif-file", "--write-baseline", "--summary"])
@pytest.mark.parametrize(
    "head",
    [
        '# tests for our "$schema" handling (sarif)\nSCHEMA = {"$schema": "sarif"}\n',
        '# FORMAT = "claude-model-lint baseline 1"\n',
        "## claude-model-lint: how the summary looks\n",
        '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [{"tool":'
        ' {"driver": {"name": "other-tool"}}}]}\n',
    ],
)
def test_a_source_that_mentions_our_formats_is_not_taken_for_our_file(
    tmp_path: Path, option: str, head: str
) -> None:
    """Review 3 D-b: the guard recognised its own files by words in their first 4 KB, so a
    source file mentioning "$schema" and sarif (or the baseline's format line) was replaced by
    the report. Our files are told by their structure: JSON that is a baseline or a SARIF log
    of this tool, or a file starting with the summary's heading line."""
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    name = "schema_test.json" if head.startswith("{") else "schema_test.py"
    body = head + ("" if head.startswith("{") else 'MODEL = "claude-2.1"\n')
    (tmp_path / name).write_text(body)
    result = run_cli("--as-of", AS_OF, "--no-cache", "-q", option, name, ".", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{name} is also a file to check" in result.stderr
    assert (tmp_path / name).read_text() == body


@pytest.mark.parametrize("option", ["-o", "--write-baseline", "--summary"])
def test_a_hard_link_to_a_checked_file_is_refused_as_the_file(tmp_path: Path, option: str) -> None:
    """Verifier N1: `ln src/app.py report.txt; -o report.txt src` emptied src/app.py (the guard
    compared real paths, and a hard link has its own)."""
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "app.py"
    source.write_text('model = "claude-2.1"\n')
    os.link(source, tmp_path / "report.txt")
    result = run_cli("--as-of", AS_OF, "--no-cache", option, "report.txt", "src", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "report.txt is also a file to check" in result.stderr
    assert source.read_text() == 'model = "claude-2.1"\n'
