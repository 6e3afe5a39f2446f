"""Standard input as one file, the editors' convention (ruff, black): ``-`` and
``--stdin-filename NAME``, where NAME decides the format, the config and the excludes, and is the
path the report shows. Nothing is written to disk: ``--fix -`` gives the fixed text back. The
language server checks an editor's unsaved buffer the same way (``check_named``).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from ..check.engine import PYTHON_SUFFIXES, RunOptions, ScanRecord, check_file_recording
from ..types import FileResult
from .configs import Configs
from .excludes import excluded
from .files import Candidate, display_path


class StandardInput:
    """The bytes read, and what checking them gave (None when NAME is excluded)."""

    def __init__(self, name: str | None) -> None:
        self.name = name or "-"
        self.data = sys.stdin.buffer.read()
        self.result: FileResult | None = None

    def check(self, options: RunOptions, configs: Configs, force_exclude: bool) -> list[FileResult]:
        checked = check_named(self.name, self.data, options, configs, force_exclude)
        if checked is None:
            return []
        self.result = checked[0]
        return [self.result]

    def fixed(self) -> bytes:
        """The text with the fixes made, in its own encoding; as read when nothing changed."""
        if self.result is None or self.result.fixed_text is None:
            return self.data
        from ..decoding import decode

        python = Path(self.name).suffix.lower() in PYTHON_SUFFIXES
        return decode(self.data, python=python).encode(self.result.fixed_text)


def check_named(
    name: str, data: bytes, options: RunOptions, configs: Configs, force_exclude: bool
) -> tuple[FileResult, ScanRecord | None] | None:
    """``data`` checked as if it were the file ``name`` (its format, config and excludes), never
    read from nor written to disk; None when ``name`` is excluded. The record is None when the
    data could not be checked."""
    config = configs.for_file(name)
    if name != "-" and excluded(name, config, configs, force_exclude):
        return None
    candidate = Candidate(name, True, display_path(name), config=config)
    candidate.data = data
    result, record, _ = check_file_recording(candidate, replace(options, write=False), digest=False)
    return result, record
