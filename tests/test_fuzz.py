"""Fuzzing the recognizer, the scanners and the fixer with random bytes and near-model-ids.

Examples per test: 60 by default (CI); set CML_FUZZ_EXAMPLES=5000 for a long run.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_model_lint.check.engine import PYTHON_SUFFIXES, RunOptions, check_file
from claude_model_lint.check.verdicts import judge
from claude_model_lint.config import Config
from claude_model_lint.decoding import decode
from claude_model_lint.model_ids import find_ids
from claude_model_lint.registry.registry import load_registry
from claude_model_lint.repo.candidate import Candidate

REGISTRY = load_registry()
ON = date(2026, 11, 25)
FUZZ = settings(
    max_examples=int(os.environ.get("CML_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PIECES = [
    "claude", "-", ".", "@", ":", "/", "anthropic.", "us.", "global.", "us-gov.", "anthropic/",
    "bedrock/", "vertex_ai/", "opus", "sonnet", "haiku", "fable", "mythos", "instant", "latest",
    "preview", "1", "2", "3", "4", "5", "6", "7", "8", "0", "20240229", "20250514", "2025", "v1",
    "v2", ":0", ":1", ":200k", ":beta", "%2F", "\\n", "x", "_", '"', "'", " ", "\n", "\r\n", "é",
    "#", "claude-model-lint: ignore", "[1m]",
]  # fmt: skip
NEAR_IDS = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)
SUFFIXES = [".py", ".ipynb", ".json", ".yaml", ".txt", ".md", ".env", ".js"]


@FUZZ
@given(text=st.one_of(NEAR_IDS, st.text(max_size=200)))
def test_recognizer_spans_lie_inside_the_text(text: str) -> None:
    previous_end = 0
    for found in find_ids(text):
        assert previous_end <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.text
        previous_end = found.end
        for verdict in judge(found, REGISTRY, ON):
            assert verdict.code.startswith("CML")


@FUZZ
@given(
    data=st.one_of(st.binary(max_size=400), NEAR_IDS.map(lambda s: s.encode("utf-8"))),
    suffix=st.sampled_from(SUFFIXES),
)
def test_scanners_and_fixer_survive_anything(
    tmp_path_factory: object, data: bytes, suffix: str
) -> None:
    root: Path = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    path = root / f"sample{suffix}"
    path.write_bytes(data)
    options = RunOptions(Config(), REGISTRY, ON, fix=True, write=True)
    result = check_file(Candidate(path, explicit=True), options)
    assert result.error is None, result.error
    text = decode(data, python=suffix in PYTHON_SUFFIXES).text
    for d in result.diagnostics:
        assert 0 <= d.start < d.end <= len(text)
        assert d.line >= 1 and d.column >= 1
    again = check_file(Candidate(path, explicit=True), options)
    assert again.error is None
    assert not any(d.replacement for d in again.diagnostics)  # fix, then nothing fixable is left


NOTEBOOK = (
    '{"cells": [{"cell_type": "code", "source": ["m = \\"claude-2.1\\"\\n", "x = 1"],'
    ' "outputs": [{"text": ["claude-2.1"]}]}, {"cell_type": "markdown", "source": "hi"}],'
    ' "metadata": {"kernel": {"n": [1, 2.5, true, null]}}, "nbformat": 4}'
)


@FUZZ
@given(
    at=st.integers(0, len(NOTEBOOK) - 1),
    insert=st.sampled_from(["", ",", ":", "]", "}", '"', "x", " 1"]),
)
def test_the_notebook_reader_refuses_exactly_what_json_refuses(at: int, insert: str) -> None:
    """It checks the JSON it walks in one pass instead of json.loads first: hold it to json."""
    import json

    from claude_model_lint.scanners.notebook import NotebookError, scan_notebook

    text = NOTEBOOK[:at] + insert + NOTEBOOK[at + 1 :]  # one character replaced (or deleted)
    try:
        json.loads(text)
        valid = True
    except ValueError:
        valid = False
    try:
        scan_notebook(text)
        refused = False
    except NotebookError as exc:
        refused = str(exc).startswith("not valid JSON")
    assert refused == (not valid)
