"""The usage audit: Console exports of several shapes, malformed ones, and the join with code."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.registry.registry import Registry
from claude_model_lint.usage.audit import at_risk, audit
from claude_model_lint.usage.export import UsageError, read_usage

USAGE = Path(__file__).parent / "fixtures" / "usage"
TOOL = str(Path(sys.executable).parent / "claude-model-lint-usage")
ON = date(2026, 11, 25)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TOOL, "--as-of", "2026-11-25", *args], cwd=cwd, capture_output=True, text=True
    )


def test_console_export_with_bom_quotes_thousands_and_blank_lines(registry: Registry) -> None:
    data = read_usage((USAGE / "console.csv").read_text(encoding="utf-8"))
    assert data.columns == [
        "Input Tokens",
        "Output Tokens",
        "Requests",
    ]  # Date and Note are not numbers
    assert data.rows == 4 and data.key_column == "API Key"
    assert data.by_model["claude-3-opus-20240229"] == {
        "Input Tokens": 2000.0,
        "Output Tokens": 400.0,
        "Requests": 6.0,
    }
    assert data.by_key["key-batch"]["us.anthropic.claude-3-haiku-20240307-v1:0"]["Requests"] == 1.0
    reports = audit(data, registry, ON)
    assert [(r.canonical, r.state) for r in reports.values()] == [
        ("claude-3-opus-20240229", "retired"),  # retired longest ago first
        ("claude-3-haiku-20240307", "retired"),  # by Bedrock's date (2026-09-10)
        ("claude-opus-4-8", "legacy"),
    ]
    assert reports["claude-3-haiku-20240307"].retires == date(2026, 9, 10)
    assert [r.canonical for r in at_risk(reports)] == [
        "claude-3-opus-20240229",
        "claude-3-haiku-20240307",
    ]


def test_no_key_column_other_header_spelling_semicolons_and_currency(registry: Registry) -> None:
    data = read_usage((USAGE / "no_key.csv").read_text(encoding="utf-8"))
    assert (data.columns, data.key_column, data.rows) == (["cost_usd"], None, 3)
    reports = audit(data, registry, ON)
    assert reports["claude-3-7-sonnet-20250219"].traffic == {"cost_usd": 14.0}
    assert reports["claude-3-7-sonnet-20250219"].replacement == "claude-sonnet-5-5"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ragged.csv", "line 3: 3 cells where the header has 2"),
        ("no_model.csv", "line 1: no model column (columns: Date, Tokens); use --model-column"),
        ("bad_quote.csv", "line 2:"),
    ],
)
def test_malformed_exports_are_one_line_errors(tmp_path: Path, name: str, message: str) -> None:
    if name != "bad_quote.csv":
        with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
            read_usage((USAGE / name).read_text(encoding="utf-8"))
    result = _run(str(USAGE / name), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_model_column_override(tmp_path: Path) -> None:
    result = _run(str(USAGE / "no_model.csv"), "--model-column", "Date", cwd=tmp_path)
    assert result.returncode == 0  # dates are not model ids: nothing at risk
    missing = _run(str(USAGE / "no_model.csv"), "--model-column", "Engine", cwd=tmp_path)
    assert missing.returncode == 2 and "no column 'Engine'" in missing.stderr


@pytest.fixture
def big_export(tmp_path: Path) -> tuple[Path, Path]:
    """A few thousand rows and a repository that names some of the models."""
    rng = random.Random(7)
    models = ["claude-3-opus-20240229", "claude-3-5-haiku-latest", "claude-opus-4-8",
              "anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-6", "claude-opus-4@20250805"]  # fmt: skip
    lines = ["Date,Workspace,API Key Name,Model,Input tokens,Output tokens,Cache read tokens"]
    expected: dict[str, int] = {}
    for i in range(3000):
        model = rng.choice(models)
        tokens = rng.randrange(1, 50_000)
        expected[model] = expected.get(model, 0) + tokens
        lines.append(
            f'2026-11-{1 + i % 28:02},ws-{i % 3},key-{i % 4},{model},"{tokens:,}",{i % 97},0'
        )
    csv_path = tmp_path / "usage.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "app.py").write_text(
        'MODEL = "claude-3-opus-20240229"\nFAST = "claude-opus-4-8"\n'
    )
    (repo / "deploy.yaml").write_text("model: claude-haiku-4-5-20251001\n")
    return csv_path, repo


def test_joined_report_in_all_three_formats(big_export: tuple[Path, Path], tmp_path: Path) -> None:
    csv_path, repo = big_export
    as_json = _run(str(csv_path), str(repo), "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 1  # retired models still carry traffic
    document = json.loads(as_json.stdout)
    assert document["rows"] == 3000
    assert document["columns"] == ["Input tokens", "Output tokens", "Cache read tokens"]
    groups = document["groups"]
    in_both = {m["canonical"]: m for m in groups["in_traffic_and_in_code"]}
    assert set(in_both) == {"claude-3-opus-20240229", "claude-opus-4-8"}
    assert in_both["claude-3-opus-20240229"]["code"] == ["repo/src/app.py:1"]  # as reports say
    traffic_only = {m["canonical"] or m["model"] for m in groups["in_traffic_not_found_in_code"]}
    assert traffic_only == {
        "claude-3-5-haiku-20241022",
        "claude-sonnet-4-20250514",
        "claude-sonnet-4-6",
        "claude-opus-4@20250805",
    }
    assert [m["canonical"] for m in groups["in_code_with_no_traffic"]] == [
        "claude-haiku-4-5-20251001"
    ]
    assert set(document["at_risk"]) == {
        "claude-3-opus-20240229",
        "claude-3-5-haiku-20241022",
        "claude-sonnet-4-20250514",
    }
    total = sum(m["traffic"].get("Input tokens", 0) for m in document["models"])
    lines = csv_path.read_text().splitlines()[1:]
    assert total == sum(int(line.split('"')[1].replace(",", "")) for line in lines)
    assert len(in_both["claude-3-opus-20240229"]["by_key"]) == 4

    text = _run(str(csv_path), str(repo), cwd=tmp_path)
    assert text.stdout.startswith("Usage of usage.csv as of 2026-11-25: 3,000 rows, 4 API keys\n")
    assert "in traffic and in code:" in text.stdout and "in code, with no traffic:" in text.stdout
    assert "3 retired or deprecated models still carry traffic." in text.stdout
    markdown = _run(str(csv_path), str(repo), "--format", "markdown", cwd=tmp_path)
    assert "### In traffic, not found in code" in markdown.stdout
    assert (
        "| retired | claude-3-opus-20240229 | 2026-01-05 | -324 | claude-opus-5-5"
        in markdown.stdout
    )


def test_the_documented_command_with_the_export_in_the_repository(
    big_export: tuple[Path, Path],
) -> None:
    """docs/usage.md runs `claude-model-lint-usage usage.csv .` where the export lies in the
    directory scanned: the export is not code (it named every model of the traffic 'in code')."""
    csv_path, repo = big_export
    page = (Path(__file__).parent.parent / "docs" / "usage.md").read_text()
    (block,) = re.findall(r"```sh\n(.*?)```", page, re.DOTALL)
    command = block.splitlines()[0].split("#")[0].split()
    assert command[:3] == ["claude-model-lint-usage", "usage.csv", "."]
    outside = _run(str(csv_path), ".", "--format", "json", cwd=repo)
    shutil.copy(csv_path, repo / "usage.csv")
    inside = _run(*command[1:], "--format", "json", cwd=repo)
    assert json.loads(inside.stdout)["groups"] == json.loads(outside.stdout)["groups"]
    text = _run(*command[1:], cwd=repo)
    assert "in traffic, not found in code:" in text.stdout and "usage.csv:" not in text.stdout
    (repo / "usage.csv").unlink()
    os.link(csv_path, repo / "other-name.csv")  # the export under another name is not code
    linked = _run(str(csv_path), ".", "--format", "json", cwd=repo)
    assert json.loads(linked.stdout)["groups"] == json.loads(outside.stdout)["groups"]
    (repo / "other-name.csv").unlink()
    shutil.copy(csv_path, repo / "usage.csv")
    second = block.splitlines()[1].split("#")[0].split()
    assert second[:2] == ["claude-model-lint-usage", "usage.csv"]
    markdown = _run(*second[1:], cwd=repo)  # traffic only
    assert markdown.returncode == 1 and "| retired | claude-3-opus-20240229 |" in markdown.stdout


def test_nothing_at_risk_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "ok.csv").write_text(
        "Model,Requests\nclaude-opus-4-8,5\nclaude-3-opus-20240229,0\n"
    )
    result = _run(str(tmp_path / "ok.csv"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "No retired or deprecated model carries traffic." in result.stdout
