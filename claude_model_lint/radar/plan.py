"""Which models retire within the look-ahead, and how their findings split: what the safe fix
migrates (one pull request per model and platform, or one for all) and what needs a person.

The findings are the lint's own JSON (``--format json``), so the radar judges nothing itself; the
registry is read only to say whose dates were used and where they come from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model_ids import find_ids
from ..registry.lifecycle import lifecycle
from ..registry.registry import Registry
from ..types import Platform

RETIRING = ("deprecated", "retired")
_NOT_FIXED = re.compile(r"\((?:not fixed|no fix): (.*)\)")  # the lint's reason, inside its message
BRANCH_PREFIX = "claude-model-lint/retire-"
PLATFORM_NAMES = {"api": "Claude API", "bedrock": "Amazon Bedrock", "vertex": "Google Vertex AI"}


@dataclass(frozen=True)
class Finding:
    """One row of the lint's JSON, with the platform its spelling belongs to."""

    path: str
    line: int
    column: int
    model: str
    canonical: str
    state: str
    replacement: str | None
    retires: date | None
    role: str
    fix: str | None
    message: str
    platform: str

    @property
    def pair(self) -> tuple[str, str]:
        return (self.canonical, self.platform)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def why_left(self) -> str:
        """Why the safe fix leaves it, in the words the lint used."""
        if self.role == "record":
            return "a record (cassette, snapshot, dataset, changelog): never rewritten"
        kind = "unsafe fix only (--unsafe-fixes)" if self.fix == "unsafe" else "no fix"
        reason = _NOT_FIXED.search(self.message)
        return f"{self.role}, {kind}: {reason[1] if reason else self.message}"

    @property
    def after_fix(self) -> str | None:
        """What the lint says the migrated request still needs (a parameter change), if anything."""
        _, found, note = self.message.partition("after the fix ")
        return note if found else None


@dataclass
class Group:
    """One pull request: a model on a platform (or everything), its changes, what it leaves."""

    key: str  # 'claude-opus-4-5-20251101-api', or 'all': the branch's name and the trailer's
    pairs: list[tuple[str, str]]  # (model, platform), soonest retirement first
    safe: list[Finding] = field(default_factory=list)
    left: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the files its fix runs on (share_files)
    elsewhere: dict[str, str] = field(default_factory=dict)  # file -> the group that fixes it

    @property
    def models(self) -> list[str]:
        return list(dict.fromkeys(model for model, _ in self.pairs))

    @property
    def platforms(self) -> list[str]:
        return list(dict.fromkeys(platform for _, platform in self.pairs))

    @property
    def branch(self) -> str:
        return BRANCH_PREFIX + self.key


@dataclass(frozen=True)
class Dates:
    """A model's retirement on a platform: the date, whose dates those are, and their sources."""

    retires: date | None
    spelled: str  # the platform of the spelling
    platform: str  # whose dates were used
    fallback: bool  # the platform publishes none: the Claude API's apply
    sources: tuple[str, ...]


def read_findings(rows: list[dict[str, Any]], registry: Registry) -> list[Finding]:
    """The findings whose model is deprecated or retired on the look-ahead date."""
    found = []
    for row in rows:
        if row.get("state") not in RETIRING or not row.get("canonical"):
            continue
        found.append(
            Finding(
                path=str(row["path"]),
                line=int(row["line"]),
                column=int(row["column"]),
                model=str(row["model"]),
                canonical=str(row["canonical"]),
                state=str(row["state"]),
                replacement=row.get("replacement"),
                retires=date.fromisoformat(row["retires"]) if row.get("retires") else None,
                role=str(row.get("context") or "use"),
                fix=row.get("fix"),
                message=str(row.get("message", "")),
                platform=platform_of(str(row["model"]), registry),
            )
        )
    return found


def platform_of(model: str, registry: Registry) -> str:
    ids = find_ids(model)
    hit = registry.resolve(ids[0].key) if ids else None
    return hit[1].platform.value if hit else Platform.API.value


def dates_of(finding: Finding, registry: Registry, as_of: date) -> Dates:
    model = registry.models.get(finding.canonical)
    if model is None:
        return Dates(finding.retires, finding.platform, "api", False, ())
    judged = lifecycle(model, Platform(finding.platform), as_of)
    own = model.platform_dates.get(judged.platform.value)
    codes = (own.source,) if own is not None else model.sources
    described = tuple(f"{code}: {registry.sources.get(code, code)}" for code in codes)
    return Dates(
        judged.retired, finding.platform, judged.platform.value, judged.fallback, described
    )


def group(findings: list[Finding], per_model: bool) -> list[Group]:
    """Groups in order of retirement (soonest first); a group with nothing safe to migrate is
    still returned, so that its pull request can be closed and its findings filed."""
    groups: dict[str, Group] = {}
    for finding in sorted(findings, key=_soonest):
        key = f"{finding.canonical}-{finding.platform}" if per_model else "all"
        g = groups.setdefault(key, Group(key, []))
        if finding.pair not in g.pairs:
            g.pairs.append(finding.pair)
        (g.safe if finding.fix == "safe" else g.left).append(finding)
    return list(groups.values())


def share_files(groups: list[Group]) -> None:
    """``--fix`` works per file: a file that holds the ids of several groups goes to the first
    (the soonest retirement), whose pull request migrates them all; the others name it. Two pull
    requests never change the same file, so merging one never makes the other conflict."""
    owner: dict[str, Group] = {}
    for g in groups:
        for path in sorted({f.path for f in g.safe}):
            owner.setdefault(path, g)
    for g in groups:
        g.files = sorted(path for path in {f.path for f in g.safe} if owner[path] is g)
        g.elsewhere = {f.path: owner[f.path].branch for f in g.safe if owner[f.path] is not g}


def _soonest(f: Finding) -> tuple[date, str, str, int, int]:
    return (f.retires or date.max, f.canonical, f.path, f.line, f.column)
