"""A local fake of the part of GitHub's REST API the radar calls, on 127.0.0.1: it records every
call and serves state (pull requests, issues, comments, labels) in the real API's shapes
(docs.github.com/en/rest/pulls/pulls, /issues/issues, /issues/comments, /issues/labels, API version
2022-11-28): one number sequence for issues and pull requests, pull requests listed among issues
with a ``pull_request`` key, ``head=owner:branch`` filtering, ``Link: rel="next"`` pagination, 401
on a wrong token, and the 422s GitHub answers when a pull request's head branch does not exist in
the repository (it reads the bare remote) or one is already open for it."""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit


class FakeGitHub:
    def __init__(self, remote: Path, repository: str, token: str, default: str = "main") -> None:
        self.remote, self.repository, self.token, self.default = remote, repository, token, default
        self.calls: list[tuple[str, str, dict[str, Any] | None]] = []
        self.items: dict[int, dict[str, Any]] = {}  # issues and pull requests by number
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.max_per_page = 100
        # a test's hostile API: (method, path, query, answer) -> the answer served instead
        self.tamper: Callable[[str, str, dict[str, str], Any], Any] | None = None
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeGitHub:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # what the tests read and do, as a person would on github.com
    def pulls(self) -> list[dict[str, Any]]:
        return [i for i in self.items.values() if "head" in i]

    def issues(self) -> list[dict[str, Any]]:
        return [i for i in self.items.values() if "head" not in i]

    def writes(self) -> list[tuple[str, str, dict[str, Any] | None]]:
        return [c for c in self.calls if c[0] != "GET"]

    def close(self, number: int, merged: bool = False) -> None:
        item = self.items[number]
        item["state"], item["closed_at"] = "closed", _now()
        if merged:
            item["merged_at"] = _now()

    # the API
    def answer(
        self, method: str, url: str, body: dict[str, Any] | None, auth: str | None
    ) -> tuple[int, Any, dict[str, str]]:
        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.calls.append((method, parts.path, body if method != "GET" else query))
        if auth != f"Bearer {self.token}":
            return 401, {"message": "Bad credentials"}, {}
        base = f"/repos/{self.repository}"
        path = parts.path
        if path == base and method == "GET":
            return 200, {"full_name": self.repository, "default_branch": self.default}, {}
        if self._too_long(body or {}):
            return (
                422,
                {"message": "Validation Failed: body is too long (maximum is 65536 characters)"},
                {},
            )
        if path == f"{base}/pulls":
            return self._pulls(method, query, body or {})
        if path == f"{base}/issues":
            return self._issues(method, query, body or {})
        m = re.fullmatch(rf"{base}/(pulls|issues)/(\d+)(/comments|/labels)?", path)
        if m is None or int(m[2]) not in self.items:
            return 404, {"message": "Not Found"}, {}
        number, item = int(m[2]), self.items[int(m[2])]
        if m[3] == "/comments":
            if method == "POST":
                comment = {
                    "id": len(self.calls),
                    "body": body["body"] if body else "",
                    "user": {"login": "radar-bot"},
                }
                self.comments.setdefault(number, []).append(comment)
                return 201, comment, {}
            return self._page(self.comments.get(number, []), query, path)
        if m[3] == "/labels" and method == "POST":
            item["labels"] += [
                {"name": n}
                for n in (body or {}).get("labels", [])
                if {"name": n} not in item["labels"]
            ]
            return 200, item["labels"], {}
        if method == "PATCH":
            return self._patch(item, body or {})
        if m[1] == "pulls" and "head" not in item:
            return 404, {"message": "Not Found"}, {}
        return 200, item, {}

    def _too_long(self, body: dict[str, Any]) -> bool:
        """GitHub: 'body is too long (maximum is 65536 characters)'."""
        return len(body.get("body") or "") > 65536

    def _pulls(
        self, method: str, query: dict[str, str], body: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        if method == "POST":
            head = body["head"]
            if not self._branch_exists(head):
                return (
                    422,
                    {
                        "message": "Validation Failed",
                        "errors": [{"field": "head", "code": "invalid"}],
                    },
                    {},
                )
            if any(p["head"]["ref"] == head and p["state"] == "open" for p in self.pulls()):
                return (
                    422,
                    {"message": f"A pull request already exists for {self._owner()}:{head}."},
                    {},
                )
            number = len(self.items) + 1
            self.items[number] = {
                "number": number,
                "state": "open",
                "title": body["title"],
                "body": body["body"],
                "head": {"ref": head, "label": f"{self._owner()}:{head}"},
                "base": {"ref": body["base"]},
                "merged_at": None,
                "closed_at": None,
                "labels": [],
                "user": {"login": "radar-bot"},
                "html_url": f"https://github.com/{self.repository}/pull/{number}",
            }
            return 201, self.items[number], {}
        found = [p for p in self.pulls() if query.get("state", "open") in ("all", p["state"])]
        if "head" in query:
            found = [p for p in found if p["head"]["label"] == query["head"]]
        return self._page(
            sorted(found, key=lambda p: -p["number"]), query, f"/repos/{self.repository}/pulls"
        )

    def _issues(
        self, method: str, query: dict[str, str], body: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        if method == "POST":
            number = len(self.items) + 1
            self.items[number] = {
                "number": number,
                "state": "open",
                "title": body["title"],
                "body": body.get("body"),
                "labels": [{"name": n} for n in body.get("labels", [])],
                "closed_at": None,
                "user": {"login": "radar-bot"},
                "html_url": f"https://github.com/{self.repository}/issues/{number}",
            }
            return 201, self.items[number], {}
        found = [
            i for i in self.items.values() if query.get("state", "open") in ("all", i["state"])
        ]
        if "labels" in query:
            found = [i for i in found if query["labels"] in {n["name"] for n in i["labels"]}]
        shaped = [{**i, "pull_request": {"url": "..."}} if "head" in i else i for i in found]
        return self._page(
            sorted(shaped, key=lambda i: -i["number"]), query, f"/repos/{self.repository}/issues"
        )

    def _patch(self, item: dict[str, Any], body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        reopening = body.get("state") == "open" and item["state"] == "closed"
        if reopening and "head" in item and not self._branch_exists(item["head"]["ref"]):
            return 422, {"message": "Validation Failed: the head branch was deleted"}, {}
        for key in ("title", "body", "state"):
            if key in body:
                item[key] = body[key]
        item["closed_at"] = _now() if item["state"] == "closed" else None
        return 200, item, {}

    def _page(
        self, items: list[Any], query: dict[str, str], path: str
    ) -> tuple[int, Any, dict[str, str]]:
        size = min(int(query.get("per_page", 30)), self.max_per_page)
        page = int(query.get("page", 1))
        chunk = items[(page - 1) * size : page * size]
        headers = {}
        if page * size < len(items):
            rest = "&".join(f"{k}={v}" for k, v in {**query, "page": str(page + 1)}.items())
            headers["Link"] = f'<{self.url}{path}?{rest}>; rel="next"'
        return 200, chunk, headers

    def _branch_exists(self, branch: str) -> bool:
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                              cwd=self.remote, capture_output=True, check=False)  # fmt: skip
        return done.returncode == 0

    def _owner(self) -> str:
        return self.repository.split("/")[0]


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            with fake.lock:
                status, answer, headers = fake.answer(
                    self.command, self.path, body, self.headers.get("Authorization")
                )
                if fake.tamper is not None and status < 300:
                    parts = urlsplit(self.path)
                    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                    answer = fake.tamper(self.command, parts.path, query, answer)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *_: Any) -> None:
            pass

    return Handler
