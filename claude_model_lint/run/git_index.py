"""A warm run's files from git's index, which is a content-addressed cache the run can trust: for
every tracked file it holds the blob id, and git (in C, from the index's stat data) says which
files the work tree no longer matches. A clean file whose blob the scan cache has seen without
'claude' is not named at all; one whose blob the cache scanned is answered from the cache with
no stat and no read (``ScanCache.lookup``). Only the files git does not vouch for (changed,
untracked) and blobs the cache has not seen are searched, by ``git grep`` on those paths alone.

The names are those a cold run's ``git grep`` gives (the files that hold 'claude'); anything
unusual (no work tree, a submodule, an assume-unchanged or skip-worktree entry, a conflict, an
error from git) returns None and the run walks, as a warm run did before.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..repo.git_plain import PLAIN_GIT, PLAIN_GREP
from ..repo.root import git_root
from .git_grep import _REDIRECTING, PATTERN, TARGETED, TIMEOUT, Search, cores, tracked_ignored

REGULAR = ("100644", "100755")


class Blobs:
    """What the scan cache knows of blobs: those seen without 'claude' (``quiet``), and the blob
    each scanned file held when scanned (``scanned``, by absolute path)."""

    def __init__(self, quiet: set[str], scanned: dict[str, str]) -> None:
        self.quiet = quiet
        self.scanned = scanned
        self.clean: dict[str, str] = {}  # absolute path -> blob, for files git vouches for
        self.seen: set[str] = set()  # every blob of the indexes read (what to keep of quiet)


def index_names(directory: str, blobs: Blobs) -> list[str] | None:
    """The files under ``directory`` that hold 'claude', relative to it, in walk order (as
    ``Search.names``), from the index and the cache; None when git cannot answer for all."""
    if os.environ.get("CLAUDE_MODEL_LINT_NO_GIT") or any(v in os.environ for v in _REDIRECTING):
        return None  # asked to walk; or a hook run with a temporary index
    absolute = os.path.abspath(directory)
    root = git_root(absolute)
    if root is None or os.path.exists(os.path.join(root, ".gitmodules")):
        return None  # (git grep --untracked does not enter submodules; the walk does)
    answers = _git_all(  # the index; then what the work tree changed, deleted, added
        directory,
        [["ls-files", "-z", "-s", "-v"], ["ls-files", "-z", "-t", "-m", "-d", "-o",
                                          "--exclude-standard"]],
    )  # fmt: skip
    if answers is None:
        return None
    staged, dirty = answers
    changed: set[str] = set()
    deleted: set[str] = set()
    unsure: list[str] = []
    for row in _rows(dirty):
        tag, _, name = row.partition(" ")
        if tag == "?":
            if not name.endswith("/"):  # (a nested repository: git grep passes it by too)
                unsure.append(name)
        else:
            (deleted if tag == "R" else changed).add(name)
    clean: dict[str, str] = {}
    for row in _rows(staged):
        head, _, name = row.partition("\t")
        tag, mode, blob, stage = head.split(" ")
        if tag != "H" or stage != "0" or mode == "160000":
            return None  # assume-unchanged, skip-worktree, a conflict, a submodule: walk
        if name in deleted:
            continue
        if name in changed or mode not in REGULAR:
            unsure.append(name)
        else:
            clean[name] = blob
    blobs.seen.update(clean.values())
    prefix = absolute + os.sep
    holding, unseen = [], []
    for name, blob in clean.items():
        path = prefix + name.replace("/", os.sep)
        blobs.clean[path] = blob
        if blob in blobs.quiet:
            continue
        if blobs.scanned.get(path) == blob:
            holding.append(name)
        else:
            unseen.append(name)
    asked = unseen + unsure
    if asked:
        found = _holding(directory, asked)
        if found is None:
            return None
        holding.extend(found)
        found_set = set(found)
        blobs.quiet.update(clean[name] for name in unseen if name not in found_set)
    holding.sort(key=lambda name: name.split("/"))  # the walk's order, as Search.names
    return holding


def _holding(directory: str, names: list[str]) -> list[str] | None:
    """Which of ``names`` hold 'claude' in the work tree (git grep, on those paths only)."""
    if len(names) > TARGETED:
        everything = Search(directory).names()
        if everything is None:
            return None
        wanted = set(names)
        return [name for name in everything if name in wanted]
    command = [
        "git", *PLAIN_GIT, "-c", f"grep.threads={cores()}", "grep", "--untracked", *PLAIN_GREP,
        "-l", "-z", "-a", "-P", "-e", PATTERN, "--", *(f":(literal){name}" for name in names),
    ]  # fmt: skip
    answers = _run_all(directory, [command])
    more = tracked_ignored(directory, names)  # (which --untracked passes by)
    if answers is None or more is None:
        return None
    found = list(_rows(answers[0]))
    return found + sorted(set(more).difference(found))


def _git_all(directory: str, commands: list[list[str]]) -> list[bytes] | None:
    return _run_all(directory, [["git", *PLAIN_GIT, *command] for command in commands])


def _run_all(directory: str, commands: list[list[str]]) -> list[bytes] | None:
    """Each command's output, all started at once; None if any fails or warns."""
    import subprocess  # (here: a run that names files, as a hook does, never imports it)

    started: list[subprocess.Popen[bytes]] = []
    try:
        for command in commands:
            process = subprocess.Popen(
                command, cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )  # fmt: skip
            started.append(process)
        answers = []
        for process in started:
            out, err = process.communicate(timeout=TIMEOUT)
            if process.returncode not in (0, 1) or err:
                return None
            answers.append(out)
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        for process in started:
            if process.returncode is None:
                process.kill()
                process.communicate()
    return answers


def _rows(out: bytes) -> Iterable[str]:
    return (os.fsdecode(raw) for raw in out.split(b"\0") if raw)
