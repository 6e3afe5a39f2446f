"""`update`: read Anthropic's sources (the page, the Python SDK's newest release), import and
validate each, and keep it as a fetched layer, dated by the source itself.

Never backwards: a source older than the data in use of its kind (the bundled data, or the copy
fetched before) is refused in one line and changes nothing, so a stale mirror or an old release
can never revive a retired model. One deadline bounds the whole update.

Shared by `claude-model-lint-registry update` and a lint run's `refresh = "daily"`.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

from ..errors import RegistryError
from . import bundled
from . import fetched as fetched_layer
from .data_in_use import KINDS, DataInUse
from .live import Deadline, FetchError, Response, fetch_page
from .page_import import Page, PageError, parse_page
from .page_overlay import diff_against, overlay_toml, unknown_replacements, without_backwards
from .registry import Registry, load_registry
from .sdk_overlay import sdk_overlay
from .sdk_source import read_release, read_wheel

PREFIX = "claude-model-lint-registry"
SOURCES = ("page", "sdk", "all")


class _Refused(Exception):
    """One line: why a source was not taken (an error, or older than the data)."""

    def __init__(self, line: str, code: int = 2) -> None:
        super().__init__(line)
        self.code = code


def run_update(
    url: str, timeout: float, *, force: bool = False, source: str = "page",
    index: str | None = None,
) -> tuple[int, str]:  # fmt: skip
    """(0, what changed) or (2, the one-line reasons); a stored copy is replaced only by a
    source that imports, validates and is not older than what it replaces."""
    deadline = Deadline(timeout)
    code, lines, taken = 0, [], False
    for kind in KINDS if source == "all" else (source,):
        try:
            if kind == "page":
                lines += _update_page(url, deadline, force)
            else:
                lines += _update_sdk(index or fetched_layer.default_index(), deadline, force)
            taken = True
        except _Refused as exc:
            code = max(code, exc.code)
            lines.append(str(exc))
    if code == 0 and taken:
        lines.append(f"Registry in use: {', '.join(_load(_stored()).layers)}")
    return code, "\n".join(lines)


def _error(text: str) -> _Refused:
    return _Refused(f"{PREFIX}: error: {text}; the registry in use is unchanged")


def _stored(replacing: fetched_layer.Fetched | None = None) -> list[fetched_layer.Fetched]:
    """The fetched copies in use, with ``replacing`` in place of its kind's."""
    kept = [f for f in _read_all() if replacing is None or f.kind != replacing.kind]
    return [*kept, *([replacing] if replacing else [])]


def _read_all() -> list[fetched_layer.Fetched]:
    return [f for f in (fetched_layer.read(kind)[0] for kind in KINDS) if f is not None]


def _load(copies: list[fetched_layer.Fetched]) -> Registry:
    """The bundled data and ``copies`` as a lint run would load them (by their sources' dates)."""
    day = bundled.updated()
    usable = sorted(
        (c for c in copies if c.date >= day), key=lambda c: (c.date, KINDS.index(c.kind))
    )
    return load_registry(fetched=DataInUse(day, tuple(usable)).layers())


def _floor(kind: str) -> tuple[date, str]:
    """The date a new copy of ``kind`` must reach: the bundled data's, or the stored copy's (one
    dated in the future is not read: its date refused every genuine page after it)."""
    stored, _ = fetched_layer.read(kind)
    day = bundled.updated()
    if stored is not None and stored.date > day:
        return stored.date, f"the copy fetched before, {stored.label()}"
    return day, f"the bundled data of {day}"


def _check_not_older(kind: str, when: date, what: str) -> None:
    if fetched_layer.in_future(when):
        raise _error(f"{what}, a date in the future: refused")
    floor, which = _floor(kind)
    if when < floor:
        raise _Refused(
            f"{PREFIX}: kept the data in use: {what}, older than {which}; "
            "an older source never changes a verdict",
            code=0,
        )


def _keep(record: fetched_layer.Fetched) -> str:
    try:
        return str(fetched_layer.write(record))
    except OSError as exc:
        raise _error(
            f"cannot write {fetched_layer.path(record.kind)}: {exc.strerror or exc}"
        ) from None


def _update_page(url: str, deadline: Deadline, force: bool) -> list[str]:
    previous, note = fetched_layer.read("page")
    same = previous is not None and previous.url == url and not force
    try:
        text, response = fetch_page(
            url, deadline,
            etag=previous.etag if same and previous else None,
            last_modified=previous.last_modified if same and previous else None,
        )  # fmt: skip
    except FetchError as exc:
        raise _error(str(exc)) from None
    now = datetime.now(timezone.utc)
    if text is None:
        if previous is None or not same:
            raise _error(f"{url}: 304 without a stored copy")
        _keep(previous._replace(fetched_at=now, etag=response.etag))
        return [f"{url}: not modified since the last fetch; the data is of {previous.date}"]
    try:
        page = parse_page(text)
    except PageError as exc:
        raise _error(f"{url}: {exc}") from None
    when, dated_by = _page_date(page, response, url)
    _check_not_older("page", when, f"{url} is of {when} ({dated_by})")
    others = [f for f in _stored() if f.kind != "page"]
    try:
        base = _load(others)
        page, ignored = without_backwards(page, base, url)
        label = f"Anthropic 'Model deprecations' ({url}, of {when})"
        overlay = overlay_toml(page, base, when, label)
        record = fetched_layer.Fetched(
            now, url, overlay, response.etag, response.last_modified, len(page.models),
            source_date=when, dated_by=dated_by, kind="page",
        )  # fmt: skip
        _load(_stored(record))
    except PageError as exc:
        raise _error(f"{url}: {exc}") from None
    except RegistryError as exc:
        raise _error(str(exc)) from None
    where = _keep(record)
    changes = diff_against(page, base, when) + unknown_replacements(page, base)
    lines = [
        f"Fetched {len(page.models)} models from {url} into {where}; the page is of {when} ({dated_by})."
    ]
    lines += [f"  {change}" for change in changes] or ["  The page agrees with the data in use."]
    lines += [f"  {line}" for line in ignored]
    return [f"note: {note}", *lines] if note else lines


def _page_date(page: Page, response: Response, url: str) -> tuple[date, str]:
    """The page's own date: its front matter's, else the server's Last-Modified, else its newest
    announcement (a floor: the page is at least that new). Never the fetch's."""
    if page.date is not None:
        return page.date, "its front matter's date"
    if response.last_modified:
        try:
            return parsedate_to_datetime(response.last_modified).date(), "its Last-Modified"
        except (TypeError, ValueError):
            pass
    if page.newest_announcement is not None:
        return page.newest_announcement, "its newest announcement; it states no date"
    raise _error(f"{url}: the page states no date and announces nothing: cannot tell its age")


def _update_sdk(index: str, deadline: Deadline, force: bool) -> list[str]:
    previous, note = fetched_layer.read("sdk")
    try:
        version, wheel_url, released, entry = read_release(index, deadline)
        _check_not_older(
            "sdk", released, f"the Python SDK {version} is of {released} (its release)"
        )
        now = datetime.now(timezone.utc)
        if previous is not None and previous.url == wheel_url and not force:
            _keep(previous._replace(fetched_at=now))
            return [f"{index}: the Python SDK {version} is the release read before; unchanged"]
        release = read_wheel(wheel_url, version, released, entry, deadline)
    except FetchError as exc:
        raise _error(str(exc)) from None
    others = [f for f in _stored() if f.kind != "sdk"]
    try:
        base = _load(others)
        label = f"Anthropic's Python SDK {version} ({wheel_url}, released {released})"
        overlay, said = sdk_overlay(release, base, label)
        record = fetched_layer.Fetched(
            now, wheel_url, overlay, None, None, len(release.ids),
            source_date=released, dated_by=f"release {version}", kind="sdk",
        )  # fmt: skip
        _load(_stored(record))
    except RegistryError as exc:
        raise _error(str(exc)) from None
    where = _keep(record)
    lines = [
        f"Read {len(release.ids)} model ids and {len(release.end_of_life)} end-of-life dates "
        f"from the Python SDK {version} (released {released}) into {where}."
    ]
    lines += [f"  {line}" for line in said] or ["  The SDK agrees with the data in use."]
    return [f"note: {note}", *lines] if note else lines
