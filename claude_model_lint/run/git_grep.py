"""One ``git grep`` of a directory: the files there that hold 'claude' (``git_files`` makes them
candidates), inside a git work tree or not. The searches of a cold run start before the run has
imported what it needs: git reads the trees on the second core while Python imports click and
the checker on the first.

Light on purpose: the console script imports this module first (``commands/launch.py``), and
subprocess only once a search starts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..repo.git_plain import PLAIN_GIT, PLAIN_GREP
from ..repo.root import git_root

if TYPE_CHECKING:
    import subprocess

# 'claude' in UTF-8, and in UTF-16 and UTF-32 of either byte order (each holds one of these)
PATTERN = r"claude|c\x00l\x00a\x00u\x00d\x00e|c\x00\x00\x00l\x00\x00\x00a\x00\x00\x00u\x00\x00\x00d\x00\x00\x00e"
_REDIRECTING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY")
TIMEOUT = 120.0
AHEAD = 8  # searches started at once; a run naming more directories starts the rest in turn

# The options of ``claude-model-lint`` that take a value (test_git_grep compares them with the
# click command's): the word after one is its value, never a directory to search.
VALUE_OPTIONS = frozenset({
    "--as-of", "--baseline", "--cache-dir", "--config", "--diff-base", "--exclude", "--explain",
    "--extend-exclude", "--write-baseline",
    "--extend-select", "--fail-on", "--file-timeout", "--format", "--ignore", "--jobs",
    "--max-file-size", "--output-file", "--output-format", "--registry", "--sarif-file",
    "--select", "--stdin-filename", "--summary", "-j", "-o",
})  # fmt: skip
_NOT_CHECKING = frozenset({"--help", "-h", "--version", "--list-models"})  # runs that read no file


class Search:
    """One ``git grep``, started at once and answered when asked: the directories of a run are
    searched side by side while the first ones are already being checked."""

    def __init__(self, directory: str, side_by_side: int = 1) -> None:
        """``side_by_side``: the searches running at once, which share the cores."""
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None
        self.root: str | None = None  # of the git work tree the directory is in (None: none)
        if os.environ.get("CLAUDE_MODEL_LINT_NO_GIT") or any(v in os.environ for v in _REDIRECTING):
            return  # asked to walk; or a hook run with a temporary index: let the walk decide
        import subprocess

        environment = None  # (inherited)
        self.root = git_root(os.path.abspath(directory))
        if self.root is not None:
            scope = ["grep", "--untracked"]  # tracked and untracked files, as git ignores them
        else:  # outside a work tree: what the .gitignore files below leave, as the walk has it;
            # none of the user's git config (core.ignorecase), nor ~/.config/git/ignore
            environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}
            environment["GIT_CONFIG_NOSYSTEM"] = "1"
            excludes = f"core.excludesFile={os.devnull}"
            scope = ["-c", excludes, "grep", "--no-index", "--exclude-standard"]
        # git's threads share the cores with the other searches (four searches of two threads
        # each on two cores: 4% slower)
        threads = max(1, cores() // side_by_side)
        command = [
            "git", *PLAIN_GIT, "-c", f"grep.threads={threads}", *scope, *PLAIN_GREP, "-l", "-z",
            "-a", "-P", "-e", PATTERN, "--", ".",
        ]  # fmt: skip
        try:
            self.process = subprocess.Popen(
                command, cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=environment,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            self.process = None
        else:
            if os.getpid() == _starter:  # (a command-line run; the API ends its own)
                _started.append(self)

    def names(self) -> list[str] | None:
        """The files that hold 'claude', relative to the directory, in walk order; None when git
        cannot answer for the whole directory."""
        if self.process is None:
            return None
        import subprocess

        try:
            out, err = self.process.communicate(timeout=TIMEOUT)
        except (OSError, subprocess.SubprocessError):
            self.stop()
            return None
        submodules = self.root is not None and os.path.exists(
            os.path.join(self.root, ".gitmodules")
        )
        if self.process.returncode not in (0, 1) or err or submodules:
            return None  # (git grep --untracked does not enter submodules; the walk does)
        names = [os.fsdecode(raw) for raw in out.split(b"\0") if raw]
        if self.root is not None:  # git grep --untracked passes by a tracked file .gitignore lists
            more = tracked_ignored(self.directory)
            if more is None:
                return None
            names = sorted({*names, *more})
        names.sort(key=lambda name: name.split("/"))  # the walk's order: entries sorted per level
        return names

    def stop(self) -> None:
        """Not wanted after all (the run ended early): end it and reap it."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            self.process.communicate()


TARGETED = 2000  # paths given to one git grep


def tracked_ignored(directory: str, among: Iterable[str] | None = None) -> list[str] | None:
    """The tracked files under ``directory`` (of ``among``, if given) that .gitignore lists and
    that hold 'claude': git ignores no tracked file, but ``git grep --untracked`` passes them
    by. None when git fails."""
    import subprocess

    def git(*args: str) -> bytes | None:
        try:
            done = subprocess.run(
                ["git", *PLAIN_GIT, *args], cwd=directory, capture_output=True,
                stdin=subprocess.DEVNULL, timeout=TIMEOUT, check=False,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode in (0, 1) and not done.stderr else None

    listed = git("ls-files", "-z", "-c", "-i", "--exclude-standard")
    if listed is None:
        return None
    names = [os.fsdecode(raw) for raw in listed.split(b"\0") if raw]
    if among is not None:
        names = sorted(set(names).intersection(among))
    found: list[str] = []
    for at in range(0, len(names), TARGETED):
        literal = (f":(literal){name}" for name in names[at : at + TARGETED])
        out = git("grep", *PLAIN_GREP, "-l", "-z", "-a", "-P", "-e", PATTERN, "--", *literal)
        if out is None:
            return None
        found.extend(os.fsdecode(raw) for raw in out.split(b"\0") if raw)
    return found


def cores() -> int:
    """The cores this process may run on (git's threads, the runner's workers)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS, Windows


def each_once(directories: Iterable[str]) -> dict[str, str]:
    """The directories by absolute path, each as first spelled (a, a/ and a/b/.. are one)."""
    first: dict[str, str] = {}
    for text in directories:
        first.setdefault(os.path.abspath(text), text)
    return first


_early: dict[str, Search] = {}  # started before the command line was parsed, by absolute path
_started: list[Search] = []  # every search of the run, ended with it (Ctrl-C included)
_starter = 0  # the process of the run: a forked worker never ends its parent's searches


def start_early(arguments: Sequence[str]) -> None:
    """A search of each directory the command line seems to name, before click and the checker
    are imported (35 ms), when the run will be cold: ``--no-cache``, or no scan cache kept for
    the repository (a warm run walks, and four wasted searches cost it 15%). A guess: a search
    the run does not ask for (a usage error) is ended by ``stop_searches``."""
    global _starter
    _starter = os.getpid()
    paths, values, flags = _command_line(arguments)
    directories = each_once(path for path in paths if os.path.isdir(path))
    if not directories or flags & _NOT_CHECKING or "--explain" in values:
        return
    if "--no-cache" not in flags and _cache_kept(paths or ["."], values.get("--cache-dir")):
        return
    ahead = list(directories.items())[:AHEAD]
    for key, text in ahead:
        search = Search(text, len(ahead))
        if search.process is not None:
            _early[key] = search


def adopt(directory: str) -> Search | None:
    """The search started early for ``directory``, now the run's own; None if there is none."""
    return _early.pop(os.path.abspath(directory), None)


def stop_searches() -> None:
    """At the end of the run (in its own process): end every search still going, those started
    early that the run did not adopt, and those a run cut short (Ctrl-C) left unanswered."""
    if os.getpid() != _starter:
        return
    _early.clear()
    while _started:
        _started.pop().stop()


def _command_line(arguments: Sequence[str]) -> tuple[list[str], dict[str, str], set[str]]:
    """The paths, the options' values and the flags, as click will read them."""
    paths: list[str] = []
    values: dict[str, str] = {}
    flags: set[str] = set()
    waiting = ""  # an option whose value is the next argument
    options_ended = False
    for argument in arguments:
        if waiting:
            values[waiting], waiting = argument, ""
        elif options_ended or not argument.startswith("-") or argument == "-":
            paths.append(argument)
        elif argument == "--":
            options_ended = True
        elif argument.partition("=")[0] in VALUE_OPTIONS and "=" in argument:
            name, _, value = argument.partition("=")
            values[name] = value
        elif argument in VALUE_OPTIONS:
            waiting = argument
        else:
            flags.add(argument)
    return paths, values, flags


def _cache_kept(paths: list[str], chosen: str | None) -> bool:
    """Does the repository have a scan cache where the run will look for one?"""
    from pathlib import Path

    from ..registry.fetched import cache_root
    from ..repo.root import repository_root
    from .cache_place import CACHE_FILES, cache_directory

    directory = cache_directory(
        Path(chosen) if chosen else None, repository_root(p for p in paths if p != "-"),
        cache_root(),
    )  # fmt: skip
    try:
        return any(name.startswith(CACHE_FILES) for name in os.listdir(directory))
    except OSError:
        return False
