from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from claude_model_lint.registry.registry import Registry, load_registry

AS_OF = "2026-11-25"  # every test pins its date; none follows the calendar
# The fetched registry layer lives in the user cache: the tests use an empty one of their own,
# so a developer's `claude-model-lint-registry update` cannot change their results.
os.environ["CLAUDE_MODEL_LINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="cml-test-cache-")
# and no test ever reads the real package index: an address where nothing answers
os.environ["CLAUDE_MODEL_LINT_SDK_INDEX"] = "http://127.0.0.1:9/pypi/anthropic/json"
CLI = str(Path(sys.executable).parent / "claude-model-lint")


# Modules whose tests drive real tools or measure time: `pytest -m "not slow"` is the short loop
# while editing; `bash scripts/test` (and CI) runs everything.
SLOW_MODULES = frozenset({
    "test_pre_commit", "test_option_names", "test_editor_docs", "test_action", "test_radar",
    "test_radar_action", "test_adversarial", "test_bad_input", "test_install", "test_mcp",
    "test_agents_docs", "test_server_adversarial", "test_writer_safety", "test_interrupts",
    "test_server_protocol",
})  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected files of the golden fixtures (review the diff!)",
    )


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(
        [CLI, *args], cwd=cwd, capture_output=True, text=True, env=full_env, timeout=300
    )


# The hooks through the real pre-commit: one committed copy of this checkout and one PRE_COMMIT_HOME
# for the session, so that pre-commit builds the hook's environment once (each build is a pip
# install of the package; a dirty work tree given to try-repo made a new one every call).
_NOT_THE_HOOK = shutil.ignore_patterns(
    ".venv", ".git", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "tests", "build",
    "dist", "site",
)  # fmt: skip


@pytest.fixture(scope="session")
def pre_commit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    }  # fmt: skip


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, pre_commit_env: dict[str, str]) -> Path:
    """This checkout's hooks, committed: ``repo:`` and ``try-repo`` name it at its HEAD."""
    root = Path(__file__).parent.parent
    hooks = tmp_path_factory.mktemp("hooks") / "repo"
    shutil.copytree(root, hooks, ignore=_NOT_THE_HOOK)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "hooks"]):
        subprocess.run(["git", *args], cwd=hooks, env=pre_commit_env, check=True)
    return hooks


def run_hook(
    hook: str, project: Path, hook_repo: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """``pre-commit run HOOK --all-files`` in ``project`` with this checkout's hooks at their
    HEAD: what try-repo does, but through the session's store (try-repo builds the hook's
    environment in a fresh store at every call)."""
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    hooks = "".join(
        f"      - id: {name}\n" for name in ("claude-model-lint", "claude-model-lint-fix")
    )
    config = project / ".pre-commit-config.yaml"
    config.write_text(f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n{hooks}")
    subprocess.run(["git", "add", "--", config.name], cwd=project, env=env, check=True)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--all-files"],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
