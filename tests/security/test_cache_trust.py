"""The scan cache can hide findings, so only the user's own is read (issue 16).

Reproduced attacks: a cache committed to the repository under the tool's predictable name was
trusted; an entry matched on size + CRC-32, which anyone can forge; `--cache-dir DIR` wrote a
`.gitignore` of `*` into DIR and deleted every `cml-*.json` there.
"""

from __future__ import annotations

import json
import os
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.check.engine import RunOptions
from claude_model_lint.config import Config
from claude_model_lint.registry.registry import Registry
from claude_model_lint.run import runner
from claude_model_lint.run.cache import FORMAT, ScanCache
from tests.conftest import AS_OF, run_cli
from tests.test_cache import read_cache, write_cache

RETIRED = b'M = "claude-2.1"  # ....\n'


def _crc_forged(wanted: int, template: bytes, at: int) -> bytes:
    """``template`` with the 4 bytes at ``at`` chosen so that its CRC-32 is ``wanted``.

    CRC-32 is affine over GF(2) for a fixed length: crc(x ^ d) = crc(x) ^ crc(d) ^ crc(0...0), so
    the 32 bits to flip are found by solving a 32x32 linear system."""
    zero = zlib.crc32(bytes(len(template)))
    base = bytearray(template)
    base[at : at + 4] = bytes(4)
    columns = []
    for bit in range(32):
        delta = bytearray(len(template))
        delta[at + bit // 8] = 1 << (bit % 8)
        columns.append(zlib.crc32(bytes(delta)) ^ zero)
    target = wanted ^ zlib.crc32(bytes(base))
    # Gaussian elimination on rows (column value, chosen bits)
    rows = [(columns[b], 1 << b) for b in range(32)]
    solution, pivots = 0, []
    for bit in range(31, -1, -1):
        pivot = next((r for r in rows if r[0] >> bit & 1 and r not in pivots), None)
        assert pivot is not None
        pivots.append(pivot)
        rows = [
            (r[0] ^ pivot[0], r[1] ^ pivot[1]) if r is not pivot and r[0] >> bit & 1 else r
            for r in rows
        ]
        pivots = [
            (p[0] ^ pivot[0], p[1] ^ pivot[1]) if p is not pivot and p[0] >> bit & 1 else p
            for p in pivots
        ]
    for value, chosen in pivots:
        if target & value:  # each pivot now has one bit set
            solution ^= chosen
    for bit in range(32):
        if solution >> bit & 1:
            base[at + bit // 8] ^= 1 << (bit % 8)
    assert zlib.crc32(bytes(base)) == wanted
    return bytes(base)


def test_a_same_size_same_crc32_file_is_scanned_again(tmp_path: Path, registry: Registry) -> None:
    """The forged file has the clean file's size and CRC-32 and a new mtime (as after a checkout):
    a size + CRC cache would serve the clean file's empty record and hide the retired id."""
    source = tmp_path / "src" / "a.py"
    source.parent.mkdir()
    clean = b"M = 'an innocuous line, same size'\n"[: len(RETIRED)].ljust(len(RETIRED), b"#")
    source.write_bytes(clean)
    cache = ScanCache(tmp_path / ".cache", "k")
    options = RunOptions(Config(root=tmp_path), registry, date(2026, 3, 1))
    clean_run = list(runner.run([source.parent], options, jobs=1, cache=cache))
    assert [d for r in clean_run for d in r.diagnostics] == []
    forged = _crc_forged(zlib.crc32(clean), RETIRED, RETIRED.index(b"....")).replace(b"\n#", b"##")
    assert len(forged) == len(clean) and zlib.crc32(forged) == zlib.crc32(clean)
    source.write_bytes(forged)
    os.utime(source, ns=(10**18, 10**18))
    again = ScanCache(tmp_path / ".cache", "k")
    results = list(runner.run([source.parent], options, jobs=1, cache=again))
    assert [d.code for r in results for d in r.diagnostics] == ["CML001"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo, check=True, capture_output=True,
    )  # fmt: skip


def test_a_cache_file_git_tracks_is_never_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "app.py").write_text('M = "claude-2.1"\n')
    first = run_cli("--as-of", AS_OF, "--cache-dir", "c", ".", cwd=repo)
    assert first.returncode == 1
    (cache,) = (repo / "c").rglob("cml-*.json")
    data = read_cache(cache)
    for entry in data["files"].values():  # forge: "nothing found" for every file
        entry[4:] = [None]
    write_cache(cache, data)  # signed with this user's key: only git's tracking refuses it
    _git(repo, "add", "-f", ".")
    _git(repo, "commit", "-qm", "a forged cache")
    second = run_cli("--as-of", AS_OF, "--cache-dir", "c", ".", cwd=repo)
    assert second.returncode == 1 and "CML001" in second.stdout, second.stdout + second.stderr


def test_the_default_cache_is_outside_the_repository(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    cache_home = tmp_path / "home-cache"
    env = {"CLAUDE_MODEL_LINT_CACHE_DIR": str(cache_home)}
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text('M = "claude-2.1"\n')
    run_cli("--as-of", AS_OF, ".", cwd=repo, env=env)
    assert sorted(p.name for p in repo.iterdir()) == ["app.py"]
    (kept,) = (cache_home / "scan").iterdir()
    assert kept.name.startswith("repo-") and list(kept.glob("cml-*.json"))


def test_two_repositories_keep_separate_caches(tmp_path: Path) -> None:
    env = {"CLAUDE_MODEL_LINT_CACHE_DIR": str(tmp_path / "home-cache")}
    for name in ("one", "two"):
        (tmp_path / name / "x").mkdir(parents=True)
        (tmp_path / name / "x" / ".git").mkdir()
        (tmp_path / name / "x" / "app.py").write_text('M = "claude-2.1"\n')
        run_cli("--as-of", AS_OF, ".", cwd=tmp_path / name / "x", env=env)
    assert len(list((tmp_path / "home-cache" / "scan").iterdir())) == 2


def test_cache_dir_touches_nothing_of_the_users(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "cml-notes.json").write_text("{}")  # the user's file, by chance named like ours
    (mine / ".gitignore").write_text("keep-me\n")
    run_cli("--as-of", AS_OF, "--cache-dir", "mine", ".", cwd=tmp_path)
    run_cli("--as-of", AS_OF, "--max-file-size", "2MB", "--cache-dir", "mine", ".", cwd=tmp_path)
    assert (mine / "cml-notes.json").read_text() == "{}"
    assert (mine / ".gitignore").read_text() == "keep-me\n"
    assert sorted(p.name for p in mine.iterdir()) == [
        ".gitignore",
        "claude-model-lint-cache",
        "cml-notes.json",
    ]


def test_a_directory_not_ours_is_never_written(tmp_path: Path) -> None:
    """The owned subdirectory already exists with the user's files and no tag: left alone."""
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    owned = tmp_path / "mine" / "claude-model-lint-cache"
    run_cli("--as-of", AS_OF, "--cache-dir", "mine", ".", cwd=tmp_path)
    (repo_dir,) = owned.iterdir()
    (repo_dir / "CACHEDIR.TAG").unlink()
    for f in repo_dir.glob("cml-*.json"):
        f.write_text("user data")
    before = {p.name: p.read_bytes() for p in repo_dir.iterdir()}
    run_cli("--as-of", AS_OF, "--max-file-size", "2MB", "--cache-dir", "mine", ".", cwd=tmp_path)
    assert {p.name: p.read_bytes() for p in repo_dir.iterdir()} == before


def test_the_github_action_runs_without_a_cache(tmp_path: Path) -> None:
    """The Action's step, run for real: the user cache directory it is given stays empty."""
    import sys

    root = Path(__file__).parents[2]
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text('M = "claude-2.1"\n')
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    (runner_temp / "claude-model-lint-venv").symlink_to(Path(sys.prefix))
    cache_home = tmp_path / "user-cache"
    env = {
        **os.environ, "GITHUB_ACTION_PATH": str(root), "RUNNER_TEMP": str(runner_temp),
        "INPUT_ARGS": "app.py", "INPUT_AS_OF": AS_OF, "INPUT_REFRESH_DATA": "false",
        "INPUT_SARIF_FILE": str(runner_temp / "out.sarif"),
        "CLAUDE_MODEL_LINT_CACHE_DIR": str(cache_home), "GITHUB_STEP_SUMMARY": "",
    }  # fmt: skip
    result = subprocess.run(
        ["bash", str(root / "scripts" / "action.sh")], cwd=project, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and "::error " in result.stdout, result.stderr
    assert not cache_home.exists() or not any(cache_home.rglob("cml-*.json"))
    assert sorted(p.name for p in project.iterdir()) == ["app.py"]


# issue 36 item 4: `--cache-dir .` with a committed link `claude-model-lint-cache -> forged/` (or a
# `git archive` copy of one) made a forged cache trusted: the finding hidden, exit 0. A cache is
# signed with a key in the user's own cache directory, which no tree under review holds.
def _forged_tree(tmp_path: Path, attacker: dict[str, str], signed: bool) -> Path:
    """What a pull request can commit: a cache made with the attacker's own key, edited to say
    "nothing found" for every file, behind a link in the place --cache-dir . reads."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for i in range(3):
        (tree / f"app{i}.py").write_text('M = "claude-2.1"\n')
    made = run_cli("--as-of", AS_OF, "--cache-dir", ".", ".", cwd=tree, env=attacker)
    assert made.returncode == 1
    (tree / "claude-model-lint-cache").rename(tree / "forged")
    (tree / "claude-model-lint-cache").symlink_to("forged")
    (cache,) = (tree / "forged").rglob("cml-*.json")
    signature, _, body = cache.read_bytes().partition(b"\n")
    data = json.loads(body)
    for entry in data["files"].values():
        entry[4:] = [None]
    forged = json.dumps({**data, "format": FORMAT}).encode()  # the format the tool reads
    cache.write_bytes(signature + b"\n" + forged if signed else forged)
    return tree


@pytest.mark.parametrize("signed", [True, False], ids=["signed-by-another", "unsigned"])
@pytest.mark.parametrize("committed", [True, False], ids=["git", "git-archive-copy"])
def test_a_cache_planted_in_the_tree_is_never_trusted(
    tmp_path: Path, committed: bool, signed: bool
) -> None:
    attacker = {"CLAUDE_MODEL_LINT_CACHE_DIR": str(tmp_path / "attacker")}
    tree = _forged_tree(tmp_path, attacker, signed)
    if committed:
        _git(tree, "init", "-q")
        _git(tree, "add", "-A")
        _git(tree, "commit", "-qm", "a forged cache behind a link")
    mine = {"CLAUDE_MODEL_LINT_CACHE_DIR": str(tmp_path / "victim")}
    done = run_cli("--as-of", AS_OF, "--cache-dir", ".", ".", cwd=tree, env=mine)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.count(": CML001") == 3


def test_a_cache_of_ones_own_is_still_used(tmp_path: Path) -> None:
    env = {"CLAUDE_MODEL_LINT_CACHE_DIR": str(tmp_path / "home")}
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')
    first = run_cli("--as-of", AS_OF, "--cache-dir", "c", ".", cwd=tmp_path, env=env)
    (cache,) = (tmp_path / "c").rglob("cml-*.json")
    signature, _, body = cache.read_bytes().partition(b"\n")
    assert len(signature) == 64 and json.loads(body)["files"]
    (tmp_path / "app.py").write_text('M = "claude-2.1"\n')  # same bytes, new mtime: a hit
    second = run_cli("--as-of", AS_OF, "--cache-dir", "c", ".", cwd=tmp_path, env=env)
    assert first.stdout == second.stdout and "CML001" in second.stdout
    assert (tmp_path / "home" / "scan-cache.key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("link_at", ["claude-model-lint-cache", "claude-model-lint-cache/KEY"])
def test_a_committed_link_never_takes_the_cache_outside_the_tree(
    tmp_path: Path, link_at: str
) -> None:
    """Review 3 S5: ``--cache-dir .`` with a committed link claude-model-lint-cache -> ../out
    wrote ../out/<repo>-<hash>/ (docs: only inside DIR/claude-model-lint-cache/). A link on the
    way: one line, the run goes on without a cache, nothing is written through it."""
    from claude_model_lint.run.cache_place import repository_key

    outside, tree = tmp_path / "outside", tmp_path / "tree"
    outside.mkdir()
    tree.mkdir()
    (tree / "a.py").write_text('model = "claude-2.1"\n')
    link = tree / link_at.replace("KEY", repository_key(str(tree)))
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(outside)
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    for _ in range(2):
        out = run_cli("--as-of", AS_OF, "--cache-dir", ".", "-q", ".", cwd=tree, env=env)
        assert out.returncode == 1 and "a.py:1:10: CML001" in out.stdout, out.stderr
        assert out.stderr.strip().splitlines() == [
            "claude-model-lint-cache: a symbolic link on the way: the scan cache is not used"
        ]
    assert list(outside.iterdir()) == []
