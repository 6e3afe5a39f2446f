"""`update`: fetch Anthropic's page, import it, validate it, and keep it as the fetched layer.

Shared by `claude-model-lint-registry update` and a lint run's `refresh = "daily"`.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..errors import RegistryError
from . import fetched as fetched_layer
from .live import FetchError, fetch
from .page_import import PageError, parse_page
from .page_overlay import diff_against, overlay_toml
from .registry import load_registry


def run_update(url: str, timeout: float, *, force: bool = False) -> tuple[int, str]:
    """(0, what changed) or (2, the one-line reason); the stored copy is replaced only by a page
    that imports and validates."""
    previous, note = fetched_layer.read()
    same = previous is not None and previous.url == url and not force
    try:
        response = fetch(
            url,
            timeout=timeout,
            etag=previous.etag if same and previous else None,
            last_modified=previous.last_modified if same and previous else None,
        )
    except FetchError as exc:
        return 2, f"claude-model-lint-registry: error: {exc}; the registry in use is unchanged"
    now = datetime.now(timezone.utc)
    if response.text is None:
        if previous is None or not same:
            return 2, f"claude-model-lint-registry: error: {url}: 304 without a stored copy"
        try:
            fetched_layer.write(previous._replace(fetched_at=now, etag=response.etag))
        except OSError as exc:
            return (
                2,
                f"claude-model-lint-registry: error: cannot write {fetched_layer.path()}: {exc.strerror or exc}",
            )
        return (
            0,
            f"{url}: not modified since the last fetch; the data is current as of {now:%Y-%m-%d %H:%M} UTC",
        )
    try:
        page = parse_page(response.text)
        base = load_registry()
        overlay = overlay_toml(
            page, base, now.date(), f"Anthropic 'Model deprecations' ({url}, fetched {now.date()})"
        )
        merged = load_registry(fetched=(f"fetched page {url}", overlay))
    except PageError as exc:
        return (
            2,
            f"claude-model-lint-registry: error: {url}: {exc}; the registry in use is unchanged",
        )
    except RegistryError as exc:
        return 2, f"claude-model-lint-registry: error: {exc}; the registry in use is unchanged"
    record = fetched_layer.Fetched(
        now, url, overlay, response.etag, response.last_modified, len(page.models)
    )
    try:
        where = fetched_layer.write(record)
    except OSError as exc:
        return (
            2,
            f"claude-model-lint-registry: error: cannot write {fetched_layer.path()}: {exc.strerror or exc}",
        )
    changes = diff_against(page, base, now.date())
    lines = [f"Fetched {len(page.models)} models from {url} into {where}; data as of {now.date()}."]
    lines += [f"  {change}" for change in changes] or ["  The page agrees with the bundled data."]
    lines.append(f"Registry in use: {', '.join(merged.layers)}")
    if note:
        lines.insert(0, f"note: {note}")
    return 0, "\n".join(lines)
