"""The files come from `git grep` (run/git_files.py; `--no-index` outside a git work tree) or,
without git, from a walk in Python: both must pick the same files to check, and so give the
same findings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_model_lint.repo.candidate import Candidate
from claude_model_lint.repo.configs import Configs
from claude_model_lint.repo.root import git_root
from claude_model_lint.run.files import discover
from claude_model_lint.run.git_files import holding_claude

from .conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
ID = 'M = "claude-2.1"\n'
AS_OF = "2026-11-29"
SPELLINGS = [b"claude", *("claude".encode(e) for e in ("utf-16-le", "utf-32-le"))]
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}  # fmt: skip


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body)


def _picked(root: Path, use_git: bool) -> list[str]:
    """The files each way would check that can hold an id (a walk also yields files without
    'claude', which a check passes over after one byte search)."""
    picked = []
    for item in discover([root], Configs(), use_git=use_git):
        if isinstance(item, Candidate):
            data = item.path.read_bytes()
            if any(spelling in data for spelling in SPELLINGS):
                picked.append(os.path.relpath(item.text, root))
    return picked


TREE: dict[str, str | bytes] = {
    "app.py": ID,
    "plain.py": "x = 1\n",
    "docs/guide.md": "Use claude-3-opus-20240229.\n",
    ".gitignore": "build/\n*.log\n!keep.log\ngenerated_*.py\n/top_only.txt\n",
    "build/out.py": ID,
    "debug.log": "claude-2.1\n",
    "keep.log": "claude-2.1\n",
    "generated_models.py": ID,
    "top_only.txt": "claude-2.1\n",
    "sub/top_only.txt": "claude-2.1\n",
    "sub/.gitignore": "*.txt\n!wanted.txt\n",
    "sub/skip.txt": "claude-2.1\n",
    "sub/wanted.txt": "claude-2.1\n",
    "sub/deeper/.gitignore": "!skip.txt\n",
    "sub/deeper/skip.txt": "claude-2.1\n",
    "node_modules/pkg/index.js": "const m = 'claude-2.1';\n",
    "dist/bundle.min.js": "var m='claude-2.1';\n",
    "venv_like/pyvenv.cfg": "home = /usr\n",
    "venv_like/lib/site.py": ID,
    "image.png": b"\x89PNG claude-2.1",
    "wide.txt": "\ufeffclaude-2.1\n".encode("utf-16"),
    "wide32.txt": "\ufeffclaude-2.1\n".encode("utf-32"),
    "nested/.claude-model-lint.toml": 'extend-exclude = ["private/"]\n',
    "nested/private/secret.py": ID,
    "nested/public.py": ID,
    "CHANGELOG.md": "claude-2.1\n",
    "name with space.py": ID,
    "ünïcode.py": ID,
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    _write(root, TREE)
    _git(root, "init", "-q")
    _git(root, "add", "app.py", "docs", ".gitignore", "sub")
    _git(root, "commit", "-qm", "some tracked, the rest untracked")
    (root / "linked.py").symlink_to(root / "app.py")
    (root / "linked_dir").symlink_to(root / "docs")
    (root / "broken.py").symlink_to(root / "nowhere.py")
    (root / "tracked_then_deleted.py").write_text(ID)
    _git(root, "add", "tracked_then_deleted.py")
    _git(root, "commit", "-qm", "one more")
    (root / "tracked_then_deleted.py").unlink()
    return root


def test_git_and_the_walk_pick_the_same_files(repo: Path) -> None:
    assert holding_claude(str(repo)) is not None  # the git way is taken here
    picked = _picked(repo, use_git=True)
    assert picked == _picked(repo, use_git=False)
    assert "app.py" in picked and "keep.log" in picked and "sub/wanted.txt" in picked
    assert "sub/deeper/skip.txt" in picked and "wide.txt" in picked and "wide32.txt" in picked
    assert not {"build/out.py", "debug.log", "nested/private/secret.py", "linked.py"} & set(picked)


@pytest.mark.parametrize("tree", ["repo", "plain"], ids=["work-tree", "no-index"])
def test_the_same_findings_either_way(tree: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(tree)  # a work tree, or the same files outside git
    args = ("--no-cache", "--format", "json", "--as-of", AS_OF, ".")
    by_git = run_cli(*args, cwd=root)
    walked = run_cli(*args, cwd=root, env={"CLAUDE_MODEL_LINT_NO_GIT": "1"})
    assert json.loads(by_git.stdout) == json.loads(walked.stdout)
    assert len(json.loads(by_git.stdout)) >= 10, by_git.stdout
    assert by_git.returncode == walked.returncode == 1


@pytest.mark.parametrize("holding", [True, False])
def test_the_summaries_are_the_same_however_the_run_went(
    repo: Path, tmp_path: Path, holding: bool
) -> None:
    """git grep reads the files without an id itself and a warm cache reads none: the summary
    counts findings and the files holding them, never the files checked ('All checked: 0 files'
    in a clean repository, 2,876 files one run and 536 the next)."""
    if not holding:  # a repository without an id anywhere
        for path in repo.rglob("*"):
            config = path.suffix == ".toml" or path.name == ".gitignore"  # (left valid)
            if path.is_file() and ".git" not in path.parts and not config:
                path.write_text("nothing here\n")
    summary = tmp_path / "summary.md"
    common = ("--as-of", AS_OF, "--summary", str(summary), ".")
    said = []
    for args, env in [
        (("--no-cache",), {}),  # git grep
        (("--no-cache",), {"CLAUDE_MODEL_LINT_NO_GIT": "1"}),  # the walk
        (("--cache-dir", str(tmp_path / "c")), {}),  # cold, filling the cache
        (("--cache-dir", str(tmp_path / "c")), {}),  # warm: walked, nothing read
    ]:
        result = run_cli(*args, *common, cwd=repo, env=env)
        said.append((tuple(result.stderr.splitlines()[-2:]), summary.read_text()))
        summary.unlink()  # (a job summary is appended to, as GitHub's is)
    assert len(set(said)) == 1, [line for line, _ in said]
    (last_line, coverage), markdown = said[0]
    assert coverage.startswith("Coverage: every file in scope read")  # the same in every way
    if holding:
        assert last_line.startswith("Found ") and " findings in " in last_line, last_line
    else:
        assert last_line == "No findings."
        assert "No deprecated, retired or unknown Claude model ids found." in markdown


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    """The repository's tree without git: ``git grep --no-index`` instead of the walk."""
    root = tmp_path / "plain"
    if git_root(str(tmp_path)) is not None:
        pytest.skip("the temporary directory is inside a git work tree")
    _write(root, TREE)
    (root / "linked.py").symlink_to(root / "app.py")
    (root / "linked_dir").symlink_to(root / "docs")
    (root / "broken.py").symlink_to(root / "nowhere.py")
    _write(root / "nested_repo", {"n.py": ID, "n2.py": ID, ".gitignore": "n2.py\n"})
    _git(root / "nested_repo", "init", "-q")
    _write(root / "nested_repo" / ".git", {"hooks/claude.py": ID})  # never a file to check
    return root


def test_outside_a_work_tree_git_and_the_walk_pick_the_same_files(
    plain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside a tree: ignored files, links, a nested repository's files and its .git."""
    monkeypatch.setenv("HOME", str(plain / "home"))  # the user's own excludes are not read
    _write(plain / "home", {".config/git/ignore": "app.py\n"})
    assert holding_claude(str(plain)) is not None  # git grep --no-index
    picked = _picked(plain, use_git=True)
    assert picked == _picked(plain, use_git=False)
    assert {"app.py", "keep.log", "sub/wanted.txt", "wide.txt", "nested_repo/n.py"} <= set(picked)
    assert not {"build/out.py", "debug.log", "linked.py", "nested_repo/n2.py"} & set(picked)
    assert not [name for name in picked if ".git/" in name]


def test_a_warning_from_git_means_a_walk(
    plain: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git warns of a directory it cannot open and goes on (exit 0): the walk says it instead."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "git"
    wrapper.write_text(
        "#!/bin/sh\n"
        "echo \"warning: could not open directory 'sub/': Permission denied\" >&2\n"
        f'exec {shutil.which("git")} "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert holding_claude(str(plain)) is None
    assert _picked(plain, use_git=True) == _picked(plain, use_git=False)


@pytest.mark.parametrize("in_git", [True, False], ids=["work-tree", "no-index"])
def test_a_directory_named_before_its_parent_is_checked_once(tmp_path: Path, in_git: bool) -> None:
    root = tmp_path / "tree"
    _write(root, {"d1/s/a.py": ID, "d1/b.py": ID, "c.py": ID})
    if in_git:
        _git(root, "init", "-q")
    named = [root / "d1" / "s", root / "d1", root, root / "d1"]
    for use_git in (True, False):
        picked = [c.text for c in discover(named, Configs(), use_git=use_git)]
        assert sorted(picked) == sorted({str(root / n) for n in ("d1/s/a.py", "d1/b.py", "c.py")})


@pytest.mark.parametrize("in_git", [True, False], ids=["work-tree", "no-index"])
def test_the_users_git_config_does_not_change_what_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_git: bool
) -> None:
    """Colours and full names broke the names read; outside a work tree the user's
    core.ignorecase changed which .gitignore lines match (the walk knows nothing of it)."""
    root = tmp_path / "tree"
    _write(root, {"sub/foo.py": ID, "sub/.gitignore": "FOO.py\n", "sub/deep/x.py": ID})
    if in_git:
        _git(root, "init", "-q")
    home = tmp_path / "home"
    ignorecase = "" if in_git else "[core]\n\tignorecase = true\n"
    _write(
        home, {".gitconfig": f"{ignorecase}[color]\n\tgrep = always\n[grep]\n\tfullName = true\n"}
    )
    monkeypatch.setenv("HOME", str(home))
    assert holding_claude(str(root / "sub")) is not None
    assert _picked(root / "sub", use_git=True) == _picked(root / "sub", use_git=False)
    assert "deep/x.py" in _picked(root / "sub", use_git=True)


def test_with_submodules_it_walks(tmp_path: Path) -> None:
    root = tmp_path / "with-modules"
    _write(root, {"a.py": ID, ".gitmodules": '[submodule "x"]\n\tpath = x\n'})
    _git(root, "init", "-q")
    assert holding_claude(str(root)) is None
    assert _picked(root, use_git=True) == ["a.py"]


def test_a_subdirectory_of_a_work_tree(repo: Path) -> None:
    assert _picked(repo / "sub", use_git=True) == _picked(repo / "sub", use_git=False)
    names = holding_claude(str(repo / "sub"))
    assert names is not None and all(not n.startswith("..") for n in names)


NAMES = st.sampled_from(["a.py", "b.txt", "c.log", "keep.log", "d.md", "x.min.js"])
DIRS = st.sampled_from(["", "one/", "one/two/", "build/", "node_modules/", "three/"])
IGNORES = st.lists(
    st.sampled_from(["*.log", "!keep.log", "build/", "two/", "/b.txt", "one/*.md", "!d.md",
                     "three", "**/a.py", "!one/two/a.py"]),
    max_size=4,
)  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    files=st.lists(st.tuples(DIRS, NAMES, st.booleans()), min_size=1, max_size=12),
    top=IGNORES,
    inner=IGNORES,
    tracked=st.booleans(),
    in_git=st.booleans(),
)
def test_random_trees_agree(
    tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, str, bool]],
    top: list[str], inner: list[str], tracked: bool, in_git: bool,
) -> None:  # fmt: skip
    root = tmp_path_factory.mktemp("tree")
    _write(root, {f"{d}{n}": ("claude-2.1\n" if has else "nothing\n") for d, n, has in files})
    _write(root, {".gitignore": "\n".join(top) + "\n", "one/.gitignore": "\n".join(inner) + "\n"})
    if in_git:
        _git(root, "init", "-q")
    if in_git and tracked:
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "all", "--allow-empty")
    assert _picked(root, use_git=True) == _picked(root, use_git=False)


def test_a_warm_cache_walks_and_says_the_same(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git grep reads every byte; with cache entries to consult a stat per file is cheaper."""
    from datetime import date

    from claude_model_lint.check.engine import RunOptions
    from claude_model_lint.config import Config
    from claude_model_lint.registry.registry import load_registry
    from claude_model_lint.run import git_files, runner
    from claude_model_lint.run.cache import ScanCache

    searched: list[str] = []
    start = git_files.Search.__init__

    def counted(self: git_files.Search, directory: str, side_by_side: int = 1) -> None:
        searched.append(directory)
        start(self, directory, side_by_side)

    monkeypatch.setattr(git_files.Search, "__init__", counted)
    options = RunOptions(Config(root=repo), load_registry(()), date.fromisoformat(AS_OF))

    def findings(cache: ScanCache) -> list[tuple[str, int, str]]:
        results = runner.run([repo], options, jobs=1, cache=cache)
        return sorted((r.path, d.line, d.code) for r in results for d in r.diagnostics)

    cold = ScanCache(repo.parent / "cache", "k")
    first = findings(cold)
    assert searched == [str(repo)] and first
    cold.save()
    warm = ScanCache(repo.parent / "cache", "k")
    assert warm.entries and findings(warm) == first
    assert searched == [str(repo)]  # the warm run walked


def test_the_directories_named_are_searched_at_once_and_the_searches_end_with_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four repositories searched in turn waited 0.1 s before the first file was checked; a run
    cut short (an excluded directory, a generator closed) leaves no git process behind."""
    from claude_model_lint.run import git_files

    repos = []
    for name in ("a", "b", "c"):
        root = tmp_path / name
        _write(root, {"m.py": ID})
        _git(root, "init", "-q")
        repos.append(root)
    started: list[git_files.Search] = []
    start = git_files.Search.__init__

    def recorded(self: git_files.Search, directory: str, side_by_side: int = 1) -> None:
        start(self, directory, side_by_side)
        started.append(self)

    monkeypatch.setattr(git_files.Search, "__init__", recorded)
    items = discover(repos, Configs())
    first = next(items)
    assert isinstance(first, Candidate) and first.holds  # git said it holds 'claude'
    assert [s.directory for s in started] == [str(r) for r in repos]  # all three before any
    items.close()
    assert all(s.process is not None and s.process.returncode is not None for s in started)


def test_a_run_of_files_git_found_forks_after_a_few_of_them(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file git grep named holds 'claude': a few of them are worth a second core, where the
    walk's files (most hold nothing) are counted up to PARALLEL_FROM."""
    from datetime import date

    from claude_model_lint.check.engine import RunOptions
    from claude_model_lint.config import Config
    from claude_model_lint.registry.registry import load_registry
    from claude_model_lint.run import parallel, runner

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: never forks")
    forked: list[int] = []
    check_all = parallel.check_all

    def counting(items, check, workers, **kwargs):  # type: ignore[no-untyped-def]
        forked.append(workers)
        return check_all(items, check, workers, **kwargs)

    monkeypatch.setattr(parallel, "check_all", counting)
    monkeypatch.setattr(runner, "FORK_AFTER", float("inf"))  # the weight decides, not the clock
    _write(repo, {f"many/m{i}.py": ID for i in range(12)})
    options = RunOptions(Config(root=repo), load_registry(()), date.fromisoformat(AS_OF))

    def findings() -> list[tuple[str, int, str]]:
        results = runner.run([repo], options)
        return sorted((r.path, d.line, d.code) for r in results for d in r.diagnostics)

    by_git = findings()
    assert forked == [2]
    monkeypatch.setenv("CLAUDE_MODEL_LINT_NO_GIT", "1")  # the walk: 40-odd files, one process
    assert findings() == by_git and len(by_git) > 12
    assert forked == [2]


def test_a_tracked_file_gitignore_lists_is_checked_every_way(tmp_path: Path) -> None:
    """Review 3 S3: git ignores no tracked file, whatever .gitignore says, and the hook (which
    pre-commit gives every tracked file) reports it; ``claude-model-lint .`` passed it by (git
    grep --untracked leaves it out; the walk and the git names applied .gitignore to it). A cold
    run, a warm one (git's index), the walk and the hook form say the same."""
    root = tmp_path / "repo"
    _write(root, {
        ".gitignore": "ignored.py\ngen/\n*.txt\n", "ignored.py": ID, "gen/kept.py": ID,
        "gen/loose.py": ID, "sub/run.txt": "claude-2.1\n", "loose.txt": "claude-2.1\n",
        "app.py": ID,
    })  # fmt: skip
    _git(root, "init", "-q")
    _git(root, "add", "-f", ".gitignore", "ignored.py", "gen/kept.py", "sub/run.txt", "app.py")
    _git(root, "commit", "-qm", "tracked files that .gitignore lists")
    tracked = ["app.py", "gen/kept.py", "ignored.py", "sub/run.txt"]
    args = ("--format", "json", "--as-of", AS_OF)

    def paths(out: subprocess.CompletedProcess[str]) -> list[str]:
        assert out.returncode == 1, out.stderr
        return sorted({d["path"] for d in json.loads(out.stdout)})

    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert paths(run_cli("--no-cache", *args, ".", cwd=root)) == tracked  # git grep
    assert paths(run_cli(*cache, *args, ".", cwd=root)) == tracked  # fills the cache
    (root / "app.py").write_text(ID + "# edited\n")  # a warm run: git's index, one file asked
    assert paths(run_cli(*cache, *args, ".", cwd=root)) == tracked
    walked = run_cli("--no-cache", *args, ".", cwd=root, env={"CLAUDE_MODEL_LINT_NO_GIT": "1"})
    assert paths(walked) == tracked
    hook = ("--no-cache", "--force-exclude", "--names-are-files", *args, *tracked, ".gitignore")
    assert paths(run_cli(*hook, cwd=root)) == tracked
