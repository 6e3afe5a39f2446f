"""docs/cli.md is what the installed commands print for --help, word for word."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from .conftest import CLI

PAGE = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
BIN = Path(CLI).parent


def test_the_reference_is_each_commands_own_help() -> None:
    blocks = re.findall(r"```text\n\$ (.+?) --help\n(.*?)```", PAGE, re.DOTALL)
    commands = [command for command, _ in blocks]
    assert commands[0] == "claude-model-lint" and "claude-model-lint-usage" in commands
    assert "claude-model-lint-registry update" in commands
    env = {**os.environ, "COLUMNS": "100"}  # any terminal of 80 columns or more
    for command, documented in blocks:
        script, *sub = command.split()
        result = subprocess.run(
            [str(BIN / script), *sub, "--help"], capture_output=True, text=True, env=env,
            timeout=60,
        )  # fmt: skip
        assert result.returncode == 0 and result.stdout == documented, command


def test_every_option_of_the_linter_is_on_the_page() -> None:
    from claude_model_lint.commands.lint import cli

    for param in cli.params:
        for name in getattr(param, "opts", []):
            if name.startswith("--"):
                assert name in PAGE, name
