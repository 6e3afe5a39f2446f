"""Importing the 'Model deprecations' page (Korean seed, an English page) into registry overlays."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.lifecycle import lifecycle
from claude_model_lint.page_import import PageError, parse_date, parse_page
from claude_model_lint.registry import Registry, load_registry
from claude_model_lint.types import Platform

PAGES = Path(__file__).parent / "fixtures" / "pages"
KOREAN = PAGES / "model-deprecations.ko.md"
ENGLISH = PAGES / "model-deprecations.en.md"
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
    models, latest = parse_page(KOREAN.read_text(encoding="utf-8"))
    assert latest == date(2025, 12, 19)
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
        assert lifecycle(model, Platform.API, on).state.value == state, model_id


def test_importing_the_seed_changes_nothing_the_page_agrees_with(
    tmp_path: Path, registry: Registry
) -> None:
    models, _ = parse_page(KOREAN.read_text(encoding="utf-8"))
    merged = load_registry([_overlay(tmp_path, KOREAN, "--page-date", "2025-12-11")])
    for model_id, bundled in registry.models.items():
        after = merged.models[model_id]
        page = models.get(model_id)
        for name in ("deprecated", "retired", "not_sooner_than", "replacement"):
            said = getattr(page, name) if page else None
            assert getattr(after, name) == (said if said is not None else getattr(bundled, name))
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
    assert len(lines) == 8
    assert "older than the registry (2026-08-22)" in result.stderr


def test_an_english_page_with_a_new_model_and_a_new_deprecation(tmp_path: Path) -> None:
    overlay = _overlay(tmp_path, ENGLISH)  # page date: its latest history heading
    merged = load_registry([overlay])
    sonnet = merged.models["claude-sonnet-4-5-20250929"]
    assert (sonnet.deprecated, sonnet.retired, sonnet.replacement) == (
        D("2026-11-20"),
        D("2027-02-22"),
        "claude-sonnet-4-6",
    )
    assert lifecycle(sonnet, Platform.API, D("2026-11-25")).state.value == "deprecated"
    new = merged.models["claude-sonnet-5-1"]
    assert (new.family, new.not_sooner_than, new.sources) == ("sonnet", D("2027-11-02"), ("PAGE",))
    assert merged.updated == D("2026-11-20")
    diff = subprocess.run(
        [TOOL, "import", str(ENGLISH), "--diff-against-bundled"], capture_output=True, text=True
    )
    assert "new model claude-sonnet-5-1 (not_sooner_than 2027-11-02)" in diff.stdout
    assert "claude-sonnet-4-5-20250929: new deprecation: — -> 2026-11-20" in diff.stdout


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("| a | b |\n|---|---|\n| x | y |\n", "line 1: unrecognised table shape ['a', 'b']"),
        (
            "| API Model Name | Current State | Deprecated | Tentative Retirement Date |\n|---|---|---|---|\n"
            "| `claude-opus-4-8` | Sunsetting | N/A | N/A |\n",
            "line 3: unknown state 'Sunsetting'",
        ),
        (
            "| API Model Name | Current State | Deprecated | Tentative Retirement Date |\n|---|---|---|---|\n"
            "| `claude-opus-4-8` | Active | N/A | Not sooner than Smarch 3, 2027 |\n",
            "line 3: cannot read the date",
        ),
        (
            "| API Model Name | Current State | Deprecated | Tentative Retirement Date |\n|---|---|---|---|\n"
            "| opus | Active | N/A | N/A |\n",
            "line 3: 'opus' is not a model id",
        ),
        (
            "## History\n\n| Retirement Date | Deprecated Model | Recommended replacement |\n|---|---|---|\n"
            "| January 5, 2026 | `claude-3-opus-20240229` | `claude-opus-4-8` |\n",
            "line 3: a history table under no",
        ),
        ("Nothing here.\n", "no status or history table found"),
    ],
)
def test_strictness_errors_name_the_line(tmp_path: Path, page: str, message: str) -> None:
    path = tmp_path / "page.md"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(PageError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_page(page)
    result = subprocess.run(
        [TOOL, "import", str(path), "--page-date", "2026-01-01"], capture_output=True, text=True
    )
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026년 1월 5일", "2026-01-05"), ("January 5, 2026", "2026-01-05"), ("Sept 30 2026", "2026-09-30"),
     ("2026-02-19", "2026-02-19"), ("2026년 5월 14일 이후 아님", "2026-05-14")],
)  # fmt: skip
def test_dates(text: str, expected: str) -> None:
    assert parse_date(text, 1) == D(expected)
