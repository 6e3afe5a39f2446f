"""Config and overlays come from the repository only (issue 16).

A config above the repository (a home directory, a parent checkout) could hide findings; an
overlay outside it, named by a config a pull request adds, could rewrite the registry. Both are
refused unless the overlay is named on the command line.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import AS_OF, run_cli

RETIRED = 'MODEL = "claude-2.1"\n'
OVERLAY = '[models."claude-2.1"]\nretired = 2099-01-01\nclear = ["deprecated"]\n'


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "app.py").write_text(RETIRED, encoding="utf-8")
    return repo


def test_a_config_above_the_repository_is_not_read(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (tmp_path / ".claude-model-lint.toml").write_text('ignore = ["CML001"]\n')
    result = run_cli("--as-of", AS_OF, ".", cwd=repo)
    assert result.returncode == 1 and "CML001" in result.stdout, result.stdout + result.stderr


def test_a_config_above_the_given_paths_without_git_is_not_read(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "app.py").write_text(RETIRED, encoding="utf-8")
    (tmp_path / ".claude-model-lint.toml").write_text('ignore = ["CML001"]\n')
    result = run_cli("--as-of", AS_OF, "work", cwd=tmp_path)
    assert result.returncode == 1 and "CML001" in result.stdout, result.stdout + result.stderr


def test_a_config_inside_the_repository_is_read(tmp_path: Path) -> None:
    """The bound is the repository, not the directory linted: a nested path keeps its config."""
    repo = _repo(tmp_path)
    (repo / ".claude-model-lint.toml").write_text('ignore = ["CML001"]\n')
    (repo / "src").mkdir()
    (repo / "src" / "app.py").write_text(RETIRED, encoding="utf-8")
    result = run_cli("--as-of", AS_OF, "src", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_overlay_outside_the_repository_needs_the_command_line(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    outside = _outside_overlay(tmp_path)
    (repo / ".claude-model-lint.toml").write_text('registry = "../outside.toml"\n')
    result = run_cli("--as-of", AS_OF, ".", cwd=repo)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert ".claude-model-lint.toml: registry:" in line and "outside.toml" in line
    assert "--registry" in line

    (repo / ".claude-model-lint.toml").unlink()
    trusted = run_cli("--as-of", AS_OF, "--registry", str(outside), ".", cwd=repo)
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr  # claude-2.1 now active


def test_a_symlink_inside_to_an_overlay_outside_is_refused(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    outside = _outside_overlay(tmp_path)
    (repo / "overlay.toml").symlink_to(outside)
    (repo / ".claude-model-lint.toml").write_text('registry = "overlay.toml"\n')
    result = run_cli("--as-of", AS_OF, ".", cwd=repo)
    assert result.returncode == 2 and "outside the repository" in result.stderr


def test_an_overlay_inside_the_repository_is_used(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "overlay.toml").write_text(OVERLAY, encoding="utf-8")
    (repo / ".claude-model-lint.toml").write_text('registry = "overlay.toml"\n')
    result = run_cli("--as-of", AS_OF, ".", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_usage_audit_reads_no_config_above_the_repository(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _outside_overlay(tmp_path)
    (repo / ".claude-model-lint.toml").write_text('registry = "../outside.toml"\n')
    usage = tmp_path / "usage.csv"
    usage.write_text("model,requests\nclaude-2.1,10\n", encoding="utf-8")
    import subprocess
    import sys

    tool = str(Path(sys.executable).parent / "claude-model-lint-usage")
    result = subprocess.run(
        [tool, str(usage), "--as-of", AS_OF, "."], cwd=repo, capture_output=True, text=True
    )
    assert result.returncode == 2 and "outside the repository" in result.stderr, result.stderr


def _outside_overlay(tmp_path: Path) -> Path:
    """An overlay beside the repository, not in it."""
    outside = tmp_path / "outside.toml"
    outside.write_text(OVERLAY, encoding="utf-8")
    return outside


def test_the_language_server_keeps_the_rule(tmp_path: Path) -> None:
    """Review B16: the language server read the overlay outside (diagnostics [], the overlay's
    verdict) and any config above the repository; it now refuses as the command line does, and
    says so where the user looks."""
    import asyncio

    from tests.lsp_client import Session

    repo = _repo(tmp_path)
    _outside_overlay(tmp_path)
    (repo / ".claude-model-lint.toml").write_text('registry = "../outside.toml"\n')
    other = tmp_path / "other"
    (other / ".git").mkdir(parents=True)
    (tmp_path / ".claude-model-lint.toml").write_text('ignore = ["CML001"]\n')  # above both

    async def main() -> None:
        async with Session(tmp_path) as s:
            s.open((repo / "app.py").as_uri(), RETIRED)
            assert await s.diagnostics((repo / "app.py").as_uri()) == []
            refusal = await s.log_containing("outside the repository")
            assert "outside.toml" in refusal.message
            async with s.arrived:
                await asyncio.wait_for(s.arrived.wait_for(lambda: bool(s.shown)), 60)
            assert "outside the repository" in s.shown[0].message
            s.open((other / "app.py").as_uri(), RETIRED)
            found = await s.diagnostics((other / "app.py").as_uri())
            assert [d.code for d in found] == ["CML001"]

    asyncio.run(main())


def test_the_mcp_server_keeps_the_rule(tmp_path: Path) -> None:
    """Review B16: the MCP server's check_file answered no findings under the overlay outside."""
    from tests.test_mcp import refused, session

    repo = _repo(tmp_path)
    _outside_overlay(tmp_path)
    (repo / ".claude-model-lint.toml").write_text('registry = "../outside.toml"\n')

    async def scenario(client: object) -> None:
        for tool, arguments in (
            ("check_file", {"path": "app.py"}),
            ("check_code", {"text": RETIRED, "filename": "app.py"}),
            ("model_lifecycle", {"id": "claude-2.1"}),
        ):
            text = await refused(client, tool, arguments)  # type: ignore[arg-type]
            assert "outside the repository" in text and "outside.toml" in text, text

    session(repo, scenario)
