"""Standard input as one file, the editors' convention (ruff, black): ``-`` and
``--stdin-filename NAME``, where NAME decides the format, the config and the excludes, and is the
path the report shows. Nothing is written to disk: ``--fix -`` gives the fixed text back. The
language server checks an editor's unsaved buffer the same way (``check_named``).
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import replace
from pathlib import Path

from ..check.engine import check_file_recording
from ..check.options import PYTHON_SUFFIXES, RunOptions, ScanRecord
from ..errors import UserError
from ..repo.candidate import Candidate, display_path
from ..repo.configs import Configs
from ..repo.excludes import excluded
from ..types import FileResult


class StandardInput:
    """The bytes read, and what checking them gave (None when NAME is excluded)."""

    def __init__(self, name: str | None) -> None:
        self.name = name or "-"
        self.data = _read_standard_input()
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


STDIN_BYTES = 256 * 1024 * 1024  # more is refused: `- < /dev/zero` never ends


def _read_standard_input() -> bytes:
    """Standard input, bounded; a device other than a terminal (``< /dev/zero``) is refused
    before any read, and so is more than STDIN_BYTES."""
    stream = sys.stdin.buffer
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError):  # no descriptor (a test's stand-in)
        mode = 0
    if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) and not stream.isatty():
        raise UserError("standard input: a device, not a file or a pipe")
    data = stream.read(STDIN_BYTES + 1)
    if len(data) > STDIN_BYTES:
        raise UserError(f"standard input: larger than {STDIN_BYTES // (1024 * 1024)} MB")
    return data


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
