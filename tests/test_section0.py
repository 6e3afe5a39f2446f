"""registry-facts.md sections 0 and 0b (what changed after 2026-08-22, verified 2026-11-29 and
2026-12-07), transcribed by hand from the facts file, not from models.toml: every id, in a file,
on five dates, through the installed CLI. A held-out check of the bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_cli

DATES = ("2026-11-20", "2026-12-07", "2027-02-01", "2027-02-05", "2027-06-01")
# past (before the Opus 4.5 deprecation), today, after Opus 4.5 retires, +60 days, later
# id as written -> its code on each date of DATES; "" is no finding
L3, D2, R1, NEW, TYPO = "CML003", "CML002", "CML001", "CML008", "CML004"
HELD_OUT = {
    # §0: Sonnet 4.5 retired 2026-11-30 on the API; Bedrock keeps its own dates (to 2027-04-08)
    "claude-sonnet-4-5-20250929": (D2, R1, R1, R1, R1),
    "claude-sonnet-4-5": (D2, R1, R1, R1, R1),
    "anthropic.claude-sonnet-4-5-20250929-v1:0": (D2, D2, D2, D2, R1),
    "claude-mythos-preview": (D2,) * 5,  # retirement to be announced
    "anthropic.claude-mythos-preview": (D2,) * 5,
    "claude-mythos-5": ("",) * 5,
    "anthropic.claude-mythos-5": ("",) * 5,
    "claude-fable-5-1": ("",) * 5,
    "anthropic.claude-fable-5-1": ("",) * 5,
    "claude-mythos-5-1": ("",) * 5,
    "claude-opus-5-5": ("",) * 5,
    "global.anthropic.claude-opus-5-5": ("",) * 5,
    "claude-sonnet-5-5": ("",) * 5,
    "us.anthropic.claude-sonnet-5-5": ("",) * 5,
    "claude-haiku-5-5": ("",) * 5,
    "claude-haiku-4-5-20251001": (L3,) * 5,
    "claude-sonnet-4-6": (L3,) * 5,
    "claude-sonnet-5": (L3,) * 5,
    # §0b: Opus 4.5 deprecated 2026-11-23, retires 2027-01-22; its alias and platform ids follow
    "claude-opus-4-5-20251101": (L3, D2, R1, R1, R1),
    "claude-opus-4-5": (L3, D2, R1, R1, R1),
    "anthropic.claude-opus-4-5-20251101-v1:0": (L3, D2, R1, R1, R1),
    "claude-opus-4-5@20251101": (L3, D2, R1, R1, R1),
    "claude-fable-5-2": ("",) * 5,
    "anthropic.claude-fable-5-2": ("",) * 5,
    "claude-mythos-5-2": ("",) * 5,
    "anthropic.claude-haiku-5-5": ("",) * 5,
    "claude-opus-4-6": (L3,) * 5,
    "claude-opus-4-8": (L3,) * 5,
    "claude-opus-5": (L3,) * 5,
    "claude-fable-5": (L3,) * 5,
    "claude-opus-4-7": ("",) * 5,
    # earlier facts
    "claude-opus-4-1-20250805": (R1,) * 5,
    "claude-3-opus-20240229": (R1,) * 5,
    # newer than the data: information; typos and impossible dates: warnings
    "claude-fable-5-3": (NEW,) * 5,
    "claude-opus-6": (NEW,) * 5,
    "claude-opsu-6": (TYPO,) * 5,
    "claude-opus-6-20271345": (TYPO,) * 5,
}


@pytest.mark.parametrize("column", range(len(DATES)))
def test_each_held_out_id_gives_the_code_its_facts_imply(tmp_path: Path, column: int) -> None:
    as_of = DATES[column]
    lines = [f'M{n} = "{model}"' for n, model in enumerate(HELD_OUT)]
    (tmp_path / "models.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("--as-of", as_of, "--format", "json", "--no-cache", "models.py", cwd=tmp_path)
    found = {d["model"]: d for d in json.loads(result.stdout)}
    wrong = {
        model: (found.get(model, {}).get("code", ""), codes[column])
        for model, codes in HELD_OUT.items()
        if found.get(model, {}).get("code", "") != codes[column]
    }
    assert not wrong, (as_of, wrong)
    if as_of == "2026-12-07":
        opus = found["claude-opus-4-5-20251101"]
        assert opus["replacement"] == "claude-opus-5-5"
        assert "retires on 2027-01-22" in opus["message"]
        assert "Claude API dates" in found["anthropic.claude-opus-4-5-20251101-v1:0"]["message"]
        assert found["claude-opus-6"]["severity"] == "info"
        assert "not in the model data of 2026-12-07" in found["claude-opus-6"]["message"]
    assert found["claude-mythos-preview"]["replacement"] is None
    assert "retirement date not yet announced" in found["claude-mythos-preview"]["message"]
    assert "consider claude-opus-5-5" in found["claude-opus-4-8"]["message"]


@pytest.mark.parametrize("as_of", DATES)
def test_information_never_fails_a_run(tmp_path: Path, as_of: str) -> None:
    """Legacy and new-model ids are information: the default --fail-on warning (the pre-commit
    hook's) passes; --fail-on info fails."""
    column = DATES.index(as_of)
    info = [m for m, codes in HELD_OUT.items() if codes[column] in (L3, NEW)]
    (tmp_path / "info.py").write_text(
        "\n".join(f'I{n} = "{m}"' for n, m in enumerate(info)) + "\n", encoding="utf-8"
    )
    assert run_cli("--as-of", as_of, "--no-cache", "info.py", cwd=tmp_path).returncode == 0
    failing = run_cli("--as-of", as_of, "--no-cache", "--fail-on", "info", "info.py", cwd=tmp_path)
    assert failing.returncode == 1


def test_list_models_shows_section_0b_and_opus_4_5_retired_on_2027_02_01(tmp_path: Path) -> None:
    result = run_cli("--list-models", "--as-of", "2027-02-01", "--format", "json", cwd=tmp_path)
    rows = {row["id"]: row for row in json.loads(result.stdout)["models"]}
    expected = {
        "claude-sonnet-4-5-20250929": ("retired", "2026-11-30"),
        "claude-opus-4-5-20251101": ("retired", "2027-01-22"),
        "claude-mythos-preview": ("deprecated", "to be announced"),
        "claude-fable-5-2": ("active", ""),
        "claude-mythos-5-2": ("active", ""),
        "claude-opus-4-6": ("legacy", ">= 2027-02-05"),
        "claude-opus-4-8": ("legacy", ">= 2027-05-28"),
        "claude-opus-5": ("legacy", ">= 2027-07-24"),
        "claude-fable-5": ("legacy", ">= 2027-06-09"),
        "claude-haiku-5-5": ("active", ">= 2027-10-07"),
    }
    assert {k: (rows[k]["state"], rows[k]["retires"]) for k in expected} == expected
