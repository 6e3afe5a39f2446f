"""Time claude-model-lint beside rg and ruff in one run, with repetitions; print a table.

    python bench/run.py [--repeat 5] [--jobs N] [--label NAME] PATH [PATH ...]

Each command runs over all the PATHs at once, cold (no cache) unless --warm. Figures go in
issue notes; nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TOOL = str(Path(sys.executable).parent / "claude-model-lint")
RG_PATTERN = r"(?:[a-z-]+\.)?(?:anthropic\.)?claude[-.][a-z0-9][a-z0-9.@:-]*"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Timing:
    name: str
    seconds: list[float]
    peak_kb: int
    findings: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def _run_once(command: list[str], cwd: Path) -> tuple[float, int, bytes]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV
    )
    out = process.stdout.read() if process.stdout else b""
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return time.perf_counter() - start, usage.ru_maxrss, out


def measure(commands: list[tuple[str, list[str]]], cwd: Path, repeat: int) -> list[Timing]:
    """Every command once per round, in turn, ``repeat`` rounds after one warm-up round (page
    cache, .pyc files): a slow spell of this shared machine then hits all of them alike."""
    for _, command in commands:
        _run_once(command, cwd)
    rows = [Timing(name, [], 0) for name, _ in commands]
    for _ in range(repeat):
        for row, (_, command) in zip(rows, commands, strict=True):
            elapsed, rss, out = _run_once(command, cwd)
            row.seconds.append(elapsed)
            row.peak_kb = max(row.peak_kb, rss)
            if row is rows[0]:
                row.findings = len(json.loads(out or b"[]"))
    return rows


def corpus(paths: list[Path]) -> tuple[int, float]:
    """Files and MB of the corpus: those a walk by claude-model-lint's rules would check (its own
    discovery, git grep, names only the files that hold 'claude')."""
    from claude_model_lint.config import Config
    from claude_model_lint.repo.candidate import Candidate
    from claude_model_lint.run.files import discover

    files, size = 0, 0
    for item in discover(paths, Config(), use_git=False):
        if isinstance(item, Candidate):
            files += 1
            size += item.path.stat().st_size
    return files, size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=0, help="passed to claude-model-lint (0: auto)")
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--warm", action="store_true", help="a kept cache, against the same run with --no-cache"
    )
    parser.add_argument(
        "--against-jobs", type=int, metavar="N", help="against the same run with --jobs N"
    )
    parser.add_argument("--startup", action="store_true", help="against python -c 'import click'")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.paths]
    cwd = Path(os.path.commonpath(paths)) if len(paths) > 1 else paths[0]
    ours = [TOOL, "--as-of", "2026-11-25", "--format", "json", "--exit-zero"]
    targets = (
        [str(p) for p in sorted(paths[0].iterdir())] if args.startup else list(map(str, paths))
    )
    jobs = ["--jobs", str(args.jobs)]
    if args.warm:
        with tempfile.TemporaryDirectory() as kept:
            cache = ["--cache-dir", kept]
            subprocess.run([*ours, *cache, *targets], cwd=cwd, capture_output=True, env=ENV)
            commands = [
                ("claude-model-lint, warm cache", [*ours, *jobs, *cache, *targets]),
                ("the same, --no-cache", [*ours, *jobs, "--no-cache", *targets]),
            ]
            rows = measure(commands, cwd, args.repeat)
        _report(args.label, paths, rows)
        return
    commands = [("claude-model-lint", [*ours, *jobs, "--no-cache", *targets])]
    if args.startup:
        commands.append(("python -c 'import click'", [sys.executable, "-c", "import click"]))
    elif args.against_jobs is not None:
        other = ["--jobs", str(args.against_jobs), "--no-cache"]
        commands.append((f"the same, --jobs {args.against_jobs}", [*ours, *other, *targets]))
    else:
        if shutil.which("rg"):
            rg = ["rg", "-j2", "-c", "--no-messages", RG_PATTERN, *map(str, paths)]
            commands.append(("rg (2 threads)", rg))
        ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
        if Path(ruff).exists():
            options = ["check", "--no-cache", "--select", "E9", "--exit-zero", "-q"]
            commands.append(("ruff --select E9 --no-cache", [ruff, *options, *map(str, paths)]))
    rows = measure(commands, cwd, args.repeat)
    _report(args.label, paths, rows)


def _report(label: str, paths: list[Path], rows: list[Timing]) -> None:
    files, megabytes = corpus(paths)
    ours = rows[0].median
    name = label or ", ".join(p.name for p in paths)
    print(f"\n{name}: {files} files, {megabytes:.1f} MB, {rows[0].findings} findings")
    print("| command | median s | min | max | peak MB | ours / this |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        ratio = "" if row is rows[0] else f"{ours / row.median:.2f}"
        low, high, peak = min(row.seconds), max(row.seconds), row.peak_kb / 1024
        print(f"| {row.name} | {row.median:.3f} | {low:.3f} | {high:.3f} | {peak:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
