"""The language server (``claude-model-lint server``): the linter's findings, fixes and model
facts in any editor that speaks LSP. Needs the ``lsp`` extra (pygls, lsprotocol)."""

from __future__ import annotations

import sys


def main() -> None:
    """Serve over stdio; without the extra installed, say how to get it (exit 2)."""
    try:
        from .app import start
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        print(
            f"claude-model-lint: error: the language server needs the lsp extra ({exc}): "
            'pip install "claude-model-lint[lsp]"',
            file=sys.stderr,
        )
        sys.exit(2)
    start()
