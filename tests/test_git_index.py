"""A warm run takes its files from git's index (run/git_index.py): clean files are answered from
the scan cache by their blob id, without a stat or a read; what git does not vouch for (changed,
untracked, unseen blobs) is searched. Whatever the edits between runs, a warm run must say what
a cold one says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.check.options import RunOptions
from claude_model_lint.config import Config
from claude_model_lint.registry.registry import load_registry
from claude_model_lint.run import runner
from claude_model_lint.run.cache import ScanCache
from claude_model_lint.run.git_index import Blobs, index_names

from .conftest import AS_OF

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}  # fmt: skip
REGISTRY = load_registry()
# a small project in the shape of the real ones (lead-llm-anthropic: a plugin module, its tests,
# a README naming models, workflow files without any)
TREE = {
    "llm_plugin.py": 'DEFAULT = "claude-3-opus-20240229"\nALIASES = ["claude-2.1"]\n',
    "tests/test_plugin.py": 'def test_model():\n    assert DEFAULT == "claude-3-opus-20240229"\n',
    "README.md": "Use `claude-3-5-sonnet-20240620` or `claude-instant-1.2`.\n",
    ".github/workflows/test.yml": "on: push\njobs: {}\n",
    "pyproject.toml": '[project]\nname = "llm-plugin"\n',
    "docs/notes.txt": "nothing to see\n",
    ".gitignore": "build/\n*.log\n",
}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name, text in TREE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "project")
    return root


def _findings(root: Path, cache: ScanCache | None) -> list[tuple[str, int, int, str]]:
    """What a run from ``root`` reports, in-process (a warm run with ``cache``)."""
    options = RunOptions(Config(root=root), REGISTRY, date.fromisoformat(AS_OF))
    results = runner.run([Path(".")], options, jobs=1, cache=cache)
    return sorted((r.path, d.line, d.column, d.message) for r in results for d in r.diagnostics)


def _append(root: Path, name: str, text: str) -> None:
    with open(root / name, "a") as file:
        file.write(text)


EDITS = [
    ("nothing", lambda r: None),
    ("a clean file changed", lambda r: _append(r, "llm_plugin.py", 'NEW = "claude-2.0"\n')),
    ("a file without an id gains one", lambda r: _append(r, "docs/notes.txt", "claude-2.1\n")),
    ("a file loses its ids", lambda r: (r / "README.md").write_text("no models here\n")),
    ("an untracked file", lambda r: (r / "new.py").write_text('M = "claude-instant-1.2"\n')),
    ("an ignored file", lambda r: (r / "run.log").write_text("claude-2.1\n")),
    ("a tracked file deleted", lambda r: (r / "tests" / "test_plugin.py").unlink()),
    ("a change staged", lambda r: (_append(r, "pyproject.toml", "# claude-2.1\n"),
                                   _git(r, "add", "pyproject.toml"))),
    ("a change committed", lambda r: (_append(r, "llm_plugin.py", 'X = "claude-2.1"\n'),
                                      _git(r, "commit", "-qam", "x"))),
    ("a change reverted", lambda r: _git(r, "checkout", "-q", "--", ".")),
    ("a file touched, same bytes", lambda r: os.utime(r / "llm_plugin.py", (1, 1))),
]  # fmt: skip


def test_a_warm_run_says_what_a_cold_one_says_whatever_the_edits(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One cache through every edit in turn, each followed by two warm runs (the first learns
    the new blobs, the second trusts them); the index answers however small the tree."""
    monkeypatch.chdir(repo)
    monkeypatch.setattr(runner, "INDEX_FROM", 0)
    read_index = []
    real = runner._from_index
    monkeypatch.setattr(runner, "_from_index", lambda *a: read_index.append(1) or real(*a))
    _findings(repo, ScanCache(tmp_path / "cache", "k"))  # (a first run: git grep, entries kept)
    for name, edit in EDITS:
        edit(repo)
        cold = _findings(repo, None)
        assert _findings(repo, ScanCache(tmp_path / "cache", "k")) == cold, name
        assert _findings(repo, ScanCache(tmp_path / "cache", "k")) == cold, name
    assert len(read_index) == 2 * len(EDITS)


def test_a_clean_file_is_answered_without_a_stat_or_a_read(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second warm run trusts git's index: no open of the clean files that hold ids, no file
    scanned, and no stat but the one that asks whether --fix could write the file (permissions
    are not in git's index)."""
    monkeypatch.chdir(repo)
    monkeypatch.setattr(runner, "INDEX_FROM", 0)

    def run() -> list[tuple[str, int, int, str]]:
        return _findings(repo, ScanCache(tmp_path / "cache", "k"))

    first = run()
    second = run()  # the blobs of the files that hold ids are learnt
    touched: list[str] = []
    real_stat, real_open = os.stat, os.open
    watched = {str(repo / "llm_plugin.py"), str(repo / "README.md")}

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        caller = sys._getframe(1).f_code.co_filename
        if os.path.abspath(os.fspath(path)) in watched and not caller.endswith("writer.py"):  # type: ignore[arg-type]
            touched.append(f"stat {path} from {caller}")
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def open_(path: object, *args: object, **kwargs: object) -> int:
        if os.path.abspath(os.fspath(path)) in watched:  # type: ignore[arg-type]
            touched.append(f"open {path}")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "open", open_)
    scanned: list[str] = []
    monkeypatch.setattr(
        runner, "check_file_recording",
        lambda candidate, *a, **k: scanned.append(candidate.text) or (_ for _ in ()).throw(
            AssertionError(f"scanned {candidate.text}")
        ),
    )  # fmt: skip
    assert run() == first == second and first
    assert touched == [] and scanned == []


def test_what_git_does_not_vouch_for_is_left_to_the_walk(repo: Path) -> None:
    blobs = Blobs(set(), {})
    names = index_names(str(repo), blobs)
    assert names == ["README.md", "llm_plugin.py", "tests/test_plugin.py"]
    assert len(blobs.quiet) == 4  # the workflow, pyproject.toml, the notes, .gitignore
    _git(repo, "update-index", "--assume-unchanged", "README.md")  # git would not look
    assert index_names(str(repo), Blobs(set(), {})) is None
    _git(repo, "update-index", "--no-assume-unchanged", "README.md")
    (repo / ".gitmodules").write_text('[submodule "x"]\n\tpath = x\n\turl = ../x\n')
    assert index_names(str(repo), Blobs(set(), {})) is None  # git grep does not enter them
