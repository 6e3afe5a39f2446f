"""Names from someone else are never options (issue 36, item 1): a pull request that commits a file
named ``--exit-zero``, ``--fix`` or ``--output-file=README.md`` must not turn the check hook off,
make it rewrite code, or truncate a file. Through the real pre-commit, on a throw-away repository,
and through the other doors that receive names: the CLI with ``--`` and ``--stdin-filename``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..conftest import run_cli, run_hook

ROOT = Path(__file__).parent.parent.parent
HOSTILE = ["--exit-zero", "--fix", "--output-file=README.md"]
RETIRED = 'MODEL = "claude-2.1"\n'  # retired for good: no date can revive it


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_every_hook_entry_reads_existing_names_as_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks
    for hook in hooks:
        assert "--names-are-files" in hook["entry"].split() and "--" not in hook["entry"].split()


def test_hook_args_stay_options_beside_hostile_names(tmp_path: Path) -> None:
    """What the hook runs: entry, the user's args (options), then the names pre-commit passes."""
    (tmp_path / "app.py").write_text(RETIRED)
    (tmp_path / "README.md").write_text("# Read me\n")
    for name in HOSTILE:
        (tmp_path / name).write_text(RETIRED)
    run = run_cli(
        "--force-exclude", "--names-are-files", "--as-of", "2026-11-25", "--select", "CML001",
        *HOSTILE, "app.py", "README.md", cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    for name in [*HOSTILE, "app.py"]:
        assert f"{name}:1:10: CML001" in run.stdout
        assert (tmp_path / name).read_text() == RETIRED
    assert (tmp_path / "README.md").read_text() == "# Read me\n"


def test_a_file_named_like_the_flag_itself_is_checked(tmp_path: Path) -> None:
    """Review D1: pre-commit passes a committed ``--names-are-files`` after the entry's own flag."""
    (tmp_path / "--names-are-files").write_text(RETIRED)
    (tmp_path / "ok.py").write_text("x = 1\n")
    run = run_cli(
        "--no-cache", "--force-exclude", "--names-are-files", "--as-of", "2026-11-25",
        "--select", "CML001", "--names-are-files", "ok.py", cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert "--names-are-files:1:10: CML001" in run.stdout


@pytest.mark.xdist_group("pre-commit")  # with tests/test_pre_commit.py: one hook env
@pytest.mark.parametrize("hook", ["claude-model-lint", "claude-model-lint-fix"])
def test_file_names_that_look_like_options_through_real_pre_commit(
    tmp_path: Path, hook: str, pre_commit_env: dict[str, str], hook_repo: Path
) -> None:
    env = pre_commit_env
    project = tmp_path / "project"
    project.mkdir()
    _run(["git", "init", "-q", "-b", "main", str(project)], tmp_path, env)
    (project / "app.py").write_text(RETIRED)
    (project / "README.md").write_text("# Read me\n")
    for name in HOSTILE:
        (project / name).write_text("x\n")
    _run(["git", "add", "-A", "--", "."], project, env)
    run = run_hook(hook, project, hook_repo, env)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output  # the finding fails the hook: --exit-zero was a file
    assert (project / "README.md").read_text() == "# Read me\n"  # not an --output-file
    if hook == "claude-model-lint":
        assert "app.py:1:10: CML001 [*] claude-2.1 is retired" in output
        assert (project / "app.py").read_text() == RETIRED  # the check hook never fixes
    for name in HOSTILE:
        assert (project / name).read_text() == "x\n"


def test_the_cli_after_double_dash_reads_names_as_paths(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(RETIRED)
    (tmp_path / "README.md").write_text("# Read me\n")
    for name in HOSTILE:
        (tmp_path / name).write_text(RETIRED)
    run = run_cli("--no-cache", "--as-of", "2026-11-25", "--", *HOSTILE, "app.py", cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    for name in [*HOSTILE, "app.py"]:
        assert f"{name}:1:10: CML001" in run.stdout
        assert (tmp_path / name).read_text() == RETIRED
    assert (tmp_path / "README.md").read_text() == "# Read me\n"


def test_a_stdin_filename_that_looks_like_an_option_is_only_a_name(tmp_path: Path) -> None:
    run = subprocess.run(
        [str(Path(sys.executable).parent / "claude-model-lint"), "--no-cache",
         "--as-of", "2026-11-25", "--stdin-filename", "--fix", "-"],
        cwd=tmp_path, input=RETIRED, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "--fix:1:10: CML001" in run.stdout


def test_the_radar_passes_the_names_it_found_as_paths(tmp_path: Path) -> None:
    """The radar lints a repository under review and fixes the files the lint named: a file
    named like an option stays a file (after ``--``), README.md is never truncated."""
    from datetime import date

    from claude_model_lint.radar.lint import findings, fix

    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("# keep me\n")
    for name in HOSTILE:
        (tmp_path / name).write_text(RETIRED)
    found = findings(tmp_path, date(2026, 11, 25), [])
    named = sorted({row["path"] for row in found})
    assert [Path(name).name for name in named] == sorted(HOSTILE)
    left = fix(tmp_path, date(2026, 11, 25), [], named)
    # (a .md file is prose: its id is reported, never rewritten by a plain fix)
    assert [row["path"] for row in left] == ["--output-file=README.md"]
    assert (tmp_path / "README.md").read_text() == "# keep me\n"
    for name in ("--exit-zero", "--fix"):
        assert (tmp_path / name).read_text() == 'MODEL = "claude-opus-5-5"\n'
