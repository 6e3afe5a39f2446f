"""The language server keeps the JSON-RPC and LSP rules (issue 36 item 15), driven by a real LSP
client (pygls's) over stdio: a request whose params do not fit gets -32602 (pygls answered
nothing, and the client waited for ever); a request after ``shutdown`` gets -32600 (dropped
before); ``exit`` without ``shutdown`` ends with 1 (0 before, against the specification); SIGINT
ends the server (before, it stopped reading and never ended). What pygls logs is one line on
stderr, and a message over the limit ends the server (review M7, M8)."""

from __future__ import annotations

import asyncio
import resource
import signal
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.lsp.client import LanguageClient

from tests.conftest import CLI
from tests.lsp_client import WAIT


def _serve(tmp_path: Path, talk: Callable[[LanguageClient], Awaitable[None]]) -> int:
    """Start the installed server, initialize it, let ``talk`` speak; its exit code."""

    async def main() -> int:
        client = LanguageClient("claude-model-lint-tests", "1")
        await client.start_io(CLI, "server", cwd=tmp_path)
        await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=tmp_path.as_uri(),
                initialization_options={"asOf": "2026-11-25"},
            )
        )
        client.initialized(types.InitializedParams())
        await talk(client)
        server = client._server
        assert server is not None
        code = await asyncio.wait_for(server.wait(), WAIT)  # a hang fails here
        await client.stop()
        return code

    return asyncio.run(main())


def _hover(uri: str) -> types.HoverParams:
    return types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0))


def test_a_request_with_params_that_do_not_fit_is_answered_invalid_params(tmp_path: Path) -> None:
    async def talk(client: LanguageClient) -> None:
        for field, value in (("line", "zero"), ("character", -1.5), ("line", None)):
            params = _hover((tmp_path / "a.py").as_uri())
            object.__setattr__(params.position, field, value)  # past attrs' validators
            with pytest.raises(JsonRpcInvalidParams):
                await asyncio.wait_for(client.text_document_hover_async(params), WAIT)
        # and the server goes on answering
        assert await client.text_document_hover_async(_hover((tmp_path / "a.py").as_uri())) is None
        await client.shutdown_async(None)
        client.exit(None)

    assert _serve(tmp_path, talk) == 0


def test_a_request_after_shutdown_is_answered_invalid_request(tmp_path: Path) -> None:
    async def talk(client: LanguageClient) -> None:
        await client.shutdown_async(None)
        with pytest.raises(JsonRpcInvalidRequest, match="shut down"):
            await asyncio.wait_for(
                client.text_document_hover_async(_hover((tmp_path / "a.py").as_uri())), WAIT
            )
        client.exit(None)

    assert _serve(tmp_path, talk) == 0


def test_exit_without_shutdown_ends_with_one(tmp_path: Path) -> None:
    async def talk(client: LanguageClient) -> None:
        client.exit(None)

    assert _serve(tmp_path, talk) == 1


def test_sigint_ends_the_server(tmp_path: Path) -> None:
    async def talk(client: LanguageClient) -> None:
        assert client._server is not None
        client._server.send_signal(signal.SIGINT)

    assert _serve(tmp_path, talk) == 130


def _raw(tmp_path: Path, sent: bytes) -> subprocess.CompletedProcess[bytes]:
    """The installed server fed ``sent`` on stdin, its address space bounded (2 GB) so that an
    unbounded read fails fast instead of taking the machine's memory."""

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [CLI, "server"], input=sent, cwd=tmp_path, capture_output=True, timeout=120,
        preexec_fn=bounded,
    )  # fmt: skip


def test_a_body_that_is_not_json_is_one_line_on_stderr(tmp_path: Path) -> None:
    """Review M8: pygls logged a traceback for a body that is not JSON."""
    done = _raw(tmp_path, b"Content-Length: 10\r\n\r\n{not json}")
    assert done.returncode == 1  # the input ended without shutdown
    assert done.stderr.decode().splitlines() == [
        "claude-model-lint server: Unable to handle message: JSONDecodeError: Expecting property"
        " name enclosed in double quotes: line 1 column 2 (char 1)"
    ]


def test_a_message_too_large_ends_the_server_in_one_line(tmp_path: Path) -> None:
    """Review M7: a Content-Length of 1e11 made pygls read until memory ran out (MemoryError,
    a traceback); a header line without an end is read in pieces."""
    done = _raw(tmp_path, b"Content-Length: 100000000000\r\n\r\n{}")
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "claude-model-lint server: a message of 100000000000 bytes is over the limit of"
        " 268435456; stopping\n"
    )
    endless_header = _raw(tmp_path, b"X" * 50_000_000)
    assert (endless_header.returncode, endless_header.stderr) == (1, b"")
