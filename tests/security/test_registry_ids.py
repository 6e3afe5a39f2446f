"""Registry data is text that --fix writes into code: every id in it must be one model id.

The attack (issue 16, reproduced): an overlay named by `registry = ...` in a config that a pull
request adds sets a replacement like `claude-x"; import os; os.system('...') #`, and --fix wrote it
into Python, YAML, shell and JS. Each field that holds an id is tried with hostile values.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_model_lint.errors import RegistryError
from claude_model_lint.registry import bundled
from claude_model_lint.registry.id_grammar import is_model_id
from claude_model_lint.registry.registry import load_registry
from tests.conftest import AS_OF, run_cli

INJECTED = "claude-x\\\"; import os; os.system('touch pwned') #"  # TOML-escaped quote

BASE = """
[models."claude-test-1"]
name = "Test 1"
family = "test"
retired = 2026-01-01
sources = ["DOCS"]
"""

HOSTILE = [
    INJECTED,
    "claude-x y",
    "claude-x\\nclaude-2.1",
    "claude-sonnet-5-5 claude-2.1",
    "x-claude-2.1",
    "",
    "us.anthropic.claude-opus-4-8-v1:0",  # a region prefix is the user's, never the registry's
    "claude-2.1:beta",
    "CLAUDE-2.1",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("field", "template"),
    [
        ("aliases", 'aliases = ["{v}"]\n'),
        ("alternate_ids", 'alternate_ids = ["{v}"]\n'),
        ("bedrock", 'bedrock = ["{v}"]\n'),
        ("vertex", 'vertex = ["{v}"]\n'),
        ("openrouter", 'openrouter = ["{v}"]\n'),
    ],
)
def test_a_spelling_that_is_not_one_id_is_refused(
    tmp_path: Path, field: str, template: str, value: str
) -> None:
    overlay = tmp_path / "overlay.toml"
    overlay.write_text(BASE + template.format(v=value), encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry([overlay])
    message = str(caught.value)
    assert message.startswith(f'{overlay}: models."claude-test-1".{field}: ')
    assert "\n" not in message
    if value.startswith("us."):
        assert "has the region prefix us.:" in message
    elif value.endswith(":beta"):
        assert "has a variant suffix" in message
    else:
        assert "is not a model id" in message


@pytest.mark.parametrize("value", HOSTILE)
def test_an_entry_id_that_is_not_one_id_is_refused(tmp_path: Path, value: str) -> None:
    overlay = tmp_path / "overlay.toml"
    overlay.write_text(BASE.replace("claude-test-1", value), encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry([overlay])
    assert "models." in str(caught.value) and "\n" not in str(caught.value)


def test_a_replacement_that_is_code_is_refused_even_when_it_names_a_model(tmp_path: Path) -> None:
    """The entry it names is refused first (by its id), so 'names no model' cannot mask it."""
    overlay = tmp_path / "overlay.toml"
    overlay.write_text(
        BASE
        + f'replacement = "{INJECTED}"\n'
        + BASE.replace("claude-test-1", INJECTED).replace("retired = 2026-01-01\n", ""),
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match="is not a model id"):
        load_registry([overlay])


def test_the_cli_exits_2_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    """End to end, as the issue reproduced it: a config names the overlay, --fix runs."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "overlay.toml").write_text(
        f'[models."claude-2.1"]\nreplacement = "{INJECTED}"\n', encoding="utf-8"
    )
    (tmp_path / ".claude-model-lint.toml").write_text('registry = "overlay.toml"\n')
    app = tmp_path / "app.py"
    app.write_text('MODEL = "claude-2.1"\n', encoding="utf-8")
    result = run_cli("--fix", "--as-of", AS_OF, ".", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and 'models."claude-2.1".replacement' in lines[0], result.stderr
    assert "overlay.toml" in lines[0]
    assert app.read_text(encoding="utf-8") == 'MODEL = "claude-2.1"\n'


def test_every_bundled_id_is_one_id(registry: object) -> None:
    """The grammar accepts all the real data (so it is not simply refusing everything)."""
    loaded = load_registry()
    spellings = [s for s in loaded.index]
    assert len(spellings) > 100
    assert all(is_model_id(s) for s in spellings)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("claude-2.1 \"';#\n@:/.ab"), max_size=30))
def test_anything_accepted_rescans_as_itself(value: str) -> None:
    if is_model_id(value):
        from claude_model_lint.model_ids import find_ids

        (only,) = find_ids(value)
        assert only.text == value
        assert not any(c in value for c in " \"';#\n/")


# issue 36 item 3: an overlay that made `claude` or `claude-code` an alias of a retired model had
# --fix rewrite `claude -p` in shell scripts, workflows and subprocess calls; review 3 (B4) found a
# list of product names never complete (claude-flow, claude-code-router, ... got through), so the
# rule is structural: an id spells a version (a digit) or a family word of the bundled data
PROGRAMS = {
    "run.sh": '#!/bin/sh\nclaude -p "summarise" < notes.txt\nclaude-code-router start\n',
    "ci.yml": "steps:\n  - run: claude-code --print 'review'\n  - run: npx claude-flow@alpha init\n",
    "tool.py": 'import subprocess\nsubprocess.run(["claude", "-p", "hi"])\n'
    'subprocess.run(["claude-flow", "swarm"])\nsubprocess.run(["claude-squad", "-y"])\n',
    "setup.sh": "npm install -g @musistudio/claude-code-router claude-monitor\n",
    "package.json": '{"dependencies": {"claude-squad": "1.0.0", "claude-max": "*", "claude-pro": "*"}}\n',
}
NEVER_MODELS = [
    "claude", "claude-code", "Claude-Code", "claude-flow", "claude-code-router", "claude-squad",
    "claude-monitor", "claude-trace", "claude-mem", "claude-agent", "claude-max", "claude-pro",
    "claude-x", "anthropic.claude-flow", "claude-flow@alpha",
]  # fmt: skip
PROGRAM_ERROR = (
    "is the name of a program, never a model id (it spells no version and no model family)"
)


@pytest.mark.parametrize("name", NEVER_MODELS)
@pytest.mark.parametrize("field", ["aliases", "alternate_ids", "bedrock", "vertex", "openrouter"])
def test_a_name_without_version_or_family_is_never_a_spelling(
    tmp_path: Path, name: str, field: str
) -> None:
    overlay = tmp_path / "overlay.toml"
    overlay.write_text(f'[models."claude-2.1"]\n{field} = ["{name}"]\n')
    with pytest.raises(RegistryError) as caught:
        load_registry([overlay])
    assert str(caught.value) in (
        f'{overlay}: models."claude-2.1".{field}: {name!r} {PROGRAM_ERROR}',
        f'{overlay}: models."claude-2.1".{field}: {name!r} is not a model id (one token such as '
        "claude-sonnet-4-5-20250929)",  # claude-model-lint: ignore[CML001,CML002]
    )
    assert is_model_id(name.lower()) is False


@pytest.mark.parametrize("name", NEVER_MODELS[:12])
def test_a_fetched_layer_cannot_make_a_program_an_alias_either(name: str) -> None:
    with pytest.raises(RegistryError, match=f"{name!r} {re.escape(PROGRAM_ERROR)}"):
        load_registry(
            fetched=[("page 2026-12-01", f'[models."claude-2.1"]\naliases = ["{name}"]\n')]
        )


@pytest.mark.parametrize(
    "name", ["claude-instant", "claude-mythos-preview", "claude-opus-next", "claude-haiku-preview"]
)
def test_a_family_word_without_a_version_is_still_an_id(name: str) -> None:
    """claude-mythos-preview is a bundled id with no digit; an overlay may name such a model."""
    assert is_model_id(name)
    text = f'[models."claude-2.1"]\naliases = ["{name}"]\n'
    if name == "claude-mythos-preview":  # bundled already: add an alias of it instead
        text = '[models."claude-mythos-preview"]\naliases = ["claude-mythos-next"]\n'
    loaded = load_registry(fetched=[("overlay", text)])
    assert loaded.resolve(name) is not None


def test_the_family_words_are_the_bundled_families() -> None:
    """Read off the data's lines without parsing it: the same words as the parsed registry's."""
    families = {m.family for m in load_registry().models.values()}
    words = {w for f in families for w in re.split(r"[-.]", f) if not re.search(r"\d", w)}
    assert bundled.family_words() == words - {"claude"}
    assert {"opus", "sonnet", "haiku", "instant", "mythos"} <= bundled.family_words()


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("aliases", ["claude-code-router", "claude-flow", "claude-squad"]),  # review 3, B4
        ("aliases", ["claude", "claude-code"]),  # issue 36 item 3
        ("alternate_ids", ["Claude-Code"]),
        ("openrouter", ["claude-monitor", "claude-max", "claude-pro"]),
    ],
)
def test_fix_never_rewrites_a_program_an_overlay_aliases(
    tmp_path: Path, field: str, names: list[str]
) -> None:
    for file, text in PROGRAMS.items():
        (tmp_path / file).write_text(text)
    listed = ", ".join(f'"{n}"' for n in names)
    (tmp_path / "overlay.toml").write_text(f'[models."claude-2.1"]\n{field} = [{listed}]\n')
    done = run_cli(
        "--no-cache", "--as-of", AS_OF, "--registry", "overlay.toml", "--fix", *PROGRAMS,
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        f'claude-model-lint: error: overlay.toml: models."claude-2.1".{field}: {names[0]!r} '
        f"{PROGRAM_ERROR}\n"
    )
    for file, text in PROGRAMS.items():
        assert (tmp_path / file).read_text() == text


def test_a_program_name_is_never_a_model(tmp_path: Path) -> None:
    (tmp_path / "overlay.toml").write_text(
        '[models."claude-code-router"]\nname = "X"\nfamily = "x"\nretired = 2026-01-01\n'
        'replacement = "claude-opus-4-8"\nsources = ["DOCS"]\n'
    )
    with pytest.raises(RegistryError, match=re.escape(PROGRAM_ERROR)):
        load_registry([tmp_path / "overlay.toml"])
