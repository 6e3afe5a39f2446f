"""Standard input as one file, the editors' convention (ruff, black): ``-`` and
``--stdin-filename NAME``, where NAME decides the format, the config and the excludes, and is the
path the report shows. Nothing is written to disk: ``--fix -`` gives the fixed text back.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from ..check.engine import PYTHON_SUFFIXES, RunOptions, check_file
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
        config = configs.for_file(self.name)
        if self.name != "-" and excluded(self.name, config, configs, force_exclude):
            return []
        candidate = Candidate(self.name, True, display_path(self.name), config=config)
        candidate.data = self.data
        self.result = check_file(candidate, replace(options, write=False))
        return [self.result]

    def fixed(self) -> bytes:
        """The text with the fixes made, in its own encoding; as read when nothing changed."""
        if self.result is None or self.result.fixed_text is None:
            return self.data
        from ..decoding import decode

        python = Path(self.name).suffix.lower() in PYTHON_SUFFIXES
        return decode(self.data, python=python).encode(self.result.fixed_text)
