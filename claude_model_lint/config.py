"""Find and validate the configuration: ``.claude-model-lint.toml`` or ``[tool.claude-model-lint]``.

Unknown keys and bad values are errors that name the file and the key, so that a typo in the
configuration never silently turns a check off.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .rules import RULES
from .safe_read import MB, NotReadable, read_regular
from .types import Severity

if TYPE_CHECKING:  # imported where used (~30 ms): most runs over named files never need it
    import pathspec

CONFIG_FILE = ".claude-model-lint.toml"
CONFIG_BYTES = 16 * MB  # a config (or a pyproject.toml) larger than this is not one
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
DEFAULT_FILE_TIMEOUT = 10.0
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".bzr", "node_modules", "bower_components", "__pycache__",
    ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache",
    ".hypothesis", ".eggs", "*.egg-info", "site-packages", "build", "dist", "_build",
    ".next", ".nuxt", ".terraform", ".claude-model-lint-cache",
    "*.min.js", "*.min.css", "*.map",
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
    "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "Cargo.lock", "composer.lock",
    "Gemfile.lock", "go.sum", "*.lock",
    "CHANGELOG*", "CHANGES*", "HISTORY*", "NEWS*", "RELEASE_NOTES*",  # history, not usage
    "*.cml-tmp",  # a --fix interrupted between write and rename (see writer.py)
    "*.sarif", "*.sarif.json",  # reports (ours: --sarif-file): their messages name every id
    "claude-model-lint-baseline.json", "*.cml-baseline.json",  # baselines name every id found
)  # fmt: skip
# recorded data and history: scanned and reported, never rewritten (see docs/fix-safety.md)
DEFAULT_RECORD = (
    "cassettes/", "*.cassette.*", "__snapshots__/", "__inline_snapshot__/", "snapshots/",
    "*.snap", "*.ambr", "fixtures/", "recordings/", "transcripts/", "*.jsonl", "datasets/",
    "*.csv", "*.tsv", "benchmarks/", "leaderboard*", "blog/", "_posts/", "posts/",
    "release-notes/", "release_notes/", "CHANGELOG*", "CHANGES*", "HISTORY*", "NEWS*",
    "RELEASE_NOTES*", "*.sarif", "*.sarif.json",
)  # fmt: skip


@dataclass(frozen=True)
class Config:
    select: frozenset[str] = frozenset(c for c, r in RULES.items() if r.enabled_by_default)
    ignore: frozenset[str] = frozenset()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    fail_on: Severity = Severity.WARNING
    registry: tuple[Path, ...] = ()
    check_comments: bool = False
    fail_on_incomplete: bool = False  # exit 1 when a file in scope was not read
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    refresh: str = (
        "never"  # "daily": fetch Anthropic's page before a run when the copy is a day old
    )
    file_timeout: float = DEFAULT_FILE_TIMEOUT  # seconds per file; 0: none
    record: tuple[str, ...] = DEFAULT_RECORD
    extend_record: tuple[str, ...] = ()
    unfixable: frozenset[str] = frozenset()  # rule codes or roles: never fixed
    extend_safe_fixes: frozenset[str] = frozenset()  # ... whose unsafe fixes --fix applies
    extend_unsafe_fixes: frozenset[str] = frozenset()  # ... whose fixes need --unsafe-fixes
    # "current": a fix follows the replacement chain through legacy models to the current one;
    # "page": it writes the replacement the page names
    replacement: str = "current"
    root: Path = field(default_factory=Path.cwd)  # patterns are relative to this directory
    source: Path | None = None

    def enabled(self, code: str) -> bool:
        return code in self.select and code not in self.ignore

    def relative(self, path: str | Path) -> str:
        return relative_to(path, str(self.root))

    def fix_settings(self) -> tuple[object, ...]:
        """What fix safety depends on, for the verdict cache."""
        return (self.record, self.extend_record, *map(sorted, (self.unfixable,
                self.extend_safe_fixes, self.extend_unsafe_fixes)), self.replacement)  # fmt: skip

    def ignored_for(self, path: str | Path) -> frozenset[str]:
        codes: set[str] = set()
        relative_path = self.relative(path)
        for pattern, ignored in self.per_file_ignores:
            if _spec((pattern,)).match_file(relative_path):
                codes |= ignored
        return frozenset(codes)


def relative_to(path: str | Path, root: str) -> str:
    """``path`` as patterns relative to ``root`` see it: '/'-separated; as given when outside."""
    absolute = os.path.abspath(path)
    inside = absolute.startswith(root.rstrip(os.sep) + os.sep)
    return (absolute[len(root.rstrip(os.sep)) + 1 :] if inside else str(path)).replace(os.sep, "/")


@functools.lru_cache(maxsize=64)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``; a pyproject.toml counts only with our table."""
    here = start.resolve()
    if not os.path.isdir(here):
        here = here.parent
    for directory in (here, *here.parents):
        found = config_in(directory)
        if found is not None:
            return found
    return None


def config_in(directory: Path) -> Path | None:
    """The config file of ``directory`` itself, if it has one (none where it cannot look)."""
    candidate = directory / CONFIG_FILE
    if os.path.exists(candidate) and not os.path.isdir(candidate):
        return candidate  # a FIFO or a device too: loading it says so (it was ignored silently)
    pyproject = directory / "pyproject.toml"
    if os.path.isfile(pyproject) and _mentions_us(pyproject) and _table_of(pyproject) is not None:
        return pyproject
    return None


def _mentions_us(pyproject: Path) -> bool:
    """Without our name it holds no table of ours: no need to parse it (tomllib is pure Python)."""
    try:
        return b"claude-model-lint" in pyproject.read_bytes()
    except OSError:
        return True  # let the parse say what is wrong


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    table = _table_of(path) or {}
    return apply(Config(root=path.parent.resolve(), source=path), table, str(path))


def _load(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:  # never a plain open: a FIFO would block it for ever, /dev/zero never end
        return tomllib.loads(read_regular(path, CONFIG_BYTES).decode("utf-8"))
    except (NotReadable, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses per level of arrays and inline tables
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None


def _table_of(path: Path) -> dict[str, Any] | None:
    data = _load(path)
    if path.name != "pyproject.toml":
        return data
    table = data.get("tool", {}).get("claude-model-lint")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.claude-model-lint]: expected a table")
    return table


def apply(config: Config, table: dict[str, Any], where: str) -> Config:
    """Validate ``table`` (config-file spelling, dashes) and lay it over ``config``."""
    changes: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in _CHECKS:
            raise ConfigError(f"{where}: {key}: unknown key (known: {', '.join(sorted(_KEYS))})")
        changes[name] = _CHECKS[name](value, f"{where}: {key}", config.root)
    if "extend_select" in changes:
        changes["select"] = changes.get("select", config.select) | changes.pop("extend_select")
    return replace(config, **changes)


def codes(value: Any, where: str, _root: Path | None = None) -> frozenset[str]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes")
    selected: set[str] = set()
    for raw in value:
        code = raw.strip().upper()
        if code == "ALL":
            selected |= set(RULES)
        elif code in RULES:
            selected.add(code)
        else:
            matches = {c for c in RULES if c.startswith(code)} if code.startswith("CML") else set()
            if not matches:
                raise ConfigError(f"{where}: {raw!r} is not a rule code (CML001 to CML006, ALL)")
            selected |= matches
    return frozenset(selected)


def patterns(value: Any, where: str, _root: Path | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of glob patterns")
    try:
        _spec(tuple(value))
    except (ValueError, TypeError, re.error) as exc:  # re.error: '[z-a]', a range backwards
        raise ConfigError(f"{where}: bad pattern: {exc}") from None
    return tuple(value)


def _per_file(value: Any, where: str, _root: Path) -> tuple[tuple[str, frozenset[str]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of pattern = [codes]")
    return tuple((patterns([k], where)[0], codes(v, f"{where}.{k}")) for k, v in value.items())


def fix_selectors(value: Any, where: str, _root: Path | None = None) -> frozenset[str]:
    """Rule codes (as ``select``) or roles: ``["CML005", "prose"]``."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes or roles (catalog, prose, use)")
    roles = {v.strip().lower() for v in value} & {"use", "catalog", "prose"}
    rest = [v for v in value if v.strip().lower() not in roles]
    return frozenset(roles) | (codes(rest, where) if rest else frozenset())


def severity(value: Any, where: str, _root: Path | None = None) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not one of error, warning, info") from None


def _registry(value: Any, where: str, root: Path) -> tuple[Path, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where}: expected a path or a list of paths")
    return tuple((root / v) for v in values)


def _bool(value: Any, where: str, _root: Path) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false")
    return value


def _replacement(value: Any, where: str, _root: Path) -> str:
    if value not in ("current", "page"):
        raise ConfigError(f"{where}: {value!r} is not one of current, page")
    return str(value)


def _refresh(value: Any, where: str, _root: Path) -> str:
    if value not in ("never", "daily"):
        raise ConfigError(f"{where}: {value!r} is not one of never, daily")
    return str(value)


def size(value: Any, where: str, _root: Path | None = None) -> int:
    """Bytes, from an integer or a string such as '5MB', '512 KiB': at least one byte, finite."""
    number: float = -1
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip().upper().replace(" ", "").removesuffix("B").removesuffix("I")
        units = {"K": 1024, "M": 1024**2, "G": 1024**3}
        unit = units.get(text[-1:], 1)
        with contextlib.suppress(ValueError):
            number = float(text[:-1] if unit > 1 else text) * unit
    if not 1 <= number < 2**63:  # also refuses inf and nan
        raise ConfigError(
            f"{where}: expected a size of at least one byte, such as 5000000 or '5MB'"
        )
    return int(number)


def seconds(value: Any, where: str, _root: Path | None = None) -> float:
    """A time budget in seconds (a number, or a string from the command line); 0 turns it off."""
    try:
        number = float(value) if not isinstance(value, bool) else -1.0
    except (TypeError, ValueError):
        number = -1.0
    if not 0 <= number <= 86400:  # also rejects nan
        raise ConfigError(f"{where}: expected seconds from 0 (no limit) to 86400, such as 10")
    return number


_CHECKS: dict[str, Any] = {
    "select": codes,
    "extend_select": codes,
    "ignore": codes,
    "exclude": patterns,
    "extend_exclude": patterns,
    "per_file_ignores": _per_file,
    "fail_on": severity,
    "registry": _registry,
    "check_comments": _bool,
    "fail_on_incomplete": _bool,
    "max_file_size": size,
    "refresh": _refresh,
    "file_timeout": seconds,
    "record": patterns,
    "extend_record": patterns,
    "unfixable": fix_selectors,
    "extend_safe_fixes": fix_selectors,
    "extend_unsafe_fixes": fix_selectors,
    "replacement": _replacement,
}
_KEYS = {name.replace("_", "-") for name in _CHECKS}
