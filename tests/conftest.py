from __future__ import annotations

import os
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
