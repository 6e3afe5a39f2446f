"""A bad registry file is an error naming the file, the entry and the field: one test per mistake."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.errors import RegistryError
from claude_model_lint.registry.lifecycle import lifecycle
from claude_model_lint.registry.registry import load_registry
from claude_model_lint.types import Platform, State

GOOD = """
[models."claude-test-1"]
name = "Test 1"
family = "test"
retired = 2026-01-01
sources = ["DOCS"]
"""


def _overlay(tmp_path: Path, text: str, suffix: str = ".toml") -> Path:
    path = tmp_path / f"overlay{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            GOOD.replace("family", "famly"),
            'models."claude-test-1".famly: unknown field',
            id="unknown-field",
        ),
        pytest.param(
            GOOD.replace("2026-01-01", '"2026-13-01"'),
            "models.\"claude-test-1\".retired: '2026-13-01' is not a date",
            id="bad-date",
        ),
        pytest.param(
            GOOD + 'replacement = "claude-nope-1"\n',
            "models.\"claude-test-1\".replacement: 'claude-nope-1' names no model",
            id="replacement-names-no-model",
        ),
        pytest.param(
            GOOD + 'aliases = ["claude-3-opus-latest"]\n',
            'models."claude-test-1".aliases: \'claude-3-opus-latest\' is already claimed by models."claude-3-opus-20240229"',
            id="alias-claimed-twice",
        ),
        pytest.param(
            GOOD.replace('"DOCS"', '"BLOG"'),
            "models.\"claude-test-1\".sources: 'BLOG' is not in [sources]",
            id="unknown-source",
        ),
        pytest.param(
            GOOD.replace('sources = ["DOCS"]', ""),
            'models."claude-test-1".sources: missing',
            id="missing-sources",
        ),
        pytest.param(
            GOOD + 'platform_dates.azure = { retired = 2026-01-01, source = "DOCS" }\n',
            'models."claude-test-1".platform_dates.azure: unknown platform',
            id="unknown-platform",
        ),
        pytest.param(
            GOOD + "platform_dates.bedrock = { retired = 2026-01-01 }\n",
            'models."claude-test-1".platform_dates.bedrock.source: missing',
            id="platform-dates-without-source",
        ),
        pytest.param(
            GOOD + "deprecated = 2026-02-01\n",
            'models."claude-test-1".retired: 2026-01-01 is before deprecated 2026-02-01',
            id="retired-before-deprecated",
        ),
        pytest.param(
            GOOD + 'aliases = "claude-x"\n',
            'models."claude-test-1".aliases: expected a list of strings',
            id="wrong-type",
        ),
        pytest.param(
            '[models."claude-opus-4-8"]\nreplacement = "claude-opus-4-1-20250805"\n',
            "replacement: cycle",
            id="replacement-cycle",
        ),
        pytest.param("[models\n", "not valid TOML", id="not-toml"),
        pytest.param("[extras]\n", "unknown top-level key 'extras'", id="unknown-top-level"),
        pytest.param(
            "[registry]\nupdated = 2026-99-01\n", "not valid TOML", id="toml-bad-date-literal"
        ),
    ],
)
def test_bad_overlay_is_an_error_naming_file_entry_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = _overlay(tmp_path, text)
    with pytest.raises(RegistryError) as caught:
        load_registry([path])
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_bad_json_overlay(tmp_path: Path) -> None:
    path = _overlay(tmp_path, '{"models": {', ".json")
    with pytest.raises(RegistryError, match="not valid JSON"):
        load_registry([path])


def test_missing_overlay_file(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="cannot read registry file"):
        load_registry([tmp_path / "nope.toml"])


def test_overlay_adds_a_model_and_an_alias(tmp_path: Path) -> None:
    path = _overlay(
        tmp_path, GOOD + 'aliases = ["claude-test-1-latest"]\nreplacement = "claude-opus-4-8"\n'
    )
    registry = load_registry([path])
    model, _ = registry.resolve("claude-test-1-latest") or (None, None)
    assert model is not None and model.id == "claude-test-1"
    assert lifecycle(model, Platform.API, date(2026, 1, 1)).state is State.RETIRED


def test_overlay_overrides_dates_and_adds_platform_dates(tmp_path: Path) -> None:
    text = """
[registry]
updated = 2026-12-20

[models."claude-sonnet-4-5-20250929"]
deprecated = 2026-11-01
retired = 2027-01-15
replacement = "claude-sonnet-4-6"
platform_dates.vertex = { deprecated = 2026-11-10, retired = 2027-05-01, source = "DOCS" }
"""
    registry = load_registry([_overlay(tmp_path, text)])
    model = registry.models["claude-sonnet-4-5-20250929"]
    assert registry.updated == date(2026, 12, 20)
    assert lifecycle(model, Platform.API, date(2026, 11, 25)).state is State.DEPRECATED
    assert lifecycle(model, Platform.VERTEX, date(2026, 11, 5)).state is State.ACTIVE
    assert "bedrock" in model.platform_dates  # kept from the bundled data
    assert model.aliases == ("claude-sonnet-4-5",)  # fields the overlay does not name are kept


def test_json_overlay_in_the_same_shape(tmp_path: Path) -> None:
    text = '{"models": {"claude-test-1": {"name": "T", "family": "test", "retired": "2026-01-01", "sources": ["DOCS"]}}}'
    registry = load_registry([_overlay(tmp_path, text, ".json")])
    assert registry.models["claude-test-1"].retired == date(2026, 1, 1)
