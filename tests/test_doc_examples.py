"""Examples of the docs that no other test runs: the transcripts in README.md ("What it says")
and docs/index.md ("First run"), which the installed CLI prints on the files in
tests/doc_examples (written for them); the README's rules table and import command;
the configuration example; the JSON keys the integrations page lists."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CLI, run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).parent / "doc_examples"


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


def test_the_readme_rules_table_is_the_rules() -> None:
    from claude_model_lint.rules import RULES

    rows = re.findall(
        r"^\| (CML\d{3}) \| ([a-z-]+) \| (\w+) \|", (ROOT / "README.md").read_text(), re.M
    )
    shown = {code: (name, default) for code, name, default in rows}
    assert shown == {
        code: (rule.name, rule.severity.value if rule.enabled_by_default else "off")
        for code, rule in RULES.items()
    }


def test_the_readme_import_command_runs_on_a_saved_copy(tmp_path: Path) -> None:
    """A copy saved without a mirror's front matter (the Korean page) states no date: the
    README's command carries --page-date."""
    (command,) = re.findall(
        r"`(claude-model-lint-registry import PAGE\.md [^`]*)`", (ROOT / "README.md").read_text()
    )
    shutil.copy(
        ROOT / "tests" / "fixtures" / "pages" / "model-deprecations.ko.md", tmp_path / "PAGE.md"
    )
    words = command.split()
    tool = Path(CLI).with_name(words[0])
    result = subprocess.run([str(tool), *words[1:]], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "[" in (tmp_path / "overlay.toml").read_text()


def test_the_configuration_example_loads_and_its_default_set_is_the_default(tmp_path: Path) -> None:
    from claude_model_lint.rules import RULES

    (block, *_) = re.findall(
        r"```toml\n(.*?)```", (ROOT / "docs" / "configuration.md").read_text(), re.DOTALL
    )
    (selected,) = re.findall(r"^select = (\[.*?\])\s+# the default set$", block, re.M)
    assert json.loads(selected) == sorted(c for c, r in RULES.items() if r.enabled_by_default)
    (tmp_path / "pyproject.toml").write_text(block)
    (tmp_path / "models-overlay.toml").write_text("")
    (tmp_path / "app.py").write_text('M = "claude-3-opus-20240229"\n')
    result = run_cli("--no-cache", "--as-of", "2026-11-25", ".", cwd=tmp_path)
    assert result.returncode == 1 and "app.py:1:6: CML001" in result.stdout, result.stderr


def test_the_json_keys_the_integrations_page_lists(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "integrations.md").read_text()
    (listed,) = re.findall(r"prints one JSON array \((.*?)\), sorted", page, re.DOTALL)
    (tmp_path / "app.py").write_text('M = "claude-3-opus-20240229"\n')
    result = run_cli("--no-cache", "--as-of", "2026-11-25", "--format", "json", ".", cwd=tmp_path)
    (finding,) = json.loads(result.stdout)
    assert [key.strip() for key in listed.split(",")] == list(finding)


def test_every_install_command_installs_what_the_readme_installs() -> None:
    """No page installs the package by a name PyPI does not serve: from the release tag the
    README's Install section names, or from a checkout (editable, for maintainers); extras are
    the project's own."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    readme = (ROOT / "README.md").read_text()
    (source,) = re.findall(r"^pip install (git\+https://\S+@[\w.]+)$", readme, re.M)
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    commands = [
        c for page in pages for c in re.findall(r"pip install (\S.*)$", page.read_text(), re.M)
    ]
    assert len(commands) >= 4
    for command in commands:
        spec = command.split(" && ")[0].strip('"')
        named = re.fullmatch(r"claude-model-lint\[(\w+)\] @ (\S+)", spec)
        checkout = re.fullmatch(r'-e "?\.\[(\w+)\]"?', spec)  # a maintainer's editable checkout
        assert (
            spec in (source, ".")
            or (named and named[1] in extras and named[2] == source)
            or (checkout and checkout[1] in extras)
        ), command


def test_the_index_holds_the_readme_set_up_commands() -> None:
    index = (ROOT / "docs" / "index.md").read_text()
    assert (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/claude-model-lint ." in index
    )
    assert "bash scripts/test" in index


@pytest.mark.parametrize("as_of", ["today", "2030-01-01"])
def test_on_this_repository_it_finds_nothing(as_of: str) -> None:
    """The README says so of its first command. An id in the tool's own code named with an ignore
    for CML002 alone became a finding the day its model retired (Claude Sonnet 4.5, 2026-11-30):
    the claim must hold on any day, so it is checked today and years ahead."""
    result = run_cli("--as-of", as_of, "--quiet", ".", cwd=ROOT)
    assert "on this repository itself it finds nothing and exits 0" in " ".join(
        (ROOT / "README.md").read_text().split()
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def _blocks(page: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (ROOT / page).read_text(), re.DOTALL)


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A documented command line, as a shell runs it, with the installed tools first on PATH."""
    path = f"{Path(CLI).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "NO_COLOR": "1"}
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, env=env)


def test_the_standard_input_examples(tmp_path: Path) -> None:
    (block,) = [b for b in _blocks("docs/configuration.md", "sh") if "--stdin-filename" in b]
    check, fix = block.splitlines()
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text('MODEL = "claude-3-opus-20240229"\n')
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "models.yaml").write_text("model: claude-3-opus-20240229\n")
    checked = _shell(check, tmp_path)
    assert checked.returncode == 1 and "src/app.py:1:10: CML001" in checked.stdout
    fixed = _shell(fix, tmp_path)
    assert fixed.stdout == "model: claude-opus-5-5\n", fixed.stderr
    assert (tmp_path / "config" / "models.yaml").read_text() == "model: claude-3-opus-20240229\n"


def test_the_ignore_comment_example(tmp_path: Path) -> None:
    (block,) = [b for b in _blocks("docs/configuration.md", "python") if "ignore[" in b]
    (tmp_path / "app.py").write_text(block)
    result = run_cli("--no-cache", ".", cwd=tmp_path)
    assert (
        result.returncode == 0
        and "No findings.\nCoverage: every file in scope read" in result.stderr
    )


def test_the_add_ignore_output_example(tmp_path: Path) -> None:
    (block,) = [b for b in _blocks("docs/configuration.md", "toml") if "cannot hold" in b]
    repo = tmp_path / "repo"
    (repo / "config").mkdir(parents=True)
    (repo / "pyproject.toml").write_text("[tool.claude-model-lint]\n")
    (repo / "config" / "models.json").write_text('{"model": "claude-3-opus-20240229"}\n')
    result = run_cli("--no-cache", "--add-ignore", ".", cwd=repo)
    assert result.stdout == block.replace("/repo/pyproject.toml", str(repo / "pyproject.toml"))


def test_the_registry_import_examples(tmp_path: Path) -> None:
    (block,) = [b for b in _blocks("docs/registry.md", "sh") if " import " in b]
    page = ROOT / "tests" / "fixtures" / "pages" / "model-deprecations.en.2026-10-10.md"
    shutil.copy(page, tmp_path / "model-deprecations.md")
    for command in block.splitlines():
        result = _shell(command, tmp_path)
        # the diff exits 1 when the page differs: this copy predates the Opus 4.5 deprecation
        assert result.returncode == (1 if "--diff" in command else 0), (command, result.stderr)
    assert "[" in (tmp_path / "overlay.toml").read_text()


def test_the_fix_safety_report_example(tmp_path: Path) -> None:
    """The report at the top of docs/fix-safety.md, on the two files it names ('…' elides)."""
    (block,) = re.findall(
        r"```\n(\S+:\d+:\d+: CML.*?)```", (ROOT / "docs" / "fix-safety.md").read_text(), re.DOTALL
    )
    shutil.copytree(EXAMPLES / "fix_safety", tmp_path / "repo")
    result = run_cli("--no-cache", "--as-of", "2026-11-25", ".", cwd=tmp_path / "repo")
    said = [line for line in result.stdout.splitlines() if re.match(r"\S+:\d+:\d+: CML", line)]
    said += result.stderr.splitlines()[-2:]  # the summary and the coverage lines
    expected = block.splitlines()
    assert len(said) == len(expected), said
    for line, shown in zip(said, expected, strict=True):
        assert re.fullmatch(".*".join(map(re.escape, shown.split("…"))), line), (line, shown)


def test_the_workflow_and_hook_examples_name_what_exists() -> None:
    """Each workflow passes only inputs the action has, at the README's release tag; each
    pre-commit config names hooks the repository defines, at that tag."""
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    hooks = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    (tag,) = set(re.findall(r"claude-model-lint@([\w.]+)", (ROOT / "README.md").read_text()))
    blocks = _blocks("README.md", "yaml") + _blocks("docs/integrations.md", "yaml")
    workflows = configs = 0
    for block in blocks:
        document = yaml.safe_load(block)
        if "repos" in document:
            configs += 1
            (repo,) = document["repos"]
            assert str(repo["rev"]) == tag and {hook["id"] for hook in repo["hooks"]} <= hooks
            commented = re.findall(r"#\s*- id: (\S+)", block)
            assert set(commented) <= hooks
            continue
        jobs = [document] if isinstance(document, list) else document["jobs"].values()
        steps = [s for job in jobs for s in (job if isinstance(job, list) else job["steps"])]
        ours = [
            step for step in steps if "claude-model-lint/claude-model-lint" in step.get("uses", "")
        ]
        assert ours, block
        for step in ours:
            workflows += 1
            assert step["uses"] == f"claude-model-lint/claude-model-lint@{tag}"
            assert set(step.get("with", {})) <= set(action["inputs"]), step
    assert configs == 2 and workflows >= 4


def test_the_record_patterns_the_fix_safety_page_lists_are_the_defaults() -> None:
    from claude_model_lint.config import DEFAULT_RECORD

    text = (ROOT / "docs" / "fix-safety.md").read_text()
    (listed,) = re.findall(r"The default `record` patterns are (.*?) \(", text, re.DOTALL)
    assert re.findall(r"`([^`]+)`", listed) == list(DEFAULT_RECORD)
