"""Whole repositories through the installed command: discovery, ignores, config, output, exit codes."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import AS_OF, run_cli

REPOS = Path(__file__).parent / "fixtures" / "repos"
KEYS = {"path", "line", "column", "end_line", "end_column", "code", "rule", "severity", "model",
        "canonical", "state", "replacement", "message"}  # fmt: skip


def _git_repo(tree: Path, destination: Path) -> Path:
    """Copy a fixture tree into a fresh git repository; 'gitignore' files become '.gitignore'."""
    shutil.copytree(tree, destination)
    for stored in destination.rglob("gitignore"):
        stored.rename(stored.with_name(".gitignore"))
    subprocess.run(["git", "init", "-q", str(destination)], check=True)
    return destination


def _lint_json(*args: str, cwd: Path) -> tuple[int, list[dict[str, object]], str]:
    result = run_cli("--as-of", AS_OF, "--format", "json", *args, cwd=cwd)
    return result.returncode, json.loads(result.stdout or "[]"), result.stderr


def test_whole_repo_golden(tmp_path: Path) -> None:
    repo = _git_repo(REPOS / "basic" / "input", tmp_path / "repo")
    code, rows, _ = _lint_json(cwd=repo)
    assert code == 1
    assert [(r["path"], r["line"], r["code"], r["model"]) for r in rows] == [
        ("README.md", 1, "CML001", "claude-opus-4-1-20250805"),
        ("configs/.github/workflows/eval.yml", 2, "CML001", "claude-sonnet-4-20250514"),
        ("configs/app.yaml", 1, "CML001", "claude-3-opus-20240229"),
        ("configs/app.yaml", 2, "CML001", "claude-3-5-haiku@20241022"),
        ("notebooks/demo.ipynb", 3, "CML001", "claude-3-haiku-20240307"),
        ("src/pkg/client.py", 3, "CML001", "claude-3-5-sonnet-20241022"),
        ("src/pkg/client.py", 4, "CML001", "us.anthropic.claude-3-7-sonnet-20250219-v1:0"),
        ("src/pkg/generated_keep.py", 1, "CML001", "claude-instant-1.2"),
    ]
    assert all(set(row) >= KEYS for row in rows)

    fixed = run_cli("--as-of", AS_OF, "--fix", cwd=repo)  # the uses; the README is prose
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "Fixed 7 ids in 5 files" in fixed.stderr
    # the README's sentence names the replacement beside it: even --unsafe-fixes would make it
    # name one model twice ("it used to run on claude-opus-4-8"), so it is left (issue 28)
    assert "more with --unsafe-fixes" not in fixed.stderr
    assert "is already listed beside it" in fixed.stdout
    fixed = run_cli("--as-of", AS_OF, "--fix", "--unsafe-fixes", cwd=repo)
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "Fixed 0 ids in 0 files" in fixed.stderr
    expected = _git_repo(REPOS / "basic" / "expected", tmp_path / "expected")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=repo, capture_output=True, text=True
    )
    assert "cml-" not in status.stdout and "cache" not in status.stdout  # kept in the user cache
    shutil.rmtree(expected / ".git")
    shutil.rmtree(repo / ".git")
    _assert_same_tree(repo, expected)


def _assert_same_tree(actual: Path, expected: Path) -> None:
    comparison = filecmp.dircmp(actual, expected)
    assert not comparison.left_only and not comparison.right_only, comparison.report()
    for name in comparison.common_files:
        left, right = (actual / name).read_bytes(), (expected / name).read_bytes()
        assert left == right, f"{actual / name} differs from the expected tree"
    for name in comparison.common_dirs:
        _assert_same_tree(actual / name, expected / name)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "src" / "app.py").write_text('M = "claude-3-opus-20240229"\n')
    (root / "src" / "warn.py").write_text('M = "claude-opus-4@20250805"\n')
    for skipped in ("node_modules/x.js", "build/x.py", "dist/x.py", "__pycache__/x.py",
                    ".tox/x.py", "web/app.min.js", "package-lock.json", "poetry.lock"):  # fmt: skip
        (root / skipped).parent.mkdir(parents=True, exist_ok=True)
        (root / skipped).write_text('"claude-2.1"\n')
    (root / "myenv").mkdir()
    (root / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / "myenv" / "lib.py").write_text('"claude-2.1"\n')
    (root / "image.png").write_bytes(b"\x89PNG\0\0claude-2.1")
    (root / "data.bin2").write_bytes(b"\0\0claude-2.1")
    (root / ".git" / "info" / "exclude").write_text("private.txt\n")
    (root / "private.txt").write_text("claude-2.1\n")
    return root


def test_default_skips_and_git_exclude(repo: Path) -> None:
    code, rows, stderr = _lint_json(cwd=repo)
    assert {r["path"] for r in rows} == {"src/app.py", "src/warn.py"}
    assert code == 1
    assert "Traceback" not in stderr


def test_explicit_files_skip_default_excludes_but_not_the_users(repo: Path) -> None:
    _, rows, _ = _lint_json("node_modules/x.js", "src/app.py", cwd=repo)
    assert [r["path"] for r in rows] == ["node_modules/x.js", "src/app.py"]
    _, rows, _ = _lint_json("--extend-exclude", "node_modules", "node_modules/x.js", cwd=repo)
    assert rows == []


def test_exit_codes(repo: Path) -> None:
    assert run_cli("--as-of", AS_OF, "src/app.py", cwd=repo).returncode == 1
    assert run_cli("--as-of", AS_OF, "--exit-zero", "src/app.py", cwd=repo).returncode == 0
    assert run_cli("--as-of", AS_OF, "--fail-on", "error", "src/warn.py", cwd=repo).returncode == 0
    assert run_cli("--as-of", AS_OF, "src/warn.py", cwd=repo).returncode == 1
    assert run_cli("--as-of", "2025-01-01", "src/app.py", cwd=repo).returncode == 0  # still active
    assert run_cli("--as-of", AS_OF, "--select", "CML9", cwd=repo).returncode == 2


def test_select_ignore_and_per_file_ignores_from_config(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.claude-model-lint]\nignore = ["CML004"]\nper-file-ignores = { "src/app.py" = ["CML001"] }\n'
    )
    code, rows, _ = _lint_json(cwd=repo / "src")  # the config is found walking up
    assert (code, rows) == (0, [])
    _, rows, _ = _lint_json("--select", "CML004", cwd=repo)
    assert [r["code"] for r in rows] == []  # the config's ignore still applies
    _, rows, _ = _lint_json("--config", str(repo / "none.toml"), cwd=repo)
    assert rows == []


def test_config_errors_name_file_and_key(repo: Path) -> None:
    (repo / ".claude-model-lint.toml").write_text('selct = ["CML001"]\n')
    result = run_cli("--as-of", AS_OF, cwd=repo)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"claude-model-lint: error: {repo / '.claude-model-lint.toml'}: selct: unknown key"
    )
    (repo / ".claude-model-lint.toml").write_text('fail-on = "fatal"\n')
    result = run_cli("--as-of", AS_OF, cwd=repo)
    assert result.returncode == 2 and "fail-on: 'fatal' is not one of" in result.stderr


def test_statistics_print_the_counts_only_output_file_and_quiet(repo: Path) -> None:
    result = run_cli("--as-of", AS_OF, "--statistics", "src", cwd=repo)
    assert result.returncode == 1  # the exit code is the run's, as without --statistics
    assert result.stdout.splitlines() == [
        " count  code    rule",
        "     1  CML001  [*] retired-model",
        "     1  CML004  unknown-model",
        "",
        " count  model id",
        "     1  claude-3-opus-20240229",
        "     1  claude-opus-4@20250805",
    ]
    assert result.stderr == ""
    quiet = run_cli(
        "--as-of", AS_OF, "-q", "--output-file", "report.json", "--format", "json", "src", cwd=repo
    )
    assert quiet.stdout == "" and quiet.stderr == ""
    assert len(json.loads((repo / "report.json").read_text())) == 2


def test_statistics_in_json_are_json(repo: Path) -> None:
    """Review 3 m7: --format json --statistics printed the text table; ruff gives JSON."""
    result = run_cli("--as-of", AS_OF, "--statistics", "--format", "json", "src", cwd=repo)
    assert result.returncode == 1 and result.stderr == ""
    assert json.loads(result.stdout) == {
        "rules": [
            {"code": "CML001", "rule": "retired-model", "count": 1, "fixable": True},
            {"code": "CML004", "rule": "unknown-model", "count": 1, "fixable": False},
        ],
        "models": [
            {"model": "claude-3-opus-20240229", "count": 1},
            {"model": "claude-opus-4@20250805", "count": 1},
        ],
    }
    (repo / "clean.py").write_text("x = 1\n")
    clean = run_cli("--as-of", AS_OF, "--statistics", "--format", "json", "clean.py", cwd=repo)
    assert clean.returncode == 0 and json.loads(clean.stdout) == {"rules": [], "models": []}


def test_stale_registry_note(repo: Path) -> None:
    # Anthropic gives 60 days' notice: data 46 days old may already miss a deprecation
    result = run_cli("--as-of", "2027-01-22", "src/app.py", cwd=repo)
    note = (
        "claude-model-lint: note: the model data in use is from 2026-12-07, 46 days before the "
        "as-of date 2027-01-22; Anthropic gives 60 days' notice, so a deprecation may be missing. "
        "Refresh it: claude-model-lint-registry update\n"
    )
    assert result.stderr.count(note) == 1
    fresh = run_cli("--as-of", "2027-01-21", "src/app.py", cwd=repo)
    assert "model data in use" not in fresh.stderr


def test_nested_gitignore_negation(tmp_path: Path) -> None:
    root = tmp_path / "r"
    (root / "a" / "b").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("*.py\n")
    (root / "a" / ".gitignore").write_text("!keep.py\n")
    (root / "a" / "b" / ".gitignore").write_text("keep.py\n")
    for path in ("top.py", "a/keep.py", "a/other.py", "a/b/keep.py"):
        (root / path).write_text('"claude-2.1"\n')
    _, rows, _ = _lint_json(cwd=root)
    assert [r["path"] for r in rows] == ["a/keep.py"]
    # run from a subdirectory: the ignore files above it still apply
    _, rows, _ = _lint_json(".", cwd=root / "a")
    assert [r["path"] for r in rows] == ["keep.py"]
