"""`--unsafe-fixes` keeps the promises `--fix` keeps (issue 28, item 8): it never makes a list name
one model twice, inside a string or a Markdown list too (24 entries collapsed into 11); it never
rewrites a warning filter or a regular expression (10 tests of one repository failed); and a
second run changes nothing. Properties over generated lists and documents, and the reported
shapes, minimal reproductions of issue 28's cases (pydantic-ai's pytest filter, a
comma-separated fallback list, a README's list of models).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_model_lint.check.engine import RunOptions, check_file
from claude_model_lint.config import Config
from claude_model_lint.model_ids import find_ids
from claude_model_lint.registry.registry import load_registry
from claude_model_lint.repo.candidate import Candidate

from .conftest import AS_OF, run_cli

REGISTRY = load_registry()
EXAMPLES = int(os.environ.get("CML_HYPOTHESIS_EXAMPLES", "40"))
IDS = sorted(k for k in REGISTRY.index if k.startswith("claude-") and "@" not in k)
DATES = [date(2025, 6, 1), date(2026, 2, 7), date(2026, 11, 25), date(2027, 6, 1)]
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _unsafe_fix(path: Path, as_of: date) -> str:
    options = RunOptions(Config(), REGISTRY, as_of, fix=True, write=True, unsafe_fixes=True)
    result = check_file(Candidate(path, explicit=True), options)
    assert result.error is None, result.error
    return path.read_text(encoding="utf-8")


def _shape(ids: list[str], shape: str) -> tuple[str, str]:
    """A file listing ``ids`` in one of the shapes issue 28 saw collapse."""
    if shape == "python-string":
        return "app.py", f'FALLBACKS = "{", ".join(ids)}"\n'
    if shape == "markdown-list":
        return "README.md", "# Models\n\n" + "".join(f"- {i}\n" for i in ids)
    if shape == "markdown-sentence":
        return "README.md", f"We compared {' and '.join(ids)}.\n"
    if shape == "yaml-string":
        return "c.yaml", f"fallbacks: {','.join(ids)}\n"
    return "README.md", "```python\nMODELS = [" + ", ".join(f'"{i}"' for i in ids) + "]\n```\n"


def _members(text: str) -> list[str]:
    return [found.text for found in find_ids(text)]


SHAPES = ["python-string", "markdown-list", "markdown-sentence", "yaml-string", "markdown-fence"]


@PROPERTY
@given(
    ids=st.lists(st.sampled_from(IDS), min_size=2, max_size=6, unique=True),
    shape=st.sampled_from(SHAPES),
    as_of=st.sampled_from(DATES),
)
def test_unsafe_fixes_never_list_a_model_twice(
    tmp_path_factory: pytest.TempPathFactory, ids: list[str], shape: str, as_of: date
) -> None:
    name, text = _shape(ids, shape)
    path = tmp_path_factory.mktemp("promises") / name
    path.write_text(text, encoding="utf-8")
    members = _members(_unsafe_fix(path, as_of))
    assert len(members) == len(ids)
    assert len(set(members)) == len(members), members


FILLERS = [
    "client.messages.create(model={id!r}, max_tokens=8)\n",
    "MODELS = [{id!r}, {other!r}]\n",
    'pytestmark = pytest.mark.filterwarnings("ignore:{id} is deprecated:DeprecationWarning")\n',
    "OLD = re.compile(r'{id}\\.?')\n",
    "# moved from {id} to {other}\n",
    "PAIR = '{id}, {other}'\n",
    '"""Example:\n\n    >>> ask(model="{id}")\n"""\n',
]


@PROPERTY
@given(
    lines=st.lists(
        st.tuples(st.sampled_from(FILLERS), st.sampled_from(IDS), st.sampled_from(IDS)),
        min_size=1,
        max_size=6,
    ),
    markdown=st.booleans(),
    as_of=st.sampled_from(DATES),
)
def test_a_second_unsafe_run_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[tuple[str, str, str]],
    markdown: bool,
    as_of: date,
) -> None:
    """Python, and the same code as a Markdown example (no request parameter a replacement
    rejects: that migration is one fix of its own, see the test below)."""
    code = "".join(filler.format(id=a, other=b) for filler, a, b in lines)
    name, text = ("README.md", f"Text.\n\n```python\n{code}```\n") if markdown else ("m.py", code)
    path = tmp_path_factory.mktemp("idempotent") / name
    path.write_text(text, encoding="utf-8")
    once = _unsafe_fix(path, as_of)
    assert _unsafe_fix(path, as_of) == once


def test_a_second_unsafe_run_leaves_the_migrated_call(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(
        'client.messages.create(model="claude-3-5-sonnet-20241022", temperature=0, max_tokens=8)\n'
    )
    once = _unsafe_fix(path, date.fromisoformat(AS_OF))
    assert _unsafe_fix(path, date.fromisoformat(AS_OF)) == once


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param(
            "test_models.py",
            'pytestmark = pytest.mark.filterwarnings(\n    "ignore:The model '
            "'claude-sonnet-4-0' is deprecated:DeprecationWarning\"\n)\n",
            id="pytest-mark",
        ),
        pytest.param(
            "pyproject.toml",
            '[tool.pytest.ini_options]\nfilterwarnings = [\n    "ignore:claude-3-opus-20240229 '
            'is deprecated:DeprecationWarning",\n]\n',
            id="pyproject",
        ),
        pytest.param("pytest.ini", "[pytest]\nfilterwarnings =\n    error::claude-2.1\n", id="ini"),
        pytest.param(
            "app.py",
            'warnings.filterwarnings("ignore", "claude-3-opus-20240229 is deprecated")\n',
            id="filterwarnings-call",
        ),
        pytest.param("app.py", 'OLD = re.compile("claude-3-opus-20240229")\n', id="re-compile"),
        pytest.param("app.py", "OLD = r'^claude-3-opus-20240229$'\n", id="anchored"),
        pytest.param(
            "test_app.py",
            'with pytest.raises(ValueError, match="claude-3-opus-20240229"):\n    pass\n',
            id="raises-match",
        ),
    ],
)
def test_patterns_are_never_rewritten(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    result = run_cli("--as-of", AS_OF, "--no-cache", "--unsafe-fixes", "--fix", name, cwd=tmp_path)
    assert (tmp_path / name).read_text() == text
    assert "not fixable: a warning filter" in result.stdout or (
        "not fixable: a regular expression" in result.stdout
    ), result.stdout
