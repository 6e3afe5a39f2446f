"""The whole-module parse of a Python file, done at most once per file and remembered.

Two things need it: CML007's call finder (the values a call passes) and an honest ``[*]`` (a
file that does not parse is refused by ``--fix``). At about 10 MB/s it is the dearest step of a
scan, so its answer travels in the scan record and the scan cache keeps it.
"""

from __future__ import annotations

import ast

from ..decoding import for_parser


def parse_module(text: str) -> tuple[ast.Module | None, str]:
    """The tree and ''; or None and why the text is not valid Python."""
    try:
        return ast.parse(for_parser(text)), ""
    except SyntaxError as exc:
        return None, f"not valid Python (line {exc.lineno}: {exc.msg})"
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, f"not valid Python ({exc or type(exc).__name__})"
