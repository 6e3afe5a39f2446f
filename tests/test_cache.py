"""The scan cache: hits skip scanning, a new --as-of is judged without a re-scan, edits miss."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from hashlib import blake2b
from pathlib import Path
from typing import Any

import pytest

from claude_model_lint.check.engine import RunOptions, check_file_recording
from claude_model_lint.check.judging import judge_record
from claude_model_lint.config import Config
from claude_model_lint.registry.registry import Registry
from claude_model_lint.run import runner
from claude_model_lint.run.cache import FORMAT, ScanCache
from claude_model_lint.run.cache_place import SECRET, claim

from .conftest import AS_OF, run_cli


def read_cache(cache: Path) -> dict[str, Any]:
    """A cache file's data (after its signature line)."""
    data: dict[str, Any] = json.loads(cache.read_bytes().partition(b"\n")[2])
    return data


def write_cache(cache: Path, data: dict[str, Any]) -> None:
    """Hand-edited by its own user: signed with the tests' user key, as the tool signs it."""
    body = json.dumps(data).encode()
    secret = (Path(os.environ["CLAUDE_MODEL_LINT_CACHE_DIR"]) / SECRET).read_bytes()
    cache.write_bytes(blake2b(body, key=secret, digest_size=32).hexdigest().encode() + b"\n" + body)


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def counting(candidate, options, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(candidate.path.name)
        return check_file_recording(candidate, options, **kwargs)

    monkeypatch.setattr(runner, "check_file_recording", counting)
    return seen


def _run(root: Path, registry: Registry, on: date) -> list[tuple[str, str]]:
    cache = ScanCache(root / ".cache", "k")
    options = RunOptions(Config(root=root), registry, on)
    results = list(runner.run([root / "src"], options, jobs=1, cache=cache))
    return [(Path(r.path).name, d.code) for r in results for d in r.diagnostics]


def test_hits_skip_scanning_and_a_new_date_needs_no_rescan(
    tmp_path: Path, registry: Registry, scans: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUDE_MODEL_LINT_NO_GIT", "1")  # walked: git grep would pass b.md over
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text('M = "claude-3-7-sonnet-20250219"\n')
    (tmp_path / "src" / "b.md").write_text("nothing here\n")
    assert _run(tmp_path, registry, date(2026, 1, 1)) == [("a.py", "CML002")]
    assert sorted(scans) == ["a.py", "b.md"]
    assert _run(tmp_path, registry, date(2026, 3, 1)) == [("a.py", "CML001")]  # judged again
    assert sorted(scans) == ["a.py", "b.md"]  # but not scanned again

    os.utime(tmp_path / "src" / "a.py", ns=(1, 1))  # touched, same content: still a hit
    _run(tmp_path, registry, date(2026, 3, 1))
    assert sorted(scans) == ["a.py", "b.md"]

    (tmp_path / "src" / "a.py").write_text('M = "claude-opus-5-5"\n')  # edited: scanned again
    assert _run(tmp_path, registry, date(2026, 3, 1)) == []
    assert sorted(scans) == ["a.py", "a.py", "b.md"]


def test_a_broken_cache_file_is_ignored(
    tmp_path: Path, registry: Registry, scans: list[str]
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text('M = "claude-2.1"\n')
    claim(tmp_path / ".cache")  # a broken cache of our own making
    (tmp_path / ".cache" / "cml-k.json").write_text('{"format": 1, "files": {"x": [1]}')
    assert _run(tmp_path, registry, date(2026, 3, 1)) == [("a.py", "CML001")]
    assert _run(tmp_path, registry, date(2026, 3, 1)) == [("a.py", "CML001")]
    assert scans == ["a.py"]


def test_cache_directory_and_no_cache(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('M = "claude-2.1"\n')
    run_cli("--as-of", AS_OF, "--no-cache", ".", cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py"]
    run_cli("--as-of", AS_OF, "--cache-dir", "elsewhere", ".", cwd=tmp_path)
    (owned,) = (tmp_path / "elsewhere" / "claude-model-lint-cache").iterdir()
    assert (owned / ".gitignore").read_text().endswith("*\n")
    warm = run_cli("--as-of", AS_OF, "--cache-dir", "elsewhere", ".", cwd=tmp_path)
    assert "a.py:1:6: CML001" in warm.stdout


def test_a_few_files_named_are_read_uncached_and_many_or_a_directory_use_the_cache(
    tmp_path: Path,
) -> None:
    """A pre-commit hook names a handful of files: loading the repository's cache (a full run
    may have filled it with thousands of entries) costs more than reading them."""
    for i in range(60):
        (tmp_path / f"m{i}.py").write_text('M = "claude-2.1"\n')
    cache = tmp_path / "elsewhere" / "claude-model-lint-cache"
    few = run_cli("--as-of", AS_OF, "--cache-dir", "elsewhere", "m1.py", "m2.py", cwd=tmp_path)
    assert "m2.py:1:6: CML001" in few.stdout and not cache.exists()
    many = [f"m{i}.py" for i in range(60)]
    run_cli("--as-of", AS_OF, "--cache-dir", "elsewhere", *many, cwd=tmp_path)
    assert cache.is_dir()
    shutil.rmtree(cache)
    run_cli("--as-of", AS_OF, "--cache-dir", "elsewhere", ".", cwd=tmp_path)
    assert cache.is_dir()


def test_calls_survive_the_cache(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        'client.messages.create(model="claude-opus-4-8", temperature=0.5, max_tokens=1)\n'
    )
    cold = run_cli("--as-of", AS_OF, "--format", "json", ".", cwd=tmp_path)
    warm = run_cli("--as-of", AS_OF, "--format", "json", ".", cwd=tmp_path)
    assert '"code": "CML007"' in cold.stdout
    assert warm.stdout == cold.stdout


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.py", 'c.messages.create(model="claude-opus-5-5", thinking={"type": "disabled"}, tools=[{"type": "computer_20251124"}])\n'),
        ("a.ts", 'c.messages.create({ model: "claude-sonnet-5-5", thinking: { type: "disabled" }, tool_choice: { type: "any" } })\n'),
    ],
)  # fmt: skip
def test_literal_values_survive_the_cache(tmp_path: Path, name: str, text: str) -> None:
    """A cached scan is judged again under another date: the values it kept still match."""
    (tmp_path / name).write_text(text)
    cold = run_cli("--as-of", AS_OF, "--select", "CML007", ".", cwd=tmp_path)
    warm = run_cli("--as-of", "2026-11-28", "--select", "CML007", ".", cwd=tmp_path)
    assert cold.stdout.count("CML007") == 2, cold.stdout
    assert warm.stdout == cold.stdout


def test_verdicts_are_kept_per_key_and_judged_again_under_another(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text('M = "claude-3-7-sonnet-20250219"  # long enough\n')
    judged: list[str] = []

    def counting(shown, *args):  # type: ignore[no-untyped-def]
        judged.append(shown)
        return judge_record(shown, *args)

    monkeypatch.setattr(runner, "judge_record", counting)

    def lint(on: date, key: str) -> list[tuple[str, str, str]]:
        cache = ScanCache(tmp_path / ".cache", "k", verdicts=key)
        options = RunOptions(Config(root=tmp_path), registry, on)
        results = list(runner.run([tmp_path / "src"], options, jobs=1, cache=cache))
        return [(d.code, d.message, d.source_line) for r in results for d in r.diagnostics]

    first = lint(date(2026, 1, 1), "january")  # scanned and judged: nothing kept yet
    assert lint(date(2026, 1, 1), "january") == first  # the kept verdicts, source line and all
    assert judged == []  # a scan judges through engine.check_file_recording, never this one
    march = lint(date(2026, 3, 1), "march")  # another key: judged again from the kept scan
    assert len(judged) == 1
    assert [code for code, _, _ in march] == ["CML001"] and first[0][0] == "CML002"
    assert lint(date(2026, 3, 1), "march") == march
    assert len(judged) == 1


def test_a_cache_file_for_other_settings_is_removed_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('M = "claude-2.1"\n')
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "notes.json").write_text("{}")  # not ours: left alone
    run_cli(
        "--as-of", AS_OF, "--cache-dir", "elsewhere", "--max-file-size", "1MB", ".", cwd=tmp_path
    )
    first = sorted(p.name for p in (tmp_path / "elsewhere").rglob("cml-*.json"))
    run_cli("--as-of", AS_OF, "--cache-dir", "elsewhere", ".", cwd=tmp_path)
    second = sorted(p.name for p in (tmp_path / "elsewhere").rglob("cml-*.json"))
    assert len(first) == len(second) == 1 and first != second
    assert (tmp_path / "elsewhere" / "notes.json").exists()


@pytest.mark.parametrize(
    "files",
    [
        pytest.param("[]", id="files-a-list"),
        pytest.param('{"A": 5}', id="entry-a-number"),
        pytest.param('{"A": [1]}', id="entry-too-short"),
        pytest.param('{"A": [SIZE, MTIME, 0, "x", [1]]}', id="record-a-string"),
        pytest.param('{"A": [SIZE, MTIME, 0, {"occurrences": 5}]}', id="record-bad-field"),
        pytest.param("[" * 100_000 + "]" * 100_000, id="nested-too-deep"),
    ],
)
def test_a_cache_of_the_wrong_shape_is_ignored_and_rebuilt(
    files: str, tmp_path: Path, registry: Registry, scans: list[str]
) -> None:
    source = tmp_path / "src" / "a.py"
    source.parent.mkdir()
    source.write_text('M = "claude-2.1"\n')
    info = source.stat()
    files = files.replace('"A"', json.dumps(str(source.resolve()))).replace(
        "SIZE", str(info.st_size)
    )
    claim(tmp_path / ".cache")  # a broken cache of our own making
    (tmp_path / ".cache" / "cml-k.json").write_text(
        f'{{"format": {FORMAT}, "files": {files.replace("MTIME", str(info.st_mtime_ns))}}}'
    )
    assert _run(tmp_path, registry, date(2026, 3, 1)) == [("a.py", "CML001")]
    assert _run(tmp_path, registry, date(2026, 3, 1)) == [("a.py", "CML001")]
    assert scans == ["a.py"]  # rebuilt by the first run, used by the second


def test_kept_verdicts_of_the_wrong_shape_are_judged_again(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('M = "claude-2.1"\n')
    cold = run_cli("--as-of", AS_OF, "--cache-dir", "kept", ".", cwd=tmp_path)
    (cache,) = (tmp_path / "kept").rglob("cml-*.json")
    data = read_cache(cache)
    for entry in data["files"].values():
        entry[4:] = [7]
    write_cache(cache, data)
    warm = run_cli("--as-of", AS_OF, "--cache-dir", "kept", ".", cwd=tmp_path)
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout) == (1, cold.stdout)


@pytest.mark.parametrize("line", ["1", 10**30, -1])
def test_an_occurrence_on_a_line_the_entry_does_not_keep_is_a_miss(
    tmp_path: Path, line: object
) -> None:
    """A hand-edited entry made every run fail ('internal error: KeyError') until deleted."""
    (tmp_path / "a.py").write_text('M = "claude-2.1"\n')
    cold = run_cli("--as-of", AS_OF, "--cache-dir", "kept", ".", cwd=tmp_path)
    (cache,) = (tmp_path / "kept").rglob("cml-*.json")
    data = read_cache(cache)
    for entry in data["files"].values():
        if isinstance(entry[4], dict):
            entry[4]["occurrences"][0][1] = line
    write_cache(cache, data)
    fresh = run_cli("--as-of", "2026-11-26", "--no-cache", ".", cwd=tmp_path)
    for _ in range(2):  # judged again (another date: no kept verdicts), and the entry made again
        warm = run_cli("--as-of", "2026-11-26", "--cache-dir", "kept", ".", cwd=tmp_path)
        assert (warm.returncode, warm.stdout, warm.stderr) == (1, fresh.stdout, fresh.stderr)
    assert cold.returncode == 1


@pytest.mark.parametrize("in_git", [True, False], ids=["tracked", "untracked"])
def test_an_edit_that_keeps_size_and_mtime_is_a_miss(tmp_path: Path, in_git: bool) -> None:
    """Review D6: a same-size edit with the mtime set back (``touch -d``) kept the stale verdict
    (exit 0) while ``git status`` said M: the entry is keyed on ctime and inode too, as git's."""
    source = tmp_path / "norm.py"
    source.write_bytes(b'x = "claude-opus-4-8"\n')
    if in_git:
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "i"]):
            git = ["git", "-c", "user.email=a@b", "-c", "user.name=a", *command]
            subprocess.run(git, cwd=tmp_path, check=True)
    cold = run_cli("--as-of", AS_OF, "--cache-dir", "kept", ".", cwd=tmp_path)
    assert cold.returncode == 0, cold.stdout
    before = source.stat()
    edited = b'x = "claude-2.1"'
    source.write_bytes(edited + b" " * (before.st_size - len(edited) - 1) + b"\n")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = source.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    warm = run_cli("--as-of", AS_OF, "--cache-dir", "kept", ".", cwd=tmp_path)
    assert (warm.returncode, "CML001" in warm.stdout) == (1, True), warm.stdout
