"""The MCP server end to end: the installed ``claude-model-lint mcp`` driven over stdio by the
official SDK's own ``Client``, as Claude Code drives it. Every session pins ``--as-of``."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from mcp import Client
from mcp.client.stdio import StdioServerParameters

from claude_model_lint.agents.checking import MAX_FINDINGS, MAX_TEXT
from tests.conftest import AS_OF, CLI, run_cli

# What an assistant writes when asked for "a script that calls Claude": the Messages API
# quickstart of Anthropic's docs as it stood in late 2024 (docs.anthropic.com, "Initial setup").
QUICKSTART = """import anthropic

client = anthropic.Anthropic()
message = client.messages.create(
    model="claude-3-5-sonnet-20241022",
    max_tokens=1000,
    messages=[{"role": "user", "content": "Hello, Claude"}],
)
print(message.content)
"""


def session(root: Path, scenario: Callable[[Client], Awaitable[None]]) -> None:
    params = StdioServerParameters(
        command=CLI, args=["mcp", "--as-of", AS_OF], cwd=str(root), env=dict(os.environ)
    )

    async def main() -> None:
        async with Client(params) as client:
            await scenario(client)

    asyncio.run(main())


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


async def refused(client: Client, tool: str, arguments: dict[str, Any]) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error
    [content] = result.content
    text: str = content.text  # type: ignore[union-attr]
    assert "Traceback" not in text
    return text


def test_tools_are_listed_with_their_inputs(tmp_path: Path) -> None:
    async def scenario(client: Client) -> None:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert set(tools) == {"check_code", "check_file", "recommended_model", "model_lifecycle"}
        assert tools["check_code"].input_schema["required"] == ["text", "filename"]
        assert tools["check_file"].input_schema["required"] == ["path"]
        assert tools["recommended_model"].input_schema["required"] == ["family"]
        assert tools["model_lifecycle"].input_schema["required"] == ["id"]

    session(tmp_path, scenario)


def test_check_code_gives_the_fix_at_its_position(tmp_path: Path) -> None:
    async def scenario(client: Client) -> None:
        answer = await call(client, "check_code", {"text": QUICKSTART, "filename": "hello.py"})
        [finding] = answer["findings"]
        assert answer["omitted"] == 0
        assert answer["as_of"] == AS_OF
        assert finding["code"] == "CML001"
        assert finding["state"] == "retired"
        assert (finding["line"], finding["column"], finding["end_column"]) == (5, 12, 38)
        assert finding["fix_safety"] == "safe"
        # the replacement, written where the finding says, is what --fix writes on disk
        line = QUICKSTART.splitlines()[4]
        fixed = (
            line[: finding["column"] - 1]
            + finding["replacement"]
            + line[finding["end_column"] - 1 :]
        )
        (tmp_path / "hello.py").write_text(QUICKSTART)
        run_cli("--fix", "--as-of", AS_OF, "hello.py", cwd=tmp_path)
        assert (tmp_path / "hello.py").read_text().splitlines()[4] == fixed
        # the file name decides the format: the same id in Markdown prose is no 'use'
        prose = await call(
            client, "check_code", {"text": "We used claude-2.1.\n", "filename": "notes.md"}
        )
        assert [f["role"] for f in prose["findings"]] == ["prose"]

    session(tmp_path, scenario)


def test_findings_are_capped_and_the_rest_counted(tmp_path: Path) -> None:
    text = "".join(f'm{i} = "claude-2.1"\n' for i in range(MAX_FINDINGS + 7))

    async def scenario(client: Client) -> None:
        answer = await call(client, "check_code", {"text": text, "filename": "many.py"})
        assert len(answer["findings"]) == MAX_FINDINGS
        assert answer["omitted"] == 7
        assert answer["findings"][-1]["line"] == MAX_FINDINGS
        assert "more than the" in await refused(
            client, "check_code", {"text": "x" * (MAX_TEXT + 1), "filename": "big.py"}
        )

    session(tmp_path, scenario)


def test_check_file_reads_only_inside_the_workspace(tmp_path: Path) -> None:
    root = tmp_path / "work"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text(QUICKSTART)
    secret = tmp_path / "outside.py"
    secret.write_text('MODEL = "claude-2.1"\n')
    (root / "link.py").symlink_to(secret)
    (root / "big.txt").write_bytes(b"x" * 2_000_001)
    (root / "latin1.txt").write_bytes(b"caf\xe9 claude-2.1\n")
    (root / "node_modules").mkdir()
    (root / "node_modules" / "vendored.py").write_text(QUICKSTART)

    async def scenario(client: Client) -> None:
        answer = await call(client, "check_file", {"path": "src/app.py"})
        assert answer["path"] == "src/app.py"
        assert [f["id"] for f in answer["findings"]] == ["claude-3-5-sonnet-20241022"]
        same = await call(client, "check_file", {"path": str(root.resolve() / "src" / "app.py")})
        assert same["findings"] == answer["findings"]
        for path in ("../outside.py", str(secret), "link.py", "src/../../outside.py"):
            message = await refused(client, "check_file", {"path": path})
            assert "outside the workspace" in message, message
        assert "claude-2.1" not in message  # nothing of the file outside was read
        assert "more than the" in await refused(client, "check_file", {"path": "big.txt"})
        assert "not UTF-8" in await refused(client, "check_file", {"path": "latin1.txt"})
        assert "not a file" in await refused(client, "check_file", {"path": "src"})
        vendored = await call(client, "check_file", {"path": "node_modules/vendored.py"})
        assert (vendored["excluded"], vendored["findings"]) == (True, [])  # as --force-exclude
        assert "outside the workspace" in await refused(
            client, "check_code", {"text": "", "filename": "../x.py"}
        )

    session(root, scenario)


def test_recommended_model_spells_the_id_for_the_platform(tmp_path: Path) -> None:
    # registry: Opus 5.5 (2026-09-22) is the newest opus with ids on all three platforms;
    # Haiku 5.5 has no Bedrock id, so Bedrock's newest haiku is the legacy Haiku 4.5
    expected = {
        ("opus", "api"): ("claude-opus-5-5", "active"),
        ("opus", "bedrock"): ("anthropic.claude-opus-5-5", "active"),
        ("opus", "vertex"): ("claude-opus-5-5", "active"),
        ("haiku", "api"): ("claude-haiku-5-5", "active"),
        ("haiku", "bedrock"): ("anthropic.claude-haiku-5-5", "active"),
        ("fable", "vertex"): ("claude-fable-5-1", "active"),
        ("mythos", "bedrock"): ("anthropic.claude-mythos-5-1", "active"),
    }

    async def scenario(client: Client) -> None:
        for (family, platform), (spelling, state) in expected.items():
            answer = await call(
                client, "recommended_model", {"family": family, "platform": platform}
            )
            assert (answer["id"], answer["state"], answer["as_of"]) == (spelling, state, AS_OF)
        # the registry holds no release dates: a past date judges lifecycles only (documented)
        earlier = await call(
            client, "recommended_model", {"family": "sonnet", "date": "2026-06-01"}
        )
        assert (earlier["id"], earlier["as_of"]) == ("claude-sonnet-5-5", "2026-06-01")
        assert "not one of" in await refused(client, "recommended_model", {"family": "gpt"})
        assert "not one of" in await refused(
            client, "recommended_model", {"family": "opus", "platform": "azure"}
        )
        assert "no usable mythos model with a vertex id" in await refused(
            client, "recommended_model", {"family": "mythos", "platform": "vertex"}
        )
        assert "is not a date" in await refused(
            client, "recommended_model", {"family": "opus", "date": "next week"}
        )

    session(tmp_path, scenario)


def test_model_lifecycle_names_dates_replacement_and_sources(tmp_path: Path) -> None:
    async def scenario(client: Client) -> None:
        bedrock = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
        answer = await call(client, "model_lifecycle", {"id": bedrock})
        # judged by Bedrock's own dates: deprecated there, retired on the API since 2026-11-30
        assert (answer["model"], answer["judged_by"], answer["state"]) == (
            "claude-sonnet-4-5-20250929", "bedrock", "deprecated",
        )  # fmt: skip
        assert answer["dates"]["bedrock"]["retired"] == "2027-04-08"
        assert answer["dates"]["api"]["retired"] == "2026-11-30"
        assert answer["replacement"]["written_here_as"] == "us.anthropic.claude-sonnet-5-5"
        assert "AWS" in answer["sources"]
        api = await call(
            client, "model_lifecycle", {"id": "claude-sonnet-4-5", "date": "2026-11-29"}
        )
        assert (api["spelling"], api["state"]) == ("alias", "deprecated")
        active = await call(client, "model_lifecycle", {"id": "claude-opus-5-5"})
        assert (active["state"], active["replacement"]) == ("active", None)
        assert "not a Claude model id" in await refused(client, "model_lifecycle", {"id": "gpt-4o"})
        assert "not a known model" in await refused(
            client, "model_lifecycle", {"id": "claude-opus-9-9"}
        )
        # the SDK checks the input schema before the tool runs: an error, never a crash
        await refused(client, "model_lifecycle", {"id": 3})
        await refused(client, "check_code", {"text": "x"})

    session(tmp_path, scenario)


def test_without_the_extra_the_command_says_how_to_get_it(tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'mcp' or name.startswith('mcp.'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    done = run_cli("mcp", cwd=tmp_path, env={"PYTHONPATH": str(blocker)})
    assert done.returncode == 2
    assert 'pip install "claude-model-lint[mcp]"' in done.stderr
    assert done.stderr.count("\n") == 1
    bad = run_cli("mcp", "--as-of", "soon", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "is not a date" in bad.stderr


def test_a_huge_argument_is_not_echoed_back_whole(tmp_path: Path) -> None:
    """A 600 KB id came back whole in the tool error (review M6): the echo is cut to a prefix
    and the length."""
    huge = "claude-" + "x" * 600_000

    async def scenario(client: Client) -> None:
        for tool, arguments in (
            ("model_lifecycle", {"id": huge}),
            ("recommended_model", {"family": huge}),
            ("recommended_model", {"family": "opus", "platform": huge}),
            ("check_file", {"path": huge}),
            ("check_code", {"text": "x", "filename": "a.py", "as_of": huge}),  # review M-f
            ("model_lifecycle", {"id": "claude-2.1", "date": huge}),
        ):
            text = await refused(client, tool, arguments)
            assert len(text) < 400 and f"({len(huge)} characters)" in text, text[:400]

    session(tmp_path, scenario)


def test_sigint_ends_the_server_with_130(tmp_path: Path) -> None:
    """Review M-a: after SIGINT the server stayed up answering nothing, and when its input
    closed said 'Aborted!' with exit 1."""
    import json
    import signal
    import subprocess

    server = subprocess.Popen(
        [CLI, "mcp", "--as-of", AS_OF], cwd=tmp_path,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert server.stdin is not None and server.stdout is not None
    hello = {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"},
    }
    server.stdin.write(
        json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": hello}).encode()
        + b"\n"
    )
    server.stdin.flush()
    assert json.loads(server.stdout.readline())["id"] == 0  # serving, its input open
    server.send_signal(signal.SIGINT)
    try:
        code = server.wait(30)  # its input still open
    finally:
        server.kill()
        _, stderr = server.communicate()  # (closes the pipes)
    assert code == 130 and "Aborted" not in stderr.decode() and b"Traceback" not in stderr, (
        code,
        stderr,
    )
