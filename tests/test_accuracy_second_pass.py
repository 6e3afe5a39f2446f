"""Issue 30, items 1-6: lines met on real repositories that were read wrong, each a minimal
reproduction with its origin. Every case runs the console script with --format json as of
2026-12-07, the day of the review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claude_model_lint.model_ids import find_ids
from claude_model_lint.registry.registry import Registry, load_registry

from .conftest import run_cli

AS_OF = "2026-12-07"


def _findings(tmp_path: Path, name: str, text: str, *extra: str) -> list[dict[str, Any]]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = run_cli(
        "--format", "json", "--as-of", AS_OF, "--no-cache", "--exit-zero", *extra, name,
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def _seen(findings: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    return [(f["line"], f["model"], f["code"]) for f in findings]


# --- 1. a router or family name used as a mapping key ----------------------------------------

# AgentOps-AI/tokencost, tokencost/model_prices.json (its copy of BerriAI/litellm's
# model_prices_and_context_window.json, the pricing library's table), rows cut to one field
PRICES_JSON = """\
{
  "openrouter/anthropic/claude-3-opus": {
    "max_tokens": 4096
  },
  "vertex_ai/claude-3-haiku": {
    "max_tokens": 4096
  },
  "deepinfra/anthropic/claude-4-sonnet": {
    "max_tokens": 64000
  },
  "claude-3-haiku-latest": {
    "max_tokens": 4096
  }
}
"""
# the same rows in that repository's pricing_table.md, which were reported
PRICES_TABLE = """\
| Model Name | Prompt Cost (USD) per 1M tokens |
|:---|:---|
| openrouter/anthropic/claude-3-opus | $15 |
| vertex_ai/claude-3-haiku | $0.25 |
| deepinfra/anthropic/claude-4-sonnet | $3.3 |
"""


def test_a_family_name_as_a_json_key_is_reported_as_the_table_row_is(tmp_path: Path) -> None:
    keys = _findings(tmp_path, "model_prices.json", PRICES_JSON)
    rows = _findings(tmp_path, "pricing_table.md", PRICES_TABLE)
    names = ["claude-3-opus", "claude-3-haiku", "claude-4-sonnet"]
    assert [(f["model"], f["code"]) for f in keys] == [(n, "CML001") for n in names]
    assert [(f["model"], f["code"]) for f in rows] == [(n, "CML001") for n in names]
    assert [f["message"] for f in keys] == [f["message"] for f in rows]  # one name, one verdict
    assert {f["context"] for f in keys} == {"catalog"}  # a table's row: never safe-fixed
    assert {f["replacement"] for f in keys} == {None}  # the router's name for it is not known


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param(
            "prices.py",
            'MODEL_COST = {\n    "openrouter/anthropic/claude-3-opus": {"max_tokens": 4096},\n}\n',
            id="python-dict",  # the JSON row above, as a Python table of the same library
        ),
        pytest.param(
            "prices.yaml",
            "openrouter/anthropic/claude-3-opus:\n  max_tokens: 4096\n",
            id="yaml-mapping",
        ),
    ],
)
def test_a_family_name_as_a_key_in_code_and_yaml(tmp_path: Path, name: str, text: str) -> None:
    assert _seen(_findings(tmp_path, name, text)) == [
        (2 - name.endswith(".yaml"), "claude-3-opus", "CML001")
    ]


def test_a_family_name_compared_against_is_still_silent(tmp_path: Path) -> None:
    # anthropics/anthropic-sdk-python matching code shape: a part of a name, not a model
    text = (
        'def is_opus(name):\n    return "claude-3-opus" in name or name.startswith("claude-3-5")\n'
    )
    assert _findings(tmp_path, "match.py", text) == []


# --- 2. a prose line with a ':' after the id --------------------------------------------------


def test_a_prose_line_with_a_colon_after_a_family_name_is_prose(tmp_path: Path) -> None:
    text = (
        # Aider-AI/aider, tests/fixtures/chat-history.md line 59067
        "> Model claude-3-5-sonnet: Unknown context window size and costs, using sane defaults.\n"
        "\n"
        "Answers were written by claude-3-opus:\n"  # the same, at a line's end
    )
    findings = _findings(tmp_path, "history.md", text)
    assert _seen(findings) == [(1, "claude-3-5-sonnet", "CML001"), (3, "claude-3-opus", "CML001")]
    assert {f["context"] for f in findings} == {"prose"}


def test_a_yaml_key_is_still_a_key(tmp_path: Path) -> None:
    findings = _findings(tmp_path, "limits.yaml", "claude-3-opus-20240229: 4096\n")
    assert [(f["code"], f["context"]) for f in findings] == [("CML001", "catalog")]


# --- 3. an id in Markdown emphasis ------------------------------------------------------------

# a README's model list (public Markdown, found by the code index: "- **claude-3-opus-20240229**
# - Most capable but slower"), and the other emphases Markdown has
EMPHASIS = """\
- **claude-3-opus-20240229** - Most capable but slower
- _claude-3-haiku-20240307_ - Fastest and cheapest
- `claude-3-sonnet-20240229` - Previous Sonnet version
| **claude-3-5-sonnet-20241022** | Balanced performance |
- ~~claude-3-5-haiku-20241022~~
- ***us.anthropic.claude-3-haiku-20240307-v1:0***
"""


def test_an_id_in_markdown_emphasis_is_read(tmp_path: Path) -> None:
    findings = _findings(tmp_path, "README.md", EMPHASIS)
    assert [(f["line"], f["model"]) for f in findings] == [
        (1, "claude-3-opus-20240229"),
        (2, "claude-3-haiku-20240307"),
        (3, "claude-3-sonnet-20240229"),
        (4, "claude-3-5-sonnet-20241022"),
        (5, "claude-3-5-haiku-20241022"),
        (6, "us.anthropic.claude-3-haiku-20240307-v1:0"),
    ]
    assert {f["code"] for f in findings} == {"CML001"}


def test_an_emphasized_id_is_fixed_inside_its_emphasis(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("Use **claude-3-opus-20240229** or _claude-3-haiku-20240307_.\n", "utf-8")
    result = run_cli(
        "--as-of", AS_OF, "--no-cache", "--fix", "--unsafe-fixes", "README.md", cwd=tmp_path
    )
    assert result.returncode in (0, 1), result.stderr
    assert path.read_text("utf-8") == "Use **claude-opus-5-5** or _claude-haiku-5-5_.\n"


@pytest.mark.parametrize(
    "text",
    [
        'fnmatch(model, "*claude-3-opus*")',  # a glob opened after a quote
        "models: claude-3-*",  # a glob after a dash
        "my_claude-3-opus-20240229_fork",  # inside a word
        "**claude-3-opus-20240229**x",  # closed inside a word
        "**claude-3-opus-20240229*",  # not closed by its opening run
    ],
)
def test_globs_and_words_are_not_emphasis(text: str) -> None:
    assert [f.text for f in find_ids(text) if "opus-2024" in f.text] == []


_REGISTRY = load_registry()  # the ids the property draws from (the session fixture is per test)


@given(
    model=st.sampled_from(sorted(_REGISTRY.index)),
    run=st.sampled_from(["*", "**", "***", "_", "__"]),
    before=st.sampled_from(["", "- ", "| ", "(", " "]),
)
def test_every_known_id_is_found_in_every_emphasis(model: str, run: str, before: str) -> None:
    text = f"{before}{run}{model}{run} is here\n"
    found = find_ids(text)
    assert [f.text for f in found] == [model]
    assert text[found[0].start : found[0].end] == model


# --- 4. LiteLLM's Vertex spelling without '@date' ---------------------------------------------


def test_a_vertex_name_without_its_date_is_the_vertex_model(tmp_path: Path) -> None:
    # tokencost/model_prices.json (LiteLLM's table): the Vertex rows, as a litellm call names them
    text = (
        'completion(model="vertex_ai/claude-3-5-sonnet-v2", messages=messages)\n'
        'completion(model="vertex_ai/claude-3-5-sonnet-v2@20241022", messages=messages)\n'
    )
    findings = _findings(tmp_path, "call.py", text)
    assert [(f["code"], f["canonical"]) for f in findings] == [
        ("CML001", "claude-3-5-sonnet-20241022"),
        ("CML001", "claude-3-5-sonnet-20241022"),
    ]
    assert "Vertex AI" in findings[0]["message"] and "anthropic." not in findings[0]["message"]
    assert findings[0]["replacement"] is None  # the router's name for the replacement: unknown


def test_an_unknown_vertex_name_is_answered_in_vertex_spellings(registry: Registry) -> None:
    from datetime import date

    from claude_model_lint.check.verdicts import judge

    (found,) = find_ids('model="vertex_ai/claude-3-5-sonet-v2"')
    (verdict,) = judge(found, registry, date(2026, 12, 7))
    assert verdict.code == "CML004"
    suggested = verdict.message.split("did you mean ", 1)[1].rstrip("?").split(" or ")
    assert suggested and all("@" in s and not s.startswith("anthropic.") for s in suggested)


def test_a_bedrock_id_without_its_vendor_is_still_bedrock(registry: Registry) -> None:
    (found,) = find_ids('"bedrock/claude-3-haiku-20240307-v1:0"')
    assert found.key == "anthropic.claude-3-haiku-20240307-v1:0"


# --- 5. search patterns and strings whose length is taken --------------------------------------


def test_a_grep_pattern_in_a_skill_file_names_no_model(tmp_path: Path) -> None:
    # pydantic/pydantic-ai, .agents/skills/add-new-model/SKILL.md lines 41-44
    text = (
        "```bash\n"
        'git log --all --oneline --grep="<previous-version-pattern>" -20\n'
        '# e.g. for anthropic: --grep="claude-opus-4\\|claude-sonnet-4"\n'
        "```\n"
        "\n"
        'Then `grep -E "claude-opus-4|claude-sonnet-4" -r .` and `rg "claude-3-opus.*"`.\n'
        "Also `grep -E 'claude-(opus|sonnet)'` and `claude-3-.*`.\n"  # the issue's own examples
    )
    assert _findings(tmp_path, "SKILL.md", text) == []


def test_a_known_id_in_a_pattern_is_still_reported(tmp_path: Path) -> None:
    text = 'grep -E "claude-3-opus-20240229|claude-2.1" -r .\n'
    findings = _findings(tmp_path, "find.sh", text)
    assert [f["code"] for f in findings] == ["CML001", "CML001"]


def test_a_string_whose_length_is_taken_is_still_a_family_name(tmp_path: Path) -> None:
    # Aider-AI/aider, aider/website/_includes/leaderboard.js line 185: the label width is the
    # length of a model name, which names a retired family; a name, reported, never fixed
    text = 'if (label.length <= "claude-3-5-sonnet".length) {\n  return label;\n}\n'
    findings = _findings(tmp_path, "leaderboard.js", text)
    assert [(f["code"], f["replacement"]) for f in findings] == [("CML001", None)]


def test_table_cells_are_not_patterns() -> None:
    from claude_model_lint.model_ids import in_pattern

    line = "|claude-3-opus|$15|"
    assert not in_pattern(line, 1, 14)
    assert in_pattern('grep "claude-3-opus\\|x"', 6, 19)
    assert in_pattern("grep -E 'a|claude-3-opus'", 11, 24)
    assert not in_pattern("**Use claude-3-opus.**", 6, 19)  # bold closing after a full stop


# --- 6. OpenRouter's own name in its responses ------------------------------------------------

# pydantic/pydantic-ai, tests/models/openrouter/cassettes/test_cache/
# test_openrouter_cache_streaming_e2e.yaml line 56 and tests/models/cassettes/test_openrouter/
# test_openrouter_thinking_false_supports_thinking_model.yaml line 58: the model a response says
CASSETTE = """\
interactions:
- response:
    parsed_body:
      id: gen-1773012771-kAGK501FZdViiY8GCFjy
      model: anthropic/claude-4.6-sonnet-20260217
      provider: Anthropic
- response:
    parsed_body:
      id: gen-1779496002-wnolQFoQh0rRF7vG3SkP
      model: anthropic/claude-4.5-sonnet-20250929
      provider: Amazon Bedrock
"""


def test_a_routers_response_name_is_judged_as_its_model(tmp_path: Path) -> None:
    findings = _findings(tmp_path, "tests/cassettes/test_cache.yaml", CASSETTE)
    assert [(f["model"], f["code"], f["canonical"], f["replacement"]) for f in findings] == [
        ("claude-4.6-sonnet-20260217", "CML003", "claude-sonnet-4-6", None),
        ("claude-4.5-sonnet-20250929", "CML001", "claude-sonnet-4-5-20250929", None),
    ]
    assert all("the router's name for" in f["message"] for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        'model="claude-4.5-sonnet-20250929"',  # no router: a request to the Claude API fails
        'model="anthropic/claude-4.5-sonnet-20240101"',  # a date no Sonnet 4.5 snapshot has
    ],
)
def test_a_version_first_name_outside_a_router_is_unknown(tmp_path: Path, text: str) -> None:
    assert [f["code"] for f in _findings(tmp_path, "app.py", text + "\n")] == ["CML004"]
