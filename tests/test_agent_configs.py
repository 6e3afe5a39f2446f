"""Agent and tool configs are first-class files (issue 34, item 3): Claude Code's settings, its
subagent and command definitions, ``.mcp.json``, the ``ANTHROPIC_*_MODEL`` variables in env
files and workflows are uses that ``--fix`` rewrites; Claude Code's aliases are never reported."""

from __future__ import annotations

import filecmp
import json
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claude_model_lint.scanners.front_matter import model_setting_lines
from tests.conftest import AS_OF, run_cli
from tests.test_repo_scan import _git_repo

TREE = Path(__file__).parent / "fixtures" / "repos" / "agent_configs"
ALIASES = ("opus", "sonnet", "haiku", "opusplan", "sonnet[1m]")


def test_every_agent_config_is_a_use_and_aliases_stay(tmp_path: Path) -> None:
    repo = _git_repo(TREE / "input", tmp_path / "repo")
    done = run_cli("--as-of", AS_OF, "--format", "json", cwd=repo)
    rows = json.loads(done.stdout)
    fixes = {(r["path"], r["line"]): r["fix"] for r in rows}
    assert fixes == {
        (".claude/agents/code-reviewer.md", 5): "safe",  # front matter: the agent's model
        (".claude/agents/code-reviewer.md", 9): "unsafe",  # its prompt's prose
        (".claude/commands/summarise.md", 4): "safe",
        (".claude/settings.json", 2): "safe",
        (".claude/settings.json", 4): "safe",
        (".claude/settings.json", 5): "safe",
        (".claude/settings.json", 6): "safe",
        (".claude/settings.json", 7): "safe",
        (".env", 3): "safe",
        (".env", 4): "safe",
        (".github/workflows/claude.yml", 9): "safe",
        (".github/workflows/claude.yml", 14): "safe",
        (".mcp.json", 11): "safe",
        ("docs/2025-migration.md", 2): "unsafe",  # a post's title is not a setting
        ("docs/2025-migration.md", 6): "unsafe",
    }
    assert not {r["model"] for r in rows} & set(ALIASES)
    assert run_cli("--as-of", AS_OF, "--fix", cwd=repo).returncode == 1  # the prose is left
    compared = filecmp.dircmp(repo, TREE / "expected", ignore=[".git"])
    assert _differences(compared) == []


def _differences(compared: filecmp.dircmp[str]) -> list[str]:
    found = [*compared.diff_files, *compared.left_only, *compared.right_only]
    for sub in compared.subdirs.values():
        found += _differences(sub)
    return found


FRONT = "---\nname: reviewer\nmodel: claude-3-opus-20240229\n---\n\nmodel: claude-2.1\n"


def test_only_the_front_matters_model_key_is_a_setting() -> None:
    assert model_setting_lines(FRONT) == {3}
    assert model_setting_lines("\ufeff" + FRONT) == {3}
    assert model_setting_lines(FRONT.replace("\n", "\r\n")) == {3}
    assert model_setting_lines('---\n"model": x\nsmall_model: y\n...\n') == {2}
    assert model_setting_lines("---\nmodel: x\n") == frozenset()  # never closed: no front matter
    assert model_setting_lines("text\n---\nmodel: x\n---\n") == frozenset()  # not on line 1
    assert model_setting_lines("--- \nmodel:x\n---\n") == frozenset()  # 'model:x' is no YAML key


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="-.\n\r model:\ufeffx'\"", max_size=200))
def test_front_matter_lines_are_lines_of_the_text(text: str) -> None:
    lines = model_setting_lines(text)
    assert all(2 <= n <= text.count("\n") + 1 for n in lines)


def test_front_matter_takes_linear_time() -> None:
    for text in ("---\n" + "model: x\n" * 200_000, "---\n" + "-" * 2_000_000, "---\n" * 500_000):
        started = time.process_time()
        model_setting_lines(text)
        assert time.process_time() - started < 2.0, text[:20]
