"""The server's answers for every format, against the golden fixtures the command line is held to:
the same findings (each range, read back in UTF-16 units, is the id), "fix all" gives the
``--fix`` output, and every ignore-comment action silences its finding. In process: the
stdio round trip is tested in test_server.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lsprotocol import types

from claude_model_lint.decoding import decode
from claude_model_lint.server.actions import FIX_ALL, code_actions
from claude_model_lint.server.diagnostics import to_lsp
from claude_model_lint.server.linting import Linted, Linter

from .conftest import AS_OF
from .lsp_client import apply, utf16_index
from .test_goldens import CASES, _input_of

PLAIN = [c for c in CASES if not (c / "args").exists()]  # the rest need command-line options
_REPORTED = re.compile(r"^[^:\n]+:(\d+):(\d+): (CML\d{3}) ", re.MULTILINE)
RETIRED = "claude-2.1"
EVERYWHERE = types.Range(types.Position(0, 0), types.Position(10**6, 0))


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(AS_OF)


def _open(case: Path, tmp_path: Path) -> tuple[Path, str]:
    source = _input_of(case)
    work = tmp_path / source.name
    shutil.copyfile(source, work)  # outside this repository, whose config excludes tests/
    data = source.read_bytes()
    return work, decode(data, python=source.suffix == ".py").text


def _lint(linter: Linter, path: Path, text: str) -> Linted:
    linted = linter.lint(path, text)
    assert linted is not None and linted.result.error is None
    return linted


@pytest.mark.parametrize("case", PLAIN, ids=[f"{c.parent.name}/{c.name}" for c in PLAIN])
def test_the_server_agrees_with_the_command_line(
    case: Path, tmp_path: Path, linter: Linter
) -> None:
    path, text = _open(case, tmp_path)
    linted = _lint(linter, path, text)
    golden = (case / "diagnostics.txt").read_text()
    expected = [(int(line), int(col), code) for line, col, code in _REPORTED.findall(golden)]
    assert sorted((d.line, d.column, d.code) for d in linted.result.diagnostics) == expected
    shown = to_lsp(linted)
    for finding, diagnostic in zip(linted.result.diagnostics, shown, strict=True):
        start, end = (
            utf16_index(text, diagnostic.range.start),
            utf16_index(text, diagnostic.range.end),
        )
        reported = sum(map(len, text.splitlines(keepends=True)[: finding.line - 1]))
        reported += finding.column - 1  # a rejected value is reported from its argument's name
        assert (start, end) == (reported, finding.end)  # the id, or a rejected argument

    fixed_file = case / f"{_input_of(case).name}.fixed"
    fixed = decode(fixed_file.read_bytes(), python=path.suffix == ".py").text if (
        fixed_file.exists()
    ) else text  # fmt: skip
    fix_all = code_actions(path.as_uri(), linted, EVERYWHERE, [FIX_ALL])
    assert len(fix_all) == (1 if fixed != text else 0)
    for action in fix_all:
        assert action.edit is not None and action.edit.changes is not None
        assert apply(text, action.edit.changes[path.as_uri()]) == fixed


@pytest.mark.parametrize("case", PLAIN, ids=[f"{c.parent.name}/{c.name}" for c in PLAIN])
def test_every_ignore_comment_silences_its_finding(
    case: Path, tmp_path: Path, linter: Linter
) -> None:
    path, text = _open(case, tmp_path)
    linted = _lint(linter, path, text)
    before = [(d.line, d.code) for d in linted.result.diagnostics]
    for diagnostic in to_lsp(linted):
        actions = code_actions(path.as_uri(), linted, diagnostic.range, None)
        ignores = [a for a in actions if a.title.startswith(f"Ignore {diagnostic.code}")]
        if path.suffix in (".json", ".ipynb", ".ini", ".cfg", ".txt", ".rst", ".adoc"):
            assert ignores == []  # no comment syntax, or one that would change a value
            continue
        assert len(ignores) >= 1
        edit = ignores[0].edit
        assert edit is not None and edit.changes is not None
        after = _lint(linter, path, apply(text, edit.changes[path.as_uri()]))
        line = diagnostic.range.start.line + 1
        left = [(d.line, d.code) for d in after.result.diagnostics]
        assert (line, diagnostic.code) not in left
        if len(left) != len(before) - before.count((line, diagnostic.code)):
            # a comment after a multi-line string goes where its statement ends, and covers
            # every id of that statement, as the command line reads it
            assert (
                path.suffix == ".py" and edit.changes[path.as_uri()][0].range.start.line + 1 > line
            )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "prompt.py", f'PROMPT = """\nUse {RETIRED} here\n"""\n',
            f'PROMPT = """\nUse {RETIRED} here\n"""  # claude-model-lint: ignore[CML001]\n',
            id="python-multi-line-string-ends-its-statement",
        ),
        pytest.param(
            "cont.py", f'MODEL = "{RETIRED}" \\\n    + ""\n',
            f'MODEL = "{RETIRED}" \\\n    + ""  # claude-model-lint: ignore[CML001]\n',
            id="python-backslash-continues",
        ),
        pytest.param(
            "call.py", f'create(\n    model="{RETIRED}",\n)\n',
            f'create(\n    model="{RETIRED}",  # claude-model-lint: ignore[CML001]\n)\n',
            id="python-own-line-inside-brackets",
        ),
        pytest.param(
            "a.yaml", f"model: {RETIRED}  # claude-model-lint: ignore[CML002]\r\n",
            f"model: {RETIRED}  # claude-model-lint: ignore[CML002, CML001]\r\n",
            id="yaml-adds-to-the-pragma-there",
        ),
        pytest.param(
            "README.md", f"Use `{RETIRED}`.\n",
            f"Use `{RETIRED}`.  <!-- claude-model-lint: ignore[CML001] -->\n", id="markdown",
        ),
        pytest.param(
            "q.sql", f"SELECT '{RETIRED}';\n",
            f"SELECT '{RETIRED}';  -- claude-model-lint: ignore[CML001]\n", id="sql",
        ),
    ],
)  # fmt: skip
def test_where_the_ignore_comment_goes(
    name: str, text: str, expected: str, tmp_path: Path, linter: Linter
) -> None:
    path = tmp_path / name
    linted = _lint(linter, path, text)
    [diagnostic] = to_lsp(linted)
    [ignore] = [
        a
        for a in code_actions(path.as_uri(), linted, diagnostic.range, None)
        if "Ignore" in a.title
    ]
    assert ignore.edit is not None and ignore.edit.changes is not None
    ignored = apply(text, ignore.edit.changes[path.as_uri()])
    assert ignored == expected
    assert _lint(linter, path, ignored).result.diagnostics == ()


def test_a_rejected_argument_is_removed_only_as_an_unsafe_fix(
    tmp_path: Path, linter: Linter
) -> None:
    path = tmp_path / "call.py"
    text = 'client.messages.create(model="claude-opus-5-5", temperature=0.2, max_tokens=9)\n'
    linted = _lint(linter, path, text)
    [diagnostic] = to_lsp(linted)
    assert diagnostic.code == "CML007"
    [remove] = [
        a
        for a in code_actions(path.as_uri(), linted, diagnostic.range, None)
        if "Remove" in a.title
    ]
    assert "unsafe" in remove.title and not remove.is_preferred
    assert remove.edit is not None and remove.edit.changes is not None
    removed = apply(text, remove.edit.changes[path.as_uri()])
    assert removed == 'client.messages.create(model="claude-opus-5-5", max_tokens=9)\n'
    assert code_actions(path.as_uri(), linted, EVERYWHERE, [FIX_ALL]) == []  # never in fix-all
