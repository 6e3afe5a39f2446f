"""Adopting the check in a repository with findings (issue 32): ``--diff-base`` judges only the
lines a change touched, a baseline hides today's findings, and neither loses a finding (the
hidden ones are counted). Real git repositories in tmp; the installed CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_model_lint.gate.changed_lines import _unquote

from .conftest import AS_OF, run_cli

OPUS3 = "claude-3-opus-20240229"
HAIKU3 = "claude-3-haiku-20240307"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: app.py with one retired id (a line a pull request did not write), a JSON config."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "app.py").write_text(f'MODEL = "{OPUS3}"\nOTHER = 1\n')
    (tmp_path / "config.json").write_text('{"model": "claude-2.1"}\n')
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "checkout", "-qb", "feature")
    return tmp_path


def lint(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--as-of", AS_OF, "--no-cache", *args, cwd=repo)


def findings(repo: Path, *args: str) -> list[tuple[str, int, str]]:
    out = lint(repo, "--output-format", "json", *args)
    assert out.returncode in (0, 1), out.stderr
    return [(d["path"], d["line"], d["model"]) for d in json.loads(out.stdout)]


def test_diff_base_judges_only_the_lines_a_change_adds(repo: Path) -> None:
    (repo / "app.py").write_text(f'MODEL = "{OPUS3}"\nOTHER = "{HAIKU3}"\n')
    git(repo, "commit", "-qam", "adds an id")
    out = lint(repo, "--diff-base", "main", ".")
    assert out.returncode == 1
    assert "app.py:2:10: CML001" in out.stdout
    assert OPUS3 not in out.stdout and "claude-2.1" not in out.stdout
    assert "not judged: 2 outside the change since main" in out.stderr


def test_diff_base_passes_a_change_that_adds_no_id(repo: Path) -> None:
    (repo / "app.py").write_text(f'MODEL = "{OPUS3}"\nOTHER = 2\n')
    out = lint(repo, "--diff-base", "main", ".")  # uncommitted edits count as the change
    assert out.returncode == 0, out.stdout
    assert "No new findings; not judged: 2 outside the change since main." in out.stderr


def test_diff_base_takes_new_untracked_and_staged_files_whole(repo: Path) -> None:
    (repo / "new.py").write_text(f'M = "{HAIKU3}"\n')
    (repo / "staged.yaml").write_text(f"model: {HAIKU3}\n")
    git(repo, "add", "staged.yaml")
    assert sorted(findings(repo, "--diff-base", "main", ".")) == [
        ("new.py", 1, HAIKU3), ("staged.yaml", 1, HAIKU3)
    ]  # fmt: skip


def test_diff_base_is_the_merge_base_not_the_tip(repo: Path) -> None:
    """A commit on main after the branch point is not the pull request's change."""
    git(repo, "checkout", "-q", "main")
    (repo / "later.py").write_text(f'M = "{HAIKU3}"\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moves on")
    git(repo, "checkout", "-q", "feature")
    (repo / "app.py").write_text(f'MODEL = "{OPUS3}"\nX = "{HAIKU3}"\n')
    assert findings(repo, "--diff-base", "main", ".") == [("app.py", 2, HAIKU3)]


def test_diff_base_with_a_path_that_needs_quoting(repo: Path) -> None:
    name = "dir with space/tab\there ü.py"
    (repo / "dir with space").mkdir()
    (repo / name).write_text("x = 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "x")
    (repo / name).write_text(f'x = "{HAIKU3}"\n')
    assert findings(repo, "--diff-base", "HEAD", ".") == [(name, 1, HAIKU3)]


@pytest.mark.parametrize("ref", ["nope", "--exit-zero", "main..feature:x"])
def test_diff_base_names_a_bad_ref_in_one_line(repo: Path, ref: str) -> None:
    out = lint(repo, f"--diff-base={ref}", ".")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        f"claude-model-lint: error: --diff-base: {ref!r} is not a commit of {repo.resolve()}"
    ]


def test_diff_base_outside_a_work_tree(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    out = run_cli("--diff-base", "HEAD", ".", cwd=tmp_path)
    assert out.returncode == 2 and "is not in a git work tree" in out.stderr
    assert "Traceback" not in out.stderr


def test_baseline_hides_todays_findings_keeps_moved_lines_shows_changed_ones(repo: Path) -> None:
    written = lint(repo, "--write-baseline", "claude-model-lint-baseline.json", ".")
    assert written.returncode == 0 and written.stdout == ""
    assert "Wrote 2 findings to claude-model-lint-baseline.json" in written.stderr
    assert lint(repo, "--baseline", "claude-model-lint-baseline.json", ".").returncode == 0
    # the line moves down: still hidden
    (repo / "app.py").write_text(f'"""Doc."""\n\nMODEL = "{OPUS3}"\nOTHER = 1\n')
    moved = lint(repo, "--baseline", "claude-model-lint-baseline.json", ".")
    assert moved.returncode == 0, moved.stdout
    assert "not judged: 2 in the baseline" in moved.stderr
    # the line changes: shown again, and its entry is stale
    (repo / "app.py").write_text(f'MODEL = "{OPUS3}"  # pinned\n')
    changed = lint(repo, "--baseline", "claude-model-lint-baseline.json", ".")
    assert changed.returncode == 1
    assert "app.py:1:10: CML001" in changed.stdout
    assert "1 baseline entries match no finding" in changed.stderr
    assert f"stale: app.py:1: CML001 {OPUS3}" in changed.stderr


def test_a_baseline_counts_each_occurrence(repo: Path) -> None:
    """Two equal lines in the baseline hide two findings, not a third one added later."""
    (repo / "config.json").write_text(
        '{"a": {"model": "claude-2.1"},\n "b": {"model": "claude-2.1"}}\n'
    )
    (repo / "c.yaml").write_text("- model: claude-2.1\n- model: claude-2.1\n")
    lint(repo, "--write-baseline", "b.cml-baseline.json", ".")
    (repo / "c.yaml").write_text("- model: claude-2.1\n- model: claude-2.1\n- model: claude-2.1\n")
    assert findings(repo, "--baseline", "b.cml-baseline.json", ".") == [("c.yaml", 3, "claude-2.1")]


def test_stale_entries_are_said_only_for_files_the_run_covers(repo: Path) -> None:
    (repo / "sub").mkdir()
    (repo / "sub" / "m.py").write_text(f'M = "{HAIKU3}"\n')
    lint(repo, "--write-baseline", "claude-model-lint-baseline.json", ".")
    (repo / "app.py").write_text("MODEL = None\n")
    out = lint(repo, "--baseline", "claude-model-lint-baseline.json", "sub")
    assert out.returncode == 0 and "stale" not in out.stderr
    out = lint(repo, "--baseline", "claude-model-lint-baseline.json", ".")
    assert "stale: app.py:1: CML001" in out.stderr


def test_a_baseline_file_is_found_from_any_directory(repo: Path) -> None:
    """Paths in it are relative to the file, not to where the run started."""
    (repo / "ci").mkdir()
    lint(repo, "--write-baseline", "ci/claude-model-lint-baseline.json", ".")
    data = json.loads((repo / "ci" / "claude-model-lint-baseline.json").read_text())
    assert {f["path"] for f in data["findings"]} == {"../app.py", "../config.json"}
    out = run_cli(
        "--as-of",
        AS_OF,
        "--no-cache",
        "--baseline",
        "claude-model-lint-baseline.json",
        "..",
        cwd=repo / "ci",
    )
    assert out.returncode == 0, out.stdout


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("not json", "not a baseline file"),
        ('{"findings": []}', "no 'format'"),
        (
            '{"format": "claude-model-lint baseline 1", "findings": [{"path": 1}]}',
            "finding 1: needs path, code",
        ),
        # review 3 T2: each was 'internal error: TypeError'
        ('{"format": "claude-model-lint baseline 1", "findings": 5}', "'findings' is not a list"),
        ('{"format": "claude-model-lint baseline 1", "findings": {"a": 1}}', "'findings'"),
        ('{"format": "claude-model-lint baseline 1", "findings": [7]}', "finding 1: not an object"),
        (
            '{"format": "claude-model-lint baseline 1", "findings": [{"path": "a", "code": "C",'
            ' "model": "m", "line_hash": ["x"]}]}',
            "finding 1: needs line_hash",
        ),
        (  # verifier N5: a lone surrogate in a path was 'internal error: UnicodeEncodeError'
            '{"format": "claude-model-lint baseline 1", "findings": [{"path": "app\\ud800.py",'
            ' "code": "CML001", "model": "claude-2.1", "line_hash": "9c8a029e88dae319"}]}',
            "finding 1: needs path (strings of characters a file can hold)",
        ),
        ("[" * 100_000, "not a baseline file"),
    ],
)
def test_a_bad_baseline_is_one_line(repo: Path, content: str, said: str) -> None:
    (repo / "bad.json").write_text(content)
    out = lint(repo, "--baseline", "bad.json", ".")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "bad.json" in lines[0], out.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--fix", "--baseline", "x.json"), ("--diff", "--diff-base", "main"),
        ("--write-baseline", "a.json", "--baseline", "b.json"), ("--add-ignore", "--diff-base", "main"),
    ],
)  # fmt: skip
def test_gates_refuse_what_they_cannot_mean(repo: Path, args: tuple[str, ...]) -> None:
    before = (repo / "app.py").read_text()
    out = lint(repo, *args, ".")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert (repo / "app.py").read_text() == before


SECRET = "sk-ant-api03-DO-NOT-ECHO-0123456789abcdef"


@pytest.mark.parametrize(
    "args",
    [
        (), ("--output-format", "json"), ("--output-format", "github"), ("--output-format", "sarif"),
        ("--statistics",), ("--show-fixes",), ("--diff",), ("--fix",), ("--unsafe-fixes", "--fix"),
        ("--write-baseline", "claude-model-lint-baseline.json"), ("--summary", "summary.md"),
        ("--add-ignore",),
    ],
)  # fmt: skip
def test_an_env_file_is_never_echoed_beyond_the_id_and_its_line(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A real .env holds secrets beside the model: no output may carry another of its lines."""
    env = f"ANTHROPIC_API_KEY={SECRET}\nANTHROPIC_MODEL={HAIKU3}\nDB_PASSWORD={SECRET}\n"
    (tmp_path / ".env").write_text(env)
    out = run_cli("--as-of", AS_OF, "--no-cache", *args, ".", cwd=tmp_path)
    assert out.returncode in (0, 1), out.stderr
    written = [p.read_text() for p in tmp_path.iterdir() if p.name != ".env"]
    for text in (out.stdout, out.stderr, *written):
        assert SECRET not in text
    if "--fix" in args:  # the fix rewrote the model's line, and nothing else
        after = (tmp_path / ".env").read_text()
        assert after.count(SECRET) == 2 and HAIKU3 not in after


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=40))
def test_unquote_reads_what_git_quotes(raw: bytes) -> None:
    """git's C quoting (core.quotepath=off still quotes controls, '"' and '\\'), read back."""
    special = {0x07: b"\\a", 0x08: b"\\b", 0x09: b"\\t", 0x0A: b"\\n", 0x0B: b"\\v",
               0x0C: b"\\f", 0x0D: b"\\r", 0x22: b'\\"', 0x5C: b"\\\\"}  # fmt: skip
    quoted = b"".join(
        special.get(c, b"\\%03o" % c if c < 0x20 or c == 0x7F else bytes([c])) for c in raw
    )
    assert _unquote(b'"' + quoted + b'"') == raw


DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def _example(name: str) -> list[tuple[list[str], list[str]]]:
    """The commands of a transcript in docs/configuration.md and the lines each prints."""
    import re

    (block,) = re.findall(rf"<!-- example: {name} -->\n```text\n(.*?)```", DOCS.read_text(), re.S)
    steps: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ claude-model-lint "):
            steps.append((line.split()[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


@pytest.mark.parametrize("name", ["diff-base", "baseline"])
def test_the_docs_transcripts_are_what_the_cli_prints(repo: Path, name: str) -> None:
    (repo / "app.py").write_text(f'MODEL = "{OPUS3}"\nOTHER = "{HAIKU3}"\n')
    if name == "baseline":
        (repo / "app.py").write_text(f'MODEL = "{OPUS3}"\nOTHER = 1\n')
    for args, expected in _example(name):
        out = lint(repo, *args)
        assert out.stdout.splitlines() + out.stderr.splitlines() == expected


# Review 3 (S1, S2, W3): the patch git prints is read by its hunk counts, with every option
# that config could change pinned; a crafted line, an attribute or a user's config never hides
# the lines a change adds.
@pytest.mark.parametrize(
    "added",
    [
        '"""\n++ b/zzz\n"""\n',  # the added line reads "+++ b/zzz": a file header to a naive reader
        '"""\n@@ -1 +90 @@\n"""\n',  # an added line that reads as a hunk header
    ],
)
def test_diff_base_reads_added_lines_that_look_like_patch_headers(repo: Path, added: str) -> None:
    """The added lines come first, then two unchanged ones, then a hunk adding an id."""
    (repo / "app.py").write_bytes(f'{added}MODEL = "{OPUS3}"\nOTHER = 1\nX = "{HAIKU3}"\n'.encode())
    git(repo, "commit", "-qam", "pr")
    line = 3 + added.count("\n")
    assert findings(repo, "--diff-base", "main", ".") == [("app.py", line, HAIKU3)]


def test_diff_base_judges_files_gitattributes_marks_binary(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.py -diff\n*.json binary\n")
    (repo / "app.py").write_text(f'MODEL = "{OPUS3}"\nOTHER = "{HAIKU3}"\n')
    (repo / "new.py").write_text(f'M = "{HAIKU3}"\n')
    (repo / "config.json").write_text('{"model": "claude-2.1", "m": "claude-2.0"}\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr")
    assert sorted(findings(repo, "--diff-base", "main", ".")) == [
        ("app.py", 2, HAIKU3), ("config.json", 1, "claude-2.0"), ("config.json", 1, "claude-2.1"),
        ("new.py", 1, HAIKU3),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "config",
    [
        "[color]\n\tdiff = always\n\tui = always\n",
        "[diff]\n\tmnemonicPrefix = true\n\tnoprefix = true\n\trelative = true\n",
        "[diff]\n\tinterHunkContext = 10\n\texternal = false\n",
    ],
)
def test_diff_base_does_not_depend_on_the_users_git_config(
    repo: Path,
    config: str,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    global_config = tmp_path_factory.mktemp("home") / "gitconfig"
    global_config.write_text(config)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(global_config))
    monkeypatch.setenv("GIT_DIFF_OPTS", "--unified=5")
    body = "".join(f"L{n} = {n}\n" for n in range(8))
    (repo / "app.py").write_text(f'MODEL = "{OPUS3}"\n{body}X = "{HAIKU3}"\n')
    git(repo, "commit", "-qam", "pr")
    (repo / "sub").mkdir()
    out = run_cli("--as-of", AS_OF, "--no-cache", "--output-format", "json", "--diff-base", "main",
                  "..", cwd=repo / "sub")  # fmt: skip
    assert out.returncode == 1, out.stderr
    assert [(d["line"], d["model"]) for d in json.loads(out.stdout)] == [(10, HAIKU3)]


def test_fix_never_rewrites_a_baseline_kept_in_the_tree(repo: Path) -> None:
    """Review 3 m8: `--fix .` rewrote the model fields of the committed baseline (claude-2.1
    became the replacement), so it no longer matched the findings it records. A JSON document
    of our baseline format is a record: reported, never rewritten; a file that only names the
    format is not one."""
    assert lint(repo, "--write-baseline", "baseline.json", ".").returncode == 0
    kept = (repo / "baseline.json").read_bytes()
    (repo / "about.py").write_text('F = "claude-model-lint baseline 1"\nM = "claude-2.1"\n')
    out = lint(repo, "--fix", ".")
    assert (repo / "baseline.json").read_bytes() == kept
    assert "baseline.json:" in out.stdout and "a claude-model-lint baseline" in out.stdout
    assert (repo / "about.py").read_text().endswith('M = "claude-opus-5-5"\n')
    assert lint(repo, "--baseline", "baseline.json", ".").returncode == 0
