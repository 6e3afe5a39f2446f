"""`--fix .` never rewrites registry data: an overlay's `[models."<id>"]` headers are keys.

Reproduced before (issue 16): `--fix .` rewrote the user's own overlay, `[models."claude-2.1"]`
became `[models."claude-opus-5-5"]`, and the overlay turned into a cycle.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import AS_OF, run_cli

OVERLAY = (
    '[models."claude-2.1"]\nnotes = "ours"\n\n'
    '[models."claude-3-opus-20240229"]\nnotes = "also ours"\n'
)


def _repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    return tmp_path


@pytest.mark.parametrize("named_by", ["config", "command-line", "nothing"])
def test_an_overlay_is_reported_but_never_fixed(tmp_path: Path, named_by: str) -> None:
    repo = _repo(tmp_path)
    overlay = repo / "data" / "overlay.toml"
    overlay.parent.mkdir()
    overlay.write_text(OVERLAY)
    args = ["--as-of", AS_OF, "--no-cache", "--fix", "--format", "json"]
    if named_by == "config":
        (repo / ".claude-model-lint.toml").write_text('registry = "data/overlay.toml"\n')
    elif named_by == "command-line":
        args += ["--registry", str(overlay)]
    result = run_cli(*args, ".", cwd=repo)
    assert overlay.read_text() == OVERLAY
    assert (repo / "app.py").read_text() == 'M = "claude-opus-5-5"\n'  # the rest is fixed
    rows = [r for r in json.loads(result.stdout) if r["path"] == "data/overlay.toml"]
    assert len(rows) == 2 and all(r["replacement"] is None for r in rows)
    assert all("not fixable" in r["message"] and "registry" in r["message"] for r in rows)
    again = run_cli("--as-of", AS_OF, "--no-cache", ".", cwd=repo)  # and it still loads
    assert again.returncode in (0, 1), again.stderr


def test_a_json_overlay_is_never_fixed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    text = json.dumps({"models": {"claude-2.1": {"notes": "ours"}}}, indent=2) + "\n"
    (repo / "overlay.json").write_text(text)
    run_cli("--as-of", AS_OF, "--no-cache", "--fix", ".", cwd=repo)
    assert (repo / "overlay.json").read_text() == text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("dotted.toml", 'models."claude-2.1".notes = "ours"\n'),
        ("quoted.toml", '["models"."claude-2.1"]\nnotes = "ours"\n'),
        ("inline.toml", 'models = { "claude-2.1" = { notes = "ours" } }\n'),
        ("spaced.json", '{ "models" :\n  { "claude-2.1": {"notes": "ours"}}}\n'),
    ],
)
def test_registry_data_in_any_spelling_of_its_keys_is_never_fixed(
    tmp_path: Path, name: str, text: str
) -> None:
    """A cheap look decides which files are parsed to be sure: every spelling of the models
    table that TOML and JSON allow must pass it."""
    repo = _repo(tmp_path)
    (repo / name).write_text(text)
    run_cli("--as-of", AS_OF, "--no-cache", "--fix", ".", cwd=repo)
    assert (repo / name).read_text() == text


def test_other_toml_and_json_are_still_fixed(tmp_path: Path) -> None:
    """Only registry data is spared: a settings file that has a `models` table is fixed."""
    repo = _repo(tmp_path)
    (repo / "settings.toml").write_text('[models]\ndefault = "claude-2.1"\n\n[server]\nport = 1\n')
    (repo / "settings.json").write_text('{"models": {"default": "claude-2.1"}, "port": 1}\n')
    (repo / "only.toml").write_text('[models]\ndefault = "claude-2.1"\n')
    run_cli("--as-of", AS_OF, "--no-cache", "--fix", ".", cwd=repo)
    assert '"claude-opus-5-5"' in (repo / "settings.toml").read_text()
    assert '"claude-opus-5-5"' in (repo / "settings.json").read_text()
    assert '"claude-opus-5-5"' in (repo / "only.toml").read_text()
