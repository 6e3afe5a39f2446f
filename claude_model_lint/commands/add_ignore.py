"""--add-ignore's report: what was commented, and the per-file-ignores entries to paste for the
files that cannot hold a comment (printed, not written: the config is the user's to edit)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import TextIO

import click

from ..check.add_ignore import add_ignores
from ..repo.configs import Configs
from ..reporters import counted, printable
from ..types import Diagnostic

_GLOB = re.compile(r"([*?\[\]\\!#])")  # what a gitignore-style pattern would read as syntax


def add_ignore(diagnostics: list[Diagnostic], configs: Configs, out: TextIO) -> int:
    added = add_ignores(diagnostics)
    for note in added.notes:
        click.echo(f"claude-model-lint: {printable(note)}", err=True)
    comments, files = counted(added.comments, "ignore comment"), counted(added.files, "file")
    click.echo(f"Added {comments} in {files}", err=True)
    by_config: defaultdict[str, list[str]] = defaultdict(list)
    for path, codes in sorted(added.per_file.items()):
        config = configs.for_file(path)
        where = str(config.source or config.root / "pyproject.toml")
        pattern = "/" + _GLOB.sub(r"\\\1", config.relative(path))  # this file, from the root
        entry = json.dumps(pattern, ensure_ascii=False)  # a valid TOML basic string too
        by_config[where].append(f"{entry} = {json.dumps(sorted(codes))}")
    for where, entries in by_config.items():
        table = (
            "[per-file-ignores]"
            if where.endswith(".claude-model-lint.toml")
            else ("[tool.claude-model-lint.per-file-ignores]")
        )
        out.write(
            f"# {counted(len(entries), 'file')} cannot hold an ignore comment; add to {where}:\n"
            f"{table}\n" + "".join(f"{entry}\n" for entry in entries)
        )
    return 2 if added.notes else 0
