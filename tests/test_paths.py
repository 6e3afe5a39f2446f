"""The paths given: a typo is an error (after the other paths are checked, as in ruff), ``-`` is
standard input named by --stdin-filename, and an unreadable path is a note, named or walked."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

from .conftest import AS_OF, CLI, run_cli

RETIRED = 'M = "claude-2.1"\n'


def _stdin(root: Path, text: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(
        [CLI, "--as-of", AS_OF, *args], cwd=root, input=text, capture_output=True, env=env,
        timeout=60,
    )  # fmt: skip


def test_a_missing_path_is_an_error_after_the_others_are_checked(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text(RETIRED)
    result = run_cli("--as-of", AS_OF, "nope.py", "good.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "good.py:1:6: CML001" in result.stdout
    assert [line for line in result.stderr.splitlines() if "nope.py" in line] == [
        "nope.py: error: no such file or directory"
    ]


def test_stdin_is_judged_as_its_filename(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / ".claude-model-lint.toml").write_text('select = ["CML004"]\n')
    result = _stdin(tmp_path, b"model: claude-2.1\n", "--format", "json", "--stdin-filename",
                    "conf/app.yaml", "-")  # fmt: skip
    assert result.returncode == 1, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["path"], r["line"], r["column"]) for r in rows] == [("conf/app.yaml", 1, 8)]
    nested = _stdin(tmp_path, RETIRED.encode(), "--stdin-filename", "pkg/a.py")  # its config
    assert (nested.returncode, nested.stdout) == (0, b"")
    plain = _stdin(tmp_path, RETIRED.encode(), "-")
    assert plain.returncode == 1 and plain.stdout.startswith(b"-:1:6: CML001")


def test_stdin_filename_decides_the_excludes(tmp_path: Path) -> None:
    args = ("--stdin-filename", "node_modules/lib/x.py", "-")
    assert _stdin(tmp_path, RETIRED.encode(), *args).returncode == 1  # named: defaults skipped
    forced = _stdin(tmp_path, RETIRED.encode(), "--force-exclude", *args)
    assert (forced.returncode, forced.stdout) == (0, b"")
    fixed = _stdin(tmp_path, RETIRED.encode(), "--force-exclude", "--fix", *args)
    assert fixed.stdout == RETIRED.encode()  # excluded: given back as it came


def test_fix_stdin_writes_only_the_fixed_text(tmp_path: Path) -> None:
    source = (
        '# -*- coding: latin-1 -*-\r\nM = "claude-2.1"  # café\r\nN = "claude-opus-4@20250805"\r\n'
    )
    result = _stdin(tmp_path, source.encode("latin-1"), "--fix", "--stdin-filename", "a.py", "-")
    expected = source.replace("claude-2.1", "claude-opus-5-5").encode("latin-1")
    assert result.stdout == expected, result.stderr  # its encoding and line endings kept
    assert b"a.py:3:6: CML004" in result.stderr  # what is left goes to standard error
    assert not list(tmp_path.iterdir())  # nothing written to disk
    utf8 = _stdin(tmp_path, RETIRED.encode(), "--fix", "-")
    assert utf8.stdout == b'M = "claude-opus-5-5"\n' and utf8.returncode == 0


def test_stdin_cannot_be_mixed_with_paths(tmp_path: Path) -> None:
    result = _stdin(tmp_path, b"", "-", ".")
    assert result.returncode == 2 and result.stderr.count(b"\n") == 1


def _unreadable_hook(tmp_path: Path) -> dict[str, str]:
    """Root reads anything: a sitecustomize stands in for chmod 000 on 'locked/'."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import os\n"
        "def guard(real):\n"
        "    def call(path, *a, **k):\n"
        "        p = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else ''\n"
        "        if 'locked' in p and not p.rstrip('/').endswith('locked'):\n"
        "            raise PermissionError(13, 'Permission denied')\n"
        "        if p.rstrip('/').endswith('locked') and real.__name__ == 'scandir':\n"
        "            raise PermissionError(13, 'Permission denied')\n"
        "        return real(path, *a, **k)\n"
        "    return call\n"
        "for name in ('stat', 'lstat', 'open', 'scandir'):\n"
        "    setattr(os, name, guard(getattr(os, name)))\n"
    )
    return {"PYTHONPATH": str(hook)}


def test_an_unreadable_path_is_a_note_named_or_walked(tmp_path: Path) -> None:
    env = _unreadable_hook(tmp_path)
    project = tmp_path / "p"
    (project / "locked").mkdir(parents=True)
    (project / "locked" / "a.py").write_text(RETIRED)
    (project / "good.py").write_text(RETIRED)
    named = run_cli("--as-of", AS_OF, "--no-cache", "locked/a.py", "good.py", cwd=project, env=env)
    walked = run_cli(
        "--as-of", AS_OF, "--no-cache", ".", cwd=project,
        env={**env, "CLAUDE_MODEL_LINT_NO_GIT": "1"},
    )  # fmt: skip
    searched = run_cli("--as-of", AS_OF, "--no-cache", ".", cwd=project, env=env)  # (git can)
    for result in (named, walked, searched):
        assert result.returncode == 2, result.stderr  # a file not checked (issue 36 item 13)
        assert "good.py:1:6: CML001" in result.stdout
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "locked/a.py: error: cannot read: Permission denied" in named.stderr
    assert "locked: error: cannot list directory: Permission denied" in walked.stderr
    assert "locked/a.py: error: cannot read: Permission denied" in searched.stderr


def test_control_characters_in_paths_are_escaped_in_text_output(tmp_path: Path) -> None:
    (tmp_path / "new\nline.txt").write_text("claude-2.1\n")
    (tmp_path / "bin\rary.dat").write_bytes(b"\x00claude-2.1")
    result = run_cli("--as-of", AS_OF, ".", cwd=tmp_path)
    assert result.stdout.splitlines()[0].startswith("new\\nline.txt:1:1: CML001 ")
    assert not any(line.startswith("line.txt") for line in result.stdout.splitlines())
    assert "bin\\rary.dat: binary" in result.stderr and "\r" not in result.stderr
    diff = run_cli("--as-of", AS_OF, "--diff", ".", cwd=tmp_path)
    assert "--- a/new\\nline.txt\n" in diff.stdout


def test_the_markdown_summary_escapes_paths(tmp_path: Path) -> None:
    name = "a|b [x](y)`*z*.md"
    (tmp_path / name).write_text("claude-2.1\n")
    env = {"GITHUB_REPOSITORY": "acme/app", "GITHUB_SHA": "abc123"}
    run_cli("--as-of", AS_OF, "--summary", "s.md", cwd=tmp_path, env=env)
    text = (tmp_path / "s.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    borders = [len(re.findall(r"(?<!\\)\|", row)) for row in rows]
    assert borders == [3, 3, 6, 6], rows  # two headers, the state row, the model row
    link = re.search(r"^- \[((?:[^\[\]\\]|\\.)*)\]\((\S+)\) \*\*CML001\*\*", text, re.MULTILINE)
    assert link is not None, text
    assert re.sub(r"\\(.)", r"\1", link[1]) == f"{name}:1"
    assert unquote(link[2]) == f"https://github.com/acme/app/blob/abc123/{name}#L1"
