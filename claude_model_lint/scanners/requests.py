"""The requests of a notebook's code cells and of a config file's mappings (Python and JS/TS
have their own call finders), and the notebook's Text Completions calls, whose ids are never
migrated: what CML007 and a migration judge."""

from __future__ import annotations

import dataclasses

from ..types import Role
from . import LineIndex, Scan
from .calls import CallSite
from .python import LEGACY_WHY

_LEGACY_MARKS = ("max_tokens_to_sample", "completions", "HUMAN_PROMPT")  # Text Completions


def data_requests(
    suffix: str, text: str, scan: Scan, names: frozenset[str]
) -> tuple[Scan, tuple[CallSite, ...]]:
    """``scan`` with a notebook's Text Completions ids made unfixable, and the requests."""
    index = scan.index or LineIndex(text)
    if suffix == ".ipynb":
        from .notebook_calls import code_cells, legacy_spans, notebook_requests

        cells = None
        if any(mark in text for mark in _LEGACY_MARKS):
            cells = code_cells(text)
            spans = legacy_spans(cells) if cells is not None else ()
            scan = dataclasses.replace(
                scan,
                occurrences=[
                    o._replace(fixable_in_place=False, not_fixable_reason=LEGACY_WHY)
                    if any(a <= o.found.start < b for a, b in spans)
                    else o
                    for o in scan.occurrences
                ],
            )
        if not names or not any(name in text for name in names):
            return scan, ()
        cells = cells or code_cells(text)
        return scan, tuple(notebook_requests(text, cells, names, index)) if cells else ()
    if not names or not any(name in text for name in names):
        return scan, ()
    from .config_requests import find_config_requests

    uses = [o.found.start for o in scan.occurrences if o.role in (Role.USE, Role.CATALOG)]
    return scan, tuple(find_config_requests(text, suffix, uses, names, index))
