"""Bad input never stops the run and never loses data: each case is built in a temporary directory
and run through the installed command, next to a good file whose finding must still be reported."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import AS_OF, CLI, run_cli

RETIRED_LINE = b'model = "claude-2.1"\n'

GOOD = ("good.py", 'MODEL = "claude-3-opus-20240229"\n')


def _lint(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[int, list[dict[str, object]], str]:
    result = run_cli("--as-of", AS_OF, "--format", "json", *args, cwd=root, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout or "[]"), result.stderr


def _with_good(root: Path) -> None:
    (root / GOOD[0]).write_text(GOOD[1])


def _good_still_reported(rows: list[dict[str, object]]) -> bool:
    return any(r["path"] == "good.py" and r["code"] == "CML001" for r in rows)


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / name).write_bytes(data)

    return make


def _sparse(name: str, size: int, tail: bytes = b"") -> Callable[[Path], None]:
    def make(root: Path) -> None:
        with open(root / name, "wb") as handle:
            handle.truncate(size - len(tail))
            handle.seek(0, os.SEEK_END)
            handle.write(tail)

    return make


def _long_line(root: Path) -> None:
    (root / "long.txt").write_text("x" * 10_000_000 + ' "claude-2.1"\n')


def _symlink(name: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / name).symlink_to(target)

    return make


def _self_loop(root: Path) -> None:
    (root / "sub").mkdir()
    (root / "sub" / "again").symlink_to("..")


def _fifo(root: Path) -> None:
    os.mkfifo(root / "pipe.txt")


def _socket(root: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock.txt"))
    sock.close()


# (id, make the bad entry, expected exit code, a piece of the one-line message or None)
CASES = [
    (
        "undecodable-python",
        _write("bad_bytes.py", b'M = "claude-2.1"  # \xff\xfe\n'),
        1,
        "bad_bytes.py: not valid utf-8 at byte 20; undecodable bytes are kept as they are",
    ),
    (
        "undecodable-text",
        _write("bad.yaml", b"model: claude-2.1\nname: \xc3\x28\n"),
        1,
        "bad.yaml: not valid utf-8 at byte 24",
    ),
    (
        "wrong-coding-cookie",
        _write("cookie.py", b'# -*- coding: klingon -*-\nM = "claude-2.1"\n'),
        1,
        "cookie.py: bad coding cookie",
    ),
    ("nul-bytes", _write("nul.txt", b"claude-2.1\x00\x00"), 1, None),
    (
        "syntax-error",
        _write("broken.py", b'def f(:\n    "claude-2.1"\n'),
        1,
        "broken.py: not valid Python (line 1",
    ),
    (
        "notebook-not-json",
        _write("nb.ipynb", b'{"cells": [ "claude-2.1" '),
        1,
        "nb.ipynb: not valid JSON",
    ),
    (
        "notebook-not-nbformat",
        _write("nb2.ipynb", b'{"worksheets": [], "m": "claude-2.1"}'),
        1,
        "nb2.ipynb: not an nbformat 4 notebook",
    ),
    ("malformed-json", _write("m.json", b'{"model": "claude-2.1",,'), 1, None),
    ("malformed-toml", _write("m.toml", b'model = "claude-2.1\n[['), 1, None),
    (
        "file-of-200-mb",
        _sparse("huge.txt", 200 * 1024 * 1024, b'\nM = "claude-2.1"\n'),
        1,
        "huge.txt: skipped: 200.0 MB is over max-file-size",
    ),
    (  # no 'claude' in it: it holds no id, and neither git grep nor a walk says a word of it
        "file-of-200-mb-without-an-id",
        _sparse("empty.txt", 200 * 1024 * 1024),
        1,
        "empty.txt",
    ),
    ("line-of-10-mb", _long_line, 1, "long.txt: skipped: 9.5 MB is over max-file-size"),
    ("path-with-space-and-unicode", _write("dir é/my file ü.env", b"M=claude-2.1\n"), 1, None),
    ("path-with-newline", _write("new\nline.txt", b"claude-2.1\n"), 1, None),
    (
        "broken-symlink",
        _symlink("gone.py", "does-not-exist.py"),
        1,
        "gone.py: broken symbolic link",
    ),
    ("symlink-loop", _symlink("loop.py", "loop.py"), 1, "loop.py: symbolic link loop"),
    ("directory-symlinked-into-itself", _self_loop, 1, None),
    ("fifo", _fifo, 1, None),
    ("socket", _socket, 1, None),
    ("empty-file", _write("empty.py", b""), 1, None),
]


# What git grep passes over without a word, since it cannot hold an id ('claude' is not in its
# bytes, or there are none): a walk in Python, which reads every file, says why it could not.
SAID_BY_THE_WALK_ONLY = {"broken-symlink", "symlink-loop"}
SAID_BY_NEITHER = {"file-of-200-mb-without-an-id"}  # (a walk searches it in place, as git grep)


@pytest.mark.parametrize("walk", [False, True], ids=["git-grep", "walk"])
@pytest.mark.parametrize(
    ("case", "make", "code", "message"), CASES, ids=[c[0] for c in CASES]
)  # fmt: skip
def test_bad_entry_is_reported_and_the_run_goes_on(
    tmp_path: Path, case: str, make: Callable[[Path], None], code: int, message: str | None,
    walk: bool,
) -> None:  # fmt: skip
    (tmp_path / "dir é").mkdir()
    _with_good(tmp_path)
    make(tmp_path)
    env = {"CLAUDE_MODEL_LINT_NO_GIT": "1"} if walk else None
    exit_code, rows, stderr = _lint(tmp_path, env=env)
    assert exit_code == code, stderr
    assert _good_still_reported(rows)
    if message is not None and (
        case in SAID_BY_NEITHER or (not walk and case in SAID_BY_THE_WALK_ONLY)
    ):
        assert message not in stderr  # known to hold no id: nothing to say
    elif message is not None:
        assert message in stderr
        line = next(line for line in stderr.splitlines() if message in line)
        assert len(line) < 300  # one clear line


def test_a_file_without_claude_is_never_decoded(tmp_path: Path) -> None:
    """'claud' is searched first (a rarer last letter): a file holding it but not 'claude'
    cannot hold an id, and is said nothing of, named or walked, either way."""
    (tmp_path / "claud.py").write_bytes(b'M = "claud\xff\xfe"\n')
    _with_good(tmp_path)
    walk = {"CLAUDE_MODEL_LINT_NO_GIT": "1"}
    for args, env in [((), None), ((), walk), (("claud.py", "good.py"), None)]:
        code, rows, stderr = _lint(tmp_path, *args, env=env)
        assert code == 1 and _good_still_reported(rows)
        assert "claud.py" not in stderr and "claud.py" not in {r["path"] for r in rows}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_gitignore_never_blocks(tmp_path: Path) -> None:
    """Reading it waited for a writer for ever, in a walk and for a file named below it."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "m.py").write_text('M = "claude-2.1"\n')
    os.mkfifo(tmp_path / "sub" / ".gitignore")
    walked = _lint(tmp_path, env={"CLAUDE_MODEL_LINT_NO_GIT": "1"})
    named = _lint(tmp_path, "sub/m.py")
    for code, rows, _ in (walked, named):
        assert code == 1 and [r["path"] for r in rows] == ["sub/m.py"]


def test_findings_in_odd_paths_keep_their_names(tmp_path: Path) -> None:
    (tmp_path / "dir é").mkdir()
    (tmp_path / "dir é" / "my file ü.env").write_text("M=claude-2.1\n")
    (tmp_path / "new\nline.txt").write_text("claude-2.1\n")
    _, rows, _ = _lint(tmp_path)
    assert {r["path"] for r in rows} == {"dir é/my file ü.env", "new\nline.txt"}


def test_binary_file_named_explicitly_says_so(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01claude-2.1")
    _with_good(tmp_path)
    code, rows, stderr = _lint(tmp_path, "blob.txt", "good.py")
    assert code == 1 and _good_still_reported(rows)
    assert "blob.txt: binary (NUL byte in the first 8 KiB)" in stderr


def test_fifo_or_device_named_explicitly_is_not_opened_and_fails_the_run(tmp_path: Path) -> None:
    """Review D14: a FIFO or a link to /dev/zero named on the command line was said on stderr
    and the run passed (exit 0, 'No findings.'): a file named and not checked is exit 2."""
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    _with_good(tmp_path)
    code, rows, stderr = _lint(tmp_path, "pipe", "zero.py", "good.py")  # a read would hang
    assert code == 2 and _good_still_reported(rows)
    assert "pipe: error: not a regular file" in stderr
    assert "zero.py: error: not a regular file" in stderr
    (tmp_path / "good.py").write_text("x = 1\n")
    assert _lint(tmp_path, "pipe")[0] == 2
    assert _lint(tmp_path, ".")[0] == 0  # walked, a special file is passed over (no text)


def test_missing_path_and_empty_repository(tmp_path: Path) -> None:
    code, rows, stderr = _lint(tmp_path)
    assert (code, rows) == (0, [])
    code, rows, stderr = _lint(tmp_path, "nope.py")
    assert code == 2 and "nope.py: error: no such file or directory" in stderr


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("selct = []\n", "selct: unknown key"),
        ('select = "CML001"\nfail-on = 3\n', "fail-on: 3 is not one of error, warning, info"),
        ("check-comments = 'yes'\n", "check-comments: expected true or false"),
        ("max-file-size = 'huge'\n", "max-file-size: expected a size"),
        ("exclude = ['!']\n", "exclude: bad pattern"),
        ("exclude = ['[z-a]']\n", "exclude: bad pattern"),
        ("max-file-size = -5\n", "max-file-size: expected a size of at least one byte"),
        ("max-file-size = '0.0001K'\n", "max-file-size: expected a size of at least one byte"),
        ("file-timeout = 'soon'\n", "file-timeout: expected seconds"),
        ("extend-exclude = 'vendor'\n", "extend-exclude: expected a list of glob patterns"),
        (
            "per-file-ignores = { 'a.py' = ['CML99'] }\n",
            "per-file-ignores.a.py: 'CML99' is not a rule code",
        ),
        ("[broken\n", "not valid TOML"),
        (
            "registry = 'overlay.toml'\n",
            "overlay.toml: models.\"claude-x\".retired: '2026-02-30' is not a date",
        ),
        ("registry = 'cycle.toml'\n", "replacement: cycle"),
        ("registry = 'bad.json'\n", "bad.json: not valid JSON"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(
    tmp_path: Path, config: str, message: str
) -> None:
    (tmp_path / ".claude-model-lint.toml").write_text(config)
    (tmp_path / "overlay.toml").write_text('[models."claude-x"]\nretired = "2026-02-30"\n')
    (tmp_path / "cycle.toml").write_text('[models."claude-opus-4-8"]\nreplacement = "claude-2.1"\n')
    (tmp_path / "bad.json").write_text("{")
    _with_good(tmp_path)
    result = run_cli("--as-of", AS_OF, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_an_internal_error_in_one_file_is_reported_and_the_others_are_checked(
    tmp_path: Path,
) -> None:
    # A sitecustomize makes the scanner fail on one file only: a stand-in for a bug of ours.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import claude_model_lint.scanners.text as t\n"
        "real = t.scan_text\n"
        "def scan_text(text, fmt, **kw):\n"
        "    if 'explode' in text: raise RuntimeError('scanner bug')\n"
        "    return real(text, fmt, **kw)\n"
        "t.scan_text = scan_text\n"
        "import claude_model_lint.check.engine as e\n"
        "e.scan_text = scan_text\n"
    )
    project = tmp_path / "p"
    project.mkdir()
    (project / "bomb.txt").write_text("explode claude-2.1\n")
    (project / "other.txt").write_text("claude-2.1\n")
    result = run_cli("--as-of", AS_OF, cwd=project, env={"PYTHONPATH": str(hook)})
    assert result.returncode == 2
    assert "bomb.txt: error: internal error: RuntimeError: scanner bug" in result.stderr
    assert "other.txt:1:1: CML001" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_9_during_fix_leaves_every_file_old_or_fixed(tmp_path: Path, jobs: str) -> None:
    old, new = 'M = "claude-3-opus-20240229"\n' * 200, 'M = "claude-opus-5-5"\n' * 200
    for i in range(300):
        (tmp_path / f"f{i:03}.txt").write_text(old)
    partial = False
    command = [CLI, "--as-of", AS_OF, "--fix", "-q", "--no-cache", "--jobs", jobs, "."]
    for delay in (0.15, 0.3, 0.5, 0.8, 1.2, 2, 3.5, 6):  # the run's length varies with the load
        if partial:
            break
        for path in tmp_path.glob("f*.txt"):  # every attempt starts from the whole job
            path.write_text(old)
        process = subprocess.Popen(command, cwd=tmp_path)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)  # with --jobs 2, the workers finish their chunk
        process.wait()
        contents = [path.read_text() for path in tmp_path.glob("f*.txt")]
        assert all(text in (old, new) for text in contents)
        partial = partial or 0 < contents.count(new) < len(contents)
    assert partial, "no kill landed in the middle of a run: make the run longer"
    time.sleep(0.5)
    leftover = subprocess.run(
        ["pgrep", "-f", "--", " ".join(command)], capture_output=True, text=True
    )
    assert leftover.stdout == "", "workers outlived their killed parent"
    result = run_cli("--as-of", AS_OF, "--fix", ".", cwd=tmp_path)  # finishes the job
    assert result.returncode == 0, result.stdout + result.stderr
    assert ".cml-tmp" not in result.stdout + result.stderr  # leftovers are never scanned or fixed
    assert all(p.read_text() == new for p in tmp_path.glob("f*.txt"))


def test_kill_9_during_a_check_leaves_no_worker_behind(tmp_path: Path) -> None:
    """A run that only reads arms no death signal (ctypes costs a worker 12-17 ms): its worker
    sees that its parent is gone before its next file and stops. Its workers are found as the
    run's children (a pattern over command lines also matched other runs on a shared machine);
    they may finish the file they hold: a few times one file's check, measured here, where they
    took their whole batch of 16 before."""
    text = 'M = "claude-3-opus-20240229"\n' * 8000  # a file takes a worker about 0.3 s
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "f.py").write_text(text)
    started = time.monotonic()
    subprocess.run([CLI, "--as-of", AS_OF, "-q", "--no-cache", "one"], cwd=tmp_path, check=False)
    one_file = time.monotonic() - started
    for i in range(200):
        (tmp_path / f"f{i:04}.py").write_text(text)
    command = [CLI, "--as-of", AS_OF, "-q", "--no-cache", "--jobs", "2", "--exclude", "one", "."]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL)
    workers: list[int] = []
    until = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < until:
        found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True)
        workers = [int(pid) for pid in found.stdout.split()]
        time.sleep(0.1)
    assert workers and process.poll() is None, "no workers before the run ended: make it longer"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + max(3.0, 4 * one_file)
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not [p for p in workers if _alive(p)], "a worker outlived its killed parent"


def _alive(pid: int) -> bool:
    """Still running: a zombie left for a container's init that does not reap is not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_file_deleted_or_made_unreadable_during_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from claude_model_lint.check.engine import RunOptions
    from claude_model_lint.config import Config
    from claude_model_lint.registry.registry import load_registry
    from claude_model_lint.run.runner import run

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("claude-2.1\n")
    real_open = os.open

    def guarded_open(file: object, *args: object, **kwargs: object) -> int:
        if str(file).endswith("c.txt"):  # root may read anything: stand in for chmod 000
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded_open)
    options = RunOptions(Config(root=tmp_path), load_registry(), date(2026, 11, 25))
    results = []
    for result in run([tmp_path], options):
        results.append(result)
        if result.path.endswith("a.txt"):
            (tmp_path / "b.txt").unlink()  # deleted after discovery, before it is read
    by_name = {Path(r.path).name: r for r in results}
    assert [d.code for d in by_name["a.txt"].diagnostics] == ["CML001"]
    assert by_name["b.txt"].notes == ("cannot read: No such file or directory",)
    assert by_name["c.txt"].error == "cannot read: Permission denied"  # exit 2 (issue 36)
    assert not by_name["b.txt"].checked and not by_name["c.txt"].checked


def test_no_findings_after_an_error_is_not_all_checked(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    result = run_cli("--as-of", AS_OF, "a.py", "missing.py", cwd=tmp_path)
    assert result.returncode == 2
    summary, coverage = result.stderr.splitlines()[-2:]
    assert summary == "No findings; 1 error above."
    assert coverage.startswith("Coverage: not read: 1 missing (-v lists them); ")


def test_a_sarif_log_named_on_the_command_line_is_never_rewritten(tmp_path: Path) -> None:
    log = '{"runs": [{"results": [{"message": {"text": "claude-3-opus-20240229 is retired"}}]}]}\n'
    (tmp_path / "x.sarif").write_text(log)
    result = run_cli("--as-of", AS_OF, "--fix", "x.sarif", cwd=tmp_path)
    assert (tmp_path / "x.sarif").read_text() == log
    assert "recorded data or history, never rewritten" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root enters any directory")
def test_a_directory_that_can_be_listed_but_not_entered(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.py").write_text('M = "claude-2.1"\n')
    locked.chmod(0o444)
    try:
        result = run_cli("--as-of", AS_OF, "--no-cache", "locked", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_a_file_name_that_is_not_utf8_gives_valid_json(tmp_path: Path) -> None:
    """Review D12: the name's undecodable byte was written raw into --format json (0xff): not
    UTF-8, so not JSON. It is escaped (the lone surrogate Python holds it as), as a string."""
    name = b"bad\xff.py"
    (tmp_path / os.fsdecode(name)).write_bytes(RETIRED_LINE)
    (tmp_path / "caf\u00e9.py").write_bytes(RETIRED_LINE)
    for named in (["."], ["-o", "out.json", "."]):
        done = subprocess.run(
            [CLI, "--as-of", AS_OF, "--no-cache", "--format", "json", *named], cwd=tmp_path,
            capture_output=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        out = done.stdout if named == ["."] else (tmp_path / "out.json").read_bytes()
        rows = json.loads(out.decode("utf-8"))  # strict: valid UTF-8 first of all
        assert {os.fsencode(row["path"]) for row in rows} == {name, "caf\u00e9.py".encode()}
        assert "caf\u00e9.py".encode() in out  # other names stay readable, not escaped
    text = run_cli("--as-of", AS_OF, "--no-cache", "-o", "out.txt", ".", cwd=tmp_path)
    assert text.returncode == 1, text.stderr  # was 'internal error: UnicodeEncodeError'
    assert name + b":1:10: CML001" in (tmp_path / "out.txt").read_bytes()  # as on stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("lines", [1, 5000], ids=["on-close", "while-writing"])
def test_an_output_file_that_cannot_be_written_is_one_line(tmp_path: Path, lines: int) -> None:
    """Review D11: '-o /dev/full' ended in 'internal error: OSError: [Errno 28]'."""
    (tmp_path / "app.py").write_bytes(RETIRED_LINE * lines)
    done = run_cli("--as-of", AS_OF, "--no-cache", "-q", "-o", "/dev/full", "app.py", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .endswith("--output-file: cannot write /dev/full: No space left on device")
    ), done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


def test_control_characters_in_a_name_are_escaped_in_github_annotations(tmp_path: Path) -> None:
    """Review M1: a file named with ESC wrote the raw byte into the annotation's file=, a
    terminal escape in the job's log. Every control character is now %XX, as CR and LF were."""
    name = "a\x1b[31m\x07\x9b.py"
    (tmp_path / name).write_bytes(RETIRED_LINE)
    done = run_cli("--as-of", AS_OF, "--no-cache", "--format", "github", ".", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert not any(c in done.stdout for c in "\x1b\x07\x9b"), done.stdout
    assert "::error file=a%1B[31m%07%9B.py,line=1," in done.stdout
