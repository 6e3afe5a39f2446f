"""The whole-module parse of a Python file, done at most once per file and remembered.

Two things need it: CML007's call finder (the values a call passes) and an honest ``[*]`` (a
file that does not parse is refused by ``--fix``). At about 10 MB/s it is the dearest step of a
scan, so its answer travels in the scan record and the scan cache keeps it.
"""

from __future__ import annotations

import ast
import symtable

from ..decoding import for_parser


def parse_module(text: str) -> tuple[ast.Module | None, str]:
    """The tree and ''; or None and why the text is not valid Python."""
    try:
        return ast.parse(for_parser(text)), ""
    except SyntaxError as exc:
        return None, f"not valid Python (line {exc.lineno}: {exc.msg})"
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, f"not valid Python ({exc or type(exc).__name__})"


def parses(text: str) -> str:
    """'' when ``text`` parses, else why not; without a tree to build. The symbol table is
    built from the parser's own tree, skipping the Python objects ``ast`` makes of it: 40% less
    time. It also rejects what parses but cannot compile (``nonlocal`` at module level), which
    LibCST reads and --fix fixes: only ``ast``'s answer counts then."""
    try:
        symtable.symtable(for_parser(text), "<module>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return parse_module(text)[1]  # (the same parse, once more, for ast's own answer)
    return ""
