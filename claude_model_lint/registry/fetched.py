"""The fetched layers: the registry overlays that `claude-model-lint-registry update` made from
Anthropic's sources (the live page; the Python SDK's newest release), kept in the user cache
directory, each with its source's own date (the page's, the release's), the fetch time and the
page's ETag. The source's date, not the fetch's, says how current the data is.

One JSON file per source, written atomically: a run reads either the old copy or the new one,
never half. A damaged copy is ignored with a note (the bundled data still stands), never a
traceback.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

from ..safe_read import NotReadable, read_regular

FILE_NAMES = {"page": "fetched-registry.json", "sdk": "fetched-sdk.json"}
FORMAT = 2  # 1 had no source date: such a copy is passed over with a note
MAX_BYTES = 4 * 1024 * 1024
DEFAULT_URL = "https://platform.claude.com/docs/en/about-claude/model-deprecations.md"
DEFAULT_INDEX = "https://pypi.org/pypi/anthropic/json"


class Fetched(NamedTuple):
    """A page read by `update`: the overlay made of it, and what the next fetch sends back."""

    fetched_at: datetime  # UTC; when it was read (refresh = "daily" counts from this)
    url: str
    overlay: str  # registry overlay TOML
    etag: str | None = None
    last_modified: str | None = None
    models: int = 0
    source_date: date | None = None  # the source's own date: the data is current as of this
    dated_by: str = ""  # how the date is known: "front matter", "Last-Modified", "release 2.17.0"
    kind: str = "page"  # or "sdk"

    @property
    def date(self) -> date:
        return self.source_date or self.fetched_at.date()

    def label(self) -> str:
        """The layer's name in messages: what, from where, of which date."""
        what = "Anthropic's page" if self.kind == "page" else "Anthropic's Python SDK"
        return f"{what} of {self.date} ({self.dated_by}) from {self.url}"


def in_future(day: date) -> bool:
    """After tomorrow (UTC): no source is dated so, however clocks differ; such a date is forged
    or wrong, and would outrank every genuine source after it."""
    return day > datetime.now(timezone.utc).date() + timedelta(days=1)


def cache_root() -> Path:
    """The user cache directory (CLAUDE_MODEL_LINT_CACHE_DIR overrides it, for CI and tests)."""
    override = os.environ.get("CLAUDE_MODEL_LINT_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("claude-model-lint"))


def default_index() -> str:
    """The package index's JSON for the SDK (CLAUDE_MODEL_LINT_SDK_INDEX overrides it, for a
    mirror, and for tests, which must never reach the real index)."""
    return os.environ.get("CLAUDE_MODEL_LINT_SDK_INDEX") or DEFAULT_INDEX


def path(kind: str = "page") -> Path:
    return cache_root() / FILE_NAMES[kind]


def read(kind: str = "page") -> tuple[Fetched | None, str | None]:
    """The stored copy, or (None, None) when there is none, or (None, note) when it is unusable."""
    where = path(kind)
    if not os.path.lexists(where):
        return None, None
    try:  # a FIFO put there blocked every run; /dev/zero never ended
        raw = read_regular(where, MAX_BYTES)
    except NotReadable as exc:
        return None, f"{where}: cannot read the fetched registry ({exc}); ignored"
    import json  # here, as tempfile below: a run without a fetched copy needs neither

    try:
        data = json.loads(raw)
        if isinstance(data, dict) and data.get("format") == 1:
            return None, (
                f"{where}: a copy from an older version, without its source's date; "
                "ignored, run update again"
            )
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a fetched registry of this version")
        source_date = date.fromisoformat(str(data["source_date"]))
        if in_future(source_date):
            return None, (
                f"{where}: the fetched copy is dated {source_date}, in the future; "
                "ignored, run update again"
            )
        fetched_at = datetime.fromisoformat(str(data["fetched_at"]))
        if fetched_at.tzinfo is None:
            raise ValueError("fetched_at has no time zone")
        return Fetched(
            fetched_at=fetched_at.astimezone(timezone.utc),
            url=str(data["url"]),
            overlay=str(data["overlay"]),
            etag=_optional(data.get("etag")),
            last_modified=_optional(data.get("last_modified")),
            models=int(data.get("models", 0)),
            source_date=source_date,
            dated_by=str(data.get("dated_by", "")),
            kind=kind,
        ), None
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        return None, f"{where}: the fetched registry is damaged ({exc}); ignored, run update again"


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def write(fetched: Fetched) -> Path:
    """Store ``fetched`` atomically; raises OSError with the reason."""
    where = path(fetched.kind)
    where.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "source_date": str(fetched.date),
        "dated_by": fetched.dated_by,
        "format": FORMAT,
        "fetched_at": fetched.fetched_at.isoformat(),
        "url": fetched.url,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "models": fetched.models,
        "overlay": fetched.overlay,
    }
    import json
    import tempfile

    fd, temporary = tempfile.mkstemp(prefix=".fetched-", suffix=".tmp", dir=where.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, where)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return where
