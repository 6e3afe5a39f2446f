"""The one issue for what needs a person: created once, then updated in place; closed by the radar
when nothing is left; left alone once a person has closed it (never reopened, never duplicated)."""

from __future__ import annotations

from collections.abc import Callable

from .bodies import CLOSED_BY_RADAR, marked
from .github import GitHub
from .shapes import Item

LABEL = "claude-model-lint-radar"
TITLE = "claude-model-lint: retiring model ids that need a person"


def the_issue(github: GitHub) -> Item | None:
    """The radar's issue, open or closed: the newest labelled issue with its marker."""
    ours = [i for i in github.labelled_issues(LABEL) if (marked(i.body) or ("",))[0] == "issue"]
    return max(ours, key=lambda i: i.number, default=None)


def keep_issue(
    github: GitHub, issue: Item | None, body: str | None, print_: str, log: Callable[[str], None]
) -> int | None:
    """Make the issue (``the_issue``) say ``body`` (None: nothing needs a person); its number
    while open."""
    if body is None:
        if issue is not None and issue.state == "open":
            github.comment(issue.number, "Nothing needs a person any more: closing.")
            github.update_issue(issue.number, state="closed", body=_closed(issue.body))
            log(f"issue #{issue.number}: closed, nothing is left")
        return None
    if issue is None:
        made = github.create_issue(TITLE, body, [LABEL])
        log(f"issue #{made}: opened")
        return made
    number = issue.number
    if issue.state == "closed" and CLOSED_BY_RADAR not in (issue.body or ""):
        log(f"issue #{number}: closed by a person, left alone")
        return None
    if issue.state == "open" and (marked(issue.body) or ("", ""))[1] == print_:
        return number  # nothing new
    github.update_issue(number, body=body, state="open")
    log(f"issue #{number}: updated")
    return number


def _closed(body: str | None) -> str:
    return f"{body or ''}\n{CLOSED_BY_RADAR}\n"
