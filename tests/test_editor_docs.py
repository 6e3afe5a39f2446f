"""docs/editors.md's snippets work: a real Neovim runs the documented init.lua and the fix-all
call against the installed server; the VS Code and Helix settings start the server with the
command, arguments and options they give; every JSON snippet parses and every asOf is a date."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from claude_model_lint.dates import parse_as_of

from .conftest import AS_OF
from .lsp_client import Session

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

DOCS = Path(__file__).parent.parent / "docs" / "editors.md"
BIN = Path(sys.executable).parent
LINE = 'reply = client.messages.create(system="😀", model="claude-2.1")\n'
FIXED = LINE.replace("claude-2.1", "claude-opus-5-5")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)


def _pinned(options: dict[str, Any]) -> dict[str, Any]:
    assert parse_as_of(options["asOf"], date(2026, 1, 1))  # what the docs say is a date
    return {**options, "asOf": AS_OF}  # and the test's own, so that the result never moves


def _diagnostics_from(tmp_path: Path, command: list[str], options: dict[str, Any]) -> list[str]:
    """Start the server as an editor configured so would, open a file, return its findings."""
    assert command[0] == "claude-model-lint"
    uri = (tmp_path / "app.py").as_uri()

    async def main() -> list[str]:
        full = (str(BIN / command[0]), *command[1:])
        async with Session(tmp_path, _pinned(options), command=full) as session:
            session.open(uri, LINE)
            return [str(d.code) for d in await session.diagnostics(uri)]

    return asyncio.run(main())


def test_the_json_snippets_parse() -> None:
    blocks = [json.loads(block) for block in _blocks("json")]
    assert len(blocks) == 2
    assert parse_as_of(blocks[0]["asOf"], date(2026, 1, 1)) == date(2026, 4, 1)


def test_the_vs_code_settings_start_the_server(tmp_path: Path) -> None:
    [settings] = [b for b in map(json.loads, _blocks("json")) if "glspc.server.command" in b]
    command = [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]]
    assert "python" in settings["glspc.server.languageId"]
    assert "source.fixAll.claude-model-lint" in settings["editor.codeActionsOnSave"]
    options = settings["glspc.server.initializationOptions"]
    assert _diagnostics_from(tmp_path, command, options) == ["CML001"]


def test_the_helix_languages_start_the_server(tmp_path: Path) -> None:
    [block] = _blocks("toml")
    config = tomllib.loads(block)
    server = config["language-server"]["claude-model-lint"]
    assert all("claude-model-lint" in entry["language-servers"] for entry in config["language"])
    command = [server["command"], *server["args"]]
    assert _diagnostics_from(tmp_path, command, server["config"]) == ["CML001"]


NEOVIM_DRIVER = """
local out = {}
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 20)
out.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col })
end
local hover = vim.lsp.buf_request_sync(0, "textDocument/hover",
  vim.lsp.util.make_position_params(0, "utf-8"), 30000)
for _, answer in pairs(hover or {}) do out.hover = answer.result.contents.value end
dofile(vim.env.CML_FIX_ALL)
vim.wait(30000, function() return #vim.diagnostic.get(0) == 0 end, 20)
out.after = #vim.diagnostic.get(0)
out.text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\\n") .. "\\n"
vim.fn.writefile({ vim.json.encode(out) }, vim.env.CML_RESULT)
vim.cmd("qa!")
"""


@pytest.mark.skipif(not (BIN / "nvim").exists(), reason="the test extra installs Neovim")
@pytest.mark.parametrize("which", ["0.11+", "0.8+"])
def test_neovim_runs_the_documented_config(tmp_path: Path, which: str) -> None:
    new, old, fix_all = _blocks("lua")
    init = new if which == "0.11+" else old
    assert ("vim.lsp.config" in init) is (which == "0.11+")
    assert 'asOf = "today"' in init
    (tmp_path / "init.lua").write_text(init.replace('asOf = "today"', f'asOf = "{AS_OF}"'))
    (tmp_path / "fix_all.lua").write_text(fix_all)
    (tmp_path / "driver.lua").write_text(NEOVIM_DRIVER)
    (tmp_path / ".git").mkdir()  # a root marker
    (tmp_path / "app.py").write_text(LINE, encoding="utf-8")
    state = tmp_path / "state"
    env = {
        **os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "XDG_CONFIG_HOME": str(state), "XDG_DATA_HOME": str(state), "XDG_STATE_HOME": str(state),
        "CML_FIX_ALL": str(tmp_path / "fix_all.lua"), "CML_RESULT": str(tmp_path / "out.json"),
    }  # fmt: skip
    subprocess.run(
        [str(BIN / "nvim"), "--headless", "-i", "NONE", "-u", "init.lua",
         "-c", "call cursor(1, 56)", "-c", "luafile driver.lua", "app.py"],
        cwd=tmp_path, env=env, timeout=180, check=True, capture_output=True,
    )  # fmt: skip
    out = json.loads((tmp_path / "out.json").read_text())
    # Neovim asks for UTF-8 positions: the emoji is 4 bytes, so the id starts at byte 53
    assert out["diagnostics"] == [{"code": "CML001", "lnum": 0, "col": 53, "end_col": 63}]
    assert "Claude 2.1" in out["hover"] and "claude-opus-5-5" in out["hover"]
    assert out["after"] == 0 and out["text"] == FIXED
