"""`refresh = "daily"`: a lint run reads the sources first when its last refresh is a day old.
The update (``updater``) is imported only then: a run with fresh data never loads it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from . import fetched as fetched_layer

REFRESH_AFTER = timedelta(days=1)
REFRESH_TIMEOUT = 5.0
STAMP = "last-refresh"  # in the cache directory: when refresh = "daily" last read the sources
ERROR = "claude-model-lint-registry: error: "


def refresh_if_due(now: datetime) -> tuple[bool, str | None]:
    """`refresh = "daily"`: read both sources when the last refresh is a day old (or none was
    made), all within REFRESH_TIMEOUT. Returns whether the update ran (the data in use must
    then be read again), and a note when it failed (the run goes on with the data it has)."""
    stamp = fetched_layer.cache_root() / STAMP
    try:
        last = datetime.fromtimestamp(stamp.stat().st_mtime, timezone.utc)
    except OSError:
        last = None
    if last is not None and now - last < REFRESH_AFTER:
        return False, None
    from .updater import run_update

    stored, _ = fetched_layer.read("page")
    url = fetched_layer.DEFAULT_URL if stored is None else stored.url
    try:
        code, message = run_update(url, REFRESH_TIMEOUT, source="all")
    except (ValueError, TypeError, LookupError, ArithmeticError, OSError, RecursionError) as exc:
        # a source's data the update failed to check: the run goes on (review B10b), said once
        text = " ".join(str(exc).split())[:200]
        return True, f"refresh failed, using the data it has: {type(exc).__name__}: {text}"
    if code != 0:
        reasons = [line for line in message.splitlines() if line.startswith(ERROR)]
        return True, "refresh failed, using the data it has: " + " ".join(
            line.removeprefix(ERROR) for line in reasons
        )
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        pass  # the next run tries again: no worse than before
    return True, None
