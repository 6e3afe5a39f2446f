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
