"""The MCP server's wiring: four tools on the official SDK's ``MCPServer``, over stdio.

Every expected failure (a bad argument, a path outside the workspace, a bad config) is raised as
``ToolError``: the model reads one line and the call is marked an error; nothing else is caught
here, so that a real bug is logged with its traceback by the SDK (the model sees only the name).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from .. import __version__
from ..dates import parse_as_of
from ..errors import UserError
from ..server.linting import Linter
from .checking import BadInput, check_code, check_file
from .models import model_lifecycle, recommended_model

T = TypeVar("T")

INSTRUCTIONS = (
    "Before writing a Claude model id, ask recommended_model for the current spelling on the "
    "platform; after writing code that names one, run check_code or check_file and apply each "
    "finding's replacement at its line and column."
)


def build(root: Path, as_of: str | None) -> MCPServer:
    """The server for one workspace ``root``; ``as_of`` is the default date (None: today)."""
    root = root.resolve()
    linters: dict[str, Linter] = {}

    def linter(when: str | None) -> Linter:
        key = when or as_of or "today"
        if key not in linters:
            linters[key] = Linter(key)
        return linters[key]

    def day(when: str | None) -> date:
        return linter(when).as_of()

    server = MCPServer("claude-model-lint", version=__version__, instructions=INSTRUCTIONS)

    @server.tool(name="check_code")
    def check_code_tool(text: str, filename: str, as_of: str | None = None) -> dict[str, Any]:
        """Check a piece of code for deprecated, retired or unknown Claude model ids. ``filename``
        (relative to the workspace, e.g. 'src/app.py') decides the format. Returns findings with
        1-based line/column, the rule, and the replacement text to write (null: no fix)."""
        return _answer(lambda: check_code(linter(as_of), root, text, filename))

    @server.tool(name="check_file")
    def check_file_tool(path: str, as_of: str | None = None) -> dict[str, Any]:
        """Check one file of the workspace (a path inside it; nothing outside is read)."""
        return _answer(lambda: check_file(linter(as_of), root, path))

    @server.tool(name="recommended_model")
    def recommended_model_tool(
        family: str, platform: str = "api", date: str | None = None
    ) -> dict[str, Any]:
        """The exact model id to write for a family (opus, sonnet, haiku, fable, mythos) on a
        platform (api, bedrock, vertex), as of a date (YYYY-MM-DD; default today)."""
        return _answer(
            lambda: recommended_model(_registry(linter(date), root), family, platform, day(date))
        )

    @server.tool(name="model_lifecycle")
    def model_lifecycle_tool(id: str, date: str | None = None) -> dict[str, Any]:
        """One model id in any spelling: its state on a date, each platform's deprecation and
        retirement dates, its replacement and the sources of those facts."""
        return _answer(lambda: model_lifecycle(_registry(linter(date), root), id, day(date)))

    return server


def _registry(linter: Linter, root: Path) -> Any:
    return linter.registry_for(root / "pyproject.toml")


def _answer(work: Callable[[], T]) -> T:
    """``work()``, its expected failures turned into one-line tool errors."""
    try:
        return work()
    except (BadInput, UserError) as exc:
        raise ToolError(str(exc)) from None


def serve(root: Path, as_of: str | None) -> None:
    parse_as_of(as_of or "today", datetime.now(timezone.utc).date())  # a bad date fails at start
    signal.signal(signal.SIGINT, _interrupted)
    build(root, as_of).run("stdio")


def _interrupted(_signum: int, _frame: FrameType | None) -> None:
    """SIGINT ends the server at once, with 130. The SDK's stdin reader is a thread blocked in a
    read, which the interpreter's exit waits for: the server stayed up answering nothing, then
    said 'Aborted!' with 1 when its input closed (review M-a)."""
    print("claude-model-lint mcp: interrupted", file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the client went away
            stream.flush()
    os._exit(130)
