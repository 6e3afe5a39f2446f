"""The first command line: --version, --list-models, --as-of, --explain, through the installed command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.dates import parse_as_of
from claude_model_lint.errors import UsageProblem
from claude_model_lint.registry import bundled
from claude_model_lint.registry.registry import Registry

from .conftest import run_cli

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-07", date(2026, 2, 7)),
        ("today", TODAY),
        ("+90d", date(2027, 2, 23)),
        ("-30d", date(2026, 10, 26)),
        ("+8w", date(2027, 1, 20)),
    ],
)
def test_as_of_forms(text: str, expected: date) -> None:
    assert parse_as_of(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "yesterday", "+90", "90d", ""])
def test_bad_as_of(text: str) -> None:
    with pytest.raises(UsageProblem, match="is not a date"):
        parse_as_of(text, TODAY)


def test_version_names_the_registry_date(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert "registry updated 2026-12-07: bundled 2026-12-07" in result.stdout


def test_list_models_json_on_a_date(tmp_path: Path) -> None:
    result = run_cli("--list-models", "--as-of", "2026-02-07", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert (listing["as_of"], listing["registry_updated"]) == ("2026-02-07", "2026-12-07")
    assert listing["data"] == "bundled 2026-12-07"
    rows = {row["id"]: row for row in listing["models"]}
    assert len(rows) == 38
    assert rows["claude-3-opus-20240229"]["state"] == "retired"
    assert rows["claude-3-7-sonnet-20250219"]["state"] == "deprecated"
    assert rows["claude-3-7-sonnet-20250219"]["retires"] == "2026-02-19"
    assert rows["claude-3-haiku-20240307"]["state"] == "active"
    assert rows["claude-sonnet-4-6"]["retires"] == ">= 2027-02-17"
    assert rows["claude-3-7-sonnet-20250219"]["platform_dates"]["vertex"]["retired"] == "2026-05-11"


def test_list_models_text_table(tmp_path: Path) -> None:
    result = run_cli("--list-models", "--as-of", "2026-11-25", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "Claude models as of 2026-11-25 (Claude API dates; registry updated 2026-12-07)"
    )
    assert lines[1] == "Model data: bundled 2026-12-07"
    assert lines[3].split() == [
        "id",
        "family",
        "state",
        "deprecated",
        "retires",
        "replacement",
        "platforms",
    ]
    row = next(line for line in lines if line.startswith("claude-3-haiku-20240307 "))
    assert row.split()[:6] == [
        "claude-3-haiku-20240307",
        "haiku",
        "retired",
        "2026-02-19",
        "2026-04-20",
        "claude-haiku-5-5",  # the page names Haiku 4.5, now legacy: on to 5.5
    ]


def test_bad_as_of_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli("--list-models", "--as-of", "someday", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--as-of: 'someday' is not a date" in result.stderr
    assert "Traceback" not in result.stderr


def test_explain(tmp_path: Path) -> None:
    result = run_cli("--explain", "cml002", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("CML002 (deprecated-model)")
    unknown = run_cli("--explain", "CML999", cwd=tmp_path)
    assert unknown.returncode == 2 and "not a rule code" in unknown.stderr


def test_bad_registry_overlay_exits_2_naming_the_file(tmp_path: Path) -> None:
    overlay = tmp_path / "mine.toml"
    overlay.write_text('[models."claude-x"]\nnme = "X"\n', encoding="utf-8")
    result = run_cli("--registry", str(overlay), "--list-models", cwd=tmp_path)
    assert result.returncode == 2
    assert f'{overlay}: models."claude-x".nme: unknown field' in result.stderr


def test_the_bundled_date_read_without_parsing_is_the_registry_date(registry: Registry) -> None:
    assert bundled.updated() == registry.updated


LOADED = """
import sys
from claude_model_lint.commands.launch import main
sys.argv = ["claude-model-lint", "--no-cache", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = ("registry.registry", "check.verdicts", "registry.lifecycle", "scanners", "check.fixes",
         "run.cache")
print(sorted(m for m in sys.modules if m.startswith(tuple(f"claude_model_lint.{h}" for h in heavy))))
"""


def test_a_run_over_files_without_ids_never_loads_the_registry(tmp_path: Path) -> None:
    """What keeps a pre-commit hook cheap: nothing past the byte search runs (see bench/)."""
    (tmp_path / "plain.py").write_text("x = 1\n")
    (tmp_path / "named.py").write_text('MODEL = "claude-2.1"\n')
    quiet = subprocess.run(
        [sys.executable, "-c", LOADED, "plain.py"], cwd=tmp_path, capture_output=True, text=True
    )
    assert quiet.stdout.strip().endswith("[]"), quiet.stdout + quiet.stderr
    judged = subprocess.run(
        [sys.executable, "-c", LOADED, "named.py"], cwd=tmp_path, capture_output=True, text=True
    )
    assert "claude_model_lint.registry.registry" in judged.stdout, judged.stdout + judged.stderr


def test_list_models_prints_the_staleness_note(tmp_path: Path) -> None:
    """docs/registry.md says every run names stale data; --list-models did not."""
    old = run_cli("--list-models", "--as-of", "2027-02-01", cwd=tmp_path)
    assert old.returncode == 0
    assert "note: the model data in use is from 2026-12-07, 56 days before" in old.stderr
    fresh = run_cli("--list-models", "--as-of", "2026-12-20", cwd=tmp_path)
    assert "model data in use" not in fresh.stderr
