"""The hooks through the real pre-commit, in throw-away git repositories (needs PyPI for the hook env)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claude_model_lint.config import DEFAULT_EXCLUDE

from .conftest import AS_OF, CLI

ROOT = Path(__file__).parent.parent
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
IGNORED = shutil.ignore_patterns(
    ".venv",
    ".git",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    "tests",
    "build",
    "dist",
)


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    }  # fmt: skip


def _git_init(path: Path, env: dict[str, str]) -> None:
    _run(["git", "init", "-q", "-b", "main", str(path)], path.parent, env)


def test_try_repo_against_this_checkout(tmp_path: Path, env: dict[str, str]) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _git_init(project, env)
    (project / "app.py").write_text(
        'MODEL = "claude-2.1"\n'
    )  # retired for good: no date can revive it
    (project / "notes.md").write_text("Nothing to see.\n")
    _run(["git", "add", "-A"], project, env)
    check = _run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "claude-model-lint", "--all-files"], project, env
    )
    assert check.returncode == 1, check.stdout + check.stderr
    assert "app.py:1:10: CML001 [*] claude-2.1 is retired" in check.stdout
    fix = _run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "claude-model-lint-fix", "--all-files"], project, env
    )
    assert fix.returncode == 1  # pre-commit fails a hook that modified files
    assert (project / "app.py").read_text() == 'MODEL = "claude-opus-4-8"\n'
    again = _run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "claude-model-lint", "--all-files"], project, env
    )
    assert again.returncode == 0, again.stdout


def test_a_commit_with_a_retired_id_fails_and_passes_after_the_fix(
    tmp_path: Path, env: dict[str, str]
) -> None:
    hooks = tmp_path / "hooks"
    shutil.copytree(ROOT, hooks, ignore=IGNORED)
    # remote hooks take no options (`args:` are file names, after the entry's `--`): the copy's
    # manifest pins the date the way a fork of the hooks would
    manifest = hooks / ".pre-commit-hooks.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "entry: claude-model-lint", f"entry: claude-model-lint --as-of {AS_OF}"
        )
    )
    _git_init(hooks, env)
    _run(["git", "add", "-A"], hooks, env)
    _run(["git", "commit", "-q", "-m", "hooks"], hooks, env)
    rev = _run(["git", "rev-parse", "HEAD"], hooks, env).stdout.strip()

    project = tmp_path / "project"
    project.mkdir()
    _git_init(project, env)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        "      - id: claude-model-lint\n"
        "      - id: claude-model-lint-fix\n        stages: [manual]\n"
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
    assert (
        project / "settings.yaml"
    ).read_text() == "model: us.anthropic.claude-haiku-4-5-20251001-v1:0\n"
    _run(["git", "add", "-A"], project, env)
    commit = _run(["git", "commit", "-m", "add settings"], project, env)
    assert commit.returncode == 0, commit.stdout + commit.stderr


def _findings(output: str) -> set[str]:
    return set(re.findall(r"^(\S+:\d+:\d+: CML\d+)", output, re.MULTILINE))


def test_the_hook_and_a_walk_report_the_same_findings(tmp_path: Path, env: dict[str, str]) -> None:
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
    hook = _run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "claude-model-lint", "--all-files"], project, env
    )
    walk = _run([CLI, "--no-cache", "."], project, env)
    assert _findings(walk.stdout) == {"app.py:1:6: CML001"}, walk.stdout
    assert _findings(hook.stdout) == _findings(walk.stdout), hook.stdout
    named = _run([CLI, "--no-cache", *(str(p) for p in project.rglob("*") if p.is_file()
                                       and ".git" not in p.parts)], project, env)  # fmt: skip
    assert len(_findings(named.stdout)) > 1  # without --force-exclude named files are checked
