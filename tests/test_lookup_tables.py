"""A test that picks a row of the repository's table keyed by model id is not fixed by --fix.

Minimal reproduction of strands-agents/sdk-python @ 1232230daa43 (FINDINGS.md S2/R3, the two
test failures `--fix .` caused there): `src/strands/models/_defaults.py` keys context windows by
model id (the rows of lines 33 and 55), and `tests/strands/models/test_anthropic.py:85` and
`test_bedrock.py:300` build a model with one of those ids and assert the window looked up.
The repository's own tests run here before and after each fix.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from claude_model_lint.check.lookup_tables import is_test_module

from .conftest import AS_OF, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DEFAULTS = '''"""Context window limits for known model IDs (excerpt)."""

_CONTEXT_WINDOW_LIMITS: dict[str, int] = {
    "claude-sonnet-4-20250514": 1_000_000,
    "claude-opus-4-5": 200_000,
    "anthropic.claude-sonnet-4-20250514-v1:0": 1_000_000,
}


def get_context_window_limit(model_id: str) -> int | None:
    for prefix in ("us.", "eu.", "global."):
        model_id = model_id.removeprefix(prefix)
    return _CONTEXT_WINDOW_LIMITS.get(model_id)
'''
MODEL = """from strands_mini._defaults import get_context_window_limit

DEFAULT_MODEL_ID = "claude-sonnet-4-20250514"


class AnthropicModel:
    def __init__(self, model_id: str = DEFAULT_MODEL_ID, **config: object) -> None:
        self.config = {"model_id": model_id, **config}
        self.config.setdefault("context_window_limit", get_context_window_limit(model_id))
"""
TEST_ANTHROPIC = """from strands_mini.anthropic import AnthropicModel


def test__init__auto_populates_context_window_limit():
    model = AnthropicModel(model_id="claude-sonnet-4-20250514", max_tokens=1)
    assert model.config.get("context_window_limit") == 1_000_000


def test__init__bedrock_auto_populates_context_window_limit():
    model = AnthropicModel(model_id="anthropic.claude-sonnet-4-20250514-v1:0")
    assert model.config.get("context_window_limit") == 1_000_000


def test_sends_the_model():
    model = AnthropicModel(model_id="claude-opus-4-1")
    assert model.config["model_id"].startswith("claude-opus")
"""
# tests_integ/models/test_model_anthropic.py:168 of the same repository: it names the model to
# call it, and asserts nothing the table holds: its fix is safe
TEST_CALLS = """from strands_mini.anthropic import AnthropicModel


def test_structured_output():
    model = AnthropicModel(model_id="claude-sonnet-4-20250514", max_tokens=512)
    assert model.config["max_tokens"] == 512
"""
TREE = {
    "src/strands_mini/__init__.py": "",
    "src/strands_mini/_defaults.py": DEFAULTS,
    "src/strands_mini/anthropic.py": MODEL,
    "tests/test_anthropic.py": TEST_ANTHROPIC,
    "tests/test_calls.py": TEST_CALLS,
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name, body in TREE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


Search = tuple[int, str, "list[str] | None"]  # (process, repository, the files asked, or None: all)


@pytest.fixture
def searches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[Search]]:
    """The table searches made since the last call, by any process (workers are other
    processes: they are counted in a file)."""
    from claude_model_lint.check import lookup_tables

    log = tmp_path / "searches.jsonl"
    start = lookup_tables._start

    def counted(root: str, names: list[str] | None = None):  # type: ignore[no-untyped-def]
        with open(log, "a") as handle:
            handle.write(json.dumps([os.getpid(), os.path.basename(root), names]) + "\n")
        return start(root, names)

    monkeypatch.setattr(lookup_tables, "_start", counted)
    monkeypatch.setattr(lookup_tables, "_asked", {})

    def made() -> list[Search]:
        lines = log.read_text().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return sorted(tuple(json.loads(line)) for line in lines)

    return made


def _own_tests(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=root, capture_output=True, text=True, env=env,
    )  # fmt: skip


def _rows(root: Path, *paths: str) -> dict[tuple[str, int], dict[str, object]]:
    result = run_cli("--as-of", AS_OF, "--no-cache", "--format", "json", *paths, cwd=root)
    return {(row["path"], row["line"]): row for row in json.loads(result.stdout)}


def test_fix_leaves_a_test_that_picks_a_row_and_the_repositorys_tests_still_pass(
    repo: Path,
) -> None:
    assert _own_tests(repo).returncode == 0
    rows = _rows(repo, ".")
    picked = rows[("tests/test_anthropic.py", 5)]
    assert picked["fix"] == "unsafe" and picked["context"] == "use"
    assert "src/strands_mini/_defaults.py:4 of a table keyed by this id" in str(picked["message"])
    bedrock = rows[("tests/test_anthropic.py", 10)]
    assert "_defaults.py:6 of a table" in str(bedrock["message"])
    assert rows[("tests/test_anthropic.py", 15)]["fix"] == "safe"  # no table row for it
    assert rows[("src/strands_mini/anthropic.py", 3)]["fix"] == "safe"  # the library's default
    assert rows[("tests/test_calls.py", 5)]["fix"] == "safe"  # holds nothing of the row
    before = (repo / "tests/test_anthropic.py").read_text()
    run_cli("--as-of", AS_OF, "--no-cache", "--fix", ".", cwd=repo)
    assert (repo / "tests/test_anthropic.py").read_text().count("claude-sonnet-4-20250514") == 2
    assert '"claude-opus-5-5"' in (repo / "tests/test_anthropic.py").read_text() != before
    assert '"claude-sonnet-5-5"' in (repo / "src/strands_mini/anthropic.py").read_text()
    assert '"claude-sonnet-5-5"' in (repo / "tests/test_calls.py").read_text()
    assert _own_tests(repo).returncode == 0, _own_tests(repo).stdout


def test_unsafe_fixes_move_the_test_and_the_table_together(repo: Path) -> None:
    run_cli("--as-of", AS_OF, "--no-cache", "--fix", "--unsafe-fixes", ".", cwd=repo)
    assert "claude-sonnet-4-20250514" not in (repo / "tests/test_anthropic.py").read_text()
    assert "claude-sonnet-4-20250514" not in (repo / "src/strands_mini/_defaults.py").read_text()
    result = _own_tests(repo)
    assert result.returncode == 0, result.stdout


def test_a_hook_naming_the_test_alone_gets_the_same_answer(repo: Path) -> None:
    """The repository is searched, not the files a run was given (pre-commit's batches)."""
    alone = _rows(repo, "tests/test_anthropic.py")
    whole = _rows(repo, ".")
    assert alone == {key: row for key, row in whole.items() if key[0] == "tests/test_anthropic.py"}


def test_the_users_git_config_does_not_change_the_rows_found(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Colours and columns in git grep's answer broke its reading: no row was found."""
    expected = _rows(repo, ".")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".gitconfig").write_text(
        "[color]\n\tgrep = always\n\tui = always\n[grep]\n\tcolumn = true\n\tfullName = true\n"
    )
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _rows(repo, ".") == expected
    assert _rows(repo / "tests", ".") == {
        (path.removeprefix("tests/"), line): {**row, "path": path.removeprefix("tests/")}
        for (path, line), row in expected.items()
        if path.startswith("tests/")
    }
    assert expected[("tests/test_anthropic.py", 5)]["fix"] == "unsafe"


def test_outside_a_work_tree_there_is_no_table_to_find(repo: Path) -> None:
    shutil.rmtree(repo / ".git")
    assert _rows(repo, ".")[("tests/test_anthropic.py", 5)]["fix"] == "safe"


def test_an_edit_to_the_table_is_seen_by_a_warm_run(repo: Path, tmp_path: Path) -> None:
    """A test's verdicts depend on another file: the scan cache never keeps them."""
    cached = ("--as-of", AS_OF, "--cache-dir", str(tmp_path / "cache"), "--format", "json", ".")
    first = json.loads(run_cli(*cached, cwd=repo).stdout)
    assert next(r["fix"] for r in first if r["path"] == "tests/test_anthropic.py") == "unsafe"
    table = repo / "src/strands_mini/_defaults.py"
    rows = [line for line in table.read_text().splitlines(True) if "sonnet-4-2025" not in line]
    table.write_text("".join(rows))  # both spellings: one model is fixed everywhere or nowhere
    second = json.loads(run_cli(*cached, cwd=repo).stdout)
    assert next(r["fix"] for r in second if r["path"] == "tests/test_anthropic.py") == "safe"


@pytest.mark.parametrize(
    ("path", "test"),
    [
        ("tests/strands/models/test_anthropic.py", True),
        ("tests_integ/models/providers.py", True),
        ("src/pkg/conftest.py", True),
        ("pkg/api_test.py", True),
        ("web/__tests__/model.ts", True),
        ("web/model.spec.ts", True),
        ("src/strands/models/_defaults.py", False),
        ("src/testing.py", False),
        ("src/latest/models.py", False),
        ("docs/contest.py", False),
    ],
)
def test_what_a_test_module_is(path: str, test: bool, tmp_path: Path) -> None:
    """Inside a work tree; pytest's tmp_path itself sits in a directory named test_what_..."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert is_test_module(str(tmp_path / path)) is test


def test_the_repository_is_searched_once_a_run_and_the_workers_inherit_the_answer(
    repo: Path, searches: Callable[[], list[Search]]
) -> None:
    """Started as soon as discovery knows the files holding 'claude' (only their code is read),
    settled before forking: a second core does not search again."""
    from datetime import date

    from claude_model_lint.check.engine import RunOptions
    from claude_model_lint.config import Config
    from claude_model_lint.registry.registry import load_registry
    from claude_model_lint.run import runner

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: never forks")
    for i in range(60):  # enough files holding ids for the second process to take some
        (repo / "tests" / f"test_more_{i}.py").write_text(TEST_ANTHROPIC)
    options = RunOptions(Config(root=repo), load_registry(()), date.fromisoformat(AS_OF))
    results = list(runner.run([repo], options, jobs=2))
    unsafe = [d for r in results for d in r.diagnostics if "of a table keyed" in d.message]
    assert len(unsafe) == 61 * 2  # every test module's two picks, in both processes
    # one search, by the parent, of the code files discovery found holding 'claude'
    ((process, _, names),) = searches()
    assert process == os.getpid() and names is not None
    assert names[0] == "src/strands_mini/_defaults.py"


def test_two_repositories_are_searched_once_each_before_the_fork(
    tmp_path: Path, searches: Callable[[], list[Search]]
) -> None:
    """The run forks once the first repository's files are known; the second repository's
    answer came later, and a worker that needed its tables searched all of its code again
    (anthropic-sdk-python in the benchmark). Every search started is answered before forking."""
    from datetime import date

    from claude_model_lint.check.engine import RunOptions
    from claude_model_lint.config import Config
    from claude_model_lint.registry.registry import load_registry
    from claude_model_lint.run import runner

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: never forks")
    roots = []
    for name in ("first", "second"):
        root = tmp_path / name
        for path, body in TREE.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(body, encoding="utf-8")
        for i in range(30):
            (root / "tests" / f"test_more_{i}.py").write_text(TEST_ANTHROPIC)
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        roots.append(root)
    options = RunOptions(Config(root=tmp_path), load_registry(()), date.fromisoformat(AS_OF))
    results = list(runner.run(roots, options, jobs=2))
    unsafe = [d for r in results for d in r.diagnostics if "of a table keyed" in d.message]
    assert len(unsafe) == 2 * 31 * 2
    made = [(process, name, names is not None) for process, name, names in searches()]
    assert made == [(os.getpid(), "first", True), (os.getpid(), "second", True)], made


def test_a_warm_run_searches_each_repository_once_before_forking(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    searches: Callable[[], list[Search]],
) -> None:  # fmt: skip
    """A warm run walks, so no git grep names the files: every worker that met a test with a
    fix searched all the code for itself. The scan cache says which files hold an id: a
    repository with a test among them is searched once, by the parent, before forking."""
    from datetime import date

    from claude_model_lint.check import lookup_tables
    from claude_model_lint.check.engine import RunOptions
    from claude_model_lint.config import Config
    from claude_model_lint.registry.registry import load_registry
    from claude_model_lint.run import runner
    from claude_model_lint.run.cache import ScanCache

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: never forks")
    for i in range(60):
        (repo / "tests" / f"test_more_{i}.py").write_text(TEST_ANTHROPIC)
    options = RunOptions(Config(root=repo), load_registry(()), date.fromisoformat(AS_OF))

    def unsafe_picks() -> int:
        monkeypatch.setattr(lookup_tables, "_asked", {})
        cache = ScanCache(tmp_path / "cache", "k")
        results = list(runner.run([repo], options, jobs=2, cache=cache))
        cache.save()
        return sum("of a table keyed" in d.message for r in results for d in r.diagnostics)

    assert unsafe_picks() == 61 * 2  # cold: git grep named the files
    searches()
    assert unsafe_picks() == 61 * 2  # warm: walked
    assert searches() == [(os.getpid(), "repo", None)]


def test_the_search_of_the_files_discovery_found_equals_the_search_of_the_repository(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names with glob characters are searched as they are (`--literal-pathspecs`)."""
    from claude_model_lint.check import lookup_tables
    from claude_model_lint.run.git_files import holding_claude

    (repo / "src" / "[odd] *name?.py").write_text('LIMITS = {"claude-opus-4-5": 1}\n')
    (repo / "src" / "plain.py").write_text("x = 1\n")
    monkeypatch.setattr(lookup_tables, "_asked", {})
    whole = lookup_tables._answer(lookup_tables._start(str(repo)))
    names = holding_claude(str(repo))
    assert names is not None and "src/[odd] *name?.py" in names
    lookup_tables.prefetch(str(repo), names)
    lookup_tables.settle()
    assert lookup_tables._asked[str(repo)][1] == whole
    assert ("src/[odd] *name?.py", 1, "#1") in whole["claude-opus-4-5"]


@pytest.mark.parametrize(
    ("row", "test", "picked"),
    [
        ('"claude-opus-4-5": 200_000,', "assert limit == 200000", True),
        ('"claude-opus-4-5": 200_000,', "assert limit == 2000000", False),
        ('"claude-opus-4-5": "Claude Opus 4.5",', 'assert name == "Claude Opus 4.5"', True),
        ('"claude-opus-4-5": "Claude Opus 4.5",', "assert name", False),
        ('"claude-opus-4-5": {"max_tokens": 64000},', "assert profile", True),  # unknown: yes
        ('"claude-opus-4-5": LIMIT,', "assert limit", True),
    ],
)
def test_a_test_picks_a_row_when_it_holds_the_rows_value(
    tmp_path: Path, row: str, test: str, picked: bool
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "table.py").write_text(f"TABLE = {{\n    {row}\n}}\n")
    (tmp_path / "tests").mkdir()
    module = tmp_path / "tests" / "test_it.py"
    module.write_text(f'def test():\n    m = Model(model_id="claude-opus-4-5")\n    {test}\n')
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    from claude_model_lint.check import lookup_tables

    lookup_tables._asked.clear()
    lookup_tables._literals.cache_clear()
    found = lookup_tables.table_row("claude-opus-4-5", str(module))
    assert (found == "src/table.py:2") is picked


def test_a_table_file_named_with_control_characters_is_named_escaped(tmp_path: Path) -> None:
    """The row's path goes into a message a terminal shows: an escape sequence in a file name
    (a hostile repository's) is written out, never sent."""
    from claude_model_lint.check import lookup_tables

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "t\x1b[2Jable.py").write_text('T = {"claude-opus-4-5": 200_000}\n')
    (tmp_path / "tests").mkdir()
    module = tmp_path / "tests" / "test_it.py"
    module.write_text('m = Model(model_id="claude-opus-4-5")\nassert limit == 200_000\n')
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    lookup_tables._asked.clear()
    lookup_tables._literals.cache_clear()
    assert lookup_tables.table_row("claude-opus-4-5", str(module)) == "src/t\\x1b[2Jable.py:1"


@pytest.mark.parametrize(
    ("name", "table", "line", "picked"),
    [
        ("prices.json", '{\n  "claude-opus-4-5": {"input": 5.0},\n  "x": 1\n}\n', 2, True),
        ("prices.json", '{\n  "claude-opus-4-5": 200000\n}\n', 2, True),
        ("prices.json", '{\n  "claude-opus-4-5": 1234\n}\n', 2, False),  # not the test's value
        ("limits.yaml", "models:\n  claude-opus-4-5: 200000\n", 2, True),
        ("limits.yaml", 'models:\n  "claude-opus-4-5":\n    window: 200000\n', 2, True),
        ("limits.toml", '[windows]\n"claude-opus-4-5" = 200000\n', 2, True),
        ("config.yaml", "model: claude-opus-4-5\n", 0, False),  # a value, not a key
        ("cassettes/call.yaml", "claude-opus-4-5: 200000\n", 0, False),  # a recording
    ],
)
def test_a_test_picks_a_row_of_a_data_file(
    tmp_path: Path, name: str, table: str, line: int, picked: bool
) -> None:
    """JSON, YAML and TOML tables too (issue 28: a test picking a row of a JSON price table was
    fixed and then raised KeyError)."""
    (tmp_path / "data" / name).parent.mkdir(parents=True)
    (tmp_path / "data" / name).write_text(table)
    (tmp_path / "tests").mkdir()
    module = tmp_path / "tests" / "test_it.py"
    module.write_text(
        'def test():\n    m = Model(model_id="claude-opus-4-5")\n    assert m == 200000\n'
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    from claude_model_lint.check import lookup_tables

    lookup_tables._asked.clear()
    lookup_tables._literals.cache_clear()
    found = lookup_tables.table_row("claude-opus-4-5", str(module))
    assert found == (f"data/{name}:{line}" if picked else None)


PRICES_JSON = '{\n  "claude-3-haiku-20240307": {"input": 0.25, "output": 1.25}\n}\n'
PRICING = """import json
from pathlib import Path

PRICES = json.loads((Path(__file__).parent / "prices.json").read_text())


def cost(model: str, tokens: int) -> float:
    return PRICES[model]["input"] * tokens / 1_000_000
"""
TEST_PRICING = """from pricing.cost import cost


def test_cost():
    assert cost("claude-3-haiku-20240307", 4_000_000) == 1.0
"""


def test_a_test_that_reads_a_json_table_still_passes_after_fix(tmp_path: Path) -> None:
    """The repository's own test, run before and after --fix: it passes both times (before,
    the id was fixed in the test alone and the lookup raised KeyError)."""
    (tmp_path / "pricing").mkdir()
    (tmp_path / "pricing" / "__init__.py").write_text("")
    (tmp_path / "pricing" / "prices.json").write_text(PRICES_JSON)
    (tmp_path / "pricing" / "cost.py").write_text(PRICING)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_cost.py").write_text(TEST_PRICING)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)

    def tests_pass() -> bool:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
            cwd=tmp_path, capture_output=True, timeout=120,
            env={**os.environ, "PYTHONPATH": str(tmp_path)},
        )  # fmt: skip
        return run.returncode == 0

    assert tests_pass()
    result = run_cli("--as-of", AS_OF, "--no-cache", "--fix", ".", cwd=tmp_path)
    assert "pricing/prices.json:2 of a table keyed by this id" in result.stdout, result.stdout
    assert (tmp_path / "tests" / "test_cost.py").read_text() == TEST_PRICING
    assert tests_pass()
