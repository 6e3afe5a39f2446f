"""A small client of GitHub's REST API (stdlib urllib): the calls the radar makes, and nothing
else. No ``gh``, no third-party service; ``GITHUB_API_URL`` points it at GitHub Enterprise (or
at the tests' fake). One deadline bounds each call however slowly the bytes come, and a body
is read only up to MAX_BODY: a hostile or broken ``--api-url`` gets one GitHubError line. The
token goes to the API's own origin only (a next page or a redirect elsewhere is refused), and a
listing is bounded by MAX_PAGES and one deadline for all its pages."""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any, TypeVar

from ..registry.live import Deadline, FetchError, read_body
from . import shapes
from .shapes import Item

API_VERSION = "2022-11-28"
PAGE = 100
MAX_BODY = 32 * 1024 * 1024  # a page of 100 pull requests with long bodies is a few MB
MAX_ERROR = 64 * 1024  # GitHub's error messages are a few hundred bytes
MAX_PAGES = 100  # 10,000 items: far more pull requests or issues than the radar ever makes
LISTING_CALLS = 4  # a listing's pages together get this many calls' timeout
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


class GitHubError(Exception):
    """A call failed: the method, the path, the status and GitHub's message, on one line."""


def origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """urllib copies every header, the token's too, to wherever a redirect points: only the
    API's own origin is followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if origin(newurl) != origin(req.full_url):
            raise urllib.error.URLError(f"a redirect to another origin ({origin(newurl)}), refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameOrigin)


class GitHub:
    def __init__(self, api_url: str, repository: str, token: str | None, timeout: float = 30):
        self.api = api_url.rstrip("/")
        self.repository = repository
        self.token = token
        self.timeout = timeout

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        url = path if path.startswith(("http://", "https://")) else self.api + path
        return self._send(method, url, body)[0]

    def _send(
        self, method: str, url: str, body: dict[str, Any] | None, listing: Deadline | None = None
    ) -> tuple[Any, str]:
        where = urllib.parse.urlsplit(url).path
        if origin(url) != origin(self.api):
            raise GitHubError(
                f"{method} {where}: {origin(url)} is not the API's origin {origin(self.api)},"
                " refused (the token goes to the API only)"
            )
        headers = {
            "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": "claude-model-lint-radar",
        }  # fmt: skip
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        call = Deadline(self.timeout)
        deadline = call if listing is None or call.left(where) < listing.left(where) else listing
        try:
            with _OPENER.open(request, timeout=deadline.left(where)) as response:
                raw = read_body(response, where, deadline, MAX_BODY)
                link = response.headers.get("Link", "")
        except urllib.error.HTTPError as exc:
            message = _message(exc.read(MAX_ERROR))
            raise GitHubError(f"{method} {where}: {exc.code} {message}") from None
        except FetchError as exc:  # the deadline passed or the body is too large
            raise GitHubError(f"{method} {exc}") from None
        except TimeoutError:
            raise GitHubError(f"{method} {where}: timed out after {deadline.seconds:g} s") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GitHubError(f"{method} {where}: {reason}") from None
        try:
            return (json.loads(raw) if raw.strip() else None), link
        except ValueError:
            raise GitHubError(f"{method} {where}: the answer is not JSON") from None
        except RecursionError:
            raise GitHubError(f"{method} {where}: the answer is JSON nested too deeply") from None

    def pages(self, path: str, query: dict[str, str]) -> list[Any]:
        """Every item of a listing, following the Link header's ``next`` to a page not seen
        yet, within MAX_PAGES and one deadline for them all."""
        url: str | None = f"{self.api}{path}?{urllib.parse.urlencode({**query, 'per_page': PAGE})}"
        listing = Deadline(self.timeout * LISTING_CALLS)
        seen: set[str] = set()
        items: list[Any] = []
        while url is not None and url not in seen:
            if len(seen) == MAX_PAGES:
                raise GitHubError(f"GET {path}: more than {MAX_PAGES} pages, stopped")
            seen.add(url)
            try:
                page, link = self._send("GET", url, None, listing)
            except FetchError as exc:  # the listing's deadline passed between two pages
                raise GitHubError(f"GET {exc}") from None
            if not isinstance(page, list):
                raise GitHubError(f"GET {path}: expected a list")
            items.extend(page)
            found = _NEXT.search(link)
            url = found[1] if found else None
        return items

    # the calls the radar makes, on the repository it was given, their answers checked
    def default_branch(self) -> str:
        path = f"/repos/{self.repository}"
        answer = self.call("GET", path)
        return _checked("GET", path, lambda: shapes.branch(
            shapes.field(answer, "default_branch"), "default_branch"))  # fmt: skip

    def pulls(self, head_branch: str) -> list[Item]:
        owner = self.repository.split("/")[0]
        path = f"/repos/{self.repository}/pulls"
        found = self.pages(path, {"state": "all", "head": f"{owner}:{head_branch}"})
        return _checked("GET", path, lambda: shapes.items(found, pull=True))

    def open_pulls(self) -> list[Item]:
        path = f"/repos/{self.repository}/pulls"
        found = self.pages(path, {"state": "open"})
        return _checked("GET", path, lambda: shapes.items(found, pull=True))

    def create_pull(self, head: str, base: str, title: str, body: str) -> int:
        """The new pull request's number."""
        fields = {"head": head, "base": base, "title": title, "body": body}
        path = f"/repos/{self.repository}/pulls"
        answer = self.call("POST", path, fields)
        return _checked("POST", path, lambda: shapes.number(answer))

    def update_pull(self, number: int, **fields: str) -> None:
        self.call("PATCH", f"/repos/{self.repository}/pulls/{number}", dict(fields))

    def labelled_issues(self, label: str) -> list[Item]:
        """Issues (not pull requests) with the label, open or closed."""
        path = f"/repos/{self.repository}/issues"
        found = self.pages(path, {"state": "all", "labels": label})
        issues = [i for i in found if not (isinstance(i, dict) and "pull_request" in i)]
        return _checked("GET", path, lambda: shapes.items(issues, pull=False))

    def create_issue(self, title: str, body: str, labels: list[str]) -> int:
        """The new issue's number."""
        fields = {"title": title, "body": body, "labels": labels}
        path = f"/repos/{self.repository}/issues"
        answer = self.call("POST", path, fields)
        return _checked("POST", path, lambda: shapes.number(answer))

    def update_issue(self, number: int, **fields: str) -> None:
        self.call("PATCH", f"/repos/{self.repository}/issues/{number}", dict(fields))

    def add_labels(self, number: int, labels: list[str]) -> None:
        path = f"/repos/{self.repository}/issues/{number}/labels"
        self.call("POST", path, {"labels": labels})

    def comments(self, number: int) -> list[str]:
        """The bodies of an issue's or pull request's comments."""
        path = f"/repos/{self.repository}/issues/{number}/comments"
        found = self.pages(path, {})
        return _checked("GET", path, lambda: shapes.comment_bodies(found))

    def comment(self, number: int, body: str) -> None:
        self.call("POST", f"/repos/{self.repository}/issues/{number}/comments", {"body": body})


T = TypeVar("T")


def _checked(method: str, path: str, read: Callable[[], T]) -> T:
    try:
        return read()
    except shapes.ShapeError as exc:
        raise GitHubError(f"{method} {path}: the answer's {exc}") from None


def _message(raw: bytes) -> str:
    try:
        answer = json.loads(raw)
    except (ValueError, RecursionError):
        return raw[:200].decode("utf-8", "replace").strip() or "(no message)"
    if isinstance(answer, dict):
        return str(answer.get("message", answer))[:300]
    return str(answer)[:300]
