"""ruff's command-line conventions, through the installed CLI: --output-format, accumulating
--select/--ignore, --statistics, --show-fixes, --exit-non-zero-on-fix, --sarif-file, and the
job summary written only when asked for."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .conftest import AS_OF, CLI, run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(
        'A = "claude-3-opus-20240229"\nB = "claude-opus-4@20250805"\nC = "claude-3-opus-20240229"\n'
    )
    (tmp_path / "b.yaml").write_text("model: claude-3-5-haiku-latest\n")
    return tmp_path


def _codes(*args: str, cwd: Path) -> list[str]:
    result = run_cli("--as-of", AS_OF, "--output-format", "json", *args, cwd=cwd)
    return sorted(row["code"] for row in json.loads(result.stdout))


def test_output_format_and_its_alias_format_agree(project: Path) -> None:
    new = run_cli("--as-of", AS_OF, "--output-format", "json", cwd=project)
    old = run_cli("--as-of", AS_OF, "--format", "json", cwd=project)
    assert new.stdout == old.stdout and json.loads(new.stdout)


def test_repeated_select_and_ignore_accumulate(project: Path) -> None:
    assert _codes(cwd=project) == ["CML001", "CML001", "CML001", "CML004"]
    assert _codes("--select", "CML001", "--select", "CML004", cwd=project) == _codes(cwd=project)
    assert _codes("--select", "CML001,CML004", "--ignore", "CML001", cwd=project) == ["CML004"]
    both = _codes("--ignore", "CML001", "--ignore", "CML004", cwd=project)
    assert both == []


def test_show_fixes_lists_what_fix_rewrote_and_would_rewrite(project: Path) -> None:
    would = run_cli("--as-of", AS_OF, "--show-fixes", "-q", cwd=project)
    assert "Would fix 3 ids:" in would.stderr
    assert "- app.py:\n    2 x CML001 claude-3-opus-20240229 -> claude-opus-5-5" in would.stderr
    assert (project / "app.py").read_text().count("claude-3-opus-20240229") == 2
    done = run_cli("--as-of", AS_OF, "--fix", "--show-fixes", cwd=project)
    assert "Fixed 3 ids:" in done.stderr and "- b.yaml:\n    1 x CML001" in done.stderr
    assert "claude-3-opus-20240229" not in (project / "app.py").read_text()


def test_exit_non_zero_on_fix(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('A = "claude-3-opus-20240229"\n')
    plain = run_cli("--as-of", AS_OF, "--fix", cwd=tmp_path)
    assert plain.returncode == 0  # everything was fixed: nothing remains
    (tmp_path / "app.py").write_text('A = "claude-3-opus-20240229"\n')
    strict = run_cli("--as-of", AS_OF, "--fix", "--exit-non-zero-on-fix", cwd=tmp_path)
    assert strict.returncode == 1 and 'A = "claude-opus-5-5"' in (tmp_path / "app.py").read_text()
    again = run_cli("--as-of", AS_OF, "--fix", "--exit-non-zero-on-fix", cwd=tmp_path)
    assert again.returncode == 0  # nothing left to fix


def test_the_summary_is_written_only_for_github_or_when_named(project: Path) -> None:
    summary = project / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}  # run_cli would drop it
    for output_format in ("text", "json", "sarif", "github"):
        subprocess.run(
            [CLI, "--as-of", AS_OF, "--output-format", output_format, "app.py"], cwd=project, env=env,
            capture_output=True, check=False,
        )  # fmt: skip
        assert summary.exists() == (output_format == "github"), output_format
    assert summary.read_text().count("## claude-model-lint: 3 findings") == 1
    named = project / "named.md"
    run_cli("--as-of", AS_OF, "-o", "r.json", "--summary", str(named), "app.py", cwd=project)
    assert named.read_text().startswith("## claude-model-lint: 3 findings")


def test_sarif_file_beside_the_report_in_a_new_directory(project: Path) -> None:
    sarif = project / "out" / "deep" / "x.sarif"
    result = run_cli("--as-of", AS_OF, "--sarif-file", str(sarif), "-q", cwd=project)
    assert result.stdout.count("CML001") == 3  # the text report, as without --sarif-file
    assert len(json.loads(sarif.read_text())["runs"][0]["results"]) == 4


def test_an_unwritable_sarif_file_is_one_line_and_exit_2(project: Path) -> None:
    (project / "file").write_text("")
    result = run_cli("--as-of", AS_OF, "--sarif-file", "file/x.sarif", cwd=project)
    assert result.returncode == 2
    assert "cannot write SARIF to file/x.sarif" in result.stderr
    assert "Traceback" not in result.stderr


def test_output_file_in_a_missing_directory_is_created(project: Path) -> None:
    result = run_cli("--as-of", AS_OF, "-o", "reports/new/out.txt", "app.py", cwd=project)
    assert result.returncode == 1, result.stderr
    assert "app.py:1:6: CML001" in (project / "reports" / "new" / "out.txt").read_text()


@pytest.mark.parametrize(
    ("before", "cells"),
    [("日本語🙂 ", 9), ("e\u0301", 1), ("\t", 1), ("\uff46\uff55\uff4c\uff4c", 8), ("", 0)],
)
def test_carets_sit_under_the_id_after_wide_and_combining_characters(
    tmp_path: Path, before: str, cells: int
) -> None:
    (tmp_path / "w.py").write_text(f'X = "{before}claude-3-opus-20240229"\n', encoding="utf-8")
    out = run_cli("--as-of", AS_OF, "--no-cache", "w.py", cwd=tmp_path).stdout.splitlines()
    source, carets = out[1], out[2]
    assert carets.strip() == "^" * len("claude-3-opus-20240229")
    lead = carets[: len(carets) - len(carets.lstrip())]
    assert lead.replace("\t", " ") == " " * (4 + len('X = "') + cells)
    assert source == f'    X = "{before}claude-3-opus-20240229"'


def test_control_characters_of_a_source_line_are_shown_escaped(tmp_path: Path) -> None:
    """Review 3 m5: an ESC sequence in a source line went to the terminal raw (here it would
    clear the screen); it is shown as the file names are, and the carets still sit under."""
    (tmp_path / "c.py").write_bytes(b'X = "\x1b[2J\x07claude-3-opus-20240229"\n')
    out = run_cli("--as-of", AS_OF, "--no-cache", "c.py", cwd=tmp_path).stdout
    assert "\x1b" not in out and "\x07" not in out
    source, carets = out.splitlines()[1:3]
    assert source == '    X = "\\x1b[2J\\x07claude-3-opus-20240229"'
    assert carets == " " * source.index("claude") + "^" * len("claude-3-opus-20240229")


@pytest.mark.parametrize(
    ("env", "colored"),
    [({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "0"}, False), ({"FORCE_COLOR": ""}, False),
     ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False), ({"NO_COLOR": ""}, False), ({}, False)],
)  # fmt: skip
def test_force_color_and_no_color_as_the_ecosystem_reads_them(
    project: Path, env: dict[str, str], colored: bool
) -> None:
    """Output to a pipe: colour only when forced; NO_COLOR set and not empty wins."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    result = subprocess.run(
        [CLI, "--as-of", AS_OF, "app.py"], cwd=project, capture_output=True, text=True,
        env={**base, **env}, check=False,
    )  # fmt: skip
    assert ("\x1b[" in result.stdout) is colored
