"""The usage audit never gives a false all-clear and reads a big export in bounded memory.

Reproduced before (issue 16): a 1 GB CSV ended in MemoryError (peak ~18x the file); `1e5` or
`NaN` in the counts, or no numeric column, dropped every model and printed "No retired or
deprecated model carries traffic" with exit 0; `CLAUDE-2.1` was "unknown".
"""

from __future__ import annotations

import io
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.registry.registry import Registry
from claude_model_lint.usage.audit import at_risk, audit
from claude_model_lint.usage.export import UsageError, read_usage

TOOL = str(Path(sys.executable).parent / "claude-model-lint-usage")


def _usage(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "usage.csv"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(
        [TOOL, "--as-of", "2026-11-25", str(path)], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("model,requests\nclaude-2.1,5\nclaude-opus-4-8,NaN\n", "line 3", id="nan"),
        pytest.param("Model,Input Tokens\nclaude-2.1,lots\n", "line 2", id="words"),
        pytest.param("model;cost_usd\nclaude-2.1;inf\n", "line 2", id="inf"),
    ],
)
def test_an_unparsable_count_is_an_error_naming_column_and_row(
    tmp_path: Path, text: str, where: str
) -> None:
    result = _usage(tmp_path, text)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    column = text.split("\n")[0].split("," if "," in text else ";")[1]
    assert f"{where}: column {column!r}:" in line and "is not a number" in line


def test_exponents_are_numbers(registry: Registry) -> None:
    data = read_usage("model,requests\nclaude-2.1,1e5\nclaude-2.1,2.5E1\n")
    assert data.by_model == {"claude-2.1": {"requests": 100025.0}}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("model,note\nclaude-2.1,abc\n", id="no-numeric-column"),
        pytest.param("model\nclaude-2.1\n", id="model-column-only"),
        pytest.param("model,n\nclaude-2.1,NaN\n", id="unnamed-column-of-nan"),
    ],
)
def test_models_without_counts_are_still_listed_and_at_risk(tmp_path: Path, text: str) -> None:
    result = _usage(tmp_path, text)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "claude-2.1" in result.stdout and "No retired" not in result.stdout


@pytest.mark.parametrize(
    "written", ["CLAUDE-2.1", "Claude-3-Opus-20240229", "US.ANTHROPIC.CLAUDE-3-HAIKU-20240307-V1:0"]
)
def test_models_match_case_insensitively(registry: Registry, written: str) -> None:
    reports = audit(read_usage(f"model,requests\n{written},3\n"), registry, date(2026, 11, 25))
    (report,) = reports.values()
    assert report.state == "retired" and report.written == [written]
    assert at_risk(reports) == [report]


def test_a_big_export_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """Peak memory against the file's size, measured here (a ratio, not a time): the old reader
    held every row (~18x); streaming holds only the sums (53 KB at 50,000 rows and at 20,000,
    2% of this file: the size only has to dwarf that constant, and tracemalloc is slow)."""
    lines = ["Date,API Key,Model,Input Tokens,Output Tokens,Requests"]
    models = ["claude-3-opus-20240229", "claude-opus-4-8", "claude-2.1", "CLAUDE-SONNET-4-6"]
    lines += [
        f"2026-11-{1 + i % 28:02},key-{i % 7},{models[i % 4]},{i % 5000},{i % 300},1"
        for i in range(50_000)
    ]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            data = read_usage(stream)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data.rows == 50_000 and data.by_model["claude-2.1"]["Requests"] == 12_500
    assert peak < size / 10, (peak, size)


def test_the_text_form_still_reads(registry: Registry) -> None:
    """read_usage takes the whole text too (the library API before streaming)."""
    assert read_usage(io.StringIO("model,requests\nclaude-2.1,2\n")).rows == 1
    with pytest.raises(UsageError, match="line 1: the file is empty"):
        read_usage("\n\n")
