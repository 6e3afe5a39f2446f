"""Derived platform spellings (issue 29, item 8): the rule read off the bundled data (registry
facts §3, §4), the `derived` field's checks, and the places that must never hand out a derived
id (the agents' recommended model). The end-to-end cases (a page announcing models without
platform ids, the fix that declines, explain, --list-models) are in test_refresh_data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_model_lint.agents.models import recommended_model
from claude_model_lint.errors import RegistryError
from claude_model_lint.registry.derive import derived_spellings, derived_toml
from claude_model_lint.registry.registry import Registry, load_registry
from claude_model_lint.types import Spelling

AS_OF = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        # Fable 5.1 is on both (Fable 5.2 on neither yet in the data: the newest ON each counts)
        ("claude-fable-5-3", {"bedrock": "anthropic.claude-fable-5-3", "vertex": "claude-fable-5-3"}),
        # no Mythos model is on Vertex AI in the data
        ("claude-mythos-5-3", {"bedrock": "anthropic.claude-mythos-5-3"}),
        # Haiku 5.5 is on Bedrock only; Haiku 4.5 (dated) has no say in the dateless rule
        ("claude-haiku-5-6", {"bedrock": "anthropic.claude-haiku-5-6"}),
        ("claude-opus-6", {"bedrock": "anthropic.claude-opus-6", "vertex": "claude-opus-6"}),
        ("claude-sonnet-6", {"bedrock": "anthropic.claude-sonnet-6", "vertex": "claude-sonnet-6"}),
        # a dated id: before 4.6 the platforms spelled ids otherwise (-v1:0, @date): nothing
        ("claude-opus-4-5-20261101", {}),
        ("claude-3-7-sonnet-20260219", {}),
        ("not-a-model", {}),
    ],
)  # fmt: skip
def test_the_rule_is_the_familys_own(
    registry: Registry, model_id: str, expected: dict[str, str]
) -> None:
    assert derived_spellings(model_id, registry) == expected


def test_a_derived_spelling_never_follows_another_derived_one(tmp_path: Path) -> None:
    """Only published ids teach the rule: a family whose only model on Vertex AI has a derived
    id there gives the next model none."""
    overlay = tmp_path / "o.toml"
    overlay.write_text(
        '[sources]\nX = "x"\n[models."claude-mythos-6"]\nname = "Claude Mythos 6"\n'
        'family = "mythos"\nvertex = ["claude-mythos-6"]\nderived = ["claude-mythos-6"]\n'
        'sources = ["X"]\n'
    )
    registry = load_registry([overlay])
    assert "vertex" not in derived_spellings("claude-mythos-7", registry)


def test_derived_must_name_one_of_the_entrys_platform_ids(tmp_path: Path) -> None:
    overlay = tmp_path / "o.toml"
    overlay.write_text(
        '[sources]\nX = "x"\n[models."claude-opus-6"]\nname = "Claude Opus 6"\nfamily = "opus"\n'
        'bedrock = ["anthropic.claude-opus-6"]\nderived = ["anthropic.claude-opus-7"]\n'
        'sources = ["X"]\n'
    )
    with pytest.raises(RegistryError) as caught:
        load_registry([overlay])
    assert str(caught.value) == (
        f"{overlay}: models.\"claude-opus-6\".derived: 'anthropic.claude-opus-7' is not one of "
        "its bedrock or vertex ids"
    )


def _with_opus_6(tmp_path: Path, registry: Registry) -> Registry:
    lines = derived_toml("claude-opus-6", registry)
    overlay = tmp_path / "o.toml"
    overlay.write_text(
        '[sources]\nX = "x"\n[models."claude-opus-6"]\nname = "Claude Opus 6"\nfamily = "opus"\n'
        + "\n".join(lines)
        + '\nsources = ["X"]\n'
    )
    return load_registry([overlay])


def test_a_derived_id_is_recognised_but_never_published(tmp_path: Path, registry: Registry) -> None:
    loaded = _with_opus_6(tmp_path, registry)
    model, kind = loaded.resolve("anthropic.claude-opus-6") or (None, None)
    assert model is not None and (model.id, kind) == ("claude-opus-6", Spelling.BEDROCK)
    assert model.published(Spelling.BEDROCK) == () and model.published(Spelling.VERTEX) == ()
    assert model.published(Spelling.ID) == ("claude-opus-6",)  # the page published the API id


def test_the_agents_are_never_recommended_a_derived_id(tmp_path: Path, registry: Registry) -> None:
    loaded = _with_opus_6(tmp_path, registry)
    assert recommended_model(loaded, "opus", "api", AS_OF)["id"] == "claude-opus-6"
    bedrock = recommended_model(loaded, "opus", "bedrock", AS_OF)
    assert bedrock["id"] == "anthropic.claude-opus-5-5"  # the newest one Amazon published
    vertex = recommended_model(loaded, "opus", "vertex", AS_OF)
    assert vertex["id"] == "claude-opus-5-5"


@settings(max_examples=60, deadline=None)
@given(
    family=st.sampled_from(["opus", "sonnet", "haiku", "fable", "mythos"]),
    major=st.integers(min_value=5, max_value=99),
    minor=st.one_of(st.none(), st.integers(min_value=1, max_value=99)),
)
def test_every_derived_id_loads_and_resolves_to_its_model(
    registry: Registry, family: str, major: int, minor: int | None
) -> None:
    """Whatever new id a source names, the derived spellings pass the registry's own checks
    (each reads as exactly one model id) and lead back to that model."""
    model_id = f"claude-{family}-{major}" + (f"-{minor}" if minor is not None else "")
    if model_id in registry.models:
        return
    text = (
        f'[sources]\nX = "x"\n[models."{model_id}"]\nname = "{model_id}"\nfamily = "{family}"\n'
        + "\n".join(derived_toml(model_id, registry))
        + '\nsources = ["X"]\n'
    )
    loaded = load_registry(fetched=[("test", text)])
    for spelling in derived_spellings(model_id, registry).values():
        hit = loaded.resolve(spelling)
        assert hit is not None and hit[0].id == model_id


def test_folding_puts_a_new_model_after_the_models_and_a_new_rule_at_the_end() -> None:
    """The refresh's edit of the bundled file: the hand-written file stays as it is, a new model
    goes before the parameter rules' comment block, a new rule after the last rule."""
    from claude_model_lint.registry import bundled
    from claude_model_lint.registry.data_edit import fold

    text = bundled.PATH.read_text("utf-8")
    overlay = (
        '[registry]\nupdated = 2027-01-01\n[sources]\nPAGE = "a page"\n'
        '[models."claude-opus-6"]\nname = "claude-opus-6"\nfamily = "opus"\nsources = ["PAGE"]\n'
        '[parameter_rules."top-k"]\nparameters = ["top_k"]\nmodels = ["claude-opus-6"]\n'
        'effect = "e"\nadvice = "a"\nsources = ["PAGE"]\n'
    )
    folded, changed = fold(text, overlay, "PAGE-2027-01-01")
    assert changed and fold(folded, overlay, "PAGE-2027-01-01") == (folded, False)
    model = folded.index('[models."claude-opus-6"]')
    assert folded.index('[models."claude-mythos-5-2"]') < model < folded.index("# --- Request")
    assert folded.rstrip().endswith('sources = ["PAGE-2027-01-01"]')
    assert folded.index('[parameter_rules."top-k"]') > folded.index('[parameter_rules."computer')
    assert 'PAGE-2027-01-01 = "a page"\n\n# --- Claude 1' in folded
    assert "updated = 2027-01-01" in folded
    kept = [line for line in text.splitlines() if line.startswith("#")]
    assert [line for line in folded.splitlines() if line.startswith("#")] == kept
    load = load_registry(fetched=[])  # the package's data is untouched
    assert "claude-opus-6" not in load.models
