"""The usage audit against hostile exports (issue 36, items 10 and 11): memory does not grow with
the distinct models and keys (2M of them took 16.9 GB; what is cut is said), and a number no
float holds is one line naming it, never a traceback or ``Infinity`` in the JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from claude_model_lint.usage.audit import MAX_MODELS

from .conftest import AS_OF

USAGE = str(Path(sys.executable).parent / "claude-model-lint-usage")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [USAGE, "--as-of", AS_OF, *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_a_number_past_the_float_range_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "u.csv").write_text("model,input_tokens\nclaude-2.1,1e400\n")
    for form in ("text", "json", "markdown"):
        done = _run("--format", form, "u.csv", cwd=tmp_path)
        assert done.returncode == 2 and done.stdout == "", done.stderr
        assert done.stderr == (
            "claude-model-lint-usage: error: u.csv: line 2: column 'input_tokens': "
            "'1e400' is too large\n"
        )


def test_a_sum_past_the_float_range_is_one_line_never_infinity(tmp_path: Path) -> None:
    (tmp_path / "u.csv").write_text("model,input_tokens\nclaude-2.1,1e308\nclaude-2.1,1e308\n")
    done = _run("--format", "json", "u.csv", cwd=tmp_path)
    assert done.returncode == 2 and "Infinity" not in done.stdout
    assert done.stderr.strip().endswith("line 3: column 'input_tokens': the sum is too large")


def test_spellings_of_one_model_summed_past_the_float_range_are_one_line(tmp_path: Path) -> None:
    """Each spelling's sum fits a float, their total did not: JSON said Infinity."""
    (tmp_path / "u.csv").write_text("model,input_tokens\nclaude-2.1,1e308\nClaude-2.1,1e308\n")
    done = _run("--format", "json", "u.csv", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "claude-model-lint-usage: error: u.csv: model 'Claude-2.1': column 'input_tokens':"
        " the sum is too large\n"
    )


def test_a_count_of_many_digits_is_exact(tmp_path: Path) -> None:
    """Review M4: a 44-digit count went through a float (its last 28 digits lost); one of
    more than 300 digits is too large, as 1e400 is."""
    count = "12345678901234567890123456789012345678901234"
    (tmp_path / "u.csv").write_text(
        f"model,requests,cost\nclaude-2.1,{count},1.5\nclaude-2.1,1,2\n"
    )
    done = _run("--format", "json", "u.csv", cwd=tmp_path)
    totals = json.loads(done.stdout)["models"][0]["traffic"]
    assert totals == {"requests": int(count) + 1, "cost": 3.5}
    text = _run("u.csv", cwd=tmp_path).stdout
    assert f"{int(count) + 1:,}" in text
    (tmp_path / "u.csv").write_text(f"model,requests\nclaude-2.1,{'9' * 301}\n")
    done = _run("u.csv", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.endswith("is too large\n"), done.stderr


def _peak_kb(args: list[str], cwd: Path) -> tuple[int, str]:
    """The child's own peak resident size (os.wait4: not the other children of the test run)."""
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    with process.stdout as stream:  # type: ignore[union-attr]
        out = stream.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss, out


def test_memory_does_not_grow_with_distinct_models_and_what_is_cut_is_said(
    tmp_path: Path,
) -> None:
    peaks = []
    for distinct in (MAX_MODELS + 5_000, 8 * (MAX_MODELS + 5_000)):
        rows = "".join(f"model-{i},key-{i},{i}\n" for i in range(distinct))
        (tmp_path / "u.csv").write_text("model,api_key,input_tokens\n" + rows)
        peak, out = _peak_kb([USAGE, "--as-of", AS_OF, "--format", "json", "u.csv"], tmp_path)
        report = json.loads(out)
        assert report["rows"] == distinct and len(report["models"]) == MAX_MODELS
        assert report["cut"] == [
            f"{distinct - MAX_MODELS:,} rows of models beyond the first {MAX_MODELS:,} left out"
        ]
        peaks.append(peak)
    assert peaks[1] / peaks[0] < 1.5, peaks  # 8x the distinct models: the same memory
