"""docs/agents.md's recipes work as written: the ``.mcp.json`` snippet starts a server that the
SDK's client talks to and that answers the page's example calls with the page's answers; the
hooks snippet's matchers select the edit tools and its command, fed a recorded payload, answers
as the page says. Every call pins its date (the snippets themselves follow the calendar)."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.conftest import AS_OF, CLI
from tests.test_claude_code_hook import payload

PAGE = Path(__file__).parent.parent / "docs" / "agents.md"


def example(name: str) -> list[Any]:
    """The JSON blocks of one ``<!-- example: name -->``: the first, and the answer after it."""
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(f"<!-- example: {name} -->")
    end = text.find("<!-- example:", start + 1)
    blocks = re.findall(r"```json\n(.*?)```", text[start : end if end > 0 else None], re.DOTALL)
    return [json.loads(block) for block in blocks]


def command(line: str) -> list[str]:
    """A snippet's command as run here: the installed script, its date pinned."""
    name, *args = shlex.split(line)
    assert name == "claude-model-lint"
    return [CLI, *args, "--as-of", AS_OF]


def test_the_mcp_json_snippet_serves_the_pages_answers(tmp_path: Path) -> None:
    [config] = example("mcp.json")
    server = config["mcpServers"]["claude-model-lint"]
    assert server["command"] == "claude-model-lint"
    params = StdioServerParameters(command=CLI, args=server["args"], cwd=str(tmp_path))
    calls = {tool: example(tool) for tool in ("check_code", "recommended_model")}

    async def main() -> None:
        async with Client(params) as client:
            for tool, (arguments, documented) in calls.items():
                result = await client.call_tool(tool, arguments)
                assert not result.is_error, result.content
                answer = result.structured_content or {}
                assert {key: answer[key] for key in documented} == documented, tool

    asyncio.run(main())


def test_the_hooks_snippet_checks_edits_before_and_after(tmp_path: Path) -> None:
    [settings] = example("hooks")
    hooks = settings["hooks"]
    assert set(hooks) == {"PreToolUse", "PostToolUse"}
    for event, groups in hooks.items():
        [group] = groups
        matcher = re.compile(group["matcher"])  # Claude Code reads a matcher as a regex
        assert all(matcher.fullmatch(tool) for tool in ("Write", "Edit", "MultiEdit"))
        assert not matcher.fullmatch("Bash") and not matcher.fullmatch("Read")
        [hook] = group["hooks"]
        assert hook["type"] == "command"
        name = "pre_write.json" if event == "PreToolUse" else "post_write.json"
        event_input = payload(name, tmp_path)
        if event == "PostToolUse":
            (tmp_path / "hello.py").write_text(event_input["tool_input"]["content"])
        done = subprocess.run(
            command(hook["command"]), input=json.dumps(event_input), cwd=tmp_path,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        if event == "PostToolUse":
            assert answer["decision"] == "block" and "claude-sonnet-5-5" in answer["reason"]
        else:
            assert answer["hookSpecificOutput"]["permissionDecision"] == "deny"
