"""registry-facts.md section 0 (what changed after 2026-08-22), transcribed by hand: every id, in
a file, on 2026-11-25 and 2026-12-01, through the installed CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_cli

# id as written -> (code on 2026-11-25, code on 2026-12-01); "" is no finding
SECTION_0 = {
    "claude-sonnet-4-5-20250929": ("CML002", "CML001"),
    "claude-sonnet-4-5": ("CML002", "CML001"),
    "claude-mythos-preview": ("CML002", "CML002"),  # retirement to be announced
    "anthropic.claude-mythos-preview": ("CML002", "CML002"),
    "claude-mythos-5": ("", ""),
    "anthropic.claude-mythos-5": ("", ""),
    "claude-fable-5-1": ("", ""),
    "anthropic.claude-fable-5-1": ("", ""),
    "claude-mythos-5-1": ("", ""),
    "anthropic.claude-mythos-5-1": ("", ""),
    "claude-opus-5-5": ("", ""),
    "global.anthropic.claude-opus-5-5": ("", ""),
    "claude-sonnet-5-5": ("", ""),
    "us.anthropic.claude-sonnet-5-5": ("", ""),
    "claude-haiku-5-5": ("", ""),
    "claude-haiku-4-5-20251001": ("CML003", "CML003"),  # legacy: info
    "claude-opus-4-5-20251101": ("CML003", "CML003"),
    "claude-sonnet-4-6": ("CML003", "CML003"),
    "claude-sonnet-5": ("CML003", "CML003"),
}


@pytest.mark.parametrize(("as_of", "column"), [("2026-11-25", 0), ("2026-12-01", 1)])
def test_each_id_of_section_0_gives_the_code_its_facts_imply(
    tmp_path: Path, as_of: str, column: int
) -> None:
    lines = [f'M{n} = "{model}"' for n, model in enumerate(SECTION_0)]
    (tmp_path / "models.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("--as-of", as_of, "--format", "json", "--no-cache", "models.py", cwd=tmp_path)
    found = {d["model"]: d for d in json.loads(result.stdout)}
    for model, codes in SECTION_0.items():
        assert found.get(model, {}).get("code", "") == codes[column], (model, as_of)
    sonnet = found["claude-sonnet-4-5-20250929"]
    assert sonnet["replacement"] == "claude-sonnet-5-5"
    assert found["claude-mythos-preview"]["replacement"] is None
    assert "retirement date not yet announced" in found["claude-mythos-preview"]["message"]
    assert "consider claude-sonnet-5-5" in found["claude-sonnet-4-6"]["message"]
    assert found["claude-sonnet-4-6"]["severity"] == "info"
    # legacy ids are information: they never fail a commit under the default --fail-on warning
    only_legacy = "\n".join(
        f'L{n} = "{m}"' for n, (m, c) in enumerate(SECTION_0.items()) if c[0] == "CML003"
    )
    (tmp_path / "legacy.py").write_text(only_legacy + "\n", encoding="utf-8")
    assert run_cli("--as-of", as_of, "--no-cache", "legacy.py", cwd=tmp_path).returncode == 0


def test_list_models_shows_section_0_on_2026_12_01(tmp_path: Path) -> None:
    result = run_cli("--list-models", "--as-of", "2026-12-01", "--format", "json", cwd=tmp_path)
    rows = {row["id"]: row for row in json.loads(result.stdout)["models"]}
    expected = {
        "claude-sonnet-4-5-20250929": ("retired", "2026-11-30"),
        "claude-mythos-preview": ("deprecated", "to be announced"),
        "claude-mythos-5": ("active", ">= 2027-06-09"),
        "claude-fable-5-1": ("active", ">= 2027-09-01"),
        "claude-mythos-5-1": ("active", ">= 2027-09-01"),
        "claude-opus-5-5": ("active", ">= 2027-09-22"),
        "claude-sonnet-5-5": ("active", ">= 2027-09-28"),
        "claude-haiku-5-5": ("active", ">= 2027-10-07"),
        "claude-haiku-4-5-20251001": ("legacy", ">= 2026-10-15"),
        "claude-opus-4-5-20251101": ("legacy", ">= 2026-11-24"),
        "claude-sonnet-4-6": ("legacy", ">= 2027-02-17"),
        "claude-sonnet-5": ("legacy", ">= 2027-06-30"),
    }
    assert {k: (rows[k]["state"], rows[k]["retires"]) for k in expected} == expected
