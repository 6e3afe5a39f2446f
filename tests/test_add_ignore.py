"""--add-ignore through the installed CLI: a comment in each format's syntax for every finding,
nothing else changed (a Python file's syntax tree is the same), idempotent, and per-file-ignores
entries that silence the rest once pasted into the config."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import AS_OF, run_cli

FIXTURES = Path(__file__).parent / "fixtures"


def _findings(cwd: Path) -> list[dict[str, object]]:
    result = run_cli(
        "--as-of", AS_OF, "--output-format", "json", "--select", "ALL", "--no-cache", cwd=cwd
    )
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def _tree(path: Path) -> str | None:
    try:
        return ast.dump(ast.parse(path.read_bytes()))
    except SyntaxError:  # a fixture of broken Python: still broken the same way
        return None


def _add(cwd: Path) -> tuple[str, str]:
    result = run_cli("--as-of", AS_OF, "--add-ignore", "--select", "ALL", "--no-cache", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def test_each_format_gets_its_own_comment(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        'A = "claude-3-opus-20240229"\n'
        'DOC = """Uses\nclaude-3-opus-20240229\nfor now."""\n'
        'B = "claude-2.1"  # claude-model-lint: ignore[CML004]\n'
        'C = "claude-" \\\n    "2.1" if False else "claude-2.0"\n'
    )
    (tmp_path / "conf.yaml").write_text("model: claude-2.1\r\nother: 1\r\n")
    (tmp_path / "app.ts").write_text('const m = "claude-2.1";\n')
    (tmp_path / "q.sql").write_text("select 'claude-2.1';\n")
    (tmp_path / "notes.md").write_text(
        "We used claude-2.1 once.\n\n```python\nM = 'claude-2.1'\n```\n"
    )
    (tmp_path / "models.json").write_text('{"model": "claude-2.1"}\n')
    before = (tmp_path / "app.py").read_text()
    printed, said = _add(tmp_path)
    assert (tmp_path / "app.py").read_text() == (
        'A = "claude-3-opus-20240229"  # claude-model-lint: ignore[CML001]\n'
        'DOC = """Uses\nclaude-3-opus-20240229\nfor now."""  # claude-model-lint: ignore[CML001]\n'
        'B = "claude-2.1"  # claude-model-lint: ignore[CML001,CML004]\n'
        'C = "claude-" \\\n    "2.1" if False else "claude-2.0"  # claude-model-lint: ignore[CML001]\n'
    )
    assert ast.dump(ast.parse((tmp_path / "app.py").read_text())) == ast.dump(ast.parse(before))
    assert (tmp_path / "conf.yaml").read_bytes() == (
        b"model: claude-2.1  # claude-model-lint: ignore[CML001]\r\nother: 1\r\n"
    )
    assert (tmp_path / "app.ts").read_text().endswith('";  // claude-model-lint: ignore[CML001]\n')
    assert (
        "'claude-2.1';  -- claude-model-lint: ignore[CML001]\n" in (tmp_path / "q.sql").read_text()
    )
    notes = (tmp_path / "notes.md").read_text()
    assert notes.startswith("We used claude-2.1 once. <!-- claude-model-lint: ignore[CML001] -->\n")
    assert "M = 'claude-2.1'\n" in notes  # in a code block a comment would show: left alone
    assert (tmp_path / "models.json").read_text() == '{"model": "claude-2.1"}\n'
    assert "Added 8 ignore comments in 5 files" in said
    assert printed == (
        f"# 2 files cannot hold an ignore comment; add to {tmp_path / 'pyproject.toml'}:\n"
        "[tool.claude-model-lint.per-file-ignores]\n"
        '"/models.json" = ["CML001"]\n'
        '"/notes.md" = ["CML001"]\n'
    )
    (tmp_path / "pyproject.toml").write_text(printed)
    assert _findings(tmp_path) == []


def test_fixture_corpus_is_silenced_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    """Every golden fixture's input (real material: see each fixture's origin), at once."""
    for diagnostics in FIXTURES.glob("*/*/diagnostics.txt"):
        case = tmp_path / diagnostics.parent.parent.name / diagnostics.parent.name
        for source in diagnostics.parent.iterdir():
            if source.name != "diagnostics.txt" and source.suffix != ".fixed":
                case.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, case / source.name)
    assert len(_findings(tmp_path)) > 50
    pythons = {p: _tree(p) for p in tmp_path.rglob("*.py")}
    jsons = {p: p.read_bytes() for p in tmp_path.rglob("*.json")}
    config = tmp_path / ".claude-model-lint.toml"
    config.write_text("")
    printed, _ = _add(tmp_path)
    assert "[per-file-ignores]" in printed
    for path, tree in pythons.items():
        assert _tree(path) == tree, path
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.json")} == jsons
    config.write_text(printed)
    assert _findings(tmp_path) == []
    files = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    again, said = _add(tmp_path)
    assert again == "" and "Added 0 ignore comments in 0 files" in said
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == files


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_add_ignore_does_not_mix_with_fixing(tmp_path: Path, flag: str) -> None:
    (tmp_path / "a.py").write_text('A = "claude-2.1"\n')
    result = run_cli("--as-of", AS_OF, "--add-ignore", flag, cwd=tmp_path)
    assert result.returncode == 2 and "--add-ignore: not with --fix" in result.stderr
    assert (tmp_path / "a.py").read_text() == 'A = "claude-2.1"\n'


def test_a_read_only_file_is_named_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('A = "claude-2.1"\n')
    (tmp_path / "b.py").write_text('B = "claude-2.1"\n')
    (tmp_path / "a.py").chmod(0o444)
    result = run_cli("--as-of", AS_OF, "--add-ignore", cwd=tmp_path)
    assert result.returncode == 2
    assert "claude-model-lint: a.py: not changed: read-only" in result.stderr
    assert "ignore[CML001]" in (tmp_path / "b.py").read_text()


def test_an_id_in_a_yaml_block_scalar_gets_a_per_file_entry(tmp_path: Path) -> None:
    text = (
        "model: claude-2.1\n"
        "prompt: |\n"
        "  Answer as claude-2.1 would.\n"
        "\n"
        "  Then stop.\n"
        "steps:\n"
        "  - >-\n"
        "    run claude-2.0\n"
        "  - name: claude-2.0\n"
    )
    (tmp_path / "flow.yaml").write_text(text)
    printed, said = _add(tmp_path)
    assert (tmp_path / "flow.yaml").read_text() == text.replace(
        "model: claude-2.1\n", "model: claude-2.1  # claude-model-lint: ignore[CML001]\n"
    ).replace(
        "  - name: claude-2.0\n", "  - name: claude-2.0  # claude-model-lint: ignore[CML001]\n"
    )  # the block scalars' text is left as it was: a '#' there would be text
    assert '"/flow.yaml" = ["CML001"]' in printed and "Added 2 ignore comments" in said


def test_no_comment_goes_inside_a_heredoc_or_a_string_over_lines(tmp_path: Path) -> None:
    """Review D5: `cat <<EOF` then `Use claude-2.1 please` got the comment in the heredoc's
    body, so the script printed it. A heredoc's body and terminator, a template literal or a
    triple-quoted string over lines, a line continued by a backslash: a per-file entry."""
    files = {
        "gen.sh": (
            "cat <<EOF\nUse claude-2.1 please\nEOF\n"
            "cat <<-'END' > out.txt\n\tclaude-2.0\n\tEND\n"
            "run --model claude-2.1 \\\n  --fast\n"
            'echo "claude-2.1"\n'
        ),
        "Dockerfile": "RUN <<EOF\necho claude-2.1\nEOF\n",
        "app.js": "const p = `Ask claude-2.1\nnow`;\nconst m = 'claude-2.1';\n",
        "App.kt": 'val p = """\nclaude-2.1\n"""\nval m = "claude-2.1"\n',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    printed, _ = _add(tmp_path)
    said = run_cli("--no-cache", "--select", "ALL", "--as-of", AS_OF, ".", cwd=tmp_path)
    for name, text in files.items():
        kept = (tmp_path / name).read_text()
        assert f'"/{name}" = ["CML001"]' in printed, name  # the ids in strings, one entry
        changed = [line for line in kept.splitlines() if "claude-model-lint:" in line]
        wanted = {
            "gen.sh": ['echo "claude-2.1"  # claude-model-lint: ignore[CML001]'],
            "Dockerfile": [],
            "app.js": ["const m = 'claude-2.1';  // claude-model-lint: ignore[CML001]"],
            "App.kt": ['val m = "claude-2.1"  // claude-model-lint: ignore[CML001]'],
        }[name]
        assert changed == wanted, (name, kept)
        assert (
            kept.replace("  # claude-model-lint: ignore[CML001]", "").replace(
                "  // claude-model-lint: ignore[CML001]", ""
            )
            == text
        )  # nothing else moved
    assert said.returncode == 1  # the entries printed are for the config: not applied here
    result = subprocess.run(["bash", "gen.sh"], cwd=tmp_path, capture_output=True, text=True)
    assert "claude-model-lint" not in result.stdout + (tmp_path / "out.txt").read_text()


def test_no_comment_goes_where_the_format_does_not_read_one(tmp_path: Path) -> None:
    """Review 3 D-a: the comment went into YAML front matter (the subagent file no longer
    parsed), a Dockerfile ENV value, a configparser value, and inside raw strings, heredocs and
    long brackets. Each of these is a per-file entry now, the file left byte for byte."""
    files = {
        ".claude/agents/reviewer.md": (
            "---\nname: reviewer\ndescription: Reviews code\nmodel: claude-3-opus-20240229\n---\n"
            "You review code.\n"
        ),
        "Dockerfile": "FROM python:3.12\nENV ANTHROPIC_MODEL=claude-3-opus-20240229\n",
        "setup.cfg": "[llm]\nmodel = claude-2.1\n",
        "app.properties": "model=claude-2.1\n",
        "Makefile": "MODEL = claude-2.1\n",
        ".env": "MODEL=claude-2.1\n",
        "a.lua": "local s = [[\nclaude-2.1\n]]\n",
        "a.rs": 'let r = r#"\nclaude-2.1\n"#;\n',
        "a.cpp": 'auto r = R"(\nclaude-2.1\n)";\n',
        "a.php": "<?php\n$s = <<<EOT\nclaude-2.1\nEOT;\n",
        "a.pl": "my $s = q{\nclaude-2.1\n};\n",
        "a.rb": "s = %q{\nclaude-2.1\n}\n",
        "a.ps1": '$s = @"\nclaude-2.1\n"@\n',
        "a.sql": "select $$\nclaude-2.1\n$$;\n",
        "a.html": "<textarea>\nclaude-2.1\n</textarea>\n<![CDATA[\nclaude-2.1\n]]>\n",
        "quoted.sh": "MSG='Use\nclaude-2.1 please\n'\n",
        "quoted.yaml": 'prompt: "Use claude-2.1\n  please"\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    printed, said = _add(tmp_path)
    for name, text in files.items():
        assert (tmp_path / name).read_text() == text, name
        assert f'"/{name}" = [' in printed, name
    assert "Added 0 ignore comments in 0 files" in said
    (tmp_path / "pyproject.toml").write_text(printed)
    assert _findings(tmp_path) == []


def test_a_comment_still_goes_where_it_is_one(tmp_path: Path) -> None:
    """The lexers keep the common case: a line that ends outside its strings is commented,
    after a string that ran over lines too."""
    (tmp_path / "a.sh").write_text('MSG="Use\nclaude-2.1 now"\necho "it\'s claude-2.1"\n')
    (tmp_path / "a.rs").write_text('let s = "claude-2.1"; // it\'s\n')
    (tmp_path / "a.html").write_text("<p>claude-2.1</p>\n<!-- old\nnote -->\n")
    (tmp_path / "notes.md").write_text("---\ntitle: x\n---\nWe used claude-2.1.\n")
    _add(tmp_path)
    pragma = "claude-model-lint: ignore[CML001]"
    assert (tmp_path / "a.sh").read_text() == (
        f'MSG="Use\nclaude-2.1 now"  # {pragma}\necho "it\'s claude-2.1"  # {pragma}\n'
    )
    assert (tmp_path / "a.rs").read_text() == f'let s = "claude-2.1"; // it\'s  // {pragma}\n'
    assert (tmp_path / "a.html").read_text().startswith(f"<p>claude-2.1</p> <!-- {pragma} -->\n")
    assert (tmp_path / "notes.md").read_text().endswith(f"We used claude-2.1. <!-- {pragma} -->\n")
