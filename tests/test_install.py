"""What a user meets first: the licence the metadata names, an install that needs no clone, and
the README's first command clean on this repository itself."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
from pathlib import Path

from .conftest import AS_OF, run_cli

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def test_the_license_file_is_the_mit_license_the_metadata_names() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n") and "WITHOUT WARRANTY OF ANY KIND" in text
    metadata = importlib.metadata.metadata("claude-model-lint")
    assert metadata["License-Expression"] == "MIT"
    assert "LICENSE" in (metadata.get_all("License-File") or [])


def _refs_named(text: str) -> list[str]:
    """Every git ref an install line of this project names: pip/pipx ``git+URL@REF``, an
    Action's ``uses: claude-model-lint/claude-model-lint@REF``, a pre-commit ``rev: REF``."""
    return re.findall(
        r"git\+https://github\.com/claude-model-lint/claude-model-lint@([^\s\"]+)"
        r"|uses: claude-model-lint/claude-model-lint@(\S+)|^\s*rev: (\S+)",
        text, re.MULTILINE,
    )  # fmt: skip


PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_install_line_names_a_ref_that_exists() -> None:
    """A tag named in an install line must be a tag of this repository (v0.1.0 was named before
    any was cut); the default branch is always there."""
    tags = set(subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.split())  # fmt: skip
    named = {
        ref for page in PAGES for match in _refs_named(page.read_text()) for ref in match if ref
    }
    assert named and named <= {"main", *tags}, named - {"main", *tags}
    assert {tool for tool in re.findall(r"(pipx|pip) install git\+", README)} == {"pip", "pipx"}
    # the two commands the README promises, unchanged
    assert (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/claude-model-lint ."
        in README
    )
    assert "bash scripts/test" in README


def test_the_release_workflow_builds_checks_and_publishes_on_a_tag() -> None:
    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["tags"] == ["v*"]
    build, publish = flow["jobs"]["build"], flow["jobs"]["publish"]
    runs = " ".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in runs and "twine check --strict dist/*" in runs
    assert "__version__" in runs  # the tag must be the package's version
    assert flow["permissions"] == {"contents": "read"}
    assert publish["needs"] == "build" and publish["permissions"] == {"id-token": "write"}
    assert "refs/tags/v" in publish["if"]
    assert any(
        step.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for step in publish["steps"]
    )


def test_the_readme_command_is_clean_on_this_repository() -> None:
    result = run_cli("--as-of", AS_OF, "--no-cache", ".", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings." in result.stderr
