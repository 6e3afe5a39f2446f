"""What a user meets first: the licence the metadata names, an install that needs no clone, and
the README's first command clean on this repository itself."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

from claude_model_lint import __version__

from .conftest import AS_OF, run_cli

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def test_the_license_file_is_the_mit_license_the_metadata_names() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n") and "WITHOUT WARRANTY OF ANY KIND" in text
    metadata = importlib.metadata.metadata("claude-model-lint")
    assert metadata["License-Expression"] == "MIT"
    assert "LICENSE" in (metadata.get_all("License-File") or [])


def test_the_readme_installs_this_release_without_a_clone() -> None:
    urls = re.findall(r"(?:pipx|pip) install git\+(https://\S+)@(\S+)", README)
    assert {tool for tool in re.findall(r"(pipx|pip) install git\+", README)} == {"pip", "pipx"}
    assert urls and all(
        url == "https://github.com/claude-model-lint/claude-model-lint" and tag == f"v{__version__}"
        for url, tag in urls
    )
    # the two commands the README promises, unchanged
    assert (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/claude-model-lint ."
        in README
    )
    assert "bash scripts/test" in README


def test_the_readme_command_is_clean_on_this_repository() -> None:
    result = run_cli("--as-of", AS_OF, "--no-cache", ".", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings." in result.stderr
