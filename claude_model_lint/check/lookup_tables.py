"""Tables the repository keys by model id, for the tests that may be choosing one of their rows.

strands-agents' test ``AnthropicModel(model_id=<a model>)`` asserts the context window
(``== 1_000_000``) that ``_CONTEXT_WINDOW_LIMITS`` in the library gives that id. ``--fix``
leaves a mapping key alone (a catalog), so fixing the test's id moves it off the table's row
and the test fails. A use in a test module is therefore an unsafe fix when another file keys a
table by its id and the test holds that row's value (or the value is not a plain number or
string, so nobody can tell); the message names the row. Tests that only name the model (most
of them: they build a client) are still fixed.

The repository is asked, not the run: one ``git grep`` from its root per process, only once a
test names a model that has a fix. Every batch of files (a pre-commit hook's) gets the same
answer; outside a git work tree, or without git, there is no table to find.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..repo.git_plain import PLAIN_GIT, PLAIN_GREP
from ..repo.root import git_root

if TYPE_CHECKING:  # loaded when a search starts: a hook run naming files never needs them
    import subprocess

# a key that holds 'claude' (quoted: a dict, an object, JSON, TOML; bare at a line's start: YAML),
# then ':' or '=' (TOML), and what follows it
_KEY = (
    r"""(?:["'][^"'\n]{0,160}claude[^"'\n]{0,160}["']|^[ \t]*[\w./@-]{0,80}claude[\w./@-]{0,80})"""
    r"""[ \t]*[:=][^\n]{0,80}"""
)
_ROW = re.compile(r"""[ \t]*(?:(["'])([^"'\n]*)\1|([\w./@-]+))[ \t]*([:=])[ \t]*(.*)""")
# code, where a library keeps its tables, and the data files a test may load one from (a JSON
# price table: issue 28); never the recordings, which are most of the bytes of a repository of
# cassettes (pydantic-ai: 0.03 s for code, 0.18 s with them)
_CODE = ("*.py", "*.pyi", "*.js", "*.mjs", "*.cjs", "*.ts", "*.mts", "*.cts")
_DATA = ("*.json", "*.yaml", "*.yml", "*.toml")
_SOURCES = (*_CODE, *_DATA)
_SUFFIXES = tuple(pattern[1:] for pattern in _SOURCES)
_YAML = (".yaml", ".yml")
_RECORDINGS = ("cassettes", "__snapshots__", "recordings", "snapshots")
_NOT_RECORDINGS = tuple(f":(exclude,glob)**/{name}/**" for name in _RECORDINGS)
_TEST_DIRECTORY = re.compile(r"tests?(?:[_-].*)?|__tests__|spec", re.IGNORECASE)
_TEST_FILE = re.compile(r"(?:test_.*|.*_test|conftest)\.pyi?|.*\.(?:test|spec)\.[cm]?[jt]sx?")
TIMEOUT = 60.0


def is_test_module(path: str) -> bool:
    """A test by its path inside its repository: under ``tests/`` (``test/``, ``tests_integ/``,
    ``__tests__/``), or named ``test_*.py``, ``*_test.py``, ``conftest.py``, ``*.test.ts``.
    Directories count inside a git work tree only (those above it say nothing: pytest's own
    are named ``test_*``), which is where tables are looked for anyway."""
    directory, name = os.path.split(os.path.abspath(path))
    if _TEST_FILE.fullmatch(name):
        return True
    root = _root_of(directory)
    inside = os.path.relpath(directory, root) if root is not None else ""
    return any(_TEST_DIRECTORY.fullmatch(part) for part in inside.split(os.sep))


@functools.lru_cache(maxsize=256)
def _root_of(directory: str) -> str | None:
    return git_root(directory)


def table_row(key: str, path: str) -> str | None:
    """Where a file of this repository other than ``path`` keys a mapping by the model ``key``
    names with a value the test at ``path`` holds ("src/pkg/_defaults.py:33"), or None."""
    absolute = os.path.abspath(path)
    root = _root_of(os.path.dirname(absolute))
    if root is None:
        return None
    for where, line, value in _keyed(root).get(key, ()):
        if os.path.join(root, where) != absolute and _holds(absolute, value):
            shown = where if where.isprintable() else ascii(where)[1:-1]  # goes in a message
            return f"{shown}:{line}"
    return None


def _holds(path: str, value: str | None) -> bool:
    """Does the module hold the row's ``value``? A number in any spelling of its digits; an
    unknown value (a dict, a name, a call) might be anything the test checks: yes."""
    if value is None:
        return True
    text, numbers = _literals(path)
    return value[1:] in (numbers if value[0] == "#" else text)


@functools.lru_cache(maxsize=4)
def _literals(path: str) -> tuple[str, frozenset[str]]:
    """A test module's text, and its numbers without underscores."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(_READ_MAX)
    except OSError:
        return "", frozenset()
    return text, frozenset(m.group().replace("_", "") for m in _NUMBER.finditer(text))


def _value(rest: str) -> str | None:
    """A row's value: '#' and a number's digits (no underscores), "'" and a string's text, or
    None for anything else."""
    number = _NUMBER.match(rest)
    if number is not None and not rest[number.end() : number.end() + 1].isalnum():
        return "#" + number.group().replace("_", "")
    string = _STRING.match(rest)
    return "'" + string.group(2) if string is not None else None


_NUMBER = re.compile(r"(?<![\w.])\d[\d_]*(?:\.\d[\d_]*)?")
_STRING = re.compile(r"""(["'])([^"'\\\n]{3,})\1""")
_READ_MAX = 4 * 1024 * 1024


def prefetch(root: str, names: list[str]) -> None:
    """Start the search of a repository whose files holding 'claude' are known (``names``,
    relative to ``root``: what discovery's git grep said of the whole repository): only its
    code files among them are read. ``settle`` before forking, so that every worker inherits
    the answer instead of searching every file again."""
    if root in _asked or root in _pending:
        return
    code = [
        name
        for name in names
        if name.endswith(_SUFFIXES) and not any(part in _RECORDINGS for part in name.split("/"))
    ]
    now = time.monotonic()
    if not code:
        _asked[root] = (now, {})
    elif len(code) <= PREFETCH_MAX:  # (a longer command line than that: search it all)
        _pending[root] = (now, _start(root, code))


PREFETCH_MAX = 2000


def prefetch_repositories(directories: list[str], holding: Iterable[str]) -> None:
    """A warm run walks (no git grep names the files holding 'claude'), and every worker that
    met a test with a fix searched all of the repository's code for itself. When ``holding``
    (the files the scan cache knows to hold an id) has a test module of a directory's
    repository, its whole code is searched now, once, for the workers to inherit; otherwise
    later, if ever (the cookbook, without tests, and sympy, without an id, are not searched)."""
    roots = {root for d in directories if (root := _root_of(os.path.abspath(d))) is not None}
    wanted = {r for r in roots if r not in _asked and r not in _pending}
    if not wanted:
        return
    for path in holding:
        if path.endswith(_SUFFIXES) and is_test_module(path):
            root = next((r for r in wanted if path.startswith(r + os.sep)), None)
            if root is not None:
                _pending[root] = (time.monotonic(), _start(root))
                wanted.discard(root)
                if not wanted:
                    return


def settle() -> None:
    """Wait for the searches ``prefetch`` started and keep their answers."""
    for root in list(_pending):
        started, process = _pending.pop(root)
        _asked[root] = (started, _answer(process))


def _keyed(root: str) -> _Keyed:
    """Model key -> (path from the root, line, the row's value) of every mapping key that
    names it; asked again after FRESH_FOR seconds (the language server lives while the tables
    are edited)."""
    settle()
    now = time.monotonic()
    known = _asked.get(root)
    if known is None or now - known[0] > FRESH_FOR:
        known = _asked[root] = (now, _answer(_start(root)))
    return known[1]


_Keyed = dict[str, list[tuple[str, int, str | None]]]  # key -> (path, line, row's value)
_asked: dict[str, tuple[float, _Keyed]] = {}
_pending: dict[str, tuple[float, subprocess.Popen[bytes] | None]] = {}
FRESH_FOR = 10.0
# a search started by the parent is the parent's to read: a worker forked while one runs
# searches for itself if it needs to
os.register_at_fork(after_in_child=_pending.clear)


def _start(root: str, names: list[str] | None = None) -> subprocess.Popen[bytes] | None:
    import subprocess

    literal = ["--literal-pathspecs"] if names is not None else []  # the names as they are
    command = [
        "git", *literal, *PLAIN_GIT, "grep", "--untracked", *PLAIN_GREP, "-I", "-n", "-o", "-z",
        "-P", "-e", _KEY, "--", *(names if names is not None else (*_SOURCES, *_NOT_RECORDINGS)),
    ]  # fmt: skip
    try:
        return subprocess.Popen(
            command, cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None


def _answer(process: subprocess.Popen[bytes] | None) -> _Keyed:
    import subprocess

    from ..model_ids import find_ids

    if process is None:
        return {}
    try:
        out, _ = process.communicate(timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        process.kill()
        process.communicate()
        return {}
    if process.returncode not in (0, 1):
        return {}
    keyed: _Keyed = {}
    for row in out.split(b"\n"):
        fields = row.split(b"\0")
        if len(fields) != 3 or not fields[1].isdigit():
            continue
        where, line = os.fsdecode(fields[0]), int(fields[1])
        matched = _ROW.match(fields[2].decode("utf-8", "replace"))
        if matched is None or not _a_key(where, matched):
            continue
        value = _value(matched[5])
        for found in find_ids(matched[2] or matched[3]):
            keyed.setdefault(found.key, []).append((where, line, value))
    return keyed


def _a_key(where: str, row: re.Match[str]) -> bool:
    """A bare key is a key in YAML only, '=' in TOML only (in code they are a name or an
    annotation, a comparison or an assignment)."""
    if row[3] is not None and not where.endswith(_YAML):
        return False
    return row[4] == ":" or where.endswith(".toml")
