"""Fetch Anthropic's sources over HTTP: the "Model deprecations" page (its Markdown form), and
the Python SDK's index entry and wheel.

The standard library is enough for a GET with conditional headers. One Deadline bounds a whole
update, however the bytes trickle in (a server sending 200 bytes a second is cut at the
deadline, not after each read's timeout); every way a fetch can fail becomes one FetchError line,
so `update` and `refresh` never print a traceback.
"""

from __future__ import annotations

import http.client
import mimetypes
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from email.utils import formatdate
from typing import NamedTuple

from .. import __version__
from ..safe_read import NotReadable, read_regular

MAX_BYTES = 2 * 1024 * 1024  # the page is about 15 KB; anything near this is not the page
_CHUNK = 64 * 1024


class FetchError(Exception):
    """One line: what went wrong with the fetch."""


class Deadline:
    """The moment a whole update must be done by (monotonic clock)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def left(self, url: str) -> float:
        """Seconds left, or FetchError once the deadline has passed."""
        remaining = self._end - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"{url}: timed out after {self.seconds:g} s")
        return remaining


class _NotWeb(Exception):
    """A redirect to an address that is not http:// or https:// (file://, ftp://)."""


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, but only to http:// and https:// (it follows ftp:// and names a
    refused file:// one 'a loop')."""

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urllib.parse.urljoin(req.full_url, location)
            if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
                raise _NotWeb(target)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_WebRedirects)


class Response(NamedTuple):
    """A 200 with the body, or a 304 (``body`` None): the copy we have is current."""

    body: bytes | None
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None


def get(
    url: str, deadline: Deadline, *, max_bytes: int, accept: str,
    etag: str | None = None, last_modified: str | None = None,
) -> Response:  # fmt: skip
    """GET ``url`` within ``deadline``, reading at most ``max_bytes``."""
    if urllib.parse.urlsplit(url).scheme.lower() == "file":
        return _read_local(url, deadline, max_bytes)
    headers = {"User-Agent": f"claude-model-lint/{__version__} (registry update)", "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with _OPENER.open(request, timeout=deadline.left(url)) as response:
            body = read_body(response, url, deadline, max_bytes)
            return Response(
                body,
                response.headers.get_content_type(),
                response.headers.get_content_charset(),
                response.headers.get("ETag"),
                response.headers.get("Last-Modified"),
            )
    except _NotWeb as exc:
        target = str(exc)
        shown = repr(target if len(target) <= 100 else target[:100] + "...")
        raise FetchError(
            f"{url}: redirected to {shown}, not an http:// or https:// address"
        ) from None
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(None, "", None, exc.headers.get("ETag") or etag, last_modified)
        if 300 <= exc.code < 400:  # urllib's own words for it took three lines
            raise FetchError(f"{url}: redirected in a loop (or more than 10 times)") from None
        raise FetchError(f"{url}: HTTP {exc.code} {' '.join(str(exc.reason).split())}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        text = "timed out" if isinstance(reason, socket.timeout) else str(reason)
        raise FetchError(f"{url}: cannot connect: {text}") from None
    except TimeoutError:
        raise FetchError(f"{url}: timed out after {deadline.seconds:g} s") from None
    except http.client.IncompleteRead as exc:
        raise FetchError(
            f"{url}: the response arrived truncated ({len(exc.partial)} bytes, more were announced)"
        ) from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None


def _read_local(url: str, deadline: Deadline, limit: int) -> Response:
    """A file:// address the user gave: only a regular file (a FIFO or /dev/stdin waited past
    any deadline), within the same deadline; dated by its modification time, as urllib did."""
    deadline.left(url)
    where = urllib.request.url2pathname(urllib.parse.urlsplit(url).path)
    try:
        body = read_regular(where, limit)
        modified = os.stat(where).st_mtime
    except (NotReadable, OSError) as exc:
        raise FetchError(f"{url}: cannot read: {exc}") from None
    deadline.left(url)
    kind = mimetypes.guess_type(where)[0] or "application/octet-stream"
    return Response(body, kind, None, None, formatdate(modified, usegmt=True))


def read_body(
    response: http.client.HTTPResponse, url: str, deadline: Deadline, limit: int
) -> bytes:
    """The body in chunks, each read allowed only the time left, so the deadline holds."""
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)  # CPython's SocketIO
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline.left(url)
        if isinstance(sock, socket.socket):
            sock.settimeout(left)
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url}: the response is larger than {limit} bytes")


def fetch_page(
    url: str, deadline: Deadline, *, etag: str | None = None, last_modified: str | None = None
) -> tuple[str | None, Response]:
    """The page's Markdown text (None on a 304) and the response it came in."""
    response = get(
        url, deadline, max_bytes=MAX_BYTES, etag=etag, last_modified=last_modified,
        accept="text/markdown, text/plain;q=0.9, */*;q=0.1",
    )  # fmt: skip
    if response.body is None:
        return None, response
    charset = response.charset or "utf-8"
    try:
        text = response.body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        raise FetchError(f"{url}: the response is not {charset} text") from None
    head = text.lstrip()[:200].lower()
    if response.content_type == "text/html" or head.startswith(("<!doctype", "<html")):
        raise FetchError(
            f"{url}: the response is HTML, not the page's Markdown (use the .md address)"
        )
    return text, response
