"""`claude-model-lint-registry update` against a real HTTP server on localhost serving real copies
of the page (tests/fixtures/pages): 200, 304, 404, 500, a slow answer, a truncated body, HTML, a
page the importer refuses; then the fetched layer in lint runs, refresh = "daily" and the Action."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claude_model_lint.registry import fetched
from claude_model_lint.registry.registry import load_registry

from .conftest import AS_OF

PAGES = Path(__file__).parent / "fixtures" / "pages"
NEWEST = (PAGES / "model-deprecations.en.2026-10-10.md").read_bytes()
PLAIN_TEXT = (PAGES / "model-deprecations.en.2026-02-10.md").read_bytes()
BIN = Path(sys.executable).parent
ROOT = Path(__file__).parent.parent
# The newest real page, as the page will read when Opus 4.5 is deprecated (a third party reported
# 2026-11-23 / 2027-01-22; registry-facts.md says a live read must pick it up when the page says so).
FUTURE = NEWEST.replace(
    b"| claude-opus-4-5-20251101   | Active        | N/A                | Not sooner than November 24, 2026  |",
    b"| claude-opus-4-5-20251101   | Deprecated    | November 23, 2026  | January 22, 2027                   |",
).replace(
    b"### 2026-09-30: Claude Sonnet 4.5 model",
    b"### 2026-11-23: Claude Opus 4.5 model\n\n| Retirement date | Deprecated model | Recommended "
    b"replacement |\n| --- | --- | --- |\n| January 22, 2027 | `claude-opus-4-5-20251101` | "
    b"`claude-opus-5-5` |\n\n### 2026-09-30: Claude Sonnet 4.5 model",
)


class _Page(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []  # noqa: RUF012 - the requests, for the tests to read

    def do_GET(self) -> None:
        _Page.seen.append({"path": self.path, **{k: v for k, v in self.headers.items()}})
        if self.path == "/page.md":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            self._send(200, NEWEST, etag='"v1"')
        elif self.path == "/future.md":
            self._send(200, FUTURE, etag='"v2"')
        elif self.path == "/missing.md":
            self._send(404, b"not here")
        elif self.path == "/broken.md":
            self._send(500, b"oops")
        elif self.path == "/slow.md":
            time.sleep(2.0)
            self._send(200, NEWEST)
        elif self.path == "/truncated.md":
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown")
            self.send_header("Content-Length", str(len(NEWEST)))
            self.end_headers()
            self.wfile.write(NEWEST[: len(NEWEST) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/cut.md":  # complete as HTTP, but the page stops after its status table
            self._send(200, NEWEST[: NEWEST.index(b"## Deprecation history")])
        elif self.path == "/page.html":
            self._send(
                200,
                b"<!DOCTYPE html><html><body>Model deprecations</body></html>",
                kind="text/html",
            )
        elif self.path == "/plain.md":
            self._send(200, PLAIN_TEXT)
        else:
            self._send(404, b"")

    def _send(
        self, status: int, body: bytes, etag: str | None = None, kind: str = "text/markdown"
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "user-cache"
    monkeypatch.setenv("CLAUDE_MODEL_LINT_CACHE_DIR", str(directory))
    return directory


def _run(tool: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / tool), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env=os.environ,
    )


def _update(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return _run("claude-model-lint-registry", "update", "--url", url, "--timeout", "0.5", *args)


def _agrees_but_for_what_changed_since(said: str) -> None:
    """The copy served (2026-10-10) agrees with the bundled data but for the models whose state
    has changed since then, by the dates the registry holds: the comparison is as of the fetch,
    the run's own clock, which no test can pin (Claude Sonnet 4.5 retired on 2026-11-30)."""
    today = datetime.now(timezone.utc).date()
    changed = sorted(
        m.id
        for m in load_registry().models.values()
        if any(
            d is not None and PAGE_DATE < d <= today for d in (m.deprecated, m.retired, m.legacy)
        )
    )
    disagreeing = sorted(
        line.strip().split(":")[0]
        for line in said.splitlines()
        if "; the registry computes " in line
    )
    assert disagreeing == changed, said
    assert ("The page agrees with the bundled data." in said) == (not changed)


PAGE_DATE = date(2026, 10, 10)  # of the copy the server serves


def test_update_stores_the_page_then_asks_with_its_etag(server: str, cache: Path) -> None:
    first = _update(f"{server}/page.md")
    assert first.returncode == 0, first.stderr
    assert "Fetched 36 models" in first.stderr
    _agrees_but_for_what_changed_since(first.stderr)
    stored, note = fetched.read()
    assert note is None and stored is not None
    assert (stored.url, stored.etag, stored.models) == (f"{server}/page.md", '"v1"', 36)
    assert stored.fetched_at.date() == datetime.now(timezone.utc).date()
    _Page.seen.clear()
    second = _update(f"{server}/page.md")
    assert second.returncode == 0 and "not modified" in second.stderr
    assert _Page.seen[0]["If-None-Match"] == '"v1"'
    again, _ = fetched.read()
    assert (
        again is not None
        and again.overlay == stored.overlay
        and again.fetched_at >= stored.fetched_at
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing.md", "HTTP 404"),
        ("/broken.md", "HTTP 500"),
        ("/slow.md", "timed out"),
        ("/truncated.md", "truncated"),
        ("/cut.md", "expected the 'Deprecation history' tables"),
        ("/page.html", "HTML, not the page's Markdown"),
        ("/plain.md", "line 1: expected the 'Model status' table"),
    ],
)
def test_a_failed_update_says_why_in_one_line_and_keeps_the_data(
    server: str, cache: Path, path: str, reason: str
) -> None:
    assert _update(f"{server}/page.md").returncode == 0
    before = fetched.path().read_bytes()
    result = _update(f"{server}{path}")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and reason in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "the registry in use is unchanged" in result.stderr
    assert fetched.path().read_bytes() == before


def test_offline_is_one_line_too(cache: Path) -> None:
    result = _update("http://127.0.0.1:9/model-deprecations.md")  # the discard port: refused
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "cannot connect" in result.stderr and not fetched.path().exists()


def test_lint_runs_use_the_fetched_page_and_say_so(
    server: str, cache: Path, tmp_path: Path
) -> None:
    (tmp_path / "app.py").write_text('MODEL = "claude-opus-4-5-20251101"\n')
    before = _run(
        "claude-model-lint", "--as-of", "2026-12-01", "--format", "json", "app.py", cwd=tmp_path
    )
    assert [d["code"] for d in json.loads(before.stdout)] == ["CML003"]  # legacy: info
    assert before.returncode == 0
    assert _update(f"{server}/future.md").returncode == 0
    after = _run(
        "claude-model-lint", "--as-of", "2026-12-01", "--format", "json", "app.py", cwd=tmp_path
    )
    (finding,) = json.loads(after.stdout)
    assert (finding["code"], finding["replacement"]) == ("CML002", "claude-opus-5-5")
    assert finding["registry_updated"] == str(datetime.now(timezone.utc).date())
    assert after.returncode == 1
    version = _run("claude-model-lint", "--version").stdout
    assert f"fetched {datetime.now(timezone.utc).date()} from {server}/future.md" in version
    listing = json.loads(_run("claude-model-lint", "--list-models", "--format", "json").stdout)
    assert f"from {server}/future.md" in listing["data"]


def test_a_fetched_copy_older_than_the_bundled_data_is_passed_over(
    server: str, cache: Path, tmp_path: Path
) -> None:
    stored = _stored_after_update(f"{server}/future.md")
    fetched.write(stored._replace(fetched_at=datetime(2026, 11, 1, tzinfo=timezone.utc)))
    (tmp_path / "app.py").write_text('MODEL = "claude-opus-4-5-20251101"\n')
    result = _run("claude-model-lint", "--as-of", "2026-12-01", "-q", "app.py", cwd=tmp_path)
    assert "CML003" in result.stdout and result.returncode == 0
    assert "fetched" not in _run("claude-model-lint", "--version").stdout


def test_a_damaged_fetched_copy_is_a_note_not_a_failure(cache: Path, tmp_path: Path) -> None:
    cache.mkdir()
    fetched.path().write_text('{"format": 1, "fetched_at": "yesterday"}')
    (tmp_path / "app.py").write_text('MODEL = "claude-2.1"\n')
    result = _run("claude-model-lint", "--as-of", AS_OF, "-q", "app.py", cwd=tmp_path)
    assert result.returncode == 1 and "CML001" in result.stdout
    assert "the fetched registry is damaged" in result.stderr and "Traceback" not in result.stderr


def test_refresh_daily_fetches_a_day_old_copy_and_survives_offline(
    server: str, cache: Path, tmp_path: Path
) -> None:
    stored = _stored_after_update(f"{server}/page.md")
    # more than a day old and older than the bundled data (2026-11-29) on any day the suite runs
    # ("two days ago", as it was, stops being older than the bundled data on 2026-12-01)
    old = datetime(2026, 11, 1, tzinfo=timezone.utc)
    fetched.write(stored._replace(fetched_at=old, url=f"{server}/future.md"))
    (tmp_path / ".claude-model-lint.toml").write_text('refresh = "daily"\n')
    (tmp_path / "app.py").write_text('MODEL = "claude-opus-4-5-20251101"\n')
    result = _run("claude-model-lint", "--as-of", "2026-12-01", "-q", "app.py", cwd=tmp_path)
    assert "CML002" in result.stdout, result.stderr  # the refreshed page deprecates Opus 4.5
    refreshed, _ = fetched.read()
    assert refreshed is not None and refreshed.fetched_at > old
    fetched.write(refreshed._replace(fetched_at=old, url="http://127.0.0.1:9/x.md"))
    offline = _run("claude-model-lint", "--as-of", "2026-12-01", "-q", "app.py", cwd=tmp_path)
    assert "note: refresh failed, using the data it has" in offline.stderr
    assert "CML002" not in offline.stdout  # a copy older than the bundled data is passed over


def test_the_action_refreshes_before_linting(server: str, cache: Path, tmp_path: Path) -> None:
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    (runner_temp / "claude-model-lint-venv").symlink_to(Path(sys.prefix))
    (tmp_path / "app.py").write_text('MODEL = "claude-opus-4-5-20251101"\n')
    env = {
        **os.environ, "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(runner_temp),
        "GITHUB_STEP_SUMMARY": "", "INPUT_ARGS": "app.py", "INPUT_AS_OF": "2026-12-01",
        "INPUT_FAIL_ON": "warning", "INPUT_REGISTRY_URL": f"{server}/future.md",
    }  # fmt: skip
    result = _action(tmp_path, env)
    assert result.returncode == 1 and "CML002" in result.stdout, result.stderr
    env["INPUT_REGISTRY_URL"] = "http://127.0.0.1:9/x.md"
    cache_file = fetched.path()
    cache_file.unlink()
    offline = _action(tmp_path, env)
    assert offline.returncode == 0  # legacy is info: the bundled data, and a warning
    assert "::warning title=claude-model-lint::could not refresh the model data" in offline.stdout


def _action(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The composite Action's script, as a runner runs it."""
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "action.sh")], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _stored_after_update(url: str) -> fetched.Fetched:
    """Run the update from ``url`` and return the copy it stored."""
    assert _update(url).returncode == 0
    stored, _ = fetched.read()
    assert stored is not None
    return stored
