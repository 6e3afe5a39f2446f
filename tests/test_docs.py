"""Generated docs must match the rule metadata and the registry; the README keeps its commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from claude_model_lint.registry.registry import Registry
from claude_model_lint.rules import RULES

ROOT = Path(__file__).parent.parent


def test_generated_docs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_docs.py"), "--check"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout


def test_every_rule_and_model_is_documented(registry: Registry) -> None:
    rules = (ROOT / "docs" / "rules.md").read_text()
    assert all(f"](rules/{code}.md)" in rules for code in RULES)
    models = (ROOT / "docs" / "registry.md").read_text()
    assert all(f"| `{model_id}` |" in models for model_id in registry.models)


def test_readme_holds_the_two_set_up_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/claude-model-lint ."
        in readme
    )
    assert "bash scripts/test" in readme
    assert "bash scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_registry_docs_overlay_examples_load(tmp_path: Path) -> None:
    # Fixit's convention: the docs' examples run; every TOML block of docs/registry.md loads as an
    # overlay over the bundled data.
    import re

    from claude_model_lint.registry.registry import load_registry

    text = (ROOT / "docs" / "registry.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    assert blocks
    for number, block in enumerate(blocks):
        path = tmp_path / f"example{number}.toml"
        path.write_text(block, encoding="utf-8")
        merged = load_registry([path])
        assert merged.layers[-1].startswith(str(path))
    assert merged.resolve("anthropic.claude-haiku-5-5") is not None


def test_fix_safety_examples_hold(tmp_path: Path) -> None:
    """Each example of docs/fix-safety.md is run: --fix turns the first block into the second."""
    import re

    from .conftest import AS_OF, run_cli

    text = (ROOT / "docs" / "fix-safety.md").read_text(encoding="utf-8")
    examples = re.findall(
        r"<!-- example: (\S+)((?: --\S+)*) -->\n(`{3,})\w*\n(.*?)\3\n.*?\n(`{3,})\w*\n(.*?)\5\n"
        r"<!-- /example -->",
        text,
        re.DOTALL,
    )
    assert len(examples) == 13
    for number, (name, flags, _, before, _, after) in enumerate(examples):
        root = tmp_path / str(number)
        path = root / name
        path.parent.mkdir(parents=True)
        path.write_text(before, encoding="utf-8")
        result = run_cli("--as-of", AS_OF, "--fix", *flags.split(), name, cwd=root)
        assert result.returncode in (0, 1), result.stderr
        assert path.read_text(encoding="utf-8") == after, name


def test_fix_safety_repository_example_holds(tmp_path: Path) -> None:
    """The two-file example of docs/fix-safety.md, in a git work tree: the test's use is
    reported as the text says, and --fix leaves both files alone."""
    import re
    import subprocess

    from .conftest import AS_OF, run_cli

    text = (ROOT / "docs" / "fix-safety.md").read_text(encoding="utf-8")
    (example,) = re.findall(
        r"<!-- example-repository -->\n(.*?)<!-- /example-repository -->", text, re.DOTALL
    )
    *files, said = re.findall(r"```\w*\n(.*?)```", example, re.DOTALL)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for body in files:
        name = body.splitlines()[0].removeprefix("# ")
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    check = run_cli("--as-of", AS_OF, "--no-cache", ".", cwd=tmp_path)
    assert said.strip() in check.stdout
    run_cli("--as-of", AS_OF, "--no-cache", "--fix", ".", cwd=tmp_path)
    for body in files:
        assert (tmp_path / body.splitlines()[0].removeprefix("# ")).read_text() == body


def test_fix_safety_configuration_example_loads(tmp_path: Path) -> None:
    import re

    from claude_model_lint.config import load_config

    text = (ROOT / "docs" / "fix-safety.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    path = tmp_path / ".claude-model-lint.toml"
    path.write_text(block, encoding="utf-8")
    config = load_config(path)
    assert config.unfixable == {"CML005"}
    assert config.extend_safe_fixes == {"prose"}
    assert config.extend_record == ("evals/results/",)
