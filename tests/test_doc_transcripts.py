"""The transcripts in README.md ("What it says") and docs/index.md ("First run") are what the
installed CLI prints on the files in tests/fixtures/docs_examples (written for them)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).parent / "fixtures" / "docs_examples"


def _transcript(page: Path) -> tuple[list[str], list[str]]:
    """The command's arguments and the lines it prints, from the page's first transcript."""
    (block,) = re.findall(r"```text\n\$ claude-model-lint (.*?)```", page.read_text(), re.DOTALL)
    command, *lines = block.splitlines()
    return command.split(), lines


@pytest.mark.parametrize(("page", "example"), [("README.md", "readme"), ("docs/index.md", "index")])
def test_the_transcript_is_what_the_cli_prints(page: str, example: str, tmp_path: Path) -> None:
    args, expected = _transcript(ROOT / page)
    shutil.copytree(EXAMPLES / example, tmp_path / "repo")
    result = run_cli("--no-cache", *args, cwd=tmp_path / "repo")
    assert result.stdout.splitlines() + result.stderr.splitlines() == expected


def test_the_readme_diff_is_what_diff_prints(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text()
    (block,) = re.findall(r"```diff\n(.*?)```", text, re.DOTALL)
    shutil.copytree(EXAMPLES / "readme", tmp_path / "repo")
    result = run_cli("--no-cache", "--as-of", "2026-11-25", "--diff", ".", cwd=tmp_path / "repo")
    changed = [
        line
        for line in result.stdout.splitlines()
        if line[:1] in "-+" and line[:3] not in ("---", "+++")
    ]
    assert changed == block.splitlines()
