"""Recognition: what is an id, exactly where it starts and ends, and what is never one."""

from __future__ import annotations

from datetime import date

import pytest

from claude_model_lint.check.verdicts import judge
from claude_model_lint.model_ids import find_ids, shape_of
from claude_model_lint.registry.registry import Registry

ON = date(2026, 11, 25)

# (text, the id as it must be matched, the model it must resolve to)
FOUND = [
    ('model="claude-3-opus-20240229"', "claude-3-opus-20240229", "claude-3-opus-20240229"),
    ("claude-2.1", "claude-2.1", "claude-2.1"),
    ("use claude-2.1.", "claude-2.1", "claude-2.1"),
    ("claude-instant-1.2,", "claude-instant-1.2", "claude-instant-1.2"),
    ("(claude-1.3-100k)", "claude-1.3-100k", "claude-1.3"),
    ("claude-instant-1.1-100k", "claude-instant-1.1-100k", "claude-instant-1.1"),
    ("MODEL=claude-3-5-sonnet-latest", "claude-3-5-sonnet-latest", "claude-3-5-sonnet-20241022"),
    ("'claude-sonnet-4-5'", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ("claude-opus-4-0]", "claude-opus-4-0", "claude-opus-4-20250514"),
    ("`claude-opus-4-8`", "claude-opus-4-8", "claude-opus-4-8"),
    ("claude-sonnet-4-5[1m]", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    (
        "<td>claude-haiku-4-5-20251001</td>",
        "claude-haiku-4-5-20251001",
        "claude-haiku-4-5-20251001",
    ),
    ("claude-4-opus-20250514", "claude-4-opus-20250514", "claude-opus-4-20250514"),
    (
        "anthropic.claude-3-opus-20240229-v1:0",
        "anthropic.claude-3-opus-20240229-v1:0",
        "claude-3-opus-20240229",
    ),
    (
        "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "claude-3-7-sonnet-20250219",
    ),
    (
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
    ),
    (
        "us-gov.anthropic.claude-3-haiku-20240307-v1:0",
        "us-gov.anthropic.claude-3-haiku-20240307-v1:0",
        "claude-3-haiku-20240307",
    ),
    (
        "apac.anthropic.claude-sonnet-4-20250514-v1:0",
        "apac.anthropic.claude-sonnet-4-20250514-v1:0",
        "claude-sonnet-4-20250514",
    ),
    ("jp.anthropic.claude-haiku-4-5", "jp.anthropic.claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("au.anthropic.claude-sonnet-4-6", "au.anthropic.claude-sonnet-4-6", "claude-sonnet-4-6"),
    ("eu.anthropic.claude-opus-4-6-v1", "eu.anthropic.claude-opus-4-6-v1", "claude-opus-4-6"),
    ("anthropic.claude-v2:1", "anthropic.claude-v2:1", "claude-2.1"),
    ("anthropic.claude-v2", "anthropic.claude-v2", "claude-2.0"),
    ("anthropic.claude-instant-v1", "anthropic.claude-instant-v1", "claude-instant-1.2"),
    ("anthropic.claude-v2:1:200k", "anthropic.claude-v2:1:200k", "claude-2.1"),
    (
        "anthropic.claude-3-sonnet-20240229-v1:0:28k",
        "anthropic.claude-3-sonnet-20240229-v1:0:28k",
        "claude-3-sonnet-20240229",
    ),
    (
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "claude-3-5-sonnet-20240620",
    ),
    (
        "arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0",
        "us.anthropic.claude-opus-4-1-20250805-v1:0",
        "claude-opus-4-1-20250805",
    ),
    (
        "inference-profile%2Fus.anthropic.claude-3-5-haiku-20241022-v1:0",
        "us.anthropic.claude-3-5-haiku-20241022-v1:0",
        "claude-3-5-haiku-20241022",
    ),
    (
        "/model/anthropic.claude-3-5-sonnet-20241022-v2:0/invoke",
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        "claude-3-5-sonnet-20241022",
    ),
    (
        "claude-3-5-sonnet-v2@20241022",
        "claude-3-5-sonnet-v2@20241022",
        "claude-3-5-sonnet-20241022",
    ),
    (
        "publishers/anthropic/models/claude-3-sonnet@20240229:rawPredict",
        "claude-3-sonnet@20240229",
        "claude-3-sonnet-20240229",
    ),
    ("vertex_ai/claude-opus-4@20250514", "claude-opus-4@20250514", "claude-opus-4-20250514"),
    ("claude-haiku-4-5@20251001", "claude-haiku-4-5@20251001", "claude-haiku-4-5-20251001"),
    ("anthropic/claude-3.5-sonnet", "claude-3.5-sonnet", "claude-3-5-sonnet-20241022"),
    (
        "openrouter/anthropic/claude-3.7-sonnet:beta",
        "claude-3.7-sonnet:beta",
        "claude-3-7-sonnet-20250219",
    ),
    ("anthropic/claude-opus-4.1", "claude-opus-4.1", "claude-opus-4-1-20250805"),
    (
        "bedrock/anthropic.claude-3-haiku-20240307-v1:0",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "claude-3-haiku-20240307",
    ),
    (
        "bedrock/converse/us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
    ),
    ("anthropic:claude-3-5-haiku-latest", "claude-3-5-haiku-latest", "claude-3-5-haiku-20241022"),
    (
        "anthropic:messages:claude-3-opus-20240229",
        "claude-3-opus-20240229",
        "claude-3-opus-20240229",
    ),
    ('"text\\nclaude-2.1"', "claude-2.1", "claude-2.1"),
    ('"\\tclaude-3-haiku-20240307"', "claude-3-haiku-20240307", "claude-3-haiku-20240307"),
    ("claude-mythos-preview", "claude-mythos-preview", "claude-mythos-preview"),
]

# tokens that are not ids at all (no finding, whatever the registry says)
NOOP = [
    "my-claude-3-opus-20240229-fork",
    "claude-3-opus-20240229x",
    "claude-3-opus-20240229_backup",
    "xclaude-2.1",
    "foo.claude-2.1",
    "claude-code",
    "claude-desktop",
    "claude-ai",
    "claude.ai",
    "@anthropic-ai/claude-code",
    "claude-agent-sdk",
    "claude_3_opus",
    "CLAUDE-2.1",
    "Claude-3-Opus",
    "opus",
    "sonnet[1m]",
    "opusplan",
    "claude",
    "claude-3",
    "claude-4",
    "claude-3-opus-2024022",
    "claude-3-opus@2024",
    "claude-cli-2",
    "claude-dev-1",
    "anthropic.claude",
]

# shaped like a model id, absent from the registry: CML004 with this hint
UNKNOWN = [
    ("claude-opus-4@20250805", "did you mean claude-opus-4-1@20250805"),
    (
        "anthropic.claude-3-7-sonnet-20240620-v1:0",
        "did you mean anthropic.claude-3-5-sonnet-20240620-v1:0",
    ),
    ("claude-opus-4-5-20250929", "did you mean claude-sonnet-4-5-20250929"),
    (
        "anthropic.claude-3-5-sonnet-20241022",
        "did you mean anthropic.claude-3-5-sonnet-20241022-v2:0",
    ),
    ("claude-opus-latest", "did you mean claude-3-opus-latest"),
    ("claude-opus-4-6-20260205", "did you mean claude-opus-4-6"),
    ("claude-sonet-4-5", "did you mean claude-sonnet-4-5"),
    (
        "claude-sonet-4",
        "did you mean claude-sonnet-4-20250514",
    ),  # a misspelt family: no family name
]


@pytest.mark.parametrize(("text", "expected", "model_id"), FOUND, ids=[c[0] for c in FOUND])
def test_found(registry: Registry, text: str, expected: str, model_id: str) -> None:
    (found,) = find_ids(text)
    assert found.text == expected
    assert text[found.start : found.end] == expected
    resolved = registry.resolve(found.key)
    assert resolved is not None and resolved[0].id == model_id


@pytest.mark.parametrize("text", NOOP)
def test_noop(registry: Registry, text: str) -> None:
    verdicts = [v for found in find_ids(text) for v in judge(found, registry, ON)]
    assert verdicts == []


@pytest.mark.parametrize(("text", "hint"), UNKNOWN, ids=[c[0] for c in UNKNOWN])
def test_unknown(registry: Registry, text: str, hint: str) -> None:
    (found,) = find_ids(text)
    assert found.text == text
    (verdict,) = judge(found, registry, ON)
    assert verdict.code == "CML004"
    assert hint in verdict.message
    assert verdict.replacement is None


def test_several_ids_on_one_line_in_order() -> None:
    text = "a=claude-2.1,b=us.anthropic.claude-v2:1 c=claude-3-opus@20240229"
    assert [f.text for f in find_ids(text)] == [
        "claude-2.1",
        "us.anthropic.claude-v2:1",
        "claude-3-opus@20240229",
    ]


def test_an_id_past_the_search_window_is_still_whole() -> None:
    text = "x" * 500 + " claude-" + "-".join(["a"] * 200)
    assert [f.text for f in find_ids(text)] == ["claude-" + "-".join(["a"] * 200)]


def test_shapes_name_family_and_version() -> None:
    assert shape_of("claude-3-5-sonnet-20241022") == shape_of(
        "anthropic.claude-3-5-sonnet-20241022-v2:0"
    )
    shape = shape_of("claude-sonnet-4-5@20250929")
    assert shape is not None and (shape.family, shape.version) == ("sonnet", (4, 5))
    assert shape_of("claude-code") is None


ROUTER_NAMES = [
    ("claude-3-haiku", "CML001", "claude-3-haiku (a family name for claude-3-haiku-20240307)"),
    (
        "openrouter/anthropic/claude-3-opus",
        "CML001",
        "claude-3-opus (the router's name for claude-3-opus-20240229) is retired",
    ),
    (
        "anthropic/claude-3-5-sonnet",
        "CML001",
        "for claude-3-5-sonnet-20240620 or claude-3-5-sonnet-20241022) is retired",
    ),
    ("vertex_ai/claude-3-haiku", "CML001", "retired since 2026-08-23 (Vertex AI dates)"),
    (
        "openrouter/anthropic/claude-3-5-haiku:beta",
        "CML001",
        "(no fix: the router's name for it is not known)",
    ),
    ("vercel_ai_gateway/anthropic/claude-sonnet-4", "CML001", "claude-sonnet-4-20250514"),
]


@pytest.mark.parametrize(
    ("text", "code", "message"), ROUTER_NAMES, ids=[c[0] for c in ROUTER_NAMES]
)
def test_router_family_names_are_judged_but_never_fixed(
    registry: Registry, text: str, code: str, message: str
) -> None:
    (found,) = find_ids(text)
    (verdict,) = judge(found, registry, ON)
    assert (verdict.code, verdict.replacement) == (code, None)
    assert message in verdict.message


@pytest.mark.parametrize(
    "text", ["claude-sonnet-6", "claude-opus-6-1", "claude-haiku-6", "claude-fable-5-3"]
)
def test_a_newer_model_than_the_data_is_news(registry: Registry, text: str) -> None:
    """CML008 (info), not CML004: a new model fails no hook (issue 29)."""
    (found,) = find_ids(text)
    (verdict,) = judge(found, registry, ON)
    assert verdict.code == "CML008" and "newer than the data knows" in verdict.message


@pytest.mark.parametrize(
    "text",
    [
        "vercel_ai_gateway/anthropic/claude-opus-4.7",
        "anthropic/claude-opus-4.7",
        "claude-opus-4.7",
    ],
)
def test_family_names_of_active_models_are_left_to_whoever_serves_them(
    registry: Registry, text: str
) -> None:
    (found,) = find_ids(text)
    assert judge(found, registry, ON) == []
