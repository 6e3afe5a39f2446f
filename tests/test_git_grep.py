"""The git greps a cold run starts before it imports click and the checker (run/git_grep.py): the
command line is read ahead of click, so it must read it as click does; a search the run does not
ask for must end with it; a run that will be warm (a scan cache kept) must start none."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claude_model_lint.commands.lint import cli
from claude_model_lint.repo.candidate import Candidate
from claude_model_lint.repo.configs import Configs
from claude_model_lint.repo.root import repository_root
from claude_model_lint.run import git_grep
from claude_model_lint.run.cache_place import cache_directory
from claude_model_lint.run.files import discover

from .conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _value_options() -> set[str]:
    return {
        name
        for p in cli.params
        if isinstance(p, click.Option) and not p.is_flag and not p.count
        for name in (*p.opts, *p.secondary_opts)
    }


def test_the_options_that_take_a_value_are_the_commands() -> None:
    assert _value_options() == git_grep.VALUE_OPTIONS


FLAGS = sorted(
    name
    for p in cli.params
    if isinstance(p, click.Option) and p.is_flag
    for name in p.opts
    if name not in ("--version", "--list-models", "--help")  # (they end the parse)
)
WORDS = ["a", "b/c", "-", "x=y", "--", "2026-11-29", "CML001"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """What a user may type: paths, flags, options with a value (either spelling), and ``--``."""
    words: list[str] = []
    ended = False
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["path", "flag", "value", "joined", "end"]))
        if kind == "path" or ended:
            words.append(draw(st.sampled_from([*WORDS[:4], "--x" if ended else "d"])))
        elif kind == "flag":
            words.append(draw(st.sampled_from(FLAGS)))
        elif kind == "value":
            words += [draw(st.sampled_from(sorted(_value_options()))), draw(st.sampled_from(WORDS))]
        elif kind == "joined":
            option = draw(
                st.sampled_from(sorted(n for n in _value_options() if n.startswith("--")))
            )
            words.append(f"{option}={draw(st.sampled_from(WORDS))}")
        else:
            words.append("--")
            ended = True
    return words


@given(command_lines())
def test_the_paths_are_those_click_reads(arguments: list[str]) -> None:
    context = cli.make_context("claude-model-lint", list(arguments), resilient_parsing=True)
    paths, _, _ = git_grep._command_line(arguments)
    assert paths == list(context.params["paths"])  # as spelled: only "-" is standard input


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "m.py").write_text('MODEL = "claude-2.1"\n')
    (root / "notes.md").write_text("no model here\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


@pytest.fixture
def early() -> Iterator[dict[str, git_grep.Search]]:
    """The searches started early, ended after the test whatever it did."""
    yield git_grep._early
    git_grep._starter = os.getpid()
    git_grep.stop_searches()


def test_a_cold_run_adopts_the_search_it_started_first(
    repo: Path, early: dict[str, git_grep.Search], monkeypatch: pytest.MonkeyPatch
) -> None:
    git_grep.start_early(["--no-cache", "--format", "json", str(repo)])
    assert list(early) == [str(repo)]
    started: list[str] = []
    monkeypatch.setattr(git_grep.Search, "__init__", lambda self, d, *_: started.append(d))
    picked = [c.text for c in discover([repo], Configs()) if isinstance(c, Candidate)]
    assert picked == [str(repo / "pkg" / "m.py")]  # git's answer: only the file with 'claude'
    assert started == [] and early == {}  # no second search: the early one was the run's


def test_each_directory_is_searched_once_and_the_searches_share_the_cores(
    repo: Path, early: dict[str, git_grep.Search]
) -> None:
    """However it is spelled; git's threads are the cores over the searches running at once
    (four searches of two threads each on two cores were 4% slower than of one)."""
    from claude_model_lint.run.git_files import Searches

    spellings = [str(repo), f"{repo}/", str(repo / "pkg" / ".."), str(repo / "pkg")]
    git_grep.start_early(["--no-cache", *spellings])
    assert sorted(early) == [str(repo), str(repo / "pkg")]
    threads = max(1, git_grep.cores() // 2)
    assert all(f"grep.threads={threads}" in s.process.args for s in early.values() if s.process)
    git_grep.stop_searches()
    searches = Searches(spellings[:3])
    assert list(searches.started) == [str(repo)]
    (alone,) = searches.started.values()
    assert alone.process is not None and f"grep.threads={git_grep.cores()}" in alone.process.args
    searches.stop()


def test_a_run_that_will_be_warm_starts_nothing(
    repo: Path, tmp_path: Path, early: dict[str, git_grep.Search]
) -> None:
    """A warm run walks (a stat per file); a search started for it is work on a busy core."""
    from claude_model_lint.registry.fetched import cache_root

    chosen = tmp_path / "caches"
    git_grep.start_early(["--cache-dir", str(chosen), str(repo)])
    assert list(early) == [str(repo)]  # no cache yet: a cold run
    git_grep.stop_searches()
    kept = cache_directory(chosen, repository_root([str(repo)]), cache_root())
    kept.mkdir(parents=True)
    (kept / "cml-0123.json").write_text("{}")
    git_grep.start_early(["--cache-dir", str(chosen), str(repo)])
    assert early == {}
    git_grep.start_early([f"--cache-dir={chosen}", str(repo)])
    assert early == {}
    git_grep.start_early(["--no-cache", f"--cache-dir={chosen}", str(repo)])
    assert list(early) == [str(repo)]


@pytest.mark.parametrize(
    "arguments",
    [
        ["--no-cache", "--output-file", "{repo}"],  # a value, not a path
        ["--no-cache", "--cache-dir", "{repo}", "missing-dir"],
        ["--no-cache", "--version", "{repo}"],  # runs that read no file
        ["--no-cache", "--list-models", "{repo}"],
        ["--no-cache", "--explain", "CML001", "{repo}"],
        ["--no-cache", "{repo}/pkg/m.py"],  # a file named: nothing to search
    ],
)
def test_what_is_not_a_directory_to_check_starts_nothing(
    repo: Path, arguments: list[str], early: dict[str, git_grep.Search]
) -> None:
    git_grep.start_early([a.format(repo=repo) for a in arguments])
    assert early == {}


def test_the_searches_end_with_the_run_in_its_own_process_only(
    repo: Path, early: dict[str, git_grep.Search]
) -> None:
    """One the run never took (a usage error), one it took and never answered (Ctrl-C)."""
    git_grep.start_early(["--no-cache", "--", str(repo), str(repo / "pkg")])
    taken = git_grep.adopt(str(repo))
    assert taken is not None and list(early) == [str(repo / "pkg")]
    searches = [taken, *early.values()]
    git_grep._starter = os.getpid() + 1  # as a forked worker sees it: not its own to end
    git_grep.stop_searches()
    assert all(s.process is not None and s.process.returncode is None for s in searches)
    git_grep._starter = os.getpid()
    git_grep.stop_searches()
    assert early == {} and all(s.process and s.process.returncode is not None for s in searches)


ENDED = """
import sys
from claude_model_lint.run import git_grep
stop = git_grep.Search.stop
def said(self):
    print("ended", self.directory)
    stop(self)
git_grep.Search.stop = said
sys.argv = ["claude-model-lint", *sys.argv[1:]]
from claude_model_lint.commands.launch import main
main()
"""


def test_a_run_that_stops_before_checking_ends_its_searches(repo: Path) -> None:
    """A usage error once the searches started: exit 2, one line, and the git grep ended."""
    command = [sys.executable, "-c", ENDED, "--no-cache", "--as-of", "next week", str(repo)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stdout == f"ended {repo}\n"


def test_the_search_started_first_finds_what_the_walk_finds(repo: Path) -> None:
    args = ("--no-cache", "--format", "json", "--as-of", "2026-11-29", ".")
    early = run_cli(*args, cwd=repo)
    walked = run_cli(*args, cwd=repo, env={"CLAUDE_MODEL_LINT_NO_GIT": "1"})
    assert early.stdout == walked.stdout and '"path": "pkg/m.py"' in early.stdout
