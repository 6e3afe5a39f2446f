"""The maintainers' refresh (`scripts/refresh-data`, `claude-model-lint-registry refresh-data`)
against a server on 127.0.0.1 serving the real page copies and SDK wheels of
test_registry_update (tests/fixtures/pages, tests/fixtures/sdk, with their origin): it folds a
newer source into a copy of the bundled models.toml, says what changed, refuses older sources,
lets the page win where the SDK disagrees, and a second run changes nothing.

Then derived platform spellings (issue 29, item 8): the real 2026-10-10 page with rows added for
two models it does not list, as a page announcing new models reads, with no Bedrock or Vertex
ids: they get the ones their family's data implies, marked derived, and a fix never writes one.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from claude_model_lint.registry import bundled
from tests.local_http import serving

from .test_registry_update import CURRENT, DAY, RETIRES, _Page, _run, _words

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "fixtures" / "refresh"
FLOOR = DAY + timedelta(days=365)
# The newest real page as it would read announcing two models it does not list yet: Claude Opus
# 6 (the opus family: Bedrock and Vertex AI ids by the family's rule) and Claude Mythos 6 (a
# family never on Vertex AI in the data: a Bedrock id only). The page gives API ids only, as
# every copy does; claude-opus-5-5 is deprecated in favour of the new model.
NEW_MODELS = CURRENT.replace(
    b"| claude-opus-5-5            | Active        | N/A                | Not sooner than September 22, 2027 |",
    b"| claude-opus-6              | Active        | N/A                | Not sooner than "
    + _words(FLOOR)
    + b" |\n| claude-mythos-6            | Active        | N/A                | Not sooner than "
    + _words(FLOOR)
    + b" |\n| claude-opus-5-5            | Deprecated    | "
    + _words(DAY)
    + b" | "
    + _words(RETIRES)
    + b" |",
).replace(
    b"### 2026-11-23: Claude Opus 4.5 model",
    f"### {DAY}: Claude Opus 5.5 model\n\n| Retirement date | Deprecated model | Recommended "
    "replacement |\n| --- | --- | --- |\n| ".encode()
    + _words(RETIRES)
    + b" | `claude-opus-5-5` | `claude-opus-6` |\n\n### 2026-11-23: Claude Opus 4.5 model",
)
assert NEW_MODELS.count(b"claude-opus-6") == 2 and b"claude-mythos-6 " in NEW_MODELS


class _Served(_Page):
    def do_GET(self) -> None:
        if self.path == "/new-models.md":
            self._send(200, NEW_MODELS)
        else:
            super().do_GET()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(_Served) as url:
        yield url


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the bundled data: the refresh writes it, never the package's."""
    return Path(shutil.copy(bundled.PATH, tmp_path / "models.toml"))


def _refresh(
    data: Path, server: str, page: str = "current", sdk: str | None = None, *more: str
) -> subprocess.CompletedProcess[str]:
    """scripts/refresh-data itself, as the workflow runs it."""
    source = "all" if sdk and page else "sdk" if sdk else "page"
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "refresh-data"), "--data", str(data),
         "--source", source, "--url", f"{server}/{page}.md",
         "--index", f"{server}/sdk/{sdk or 'none'}/pypi/anthropic/json", "--timeout", "20", *more],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _normal(text: str, server: str, data: Path) -> str:
    """The golden's words: no port, no scratch directory, no date that moves with the data."""
    text = text.replace(server, "SERVER").replace(str(data), "DATA")
    text = re.sub(r"/tmp/cml-refresh-\w+|\S+/cml-refresh-\w+", "SCRATCH", text)
    for day, name in ((DAY, "DAY"), (RETIRES, "RETIRES"), (FLOOR, "FLOOR")):
        text = text.replace(str(day), name).replace(_words(day).decode(), name)
    return text.replace(str(bundled.updated()), "BUNDLED")


def _diff(before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
    return "\n".join(re.sub(r"^@@ .* @@$", "@@", line) for line in list(lines)[2:]) + "\n"


def _golden(name: str, text: str, update_goldens: bool) -> None:
    path = GOLDEN / name
    if update_goldens:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name}: run pytest --update-goldens"


def _model(data: Path, model_id: str) -> dict[str, object]:
    entry = tomllib.loads(data.read_text("utf-8"))["models"].get(model_id)
    assert isinstance(entry, dict), model_id
    return entry


def test_a_newer_page_gives_the_reviewed_diff_and_summary(
    server: str, data: Path, update_goldens: bool
) -> None:
    before = data.read_text("utf-8")
    result = _refresh(data, server, "current", None, "--summary", str(data.parent / "s.md"))
    assert result.returncode == 0, result.stderr
    assert (data.parent / "s.md").read_text("utf-8") == result.stdout
    _golden(
        "newer-page.diff",
        _normal(_diff(before, data.read_text("utf-8")), server, data),
        update_goldens,
    )
    _golden("newer-page.summary.md", _normal(result.stdout, server, data), update_goldens)
    assert f"updated = {DAY}" in data.read_text("utf-8")
    sonnet = _model(data, "claude-sonnet-4-6")
    assert (sonnet["deprecated"], sonnet["retired"]) == (DAY, RETIRES)
    assert sonnet["not_sooner_than"] is not None  # the page drops the floor; the file keeps it


def test_a_second_run_changes_nothing(server: str, data: Path) -> None:
    first = _refresh(data, server, "current", "new")
    assert first.returncode == 0 and "# Model data refresh" in first.stdout, first.stderr
    after = data.read_bytes()
    again = _refresh(data, server, "current", "new")
    assert again.returncode == 0, again.stderr
    assert again.stdout.endswith(f"{data}: no change\n") and data.read_bytes() == after


@pytest.mark.parametrize(
    ("page", "sdk", "said"),
    [
        ("page", None, "is of 2026-10-10 (its front matter's date), older than the bundled data"),
        ("old", None, "older than the bundled data"),
        ("", "older", "the Python SDK 2.12.0 is of 2026-11-20 (its release), older than"),
        ("", "real", "the Python SDK 2.17.0 is of 2026-12-03 (its release), older than"),
    ],
)
def test_an_older_source_changes_nothing(
    server: str, data: Path, page: str, sdk: str | None, said: str
) -> None:
    """The real 2026-10-10 and 2025-12-21 pages, the real 2.12.0 and 2.17.0 releases: all older
    than the bundled data, which holds what they say."""
    before = data.read_bytes()
    result = _refresh(data, server, page, sdk)
    assert result.returncode == 0, result.stderr
    assert said in result.stdout and result.stdout.endswith(f"{data}: no change\n")
    assert data.read_bytes() == before


def test_where_the_page_and_the_sdk_disagree_the_summary_says_so_and_the_page_wins(
    server: str, data: Path
) -> None:
    """The real 2.17.0 files in a release of the page's day: they give Claude Mythos Preview an
    end of life of 2026-06-30; the page says 'to be announced' (registry-facts §0)."""
    result = _refresh(data, server, "current", "today")
    assert result.returncode == 0, result.stderr
    section = result.stdout.split("## Disagreements between the sources")[1].split("##")[0]
    assert (
        f"- claude-mythos-preview: disagreement: the SDK 2.17.1 of {DAY} says end of life "
        "2026-06-30; the data says to be announced (DOCS, PAGE-0926); kept the data's"
    ) in section
    assert "claude-opus-4-5" not in section  # they agree on Opus 4.5
    mythos = _model(data, "claude-mythos-preview")
    assert "retired" not in mythos and mythos["deprecated"] is not None
    assert f"PAGE-{DAY}" in str(mythos["sources"]) or "SDK-2.17.1" not in str(mythos["sources"])


def test_a_model_only_the_sdk_lists_is_added_active_with_derived_platform_ids(
    server: str, data: Path
) -> None:
    result = _refresh(data, server, "", "new")
    assert result.returncode == 0, result.stderr
    assert (
        "- `claude-fable-5-3`: active, family fable; bedrock `anthropic.claude-fable-5-3` "
        "(derived); vertex `claude-fable-5-3` (derived) [SDK-2.18.0]"
    ) in result.stdout
    fable = _model(data, "claude-fable-5-3")
    assert fable["derived"] == ["anthropic.claude-fable-5-3", "claude-fable-5-3"]
    assert "deprecated" not in fable and fable["sources"] == ["SDK-2.18.0"]
    assert '"SDK-2.18.0" = "Anthropic\'s Python SDK 2.18.0' in data.read_text("utf-8")


def test_a_source_that_fails_is_one_line_and_the_data_is_untouched(server: str, data: Path) -> None:
    before = data.read_bytes()
    result = _refresh(data, server, "missing")
    assert (
        result.returncode == 2 and "HTTP 404" in result.stdout and "Traceback" not in result.stderr
    )
    assert data.read_bytes() == before


def test_new_models_on_a_page_get_their_familys_platform_ids_marked_derived(
    server: str, data: Path
) -> None:
    result = _refresh(data, server, "new-models")
    assert result.returncode == 0, result.stderr
    opus, mythos = _model(data, "claude-opus-6"), _model(data, "claude-mythos-6")
    assert (opus["bedrock"], opus["vertex"]) == (["anthropic.claude-opus-6"], ["claude-opus-6"])
    assert opus["derived"] == ["anthropic.claude-opus-6", "claude-opus-6"]
    # no Mythos model is on Vertex AI in the data: no Vertex id is derived
    assert (mythos["bedrock"], "vertex" in mythos) == (["anthropic.claude-mythos-6"], False)
    assert _model(data, "claude-opus-5-5")["replacement"] == "claude-opus-6"


def _lint(tmp_path: Path, text: str, *args: str) -> list[dict[str, object]]:
    (tmp_path / "app.py").write_text(text)
    result = _run(
        "claude-model-lint", "--as-of", str(DAY + timedelta(days=1)), "--format", "json",
        *args, "app.py", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_a_fix_never_writes_a_derived_id_but_explain_and_the_listing_say_derived(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`update` reads the page into the user cache; Opus 5.5 is then deprecated in favour of
    Claude Opus 6, whose Bedrock id is derived: the API id is fixed, the Bedrock id is not.
    The page alone naming Claude Opus 6 is not enough for a fix to write it (issue 36 item 2):
    the SDK's release must list it too."""
    monkeypatch.setenv("CLAUDE_MODEL_LINT_CACHE_DIR", str(tmp_path / "cache"))
    update = _run(
        "claude-model-lint-registry", "update", "--source", "page",
        "--url", f"{server}/new-models.md", "--timeout", "10",
    )  # fmt: skip
    assert update.returncode == 0, update.stderr
    work = tmp_path / "work"
    work.mkdir()
    (alone,) = _lint(work, 'A = "claude-opus-5-5"\n', "--fix")
    assert (work / "app.py").read_text() == 'A = "claude-opus-5-5"\n'
    assert (
        "(not fixable: claude-opus-6 is known only from Anthropic's page of "
        f"{DAY} (its front matter's date) from {server}/new-models.md)"
    ) in str(alone["message"])
    sdk = _run(
        "claude-model-lint-registry", "update", "--source", "sdk",
        "--index", f"{server}/sdk/opus-6/pypi/anthropic/json", "--timeout", "10",
    )  # fmt: skip
    assert sdk.returncode == 0, sdk.stderr
    _lint(work, 'A = "claude-opus-5-5"\n', "--fix")
    assert (work / "app.py").read_text() == 'A = "claude-opus-6"\n'  # the page's own id
    found = _lint(work, 'B = "anthropic.claude-opus-5-5"\n', "--fix")
    assert (work / "app.py").read_text() == 'B = "anthropic.claude-opus-5-5"\n'
    assert [d["code"] for d in found] == ["CML002"], found
    assert (
        "no fix: claude-opus-6's Bedrock id anthropic.claude-opus-6 is derived from its "
        "family's, not published; a fix writes only published ids"
    ) in str(found[0]["message"])
    explain = _run("claude-model-lint-registry", "explain", "claude-opus-6", "--as-of", str(DAY))
    assert "  bedrock: anthropic.claude-opus-6 (derived)  [fetched" in explain.stdout, (
        explain.stdout
    )
    listing = _run("claude-model-lint", "--list-models", "--as-of", str(DAY), cwd=work)
    row = next(line for line in listing.stdout.splitlines() if line.startswith("claude-opus-6 "))
    assert row.endswith("api,bedrock (derived),vertex (derived)"), row
    listed = _run(
        "claude-model-lint", "--list-models", "--as-of", str(DAY), "--format", "json", cwd=work
    )
    (opus,) = [m for m in json.loads(listed.stdout)["models"] if m["id"] == "claude-opus-6"]
    assert (opus["platforms"], opus["derived_on"]) == (
        ["api", "bedrock", "vertex"],
        ["bedrock", "vertex"],
    )
    # a derived id is still recognised: the model, not an unknown id
    assert [d["code"] for d in _lint(work, 'C = "anthropic.claude-opus-6"\n')] == []


# --- the scheduled workflow -------------------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "refresh-data.yml"


def _workflow() -> dict[object, object]:
    yaml = pytest.importorskip("yaml")
    flow: dict[object, object] = yaml.safe_load(WORKFLOW.read_text())
    return flow


def _steps() -> list[dict[str, object]]:
    jobs = _workflow()["jobs"]
    assert isinstance(jobs, dict) and list(jobs) == ["refresh"]
    steps: list[dict[str, object]] = jobs["refresh"]["steps"]
    return steps


def test_the_workflow_runs_daily_refreshes_tests_and_opens_one_pull_request() -> None:
    flow = _workflow()
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as true
    assert isinstance(on, dict) and set(on) == {"schedule", "workflow_dispatch"}
    (cron,) = on["schedule"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", cron["cron"])  # once a day
    assert flow["permissions"] == {"contents": "read"}
    job = flow["jobs"]["refresh"]  # type: ignore[index]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    runs = [str(step.get("run", "")) for step in _steps()]
    (refresh,) = [r for r in runs if "scripts/refresh-data" in r]
    script = ROOT / "scripts" / "refresh-data"
    assert script.is_file() and script.stat().st_mode & 0o111
    assert any("bash scripts/test" in r for r in runs)
    assert any("scripts/generate_docs.py" in r for r in runs)  # the docs made from the data
    assert runs.index(refresh) < next(i for i, r in enumerate(runs) if "bash scripts/test" in r)
    release = (ROOT / ".github" / "workflows" / "release.yml").read_text()
    for step in _steps():  # actions pinned as release.yml pins them
        if "uses" in step:
            assert f"uses: {step['uses']}" in release, step["uses"]
    assert flow["env"] == {"BRANCH": "refresh-data"}  # one fixed branch: one pull request


def _pull_request_step() -> str:
    (step,) = [s for s in _steps() if "gh pr" in str(s.get("run", ""))]
    assert step["env"] == {"GH_TOKEN": "${{ github.token }}"}
    return str(step["run"]).replace("${{ github.event.repository.default_branch }}", "main")


def test_the_pull_request_step_opens_one_then_updates_it(tmp_path: Path) -> None:
    """The step's own shell, with git and a bare remote on disk and a `gh` that records its
    arguments and answers `pr list` as GitHub would: the first run opens the pull request, the
    second force-pushes the same branch and edits the same pull request."""
    git = ["git", "-c", "init.defaultBranch=main"]
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    subprocess.run([*git, "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run([*git, "clone", "-q", str(remote), str(work)], check=True, capture_output=True)
    data = work / "claude_model_lint" / "registry" / "data" / "models.toml"
    data.parent.mkdir(parents=True)
    data.write_text("updated = 1\n")
    (work / "docs").mkdir()
    (work / "docs" / "registry.md").write_text("the model table\n")
    for command in (["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], ["push", "-q", "origin", "main"]):  # fmt: skip
        subprocess.run(["git", *command], cwd=work, check=True, capture_output=True)
    bin_dir, log, open_pr = tmp_path / "bin", tmp_path / "gh.log", tmp_path / "open"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(
        f'#!/bin/sh\necho "$*" >> {log}\n'
        f'if [ "$1 $2" = "pr list" ]; then cat {open_pr} 2>/dev/null; fi\n'
        f'if [ "$1 $2" = "pr create" ]; then echo 7 > {open_pr}; fi\n'
    )
    (bin_dir / "gh").chmod(0o755)
    (tmp_path / "summary.md").write_text("# Model data refresh\n")
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "BRANCH": "refresh-data",
        "GH_TOKEN": "x", "HOME": str(tmp_path),
    }  # fmt: skip
    for day in (2, 3):
        subprocess.run(["git", "checkout", "-q", "main"], cwd=work, check=True)
        data.write_text(f"updated = {day}\n")
        subprocess.run(
            ["bash", "-e", "-c", _pull_request_step()], cwd=work, env=env, check=True,
            capture_output=True,
        )  # fmt: skip
    calls = log.read_text().splitlines()
    assert [c.split(" --")[0] for c in calls] == ["pr list", "pr create", "pr list", "pr edit 7"]
    assert "--head refresh-data --base main" in calls[1]
    shown = subprocess.run(
        ["git", "--git-dir", str(remote), "show", "refresh-data:claude_model_lint/registry/data/models.toml"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shown.stdout == "updated = 3\n"
    branches = subprocess.run(
        ["git", "--git-dir", str(remote), "for-each-ref", "--format=%(refname:short)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert branches.stdout.split() == ["main", "refresh-data"]


def test_the_maintainers_page_example_runs(tmp_path: Path) -> None:
    """docs/maintainers.md's example, run from the repository as written (with --data on a
    copy, so that nothing could touch the package's file): the lines match, "…" standing for
    the parts that name this machine or the data's date."""
    text = (ROOT / "docs" / "maintainers.md").read_text()
    (block,) = re.findall(r"<!-- example: refresh-data -->\n```text\n\$ (.*?)```", text, re.DOTALL)
    command, *expected = block.splitlines()
    copy = Path(shutil.copy(bundled.PATH, tmp_path / "models.toml"))
    result = subprocess.run(
        ["bash", "-c", f"PATH={Path(sys.executable).parent}:$PATH {command} --data {copy}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    said = (result.stderr + result.stdout).splitlines()
    assert len(said) == len(expected), said
    for line, shown in zip(said, expected, strict=True):
        assert re.fullmatch(".*".join(map(re.escape, shown.split("…"))), line), (line, shown)
    assert copy.read_bytes() == bundled.PATH.read_bytes()


def test_without_the_maintain_extra_it_says_so_in_one_line(data: Path) -> None:
    """tomlkit is for maintainers only: a plain install says which extra, no traceback."""
    code = (
        "import sys; sys.modules['tomlkit'] = None\n"
        "from claude_model_lint.commands.registry import main\n"
        f"sys.argv = ['claude-model-lint-registry', 'refresh-data', '--data', {str(data)!r}]\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "refresh-data needs the maintain extra" in result.stderr
