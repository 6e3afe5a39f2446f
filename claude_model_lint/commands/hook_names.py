"""The pre-commit hooks' names: pre-commit runs ``entry args... files...``, and a pull request can
commit a file named ``--exit-zero`` or ``--output-file=README.md``. Ending the entry with ``--``
would make the user's ``args:`` file names too; instead, with ``--names-are-files`` (the hooks'
entry), an argument that names an existing file is that file, never an option. pre-commit names
only files that exist, and a user's own option is no file name (if one is, it is read as a file,
which fails safe). The flag itself counts once, where the entry puts it: a file committed under the
flag's own name is a file like any other."""

from __future__ import annotations

import os

FLAG = "--names-are-files"


def names_are_files(args: list[str]) -> list[str]:
    """``args`` with every option-like argument that names an existing path made a path."""
    if FLAG not in args:
        return args
    flag_at = args.index(FLAG)
    return [
        os.path.join(".", arg)
        if arg.startswith("-") and index != flag_at and os.path.lexists(arg)
        else arg
        for index, arg in enumerate(args)
    ]
