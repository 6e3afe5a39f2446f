"""For coding agents: an MCP server (``claude-model-lint mcp``, needs the ``mcp`` extra) and a
Claude Code hook (``claude-model-lint hook claude-code``), both on the language server's engine
entry, so that an agent sees exactly what the command line and the editor see."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".",
    help="The workspace: the only directory whose files check_file reads (default: here).",
)  # fmt: skip
@click.option("--as-of", default=None, help="The default date of every tool (default: today).")
def mcp(root: Path, as_of: str | None) -> None:
    """Serve the MCP tools over stdio."""
    try:
        from .mcp_server import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] != "mcp":
            raise
        click.echo(
            f"claude-model-lint: error: the MCP server needs the mcp extra ({exc}): "
            'pip install "claude-model-lint[mcp]"',
            err=True,
        )
        sys.exit(2)
    from ..errors import UserError

    try:
        serve(root, as_of)
    except UserError as exc:
        click.echo(f"claude-model-lint: error: {exc}", err=True)
        sys.exit(2)


def main(args: list[str]) -> None:
    """``mcp ...`` or ``hook claude-code ...``."""
    if args[0] == "mcp":
        mcp.main(args[1:], prog_name="claude-model-lint mcp")
    else:
        from .hook import claude_code

        claude_code.main(args[2:], prog_name="claude-model-lint hook claude-code")
