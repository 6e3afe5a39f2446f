"""Frozen value types shared by every layer, so that no layer imports another's internals.

NamedTuples, not frozen dataclasses: every run imports this module, and defining these five as
dataclasses took 5 ms of a pre-commit hook's start (a NamedTuple takes a fifth of that).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import NamedTuple

BASELINE_FORMAT = "claude-model-lint baseline 1"  # the "format" of --write-baseline's file: the
# gate reads it, the scanners take a file holding it for a record (never fixed)


class Platform(str, enum.Enum):
    """Whose lifecycle dates apply to an id: the spelling decides."""

    API = "api"
    BEDROCK = "bedrock"
    VERTEX = "vertex"


class Spelling(str, enum.Enum):
    """How an id is written; a fix writes the replacement the same way."""

    ID = "id"  # the canonical Claude API id
    ALIAS = "alias"  # a moving pointer such as claude-3-5-sonnet-latest
    ALTERNATE = "alternate"  # another name of the same snapshot
    BEDROCK = "bedrock"
    VERTEX = "vertex"
    OPENROUTER = "openrouter"  # dotted ids such as claude-3.5-sonnet

    @property
    def platform(self) -> Platform:
        if self is Spelling.BEDROCK:
            return Platform.BEDROCK
        if self is Spelling.VERTEX:
            return Platform.VERTEX
        return Platform.API


class State(str, enum.Enum):
    ACTIVE = "active"
    LEGACY = "legacy"
    DEPRECATED = "deprecated"
    RETIRED = "retired"


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Role(str, enum.Enum):
    """What an occurrence is doing, as the scanner that found it sees it: decides fix safety."""

    USE = "use"  # selects the model of a request or a setting: --fix rewrites it
    CATALOG = "catalog"  # one id among others, a key, a comparison: --unsafe-fixes only
    RECORD = "record"  # recorded data and history: never rewritten
    PROSE = "prose"  # docstrings, comments, Markdown text: --unsafe-fixes only


class FoundId(NamedTuple):
    """A model-id-shaped token found in text; offsets are code points into that text."""

    start: int
    end: int
    text: str  # exactly as written, region prefix and suffixes included
    key: str  # the spelling to look up: no region, no context suffix, no ':beta'
    region: str | None = None  # Bedrock cross-region prefix such as 'us'
    context_suffix: str | None = None  # Bedrock ':200k' style context-window variant
    beta: bool = False  # OpenRouter ':beta' variant
    router: str | None = None  # a router prefix right before the id: 'openrouter/anthropic/', ...
    in_url: bool = False  # in a URL's path, where an undated family name is a page's slug


class Lifecycle(NamedTuple):
    """A model's state on one date, with the dates it was judged by."""

    state: State
    as_of: date
    platform: Platform  # the platform whose dates were used
    fallback: bool  # True when the id's platform published no dates and the API's were used
    deprecated: date | None
    deprecated_undated: bool
    retired: date | None
    not_sooner_than: date | None

    @property
    def days_left(self) -> int | None:
        return None if self.retired is None else (self.retired - self.as_of).days


class Occurrence(NamedTuple):
    """A found id placed in a file: 1-based line, 1-based columns in code points."""

    found: FoundId
    line: int
    column: int
    end_line: int
    end_column: int
    context: str = ""  # where it sits, for the message: 'cell 3', 'comment', ...
    fixable_in_place: bool = True  # False when the id spans several literals
    not_fixable_reason: str = ""
    role: Role = Role.USE
    example: int = 0  # the code example of a document or docstring it is in (1-based), or 0


class Diagnostic(NamedTuple):
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    model: str
    canonical: str | None
    state: str | None
    replacement: str | None  # exactly what --fix writes in place of `model`
    message: str
    start: int = 0  # offsets into the decoded text, for fixes
    end: int = 0
    source_line: str = ""
    retires: str | None = None
    fixable: bool = False  # --fix changes it (safe, or unsafe when asked)
    edit: str | None = None  # CML007's unsafe fix: what replaces [start, end); '' removes it
    role: Role = Role.USE
    safety: str | None = None  # 'safe' or 'unsafe' when a fix exists, None when none does
    # a migration's other edits, applied with the id's own (start, end, text; '' removes the
    # argument or entry): the request's parameters its replacement rejects
    companions: tuple[tuple[int, int, str], ...] = ()

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


class FileResult(NamedTuple):
    """Everything one file produced; the engine's only output."""

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    notes: tuple[str, ...] = ()  # one-line messages for stderr (skips, fallbacks)
    checked: bool = True  # False when the file was passed over (too big, binary, unreadable)
    error: str | None = None  # a per-file failure: reported, the run goes on, exit 2
    fixed_text: str | None = None  # set when --fix/--diff changed something
    original_text: str | None = None
    fixed_count: int = 0  # ids rewritten
    removed_count: int = 0  # arguments removed (--unsafe-fixes)
    rejudged: tuple[Diagnostic, ...] | None = None  # after --fix wrote: the file judged again
