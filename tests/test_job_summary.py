"""The job summary lists every finding, per file in a collapsible block, within GitHub's 1 MiB
limit; when it cannot, it says how many it left out, and the annotations' notice says the same."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from claude_model_lint.reporters.summary import LIMIT

from .conftest import AS_OF, CLI

ENV = {"GITHUB_REPOSITORY": "acme/app", "GITHUB_SHA": "0" * 40}


def _github(cwd: Path, summary: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **ENV, "NO_COLOR": "1", "GITHUB_STEP_SUMMARY": str(summary)}
    return subprocess.run(
        # (no time budget: 9,000 ids went over it at load 10, and the summary counted fewer)
        [CLI, "--as-of", AS_OF, "--file-timeout", "0", "--output-format", "github", "src"],
        cwd=cwd, env=env,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def _items(text: str) -> list[str]:
    return re.findall(r"^- \[(.+?)\]\(", text, flags=re.MULTILINE)


def test_every_finding_per_file_in_details(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.py").write_text('A = "claude-2.1"\n' * 15 + 'W = "claude-opus-4@20250805"\n')
    (src / "b <odd>.yaml").write_text("model: claude-2.1\n" * 12)
    summary = tmp_path / "summary.md"
    result = _github(tmp_path, summary)
    text = summary.read_text()
    assert len(_items(text)) == 28  # every one, where the old summary listed the first 20
    assert _items(text)[:2] == ["src/a.py:1", "src/a.py:2"]
    assert text.count("<details>") == text.count("</details>") == 2
    assert "<summary><code>src/a.py</code>: 16 findings (15 errors, 1 warning)</summary>" in text
    assert "<code>src/b &lt;odd&gt;.yaml</code>: 12 findings (12 errors)" in text
    assert "not listed" not in text
    # 27 errors, 10 annotated, and the summary really has all of them
    assert "17 more findings are not shown" in result.stdout
    assert "see the job summary for all of them" in result.stdout


def test_a_summary_over_the_limit_is_cut_and_says_so(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "many.py").write_text('A = "claude-2.1"\n' * 9000)
    (src / "more.py").write_text('B = "claude-2.1"\n' * 100)
    summary = tmp_path / "summary.md"
    earlier = "an earlier command of the same step\n" * 8000  # ~280 KB of the step's 1 MiB
    summary.write_text(earlier)
    result = _github(tmp_path, summary)
    data = summary.read_bytes()
    assert len(data) <= LIMIT
    text = data.decode("utf-8")
    listed = len(_items(text))
    cut = int(re.search(r"\*\*(\d+) of 9100 findings are not listed here\*\*", text)[1])  # type: ignore[index]
    assert listed + cut == 9100 and 1000 < listed < 9100
    assert len(data) > LIMIT - 4096  # it used the room it had
    assert text.count("<details>") == text.count("</details>")
    assert text.startswith(earlier) and text.endswith("claude-model-lint 0.1.0.\n")
    assert f"the job summary lists all but {cut} of them" in result.stdout


def test_one_finding_is_one(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text('A = "claude-2.1"\n')
    summary = tmp_path / "summary.md"
    _github(tmp_path, summary)
    text = summary.read_text()
    assert text.startswith(f"## claude-model-lint: 1 finding as of {AS_OF}\n")
    assert "<code>src/a.py</code>: 1 finding (1 error)</summary>" in text
