"""A real LSP client (pygls's own) driving the installed ``claude-model-lint server`` over stdio,
for the end-to-end tests and the benchmark: no event loop plugin, each test runs its own loop."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from types import TracebackType
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from tests.conftest import CLI

WAIT = 60.0  # seconds before a missing answer fails the test: a hang guard, not a timing


class Session:
    """One server process: open documents, wait for their diagnostics, ask for actions."""

    def __init__(
        self, root: Path, init_options: Any = None, *, command: tuple[str, ...] = (CLI, "server")
    ) -> None:
        self.root = root
        self.init_options = {"asOf": "2026-11-25"} if init_options is None else init_options
        self.command = command
        self.client = LanguageClient("claude-model-lint-tests", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.logged: list[types.LogMessageParams] = []
        self.shown: list[types.ShowMessageParams] = []  # window/showMessage: what a user sees
        self.arrived = asyncio.Condition()
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        async def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            async with self.arrived:
                self.published.setdefault(params.uri, []).append(params)
                self.arrived.notify_all()

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        async def on_log(params: types.LogMessageParams) -> None:
            async with self.arrived:
                self.logged.append(params)
                self.arrived.notify_all()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        async def on_show(params: types.ShowMessageParams) -> None:
            async with self.arrived:
                self.shown.append(params)
                self.arrived.notify_all()

    async def __aenter__(self) -> Session:
        env = {**os.environ, "NO_COLOR": "1"}
        await self.client.start_io(*self.command, cwd=self.root, env=env)
        self.initialized = await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=self.root.as_uri(),
                initialization_options=self.init_options,
            )
        )
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def open(self, uri: str, text: str, language: str = "python") -> None:
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
        )

    def change(self, uri: str, edits: list[types.TextEdit]) -> int:
        """Send ``edits`` (ranges in the current text) as incremental changes, back to front so
        that each range still holds when it is applied; the new version."""
        self.versions[uri] += 1
        ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))
        changes: list[types.TextDocumentContentChangeEvent] = [
            types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
            for e in reversed(ordered)
        ]
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                changes,
            )
        )
        return self.versions[uri]

    async def diagnostics(self, uri: str, version: int = 1) -> list[types.Diagnostic]:
        """The diagnostics the server published for ``version`` of ``uri`` (waits for them)."""

        def ready() -> bool:
            return any(p.version == version for p in self.published.get(uri, []))

        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(ready), WAIT)
        return list(next(p for p in self.published[uri] if p.version == version).diagnostics)

    async def log_containing(self, text: str) -> types.LogMessageParams:
        def found() -> bool:
            return any(text in m.message for m in self.logged)

        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(found), WAIT)
        return next(m for m in self.logged if text in m.message)

    async def actions(
        self, uri: str, at: types.Range, only: list[str] | None = None
    ) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri),
                range=at,
                context=types.CodeActionContext(diagnostics=[], only=only),
            )
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    async def hover(self, uri: str, at: types.Position) -> types.Hover | None:
        return await self.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), at)
        )


def utf16_index(text: str, position: types.Position) -> int:
    """An LSP position (UTF-16 units) -> an index into ``text``; written apart from the server's
    conversion, the plain way, so that the tests check it rather than repeat it."""
    lines = text.splitlines(keepends=True)
    offset = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for i, char in enumerate(line):
        if units >= position.character:
            return offset + i
        units += len(char.encode("utf-16-le")) // 2
    return offset + len(line)


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """The text after ``edits`` (LSP's rule: all ranges refer to the original text)."""
    spans = sorted(
        ((utf16_index(text, e.range.start), utf16_index(text, e.range.end), e.new_text)
         for e in edits),
        reverse=True,
    )  # fmt: skip
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text
