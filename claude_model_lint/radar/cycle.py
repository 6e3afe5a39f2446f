"""One run of the radar: lint the default branch as of the look-ahead date, keep the one issue,
then open, update or close one pull request per group, never against a person's wishes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..registry.data_in_use import Registries, data_in_use
from . import lint
from .bodies import (
    CLOSED_BY_RADAR,
    Change,
    Pair,
    fingerprint,
    issue_body,
    marked,
    pull_body,
    pull_title,
)
from .git import Repository
from .github import GitHub
from .issue import LABEL, keep_issue, the_issue
from .plan import BRANCH_PREFIX, Dates, Group, dates_of, group, read_findings, share_files
from .shapes import Item
from .verify import Verified, run_verify


@dataclass(frozen=True)
class Settings:
    clone: Path
    repository: str  # owner/name
    api_url: str
    token: str | None
    today: date
    as_of: date
    per_model: bool = True
    max_new: int = 5
    verify: str | None = None
    verify_timeout: float = 1800
    overlays: tuple[Path, ...] = ()


@dataclass
class Outcome:
    opened: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    issue: int | None = None


def run_radar(s: Settings, log: Callable[[str], None], outcome: Outcome | None = None) -> Outcome:
    """One run; ``outcome`` fills as it goes, so that a failure can say what was done."""
    github = GitHub(s.api_url, s.repository, s.token)
    repo = Repository(s.clone, s.token)
    if s.verify and repo.persisted:
        log(
            "the checkout keeps a token in its git config (persist-credentials): the verify"
            " command runs in a clean copy, but could still read the checkout's .git/config;"
            " check out with persist-credentials: false"
        )
    default = github.default_branch()
    base = repo.fetch(default)
    tree = repo.open_tree(base)
    try:
        return _Run(s, github, repo, default, base, tree, log, outcome or Outcome()).run()
    finally:
        repo.close_tree()


class _Run:
    def __init__(
        self, s: Settings, github: GitHub, repo: Repository, default: str, base: str, tree: Path,
        log: Callable[[str], None], outcome: Outcome,
    ) -> None:  # fmt: skip
        self.s, self.github, self.repo, self.log = s, github, repo, log
        self.default, self.base, self.tree = default, base, tree
        self.outcome = outcome
        data = data_in_use()  # the lint's own layers: bundled, fetched by `update`, overlays
        self.registry = Registries(data.layers())(s.overlays)
        named = tuple(Path(os.path.relpath(path)) for path in s.overlays)  # as the user named them
        self.data = f"{self.registry.updated} ({data.describe(named)})"
        self.rows = lint.findings(tree, s.as_of, s.overlays)

    def run(self) -> Outcome:
        found = read_findings(self.rows, self.registry)
        self.dates: dict[Pair, Dates] = {
            f.pair: dates_of(f, self.registry, self.s.as_of) for f in found
        }
        left = [f for f in found if f.fix != "safe"]
        rows = [(f.path, f.line, f.model, f.why_left) for f in left]
        print_ = fingerprint(rows, self.data)
        body = (
            issue_body(left, self.dates, self.s.today, self.s.as_of, self.data, print_)
            if left
            else None
        )
        groups = group(found, self.s.per_model)
        share_files(groups)
        wanted = {g.branch for g in groups if g.files}
        # every listing is read (and its shape checked) before the first write
        issue = the_issue(self.github)
        listed = {branch: self.github.pulls(branch) for branch in wanted}
        open_pulls = self.github.open_pulls()
        self.outcome.issue = keep_issue(self.github, issue, body, print_, self.log)
        for g in groups:
            if g.files:
                self._keep_pull(g, listed[g.branch])
            elif g.safe:
                by = ", ".join(sorted(set(g.elsewhere.values())))
                self.log(f"{g.branch}: its ids are migrated with {by} (the same files)")
        self._close_stale(wanted, open_pulls)
        return self.outcome

    def _keep_pull(self, g: Group, pulls: list[Item]) -> None:
        newest = max(pulls, key=lambda p: p.number, default=None)
        is_open = newest is not None and newest.state == "open"
        if newest is not None and not is_open and _closed_by_person(newest):
            self.log(f"{g.branch}: #{newest.number} was closed by a person; not reopened")
            return
        remote = self.repo.remote_head(g.branch)
        if remote is not None:
            theirs = [c for c in self.repo.commits_between(self.base, remote) if not c.by_radar]
            if theirs:
                self._stand_back(g, newest if is_open else None, theirs[0].sha)
                return
        retires = min((self.dates[p].retires or date.max for p in g.pairs), default=date.max)
        title = pull_title(g, None if retires == date.max else retires, self.s.today)
        # what the pull request is made of: the files as they are, the plan, the data, the check
        blobs = self.repo.git("ls-tree", self.base, "--", *g.files)
        plan = [(f.path, f.line, f.model, f.replacement, f.why_left) for f in g.safe + g.left]
        print_ = fingerprint(
            blobs, plan, sorted(g.elsewhere.items()), self.data, self.s.verify, title
        )
        if is_open and newest is not None and (marked(newest.body) or ("", ""))[1] == print_:
            self.log(f"{g.branch}: #{newest.number} is current")
            return
        if not is_open and len(self.outcome.opened) >= self.s.max_new:
            self.log(f"{g.branch}: not opened: the cap of {self.s.max_new} new pull requests a run")
            return
        migrated = self._migrate(g)
        if migrated is None:
            return
        made, verified = migrated
        if remote is None or self._patch(self.repo.merge_base(self.base, remote), remote) != (
            self._patch(self.base, "HEAD")
        ):
            self.repo.push(g.branch, remote)
        s = self.s
        body = pull_body(
            g, made, self.dates, verified, s.today, s.as_of, self.data, self.outcome.issue, print_
        )  # fmt: skip
        if is_open and newest is not None:
            self.github.update_pull(newest.number, title=title, body=body)
            self.outcome.updated.append(newest.number)
            self.log(f"{g.branch}: #{newest.number} updated")
            return
        number = self.github.create_pull(g.branch, self.default, title, body)
        self.outcome.opened.append(number)
        self.github.add_labels(number, [LABEL])
        self.log(f"{g.branch}: #{number} opened")

    def _migrate(self, g: Group) -> tuple[list[Change], Verified | None] | None:
        """The group's files fixed and committed in the work tree, and the team's check run on
        them; None when the fix changed nothing."""
        self.repo.reset_to(self.base)
        after = lint.fix(self.tree, self.s.as_of, self.s.overlays, g.files)
        changed = self.repo.changed_files()
        if not changed:
            self.log(f"{g.branch}: the fix changed nothing")
            return None
        made = lint.changes([r for r in self.rows if r["path"] in g.files], after)
        sha = self.repo.commit(f"Migrate {', '.join(g.models)} before retirement", g.key)
        if not self.s.verify:
            return made, None
        old = list(dict.fromkeys(c.old for c in made))
        new = list(dict.fromkeys(c.new for c in made))
        with self.repo.verify_copy(sha) as copy:
            verified = run_verify(
                self.s.verify, copy, old, new, " ".join(g.platforms), changed,
                [self.s.token, *self.repo.persisted], self.s.verify_timeout,
            )  # fmt: skip
        return made, verified

    def _stand_back(self, g: Group, pull: Item | None, sha: str) -> None:
        """Someone else committed to the branch: say so once (per commit), push nothing."""
        self.log(f"{g.branch}: {sha[:12]} is not the radar's; nothing pushed")
        if pull is None:
            return
        tag = f"<!-- {LABEL}:stood-back {sha} -->"
        if any(tag in body for body in self.github.comments(pull.number)):
            return
        text = (
            f"{tag}\nThis branch has a commit that is not the radar's ({sha[:12]}), so the radar"
            " no longer pushes to it. The data may have moved since: run `claude-model-lint"
            f" --fix --as-of {self.s.as_of}` on the branch, or close this pull request and delete"
            " the branch to let the radar open a fresh one."
        )
        self.github.comment(pull.number, text)

    def _close_stale(self, wanted: set[str], open_pulls: list[Item]) -> None:
        """Close the radar's own open pull requests whose ids are gone from the default branch."""
        for pull in open_pulls:
            branch = pull.head or ""
            if not branch.startswith(BRANCH_PREFIX) or branch in wanted or not marked(pull.body):
                continue
            number = pull.number
            self.github.comment(
                number,
                f"Nothing this pull request migrates is left on `{self.default}`: the ids are gone"
                " (or what remains needs a person, see the radar's issue). Closing.",
            )
            self.github.update_pull(
                number, state="closed", body=f"{pull.body or ''}\n{CLOSED_BY_RADAR}\n"
            )
            self.outcome.closed.append(number)
            self.log(f"{branch}: #{number} closed, nothing to migrate is left on {self.default}")
            remote = self.repo.remote_head(branch)
            if remote and all(c.by_radar for c in self.repo.commits_between(self.base, remote)):
                self.repo.delete_branch(branch, remote)

    def _patch(self, base: str, head: str) -> str:
        diff = self.repo.git("diff", "--binary", "--full-index", base, head)
        return hashlib.sha256(diff.encode()).hexdigest()


def _closed_by_person(pull: Item) -> bool:
    """Closed without merging, and not by the radar (which marks the bodies it closes)."""
    return not pull.merged_at and CLOSED_BY_RADAR not in (pull.body or "")
