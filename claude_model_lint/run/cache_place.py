"""Where the scan cache lives, and whether a cache file may be trusted.

A cache decides which files are scanned again, so a forged one hides findings. It lives in the
user cache directory (or under ``--cache-dir DIR``, in a subdirectory of DIR the tool owns), one
directory per repository keyed by the repository's absolute path; a cache file that git tracks
came from someone else and is never read. Each cache file is signed with a key kept in the user
cache directory (``cache_secret``): a cache planted in the tree under review (a committed link
``claude-model-lint-cache -> forged/``, a ``git archive`` copy of one) has no valid signature.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..blake2 import blake2b

CACHE_FILES = "cml-"  # a cache file is cml-KEY.json (run/cache.py)
OWNED = "claude-model-lint-cache"  # the subdirectory of --cache-dir DIR that the tool owns
TAG = "CACHEDIR.TAG"  # https://bford.info/cachedir/: backup tools skip it; it marks ours
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This directory is a cache created by claude-model-lint.\n"
)


def cache_directory(chosen: Path | None, repository: str, user_cache: Path) -> Path:
    """The directory of this repository's cache: under ``chosen`` (--cache-dir) or the user
    cache directory, in a subdirectory only the tool writes to."""
    base = chosen / OWNED if chosen is not None else user_cache / "scan"
    return base / repository_key(repository)


def leaves(chosen: Path, directory: Path) -> bool:
    """Does ``directory`` (below ``chosen``) lead elsewhere through a symbolic link (a committed
    ``claude-model-lint-cache -> ../out``)? Then the run must not write there."""
    real = os.path.realpath(chosen)
    return os.path.realpath(directory) != os.path.join(real, os.path.relpath(directory, chosen))


def repository_key(repository: str) -> str:
    """A directory name for an absolute repository path: readable tail, unique hash."""
    digest = blake2b(os.fsencode(repository), digest_size=8).hexdigest()
    tail = "".join(c if c.isalnum() or c in "-_." else "_" for c in os.path.basename(repository))
    return f"{tail[:40] or 'root'}-{digest}"


def owned(directory: Path) -> bool:
    """May the tool write and delete in ``directory``: absent, empty, or marked as ours?"""
    try:
        if (directory / TAG).read_text(encoding="utf-8") == TAG_TEXT:
            return True
    except (OSError, UnicodeDecodeError):
        pass
    try:
        return not any(directory.iterdir())
    except FileNotFoundError:
        return True
    except OSError:
        return False


def claim(directory: Path) -> None:
    """Create ``directory`` as ours: the tag, and a .gitignore so git never tracks it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / TAG).write_text(TAG_TEXT, encoding="utf-8")
    (directory / ".gitignore").write_text("# created by claude-model-lint\n*\n", encoding="utf-8")


def tracked_by_git(file: Path) -> bool:
    """Does a git work tree above ``file`` track it? (Unsure, e.g. no git: treated as yes.)"""
    absolute = os.path.abspath(file)
    here = os.path.dirname(absolute)
    while not os.path.exists(os.path.join(here, ".git")):
        parent = os.path.dirname(here)
        if parent == here:
            return False  # in no work tree: nothing can track it
        here = parent
    try:
        listed = subprocess.run(
            ["git", "-C", here, "ls-files", "-z", "--", os.path.relpath(absolute, here)],
            capture_output=True, timeout=30, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return True
    return listed.returncode != 0 or bool(listed.stdout)


SECRET = "scan-cache.key"  # in the user cache directory, never in a tree under review
_SECRET_BYTES = 32


def cache_secret() -> bytes | None:
    """This user's key for signing scan caches, made on first use (mode 0600); None when it
    can be neither read nor made: then no cache is trusted."""
    from ..registry.fetched import cache_root
    from ..safe_read import NotReadable, read_regular

    where = cache_root() / SECRET
    for _ in range(2):
        try:
            secret = read_regular(where, _SECRET_BYTES)
            return secret if len(secret) == _SECRET_BYTES else None
        except NotReadable:
            pass
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # another run made it meanwhile: read it
        except OSError:
            return None
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(_SECRET_BYTES))
    return None
