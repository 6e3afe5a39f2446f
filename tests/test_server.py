"""The language server end to end: the installed ``claude-model-lint server`` driven over stdio
by pygls's LanguageClient, as an editor drives it. Every session pins ``asOf``."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from lsprotocol import types

from tests.conftest import AS_OF, CLI, run_cli
from tests.lsp_client import Session, apply

RETIRED = "claude-2.1"  # retired on 2025-07-21 (registry), replaced by claude-opus-5-5
EMOJI_LINE = f'reply = client.messages.create(system="😀", model="{RETIRED}")\n'
FIX_ALL = "source.fixAll.claude-model-lint"


def run(root: Path, scenario: Callable[[Session], Awaitable[None]], **kwargs: object) -> None:
    async def main() -> None:
        async with Session(root, **kwargs) as session:  # type: ignore[arg-type]
            await scenario(session)

    asyncio.run(main())


def test_a_retired_id_is_reported_fixed_and_gone(tmp_path: Path) -> None:
    uri = (tmp_path / "app.py").as_uri()  # never saved: the buffer is what is checked

    async def scenario(s: Session) -> None:
        s.open(uri, EMOJI_LINE)
        [diagnostic] = await s.diagnostics(uri)
        assert diagnostic.code == "CML001"
        assert diagnostic.severity == types.DiagnosticSeverity.Error
        assert diagnostic.source == "claude-model-lint"
        assert diagnostic.code_description is not None
        assert diagnostic.code_description.href.endswith("docs/rules/CML001.md")
        assert diagnostic.data["asOf"] == AS_OF and diagnostic.data["dataDate"]
        # 50 code points before the id, but the emoji is two UTF-16 units: LSP wants 51
        before = EMOJI_LINE.index(RETIRED)
        assert before == 50 and len(EMOJI_LINE[:before].encode("utf-16-le")) // 2 == 51
        assert diagnostic.range == _at(0, 51, 0, 51 + len(RETIRED))
        actions = await s.actions(uri, diagnostic.range)
        [fix] = [a for a in actions if a.title == f"Replace {RETIRED} with claude-opus-5-5"]
        assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
        assert fix.edit is not None and fix.edit.changes is not None
        edits = fix.edit.changes[uri]
        assert apply(EMOJI_LINE, edits) == EMOJI_LINE.replace(RETIRED, "claude-opus-5-5")
        version = s.change(uri, edits)
        assert await s.diagnostics(uri, version) == []

    run(tmp_path, scenario)


def test_hover_tells_the_model_its_state_dates_and_replacement(tmp_path: Path) -> None:
    uri = (tmp_path / "app.py").as_uri()
    text = EMOJI_LINE + 'BEDROCK = "us.anthropic.claude-3-haiku-20240307-v1:0"\n'

    async def scenario(s: Session) -> None:
        s.open(uri, text)
        await s.diagnostics(uri)
        hover = await s.hover(uri, types.Position(0, 55))  # inside the id, after the emoji
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        value = hover.contents.value
        assert "Claude 2.1" in value and f"**retired** on {AS_OF}" in value
        assert "| Claude API | 2025-01-21 | 2025-07-21 |" in value
        assert "`claude-opus-5-5`" in value
        assert hover.range == _at(0, 51, 0, 61)
        bedrock = await s.hover(uri, types.Position(1, 15))
        assert bedrock is not None and isinstance(bedrock.contents, types.MarkupContent)
        assert "by the Amazon Bedrock dates" in bedrock.contents.value
        assert "us.anthropic.claude-haiku-5-5" in bedrock.contents.value
        assert await s.hover(uri, types.Position(0, 2)) is None  # not on an id

    run(tmp_path, scenario)


def test_documents_in_the_middle_of_an_edit(tmp_path: Path) -> None:
    """An unterminated string, invalid JSON, a notebook that is not JSON: still checked, and the
    server keeps answering."""
    documents = {
        "a.py": ("python", f'x = 1\nMODEL = "{RETIRED}\ny = (\n'),
        "b.json": ("json", f'{{"model": "{RETIRED}", "max_tokens": '),
        "c.ipynb": ("json", f'{{"cells": [{{"source": ["{RETIRED}'),
        "d.yaml": ("yaml", f"model: '{RETIRED}\n  - [\n"),
    }

    async def scenario(s: Session) -> None:
        for name, (language, text) in documents.items():
            s.open((tmp_path / name).as_uri(), text, language)
        for name in documents:
            found = await s.diagnostics((tmp_path / name).as_uri())
            assert [d.code for d in found] == ["CML001"], name
        python = (tmp_path / "a.py").as_uri()
        version = s.change(python, [types.TextEdit(_at(2, 0, 2, 0), '"""')])  # opens a string
        assert [d.code for d in await s.diagnostics(python, version)] == ["CML001"]
        assert await s.hover(python, types.Position(1, 12)) is not None

    run(tmp_path, scenario)


def test_fix_all_and_the_ignore_comment(tmp_path: Path) -> None:
    uri = (tmp_path / "settings.yaml").as_uri()
    text = f"a: {RETIRED}\nb: claude-3-opus-20240229  # old\nc: claude-opus-5-5\n"

    async def scenario(s: Session) -> None:
        s.open(uri, text, "yaml")
        found = await s.diagnostics(uri)
        assert [d.code for d in found] == ["CML001", "CML001"]
        [fix_all] = await s.actions(uri, _at(0, 0, 0, 0), only=[FIX_ALL])
        assert fix_all.kind == FIX_ALL
        assert fix_all.edit is not None and fix_all.edit.changes is not None
        fixed = apply(text, fix_all.edit.changes[uri])
        assert fixed == "a: claude-opus-5-5\nb: claude-opus-5-5  # old\nc: claude-opus-5-5\n"
        assert await s.actions(uri, found[0].range, only=["refactor"]) == []
        [ignore] = [a for a in await s.actions(uri, found[1].range) if "Ignore" in a.title]
        assert ignore.edit is not None and ignore.edit.changes is not None
        edits = ignore.edit.changes[uri]
        assert apply(text, edits).splitlines()[1] == (
            "b: claude-3-opus-20240229  # old  # claude-model-lint: ignore[CML001]"
        )
        version = s.change(uri, edits)
        assert [d.range.start.line for d in await s.diagnostics(uri, version)] == [0]
        version = s.change(uri, fix_all.edit.changes[uri][:1])
        assert await s.diagnostics(uri, version) == []

    run(tmp_path, scenario)


def test_config_excludes_and_a_bad_config_stay_with_their_documents(tmp_path: Path) -> None:
    """Each document has its nearest config; one that cannot be read is logged for its
    documents only; the excludes apply; saving a config checks the open documents again."""
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / ".claude-model-lint.toml").write_text("select = 3\n")
    (tmp_path / "quiet").mkdir()
    quiet_config = tmp_path / "quiet" / ".claude-model-lint.toml"
    quiet_config.write_text('ignore = ["CML002"]\n')
    text = f'MODEL = "{RETIRED}"\n'
    broken, quiet, excluded, fine = (
        (tmp_path / p).as_uri()
        for p in ("broken/a.py", "quiet/a.py", "node_modules/pkg/a.py", "a.py")
    )

    async def scenario(s: Session) -> None:
        for uri in (broken, quiet, excluded, fine):
            s.open(uri, text)
        assert await s.diagnostics(broken) == []
        message = await s.log_containing(".claude-model-lint.toml")
        assert message.type == types.MessageType.Error and "select" in message.message
        assert await s.diagnostics(excluded) == []
        assert [d.code for d in await s.diagnostics(quiet)] == ["CML001"]
        assert [d.code for d in await s.diagnostics(fine)] == ["CML001"]
        quiet_config.write_text('ignore = ["CML001"]\n')
        s.client.text_document_did_save(
            types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(quiet_config.as_uri()))
        )
        await _until(s, quiet, lambda found: found == [])
        assert [d.code for d in await s.diagnostics(fine)] == ["CML001"]

    run(tmp_path, scenario)


def test_an_untitled_buffer_is_checked_as_its_language(tmp_path: Path) -> None:
    uri = "untitled:Untitled-1"

    async def scenario(s: Session) -> None:
        s.open(uri, f'# {RETIRED} in a comment\nMODEL = "{RETIRED}"\n', "python")
        [diagnostic] = await s.diagnostics(uri)  # Python: the comment is not reported
        assert diagnostic.range.start == types.Position(1, 9)

    run(tmp_path, scenario)


def test_as_of_moves_the_verdict_and_a_bad_one_is_said(tmp_path: Path) -> None:
    uri = (tmp_path / "app.py").as_uri()
    text = 'MODEL = "claude-3-7-sonnet-20250219"\n'  # deprecated 2025-10-28, retired 2026-02-19

    async def before(s: Session) -> None:
        s.open(uri, text)
        [diagnostic] = await s.diagnostics(uri)
        assert diagnostic.code == "CML002" and "retires on 2026-02-19" in diagnostic.message

    async def bad(s: Session) -> None:
        message = await s.log_containing("asOf")
        assert message.type == types.MessageType.Error and "next week" in message.message
        async with s.arrived:  # and shown to the user, not only logged (issue 33)
            await asyncio.wait_for(s.arrived.wait_for(lambda: bool(s.shown)), 30)
        assert [m.type for m in s.shown] == [types.MessageType.Error]
        assert "next week" in s.shown[0].message

    run(tmp_path, before, init_options={"asOf": "2025-11-01"}, command=(CLI, "server", "--stdio"))
    run(tmp_path, bad, init_options={"asOf": "next week"})

    async def huge(s: Session) -> None:  # review M-f: 100 KB came back whole in showMessage
        async with s.arrived:
            await asyncio.wait_for(s.arrived.wait_for(lambda: bool(s.shown)), 30)
        [shown] = s.shown
        assert len(shown.message) < 400 and "(100000 characters)" in shown.message

    run(tmp_path, huge, init_options={"asOf": "x" * 100_000})


def test_without_the_extra_the_server_says_how_to_get_it(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['pygls'] = None; sys.argv = ['claude-model-lint', 'server']\n"
        "from claude_model_lint.commands.launch import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert 'pip install "claude-model-lint[lsp]"' in result.stderr


def test_a_directory_named_server_is_still_linted(tmp_path: Path) -> None:
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "app.py").write_text(f'MODEL = "{RETIRED}"\n')
    for args in (("server", "--as-of", AS_OF), ("./server", "--as-of", AS_OF)):
        result = run_cli(*args, "--no-cache", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert "server/app.py:1:10: CML001" in result.stdout


def _at(line: int, character: int, end_line: int, end_character: int) -> types.Range:
    return types.Range(types.Position(line, character), types.Position(end_line, end_character))


async def _until(s: Session, uri: str, done: Callable[[list[types.Diagnostic]], bool]) -> None:
    """Wait for a publication of ``uri`` that satisfies ``done`` (a re-check after a save)."""

    def ready() -> bool:
        return any(done(list(p.diagnostics)) for p in s.published.get(uri, [])[1:])

    async with s.arrived:
        await asyncio.wait_for(s.arrived.wait_for(ready), 60)


def test_a_burst_of_changes_ends_on_the_last_text(tmp_path: Path) -> None:
    """Changes sent back to back are checked together or one by one, never out of order, and
    the last publication is the last text's."""
    uri = (tmp_path / "app.py").as_uri()
    text = f'A = "{RETIRED}"\nB = "{RETIRED}"\nC = "{RETIRED}"\n'

    async def scenario(s: Session) -> None:
        s.open(uri, text)
        assert len(await s.diagnostics(uri)) == 3
        for line in range(3):  # each change rewrites one id
            last = s.change(uri, [types.TextEdit(_at(line, 5, line, 15), "claude-opus-5-5")])
        assert await s.diagnostics(uri, last) == []
        versions = [p.version for p in s.published[uri]]
        assert versions == sorted(versions) and versions[-1] == last
        for published in s.published[uri]:  # each one is its version's findings
            assert published.version is not None
            assert len(published.diagnostics) == 3 - (published.version - 1)

    run(tmp_path, scenario)


def test_a_path_with_a_space_and_an_accent(tmp_path: Path) -> None:
    """The client's URI is percent-encoded; the diagnostics come back under the same URI, and
    the file's own config (found through the decoded path) applies."""
    folder = tmp_path / "my café"
    folder.mkdir()
    (folder / ".claude-model-lint.toml").write_text('ignore = ["CML001"]\n')
    quiet, loud = (folder / "a.py").as_uri(), (tmp_path / "a b.py").as_uri()
    assert "%20" in quiet and "%C3%A9" in quiet

    async def scenario(s: Session) -> None:
        s.open(quiet, f'MODEL = "{RETIRED}"\n')
        s.open(loud, f'MODEL = "{RETIRED}"\n')
        assert await s.diagnostics(quiet) == []
        assert [d.code for d in await s.diagnostics(loud)] == ["CML001"]

    run(tmp_path, scenario)
