"""Spellings met on real repositories (issue 15): each case is a minimal reproduction of code
found there, with where it came from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_model_lint.check.engine import RunOptions, check_file
from claude_model_lint.check.verdicts import judge
from claude_model_lint.config import Config
from claude_model_lint.model_ids import find_ids
from claude_model_lint.registry.registry import Registry
from claude_model_lint.repo.candidate import Candidate

ON = date(2026, 11, 25)


def _codes(registry: Registry, text: str) -> list[tuple[str, str, str | None]]:
    return [
        (found.text, verdict.code, verdict.replacement)
        for found in find_ids(text)
        for verdict in judge(found, registry, ON)
    ]


# --- URL-encoded Bedrock version colons ------------------------------------------------------

ENCODED = [
    # a Bedrock proxy's Python test: the runtime URL it asserts (public code search, 2026)
    (
        'f"{ENDPOINT}/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke"',
        "anthropic.claude-3-haiku-20240307-v1%3A0",
        "anthropic.claude-haiku-5-5",
    ),
    # a Go gateway's table test: an encoded inference-profile ARN, lower-case escapes
    (
        "/model/arn%3aaws%3abedrock%3aus-east-1%3a1%3ainference-profile%2F"
        "us.anthropic.claude-3-5-haiku-20241022-v1%3a0/converse",
        "us.anthropic.claude-3-5-haiku-20241022-v1%3a0",
        "us.anthropic.claude-haiku-5-5",
    ),
]


@pytest.mark.parametrize(("text", "span", "fix"), ENCODED)
def test_an_encoded_colon_is_the_version_colon(
    registry: Registry, text: str, span: str, fix: str
) -> None:
    (found,) = find_ids(text)
    assert text[found.start : found.end] == found.text == span
    assert found.key.endswith("-v1:0") and "%3" not in found.key  # looked up with ':'
    assert _codes(registry, text) == [(span, "CML001", fix)]


def test_an_encoded_id_is_fixed_in_its_encoded_form(tmp_path: Path, registry: Registry) -> None:
    # a JS Bedrock client's test: modelId and the endpoint it builds (public code search, 2026)
    original = (
        'modelId: "anthropic.claude-3-haiku-20240307-v1:0",\n'
        'endpoint: "https://example.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke",\n'
    )
    path = tmp_path / "client.test.ts"
    path.write_text(original, encoding="utf-8")
    options = RunOptions(Config(), registry, ON, fix=True, write=True)
    check_file(Candidate(path, explicit=True), options)
    # Haiku 5.5's Bedrock id has no version suffix: nothing is left to encode
    assert path.read_text(encoding="utf-8") == original.replace(
        "claude-3-haiku-20240307-v1:0", "claude-haiku-5-5"
    ).replace("claude-3-haiku-20240307-v1%3A0", "claude-haiku-5-5")
    again = check_file(Candidate(path, explicit=True), options)
    assert [d.code for d in again.diagnostics] == []  # Haiku 5.5 is active
    assert again.fixed_text is None  # a second --fix changes nothing


# --- '-v1:0' without 'anthropic.' ------------------------------------------------------------


def test_a_bedrock_version_without_the_vendor_keeps_its_minor(registry: Registry) -> None:
    # langchain-aws tests/unit_tests/chat_models/test_bedrock_converse.py (0434c7f): the provider
    # is a separate tuple item, the id is written without 'anthropic.'
    text = '("anthropic", "claude-3-5-sonnet-20240620-v1:0", None),'
    (found,) = find_ids(text)
    assert found.text == "claude-3-5-sonnet-20240620-v1:0"
    ((_, code, fix),) = _codes(registry, text)
    assert (code, fix) == ("CML001", None)  # Bedrock's id, so Bedrock's dates; never fixed
    (verdict,) = judge(found, registry, ON)
    assert "Bedrock dates" in verdict.message and "without 'anthropic.'" in verdict.message


# --- one spelling, one verdict, whatever the router prefix -----------------------------------

PREFIXES = [
    "anthropic/", "bedrock/", "bedrock/converse/", "bedrock/us-east-1/", "vertex_ai/",
    "openrouter/anthropic/", "~anthropic/", "vercel_ai_gateway/anthropic/", "anthropic:",
    "anthropic:messages:", "litellm_proxy/anthropic/",
]  # fmt: skip
# the issue's cases, family names, unknown and misspelled ids of every platform's shape
NAMES = [
    "anthropic.claude-sonnet-4-5", "claude-opus-latest", "claude-instant-v1",
    "anthropic.claude-opus-4-7-v1", "claude-3-opus", "claude-3-5-sonnet", "claude-sonnet-4",
    "claude-opus-4", "claude-haiku-4", "claude-sonnet-4-7", "claude-sonet-4", "claude-opus-4.6",
    "claude-3-haiku-20240307-v1:0", "us.anthropic.claude-3-7-sonnet-20240620-v1:0",
    "claude-opus-4@20250805", "claude-opus-5-5", "claude-3.5-sonnet:beta", "claude-2",
]  # fmt: skip


@st.composite
def spellings(draw: st.DrawFn, registry: Registry) -> str:
    return draw(st.sampled_from([*NAMES, *sorted(registry.index)]))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("bedrock/anthropic.claude-sonnet-4-5", "CML004"),
        ("~anthropic/claude-opus-latest", "CML004"),
        ("openrouter/anthropic/claude-instant-v1", "CML001"),
        ("bedrock/anthropic.claude-opus-4-7-v1", "CML004"),
        ("openrouter/anthropic/claude-sonnet-4-7", "CML004"),
    ],
)
def test_the_issue_cases_have_the_bare_ids_verdict(
    registry: Registry, text: str, code: str
) -> None:
    bare = text.split("/")[-1]
    assert [c for _, c, _ in _codes(registry, text)] == [code]
    assert [c for _, c, _ in _codes(registry, bare)] == [code]


def test_a_prefix_never_changes_the_verdict(registry: Registry) -> None:
    @settings(max_examples=300, deadline=None)
    # behind vertex_ai/ a name is read as Vertex's own (issue 30 item 4: '-v2' is Vertex's word),
    # so a Bedrock-only spelling there is no model: tested in test_accuracy_second_pass
    @given(
        name=spellings(registry), prefix=st.sampled_from([p for p in PREFIXES if p != "vertex_ai/"])
    )
    def check(name: str, prefix: str) -> None:
        bare = [(t, c) for t, c, _ in _codes(registry, f'"{name}"')]
        routed = [(t, c) for t, c, _ in _codes(registry, f'"{prefix}{name}"')]
        assert routed == bare

    check()


# --- region templates: found, judged by Bedrock's dates, never fixed -------------------------

TEMPLATED = [
    # a Python agent's list of Bedrock ids (public code search, 2026)
    ('f"{region}.anthropic.claude-3-5-sonnet-20241022-v2:0",', "{region}"),
    # a JS Bedrock sample: `${REGION}` from the environment (public code search, 2026)
    ("profileId || `${REGION}.anthropic.claude-3-haiku-20240307-v1:0`;", "${REGION}"),
    # a shell setup script (public code search, 2026)
    ("SONNET=${REGION}.anthropic.claude-3-7-sonnet-20250219-v1:0", "${REGION}"),
    # Helm/Ansible values
    ('model_id: "{{ region }}.anthropic.claude-3-5-sonnet-20240620-v1:0"', "{{ region }}"),
    ("'{region_prefix}.anthropic.claude-3-haiku-20240307-v1:0'.format(region_prefix=p)", None),
]


@pytest.mark.parametrize(("text", "template"), TEMPLATED)
def test_a_templated_region_is_reported_and_never_fixed(
    registry: Registry, text: str, template: str | None
) -> None:
    template = template or "{region_prefix}"
    (found,) = find_ids(text)
    assert found.region == template and found.text.startswith(template + ".anthropic.claude-")
    (verdict,) = judge(found, registry, ON)
    assert (verdict.code, verdict.replacement) == ("CML001", None)
    assert "Bedrock" in verdict.message  # its dates, or that it publishes none
    assert f"no fix: the region comes from the template {template}" in verdict.message


def test_a_templated_region_in_a_python_f_string(tmp_path: Path, registry: Registry) -> None:
    original = 'MODEL_ID = f"{region}.anthropic.claude-3-5-sonnet-20240620-v1:0"\n'
    path = tmp_path / "settings.py"
    path.write_text(original, encoding="utf-8")
    options = RunOptions(Config(), registry, ON, fix=True, write=True)
    result = check_file(Candidate(path, explicit=True), options)
    assert [(d.code, d.column, d.replacement) for d in result.diagnostics] == [("CML001", 14, None)]
    assert path.read_text(encoding="utf-8") == original


# --- what is not a model id: substring lists, globs, page slugs; pieces of a whole id ---------

NOT_IDS = [
    # langchain-aws langchain_aws/utils.py (0434c7f): a list of prefixes a model id may contain
    "def supported(model: str) -> bool:\n"
    '    return any(x in model for x in ("claude-3-7-", "claude-sonnet-4", "claude-opus-4"))\n',
    # the same repository, bedrock_converse.py: a list iterated for substring tests
    'ok = provider == "anthropic" and any(\n'
    '    x in model_id_lower for x in ["claude-3", "claude-sonnet-4", "claude-haiku-4"]\n)\n',
    # bedrock_converse.py again: Bedrock's names without 'anthropic.', as substrings
    'old = any(x in model_id_lower for x in ["claude-v2", "claude-instant"])\n',
    'legacy = model.startswith("claude-3-5-sonnet") or model.startswith(("claude-opus-4", "x"))\n',
    # a docstring naming model families with globs, and a Google console page
    'def pick(model):\n    """claude-3-*, claude-sonnet-4-* and claude-*-sonnet are accepted; see\n'
    "    https://console.cloud.google.com/vertex-ai/publishers/anthropic/model-garden/"
    'claude-3-5-sonnet\n    """\n',
    # an IAM policy's resource glob (public code search, 2026)
    "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-haiku-*\n",
    # a Markdown link to a launch post
    "[Claude 3 Opus](https://www.anthropic.com/news/claude-3-opus) is fast.\n",
]


@pytest.mark.parametrize("source", NOT_IDS)
def test_names_that_only_match_or_link_are_not_reported(
    tmp_path: Path, registry: Registry, source: str
) -> None:
    suffix = ".md" if source.startswith("[") else ".txt" if "arn:" in source else ".py"
    path = tmp_path / f"sample{suffix}"
    path.write_text(source, encoding="utf-8")
    result = check_file(Candidate(path, explicit=True), RunOptions(Config(), registry, ON))
    assert result.error is None
    assert [(d.model, d.code) for d in result.diagnostics] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('M = "claude-3-opus" "-20240229"\n', [("claude-3-opus-20240229", "CML001")]),
        ('M = ("claude-2"\n     ".1")\n', [("claude-2.1", "CML001")]),
        # the joined text is no id: the literal that is one is still reported
        ('M = "claude-3-opus-20240229" "x"\n', [("claude-3-opus-20240229", "CML001")]),
    ],
)
def test_a_piece_of_a_concatenated_id_is_not_reported_alone(
    tmp_path: Path, registry: Registry, source: str, expected: list[tuple[str, str]]
) -> None:
    path = tmp_path / "split.py"
    path.write_text(source, encoding="utf-8")
    result = check_file(Candidate(path, explicit=True), RunOptions(Config(), registry, ON))
    assert [(d.model, d.code) for d in result.diagnostics] == expected
