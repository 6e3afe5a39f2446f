"""SARIF for GitHub code scanning: the 2.1.0 schema, GitHub's documented required properties,
fingerprints that survive line moves, code-point columns and percent-encoded URIs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claude_model_lint.reporters.sarif import FINGERPRINT, fingerprint
from claude_model_lint.rules import RULES
from claude_model_lint.types import Diagnostic, Severity

from .conftest import AS_OF, run_cli

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())

# GitHub's "SARIF support for code scanning" page: the properties it marks Required, per object
# (a path into the log, then the properties each object found there must have).
GITHUB_REQUIRED: list[tuple[str, list[str]]] = [
    ("", ["$schema", "version", "runs"]),
    ("runs[]", ["tool", "results"]),
    ("runs[].tool", ["driver"]),
    ("runs[].tool.driver", ["name", "rules"]),
    ("runs[].tool.driver.rules[]", ["id"]),
    ("runs[].results[]", ["message", "locations", "partialFingerprints"]),
    ("runs[].results[].message", ["text"]),
    ("runs[].results[].locations[]", ["physicalLocation"]),
    ("runs[].results[].locations[].physicalLocation", ["artifactLocation", "region"]),
    ("runs[].results[].locations[].physicalLocation.artifactLocation", ["uri"]),
    ("runs[].results[].locations[].physicalLocation.region", ["startLine"]),
]


def _objects(log: Any, path: str) -> list[Any]:
    found = [log]
    for part in filter(None, path.split(".")):
        name, many = part.removesuffix("[]"), part.endswith("[]")
        found = [item[name] for item in found]
        if many:
            found = [element for items in found for element in items]
    return found


@pytest.fixture
def log(tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "app.py").write_text(
        'A = "claude-3-opus-20240229"\nB = "claude-opus-4@20250805"\n'
        'E = "😀"; C = "claude-3-opus-20240229"\n'
    )
    for name in ("100%.py", "c:d.py", "e f.py", "é.py"):
        (tmp_path / name).write_text('M = "claude-3-opus-20240229"\n')
    result = run_cli("--as-of", AS_OF, "--output-format", "sarif", cwd=tmp_path)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_schema_and_githubs_required_properties(log: dict[str, Any]) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    for path, required in GITHUB_REQUIRED:
        objects = _objects(log, path)
        assert objects, path  # the table is checked against real objects, not none
        for obj in objects:
            assert set(required) <= set(obj), (path, set(required) - set(obj))
    assert log["version"] == "2.1.0"


def test_rules_have_markdown_help_tags_and_no_security_severity(log: dict[str, Any]) -> None:
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for rule in rules:
        assert rule["help"]["markdown"].startswith(f"**{rule['id']} {rule['name']}**")
        assert f"docs/rules/{rule['id']}.md" in rule["help"]["markdown"]
        assert rule["helpUri"].endswith(f"docs/rules/{rule['id']}.md")
        tags = rule["properties"]["tags"]
        assert "claude-models" in tags and 1 < len(tags) <= 20  # GitHub reads at most 20
        assert "security-severity" not in rule["properties"]


def test_columns_are_code_points_and_said_so(log: dict[str, Any]) -> None:
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    emoji = next(
        r for r in run["results"]
        if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"
    )  # fmt: skip
    line = 'E = "😀"; C = "claude-3-opus-20240229"'
    region = emoji["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == line.index("claude") + 1  # UTF-16 would say one more


def test_uris_are_percent_encoded(log: dict[str, Any]) -> None:
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert {"100%25.py", "c%3Ad.py", "e%20f.py", "%C3%A9.py"} <= uris
    assert {unquote(u) for u in uris} >= {"100%.py", "c:d.py", "e f.py", "é.py"}


def _fingerprints(cwd: Path) -> dict[tuple[str, str], str]:
    data = json.loads(run_cli("--as-of", AS_OF, "--output-format", "sarif", cwd=cwd).stdout)
    results = data["runs"][0]["results"]
    return {
        (r["ruleId"], r["properties"]["model"]): r["partialFingerprints"][FINGERPRINT]
        for r in results
    }


def test_fingerprints_follow_a_finding_when_lines_move(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text('A = "claude-3-opus-20240229"\nB = "claude-opus-4@20250805"\n')
    before = _fingerprints(tmp_path)
    assert len(before) == 2 and _fingerprints(tmp_path) == before  # the second from the cache
    app.write_text(
        '"""A new docstring."""\n\nimport os\n\n\nif os:\n    B   = "claude-opus-4@20250805"\n'
        'A = "claude-3-opus-20240229"\n'
    )  # moved down, swapped, one re-indented with other spacing
    assert _fingerprints(tmp_path) == before
    app.write_text('A = "claude-3-opus-20240229"  # now with a comment\n')
    key = ("CML001", "claude-3-opus-20240229")
    assert _fingerprints(tmp_path)[key] != before[key]  # another line: another alert


def test_the_same_line_twice_gets_two_fingerprints(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('A = "claude-3-opus-20240229"\n' * 2)
    data = json.loads(run_cli("--as-of", AS_OF, "--output-format", "sarif", cwd=tmp_path).stdout)
    prints = [r["partialFingerprints"][FINGERPRINT] for r in data["runs"][0]["results"]]
    assert len(prints) == 2 and prints[0].endswith(":1") and prints[1].endswith(":2")
    assert prints[0][:-2] == prints[1][:-2]


def _diagnostic(source_line: str, line: int, model: str = "claude-2.1") -> Diagnostic:
    return Diagnostic(
        "a.py", line, 1, line, 2, "CML001", "retired-model", Severity.ERROR, model, None,
        "retired", None, "m", source_line=source_line,
    )  # fmt: skip


@given(
    st.text(alphabet=" \t", max_size=5), st.text(alphabet=" \t", max_size=5),
    st.integers(1, 10_000), st.integers(1, 10_000),
)  # fmt: skip
def test_fingerprint_ignores_the_line_number_and_spacing(
    indent: str, gap: str, line: int, other: int
) -> None:
    moved = fingerprint(_diagnostic(f'{indent}M ={gap} "claude-2.1"', line))
    assert moved == fingerprint(_diagnostic('M = "claude-2.1"', other))
    assert moved != fingerprint(_diagnostic('N = "claude-2.1"', other))
    assert moved != fingerprint(_diagnostic('M = "claude-2.1"', other, model="claude-2.0"))


def test_a_sarif_file_written_in_the_tree_is_not_linted_by_the_next_run(tmp_path: Path) -> None:
    """The workflows write the log beside the code; its messages name every id it found, so a
    second local run once went from 2 findings to 25. Reports are excluded by default."""
    (tmp_path / "app.py").write_text('M = "claude-3-opus-20240229"\nN = "claude-2.1"\n')
    args = ("--no-cache", "--as-of", AS_OF, "--format", "json", "--sarif-file", "out.sarif", ".")
    first = run_cli(*args, cwd=tmp_path)
    assert (tmp_path / "out.sarif").exists() and len(json.loads(first.stdout)) == 2
    second = run_cli(*args, cwd=tmp_path)
    assert json.loads(second.stdout) == json.loads(first.stdout)


def test_runs_carry_their_category_and_invocation_and_fixes_their_safety(tmp_path: Path) -> None:
    """GitHub keys alerts by automationDetails.id (a category of our own); a fix says whether
    --fix applies it (issue 33)."""
    (tmp_path / "app.py").write_text('A = "claude-3-opus-20240229"\nB = m == "claude-2.1"\n')
    data = json.loads(run_cli("--as-of", AS_OF, "--output-format", "sarif", cwd=tmp_path).stdout)
    (run,) = data["runs"]
    assert run["automationDetails"] == {"id": "claude-model-lint/"}
    assert run["invocations"] == [{"executionSuccessful": True}]
    jsonschema.validate(data, SCHEMA)
    safety = {r["locations"][0]["physicalLocation"]["region"]["startLine"]:
              {f["properties"]["safety"] for f in r.get("fixes", [])} for r in data["runs"][0]["results"]}  # fmt: skip
    assert safety == {1: {"safe"}, 2: {"unsafe"}}


def test_a_run_from_the_root_has_a_base_of_one_slash(tmp_path: Path) -> None:
    """Run from / the base was file://// (issue 36 item 17)."""
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    result = run_cli(
        "--as-of", AS_OF, "--no-cache", "--output-format", "sarif", str(tmp_path / "app.py"),
        cwd=Path("/"),
    )  # fmt: skip
    (run,) = json.loads(result.stdout)["runs"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///"
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "file:///" + location["uri"] == (tmp_path / "app.py").as_uri()
