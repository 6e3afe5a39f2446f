"""The second first-party source: Anthropic's Python SDK, read from a fake package index on
127.0.0.1 (the JSON API's shape) serving wheels built from real copies of the SDK's two files
(tests/fixtures/sdk, with their origin). New models, disagreements with the page, older releases,
hostile and broken wheels."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.registry import fetched
from claude_model_lint.registry.live import FetchError
from claude_model_lint.registry.sdk_source import parse_wheel

from . import test_registry_update as _served
from .test_registry_update import (
    BUNDLED,
    DAY,
    RELEASES,
    _read,
    _run,
    _update,
    _update_sdk,
    _verdicts,
    _wheel,
)

server, cache = _served.server, _served.cache  # its fixtures: the local index and the user cache


def _lint(tmp_path: Path, model: str, as_of: str) -> tuple[int, list[dict[str, str]]]:
    (tmp_path / "app.py").write_text(f'MODEL = "{model}"\n')
    result = _run("claude-model-lint", "--as-of", as_of, "--format", "json", "app.py", cwd=tmp_path)
    return result.returncode, json.loads(result.stdout)


def test_a_new_model_served_only_by_the_sdk_is_info_before_and_known_after(
    server: str, cache: Path, tmp_path: Path
) -> None:
    code, found = _lint(tmp_path, "claude-fable-5-3", str(DAY))
    assert code == 0 and [(d["code"], d["severity"]) for d in found] == [("CML008", "info")]
    assert f"not in the model data of {BUNDLED}" in found[0]["message"]
    result = _update_sdk(server, "new")
    assert result.returncode == 0, result.stderr
    assert "new model claude-fable-5-3 (the SDK 2.18.0)" in result.stderr
    assert f"from the Python SDK 2.18.0 (released {DAY})" in result.stderr
    code, found = _lint(tmp_path, "claude-fable-5-3", str(DAY))
    assert (code, found) == (0, [])
    assert _verdicts(tmp_path, str(DAY))["claude-fable-5-3"] == ("active", "", "")
    stored, _ = fetched.read("sdk")
    assert stored is not None and (stored.source_date, stored.kind) == (DAY, "sdk")
    again = _update_sdk(server, "new")
    assert again.returncode == 0 and "the release read before; unchanged" in again.stderr


@pytest.mark.parametrize(("release", "day"), [("older", "2026-11-20"), ("real", "2026-12-03")])
def test_an_older_sdk_release_is_refused_and_changes_no_verdict(
    server: str, cache: Path, tmp_path: Path, release: str, day: str
) -> None:
    """2.12.0 (Sonnet 4.5 not yet retired, Opus 4.5 not yet deprecated) and 2.17.0 itself: both
    older than the bundled data, which already holds what they say."""
    before = {d: _verdicts(tmp_path, d) for d in ("2026-12-07", "2027-02-01")}
    result = _update_sdk(server, release)
    assert result.returncode == 0 and result.stderr.count("\n") == 1, result.stderr
    assert f"is of {day} (its release), older than the bundled data of {BUNDLED}" in result.stderr
    assert not fetched.path("sdk").exists()
    assert {d: _verdicts(tmp_path, d) for d in before} == before


def test_where_the_page_and_the_sdk_disagree_the_page_stands_and_update_says_so(
    server: str, cache: Path, tmp_path: Path
) -> None:
    """The real 2.17.0 files, released the day after the bundled data, beside the page of that
    day: the SDK still gives Claude Mythos Preview an end of life of 2026-06-30, the page says
    'to be announced' (registry-facts §0). Opus 4.5's date agrees: nothing said."""
    result = _run(
        "claude-model-lint-registry", "update", "--source", "all", "--url",
        f"{server}/current.md", "--index", f"{server}/sdk/today/pypi/anthropic/json",
        "--timeout", "10",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert (
        f"claude-mythos-preview: disagreement: the SDK 2.17.1 of {DAY} says end of life "
        "2026-06-30; the data says to be announced (DOCS, PAGE-0926); kept the data's "
        "(the page is the source of record)"
    ) in lines, result.stderr
    assert not any(line.startswith("claude-opus-4-5") for line in lines)
    _, found = _lint(tmp_path, "claude-mythos-preview", str(DAY))
    assert [d["code"] for d in found] == ["CML002"]  # deprecated, retirement to be announced
    assert "retirement date not yet announced" in found[0]["message"]
    assert "Anthropic's Python SDK of" in _run("claude-model-lint", "--version").stdout


def test_the_sdk_files_are_parsed_never_run(server: str, cache: Path, tmp_path: Path) -> None:
    result = _run(
        "claude-model-lint-registry", "update", "--source", "sdk", "--index",
        f"{server}/sdk/hostile/pypi/anthropic/json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "new model claude-fable-5-3" in result.stderr
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


def test_the_real_files_say_what_the_facts_file_says() -> None:
    release = parse_wheel(_wheel(*RELEASES["real"]), "2.17.0", date(2026, 12, 3), "x")
    assert {"claude-fable-5-2", "claude-mythos-5-2", "claude-opus-4-5"} <= set(release.ids)
    assert not any(i.startswith("claude-sonnet-4-5") for i in release.ids)
    assert release.end_of_life == {
        "claude-mythos-preview": date(2026, 6, 30),
        "claude-opus-4-5": date(2027, 1, 22),
        "claude-opus-4-5-20251101": date(2027, 1, 22),
    }


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        for name, body in files.items():
            wheel.writestr(name, body)
    return buffer.getvalue()


MODEL = "anthropic/types/model.py"
DEPRECATED = "anthropic/_data/deprecated_models.py"


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({MODEL: _read("2.17.0", "model.py")}, f"the wheel has no {DEPRECATED}"),
        ({MODEL: b"Model = (", DEPRECATED: b"DEPRECATED_MODELS = {}"}, "not Python source"),
        ({MODEL: b"Model = 1", DEPRECATED: b"DEPRECATED_MODELS = {}"}, "expected model ids"),
        ({MODEL: _read("2.17.0", "model.py"), DEPRECATED: b"DEPRECATED_MODELS = dict()"},
         "expected DEPRECATED_MODELS to be a dict literal"),
        ({MODEL: _read("2.17.0", "model.py"), DEPRECATED: b'DEPRECATED_MODELS = {"claude-opus-4-5": "soon"}'},
         "expected a date"),
        ({MODEL: _read("2.17.0", "model.py"), DEPRECATED: b'DEPRECATED_MODELS = {"rm -rf /": "June 1st, 2027"}'},
         "is not a model id"),
        ({MODEL: b"#" * (1024 * 1024 + 1), DEPRECATED: b""}, "larger than 1048576 bytes"),
        ({MODEL: b"\xff\xfe", DEPRECATED: b""}, "not UTF-8 text"),
        ({MODEL: b"Model = " + b"[" * 100_000 + b"]" * 100_000, DEPRECATED: b""}, "not Python source"),
    ],
)  # fmt: skip
def test_a_broken_wheel_is_one_line_naming_the_file(files: dict[str, bytes], reason: str) -> None:
    with pytest.raises(FetchError) as caught:
        parse_wheel(_zip(files), "9.9.9", DAY, "http://index/w.whl")
    assert reason in str(caught.value) and "\n" not in str(caught.value)


def test_not_a_wheel_is_one_line() -> None:
    with pytest.raises(FetchError, match="not a readable wheel"):
        parse_wheel(b"<html>", "9.9.9", DAY, "http://index/w.whl")


def test_update_source_all_takes_the_page_even_when_the_sdk_is_offline(
    server: str, cache: Path
) -> None:
    result = _update(f"{server}/current.md")
    assert result.returncode == 0
    both = _run(
        "claude-model-lint-registry",
        "update",
        "--url",
        f"{server}/current.md",
        "--timeout",
        "3",
    )  # fmt: skip  (the SDK index: the conftest's address where nothing answers)
    assert both.returncode == 2 and "cannot connect" in both.stderr
    assert "not modified since the last fetch" in both.stderr
    assert fetched.path().exists()


def test_explain_credits_each_fact_to_the_layer_that_set_it(
    server: str, cache: Path, tmp_path: Path
) -> None:
    assert _update(f"{server}/current.md").returncode == 0
    assert _update_sdk(server, "new").returncode == 0
    sonnet = _run("claude-model-lint-registry", "explain", "claude-sonnet-4-6", "--as-of", str(DAY))
    assert sonnet.returncode == 0, sonnet.stderr
    page = f"fetched Anthropic's page of {DAY} (its front matter's date) from {server}/current.md"
    lines = sonnet.stdout.splitlines()
    assert lines[0] == "claude-sonnet-4-6 (Claude Sonnet 4.6); claude-sonnet-4-6 is its id spelling"
    assert f"  deprecated: {DAY}  [{page}]" in lines
    assert f"  name: Claude Sonnet 4.6  [bundled data of {BUNDLED}]" in lines
    bedrock = "  Amazon Bedrock: deprecated (Claude API dates; Amazon Bedrock publishes none)"
    assert any(line.startswith(bedrock) for line in lines), sonnet.stdout
    new = _run("claude-model-lint-registry", "explain", "claude-fable-5-3", "--as-of", str(DAY))
    assert "  Claude API: active (Claude API dates)" in new.stdout
    assert (
        "fetched Anthropic's Python SDK of" in new.stdout
        and "SDK-RELEASE: Anthropic's Python SDK 2.18.0" in new.stdout
    )
    unknown = _run("claude-model-lint-registry", "explain", "claude-fable-9")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1
