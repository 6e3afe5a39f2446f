"""The wiring: LSP messages in, the linter's answers out (pygls over stdio).

Diagnostics are published for the buffer's text on open and save, and on change: a change
after a pause (none for DEBOUNCE_SECONDS) is checked at once, so one edit is answered in the
time of one check; the rest of a burst waits until the changes pause, or MAX_WAIT_SECONDS into
steady typing, and is checked once, as the text is then (a version overtaken before its check
is never checked): a burst makes two checks, its first change and its last. A check blocks the
loop; changes that arrive meanwhile join the next one. Checking
runs on the event loop's (main) thread, so the engine's per-file time budget holds; a document
that fails is logged (window/logMessage) and cleared, and the server goes on with the others.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..errors import UserError
from .actions import KINDS, code_actions
from .diagnostics import to_lsp
from .hover import hover
from .linting import Linted, Linter
from .positions import UNITS, utf16_units
from .protocol import BoundedInput, Protocol, end, log_in_one_line, on_interrupt

DEBOUNCE_SECONDS = 0.25  # a pause this long ends a burst (50 quick edits: 2 checks)
MAX_WAIT_SECONDS = 1.0  # ...but no longer than this after the first change it has not checked
_UNTITLED = {  # an unsaved, unnamed buffer is checked as a file of its language
    "python": ".py", "json": ".json", "jsonc": ".jsonc", "yaml": ".yaml", "toml": ".toml",
    "javascript": ".js", "typescript": ".ts", "javascriptreact": ".jsx",
    "typescriptreact": ".tsx", "markdown": ".md", "html": ".html", "shellscript": ".sh",
    "ini": ".ini", "go": ".go", "rust": ".rs", "java": ".java",
}  # fmt: skip


class ModelLintServer(LanguageServer):
    """The server's state: the linter (made at initialize) and each open document's last check."""

    def __init__(self) -> None:
        super().__init__("claude-model-lint", __version__, protocol_cls=Protocol)
        self.linter: Linter | None = None
        self.checked: dict[str, tuple[int | None, Linted | None]] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.changes: dict[str, tuple[float, float]] = {}  # (first, last) unchecked change times
        self.last_change: dict[str, float] = {}  # checked or not: when a burst ends
        self.opened: set[str] = set()  # as the client spells them (pygls keys them unquoted)
        self.said: dict[str, tuple[str, ...]] = {}  # the notes last logged per document

    def shutdown(self) -> None:
        """pygls's own waits for its stdin reader, which may wait for ever: not here."""
        if self._stop_event is not None:
            self._stop_event.set()
        if self._thread_pool is not None:
            self._thread_pool.shutdown(wait=False, cancel_futures=True)

    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def path_of(self, uri: str) -> Path:
        document = self.workspace.get_text_document(uri)
        if uri.startswith("file:"):
            return Path(document.path)
        suffix = _UNTITLED.get(document.language_id or "", ".txt")
        return Path.cwd() / f"{Path(document.path).stem or 'untitled'}{suffix}"

    def current(self, uri: str) -> Linted | None:
        """The document's current version, checked (again if it changed since); None for a
        document the client has not opened: its URI is never read from disk (a FIFO would block
        the server, /dev/zero fill its memory)."""
        if uri not in self.opened:
            return None
        document = self.workspace.get_text_document(uri)
        known = self.checked.get(uri)
        if known is None or known[0] != document.version:
            known = (document.version, self._check(uri))
            self.checked[uri] = known
        return known[1]

    def _check(self, uri: str) -> Linted | None:
        linter = self.linter or Linter()
        path = self.path_of(uri)
        units = UNITS.get(self.workspace.position_encoding or "", utf16_units)
        try:
            linted = linter.lint(path, self.workspace.get_text_document(uri).source, units)
        except UserError as exc:  # a config or registry file that cannot be used
            self.log(types.MessageType.Error, f"{path}: {exc}")
            return None
        except Exception as exc:  # a bug of ours: this document only
            self.log(
                types.MessageType.Error, f"{path}: internal error: {type(exc).__name__}: {exc}"
            )
            return None
        if linted is None:
            return None
        result = linted.result
        notes = (*result.notes, *([f"error: {result.error}"] if result.error else []))
        if notes and notes != self.said.get(uri):
            kind = types.MessageType.Error if result.error else types.MessageType.Info
            self.log(kind, "\n".join(f"{path}: {note}" for note in notes))
        self.said[uri] = notes
        return linted

    def publish(self, uri: str) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:  # (a save or an open overtook the timer)
            waiting.cancel()
        self.changes.pop(uri, None)
        if uri not in self.opened:
            return  # closed meanwhile
        linted = self.current(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=self.workspace.get_text_document(uri).version,
                diagnostics=to_lsp(linted) if linted else [],
            )
        )
        if uri in self.last_change:  # a pause is counted from the check's end: timed from the
            self.last_change[uri] = time.monotonic()  # change, each change that came during
            # a check slower than the pause was checked at once (50 edits, 50 checks, at load 10)

    def later(self, uri: str) -> None:
        """A change: the first after a pause is checked now; later ones once the changes
        pause, or MAX_WAIT_SECONDS after the first of them."""
        now = time.monotonic()
        previous = self.last_change.get(uri)
        self.last_change[uri] = now
        if uri not in self.pending and (previous is None or now - previous >= DEBOUNCE_SECONDS):
            self.publish(uri)
            return
        first, _ = self.changes.get(uri, (now, now))
        self.changes[uri] = (first, now)
        if uri not in self.pending:
            self._wake(uri, DEBOUNCE_SECONDS)

    def _wake(self, uri: str, wait: float) -> None:
        self.pending[uri] = asyncio.get_running_loop().call_later(wait, self._settle, uri)

    def _settle(self, uri: str) -> None:
        self.pending.pop(uri, None)
        first, last = self.changes.get(uri, (0.0, 0.0))
        due = min(last + DEBOUNCE_SECONDS, first + MAX_WAIT_SECONDS) - time.monotonic()
        if due > 0:
            self._wake(uri, due)
        else:
            self.publish(uri)

    def forget(self, uri: str) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.opened.discard(uri)
        self.checked.pop(uri, None)
        self.said.pop(uri, None)
        self.changes.pop(uri, None)
        self.last_change.pop(uri, None)


def build() -> ModelLintServer:
    server = ModelLintServer()

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        options: Any = params.initialization_options or {}
        as_of = options.get("asOf") if isinstance(options, dict) else None
        try:
            server.linter = Linter(str(as_of) if as_of else None)
        except UserError as exc:
            server.linter = Linter()
            message = f"initializationOptions.asOf: {exc}; using today"
            server.log(types.MessageType.Error, message)
            # a setting the user wrote: said where they look, not only in the log
            server.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        for note in server.linter.notes() if server.linter else []:
            server.log(types.MessageType.Warning, note)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.opened.add(params.text_document.uri)
        server.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if server.linter is not None and server.linter.watches(server.path_of(uri)):
            server.linter.reset()  # a config or registry file: everything open is checked again
            server.checked.clear()
            for other in sorted(server.opened):
                server.publish(other)
        else:
            server.publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.forget(uri)
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=KINDS)
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        linted = server.current(params.text_document.uri)
        if linted is None:
            return None
        only = params.context.only
        return code_actions(params.text_document.uri, linted, params.range, only) or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(params: types.HoverParams) -> types.Hover | None:
        linted = server.current(params.text_document.uri)
        if linted is None or server.linter is None:
            return None
        try:
            registry = server.linter.registry_for(linted.path)
        except UserError:
            return None  # said when the document was checked
        return hover(linted.positions, params.position, registry, linted.as_of)

    return server


def start() -> None:
    """Serve on standard input and output until the client says exit (or SIGINT, or the input
    ends), then leave with the code the LSP specification gives."""
    server = build()
    assert isinstance(server.protocol, Protocol)
    on_interrupt(server.protocol)
    log_in_one_line()
    stdin = BoundedInput(sys.stdin.buffer)
    server.start_io(stdin)  # type: ignore[arg-type]  # (it reads lines and sizes only)
    end(1 if stdin.refused else server.protocol.exit_code)
