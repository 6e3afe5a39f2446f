"""Importing the 'Model deprecations' page into registry overlays: the Korean seed and every real
copy of the page in tests/fixtures/pages/real (origins in SOURCES.md there)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.registry.lifecycle import lifecycle
from claude_model_lint.registry.page_import import PageError, parse_date, parse_page
from claude_model_lint.registry.page_text import front_matter_date
from claude_model_lint.registry.registry import Registry, load_registry
from claude_model_lint.types import Platform

PAGES = Path(__file__).parent / "fixtures" / "pages"
KOREAN = PAGES / "model-deprecations.ko.md"
REAL = sorted(PAGES.glob("model-deprecations.*.*.md"))  # the seed has no date in its name
UNREADABLE = {"model-deprecations.en.2026-02-10.md"}  # a plain-text scrape: no tables at all
NEWEST = PAGES / "model-deprecations.en.2026-10-10.md"
TOOL = str(Path(sys.executable).parent / "claude-model-lint-registry")
D = date.fromisoformat

# Every row of the Korean seed, transcribed by hand: state, deprecated, retired, not sooner than,
# replacement ('' where the page gives none).
SEED = {
    "claude-3-opus-20240229": ("deprecated", "2025-06-30", "2026-01-05", "", "claude-opus-4-1-20250805"),
    "claude-3-haiku-20240307": ("active", "", "", "2025-03-07", ""),
    "claude-3-5-haiku-20241022": ("deprecated", "2025-12-19", "2026-02-19", "", "claude-haiku-4-5-20251001"),
    "claude-3-7-sonnet-20250219": ("deprecated", "2025-10-28", "2026-02-19", "", "claude-sonnet-4-5-20250929"),
    "claude-sonnet-4-20250514": ("active", "", "", "2026-05-14", ""),
    "claude-opus-4-20250514": ("active", "", "", "2026-05-14", ""),
    "claude-opus-4-1-20250805": ("active", "", "", "2026-08-05", ""),
    "claude-sonnet-4-5-20250929": ("active", "", "", "2026-09-29", ""),
    "claude-haiku-4-5-20251001": ("active", "", "", "2026-10-15", ""),
    "claude-opus-4-5-20251101": ("active", "", "", "2026-11-24", ""),
    "claude-3-5-sonnet-20240620": (None, "2025-08-13", "2025-10-28", "", "claude-sonnet-4-5-20250929"),
    "claude-3-5-sonnet-20241022": (None, "2025-08-13", "2025-10-28", "", "claude-sonnet-4-5-20250929"),
    "claude-2.0": (None, "2025-01-21", "2025-07-21", "", "claude-sonnet-4-5-20250929"),
    "claude-2.1": (None, "2025-01-21", "2025-07-21", "", "claude-sonnet-4-5-20250929"),
    "claude-3-sonnet-20240229": (None, "2025-01-21", "2025-07-21", "", "claude-sonnet-4-5-20250929"),
    **{m: (None, "2024-09-04", "2024-11-06", "", "claude-haiku-4-5-20251001") for m in (
        "claude-1.0", "claude-1.1", "claude-1.2", "claude-1.3",
        "claude-instant-1.0", "claude-instant-1.1", "claude-instant-1.2")},
}  # fmt: skip


def _overlay(tmp_path: Path, page: Path, *args: str) -> Path:
    out = tmp_path / "overlay.toml"
    result = subprocess.run(
        [TOOL, "import", str(page), "-o", str(out), *args], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return out


def test_every_row_of_the_korean_seed() -> None:
    page = parse_page(KOREAN.read_text(encoding="utf-8"))
    models = page.models
    assert page.date is None  # the page states no date, and none is guessed
    assert set(models) == set(SEED)
    for model_id, (state, deprecated, retired, not_sooner, replacement) in SEED.items():
        model = models[model_id]
        assert model.state == state, model_id
        assert model.deprecated == (D(deprecated) if deprecated else None), model_id
        assert model.retired == (D(retired) if retired else None), model_id
        assert model.not_sooner_than == (D(not_sooner) if not_sooner else None), model_id
        assert model.replacement == (replacement or None), model_id


def test_imported_seed_gives_the_pages_states_and_replacements(
    tmp_path: Path, registry: Registry
) -> None:
    merged = load_registry([_overlay(tmp_path, KOREAN, "--page-date", "2025-12-11")])
    assert merged.updated == registry.updated  # an older page does not make the registry newer
    for model_id, (state, *_, replacement) in SEED.items():
        model = merged.models[model_id]
        if replacement:
            assert model.replacement == replacement
        if state is None:
            continue
        # claude-3-5-haiku: the page calls it deprecated, but its deprecation date (2025-12-19)
        # is after the page's own date; states are computed from dates, so it turns on the 19th.
        on = date(2025, 12, 19) if model_id == "claude-3-5-haiku-20241022" else date(2025, 12, 11)
        computed = lifecycle(model, Platform.API, on).state.value
        # the deprecations page shows no 'legacy'; the model pages' undated legacy stays
        assert computed == state or (state, computed) == ("active", "legacy"), model_id


def test_importing_the_seed_changes_nothing_the_page_agrees_with(
    tmp_path: Path, registry: Registry
) -> None:
    models = parse_page(KOREAN.read_text(encoding="utf-8")).models
    merged = load_registry([_overlay(tmp_path, KOREAN, "--page-date", "2025-12-11")])
    for model_id, bundled in registry.models.items():
        after = merged.models[model_id]
        page = models.get(model_id)
        for name in ("deprecated", "retired", "not_sooner_than", "replacement"):
            said = getattr(page, name) if page else None
            # the page states the whole lifecycle of what its status table lists
            stated = said is not None or (
                page is not None and page.on_status_table and name != "replacement"
            )
            assert getattr(after, name) == (said if stated else getattr(bundled, name))
        for name in (
            "name",
            "family",
            "aliases",
            "bedrock",
            "vertex",
            "openrouter",
            "platform_dates",
        ):
            assert getattr(after, name) == getattr(bundled, name), (model_id, name)
        assert set(bundled.sources) <= set(after.sources)  # sources are added, never lost
        assert ("PAGE" in after.sources) == (page is not None)


def test_diff_against_bundled_names_what_the_page_changes() -> None:
    result = subprocess.run(
        [TOOL, "import", str(KOREAN), "--page-date", "2025-12-11", "--diff-against-bundled"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "claude-3-opus-20240229: replacement re-pointed: claude-opus-4-8 -> claude-opus-4-1-20250805"
        in lines
    )
    assert (
        "claude-3-5-haiku-20241022: the page says deprecated on 2025-12-11; the registry computes active"
        in lines
    )
    assert "claude-sonnet-4-5-20250929: deprecated cleared: 2026-09-30 -> —" in lines
    assert "older than the registry (2026-12-07)" in result.stderr


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("| a | b |\n|---|---|\n| claude-x | y |\n", "line 1: unrecognised table shape ['a', 'b']"),
        (
            "| API Model Name | Current State | Deprecated | Tentative Retirement Date |\n|---|---|---|---|\n"
            "| `claude-opus-4-8` | Sunsetting | N/A | N/A |\n",
            "line 3: expected a state (Active, Legacy, Deprecated, Retired), found 'Sunsetting'",
        ),
        (
            "| API Model Name | Current State | Deprecated | Tentative Retirement Date |\n|---|---|---|---|\n"
            "| `claude-opus-4-8` | Active | N/A | Not sooner than Smarch 3, 2027 |\n",
            "line 3: expected a date, found 'Not sooner than Smarch 3, 2027'",
        ),
        (
            "| API Model Name | Current State | Deprecated | Tentative Retirement Date |\n|---|---|---|---|\n"
            "| opus | Active | N/A | N/A |\n",
            "line 3: expected a model id, found 'opus'",
        ),
        (
            "## History\n\n| Retirement Date | Deprecated Model | Recommended replacement |\n|---|---|---|\n"
            "| January 5, 2026 | `claude-3-opus-20240229` | `claude-opus-4-8` |\n",
            "line 3: expected a history table under a '### YYYY-MM-DD:' heading",
        ),
        ("Nothing here.\n", "line 1: expected the 'Model status' table"),
    ],
)
def test_strictness_errors_name_the_line(tmp_path: Path, page: str, message: str) -> None:
    path = tmp_path / "page.md"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(PageError, match=re.escape(message)):
        parse_page(page)
    result = subprocess.run(
        [TOOL, "import", str(path), "--page-date", "2026-01-01"], capture_output=True, text=True
    )
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026년 1월 5일", "2026-01-05"), ("January 5, 2026", "2026-01-05"), ("Sept 30 2026", "2026-09-30"),
     ("2026-02-19", "2026-02-19"), ("2026년 5월 14일 이후 아님", "2026-05-14"),
     ("2025年3月7日以降", "2025-03-07"), ("不早于 2027 年 9 月 1 日", "2027-09-01"),
     ("2026 年 2 月 19 日", "2026-02-19")],
)  # fmt: skip
def test_dates(text: str, expected: str) -> None:
    assert parse_date(text, 1) == D(expected)


def _date_of(page: Path) -> str:
    return page.stem.split(".")[-1]


@pytest.mark.parametrize(
    "page", [p for p in REAL if p.name not in UNREADABLE], ids=lambda p: p.name
)
def test_every_real_copy_of_the_page_imports_and_loads(page: Path, tmp_path: Path) -> None:
    text = page.read_text(encoding="utf-8")
    stated = front_matter_date(text)
    assert stated in (None, D(_date_of(page)))  # the file is named by the page's own date
    args = [] if stated else ["--page-date", _date_of(page)]
    merged = load_registry([_overlay(tmp_path, page, *args)])
    read = parse_page(text)
    assert len(read.models) >= 20
    for model in read.models.values():
        if model.on_status_table and model.state in ("deprecated", "retired"):
            life = lifecycle(merged.models[model.id], Platform.API, D(_date_of(page)))
            assert life.state.value in ("deprecated", "retired"), (page.name, model.id)


@pytest.mark.parametrize("page", sorted(UNREADABLE))
def test_a_copy_without_tables_is_refused_in_one_line(page: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [TOOL, "import", str(PAGES / page), "--page-date", "2026-02-10", "-o", str(tmp_path / "o.toml")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert (
        result.stderr.count("\n") == 1
        and "line 1: expected the 'Model status' table" in result.stderr
    )
    assert not (tmp_path / "o.toml").exists()


@pytest.mark.parametrize("language", ["ko", "ja", "zh-CN", "zh-TW"])
def test_translations_say_what_the_english_page_of_the_same_day_says(language: str) -> None:
    english = parse_page((PAGES / "model-deprecations.en.2025-12-21.md").read_text("utf-8"))
    other = parse_page((PAGES / f"model-deprecations.{language}.2025-12-21.md").read_text("utf-8"))
    fields = ("state", "deprecated", "retired", "not_sooner_than", "replacement")
    assert {m: [getattr(v, f) for f in fields] for m, v in other.models.items()} == {
        m: [getattr(v, f) for f in fields] for m, v in english.models.items()
    }


def test_the_newest_copy_differs_from_the_bundled_data_only_by_what_came_after_it() -> None:
    """The 2026-10-10 copy predates the Opus 4.5 deprecation (2026-11-23, registry-facts §0b):
    that is all it would undo."""
    result = subprocess.run(
        [TOOL, "import", str(NEWEST), "--diff-against-bundled"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "claude-opus-4-5-20251101: deprecated cleared: 2026-11-23 -> —",
        "claude-opus-4-5-20251101: retired cleared: 2027-01-22 -> —",
    ]


def test_to_be_announced_clears_a_retirement_date(tmp_path: Path) -> None:
    # 2026-09-24 is the first copy whose status table says Mythos Preview retires "To be announced";
    # an overlay that claims a retirement date is corrected by importing the page after it.
    claim = tmp_path / "claim.toml"
    claim.write_text(
        '[sources]\nSDK-TEXT = "an SDK warning"\n\n[models."claude-mythos-preview"]\n'
        'retired = 2026-06-30\nsources = ["SDK-TEXT"]\n',
        encoding="utf-8",
    )
    page = PAGES / "model-deprecations.en.2026-09-24.md"
    assert load_registry([claim]).models["claude-mythos-preview"].retired == D("2026-06-30")
    merged = load_registry([claim, _overlay(tmp_path, page)])
    mythos = merged.models["claude-mythos-preview"]
    assert (mythos.deprecated, mythos.retired) == (D("2026-06-09"), None)
    life = lifecycle(mythos, Platform.API, D("2026-12-01"))
    assert (life.state.value, life.retired) == ("deprecated", None)


def test_the_parameter_table_becomes_a_rule_covering_later_models(tmp_path: Path) -> None:
    # July's page: "Claude Opus 4.7 and later, including Claude Opus 4.8, and on Claude Sonnet 5".
    july = load_registry([_overlay(tmp_path, PAGES / "model-deprecations.en.2026-07-21.md")])
    rule = july.parameter_rules["sampling-parameters"]
    assert (rule.from_models, rule.from_version) == (("claude-opus-4-7",), ())
    assert set(rule.models) == {"claude-opus-4-8", "claude-sonnet-5"}
    assert dict(rule.defaults) == {"temperature": 1.0}  # kept from the bundled rule
    # October's: "Claude 4.7 and later models and Claude Mythos Preview": every family.
    october = load_registry([_overlay(tmp_path, NEWEST)])
    rule = october.parameter_rules["sampling-parameters"]
    assert (rule.models, rule.from_version) == (("claude-mythos-preview",), ("4.7",))
    covered = {m.id for m in october.models.values() if rule in october.rules_for(m)}
    assert covered >= {
        "claude-sonnet-5-5",
        "claude-fable-5-1",
        "claude-haiku-5-5",
        "claude-opus-4-7",
    }
    assert not {"claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5-20251001"} & covered


def test_a_replacement_the_page_does_not_list_is_dropped_and_said(tmp_path: Path) -> None:
    """Issue 36, item 2: a replacement no trusted layer knows is never an id --fix may write."""
    page = tmp_path / "page.md"
    page.write_text(
        "| API model name | Current state | Deprecated | Tentative retirement date |\n"
        "| --- | --- | --- | --- |\n| claude-opus-5 | Deprecated | December 1, 2026 | February 1, 2027 |\n\n"
        "### 2026-12-01: Claude Opus 5 model\n\n"
        "Retirement date | Deprecated model | Recommended replacement\n"
        "--- | --- | ---\nFebruary 1, 2027 | `claude-opus-5` | `claude-opus-6`\n",
        encoding="utf-8",
    )  # a table without leading pipes, too
    merged = load_registry([_overlay(tmp_path, page, "--page-date", "2026-12-01")])
    assert merged.models["claude-opus-5"].replacement == "claude-opus-5-5"  # the data's
    assert merged.models["claude-opus-5"].retired == date(2027, 2, 1)
    assert "claude-opus-6" not in merged.models
    said = subprocess.run(
        [TOOL, "import", str(page), "--page-date", "2026-12-01"], capture_output=True, text=True
    )
    assert "note: claude-opus-5: ignored the replacement claude-opus-6" in said.stderr


@pytest.mark.parametrize("where", ["directory", "missing/overlay.toml", "/dev/full"])
def test_an_output_that_cannot_be_written_is_one_line(tmp_path: Path, where: str) -> None:
    """It printed a traceback for a directory, a missing directory and a full disk."""
    if where == "/dev/full" and not Path(where).exists():
        pytest.skip("no /dev/full here")
    target = where if where.startswith("/") else str(tmp_path / where)
    if where == "directory":
        Path(target).mkdir()
    result = subprocess.run(
        [TOOL, "import", str(NEWEST), "-o", target], capture_output=True, text=True
    )
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert errors == [errors[0]] and f"--output: {target}" in errors[0], result.stderr


def test_a_note_above_the_status_table_dates_a_model_the_table_does_not_list() -> None:
    """The 2026-07-21 page announces Mythos Preview's retirement only in a <Note> above the
    status table; later pages list it as deprecated, retirement to be announced."""
    july = parse_page((PAGES / "model-deprecations.en.2026-07-21.md").read_text("utf-8"))
    mythos = july.models["claude-mythos-preview"]
    assert (mythos.retired, mythos.replacement, mythos.on_status_table) == (
        date(2026, 7, 21), "claude-mythos-5", False,
    )  # fmt: skip
    october = parse_page((PAGES / "model-deprecations.en.2026-10-10.md").read_text("utf-8"))
    later = october.models["claude-mythos-preview"]
    assert (later.retired, later.state) == (None, "deprecated")  # the table stays exact
