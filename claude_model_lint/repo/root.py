"""Where configuration may come from: the repository being linted, and nothing above it.

A config or overlay is data a pull request can add; one above the repository (a home directory,
a shared parent checkout) is not the repository's to decide. So the walk for configs stops at the
repository root, and an overlay a config names must lie inside it: one elsewhere is trusted only
when named on the command line (--registry).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import ConfigError


def repository_root(paths: Iterable[str | Path]) -> str:
    """The directory holding ``.git`` at or above the paths' common directory, else that
    common directory itself (absolute, symbolic links resolved)."""
    directories = []
    for path in paths:
        absolute = os.path.realpath(path)
        directories.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    common = os.path.commonpath(directories) if directories else os.path.realpath(".")
    return git_root(common) or common


def git_root(directory: str) -> str | None:
    """The nearest directory at or above ``directory`` that holds ``.git``."""
    here = directory
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def inside(path: str | Path, root: str) -> bool:
    """Is ``path`` (symbolic links resolved) ``root`` or below it?"""
    return real_inside(os.path.realpath(path), root)


def real_inside(real: str, root: str) -> bool:
    """``inside`` for a path already resolved."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def check_overlays(overlays: Iterable[Path], root: str, where: str) -> None:
    """A config may name only overlays inside the repository: raise ConfigError otherwise."""
    for overlay in overlays:
        if not inside(overlay, root):
            raise ConfigError(
                f"{where}: registry: {overlay} is outside the repository ({root}); "
                "pass it with --registry to trust it"
            )
