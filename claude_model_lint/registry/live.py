"""Fetch Anthropic's "Model deprecations" page (its Markdown form) over HTTP.

The standard library is enough for one GET with conditional headers and a timeout; every way it
can fail becomes one FetchError line, so `update` and `refresh` never print a traceback.
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from typing import NamedTuple

from .. import __version__

MAX_BYTES = 2 * 1024 * 1024  # the page is about 15 KB; anything near this is not the page


class FetchError(Exception):
    """One line: what went wrong with the fetch."""


class Response(NamedTuple):
    """A 200 with the page's text, or a 304 (``text`` None): the copy we have is current."""

    text: str | None
    etag: str | None
    last_modified: str | None


def fetch(
    url: str, *, timeout: float, etag: str | None = None, last_modified: str | None = None
) -> Response:
    headers = {
        "User-Agent": f"claude-model-lint/{__version__} (registry update)",
        "Accept": "text/markdown, text/plain;q=0.9, */*;q=0.1",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
            kind = response.headers.get_content_type()
            charset = response.headers.get_content_charset() or "utf-8"
            tag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(None, exc.headers.get("ETag") or etag, last_modified)
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        text = "timed out" if isinstance(reason, socket.timeout) else str(reason)
        raise FetchError(f"{url}: cannot connect: {text}") from None
    except TimeoutError:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from None
    except http.client.IncompleteRead as exc:
        raise FetchError(
            f"{url}: the page arrived truncated ({len(exc.partial)} bytes, more were announced)"
        ) from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"{url}: the response is larger than {MAX_BYTES} bytes: not the page")
    try:
        text = body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        raise FetchError(f"{url}: the response is not {charset} text") from None
    head = text.lstrip()[:200].lower()
    if kind == "text/html" or head.startswith(("<!doctype", "<html")):
        raise FetchError(
            f"{url}: the response is HTML, not the page's Markdown (use the .md address)"
        )
    return Response(text, tag, modified)
