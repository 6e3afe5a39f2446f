"""The radar's REST client against a hostile or broken ``--api-url`` on 127.0.0.1 (the review's
D16-D18: /tmp/review-repro/srv.py's deepjson, slow and huge servers): each answer ends in one
GitHubError line, within one deadline per call and a bounded body, never a hang, an unbounded
read or a RecursionError."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claude_model_lint.radar.github import MAX_BODY, GitHub, GitHubError

Answer = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def serving(answer: Answer) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with contextlib.suppress(OSError):  # the client hung up, as it should
                answer(self)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def trickle(handler: BaseHTTPRequestHandler) -> None:
    """One byte every 10 ms: each read is quick, the whole answer takes 4 s."""
    handler.send_response(200)
    handler.send_header("Content-Length", "400")
    handler.end_headers()
    for _ in range(400):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.01)


def endless(handler: BaseHTTPRequestHandler) -> None:
    """A body past any limit, without a length (stops at 1.5 x MAX_BODY so a broken client
    fails the test instead of the machine)."""
    handler.send_response(200)
    handler.end_headers()
    chunk = b"a" * 65536
    for _ in range(MAX_BODY * 3 // 2 // len(chunk)):
        handler.wfile.write(chunk)


def deep(handler: BaseHTTPRequestHandler) -> None:
    body = b'{"default_branch":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def deep_error(handler: BaseHTTPRequestHandler) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    handler.send_response(500)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def test_one_deadline_bounds_a_call_however_slowly_the_bytes_come() -> None:
    late = r"^GET /repos/acme/chat: timed out after 1 s$"
    with serving(trickle) as url, pytest.raises(GitHubError, match=late):
        GitHub(url, "acme/chat", "t", timeout=1).default_branch()


def test_an_endless_body_is_cut_at_the_limit() -> None:
    large = rf"^GET /repos/acme/chat: .* larger than {MAX_BODY} bytes$"
    with serving(endless) as url, pytest.raises(GitHubError, match=large):
        GitHub(url, "acme/chat", "t", timeout=30).default_branch()


@pytest.mark.parametrize("answer", [deep, deep_error], ids=["200", "500"])
def test_json_nested_past_the_recursion_limit_is_one_line(answer: Answer) -> None:
    call = r"^GET /repos/acme/chat: "
    with serving(answer) as url, pytest.raises(GitHubError, match=call) as caught:
        GitHub(url, "acme/chat", "t", timeout=30).default_branch()
    assert "\n" not in str(caught.value)
