"""Hostile fetched data (review 3, reviewer B: B1-B3, B10, B11, B15, M-e, M-f), served from
127.0.0.1 by test_registry_update's server: the real page copies (tests/fixtures/pages) served
stale, forged or dated in the future, and package-index answers of the wrong shape. The data's
lifecycle never moves backwards, a fix never writes a model one fetched source alone names, and
every bad answer is one line, never a hang or a traceback."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from datetime import date, datetime, timezone
from email.utils import formatdate
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_model_lint.registry import bundled, fetched
from claude_model_lint.registry.page_import import parse_page
from claude_model_lint.registry.page_overlay import overlay_toml, without_backwards
from claude_model_lint.registry.registry import Registry, load_registry
from tests.local_http import serving

from .test_registry_update import (
    BIN,
    CURRENT,
    DAY,
    NEWEST,
    RELEASES,
    _index_json,
    _Page,
    _run,
    _update,
)

# The real 2026-10-10 page without its front matter, as a static server serves a stale mirror:
# dated by Last-Modified, the moment it is served. It lists Opus 4.5 as active (deprecated since).
FRONT_MATTER_END = NEWEST.index(b"---\n", 4) + 4
STALE = NEWEST[FRONT_MATTER_END:]
# The page dated 2099 that lists claude-sonnet-4-20250514 (retired) as active (review B2).
UNRETIRE = (
    NEWEST.replace(b"fetched_at: 2026-10-10", b"fetched_at: 2099-01-01")
    .replace(
        b"| claude-sonnet-4-20250514   | Retired       | April 14, 2026     | June 15, 2026      ",
        b"| claude-sonnet-4-20250514   | Active        | N/A | Not sooner than September 1, 2099",
    )
    .replace(b"| June 15, 2026   | `claude-sonnet-4-20250514` | `claude-sonnet-5-5`     |\n", b"")
)
# A page of a plausible date whose status table lists an invented model, named as the
# replacement of claude-2.1 (review B1: the status table bypassed the replacement check).
FORGED = CURRENT.replace(
    b"| claude-opus-5-5            |",
    b"| claude-evil-9              | Active        | N/A                | Not sooner than "
    b"September 1, 2099  |\n| claude-opus-5-5            |",
).replace(b"| `claude-2.1`               | `claude-opus-4-8`", b"| `claude-2.1` | `claude-evil-9`")
assert b"claude-evil-9" in FORGED and FORGED.count(b"claude-evil-9") == 2
assert UNRETIRE.count(b"claude-sonnet-4-20250514   | Active") == 1


def _entry(**fields: object) -> bytes:
    """The real index's shape (test_registry_update) with one field of the wheel's entry set."""
    index = _index_json(*RELEASES["new"])
    files = index["urls"]
    assert isinstance(files, list)
    files[0].update(fields)
    return json.dumps(index).encode()


INDEXES = {
    "size-abc": _entry(size="abc"),
    "size-list": _entry(size=[1]),
    "size-inf": _entry(size=1).replace(b'"size": 1,', b'"size": 1e400,'),
    "version-long": _entry().replace(
        b'"version": "2.18.0"', b'"version": "' + b"9" * 100_000 + b'"'
    ),
    "upload-bad": _entry(upload_time_iso_8601="yesterday"),
    "url-list": _entry(url=["x"]),
    "digest-bad": _entry(digests={"sha256": {"a": 1}}),
    "stdin": _entry(url="file:///dev/stdin"),
    "future": _entry(upload_time_iso_8601="2099-01-01T00:00:00Z"),
    "passwd": _entry(url="file:///etc/passwd"),
}


class _Hostile(_Page):
    def do_GET(self) -> None:
        name = self.path.strip("/").removeprefix("idx/")
        if self.path == "/stale.md":
            self._dated(STALE, formatdate(usegmt=True))
        elif self.path == "/future-lm.md":
            self._dated(STALE, "Fri, 31 Dec 9999 23:59:59 GMT")
        elif self.path == "/unretire.md":
            self._send(200, UNRETIRE)
        elif self.path == "/forged.md":
            self._send(200, FORGED)
        elif self.path == "/postponed.md":
            self._send(200, POSTPONED)
        elif self.path.startswith("/idx/") and name in INDEXES:
            self._send(200, INDEXES[name], kind="application/json")
        else:
            super().do_GET()

    def _dated(self, body: bytes, modified: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/markdown; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", modified)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(_Hostile) as url:
        yield url


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "user-cache"
    monkeypatch.setenv("CLAUDE_MODEL_LINT_CACHE_DIR", str(directory))
    monkeypatch.delenv("CLAUDE_MODEL_LINT_SDK_INDEX", raising=False)
    return directory


def _lint(work: Path, model: str, *args: str) -> tuple[int, list[dict[str, str]], str]:
    (work / "app.py").write_text(f'MODEL = "{model}"\n')
    result = _run(
        "claude-model-lint", "--no-cache", "--as-of", "2026-12-07", "--format", "json",
        *args, "app.py", cwd=work,
    )  # fmt: skip
    return result.returncode, json.loads(result.stdout or "[]"), result.stderr


# --- never backwards (B2, B3) -----------------------------------------------------------------


def test_a_stale_page_served_as_new_cannot_clear_a_deprecation(
    server: str, cache: Path, tmp_path: Path
) -> None:
    """B3: the 2026-10-10 page, dated today by a static server's Last-Modified, said Opus 4.5 was
    active and cleared its deprecation (CML002 -> CML003, exit 0). Its row is ignored and said;
    the rest of the page is used."""
    result = _update(f"{server}/stale.md")
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "backwards" in line]
    assert said == [
        f"  {server}/stale.md: ignored 1 row that would move a model's lifecycle backwards "
        "(claude-opus-4-5-20251101: its deprecation of 2026-11-23 cleared); the data in use "
        "keeps their dates"
    ], result.stderr
    stored, _ = fetched.read()
    assert stored is not None and stored.models == 35  # the page's other rows are used (of 36)
    assert '[models."claude-opus-4-5-20251101"]' not in stored.overlay
    assert '[models."claude-opus-5-5"]' in stored.overlay
    code, found, _ = _lint(tmp_path, "claude-opus-4-5-20251101")
    assert (code, [d["code"] for d in found]) == (1, ["CML002"])
    assert "retires on 2027-01-22" in found[0]["message"]


@pytest.mark.parametrize(
    ("path", "dated"),
    [
        ("/unretire.md", "is of 2099-01-01 (its front matter's date)"),
        ("/future-lm.md", "is of 9999-12-31 (its Last-Modified)"),
    ],
)
def test_a_page_dated_in_the_future_is_refused_in_one_line(
    server: str, cache: Path, tmp_path: Path, path: str, dated: str
) -> None:
    """B2: a page dated 2099 un-retired claude-sonnet-4-20250514 ("No findings.", exit 0)."""
    result = _update(f"{server}{path}")
    assert result.returncode == 2
    assert result.stderr == (
        f"claude-model-lint-registry: error: {server}{path} {dated}, a date in the future: "
        "refused; the registry in use is unchanged\n"
    )
    assert not fetched.path().exists()
    code, found, _ = _lint(tmp_path, "claude-sonnet-4-20250514")
    assert (code, [d["code"] for d in found]) == (1, ["CML001"])


def test_a_copy_stored_with_a_future_date_blocks_nothing(
    server: str, cache: Path, tmp_path: Path
) -> None:
    """B2's "the date sticks": a copy stored dated 9999 (by an earlier version) refused every
    genuine page after it as older, and un-retired the model in every run. It is passed over
    with a note, and a genuine page is taken."""
    forged = fetched.Fetched(
        datetime(2026, 12, 1, tzinfo=timezone.utc), f"{server}/future-lm.md",
        '[models."claude-sonnet-4-20250514"]\nclear = ["retired", "deprecated"]\nsources = ["SDK"]\n',
        source_date=date(9999, 12, 31), dated_by="its Last-Modified",
    )  # fmt: skip
    fetched.write(forged)
    code, found, stderr = _lint(tmp_path, "claude-sonnet-4-20250514")
    assert (code, [d["code"] for d in found]) == (1, ["CML001"])
    assert "the fetched copy is dated 9999-12-31, in the future; ignored, run update again" in (
        stderr
    )
    explain = _run("claude-model-lint-registry", "explain", "claude-sonnet-4-20250514")
    assert "in the future; ignored" in explain.stderr  # M-e: explain says it too
    result = _update(f"{server}/current.md")
    assert result.returncode == 0, result.stderr
    assert f"the page is of {DAY} (its front matter's date)" in result.stderr
    stored, _ = fetched.read()
    assert stored is not None and stored.source_date == DAY


def test_explain_says_when_it_drops_a_damaged_fetched_copy(cache: Path) -> None:
    """M-e: lint said it; explain dropped it silently."""
    cache.mkdir()
    fetched.path().write_text("{not json")
    result = _run("claude-model-lint-registry", "explain", "claude-2.1", "--as-of", "2026-12-07")
    assert result.returncode == 0
    assert result.stderr.startswith("claude-model-lint-registry: note: ")
    assert "the fetched registry is damaged" in result.stderr and result.stderr.count("\n") == 1


# --- a fix writes only what two sources vouch for (B1) -----------------------------------------


def test_a_model_only_a_fetched_page_names_is_never_written_by_a_fix(
    server: str, cache: Path, tmp_path: Path
) -> None:
    """B1: the forged page lists claude-evil-9 in its status table and names it claude-2.1's
    replacement; --fix wrote it. Now the finding says why it is not fixed."""
    result = _update(f"{server}/forged.md")
    assert result.returncode == 0, result.stderr
    assert "new model claude-evil-9" in result.stderr
    code, found, _ = _lint(tmp_path, "claude-2.1", "--fix")
    assert (tmp_path / "app.py").read_text() == 'MODEL = "claude-2.1"\n'
    assert code == 1 and [d["code"] for d in found] == ["CML001"]
    assert found[0]["message"].endswith(
        f"(not fixable: claude-evil-9 is known only from Anthropic's page of {DAY} "
        f"(its front matter's date) from {server}/forged.md)"
    )


# --- the SDK index: every field checked, no local file, no hang (B10, B11, M-f) ------------------


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("size-abc", "size: 'abc' is not a number of bytes"),
        ("size-list", "size: list is not a number of bytes"),
        ("size-inf", "size: Infinity is not a number of bytes"),
        ("version-long", "info.version: '" + "9" * 80 + "'... is not a release version"),
        ("upload-bad", "upload_time_iso_8601: 'yesterday' is not a date"),
        ("url-list", "url: list is not an address"),
        ("digest-bad", "digests.sha256: dict is not a SHA-256"),
        ("stdin", "url: 'file:///dev/stdin' is not an http:// or https:// address"),
        ("passwd", "url: 'file:///etc/passwd' is not an http:// or https:// address"),
    ],
)
def test_a_bad_index_field_is_one_line_naming_it(
    server: str, cache: Path, name: str, field: str
) -> None:
    """B10: 'size': 'abc', 1e400 or [1] was 'internal error: ValueError'; B11: the index named
    the wheel file:///dev/stdin (a hang past --timeout) or file:///etc/passwd (read)."""
    index = f"{server}/idx/{name}"
    result = _run(
        "claude-model-lint-registry", "update", "--source", "sdk", "--index", index,
        "--timeout", "3",
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        f"claude-model-lint-registry: error: {index}: not the package index's JSON for a "
        f"package: {field}; the registry in use is unchanged\n"
    )


@pytest.mark.parametrize("name", ["size-abc", "stdin"])
def test_a_daily_refresh_with_a_bad_index_is_a_note_and_the_run_goes_on(
    server: str, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """B10b/B11b: with refresh = "daily" the plain lint aborted (internal error, no findings) or
    hung on the index's file:///dev/stdin. Standard input is left open: nothing may read it."""
    assert _update(f"{server}/current.md").returncode == 0  # its page: never the real one
    monkeypatch.setenv("CLAUDE_MODEL_LINT_SDK_INDEX", f"{server}/idx/{name}")
    (tmp_path / ".claude-model-lint.toml").write_text('refresh = "daily"\n')
    (tmp_path / "app.py").write_text('MODEL = "claude-2.1"\n')
    with subprocess.Popen(
        [str(BIN / "claude-model-lint"), "--no-cache", "--as-of", "2026-12-07", "app.py"],
        cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=os.environ,
    ) as run:  # fmt: skip
        stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == 1, stderr
    assert "CML001" in stdout and "internal error" not in stderr
    notes = [line for line in stderr.splitlines() if "refresh failed" in line]
    assert len(notes) == 1 and f"{server}/idx/{name}: not the package index's" in notes[0], stderr
    assert "platform.claude.com" not in notes[0]  # the page read was the local one


def test_an_sdk_release_dated_in_the_future_is_refused(server: str, cache: Path) -> None:
    """B2 for the other source: the release's upload date is its date."""
    index = f"{server}/idx/future"
    result = _run("claude-model-lint-registry", "update", "--source", "sdk", "--index", index)
    assert result.returncode == 2 and not fetched.path("sdk").exists()
    assert result.stderr == (
        "claude-model-lint-registry: error: the Python SDK 2.18.0 is of 2099-01-01 (its "
        "release), a date in the future: refused; the registry in use is unchanged\n"
    )


# --- local reads: only regular files (B15) -----------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "fifo.md"
    os.mkfifo(path)
    return path


def test_a_fifo_given_as_the_page_or_the_data_is_refused_not_waited_on(
    server: str, cache: Path, tmp_path: Path, fifo: Path
) -> None:
    """B15: `refresh-data --url file://FIFO --timeout 3` and `--data FIFO` waited for ever."""
    pytest.importorskip("tomlkit")
    data = tmp_path / "models.toml"
    data.write_bytes(bundled.PATH.read_bytes())
    page = _run(
        "claude-model-lint-registry", "refresh-data", "--source", "page", "--timeout", "3",
        "--data", str(data), "--url", fifo.as_uri(),
    )  # fmt: skip
    assert page.returncode == 2
    assert f"{fifo.as_uri()}: cannot read: not a regular file (a FIFO)" in page.stdout
    held = _run(
        "claude-model-lint-registry", "refresh-data", "--source", "page", "--timeout", "3",
        "--data", str(fifo), "--url", f"{server}/current.md",
    )  # fmt: skip
    assert held.returncode == 2
    assert held.stdout == f"{fifo}: cannot read the data file: not a regular file (a FIFO)\n"


# The page of the day after the bundled data with Opus 4.5's retirement moved three years on.
POSTPONED = CURRENT.replace(b"January 22, 2027", b"January 22, 2030")


def test_a_page_postponing_a_retirement_is_ignored_for_that_row(
    server: str, cache: Path, tmp_path: Path
) -> None:
    result = _update(f"{server}/postponed.md")
    assert result.returncode == 0, result.stderr
    assert (
        "ignored 1 row that would move a model's lifecycle backwards (claude-opus-4-5-20251101: "
        "its retirement of 2027-01-22 postponed to 2030-01-22)"
    ) in result.stderr
    code, found, _ = _lint(tmp_path, "claude-opus-4-5-20251101")
    assert code == 1 and "retires on 2027-01-22" in found[0]["message"]


_DAYS = st.one_of(st.none(), st.dates(date(2023, 1, 1), date(2031, 12, 31)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_page_row_moves_a_model_backwards(data: st.DataObject) -> None:
    """Whatever dates the page's status table gives the models the data holds as deprecated or
    retired, the data with the page on top never has a later or missing date for them."""
    base = _base()
    page = parse_page(CURRENT.decode())
    ids = sorted(i for i in page.models if i in base.models)
    for model_id in data.draw(st.lists(st.sampled_from(ids), max_size=6, unique=True)):
        first, second = sorted([data.draw(_DAYS), data.draw(_DAYS)], key=lambda d: d or date.max)
        row = page.models[model_id]
        row.deprecated, row.retired, row.on_status_table = first, second, True
    kept, _ = without_backwards(page, base, "page")
    layered = load_registry(fetched=[("page", overlay_toml(kept, base, DAY, "page"))])
    for model_id, before in base.models.items():
        after = layered.models[model_id]
        for was, now in ((before.deprecated, after.deprecated), (before.retired, after.retired)):
            assert was is None or (now is not None and now <= was), (model_id, was, now)
        if before.deprecated_undated:
            assert after.deprecated_undated or after.deprecated is not None


_BASE: list[Registry] = []


def _base() -> Registry:
    if not _BASE:
        _BASE.append(load_registry())
    return _BASE[0]
