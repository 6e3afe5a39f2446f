"""The console script ``claude-model-lint``: the cycle collector is told to run less before
anything is imported, the git greps of the directories named are started (``run/git_grep.py``),
then click and the checker are imported while git reads the trees (on a cold run of a
repository, 0.02 s of 0.14-0.16 s)."""

from __future__ import annotations

import sys


def main() -> None:
    """``claude-model-lint server`` alone (or with ``--stdio``, which some LSP clients add) runs
    the language server (a directory named server: ``./server``); ``mcp`` the MCP server and
    ``hook claude-code`` the Claude Code hook (directories of those names: ``./mcp``, ``./hook``)."""
    try:
        _launch()
    except KeyboardInterrupt:  # before click was there to say it (during the imports)
        print("claude-model-lint: interrupted", file=sys.stderr)
        sys.exit(130)


def _launch() -> None:
    if sys.argv[1:] in (["server"], ["server", "--stdio"]):
        from ..server import main as serve

        serve()
        return
    if sys.argv[1:2] == ["mcp"] or sys.argv[1:3] == ["hook", "claude-code"]:
        from .. import agents

        agents.main(sys.argv[1:])
        return
    import gc

    from .interrupts import interrupt_once

    interrupt_once()
    from .hook_names import names_are_files

    sys.argv[1:] = names_are_files(sys.argv[1:])
    gc.set_threshold(*COLLECTING_LESS)
    from ..run.git_grep import start_early, stop_searches

    start_early(sys.argv[1:])
    try:
        from .lint import main as lint

        gc.freeze()  # what the imports made lives as long as the run: never walked again
        lint()
    finally:
        stop_searches()


# A run makes millions of short-lived objects (AST nodes, tuples) that reference counting frees;
# the cycle collector ran every 700 of them (during the imports too: 3 ms of 50 on a hook's run),
# and its full passes walked every object of the loaded modules. Frozen modules and this
# threshold: 3-6% off the bench rows (four repositories, cassettes, test modules), the same peak.
COLLECTING_LESS = (50_000, 20, 100)
