"""JSON-RPC as the LSP specification asks, where pygls 2.1 falls short: every request gets an
answer, and the process ends with the code the specification gives.

pygls raises on a request whose params do not fit their type and answers nothing (the client
waits for ever); after ``shutdown`` it drops requests unanswered; its ``exit`` without
``shutdown`` ended with code 0 (the spec says 1, and pygls's own ``sys.exit(1)`` is swallowed by
its IO loop); after SIGINT it stopped reading but never ended (its thread pool waited for a
stdin read that never returns). Here: -32602 for bad params, -32600 after shutdown, and
``exit_code`` / ``end`` for the process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from types import FrameType
from typing import Any

from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest
from pygls.protocol import LanguageServerProtocol

EXIT = "exit"


class _Answered:
    """A message already answered with an error while it was read: nothing more to do."""

    jsonrpc = ""


ANSWERED = _Answered()


class _NotReadWhole(logging.Filter):
    """pygls logs a traceback for a message that does not fit its type; it is answered instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Unable to deserialize message")


logging.getLogger("pygls.protocol.json_rpc").addFilter(_NotReadWhole())


class Protocol(LanguageServerProtocol):
    """pygls's protocol with an answer to every request (the specification's error codes)."""

    interrupted = False

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:  # -32602 for params that do not fit, -32603 otherwise
            if "id" in data and "method" in data:
                self._send_response(data["id"], error=exc.to_response_error())
            return ANSWERED

    def handle_message(self, message: Any) -> None:
        if message is ANSWERED:
            return
        method = getattr(message, "method", None)
        if (
            self._shutdown
            and method not in (None, EXIT)
            and getattr(message, "id", None) is not None
        ):
            error = JsonRpcInvalidRequest("the server is shut down: only exit is answered")
            self._send_response(message.id, error=error.to_response_error())
            return
        super().handle_message(message)

    @property
    def exit_code(self) -> int:
        """130 after SIGINT; 0 after shutdown; 1 otherwise (exit without shutdown, or the input
        closed without either)."""
        if self.interrupted:
            return 130
        return 0 if self._shutdown else 1


def on_interrupt(protocol: Protocol) -> None:
    """SIGINT stops the server (pygls catches the KeyboardInterrupt and returns)."""

    def interrupted(_signum: int, _frame: FrameType | None) -> None:
        protocol.interrupted = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)


def end(code: int) -> None:
    """Leave now: pygls's stdin reader thread is blocked in a read that may never return, and the
    interpreter's exit would wait for it."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the client went away
            stream.flush()
    os._exit(code)
