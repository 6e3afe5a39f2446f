"""The usage audit against hostile exports (issue 36, items 10 and 11): memory does not grow with
the distinct models and keys (2M of them took 16.9 GB; what is cut is said), and a number no
float holds is one line naming it, never a traceback or ``Infinity`` in the JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from claude_model_lint.usage.export import MAX_MODELS

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


def test_memory_does_not_grow_with_the_length_of_models_and_keys(tmp_path: Path) -> None:
    """Review 3 B7: the counts were capped, not the text; 1,000 distinct API keys of 120 KB took
    0.6 GB. Long values keep their start and a hash of the whole: still distinct, and said."""
    distinct, peaks = 2_000, []
    for length in (300, 12_000):  # the same rows, 40x the text (1.2 MB, then 48 MB)
        with (tmp_path / "u.csv").open("w") as f:
            f.write("model,api_key,input_tokens\n")
            for i in range(distinct):
                f.write(f"model-{i:05d}{'m' * length},key-{i:05d}{'k' * length},1\n")
        peak, out = _peak_kb([USAGE, "--as-of", AS_OF, "--format", "json", "u.csv"], tmp_path)
        report = json.loads(out)
        models = [m["model"] for m in report["models"]]
        keys = {k for m in report["models"] for k in m["by_key"]}
        assert len(set(models)) == len(keys) == distinct  # cut, never merged
        assert max(len(v) for v in (*models, *keys)) == 256
        assert models[0].startswith("model-") and "..." in models[0]
        assert report["cut"] == [
            f"{2 * distinct:,} model names or API keys longer than 256 characters cut to their "
            "start and a hash of the whole"
        ]
        peaks.append(peak)
    assert peaks[1] / peaks[0] < 1.3, peaks  # before: 8.6x (42 MB, then 361 MB); now 41 MB twice


def test_duplicate_column_headers_keep_both_columns(tmp_path: Path) -> None:
    """Review 3 B8: the second 'input_tokens' took the first's place (5 + 7 showed as 7)."""
    (tmp_path / "u.csv").write_text(
        "model,input_tokens,input_tokens,input_tokens (2)\nclaude-2.1,5,7,9\n"
    )
    done = _run("--format", "json", "u.csv", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert report["columns"] == ["input_tokens", "input_tokens (3)", "input_tokens (2)"]
    assert report["models"][0]["traffic"] == {
        "input_tokens": 5, "input_tokens (3)": 7, "input_tokens (2)": 9
    }  # fmt: skip
    text = _run("u.csv", cwd=tmp_path).stdout
    assert "input_tokens  input_tokens (3)  input_tokens (2)" in text


def test_a_negative_count_is_one_line_naming_line_and_column(tmp_path: Path) -> None:
    """Review 3 B9: -5 and 5 summed to no traffic: 'No retired or deprecated model carries
    traffic', exit 0. A column not named as counts with a negative number is not counts."""
    (tmp_path / "u.csv").write_text("model,input_tokens\nclaude-2.1,-5\nclaude-2.1,5\n")
    for form in ("text", "json"):
        done = _run("--format", form, "u.csv", cwd=tmp_path)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == (
            "claude-model-lint-usage: error: u.csv: line 2: column 'input_tokens': '-5' is "
            "negative (an export has no negative counts)\n"
        )
    (tmp_path / "u.csv").write_text("model,utc offset,requests\nclaude-2.1,-5,3\n")
    done = _run("--format", "json", "u.csv", cwd=tmp_path)
    assert done.returncode == 1 and json.loads(done.stdout)["columns"] == ["requests"]


def test_the_text_output_escapes_control_characters_of_the_export(tmp_path: Path) -> None:
    """Review 3 M-c: a model name or key from the CSV printed raw ESC and OSC sequences."""
    (tmp_path / "u.csv").write_bytes(
        'model,api_key,requests\n"gpt\x1b]0;owned\x07",k\x1b[2J\u009b1m,5\nclaude-2.1,k2,1\n'.encode()
    )
    for form in ("text", "markdown"):
        done = _run("--format", form, "u.csv", cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert not any(c in done.stdout for c in "\x1b\x07\u009b"), done.stdout
        assert "gpt\\x1b]0;owned\\x07" in done.stdout
    assert "k\\x1b[2J\\x9b1m: gpt" in _run("u.csv", cwd=tmp_path).stdout


def _cpu_seconds(args: list[str], cwd: Path) -> float:
    """The child's own CPU time (os.wait4), not the wall clock of a loaded machine."""
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0
    return usage.ru_utime + usage.ru_stime


def test_the_text_report_by_key_is_linear_in_keys_and_models(tmp_path: Path) -> None:
    """Each API key was looked for in every model's report: 50,000 keys of 10,000 models took
    over 300 s in text (7.8 s now, as JSON)."""
    times = []
    for rows in (10_000, 40_000):
        lines = "".join(f"model-{i % (rows // 5)},key-{i},1\n" for i in range(rows))
        (tmp_path / "u.csv").write_text("model,api_key,requests\n" + lines)
        times.append(_cpu_seconds([USAGE, "--as-of", AS_OF, "u.csv"], tmp_path))
    assert times[1] / times[0] < 6, times  # 4x the keys and models; quadratic was 16x
