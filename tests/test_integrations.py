"""GitHub annotations, the job summary, SARIF (validated against the 2.1.0 schema)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from claude_model_lint.reporters.github import escape_data, escape_property

from .conftest import AS_OF, run_cli

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(
        'A = "claude-3-opus-20240229"\nB = "claude-opus-4@20250805"\nC = "claude-3-7-sonnet-latest"\n'
    )
    (tmp_path / "conf,odd:name.yaml").write_text(
        "model: us.anthropic.claude-3-haiku-20240307-v1:0\n"
    )
    return tmp_path


def test_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_annotations(project: Path) -> None:
    result = run_cli("--as-of", AS_OF, "--format", "github", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "::error file=app.py,line=1,col=6,endLine=1,endColumn=28,title=CML001 retired-model::"
        "claude-3-opus-20240229 is retired since 2026-01-05 (Claude API dates): requests fail; use claude-opus-5-5 "
        "(the page names claude-opus-4-8, which is legacy now)",
        "::error file=app.py,line=3,col=6,endLine=3,endColumn=30,title=CML001 retired-model::"
        "claude-3-7-sonnet-latest is retired since 2026-02-19 (Claude API dates): requests fail; use claude-sonnet-5-5",
        "::error file=conf%2Codd%3Aname.yaml,line=1,col=8,endLine=1,endColumn=49,title=CML001 retired-model::"
        "us.anthropic.claude-3-haiku-20240307-v1:0 is retired since 2026-09-10 (Bedrock dates): requests fail; "
        "use us.anthropic.claude-haiku-5-5 (the page names claude-haiku-4-5-20251001, which is legacy now)",
        lines[3],
        "::notice title=claude-model-lint model data::Model data as of 2026-12-07 (bundled "
        "2026-12-07); checked as of 2026-11-25; every file in scope read; 1 unknown id",
    ]
    assert (
        lines[3].startswith("::warning file=app.py,line=2,") and "CML004 unknown-model" in lines[3]
    )


def test_github_shows_ten_per_severity_then_one_notice(tmp_path: Path) -> None:
    body = "".join(f'E{i} = "claude-2.1"\nW{i} = "claude-opus-4@20250805"\n' for i in range(12))
    (tmp_path / "many.py").write_text(body)
    lines = run_cli("--as-of", AS_OF, "--format", "github", cwd=tmp_path).stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error"] * 10 + ["::warning"] * 10 + [
        "::notice",
        "::notice",
    ]
    assert "4 more findings are not shown" in lines[-1]
    assert "run with --summary PATH or --output-format text to see all of them" in lines[-1]


def test_job_summary_from_the_environment(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    summary = (
        tmp_path_factory.mktemp("runner") / "summary.md"
    )  # (outside the work tree, as GitHub's)
    summary.write_text("earlier step\n")
    env = {"GITHUB_REPOSITORY": "acme/app", "GITHUB_SHA": "abc123"}
    result = run_cli("--as-of", AS_OF, "--summary", str(summary), cwd=project, env=env)
    assert result.returncode == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n## claude-model-lint: 4 findings as of 2026-11-25\n")
    assert "| retired | 3 |" in text and "| unknown | 1 |" in text
    assert (
        "| `claude-3-opus-20240229` | retired | 2026-01-05 | `claude-opus-5-5` | `app.py` |" in text
    )
    assert "[app.py:1](https://github.com/acme/app/blob/abc123/app.py#L1) **CML001**" in text


def test_sarif_validates_and_carries_rules_and_fixes(project: Path) -> None:
    result = run_cli("--as-of", AS_OF, "--format", "sarif", cwd=project)
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [f"CML00{i}" for i in range(1, 9)]
    assert run["tool"]["driver"]["rules"][4]["defaultConfiguration"]["level"] == "none"
    first = run["results"][0]
    assert first["ruleId"] == "CML001" and first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 28}
    change = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert change["insertedContent"]["text"] == "claude-opus-5-5"
    unknown = next(r for r in run["results"] if r["ruleId"] == "CML004")
    assert "fixes" not in unknown and unknown["level"] == "warning"


def test_sarif_with_no_findings_validates(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text('M = "claude-opus-5-5"\n')
    log = json.loads(run_cli("--as-of", AS_OF, "--format", "sarif", cwd=tmp_path).stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


@pytest.mark.parametrize(("infos", "shown"), [(9, 9), (10, 8), (12, 8), (8, 8)])
def test_our_own_notices_count_against_the_notices_cap(
    tmp_path: Path, infos: int, shown: int
) -> None:
    """GitHub shows ten notices a step: the model-data notice and the 'more not shown' one are
    notices too, so the findings' notices leave room for them (issue 33)."""
    body = "".join(f'M{i} = "claude-sonnet-4-6"\n' for i in range(infos))  # legacy: info
    (tmp_path / "legacy.py").write_text(body)
    lines = run_cli("--as-of", AS_OF, "--format", "github", cwd=tmp_path).stdout.splitlines()
    notices = [line for line in lines if line.startswith("::notice ")]
    assert len(notices) <= 10
    assert sum("file=legacy.py" in line for line in notices) == shown
    assert any(f"{infos - shown} more findings are not shown" in n for n in notices) is (
        infos > shown
    )
