"""Where a Python module's strings and comments are: what both Python layouts produce.

The fast layout (``python_fast``, regex lexer + ast) is what runs; the LibCST layout
(``python_cst``) is the oracle the tests hold it to. Neither imports the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

# methods whose first argument is a key or member being looked up: d.get("claude-3-opus")
LOOKUP_METHODS = frozenset({"get", "pop", "setdefault", "index", "count", "remove"})


RESPONSE_KEYS = frozenset({"stop_reason", "stop_sequence"})  # only a response has these
LABELS = frozenset({"id", "ids"})  # pytest.param(id=...), parametrize(ids=...): artefact names
# functions that look a model up rather than call it: model_profile("…"), get_limits("…")
LOOKUP_NAME = re.compile(r"(?:get|supports?|is|has)_|\w*_(?:profile|for)\Z")
MOCKED = frozenset({"return_value", "side_effect"})  # a mock's canned answer: a record
LEGACY_KEYWORDS = frozenset({"max_tokens_to_sample"})  # only the Text Completions API has this
LEGACY_PROMPT = frozenset({"HUMAN_PROMPT", "AI_PROMPT"})  # the SDK's Text Completions markers


def text_completions(callee: list[str], keywords: set[object], prompt_names: set[str]) -> bool:
    """A legacy Text Completions call, which no current model serves: ``max_tokens_to_sample=``,
    ``client.completions.create(...)`` (not ``chat.completions``), or ``prompt=`` built from
    ``HUMAN_PROMPT``. ``callee``: the dotted name called; ``prompt_names``: names in ``prompt=``."""
    if keywords & LEGACY_KEYWORDS or prompt_names & LEGACY_PROMPT:
        return True
    return callee[-2:] == ["completions", "create"] and callee[-3:-2] != ["chat"]


class ParseFailure(Exception):
    """The module could not be parsed; the message is one line."""


class Part(NamedTuple):
    """One literal of an implicit concatenation."""

    start: int
    end: int
    opener: str  # prefix and quote, lower-cased: parts can merge only when these agree
    inner_start: int
    inner_end: int


@dataclass
class Layout:
    """Offsets into the module's text."""

    strings: list[tuple[int, int, int]] = field(
        default_factory=list
    )  # start, end, statement end line
    comments: list[tuple[int, int]] = field(default_factory=list)
    # strings that are compared (==, in, ...) or are dict keys: they match models, not name one
    matched: list[tuple[int, int]] = field(default_factory=list)
    concatenations: list[tuple[list[Part], int, str]] = field(
        default_factory=list
    )  # parts, line, between
    # roles: strings that are a statement of their own (docstrings), and the string members of
    # each collection literal (list, tuple, set, dict values, Literal[...] subscript)
    prose: list[tuple[int, int]] = field(default_factory=list)
    members: list[list[tuple[int, int]]] = field(default_factory=list)
    # calls and dicts shaped like an API response (a 'stop_reason' key): recorded data; and
    # legacy Text Completions calls, which no current model serves
    records: list[tuple[int, int]] = field(default_factory=list)
    legacy: list[tuple[int, int]] = field(default_factory=list)
    # tables: a collection of collections, or a pytest.mark.parametrize call (ids counted whole)
    tables: list[tuple[int, int]] = field(default_factory=list)
    # calls whose first positional argument is a string: (callee name, that argument's span);
    # one callee given three ids or more is a registration table (register(Model("…")), …)
    callees: list[tuple[str, int, int]] = field(default_factory=list)
