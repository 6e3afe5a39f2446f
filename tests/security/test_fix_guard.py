"""Defence in depth: even registry data that slipped past load-time validation is never written.

These registries are built around the loader (as a future loader bug or a programmatic caller
could), so only the guard in front of --fix stands between the data and the file.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.check.engine import RunOptions, check_file
from claude_model_lint.config import Config
from claude_model_lint.registry.registry import Registry, load_registry
from claude_model_lint.repo.candidate import Candidate
from claude_model_lint.types import Spelling

AS_OF = date(2026, 11, 25)
INJECTED = "claude-opus-5-5\"; import os; os.system('touch pwned') #"


def _tampered(**changes: tuple[str, ...]) -> Registry:
    """The loaded registry with claude-opus-5-5's spellings replaced, index and all."""
    base = load_registry()
    model = dataclasses.replace(base.models["claude-opus-5-5"], **changes)  # type: ignore[arg-type]
    index = dict(base.index)
    for name, values in changes.items():
        kind = {"aliases": Spelling.ALIAS, "bedrock": Spelling.BEDROCK}[name]
        for value in values:
            index.setdefault(value, ("claude-opus-5-5", kind))
    return dataclasses.replace(base, models={**base.models, model.id: model}, index=index)


@pytest.mark.parametrize(
    ("changes", "written"),
    [
        pytest.param({"aliases": (INJECTED,)}, 'M = "claude-3-opus-latest"\n', id="alias-code"),
        pytest.param(
            {"aliases": ("claude-opus-5-5 claude-2.1",)},
            'M = "claude-3-opus-latest"\n',
            id="alias-two-ids",
        ),
        pytest.param(
            {"bedrock": ("anthropic.claude-opus-5-5-v1:0\nclaude-2.1",)},
            'M = "anthropic.claude-3-opus-20240229-v1:0"\n',
            id="bedrock-two-lines",
        ),
        pytest.param(
            {"bedrock": ("claude-opus-5-5",)},  # one known id, but not a Bedrock spelling
            'M = "anthropic.claude-3-opus-20240229-v1:0"\n',
            id="bedrock-written-as-api-id",
        ),
    ],
)
@pytest.mark.parametrize("suffix", [".py", ".yaml", ".sh", ".js"])
def test_a_fix_that_does_not_rescan_as_one_known_id_is_not_applied(
    tmp_path: Path, changes: dict[str, tuple[str, ...]], written: str, suffix: str
) -> None:
    path = tmp_path / f"app{suffix}"
    path.write_text(written, encoding="utf-8")
    options = RunOptions(Config(), _tampered(**changes), AS_OF, fix=True, write=True)
    result = check_file(Candidate(path, explicit=True), options)
    assert path.read_text(encoding="utf-8") == written
    (diagnostic,) = result.diagnostics
    assert diagnostic.replacement is None and not diagnostic.fixable
    assert "not fixable" in diagnostic.message


def test_a_good_fix_still_applies(tmp_path: Path) -> None:
    """The guard is not simply refusing everything."""
    path = tmp_path / "app.py"
    path.write_text('M = "anthropic.claude-3-opus-20240229-v1:0"\n', encoding="utf-8")
    options = RunOptions(Config(), load_registry(), AS_OF, fix=True, write=True)
    check_file(Candidate(path, explicit=True), options)
    assert path.read_text(encoding="utf-8") == 'M = "anthropic.claude-opus-5-5"\n'
