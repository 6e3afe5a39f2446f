"""CML007's rules are data: a model added to the registry is covered by "Claude 4.7 and later"
without a code change, the page importer's rules keep the values they match, and a bad rule
field is a one-line error naming the rule and the field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claude_model_lint.errors import RegistryError
from claude_model_lint.registry.registry import load_registry

from .conftest import AS_OF

CLI = str(Path(sys.executable).parent / "claude-model-lint")
REGISTRY_TOOL = str(Path(sys.executable).parent / "claude-model-lint-registry")

# Two models no registry data names yet: a later Opus, and a family's first 6.x model.
NEW_MODELS = """
[models."claude-opus-6"]
name = "Claude Opus 6"
family = "opus"
sources = ["DOCS"]

[models."claude-haiku-6-1"]
name = "Claude Haiku 6.1"
family = "haiku"
sources = ["DOCS"]
"""

CALLS = """import anthropic
from anthropic import AnthropicBedrock

client = anthropic.Anthropic()
client.messages.create(model="claude-opus-6", max_tokens=10, temperature=0.5, messages=[])
client.messages.create(model="claude-haiku-6-1", max_tokens=10, top_k=3, messages=[])
client.messages.create(model="claude-opus-6", max_tokens=10, thinking={"type": "disabled"}, messages=[])
"""

CALLS_TS = """import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
await client.messages.create({ model: "claude-opus-6", max_tokens: 10, top_p: 0.5, messages: [] });
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_model_added_to_the_data_is_covered_by_the_from_version_rule(tmp_path: Path) -> None:
    registry = load_registry([_write(tmp_path / "new.toml", NEW_MODELS)])
    sampling = registry.parameter_rules["sampling-parameters"]
    for model_id in ("claude-opus-6", "claude-haiku-6-1"):
        names = [rule.name for rule in registry.rules_for(registry.models[model_id])]
        assert names == ["sampling-parameters"], model_id  # not the 5.5 models' explicit rules
    assert sampling.from_version == ("4.7",)


def test_the_cli_reports_a_new_model_through_an_overlay_only(tmp_path: Path) -> None:
    overlay = _write(tmp_path / "new.toml", NEW_MODELS)
    _write(tmp_path / "calls.py", CALLS)
    _write(tmp_path / "calls.ts", CALLS_TS)
    run = [CLI, "--as-of", AS_OF, "--no-color", "-q", "--select", "CML007"]
    without = subprocess.run([*run, "."], cwd=tmp_path, capture_output=True, text=True)
    assert without.stdout == "", without.stdout  # unknown models: nothing to judge
    found = subprocess.run(
        [*run, "--registry", str(overlay), "."], cwd=tmp_path, capture_output=True, text=True
    )
    assert found.returncode == 1, found.stderr
    lines = found.stdout.splitlines()
    assert [line.split(" is rejected")[0] for line in lines] == [
        "calls.py:5:62: CML007 temperature=0.5",
        "calls.py:6:65: CML007 top_k=3",
        "calls.ts:3:72: CML007 top_p: 0.5",
    ], found.stdout
    assert all("400 error" in line for line in lines)


def test_an_imported_rule_keeps_the_values_it_matches_and_its_fix(tmp_path: Path) -> None:
    """A page row for `thinking` replaces the rule's words, not what it matches or its fix."""
    page = _write(
        tmp_path / "page.md",
        "| API model name | Current state | Deprecated | Tentative retirement date |\n"
        "| --- | --- | --- | --- |\n| claude-opus-5-5 | Active | N/A | Not sooner than September 22, 2027 |\n\n"
        "### 2026-06-05: Claude Opus 4.1 model\n\n"
        "| Retirement date | Deprecated model | Recommended replacement |\n| --- | --- | --- |\n"
        "| August 5, 2026 | `claude-opus-4-1-20250805` | `claude-opus-4-8` |\n\n"
        "## API parameter deprecations\n\n"
        "| Parameter | Status | Behavior | Recommended replacement |\n| --- | --- | --- | --- |\n"
        "| `thinking` | Deprecated | Returns a 400 error on Claude Opus 5.5 and Claude Fable 5.1 "
        "when disabled. | Use adaptive thinking. |\n",
    )
    out = tmp_path / "overlay.toml"
    done = subprocess.run(
        [REGISTRY_TOOL, "import", str(page), "-o", str(out), "--page-date", "2026-11-29"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    rule = load_registry([out]).parameter_rules["thinking-always-on"]
    assert rule.effect.startswith("Returns a 400 error on Claude Opus 5.5")
    assert set(rule.models) == {"claude-opus-5-5", "claude-fable-5-1"}
    assert [dict(v) for v in rule.values] == [{"type": "disabled"}, {"type": "enabled"}]
    assert (rule.fix, dict(rule.fix_value or {})) == ("replace", {"type": "adaptive"})


RULE = """
[parameter_rules."test"]
parameters = ["thinking"]
models = ["claude-opus-5-5"]
sources = ["DOCS"]
"""


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param(
            'values = "disabled"\n',
            'parameter_rules."test".values: expected a list of tables',
            id="values-not-a-list",
        ),
        pytest.param(
            "values = [{ type = [1] }]\n",
            'parameter_rules."test".values[0].type: expected a string, number or boolean',
            id="values-not-scalar",
        ),
        pytest.param(
            "values = [{}]\n",
            'parameter_rules."test".values[0]: expected at least one key',
            id="values-empty-table",
        ),
        pytest.param(
            'fix = "rewrite"\n',
            'parameter_rules."test".fix: expected "remove", "none" or a table',
            id="fix-unknown",
        ),
        pytest.param(
            "fix = { type = { a = 1 } }\n",
            'parameter_rules."test".fix.type: expected a string, number or boolean',
            id="fix-not-scalar",
        ),
        pytest.param(
            'platforms = ["azure"]\n',
            "parameter_rules.\"test\".platforms: 'azure' is not api, bedrock or vertex",
            id="platforms-unknown",
        ),
        pytest.param(
            'from_version = ["4.x"]\n',
            "parameter_rules.\"test\".from_version: '4.x' is not a version",
            id="from-version",
        ),
    ],
)
def test_a_bad_rule_field_is_one_line_naming_it(tmp_path: Path, extra: str, expected: str) -> None:
    overlay = _write(tmp_path / "bad.toml", RULE + extra)
    with pytest.raises(RegistryError) as caught:
        load_registry([overlay])
    message = str(caught.value)
    assert expected in message and "\n" not in message, message
    assert message.startswith(str(overlay))


DOCS = Path(__file__).parent.parent / "docs" / "cml007.md"
GOLDEN = Path(__file__).parent / "fixtures" / "python" / "parameters-rules" / "diagnostics.txt"


def test_the_docs_examples_are_real(tmp_path: Path) -> None:
    """The page's message is a golden fixture's line; its TOML blocks load: the model the first
    adds is covered by the sampling rule and by the rule the second adds."""
    import re

    text = DOCS.read_text(encoding="utf-8")
    goldens = {
        line
        for path in GOLDEN.parent.parent.parent.glob("*/*/diagnostics.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    messages = re.findall(r"```text\n(.*?)\n```", text, re.DOTALL)
    assert messages[-1] in GOLDEN.read_text(encoding="utf-8").splitlines()
    assert len(messages) == 2 and all(message in goldens for message in messages)
    paths = []
    for number, block in enumerate(re.findall(r"```toml\n(.*?)```", text, re.DOTALL)):
        paths.append(_write(tmp_path / f"example{number}.toml", block))
    registry = load_registry(paths)
    names = {rule.name for rule in registry.rules_for(registry.models["claude-opus-6"])}
    assert names == {"sampling-parameters", "no-fixed-thinking-budget-on-opus-6"}
