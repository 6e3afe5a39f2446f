"""The console script ``claude-model-lint``: the git greps of the directories named are started
first (``run/git_grep.py``), then click and the checker are imported while git reads the trees.
On a cold run of a repository that was 0.02 s of 0.14-0.16 s."""

from __future__ import annotations

import sys


def main() -> None:
    """``claude-model-lint server`` alone (or with ``--stdio``, which some LSP clients add) runs
    the language server (a directory named server: ``./server``)."""
    if sys.argv[1:] in (["server"], ["server", "--stdio"]):
        from ..server import main as serve

        serve()
        return
    from ..run.git_grep import start_early, stop_searches

    start_early(sys.argv[1:])
    try:
        from .lint import main as lint

        lint()
    finally:
        stop_searches()
