"""Each file is judged by the nearest config above it, so the answer never depends on the order
or the batching of the paths (pre-commit shuffles files into batches)."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from .conftest import AS_OF, run_cli

RETIRED = 'M = "claude-2.1"\n'
TWO = 'M = "claude-2.1"\nN = "claude-opus-4@20250805"\n'  # CML001 and CML004
FILES = ["vendor/lib.py", "pkg/foo/app.py", "pkg/foo/gen/x.py", "legacy/old.py", "top.py"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / ".claude-model-lint.toml").write_text(
        'extend-exclude = ["vendor/**"]\nper-file-ignores = { "legacy/**" = ["CML001"] }\n'
    )
    (tmp_path / "pkg" / "foo" / "gen").mkdir(parents=True)
    (tmp_path / "pkg" / "foo" / "pyproject.toml").write_text(
        "[tool.claude-model-lint]\n"
        'select = ["CML001"]\n'
        'per-file-ignores = { "gen/**" = ["CML001"] }\n'  # relative to pkg/foo
    )
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TWO)
    return tmp_path


def _lint(root: Path, *args: str) -> tuple[int, list[tuple[str, int, str]]]:
    result = run_cli("--as-of", AS_OF, "--format", "json", "--no-cache", *args, cwd=root)
    assert result.returncode in (0, 1), result.stderr
    rows = json.loads(result.stdout)
    return result.returncode, sorted((r["path"], r["line"], r["code"]) for r in rows)


def test_the_nearest_config_judges_each_file(tree: Path) -> None:
    code, rows = _lint(tree, ".")
    assert code == 1
    assert {(path, rule) for path, _, rule in rows} == {
        ("pkg/foo/app.py", "CML001"),  # the nested select: no CML004
        ("legacy/old.py", "CML004"),  # the root's per-file-ignores
        ("top.py", "CML001"),
        ("top.py", "CML004"),
    }


def test_every_order_gives_the_same_answer(tree: Path) -> None:
    expected = _lint(tree, ".")
    for order in itertools.permutations(FILES[:4]):
        assert _lint(tree, *order, "top.py") == expected, order


def test_every_batching_gives_the_same_answer(tree: Path) -> None:
    _, expected = _lint(tree, ".")
    shuffle = random.Random(15)
    for _ in range(6):
        files = FILES[:]
        shuffle.shuffle(files)
        cut = shuffle.randrange(1, len(files))
        rows = _lint(tree, *files[:cut])[1] + _lint(tree, *files[cut:])[1]
        assert sorted(rows) == expected, files


def test_a_worker_forked_before_a_nested_config_judges_by_it(tmp_path: Path) -> None:
    (tmp_path / "aa").mkdir()
    for i in range(260):  # more than the files discovered before the workers fork
        (tmp_path / "aa" / f"f{i:03}.py").write_text("X = 1\n")
    (tmp_path / "zz").mkdir()
    (tmp_path / "zz" / ".claude-model-lint.toml").write_text('select = ["CML001"]\n')
    (tmp_path / "zz" / "app.py").write_text(TWO)
    one = _lint(tmp_path, "--jobs", "1", ".")
    assert one == (1, [("zz/app.py", 1, "CML001")])
    assert _lint(tmp_path, "--jobs", "2", ".") == one
    cached = run_cli("--as-of", AS_OF, "--format", "json", "--jobs", "2", ".", cwd=tmp_path)
    warm = run_cli("--as-of", AS_OF, "--format", "json", "--jobs", "2", ".", cwd=tmp_path)
    assert (
        json.loads(cached.stdout) == json.loads(warm.stdout) and len(json.loads(warm.stdout)) == 1
    )


def test_flags_override_every_config_and_config_names_one_for_all(tree: Path) -> None:
    _, rows = _lint(tree, "--select", "CML004", ".")
    assert {path for path, _, _ in rows} == {"pkg/foo/app.py", "pkg/foo/gen/x.py", "legacy/old.py",
                                             "top.py"}  # fmt: skip
    (tree / "all.toml").write_text('select = ["CML004"]\n')
    _, rows = _lint(tree, "--config", "all.toml", "pkg/foo/app.py", "vendor/lib.py")
    assert rows == [("pkg/foo/app.py", 2, "CML004"), ("vendor/lib.py", 2, "CML004")]


def test_each_config_s_fail_on(tree: Path) -> None:
    (tree / "pkg" / "foo" / "pyproject.toml").write_text(
        '[tool.claude-model-lint]\nselect = ["CML004"]\nfail-on = "error"\n'
    )
    assert _lint(tree, "pkg/foo/app.py")[0] == 0  # CML004 is a warning: under fail-on = error
    assert _lint(tree, "pkg/foo/app.py", "legacy/old.py")[0] == 1  # the root's: warning


def test_a_broken_nested_config_is_said_once_and_its_files_skipped(tree: Path) -> None:
    (tree / "pkg" / "foo" / "pyproject.toml").write_text("[tool.claude-model-lint]\nselct = 1\n")
    result = run_cli("--as-of", AS_OF, "--format", "json", "--no-cache", ".", cwd=tree)
    assert result.returncode == 2
    assert result.stderr.count("selct: unknown key") == 1, result.stderr
    assert "Traceback" not in result.stderr
    paths = {row["path"] for row in json.loads(result.stdout)}
    assert paths == {"legacy/old.py", "top.py"}
