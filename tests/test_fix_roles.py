"""Fix safety from roles, through the installed command: records by path, the JSON keys, the
text marks, the configuration, and the property that no fix lists a model twice.

Per-format and per-role cases are golden fixtures (tests/fixtures/*/roles*, model-settings, ...);
the cases come from issue 17 and from /work/realrepos/FINDINGS.md (anthropic-sdk-python).
"""

from __future__ import annotations

import ast
import json
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_model_lint.check.engine import RunOptions, check_file
from claude_model_lint.config import Config
from claude_model_lint.registry.registry import load_registry
from claude_model_lint.repo.candidate import Candidate

from .conftest import AS_OF, run_cli

REGISTRY = load_registry()
EXAMPLES = int(os.environ.get("CML_HYPOTHESIS_EXAMPLES", "40"))
# first-party spellings only: every one of them has a replacement or is active on these dates
IDS = sorted(k for k in REGISTRY.index if k.startswith("claude-") and "@" not in k)
DATES = [date(2025, 6, 1), date(2026, 2, 7), date(2026, 11, 25), date(2027, 6, 1)]


def _python(ids: list[str], shape: str) -> str:
    listed = ", ".join(f'"{i}"' for i in ids)
    return {
        "set": f"X = {{{listed}}}\n",
        "list": f"X = [{listed}]\n",
        "tuple": f"X = ({listed},)\n",
        "literal": f"X = Literal[{listed}]\n",
        "keys": "X = {" + ", ".join(f'"{i}": {n}' for n, i in enumerate(ids)) + "}\n",
    }[shape]


def _members(text: str, shape: str) -> list[str]:
    value = ast.parse(text).body[0].value  # type: ignore[attr-defined]
    if shape == "literal":
        value = value.slice
    if shape == "keys":
        return [k.value for k in value.keys]
    return [e.value for e in value.elts]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    ids=st.lists(st.sampled_from(IDS), min_size=2, max_size=6, unique=True),
    shape=st.sampled_from(["set", "list", "tuple", "literal", "keys", "json", "yaml", "yaml-flow"]),
    as_of=st.sampled_from(DATES),
    unsafe=st.booleans(),
)
def test_a_fix_never_lists_a_model_twice(
    tmp_path_factory: pytest.TempPathFactory, ids: list[str], shape: str, as_of: date, unsafe: bool
) -> None:
    """--fix and --unsafe-fixes: the members of a collection stay distinct."""
    if shape == "json":
        name, text = "x.json", json.dumps({"models": ids}, indent=2) + "\n"
    elif shape == "yaml":
        name, text = "x.yaml", "models:\n" + "".join(f"  - {i}\n" for i in ids)
    elif shape == "yaml-flow":
        name, text = "x.yaml", f"models: [{', '.join(ids)}]\n"
    else:
        name, text = "x.py", _python(ids, shape)
    path = tmp_path_factory.mktemp("roles") / name
    path.write_text(text, encoding="utf-8")
    options = RunOptions(Config(), REGISTRY, as_of, fix=True, write=True, unsafe_fixes=unsafe)
    result = check_file(Candidate(path, explicit=True), options)
    assert result.error is None
    fixed = path.read_text(encoding="utf-8")
    if name.endswith(".py"):
        members = _members(fixed, shape)
    elif name.endswith(".json"):
        members = json.loads(fixed)["models"]
    else:
        members = yaml.safe_load(fixed)["models"]
    assert len(set(members)) == len(members) == len(ids), fixed
    if not unsafe:  # --fix alone never rewrites a catalog
        assert fixed == text


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


CASSETTE = (
    "interactions:\n- request:\n    uri: https://bedrock-runtime.us-east-1.amazonaws.com/model/"
    "anthropic.claude-3-haiku-20240307-v1%3A0/invoke\n"
)


def test_records_by_path_are_reported_never_fixed_and_the_json_says_so(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "tests/cassettes/test_invoke.yaml": CASSETTE,
            "CHANGELOG.md": "- moved to claude-3-haiku-20240307\n",
            "app.py": 'MODEL = "claude-3-haiku-20240307"\n',
        },
    )
    result = run_cli("--as-of", AS_OF, "--format", "json", "--exclude", "", ".", cwd=tmp_path)
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    assert rows["tests/cassettes/test_invoke.yaml"]["context"] == "record"
    assert rows["tests/cassettes/test_invoke.yaml"]["fix"] is None
    assert rows["tests/cassettes/test_invoke.yaml"]["replacement"] is None
    assert rows["CHANGELOG.md"]["context"] == "record"
    assert rows["app.py"]["context"] == "use"
    assert rows["app.py"]["fix"] == "safe"
    fixed = run_cli("--as-of", AS_OF, "--fix", "--unsafe-fixes", "--exclude", "", ".", cwd=tmp_path)
    assert "Fixed 1 id in 1 file" in fixed.stderr
    assert (tmp_path / "tests/cassettes/test_invoke.yaml").read_text() == CASSETTE
    assert "claude-haiku-5-5" in (tmp_path / "app.py").read_text()  # past the legacy 4.5


def test_record_paths_are_configurable(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ".claude-model-lint.toml": 'record = []\nextend-record = ["evals/"]\n',
            "cassettes/a.yaml": "model: claude-3-haiku-20240307\n",
            "evals/b.yaml": "model: claude-3-haiku-20240307\n",
        },
    )
    result = run_cli("--as-of", AS_OF, "--format", "json", ".", cwd=tmp_path)
    roles = {row["path"]: row["context"] for row in json.loads(result.stdout)}
    assert roles == {"cassettes/a.yaml": "use", "evals/b.yaml": "record"}


def test_text_marks_what_fix_changes_and_counts_what_unsafe_fixes_adds(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "app.py": 'MODEL = "claude-3-haiku-20240307"\n',
            "README.md": "We use claude-3-opus-20240229.\n",
        },
    )
    result = run_cli("--as-of", AS_OF, ".", cwd=tmp_path)
    assert "app.py:1:10: CML001 [*] claude-3-haiku-20240307" in result.stdout
    assert "README.md:1:8: CML001 claude-3-opus-20240229" in result.stdout
    assert "(not fixed: in prose; --unsafe-fixes rewrites it)" in result.stdout
    assert "1 fixable with --fix; 1 more with --unsafe-fixes." in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_file_is_not_marked_fixable(tmp_path: Path) -> None:
    _write(tmp_path, {"app.py": 'MODEL = "claude-3-haiku-20240307"\n'})
    (tmp_path / "app.py").chmod(stat.S_IRUSR)
    result = run_cli("--as-of", AS_OF, "app.py", cwd=tmp_path)
    assert "[*]" not in result.stdout
    assert "(not fixed: the file is read-only)" in result.stdout


def test_a_read_only_file_by_mode_bits_is_not_marked_fixable(tmp_path: Path) -> None:
    """As the writer decides: no write bit at all means read-only, even for root."""
    _write(tmp_path, {"app.py": 'MODEL = "claude-3-haiku-20240307"\n'})
    (tmp_path / "app.py").chmod(stat.S_IRUSR | stat.S_IRGRP)
    result = run_cli("--as-of", AS_OF, "app.py", cwd=tmp_path)
    assert "[*]" not in result.stdout
    assert "Found 1 finding in 1 file (1 error)." in result.stderr


@pytest.mark.parametrize(
    ("config", "fixed", "left"),
    [
        pytest.param('unfixable = ["CML001"]', 0, "unfixable in the configuration", id="unfixable"),
        pytest.param('unfixable = ["use"]', 0, "unfixable in the configuration", id="role"),
        pytest.param('extend-unsafe-fixes = ["use"]', 0, "--unsafe-fixes applies it", id="unsafe"),
        pytest.param('extend-safe-fixes = ["prose"]', 2, None, id="safe-prose"),
    ],
)
def test_fix_safety_configuration(
    tmp_path: Path, config: str, fixed: int, left: str | None
) -> None:
    _write(
        tmp_path,
        {
            ".claude-model-lint.toml": config + "\n",
            "app.py": 'MODEL = "claude-3-haiku-20240307"\n',
            "README.md": "We use claude-3-opus-20240229.\n",
        },
    )
    result = run_cli("--as-of", AS_OF, "--fix", ".", cwd=tmp_path)
    assert f"Fixed {fixed} ids" in result.stderr
    if left is not None:
        assert left in result.stdout


def test_a_bad_fix_safety_value_is_one_line(tmp_path: Path) -> None:
    _write(tmp_path, {".claude-model-lint.toml": 'extend-safe-fixes = ["record"]\n', "a.py": ""})
    result = run_cli(".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "extend-safe-fixes" in result.stderr


def test_diff_shows_the_changed_lines_with_three_of_context(tmp_path: Path) -> None:
    """As ``diff -u`` and ruff: without context ``git apply`` rejects the diff (issue 28)."""
    lines = [f"# line {n}\n" for n in range(10)]
    lines[5] = 'MODEL = "claude-3-haiku-20240307"\n'
    _write(tmp_path, {"app.py": "".join(lines)})
    result = run_cli("--as-of", AS_OF, "--diff", "app.py", cwd=tmp_path)
    body = result.stdout.splitlines()[2:]
    assert body == [
        "@@ -3,7 +3,7 @@",
        " # line 2",
        " # line 3",
        " # line 4",
        '-MODEL = "claude-3-haiku-20240307"',
        '+MODEL = "claude-haiku-5-5"',
        " # line 6",
        " # line 7",
        " # line 8",
    ]


def test_python_that_does_not_parse_is_not_marked_fixable(tmp_path: Path) -> None:
    """The check parses only the lines that hold an id; --fix parses the file and refuses."""
    _write(tmp_path, {"app.py": 'MODEL = "claude-3-haiku-20240307"\ndef broken(:\n'})
    check = run_cli("--as-of", AS_OF, "app.py", cwd=tmp_path)
    assert "[*]" not in check.stdout
    assert "(not fixed: not valid Python (line 2: " in check.stdout
    diff = run_cli("--as-of", AS_OF, "--diff", "app.py", cwd=tmp_path)
    assert "Would fix 0 ids in 0 files" in diff.stderr


def test_the_whole_module_is_parsed_once_a_run_and_never_again_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CML007's call finder and the honest [*] need the same parse (the dearest step of a
    scan): one parse per file that needs it, kept in the scan record and the scan cache."""
    from claude_model_lint.run import runner
    from claude_model_lint.run.cache import ScanCache
    from claude_model_lint.scanners import python_syntax

    # the fix moves it to a model whose rules CML007 reads the call's values against
    call = 'client.messages.create(model="claude-2.1", thinking={"type": "enabled"})\n'
    _write(
        tmp_path,
        {
            "calls.py": call,  # parsed for CML007: [*] asks nothing more
            "plain.py": 'MODEL = "claude-3-haiku-20240307"\n',  # parsed for [*] alone
            "broken.py": call + "def broken(:\n",  # parsed for CML007, found broken
        },
    )
    parsed: list[str] = []
    for name in ("parse_module", "parses"):  # with a tree, or only whether it parses
        monkeypatch.setattr(python_syntax, name, _counting(getattr(python_syntax, name), parsed))
    options = RunOptions(Config(root=tmp_path), REGISTRY, date.fromisoformat(AS_OF))

    def marks(cache: ScanCache) -> dict[str, list[bool]]:
        results = runner.run([tmp_path], options, jobs=1, cache=cache)
        return {
            os.path.basename(r.path): [d.fixable for d in r.diagnostics if d.code != "CML007"]
            for r in results
        }

    cold = ScanCache(tmp_path.parent / "cache", "k")
    first = marks(cold)
    assert first == {"broken.py": [False], "calls.py": [True], "plain.py": [True]}
    assert sorted(parsed) == sorted(
        [call, call + "def broken(:\n", 'MODEL = "claude-3-haiku-20240307"\n']
    )
    cold.save()
    assert marks(ScanCache(tmp_path.parent / "cache", "k")) == first
    assert len(parsed) == 3  # the warm run parsed nothing


def _counting(function: Any, calls: list[str]) -> Any:
    def counted(text: str) -> Any:
        calls.append(text)
        return function(text)

    return counted


def test_python_that_parses_but_does_not_compile_is_still_marked_fixable(tmp_path: Path) -> None:
    """The cheap whole-module check (a symbol table) also rejects what LibCST reads and --fix
    fixes, such as `nonlocal` at module level: [*] then follows ast, as --fix does."""
    _write(tmp_path, {"app.py": 'nonlocal x\nMODEL = "claude-3-haiku-20240307"\n'})
    check = run_cli("--as-of", AS_OF, "--no-cache", "app.py", cwd=tmp_path)
    assert "[*]" in check.stdout
    fixed = run_cli("--as-of", AS_OF, "--no-cache", "--fix", "app.py", cwd=tmp_path)
    assert "Fixed 1 id in 1 file" in fixed.stderr, fixed.stderr


def test_a_module_with_snapshots_beside_it_is_not_fixed_by_fix(tmp_path: Path) -> None:
    """langchain-aws (FINDINGS.md L4): test_standard.py never says 'snapshot' (a base class
    does), but __snapshots__/test_standard.ambr records its output with the model in it."""
    model = "anthropic.claude-3-sonnet-20240229-v1:0"
    _write(
        tmp_path,
        {
            "tests/test_standard.py": f'PARAMS = {{"model_id": "{model}"}}\n',
            "tests/__snapshots__/test_standard.ambr": f"      'model_id': '{model}',\n",
        },
    )
    result = run_cli("--as-of", AS_OF, "--format", "json", "tests", cwd=tmp_path)
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    assert rows["tests/test_standard.py"]["context"] == "use"
    assert rows["tests/test_standard.py"]["fix"] == "unsafe"
    assert rows["tests/__snapshots__/test_standard.ambr"]["context"] == "record"
    fixed = run_cli("--as-of", AS_OF, "--fix", "tests", cwd=tmp_path)
    assert "Fixed 0 ids in 0 files" in fixed.stderr


def test_diff_of_a_read_only_file_shows_nothing_fix_would_not_write(tmp_path: Path) -> None:
    _write(tmp_path, {"app.py": 'MODEL = "claude-3-haiku-20240307"\n'})
    (tmp_path / "app.py").chmod(stat.S_IRUSR | stat.S_IRGRP)
    result = run_cli("--as-of", AS_OF, "--diff", "app.py", cwd=tmp_path)
    assert result.stdout == ""
    assert "not fixed: read-only" in result.stderr
    assert "Would fix 0 ids in 0 files" in result.stderr
