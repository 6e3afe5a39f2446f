"""Golden fixtures: tests/fixtures/<format>/<case>/ holds one input file, ``diagnostics.txt``
(what the check prints), and ``<input>.fixed`` (the file after --fix; absent: --fix changes
nothing). An optional ``args`` file adds command-line options. Regenerate with
``--update-goldens`` and review the diff; never accept it blindly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claude_model_lint.commands.lint import cli

from .conftest import AS_OF

FIXTURES = Path(__file__).parent / "fixtures"
SPECIAL = {"diagnostics.txt", "args"}
CASES = sorted(p for p in FIXTURES.glob("*/*") if p.is_dir() and p.parent.name != "repos")


def _input_of(case: Path) -> Path:
    (found,) = [
        p for p in case.iterdir() if p.name not in SPECIAL and not p.name.endswith(".fixed")
    ]
    return found


def _run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, ["--as-of", AS_OF, "--no-color", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _check_or_update(path: Path, actual: bytes, update: bool) -> None:
    if update:
        path.write_bytes(actual)
        return
    assert path.exists(), f"missing golden {path}; run pytest --update-goldens and review it"
    assert actual == path.read_bytes(), f"{path} differs"


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_golden(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_goldens: bool
) -> None:
    source = _input_of(case)
    extra = (case / "args").read_text().split() if (case / "args").exists() else []
    work = tmp_path / source.name
    shutil.copyfile(source, work)

    report = _run(["-q", *extra, source.name], tmp_path, monkeypatch)
    _check_or_update(case / "diagnostics.txt", report.encode(), update_goldens)

    _run(["--fix", "-q", *extra, source.name], tmp_path, monkeypatch)
    fixed = work.read_bytes()
    expected = case / f"{source.name}.fixed"
    if fixed == source.read_bytes():
        assert not expected.exists() or update_goldens, f"{expected} says --fix changes the file"
        if update_goldens and expected.exists():
            expected.unlink()
    else:
        _check_or_update(expected, fixed, update_goldens)
        _run(["--fix", "-q", *extra, source.name], tmp_path, monkeypatch)
        assert work.read_bytes() == fixed, "a second --fix changed the file again"
