"""`claude-model-lint-registry update` against a real HTTP server on localhost serving real copies
of the page (tests/fixtures/pages): 200, 304, 404, 500, a slow answer, a truncated body, HTML, a
page the importer refuses; then the fetched layer in lint runs, refresh = "daily" and the Action."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from claude_model_lint.registry import bundled, fetched
from tests.local_http import serving

from .conftest import AS_OF

PAGES = Path(__file__).parent / "fixtures" / "pages"
SDK = Path(__file__).parent / "fixtures" / "sdk"
NEWEST = (PAGES / "model-deprecations.en.2026-10-10.md").read_bytes()
OLD = (PAGES / "model-deprecations.en.2025-12-21.md").read_bytes()
PLAIN_TEXT = (PAGES / "model-deprecations.en.2026-02-10.md").read_bytes()
BIN = Path(sys.executable).parent
ROOT = Path(__file__).parent.parent
BUNDLED = bundled.updated()
DAY = BUNDLED + timedelta(days=1)  # a source one day newer than the bundled data
RETIRES = DAY + timedelta(days=60)


def _words(day: date) -> bytes:
    return f"{day:%B} {day.day}, {day.year}".encode()


# The newest real page (2026-10-10) as it reads once Opus 4.5 is deprecated (2026-11-23,
# registry-facts §0b) and, hypothetically, Claude Sonnet 4.6 the day after the bundled data: the
# page of a day newer than the tool's data, which `update` must take. Dated by its front matter.
CURRENT = (
    NEWEST.replace(
        b"fetched_at: 2026-10-10T02:28:27.766834Z", f"fetched_at: {DAY}T09:00:00Z".encode()
    )
    .replace(
        b"| claude-opus-4-5-20251101   | Active        | N/A                | Not sooner than November 24, 2026  |",
        b"| claude-opus-4-5-20251101   | Deprecated    | November 23, 2026  | January 22, 2027                   |",
    )
    .replace(
        b"| claude-sonnet-4-6          | Active        | N/A                | Not sooner than February 17, 2027  |",
        b"| claude-sonnet-4-6          | Deprecated    | "
        + _words(DAY)
        + b" | "
        + _words(RETIRES)
        + b" |",
    )
    .replace(
        b"### 2026-09-30: Claude Sonnet 4.5 model",
        f"### {DAY}: Claude Sonnet 4.6 model\n\n| Retirement date | Deprecated model | Recommended "
        "replacement |\n| --- | --- | --- |\n| ".encode()
        + _words(RETIRES)
        + b" | `claude-sonnet-4-6` | "
        b"`claude-sonnet-5-5` |\n\n### 2026-11-23: Claude Opus 4.5 model\n\n| Retirement date | "
        b"Deprecated model | Recommended replacement |\n| --- | --- | --- |\n| January 22, 2027 | "
        b"`claude-opus-4-5-20251101` | `claude-opus-5-5` |\n\n### 2026-09-30: Claude Sonnet 4.5 model",
    )
)
assert CURRENT.count(b"claude-sonnet-4-6") == 2 and b"fetched_at: 2026-10-10" not in CURRENT
assert (
    b"| claude-sonnet-4-6          | Deprecated" in CURRENT
    and b"2026-11-23: Claude Opus" in CURRENT
)
# The same page whose replacement column names a model nobody publishes (issue 36, item 2).
EVIL = CURRENT.replace(
    b"`claude-sonnet-4-6` | `claude-sonnet-5-5`", b"`claude-sonnet-4-6` | `claude-evil-9`"
)
assert EVIL != CURRENT


class _Page(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []  # noqa: RUF012 - the requests, for the tests to read

    def do_GET(self) -> None:
        _Page.seen.append({"path": self.path, **{k: v for k, v in self.headers.items()}})
        if self.path.startswith("/sdk/"):
            self._sdk()
        elif self.path == "/current.md":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            self._send(200, CURRENT, etag='"v1"')
        elif self.path == "/page.md":  # the real 2026-10-10 copy: older than the bundled data
            self._send(200, NEWEST)
        elif self.path == "/old.md":  # the real 2025-12-21 copy
            self._send(200, OLD)
        elif self.path == "/evil.md":
            self._send(200, EVIL)
        elif self.path == "/drip.md":  # 200 bytes a second, for ever (issue 36, item 8)
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown")
            self.send_header("Content-Length", str(len(CURRENT)))
            self.end_headers()
            try:
                for start in range(0, len(CURRENT), 200):
                    self.wfile.write(CURRENT[start : start + 200])
                    self.wfile.flush()
                    time.sleep(1.0)
            except OSError:
                pass  # the client gave up: that is the point
        elif self.path in ("/loop.md", "/ping.md", "/pong.md"):  # redirect loops (item 17)
            self.send_response(302)
            self.send_header("Location", {"/ping.md": "/pong.md"}.get(self.path, "/ping.md"))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path in ("/to-file.md", "/to-ftp.md"):  # off the web (review M5)
            self.send_response(302)
            where = "file:///etc/passwd" if self.path == "/to-file.md" else "ftp://127.0.0.1:9/x"
            self.send_header("Location", where)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/missing.md":
            self._send(404, b"not here")
        elif self.path == "/broken.md":
            self._send(500, b"oops")
        elif self.path == "/slow.md":
            time.sleep(2.0)
            self._send(200, CURRENT)
        elif self.path == "/truncated.md":
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown")
            self.send_header("Content-Length", str(len(CURRENT)))
            self.end_headers()
            self.wfile.write(CURRENT[: len(CURRENT) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/cut.md":  # complete as HTTP, but the page stops after its status table
            self._send(200, CURRENT[: CURRENT.index(b"## Deprecation history")])
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

    def _sdk(self) -> None:
        """/sdk/<release>/pypi/anthropic/json: the index's JSON API; /sdk/<release>/packages/<f>:
        the wheel, which the index's entry names by a relative address, as a mirror's does."""
        parts = self.path.split("/")
        release = RELEASES.get(parts[2]) if len(parts) > 3 else None
        if release is None:
            self._send(404, b"")
        elif parts[3:] == ["pypi", "anthropic", "json"]:
            self._send(200, json.dumps(_index_json(*release)).encode(), kind="application/json")
        elif parts[3] == "packages":
            self._send(200, _wheel(*release), kind="application/octet-stream")
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


def _read(release: str, name: str) -> bytes:
    stem, suffix = name.rsplit(".", 1)
    return (SDK / f"{stem}.{release}.{suffix}").read_bytes()


# A model the SDK lists the day after the bundled data: the real 2.17.0 file with one id more.
NEW_IDS = _read("2.17.0", "model.py").replace(
    b'        "claude-fable-5-2",\n', b'        "claude-fable-5-3",\n        "claude-fable-5-2",\n'
)
assert NEW_IDS.count(b"claude-fable-5-3") == 1
# name -> (version, release date, model.py, deprecated_models.py)
RELEASES = {
    "new": ("2.18.0", DAY, NEW_IDS, _read("2.17.0", "deprecated_models.py")),
    "real": ("2.17.0", date(2026, 12, 3), _read("2.17.0", "model.py"), _read("2.17.0", "deprecated_models.py")),
    "older": ("2.12.0", date(2026, 11, 20), _read("2.12.0", "model.py"), _read("2.12.0", "deprecated_models.py")),
    # the real 2.17.0 files in a release dated after the bundled data: where they and the page differ
    "today": ("2.17.1", DAY, _read("2.17.0", "model.py"), _read("2.17.0", "deprecated_models.py")),
    # the SDK the day a page announces Claude Opus 6 (test_refresh_data): both sources name it
    "opus-6": ("2.18.1", DAY, NEW_IDS.replace(b"claude-fable-5-3", b"claude-opus-6"), _read("2.17.0", "deprecated_models.py")),
    "hostile": ("2.19.0", DAY, b"import os\nos.system('touch PWNED')\n" + NEW_IDS, _read("2.17.0", "deprecated_models.py")),
}  # fmt: skip


def _wheel(version: str, released: date, model: bytes, deprecated: bytes) -> bytes:
    buffer = io.BytesIO()
    files = {
        "anthropic/__init__.py": b"",
        "anthropic/types/model.py": model,
        "anthropic/_data/deprecated_models.py": deprecated,
        f"anthropic-{version}.dist-info/METADATA": f"Name: anthropic\nVersion: {version}\n".encode(),
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, body in files.items():  # a fixed time: the same bytes each time it is built
            wheel.writestr(zipfile.ZipInfo(name, date_time=(2020, 2, 2, 0, 0, 0)), body)
    return buffer.getvalue()


def _index_json(version: str, released: date, model: bytes, deprecated: bytes) -> dict[str, object]:
    """The shape of pypi.org/pypi/anthropic/json: info.version and the newest release's files."""
    body = _wheel(version, released, model, deprecated)
    name = f"anthropic-{version}-py3-none-any.whl"
    return {
        "info": {"name": "anthropic", "version": version},
        "urls": [
            {
                "filename": name, "packagetype": "bdist_wheel", "size": len(body),
                "upload_time_iso_8601": f"{released}T18:31:49Z",
                "url": f"../../packages/{name}",
                "digests": {"sha256": hashlib.sha256(body).hexdigest()},
            },
            {"filename": f"anthropic-{version}.tar.gz", "packagetype": "sdist", "size": 1, "url": "x"},
        ],
    }  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(_Page) as url:
        yield url


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
    return _run(
        "claude-model-lint-registry", "update", "--source", "page", "--url", url,
        "--timeout", "1", *args,
    )  # fmt: skip


def _update_sdk(server: str, release: str, *args: str) -> subprocess.CompletedProcess[str]:
    index = f"{server}/sdk/{release}/pypi/anthropic/json"
    return _run(
        "claude-model-lint-registry", "update", "--source", "sdk", "--index", index,
        "--timeout", "5", *args,
    )  # fmt: skip


def _verdicts(tmp_path: Path, as_of: str) -> dict[str, object]:
    """Every model's state and replacement on ``as_of``, as --list-models gives them."""
    listing = _run(
        "claude-model-lint", "--list-models", "--as-of", as_of, "--format", "json", cwd=tmp_path
    )
    return {
        row["id"]: (row["state"], row["retires"], row["use"])
        for row in json.loads(listing.stdout)["models"]
    }


def test_update_stores_the_page_then_asks_with_its_etag(server: str, cache: Path) -> None:
    first = _update(f"{server}/current.md")
    assert first.returncode == 0, first.stderr
    assert f"the page is of {DAY} (its front matter's date)" in first.stderr
    assert f"claude-sonnet-4-6: new deprecation: — -> {DAY}" in first.stderr
    stored, note = fetched.read()
    assert note is None and stored is not None
    assert (stored.url, stored.etag, stored.models) == (f"{server}/current.md", '"v1"', 36)
    assert (stored.source_date, stored.kind) == (DAY, "page")
    _Page.seen.clear()
    second = _update(f"{server}/current.md")
    assert second.returncode == 0 and "not modified" in second.stderr
    assert _Page.seen[0]["If-None-Match"] == '"v1"'
    again, _ = fetched.read()
    assert again is not None and again.overlay == stored.overlay
    assert again.fetched_at >= stored.fetched_at and again.source_date == DAY


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing.md", "HTTP 404"),
        ("/loop.md", "redirected in a loop"),
        ("/to-file.md", "redirected to 'file:///etc/passwd', not an http:// or https:// address"),
        ("/to-ftp.md", "redirected to 'ftp://127.0.0.1:9/x', not an http:// or https:// address"),
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
    assert _update(f"{server}/current.md").returncode == 0
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


def test_a_server_trickling_bytes_is_cut_at_the_deadline(server: str, cache: Path) -> None:
    """Issue 36, item 8: 200 bytes a second took 72 s with --timeout 2 when each read had its
    own timeout; one deadline for the whole fetch cuts it at 2 s."""
    started = time.monotonic()
    result = _run(
        "claude-model-lint-registry", "update", "--source", "page", "--url",
        f"{server}/drip.md", "--timeout", "2",
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert result.returncode == 2 and "timed out after 2 s" in result.stderr, result.stderr
    assert elapsed < 2 + 3, elapsed  # the page alone would take len(CURRENT) / 200 = 80+ s
    assert len(CURRENT) / 200 > 10 * 2


@pytest.mark.parametrize("path", ["/page.md", "/old.md"])
def test_an_older_page_is_refused_in_one_line_and_changes_no_verdict(
    server: str, cache: Path, tmp_path: Path, path: str
) -> None:
    """The real 2026-10-10 copy (Claude Opus 4.5 still active) and 2025-12-21 copy (six models
    since retired still active): neither may move a verdict, with or without a newer copy
    stored before."""
    dates = ("2026-12-07", "2027-02-01")
    before = {d: _verdicts(tmp_path, d) for d in dates}
    refused = _update(f"{server}{path}")
    assert refused.returncode == 0 and refused.stderr.count("\n") == 1, refused.stderr
    assert f"older than the bundled data of {BUNDLED}" in refused.stderr
    assert "an older source never changes a verdict" in refused.stderr
    assert not fetched.path().exists()
    assert {d: _verdicts(tmp_path, d) for d in dates} == before
    assert _update(f"{server}/current.md").returncode == 0
    stored = fetched.path().read_bytes()
    after_current = {d: _verdicts(tmp_path, d) for d in dates}
    again = _update(f"{server}{path}")
    assert "older than the copy fetched before" in again.stderr and again.returncode == 0
    assert fetched.path().read_bytes() == stored
    assert {d: _verdicts(tmp_path, d) for d in dates} == after_current


def test_lint_runs_use_the_fetched_page_and_say_so(
    server: str, cache: Path, tmp_path: Path
) -> None:
    (tmp_path / "app.py").write_text('MODEL = "claude-sonnet-4-6"\n')
    as_of = str(DAY)
    before = _run("claude-model-lint", "--as-of", as_of, "--format", "json", "app.py", cwd=tmp_path)
    assert [d["code"] for d in json.loads(before.stdout)] == ["CML003"]  # legacy: info
    assert before.returncode == 0
    assert _update(f"{server}/current.md").returncode == 0
    after = _run("claude-model-lint", "--as-of", as_of, "--format", "json", "app.py", cwd=tmp_path)
    (finding,) = json.loads(after.stdout)
    assert (finding["code"], finding["replacement"]) == ("CML002", "claude-sonnet-5-5")
    assert finding["registry_updated"] == str(DAY)  # the page's date, not the fetch's
    assert after.returncode == 1
    version = _run("claude-model-lint", "--version").stdout
    assert (
        f"fetched Anthropic's page of {DAY} (its front matter's date) from {server}/current.md"
        in version
    )
    listing = json.loads(_run("claude-model-lint", "--list-models", "--format", "json").stdout)
    assert f"from {server}/current.md" in listing["data"]


def test_a_replacement_nobody_publishes_is_never_written(
    server: str, cache: Path, tmp_path: Path
) -> None:
    """Issue 36, item 2: a page's replacement column naming claude-evil-9, which the page does
    not list and the data does not know, is dropped (and said); --fix writes a known model."""
    result = _update(f"{server}/evil.md")
    assert result.returncode == 0, result.stderr
    assert "claude-sonnet-4-6: ignored the replacement claude-evil-9" in result.stderr
    stored, _ = fetched.read()
    assert stored is not None and "claude-evil-9" not in stored.overlay
    (tmp_path / "app.py").write_text('MODEL = "claude-sonnet-4-6"\n')
    _run("claude-model-lint", "--fix", "--as-of", str(RETIRES), "app.py", cwd=tmp_path)
    assert (tmp_path / "app.py").read_text() == 'MODEL = "claude-sonnet-5-5"\n'


def test_a_fetched_copy_older_than_the_bundled_data_is_passed_over(
    server: str, cache: Path, tmp_path: Path
) -> None:
    stored = _stored_after_update(f"{server}/current.md")
    fetched.write(stored._replace(source_date=date(2026, 11, 1)))
    (tmp_path / "app.py").write_text('MODEL = "claude-sonnet-4-6"\n')
    result = _run("claude-model-lint", "--as-of", str(DAY), "-q", "app.py", cwd=tmp_path)
    assert "CML003" in result.stdout and result.returncode == 0
    assert "fetched" not in _run("claude-model-lint", "--version").stdout


def test_a_damaged_fetched_copy_is_a_note_not_a_failure(cache: Path, tmp_path: Path) -> None:
    cache.mkdir()
    fetched.path().write_text('{"format": 2, "fetched_at": "yesterday"}')
    (tmp_path / "app.py").write_text('MODEL = "claude-2.1"\n')
    result = _run("claude-model-lint", "--as-of", AS_OF, "-q", "app.py", cwd=tmp_path)
    assert result.returncode == 1 and "CML001" in result.stdout
    assert "the fetched registry is damaged" in result.stderr and "Traceback" not in result.stderr
    fetched.path().write_text('{"format": 1, "fetched_at": "2026-12-01T00:00:00+00:00"}')
    older = _run("claude-model-lint", "--as-of", AS_OF, "-q", "app.py", cwd=tmp_path)
    assert "a copy from an older version, without its source's date" in older.stderr


def test_refresh_daily_reads_the_sources_once_a_day_and_survives_offline(
    server: str, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = _stored_after_update(f"{server}/current.md")
    fetched.write(stored._replace(source_date=date(2026, 11, 1), etag=None))  # an old copy
    (tmp_path / ".claude-model-lint.toml").write_text('refresh = "daily"\n')
    (tmp_path / "app.py").write_text('MODEL = "claude-sonnet-4-6"\n')
    monkeypatch.setenv("CLAUDE_MODEL_LINT_SDK_INDEX", f"{server}/sdk/real/pypi/anthropic/json")
    result = _run("claude-model-lint", "--as-of", str(DAY), "-q", "app.py", cwd=tmp_path)
    assert "CML002" in result.stdout, result.stderr  # the refreshed page deprecates Sonnet 4.6
    assert "refresh failed" not in result.stderr  # the SDK 2.17.0 is older: refused, no failure
    assert (cache / "last-refresh").exists()
    _Page.seen.clear()
    again = _run("claude-model-lint", "--as-of", str(DAY), "-q", "app.py", cwd=tmp_path)
    assert "CML002" in again.stdout and not _Page.seen  # a day has not passed: no fetch
    os.utime(cache / "last-refresh", (0, 0))
    refreshed, _ = fetched.read()
    assert refreshed is not None
    fetched.write(refreshed._replace(url="http://127.0.0.1:9/x.md"))
    offline = _run("claude-model-lint", "--as-of", str(DAY), "-q", "app.py", cwd=tmp_path)
    assert "note: refresh failed, using the data it has" in offline.stderr
    assert "CML002" in offline.stdout  # the copy it has still stands


def test_the_action_refreshes_before_linting(server: str, cache: Path, tmp_path: Path) -> None:
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    (runner_temp / "claude-model-lint-venv").symlink_to(Path(sys.prefix))
    (tmp_path / "app.py").write_text('MODEL = "claude-sonnet-4-6"\n')
    summary = tmp_path / "summary.md"
    env = {
        **os.environ, "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(runner_temp),
        "GITHUB_STEP_SUMMARY": str(summary), "INPUT_ARGS": "app.py", "INPUT_AS_OF": str(DAY),
        "INPUT_FAIL_ON": "warning", "INPUT_REGISTRY_URL": f"{server}/current.md",
    }  # fmt: skip
    result = _action(tmp_path, env)
    assert result.returncode == 1 and "CML002" in result.stdout, result.stderr
    assert (
        f"Judged by the model data of {DAY} (bundled {BUNDLED}; fetched Anthropic's page"
        in summary.read_text()
    )
    env["INPUT_REGISTRY_URL"] = "http://127.0.0.1:9/x.md"
    fetched.path().unlink()
    offline = _action(tmp_path, env)
    assert offline.returncode == 0  # legacy is info: the bundled data, and a notice
    assert "::notice title=claude-model-lint::could not refresh the model data" in offline.stdout
    assert "::warning title=claude-model-lint::could not" not in offline.stdout
    env["INPUT_REFRESH_DATA"] = "false"
    env["INPUT_REGISTRY_URL"] = f"{server}/current.md"
    off = _action(tmp_path, env)
    assert off.returncode == 0 and "could not refresh" not in off.stdout
    assert not fetched.path().exists()


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
