"""The bundled registry against registry-facts.md, transcribed here by hand (not read from the data)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from claude_model_lint.model_ids import find_ids
from claude_model_lint.registry.lifecycle import lifecycle, onward, replacement_for, spell_like
from claude_model_lint.registry.registry import Registry
from claude_model_lint.types import Platform, Spelling, State

D = date.fromisoformat

# registry-facts.md section 1: id, deprecated, retired, replacement on a date after retirement
# (the Sonnet replacements as re-pointed by the page of 2026-10-10: claude-sonnet-5-5)
RETIRING = [
    ("claude-1.0", "2024-09-04", "2024-11-06", "claude-haiku-4-5-20251001"),
    ("claude-1.1", "2024-09-04", "2024-11-06", "claude-haiku-4-5-20251001"),
    ("claude-1.2", "2024-09-04", "2024-11-06", "claude-haiku-4-5-20251001"),
    ("claude-1.3", "2024-09-04", "2024-11-06", "claude-haiku-4-5-20251001"),
    ("claude-instant-1.0", "2024-09-04", "2024-11-06", "claude-haiku-4-5-20251001"),
    ("claude-instant-1.1", "2024-09-04", "2024-11-06", "claude-haiku-4-5-20251001"),
    ("claude-instant-1.2", "2024-09-04", "2024-11-06", "claude-haiku-4-5-20251001"),
    ("claude-2.0", "2025-01-21", "2025-07-21", "claude-opus-4-8"),
    ("claude-2.1", "2025-01-21", "2025-07-21", "claude-opus-4-8"),
    ("claude-3-sonnet-20240229", "2025-01-21", "2025-07-21", "claude-sonnet-5-5"),
    ("claude-3-5-sonnet-20240620", "2025-08-13", "2025-10-28", "claude-sonnet-5-5"),
    ("claude-3-5-sonnet-20241022", "2025-08-13", "2025-10-28", "claude-sonnet-5-5"),
    ("claude-3-opus-20240229", "2025-06-30", "2026-01-05", "claude-opus-4-8"),
    ("claude-3-7-sonnet-20250219", "2025-10-28", "2026-02-19", "claude-sonnet-5-5"),
    ("claude-3-5-haiku-20241022", "2025-12-19", "2026-02-19", "claude-haiku-4-5-20251001"),
    ("claude-3-haiku-20240307", "2026-02-19", "2026-04-20", "claude-haiku-4-5-20251001"),
    ("claude-sonnet-4-20250514", "2026-04-14", "2026-06-15", "claude-sonnet-5-5"),
    ("claude-opus-4-20250514", "2026-04-14", "2026-06-15", "claude-opus-4-8"),
    ("claude-opus-4-1-20250805", "2026-06-05", "2026-08-05", "claude-opus-4-8"),
    # section 0: deprecated 2026-09-30, retired 2026-11-30 (model pages, release notes)
    ("claude-sonnet-4-5-20250929", "2026-09-30", "2026-11-30", "claude-sonnet-5-5"),
]
# id, not sooner than
ACTIVE = [
    ("claude-opus-4-7", "2027-04-16"),
    # section 0
    ("claude-mythos-5", "2027-06-09"),
    ("claude-fable-5-1", "2027-09-01"),
    ("claude-mythos-5-1", "2027-09-01"),
    ("claude-opus-5-5", "2027-09-22"),
]
# section 0: legacy with no date published; the model the page suggests
LEGACY = [
    ("claude-haiku-4-5-20251001", "claude-haiku-5-5"),
    ("claude-opus-4-6", "claude-opus-5-5"),  # registry-facts §0b
    ("claude-opus-4-8", "claude-opus-5-5"),
    ("claude-opus-5", "claude-opus-5-5"),
    ("claude-fable-5", "claude-fable-5-1"),
    ("claude-sonnet-4-6", "claude-sonnet-5-5"),
    ("claude-sonnet-5", "claude-sonnet-5-5"),
]
# section 2: alias -> model
ALIASES = [
    ("claude-opus-4-5", "claude-opus-4-5-20251101"),
    ("claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ("claude-opus-4-1", "claude-opus-4-1-20250805"),
    ("claude-opus-4-0", "claude-opus-4-20250514"),
    ("claude-sonnet-4-0", "claude-sonnet-4-20250514"),
    ("claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219"),
    ("claude-3-5-haiku-latest", "claude-3-5-haiku-20241022"),
    ("claude-3-5-sonnet-latest", "claude-3-5-sonnet-20241022"),
    ("claude-3-opus-latest", "claude-3-opus-20240229"),
    ("claude-4-sonnet-20250514", "claude-sonnet-4-20250514"),
    ("claude-4-opus-20250514", "claude-opus-4-20250514"),
    ("claude-1", "claude-1.3"),
    ("claude-1-100k", "claude-1.3"),
    ("claude-1.3-100k", "claude-1.3"),
    ("claude-instant-1", "claude-instant-1.2"),
    ("claude-instant-1-100k", "claude-instant-1.2"),
    ("claude-instant-1.1-100k", "claude-instant-1.1"),
    ("claude-2", "claude-2.0"),
]
# section 3: Bedrock ids -> model
BEDROCK = [
    ("anthropic.claude-3-sonnet-20240229-v1:0", "claude-3-sonnet-20240229"),
    ("anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet-20240620"),
    ("anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet-20241022"),
    ("anthropic.claude-3-opus-20240229-v1:0", "claude-3-opus-20240229"),
    ("anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet-20250219"),
    ("anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku-20241022"),
    ("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku-20240307"),
    ("anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514"),
    ("anthropic.claude-opus-4-20250514-v1:0", "claude-opus-4-20250514"),
    ("anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1-20250805"),
    ("anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"),
    ("anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001"),
    ("anthropic.claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("anthropic.claude-opus-4-5-20251101-v1:0", "claude-opus-4-5-20251101"),
    ("anthropic.claude-opus-4-6-v1", "claude-opus-4-6"),
    ("anthropic.claude-sonnet-4-6", "claude-sonnet-4-6"),
    ("anthropic.claude-opus-4-8", "claude-opus-4-8"),
    ("anthropic.claude-opus-5", "claude-opus-5"),
    ("anthropic.claude-v1", "claude-1.3"),
    ("anthropic.claude-v2", "claude-2.0"),
    ("anthropic.claude-v2:1", "claude-2.1"),
    ("anthropic.claude-instant-v1", "claude-instant-1.2"),
]
# Bedrock legacy (= deprecated) and end of life (= retired)
BEDROCK_DATES = [
    ("claude-3-sonnet-20240229", "2026-01-30", "2026-07-30"),
    ("claude-3-5-sonnet-20240620", "2025-08-25", "2026-03-01"),
    ("claude-3-5-haiku-20241022", "2025-12-19", "2026-06-19"),
    ("claude-3-haiku-20240307", "2026-03-10", "2026-09-10"),
    ("claude-opus-4-20250514", "2025-10-01", "2026-05-31"),
    ("claude-sonnet-4-20250514", "2026-04-14", "2026-10-14"),
    ("claude-opus-4-1-20250805", "2026-07-08", "2027-01-08"),
    ("claude-sonnet-4-5-20250929", "2026-10-08", "2027-04-08"),
]
# section 4: Vertex ids -> model
VERTEX = [
    ("claude-3-sonnet@20240229", "claude-3-sonnet-20240229"),
    ("claude-3-5-sonnet@20240620", "claude-3-5-sonnet-20240620"),
    ("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-20241022"),
    ("claude-3-opus@20240229", "claude-3-opus-20240229"),
    ("claude-3-7-sonnet@20250219", "claude-3-7-sonnet-20250219"),
    ("claude-3-5-haiku@20241022", "claude-3-5-haiku-20241022"),
    ("claude-3-haiku@20240307", "claude-3-haiku-20240307"),
    ("claude-sonnet-4@20250514", "claude-sonnet-4-20250514"),
    ("claude-opus-4@20250514", "claude-opus-4-20250514"),
    ("claude-opus-4-1@20250805", "claude-opus-4-1-20250805"),
    ("claude-sonnet-4-5@20250929", "claude-sonnet-4-5-20250929"),
    ("claude-haiku-4-5@20251001", "claude-haiku-4-5-20251001"),
    ("claude-opus-4-5@20251101", "claude-opus-4-5-20251101"),
]
GOOGLE_DATES = [
    ("claude-3-7-sonnet-20250219", "2025-11-11", "2026-05-11"),
    ("claude-3-5-haiku-20241022", "2026-01-05", "2026-07-05"),
    ("claude-3-haiku-20240307", "2026-02-23", "2026-08-23"),
]
OPENROUTER = [
    ("claude-3.5-sonnet", "claude-3-5-sonnet-20241022"),
    ("claude-3.7-sonnet", "claude-3-7-sonnet-20250219"),
    ("claude-sonnet-4.5", "claude-sonnet-4-5-20250929"),
    ("claude-opus-4.1", "claude-opus-4-1-20250805"),
    ("claude-haiku-4.5", "claude-haiku-4-5-20251001"),
    ("claude-sonnet-4.6", "claude-sonnet-4-6"),
]
DAY = timedelta(days=1)


def _state(registry: Registry, model_id: str, on: date, platform: Platform = Platform.API) -> State:
    return lifecycle(registry.models[model_id], platform, on).state


@pytest.mark.parametrize(("model_id", "deprecated", "retired", "replacement"), RETIRING)
def test_retiring_model_states_on_three_dates(
    registry: Registry, model_id: str, deprecated: str, retired: str, replacement: str
) -> None:
    assert _state(registry, model_id, D(deprecated) - DAY) is State.ACTIVE
    assert _state(registry, model_id, D(deprecated)) is State.DEPRECATED
    assert _state(registry, model_id, D(retired) - DAY) is State.DEPRECATED
    assert _state(registry, model_id, D(retired)) is State.RETIRED
    after = D(retired) + DAY
    assert registry.models[model_id].replacement == replacement
    chosen = replacement_for(registry, registry.models[model_id], Platform.API, after)
    assert chosen.model is not None and chosen.chain[1] == replacement  # then on to an active one


@pytest.mark.parametrize(("model_id", "not_sooner_than"), ACTIVE)
def test_active_models_are_active_before_and_after_their_window_opens(
    registry: Registry, model_id: str, not_sooner_than: str
) -> None:
    model = registry.models[model_id]
    assert model.not_sooner_than == D(not_sooner_than)
    assert model.replacement is None
    for on in (D("2026-01-01"), D(not_sooner_than), D(not_sooner_than) + 400 * DAY):
        assert _state(registry, model_id, on) is State.ACTIVE


def test_not_sooner_than_is_the_earliest_retirement_not_a_deadline(registry: Registry) -> None:
    # The seed's Korean "...이후 아님": on 2025-12-11, claude-3-haiku's date (2025-03-07) had
    # passed and it was still active.
    assert _state(registry, "claude-3-haiku-20240307", D("2025-12-11")) is State.ACTIVE


@pytest.mark.parametrize(("model_id", "suggested"), LEGACY)
def test_legacy_models_without_a_date_are_legacy_and_name_the_suggested_model(
    registry: Registry, model_id: str, suggested: str
) -> None:
    for on in (D("2026-11-25"), D("2026-12-01"), D("2027-12-01")):
        assert _state(registry, model_id, on) is State.LEGACY
    chosen = replacement_for(registry, registry.models[model_id], Platform.API, D("2026-12-01"))
    assert chosen.model is not None and chosen.model.id == suggested


def test_mythos_preview_is_deprecated_with_its_retirement_to_be_announced(
    registry: Registry,
) -> None:
    assert _state(registry, "claude-mythos-preview", D("2026-06-08")) is State.ACTIVE
    for on in (D("2026-06-09"), D("2026-06-30"), D("2026-12-01"), D("2030-01-01")):
        life = lifecycle(registry.models["claude-mythos-preview"], Platform.API, on)
        assert (life.state, life.retired) == (State.DEPRECATED, None)
    chosen = replacement_for(
        registry, registry.models["claude-mythos-preview"], Platform.API, D("2026-12-01")
    )
    assert chosen.model is None  # the 2026-09 page names no replacement
    assert registry.resolve("anthropic.claude-mythos-preview") is not None


def test_new_models_of_section_0_are_active_with_their_platform_spellings(
    registry: Registry,
) -> None:
    spellings = {
        "claude-opus-5-5": ("anthropic.claude-opus-5-5", "claude-opus-5-5"),
        "claude-sonnet-5-5": ("anthropic.claude-sonnet-5-5", "claude-sonnet-5-5"),
        "claude-fable-5-1": ("anthropic.claude-fable-5-1", "claude-fable-5-1"),
        "claude-mythos-5-1": ("anthropic.claude-mythos-5-1", None),
        "claude-mythos-5": ("anthropic.claude-mythos-5", None),
        "claude-haiku-5-5": ("anthropic.claude-haiku-5-5", None),  # §0b: the Bedrock card
        "claude-fable-5-2": ("anthropic.claude-fable-5-2", None),
    }
    for model_id, (bedrock, vertex) in spellings.items():
        model = registry.models[model_id]
        assert model.bedrock == ((bedrock,) if bedrock else ()), model_id
        assert model.vertex == ((vertex,) if vertex else ()), model_id
        assert _state(registry, model_id, D("2026-12-01")) is State.ACTIVE
    sonnet = lifecycle(registry.models["claude-sonnet-5-5"], Platform.VERTEX, D("2026-12-01"))
    assert (sonnet.platform, sonnet.not_sooner_than) == (Platform.VERTEX, D("2027-09-28"))


@pytest.mark.parametrize(("text", "model_id"), ALIASES + BEDROCK + VERTEX + OPENROUTER)
def test_every_spelling_parses_to_its_model_and_is_written_back(
    registry: Registry, text: str, model_id: str
) -> None:
    for written in (text, f"us.{text}") if text.startswith("anthropic.") else (text,):
        (found,) = find_ids(f'model="{written}"')
        assert found.text == written
        resolved = registry.resolve(found.key)
        assert resolved is not None, written
        model, kind = resolved
        assert model.id == model_id
        again, why = spell_like(model, found, kind)
        preferred = model.spellings(kind)[0] if kind is not Spelling.ALTERNATE else model.id
        prefix = f"{found.region}." if found.region else ""
        assert (again, why) == (prefix + preferred, "")


@pytest.mark.parametrize(("model_id", "deprecated", "retired"), BEDROCK_DATES)
def test_bedrock_ids_are_judged_by_bedrock_dates(
    registry: Registry, model_id: str, deprecated: str, retired: str
) -> None:
    life = lifecycle(registry.models[model_id], Platform.BEDROCK, D(retired) - DAY)
    assert (life.state, life.platform, life.fallback) == (State.DEPRECATED, Platform.BEDROCK, False)
    assert _state(registry, model_id, D(deprecated) - DAY, Platform.BEDROCK) is State.ACTIVE
    assert _state(registry, model_id, D(retired), Platform.BEDROCK) is State.RETIRED


@pytest.mark.parametrize(("model_id", "deprecated", "retired"), GOOGLE_DATES)
def test_vertex_ids_are_judged_by_google_dates(
    registry: Registry, model_id: str, deprecated: str, retired: str
) -> None:
    assert _state(registry, model_id, D(deprecated) - DAY, Platform.VERTEX) is State.ACTIVE
    assert _state(registry, model_id, D(deprecated), Platform.VERTEX) is State.DEPRECATED
    assert _state(registry, model_id, D(retired), Platform.VERTEX) is State.RETIRED


def test_a_platform_without_dates_falls_back_to_the_api_and_says_so(registry: Registry) -> None:
    life = lifecycle(registry.models["claude-3-opus-20240229"], Platform.BEDROCK, D("2026-03-01"))
    assert (life.state, life.platform, life.fallback) == (State.RETIRED, Platform.API, True)


def test_bedrock_replacement_keeps_region_and_takes_the_new_version_suffix(
    registry: Registry,
) -> None:
    from claude_model_lint.check.verdicts import judge

    (found,) = find_ids("eu.anthropic.claude-3-haiku-20240307-v1:0")
    (verdict,) = judge(found, registry, D("2026-10-01"))
    # Haiku 4.5 is legacy; the chain goes on to 5.5, which is on Bedrock (§0b)
    assert verdict.replacement == "eu.anthropic.claude-haiku-5-5"


def test_every_entry_names_known_sources(registry: Registry) -> None:
    assert len(registry.models) == 38
    assert registry.updated == D("2026-12-07")
    for model in registry.models.values():
        assert model.sources and all(s in registry.sources for s in model.sources), model.id
        for dates in model.platform_dates.values():
            assert dates.source in registry.sources


def test_a_fix_goes_past_a_legacy_model_to_an_active_one_its_platform_serves(
    registry: Registry,
) -> None:
    from claude_model_lint.check.verdicts import judge

    on = D("2026-12-07")
    api = replacement_for(registry, registry.models["claude-2.1"], Platform.API, on)
    assert api.model is not None and api.chain == ("claude-2.1", "claude-opus-4-8")
    chain = onward(registry, api.model, Platform.API, on)
    assert [m.id for m in chain] == ["claude-opus-4-8", "claude-opus-5-5"]  # legacy, then current

    def fixed(text: str) -> str | None:
        (found,) = find_ids(text)
        return judge(found, registry, on)[0].replacement

    assert fixed("claude-2.1") == "claude-opus-5-5"
    # Haiku 5.5 has no Vertex id: a Vertex id stays on the legacy Haiku 4.5, which has one
    assert fixed("claude-3-haiku@20240307") == "claude-haiku-4-5@20251001"
    assert fixed("claude-3-haiku-20240307") == "claude-haiku-5-5"
