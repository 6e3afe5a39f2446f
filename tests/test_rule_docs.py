"""The rule pages' examples are tests (Fixit's convention): each page's invalid example, run
through the installed CLI with the command the page shows, produces exactly the finding the page
shows; its fix produces the 'after' text; its valid example produces nothing."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from claude_model_lint.rules import RULES

from .conftest import CLI

PAGES = Path(__file__).parent.parent / "docs" / "rules"
_BLOCK = r"\n\n```[a-z]*\n(.*?)```"


class Page(NamedTuple):
    name: str  # the example's file name
    invalid: str
    command: str  # the command the page shows for the finding
    finding: str
    fix_command: str | None
    after: str | None
    valid: str


def _page(code: str) -> Page:
    text = (PAGES / f"{code}.md").read_text(encoding="utf-8")
    invalid = re.search(r"^Invalid \(`([^`]+)`\):" + _BLOCK, text, re.M | re.S)
    reported = re.search(r"^Reported, as of [0-9-]+ \(`([^`]+)`\):" + _BLOCK, text, re.M | re.S)
    after = re.search(r"^After `([^`]+)`:" + _BLOCK, text, re.M | re.S)
    valid = re.search(r"^Valid \(`([^`]+)`\):" + _BLOCK, text, re.M | re.S)
    assert invalid and reported and valid, f"{code}.md: an example is missing"
    assert valid[1] == invalid[1]
    return Page(
        invalid[1], invalid[2], reported[1], reported[2], after[1] if after else None,
        after[2] if after else None, valid[2],
    )  # fmt: skip


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    assert argv[0] == "claude-model-lint"
    return subprocess.run(
        [CLI, *argv[1:], "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("code", list(RULES))
def test_the_rule_page_examples_hold(code: str, tmp_path: Path) -> None:
    page = _page(code)
    assert "--as-of" in page.command and f" {page.name}" in page.command
    source = tmp_path / page.name
    source.write_text(page.invalid, encoding="utf-8")
    result = _run(page.command, tmp_path)
    assert result.stdout == page.finding, result.stderr
    assert re.match(rf"\S+:\d+:\d+: {code} ", page.finding) and page.finding.count("\n") == 1
    if page.fix_command is not None:
        assert "--fix" in page.fix_command
        _run(page.fix_command, tmp_path)
        assert source.read_text(encoding="utf-8") == page.after
        assert _run(page.command, tmp_path).stdout == ""  # fixed: nothing left to report
    source.write_text(page.valid, encoding="utf-8")
    clean = _run(page.command, tmp_path)
    assert clean.returncode == 0 and clean.stdout == "", clean.stdout


def test_every_rule_has_a_page_with_the_sections() -> None:
    assert sorted(p.stem for p in PAGES.glob("*.md")) == sorted(RULES)
    for code, rule in RULES.items():
        text = (PAGES / f"{code}.md").read_text(encoding="utf-8")
        assert text.startswith(f"# {code} {rule.name}\n")
        for heading in (
            "## What it catches",
            "## Why",
            "## Example",
            "## Fix safety",
            "## Options",
        ):
            assert heading in text, (code, heading)


def test_every_link_the_tool_emits_points_at_a_page_of_this_repository(tmp_path: Path) -> None:
    """SARIF's helpUri, help text and informationUri, and rule_docs_url (the language server's
    codeDescription, tests/test_server.py): each blob/main/ URL must name a file of this
    checkout (the server linked rules.md#cml001, an anchor that no longer existed)."""
    import json
    import re

    from claude_model_lint.rules import DOCS_URL, RULES, rule_docs_url

    from .conftest import AS_OF, run_cli

    (tmp_path / "app.py").write_text('M = "claude-3-opus-20240229"\n')
    sarif = run_cli("--as-of", AS_OF, "--output-format", "sarif", cwd=tmp_path).stdout
    urls = set(
        re.findall(r"https://github\.com/claude-model-lint/claude-model-lint/[^\s\"')]+", sarif)
    )
    urls |= {DOCS_URL, *(rule_docs_url(code) for code in RULES)}
    prefix = "https://github.com/claude-model-lint/claude-model-lint/blob/main/"
    root = Path(__file__).parent.parent
    for url in urls:
        assert url.startswith(prefix), url
        path, _, anchor = url.removeprefix(prefix).partition("#")
        assert (root / path).is_file(), url
        assert not anchor, url  # no anchors: a heading renamed would break them silently
    assert json.loads(sarif)["runs"]
