"""A fix migrates a request (issue 28): the id is followed to the requests it configures, a safe
fix never produces a request the replacement rejects, replacements land on the current model,
and --fix reports what a plain run will find next (issue 28 item 4).

The goldens under tests/fixtures/*/migration-* hold the per-file-kind cases (their inputs say
where each line comes from); this module holds the properties and the end-to-end runs.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_model_lint.commands.lint import cli

from .conftest import AS_OF

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = int(os.environ.get("CML_HYPOTHESIS_EXAMPLES", "25"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _json(args: list[str], cwd: Path) -> list[dict[str, object]]:
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, ["--as-of", AS_OF, "--format", "json", *args])
    finally:
        os.chdir(previous)
    assert result.exit_code in (0, 1), result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def _found(rows: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {(r["path"], r["line"], r["column"], r["code"], r["model"]) for r in rows}


def _tree(tmp_path: Path) -> Path:
    """Every migration fixture's input, one tree: Python, YAML, TOML, JSON, a notebook, TS."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for case in [*sorted(FIXTURES.glob("*/migration-*")), FIXTURES / "python/text-completions"]:
        for source in case.iterdir():
            if source.name in ("args", "diagnostics.txt") or source.name.endswith(".fixed"):
                continue
            shutil.copyfile(source, tree / f"{case.name}-{source.name}")
    return tree


@pytest.mark.parametrize("flags", [[], ["--unsafe-fixes"]], ids=["fix", "unsafe-fixes"])
def test_the_report_of_fix_is_what_the_next_plain_run_finds(
    tmp_path: Path, flags: list[str]
) -> None:
    """ruff's promise: --fix reports what remains, never a stale "no findings"."""
    tree = _tree(tmp_path)
    before = _json(["."], tree)
    after_fix = _json(["--fix", *flags, "."], tree)
    plain = _json(["."], tree)
    assert _found(after_fix) == _found(plain)
    assert _found(after_fix) != _found(before)  # it did fix something
    if flags:  # --unsafe-fixes migrates every request it can: none is left rejected
        assert not [r for r in plain if r["code"] == "CML007"], plain


def test_a_safe_fix_never_creates_a_rejected_request(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    rejected_before = {(r["path"], r["line"]) for r in _json(["."], tree) if r["code"] == "CML007"}
    _json(["--fix", "."], tree)
    rejected_after = {(r["path"], r["line"]) for r in _json(["."], tree) if r["code"] == "CML007"}
    assert rejected_after <= rejected_before


# --- properties: any mix of flows, parameters and models ------------------------------------

MODELS = [
    "claude-3-haiku-20240307", "claude-3-5-haiku-20241022", "claude-3-5-sonnet-20241022",
    "claude-3-opus-20240229", "claude-3-7-sonnet-20250219", "claude-2.1", "claude-sonnet-4-20250514",
    "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001", "claude-opus-4-8",
]  # fmt: skip
PARAMETERS = [
    "", "temperature=0.2", "top_p=0.9", "top_k=5", "temperature=1.0",
    'thinking={"type": "disabled"}', 'thinking={"type": "enabled", "budget_tokens": 1024}',
    'tool_choice={"type": "any"}', 'tool_choice={"type": "auto"}',
]  # fmt: skip


@st.composite
def programs(draw: st.DrawFn) -> str:
    """A module whose requests get their model in each way the flows follow."""
    lines = ["import anthropic", "client = anthropic.Anthropic()"]
    for n in range(draw(st.integers(1, 4))):
        model = draw(st.sampled_from(MODELS))
        parameter = draw(st.sampled_from(PARAMETERS))
        extra = f", {parameter}" if parameter else ""
        flow = draw(st.sampled_from(["literal", "constant", "default", "wrapper"]))
        if flow == "literal":
            lines.append(f'client.messages.create(model="{model}", max_tokens=5{extra})')
        elif flow == "constant":
            lines.append(f'MODEL_{n} = "{model}"')
            lines.append(f"client.messages.create(model=MODEL_{n}, max_tokens=5{extra})")
        elif flow == "default":
            lines.append(f'def ask_{n}(prompt, model="{model}"):')
            lines.append(f"    return client.messages.create(model=model, max_tokens=5{extra})")
        else:
            lines.append(f'llm_{n} = ChatAnthropic(model="{model}"{extra})')
    return "\n".join(lines) + "\n"


def _rejected(rows: list[dict[str, object]]) -> set[object]:
    return {r["line"] for r in rows if r["code"] == "CML007"}


@PROPERTY
@given(program=programs())
def test_fix_is_idempotent_and_creates_no_rejected_request(tmp_path: Path, program: str) -> None:
    path = tmp_path / "app.py"
    path.write_text(program, encoding="utf-8")
    before = _json(["app.py"], tmp_path)
    reported = _json(["--fix", "app.py"], tmp_path)
    once = path.read_text(encoding="utf-8")
    after = _json(["app.py"], tmp_path)
    assert _rejected(after) <= _rejected(before), (program, once)  # safe fixes keep the lines
    assert _found(reported) == _found(after)
    _json(["--fix", "app.py"], tmp_path)
    assert path.read_text(encoding="utf-8") == once  # idempotent


@PROPERTY
@given(program=programs())
def test_unsafe_fixes_migrate_the_request_whole(tmp_path: Path, program: str) -> None:
    path = tmp_path / "app.py"
    path.write_text(program, encoding="utf-8")
    reported = _json(["--fix", "--unsafe-fixes", "app.py"], tmp_path)
    once = path.read_text(encoding="utf-8")
    after = _json(["app.py"], tmp_path)
    assert not _rejected(after), (program, once)  # every parameter change is known here
    assert _found(reported) == _found(after)
    _json(["--fix", "--unsafe-fixes", "app.py"], tmp_path)
    assert path.read_text(encoding="utf-8") == once


# --- the chain, the page's replacement, the platform -----------------------------------------


def test_the_fix_lands_on_the_current_model_unless_the_config_says_page(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('MODEL = "claude-3-haiku-20240307"\n', encoding="utf-8")
    (row,) = _json(["app.py"], tmp_path)
    assert row["replacement"] == "claude-haiku-5-5"
    assert "the page names claude-haiku-4-5-20251001" in str(row["message"])
    (tmp_path / ".claude-model-lint.toml").write_text('replacement = "page"\n', encoding="utf-8")
    (row,) = _json(["app.py"], tmp_path)
    assert row["replacement"] == "claude-haiku-4-5-20251001"


def test_a_bad_replacement_setting_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / ".claude-model-lint.toml").write_text('replacement = "newest"\n', encoding="utf-8")
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    previous = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["--as-of", AS_OF, "app.py"])
    finally:
        os.chdir(previous)
    assert result.exit_code == 2
    assert "replacement: 'newest' is not one of current, page" in result.stderr


def test_a_platform_id_stops_at_the_newest_model_spelled_on_it(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('MODEL = "claude-3-haiku@20240307"\n', encoding="utf-8")
    (row,) = _json(["app.py"], tmp_path)
    assert row["replacement"] == "claude-haiku-4-5@20251001"
    assert "claude-haiku-5-5 is current, but has no known Vertex AI id" in str(row["message"])


def test_a_legacy_fallback_keeps_a_request_the_current_model_rejects(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "client.messages.create(\n"
        '    model="claude-3-haiku-20240307", max_tokens=5, temperature=0.2\n'
        ")\n",
        encoding="utf-8",
    )
    (row,) = _json(["app.py"], tmp_path)
    assert row["replacement"] == "claude-haiku-4-5-20251001"
    assert row["fix"] == "safe"
    assert "claude-haiku-5-5 is current, but rejects temperature=0.2 (line 2)" in str(
        row["message"]
    )
