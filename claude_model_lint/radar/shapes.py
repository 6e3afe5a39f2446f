"""What the radar reads of GitHub's answers, checked where they arrive: an answer of the wrong
shape is one GitHubError line naming the call and the field, before the radar acts on any of it
(never a KeyError half-way through a run, never a forged number in the step's outputs)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# what git refuses in a branch name (git-check-ref-format), and a leading '-' (an option)
_NOT_A_BRANCH = re.compile(
    r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|/\.|^[-/.]|[/.]$|\.lock$|\.lock/|^@$"
)
MAX_NUMBER = 2**53  # a JSON number GitHub gives as an issue or pull request number


class ShapeError(Exception):
    """The answer lacks a field the radar needs, or holds something else there."""


@dataclass(frozen=True)
class Item:
    """An issue or a pull request, as the radar reads it."""

    number: int
    state: str  # 'open' or 'closed'
    body: str | None
    merged_at: str | None = None
    head: str | None = None  # a pull request's head branch


def field(answer: Any, name: str) -> Any:
    if not isinstance(answer, dict):
        raise ShapeError(f"{name}: missing ({_kind(answer)}, not an object)")
    if name not in answer:
        raise ShapeError(f"{name}: missing")
    return answer[name]


def number(answer: Any) -> int:
    value = field(answer, "number")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < MAX_NUMBER:
        raise ShapeError(f"number: {_shown(value)} is not an issue number")
    return value


def branch(value: Any, name: str) -> str:
    if not isinstance(value, str) or _NOT_A_BRANCH.search(value) or not value:
        raise ShapeError(f"{name}: {_shown(value)} is not a branch name")
    return value


def item(answer: Any, pull: bool) -> Item:
    """An issue or pull request of a listing; a pull request's head branch is checked too."""
    found = number(answer)
    state = field(answer, "state")
    if state not in ("open", "closed"):
        raise ShapeError(f"state: {_shown(state)} is neither open nor closed")
    body, merged = answer.get("body"), answer.get("merged_at")
    for name, value in (("body", body), ("merged_at", merged)):
        if value is not None and not isinstance(value, str):
            raise ShapeError(f"{name}: expected a string, got {_kind(value)}")
    head = branch(field(field(answer, "head"), "ref"), "head.ref") if pull else None
    return Item(found, state, body, merged, head)


def items(answer: list[Any], pull: bool) -> list[Item]:
    found = []
    for n, each in enumerate(answer):
        try:
            found.append(item(each, pull))
        except ShapeError as exc:
            raise ShapeError(f"[{n}].{exc}") from None
    return found


def comment_bodies(answer: list[Any]) -> list[str]:
    found = []
    for n, each in enumerate(answer):
        body = each.get("body") if isinstance(each, dict) else None
        if not isinstance(each, dict) or not isinstance(body, (str, type(None))):
            raise ShapeError(f"[{n}].body: expected a comment with a string body")
        found.append(body or "")
    return found


def _kind(value: Any) -> str:
    for kind, name in ((dict, "an object"), (list, "a list"), (str, "a string")):
        if isinstance(value, kind):
            return name
    return repr(value)[:40]


def _shown(value: Any) -> str:
    return repr(value)[:80]
