"""The radar's REST client against a hostile or broken ``--api-url`` on 127.0.0.1, and its verify
command against hostile output (the review's
D16-D18: /tmp/review-repro/srv.py's deepjson, slow and huge servers): each answer ends in one
GitHubError line, within one deadline per call and a bounded body, never a hang, an unbounded
read or a RecursionError."""

from __future__ import annotations

import base64
import contextlib
import threading
import time
import tracemalloc
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claude_model_lint.radar.github import MAX_BODY, MAX_PAGES, GitHub, GitHubError
from claude_model_lint.radar.verify import TAIL_BYTES, TAIL_CHARS, run_verify

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


# the verify command (review B17, B18): its output is published in a pull request body


def test_a_verify_command_that_prints_for_ever_keeps_a_bounded_tail(tmp_path: Path) -> None:
    """Review B18: `--verify yes` kept the whole output (MemoryError at 4 GB in 11 s, 40 lines
    used). 100 MB of output without a newline, then `yes` until the timeout: the memory the
    radar allocates stays within a few times TAIL_BYTES."""
    flood = "head -c 100000000 /dev/zero | tr '\\0' x; echo; echo last line"
    tracemalloc.start()
    try:
        done = run_verify(flood, tmp_path, [], [], "api", [], [], timeout=120)
        ended = run_verify("yes", tmp_path, [], [], "api", [], [], timeout=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * TAIL_BYTES  # 1.0 MiB measured; the whole output before
    assert done.exit_code == 0 and done.tail.endswith("\nlast line")
    assert len(done.tail) <= TAIL_CHARS
    assert ended.exit_code is None and ended.tail.endswith("y\ny\n(stopped after 1 s)")


def test_a_verify_command_whose_child_keeps_the_output_open_still_ends(tmp_path: Path) -> None:
    """A background process holding the pipe made the read wait for it (300 s here)."""
    started = time.monotonic()
    done = run_verify("sleep 300 & echo forked", tmp_path, [], [], "api", [], [], timeout=60)
    assert done.exit_code == 0 and done.tail == "forked"
    assert time.monotonic() - started < 60


def test_every_spelling_of_a_secret_is_blanked_in_the_published_tail(tmp_path: Path) -> None:
    secret = "ghs_S3cret/Token+value=="
    basic = base64.b64encode(f"x-access-token:{secret}".encode()).decode()
    spellings = [secret, basic, basic.rstrip("="), urllib.parse.quote(secret, safe=""),
                 urllib.parse.quote_plus(secret), base64.b64encode(secret.encode()).decode(),
                 base64.urlsafe_b64encode(secret.encode()).decode(), secret.encode().hex()]  # fmt: skip
    printed = "; ".join(f"echo 'form: {s}'" for s in spellings)
    done = run_verify(printed, tmp_path, [], [], "api", [], [None, secret], timeout=30)
    assert done.tail.splitlines() == ["form: ***"] * len(spellings)
    assert secret not in done.command
    # stopped in the middle of printing it: what was printed of it is blanked too
    half = secret[: len(secret) // 2]
    cut = run_verify(f"printf 'a {half}'; sleep 30", tmp_path, [], [], "api", [], [secret], 1)
    assert cut.tail.startswith("a ***\n") and half not in cut.tail


# listings and the token's destination (review B13, B14): /tmp/reviewB-radar/api.py's pageloop and
# pageother modes, and a redirect, which urllib follows with every header


def _listing(next_url: Callable[[str], str | None], seen: list[tuple[str, str | None]]) -> Answer:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        seen.append((handler.path, handler.headers.get("Authorization")))
        link = next_url(handler.path)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "2")
        if link:
            handler.send_header("Link", f'<{link}>; rel="next"')
        handler.end_headers()
        handler.wfile.write(b"[]")

    return answer


def test_a_next_page_that_names_a_page_already_seen_ends_the_listing() -> None:
    seen: list[tuple[str, str | None]] = []
    here: list[str] = []
    with serving(_listing(lambda path: here[0] + path, seen)) as url:
        here.append(url)
        assert GitHub(url, "acme/chat", "t").open_pulls() == []
    assert len(seen) == 1  # 59,618 requests in 60 s before


def test_a_listing_stops_at_the_page_cap_and_at_its_deadline() -> None:
    seen: list[tuple[str, str | None]] = []
    here: list[str] = []

    def next_page(path: str) -> str:
        return f"{here[0]}/repos/acme/chat/pulls?page={len(seen) + 1}"

    with serving(_listing(next_page, seen)) as url:
        here.append(url)
        with pytest.raises(
            GitHubError,
            match=rf"^GET /repos/acme/chat/pulls: more than {MAX_PAGES} pages, stopped$",
        ):
            GitHub(url, "acme/chat", "t").open_pulls()
    assert len(seen) == MAX_PAGES

    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(0.3)
        _listing(next_page, seen)(handler)

    seen.clear()
    with serving(slow) as url:  # each page in time (0.3 s of 0.5 s); all of them are not
        here[0] = url
        with pytest.raises(
            GitHubError, match=r"^GET /repos/acme/chat/pulls.*: timed out after 2 s$"
        ):
            GitHub(url, "acme/chat", "t", timeout=0.5).open_pulls()
    assert 3 <= len(seen) < MAX_PAGES


def test_the_token_is_never_sent_to_another_origin() -> None:
    other: list[tuple[str, str | None]] = []
    first: list[tuple[str, str | None]] = []
    with serving(_listing(lambda path: None, other)) as elsewhere:
        away = elsewhere.replace("127.0.0.1", "localhost") + "/repos/acme/chat/pulls?page=2"
        with serving(_listing(lambda path: away, first)) as url:
            refused = r"^GET /repos/acme/chat/pulls: http://localhost:\d+ is not the API's origin http://127\.0\.0\.1:\d+, refused"
            with pytest.raises(GitHubError, match=refused):
                GitHub(url, "acme/chat", "secret-token").open_pulls()

        def redirect(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(302)
            handler.send_header("Location", f"{elsewhere}/repos/acme/chat")
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        with serving(redirect) as url, pytest.raises(GitHubError, match="another origin"):
            GitHub(url, "acme/chat", "secret-token").default_branch()
    assert first and other == []
