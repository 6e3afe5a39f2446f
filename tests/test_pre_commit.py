"""The hooks through the real pre-commit, in throw-away git repositories (needs PyPI for the hook env)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from claude_model_lint.config import DEFAULT_EXCLUDE

from .conftest import AS_OF, CLI, run_hook

pytestmark = pytest.mark.xdist_group("pre-commit")  # one worker builds the hook env once
ROOT = Path(__file__).parent.parent
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture
def env(pre_commit_env: dict[str, str]) -> dict[str, str]:
    return pre_commit_env


def _git_init(path: Path, env: dict[str, str]) -> None:
    _run(["git", "init", "-q", "-b", "main", str(path)], path.parent, env)


def test_the_check_hook_fails_and_the_fix_hook_fixes(
    tmp_path: Path, env: dict[str, str], hook_repo: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _git_init(project, env)
    (project / "app.py").write_text(
        'MODEL = "claude-2.1"\n'
    )  # retired for good: no date can revive it
    (project / "notes.md").write_text("Nothing to see.\n")
    _run(["git", "add", "-A"], project, env)
    check = run_hook("claude-model-lint", project, hook_repo, env)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "app.py:1:10: CML001 [*] claude-2.1 is retired" in check.stdout
    fix = run_hook("claude-model-lint-fix", project, hook_repo, env)
    assert fix.returncode == 1  # pre-commit fails a hook that modified files
    assert (project / "app.py").read_text() == 'MODEL = "claude-opus-5-5"\n'
    again = run_hook("claude-model-lint", project, hook_repo, env)
    assert again.returncode == 0, again.stdout


def test_a_commit_with_a_retired_id_fails_and_passes_after_the_fix(
    tmp_path: Path, env: dict[str, str], hook_repo: Path
) -> None:
    hooks = hook_repo
    rev = _run(["git", "rev-parse", "HEAD"], hooks, env).stdout.strip()

    project = tmp_path / "project"
    project.mkdir()
    _git_init(project, env)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        f"      - id: claude-model-lint\n        args: [--as-of, '{AS_OF}']\n"
        f"      - id: claude-model-lint-fix\n        args: [--as-of, '{AS_OF}']\n        stages: [manual]\n"
    )
    (project / ".claude-model-lint.toml").write_text('extend-exclude = ["vendor/**"]\n')
    (project / "vendor").mkdir()
    (project / "vendor" / "old.py").write_text('M = "claude-instant-1.2"\n')  # excluded by config
    (project / "settings.yaml").write_text("model: us.anthropic.claude-3-haiku-20240307-v1:0\n")
    installed = _run([*PRE_COMMIT, "install"], project, env)
    assert installed.returncode == 0, installed.stderr
    _run(["git", "add", "-A"], project, env)
    commit = _run(["git", "commit", "-m", "add settings"], project, env)
    assert commit.returncode != 0
    output = commit.stdout + commit.stderr
    assert (
        "settings.yaml:1:8: CML001 [*] us.anthropic.claude-3-haiku-20240307-v1:0 is retired"
        in output
    )
    assert "vendor/old.py" not in output

    fix = _run(
        [*PRE_COMMIT, "run", "--hook-stage", "manual", "claude-model-lint-fix", "--all-files"],
        project,
        env,
    )
    assert fix.returncode == 1, fix.stdout
    assert (project / "settings.yaml").read_text() == "model: us.anthropic.claude-haiku-5-5\n"
    _run(["git", "add", "-A"], project, env)
    commit = _run(["git", "commit", "-m", "add settings"], project, env)
    assert commit.returncode == 0, commit.stdout + commit.stderr


def _findings(output: str) -> set[str]:
    return set(re.findall(r"^(\S+:\d+:\d+: CML\d+)", output, re.MULTILINE))


def test_the_hook_and_a_walk_report_the_same_findings(
    tmp_path: Path, env: dict[str, str], hook_repo: Path
) -> None:
    """pre-commit names every tracked file; --force-exclude keeps the default excludes."""
    project = tmp_path / "project"
    project.mkdir()
    _git_init(project, env)
    retired = "claude-2.1\n"  # retired for good: no date can revive it
    kinds = [p for p in DEFAULT_EXCLUDE if p not in (".git", ".hg", ".svn", ".bzr", "*.cml-tmp")]
    for pattern in kinds:
        name = pattern.replace("*", "x")
        (project / "f").mkdir(exist_ok=True)
        (project / "f" / name).write_text(retired)  # the file itself is excluded
        (project / "d" / name).mkdir(parents=True)
        (project / "d" / name / "inside.txt").write_text(retired)  # or a directory above it
    (project / "CHANGELOG.md").write_text(retired)
    (project / "app.py").write_text(f'M = "{retired.strip()}"\n')
    _run(["git", "add", "-A"], project, env)
    hook = run_hook("claude-model-lint", project, hook_repo, env)
    walk = _run([CLI, "--no-cache", "."], project, env)
    assert _findings(walk.stdout) == {"app.py:1:6: CML001"}, walk.stdout
    assert _findings(hook.stdout) == _findings(walk.stdout), hook.stdout
    named = _run([CLI, "--no-cache", *(str(p) for p in project.rglob("*") if p.is_file()
                                       and ".git" not in p.parts)], project, env)  # fmt: skip
    assert len(_findings(named.stdout)) > 1  # without --force-exclude named files are checked


def test_one_report_sorted_whatever_the_batching(
    tmp_path: Path, env: dict[str, str], hook_repo: Path
) -> None:
    """pre-commit splits the files of a hook that is not serial into one batch per core, each
    with its own report and its own 'Found' line (issue 33): the hooks run serially, and the
    report is sorted by path and position, as ruff's is."""
    project = tmp_path / "project"
    project.mkdir()
    _git_init(project, env)
    names = [f"m{n:02d}.py" for n in range(40)]
    for name in reversed(names):
        (project / name).write_text('A = 1\nM = "claude-2.1"\n')
    _run(["git", "add", "-A"], project, env)
    hook = run_hook("claude-model-lint", project, hook_repo, env)
    reported = re.findall(r"^(\S+):2:6: CML001", hook.stdout, re.MULTILINE)
    assert reported == names, hook.stdout
    assert len(re.findall(r"^Found \d+ findings", hook.stdout, re.MULTILINE)) == 1


def test_the_text_report_is_sorted_whatever_the_order_of_the_paths(tmp_path: Path) -> None:
    for name in ("b.py", "a/z.py", "a.py", "c.yaml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(
            "x: claude-2.1\n" if name.endswith("yaml") else 'M = "claude-2.1"\nN = "claude-2.0"\n'
        )
    out = subprocess.run(
        [CLI, "--no-cache", "--jobs", "2", "c.yaml", "b.py", "a", "a.py"], cwd=tmp_path,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    places = re.findall(r"^(\S+:\d+):\d+: CML", out.stdout, re.MULTILINE)
    assert places == ["a.py:1", "a.py:2", "a/z.py:1", "a/z.py:2", "b.py:1", "b.py:2", "c.yaml:1"]


def test_a_directory_below_an_excluded_one_with_its_own_config(
    tmp_path: Path, env: dict[str, str]
) -> None:
    """This repository's own shape (issue 33): pyproject.toml excludes tests/**, and a fixture
    project below it has a [tool.claude-model-lint] table of its own. The walk never enters
    tests/, so never reads that table: the hook, which names the file, excludes it too."""
    project = tmp_path / "project"
    fixture = project / "tests" / "fixtures" / "proj"
    fixture.mkdir(parents=True)
    _git_init(project, env)
    (project / "pyproject.toml").write_text(
        '[tool.claude-model-lint]\nextend-exclude = ["tests/**"]\n'
    )
    (fixture / "pyproject.toml").write_text("[tool.claude-model-lint]\ncheck-comments = true\n")
    (fixture / "app.py").write_text('M = "claude-2.1"\n')
    (project / "app.py").write_text('M = "claude-2.1"\n')
    _run(["git", "add", "-A"], project, env)
    walk = _run([CLI, "--no-cache", "."], project, env)
    named = _run(
        [CLI, "--no-cache", "--force-exclude", "app.py", "tests/fixtures/proj/app.py"],
        project, env,
    )  # fmt: skip
    assert _findings(walk.stdout) == _findings(named.stdout) == {"app.py:1:6: CML001"}
    # named without --force-exclude, a file is checked whatever excludes it (ruff's rule)
    plain = _run([CLI, "--no-cache", "tests/fixtures/proj/app.py"], project, env)
    assert _findings(plain.stdout) == {"tests/fixtures/proj/app.py:1:6: CML001"}


def test_our_own_hook_installs_what_the_package_needs() -> None:
    """The dogfood hook in .pre-commit-config.yaml runs from source: its environment must hold
    every dependency of the package (platformdirs was missing: 'No module named')."""
    import yaml

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    (hook,) = [
        h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "claude-model-lint"
    ]
    needed = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert sorted(hook["additional_dependencies"]) == sorted(needed)


def test_the_fix_hook_says_what_to_do_when_it_cannot_pass(
    tmp_path: Path, env: dict[str, str], hook_repo: Path
) -> None:
    """A JSON whose two ids would become the same model has no safe fix: the fix hook fails
    every commit, so it says how to settle the findings (issue 33)."""
    project = tmp_path / "project"
    project.mkdir()
    _git_init(project, env)
    (project / "models.json").write_text(
        '{"default": "claude-3-opus-20240229", "fallback": "claude-2.1"}\n'
    )
    _run(["git", "add", "-A"], project, env)
    fix = run_hook("claude-model-lint-fix", project, hook_repo, env)
    assert fix.returncode == 1
    assert "2 findings left that --fix does not rewrite" in fix.stdout
    assert "--add-ignore" in fix.stdout and "--baseline FILE" in fix.stdout


def test_a_committed_dash_and_a_tracked_ignored_file_fail_the_hook_as_the_walk(
    tmp_path: Path, env: dict[str, str], hook_repo: Path
) -> None:
    """Review 3 S3, S4: a file named ``-`` (which --names-are-files spells ./-) was read as
    standard input and passed; a tracked file .gitignore lists was reported by the hook but
    passed by ``claude-model-lint .``. The hook and the walk report both, the same."""
    project = tmp_path / "project"
    project.mkdir()
    _git_init(project, env)
    (project / "-").write_text('M = "claude-2.1"\n')
    (project / "evil.py").write_text('M = "claude-2.1"\n')
    (project / ".gitignore").write_text("evil.py\n")
    _run(["git", "add", "-f", "-A", "--", "-", "evil.py", ".gitignore"], project, env)
    hook = run_hook("claude-model-lint", project, hook_repo, env)
    walk = _run([CLI, "--no-cache", "--as-of", AS_OF, "."], project, env)
    assert _findings(walk.stdout) == {"-:1:6: CML001", "evil.py:1:6: CML001"}, walk.stdout
    assert hook.returncode == 1 and _findings(hook.stdout) == _findings(walk.stdout), hook.stdout
