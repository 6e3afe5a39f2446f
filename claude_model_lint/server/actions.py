"""Code actions: each finding's fix, every safe fix in the file at once, an ignore comment.

The edits are the span edits ``--fix`` makes (only the id's characters change). A fix that
``--fix`` would not make (``--unsafe-fixes`` territory) is offered too, labelled unsafe, and
never by "fix all". The LibCST cross-check that ``--fix`` runs on Python files is left out: it
costs seconds on a large file, and a span edit inside one string literal cannot break it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from lsprotocol import types

from ..check.fixes import argument_span
from ..check.options import PYTHON_SUFFIXES
from ..scanners.text import format_for
from ..types import Diagnostic
from .diagnostics import to_lsp
from .linting import Linted

FIX_ALL = "source.fixAll.claude-model-lint"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL]
_PRAGMA_CODES = re.compile(r"claude-model-lint:\s*ignore\[(?P<codes>[A-Za-z0-9,\s]*)\]")
_COMMENTS = {  # the scanners' comment syntaxes -> how to write a comment at the end of a line
    "hash": ("#", ""),
    "c-like": ("//", ""),
    "dash": ("--", ""),
    "markup": ("<!--", " -->"),
    "markdown": ("<!--", " -->"),
}  # plain text, JSON, notebooks and INI (whose values run to the line's end) have none


def code_actions(
    uri: str, linted: Linted, wanted: types.Range, only: Sequence[str] | None
) -> list[types.CodeAction]:
    pairs = list(zip(linted.result.diagnostics, to_lsp(linted), strict=True))
    actions: list[types.CodeAction] = []
    if _wants(only, types.CodeActionKind.QuickFix):
        lines = _Lines(linted)
        for finding, shown in pairs:
            if _overlaps(shown.range, wanted):
                actions.extend(_fixes(uri, finding, shown, linted))
                actions.extend(_ignore(uri, finding, shown, lines))
    safe = [(finding, shown) for finding, shown in pairs if finding.fixable and finding.replacement]
    if safe and _wants(only, FIX_ALL):
        edits = {(f.start, f.end): types.TextEdit(s.range, f.replacement or "") for f, s in safe}
        actions.append(
            types.CodeAction(
                title="Apply every claude-model-lint fix in this file",
                kind=FIX_ALL,
                diagnostics=[shown for _, shown in safe],
                edit=_edit(uri, list(edits.values())),
            )
        )
    return actions


def _wants(only: Sequence[str] | None, kind: str) -> bool:
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def _fixes(
    uri: str, finding: Diagnostic, shown: types.Diagnostic, linted: Linted
) -> list[types.CodeAction]:
    if finding.replacement:
        title = f"Replace {finding.model} with {finding.replacement}"
        edit = types.TextEdit(shown.range, finding.replacement)
    elif finding.code == "CML007" and finding.edit == "":  # --unsafe-fixes removes it
        start, end = argument_span(linted.positions.text, finding.start, finding.end)
        title = "Remove this argument"
        edit = types.TextEdit(
            types.Range(linted.positions.at_offset(start), linted.positions.at_offset(end)), ""
        )
    elif finding.code == "CML007" and finding.edit:  # --unsafe-fixes writes a new value
        start, end = finding.start, finding.end
        title = f"Replace the value with {finding.edit}"
        edit = types.TextEdit(
            types.Range(linted.positions.at_offset(start), linted.positions.at_offset(end)),
            finding.edit,
        )
    else:
        return []
    safe = finding.fixable and bool(finding.replacement)
    return [
        types.CodeAction(
            title=title if safe else f"{title} (unsafe fix: it changes behaviour)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[shown],
            is_preferred=safe,
            edit=_edit(uri, [edit]),
        )
    ]


class _Lines:
    """Where an ignore comment goes on each line, found once per line for one request: a line
    of thousands of findings was searched (and sliced) once per finding, quadratic (review B5)."""

    def __init__(self, linted: Linted) -> None:
        self.linted = linted
        self.python = linted.path.suffix.lower() in PYTHON_SUFFIXES
        self.syntax = ("#", "") if self.python else _COMMENTS.get(format_for(linted.path).name)
        self._known: dict[int, tuple[types.Position, str | None]] = {}

    def pragma_at(self, line: int) -> tuple[types.Position, str | None]:
        """Where to write on ``line``, and the codes of the pragma it has (None: it has none)."""
        known = self._known.get(line)
        if known is None:
            text = self.linted.positions.line_text(line)
            existing = _PRAGMA_CODES.search(text)
            at = existing.end("codes") if existing else len(text)
            codes = existing["codes"].strip() if existing else None
            known = (types.Position(line - 1, self.linted.positions.units(text[:at])), codes)
            self._known[line] = known
        return known


def _ignore(
    uri: str, finding: Diagnostic, shown: types.Diagnostic, lines: _Lines
) -> list[types.CodeAction]:
    """``claude-model-lint: ignore[CODE]`` at the end of the finding's line."""
    if lines.syntax is None:
        return []
    line = _python_line(finding, lines.linted) if lines.python else finding.end_line
    position, codes = lines.pragma_at(line)
    if codes is not None:  # add the code to the pragma the line has
        new_text = f", {finding.code}" if codes else finding.code
    else:
        opener, closer = lines.syntax
        new_text = f"  {opener} claude-model-lint: ignore[{finding.code}]{closer}"
    return [
        types.CodeAction(
            title=f"Ignore {finding.code} on this line (claude-model-lint: ignore comment)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[shown],
            edit=_edit(uri, [types.TextEdit(types.Range(position, position), new_text)]),
        )
    ]


@functools.lru_cache(maxsize=4)
def _token_spans(text: str) -> list[tuple[int, int]]:
    """A document version's strings and comments, found once (the text is the key: a version's
    text is one object, whose hash Python keeps); lexed per finding, a request over a whole
    module was quadratic (review B5: 4,000 lines, 18.7 s)."""
    from ..scanners.python_lexer import token_spans

    return token_spans(text)


def _python_line(finding: Diagnostic, linted: Linted) -> int:
    """The id's own line, unless its end is inside a multi-line string or continued by a
    backslash (a comment there would change the code): then the line where the statement
    ends, where the engine looks for the pragma too."""
    from ..scanners.python_lexer import in_token

    text = linted.positions.text
    index = linted.positions.index
    line = finding.end_line
    end = index.offset(line, len(index.line_text(line)))
    spans = _token_spans(text)
    continued = end > 0 and text[end - 1] == "\\" and not in_token(spans, end - 1)
    if finding.code == "CML007" or not (in_token(spans, end) or continued):
        return line
    extra = linted.record.extra_lines if linted.record else {}
    return extra.get(finding.start, line)
