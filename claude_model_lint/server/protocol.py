"""JSON-RPC as the LSP specification asks, where pygls 2.1 falls short: every request gets an
answer, and the process ends with the code the specification gives.

pygls raises on a request whose params do not fit their type and answers nothing (the client
waits for ever); after ``shutdown`` it drops requests unanswered; its ``exit`` without
``shutdown`` ended with code 0 (the spec says 1, and pygls's own ``sys.exit(1)`` is swallowed by
its IO loop); after SIGINT it stopped reading but never ended (its thread pool waited for a
stdin read that never returns). Here: -32602 for bad params, -32600 after shutdown, and
``exit_code`` / ``end`` for the process. And what pygls logs reaches stderr as one line, never a
traceback (a body that is not JSON printed one); a message over ``MAX_MESSAGE`` bytes ends the
server with one line (a Content-Length of 1e11 made pygls read until memory ran out).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from types import FrameType
from typing import Any, BinaryIO

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

MAX_MESSAGE = 256 * 1024 * 1024  # a document far over the CLI's largest file, in JSON


class _OneLine(logging.Filter):
    """A record with a traceback becomes its message and the exception's, on one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()}: {type(error).__name__}: {error}"
            record.args, record.exc_info, record.exc_text = (), None, None
        return True


def log_in_one_line() -> None:
    """pygls's warnings and errors on stderr, each one line naming the server."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("claude-model-lint server: %(message)s"))
    handler.addFilter(_OneLine())
    pygls = logging.getLogger("pygls")
    pygls.addHandler(handler)
    pygls.setLevel(logging.WARNING)
    pygls.propagate = False


class BoundedInput:
    """Standard input for pygls's reader: lines and bodies read with a bound. A body over
    MAX_MESSAGE reads as the end of the input (pygls then stops), said in one line."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.refused = False

    def readline(self) -> bytes:
        return self.raw.readline(64 * 1024)  # (a header line is short; a longer one is cut)

    def read(self, size: int) -> bytes:
        if size > MAX_MESSAGE:
            self.refused = True
            print(
                f"claude-model-lint server: a message of {size} bytes is over the limit of"
                f" {MAX_MESSAGE}; stopping",
                file=sys.stderr,
            )
            return b""
        return self.raw.read(size)


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
