"""Result files by their content: a leaderboard, a benchmark's results, an eval dataset.

Paths catch ``benchmarks/`` and ``leaderboard*``, but aider keeps its results in
``aider/website/_data/polyglot_leaderboard.yml``: a YAML list of runs, each a ``model:`` and
its scores. Such a file records what a model did; rewriting its ids makes it claim a newer
model scored that. A data file whose keys include two or more of the fields results and
datasets are made of is a record: its ids are reported, never rewritten, and the message
names the fields that gave it away.
"""

from __future__ import annotations

import json
import re

from ..types import BASELINE_FORMAT

BASELINE_WHY = "a claude-model-lint baseline: it records the findings as they were"

# keys of results (aider's leaderboards; common eval metrics) and of eval datasets; a name
# that ends with a digit or suffix ('pass_rate_2', 'rougeL') is matched by its stem
_FIELDS = (
    "pass_rate_", "pass_num_", "percent_cases_well_formed", "error_outputs",
    "num_malformed_responses", "seconds_per_case", "total_cost", "test_cases",
    "exhausted_context_windows", "syntax_errors", "lazy_comments", "user_asks", "accuracy",
    "f1_score", "exact_match", "win_rate", "elo_rating", "pass@", "pass_at_", "success_rate",
    "resolved_rate", "mean_score", "avg_score", "bleu", "rouge", "expected_output",
    "ground_truth", "ideal_answer", "gold_answer", "reference_answer",
)  # fmt: skip
_AS_KEY = {
    field: re.compile(rf"""(?<![\w@]){re.escape(field)}\w{{0,12}}["']?[ \t]*[:=]""")
    for field in _FIELDS
}
WHY = "a results or dataset file ({fields}): it records what a model did"


def result_fields(text: str) -> str:
    """The reason ``text`` is a results or dataset file (or our baseline), or ''. Each field is
    looked for by a substring search first (C speed), then as a key; two different ones are
    enough."""
    if BASELINE_FORMAT in text and _is_baseline(text):
        return BASELINE_WHY
    seen: list[str] = []
    for field, as_key in _AS_KEY.items():
        if field in text and as_key.search(text) is not None:
            seen.append(field.rstrip("_@"))
            if len(seen) == 2:
                return WHY.format(fields=", ".join(seen))
    return ""


def _is_baseline(text: str) -> bool:
    """A JSON document whose "format" is our baseline's (parsed: a source file that merely
    names the format, a test of the baseline, is not one)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("format") == BASELINE_FORMAT
