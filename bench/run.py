"""Time claude-model-lint beside rg, ruff and semgrep in one run, with repetitions; print a table.

    python bench/run.py [--repeat 5] [--jobs N] [--label NAME] [--with-warm] [--record FILE]
        [--semgrep-repeat 1] [--semgrep-timeout 60] PATH [PATH ...]

Each command runs over all the PATHs at once, cold (no cache) unless --warm. The peers are
the ones on PATH (rg, ruff, semgrep with bench/semgrep-claude-ids.yml: the same regex as
RG_PATTERN). semgrep takes seconds to minutes where the others take one, so it runs in the
first --semgrep-repeat rounds only, killed after --semgrep-timeout seconds (its row then
says so, and its ratio is a bound). Peak MB is the largest process of a command (ru_maxrss);
tree MB is the most its whole process tree held at once (PSS summed, sampled every 20 ms in
the command's first run: forked workers share pages). CPU s is user + system time of the
command and the children it waited for: its ratios ("by CPU") move less than wall time when
other work crowds the cores. Figures go in issue notes; nothing here is asserted by the test
suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

TOOL = str(Path(sys.executable).parent / "claude-model-lint")
RG_PATTERN = r"(?:[a-z-]+\.)?(?:anthropic\.)?claude[-.][a-z0-9][a-z0-9.@:-]*"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SEMGREP_RULE = Path(__file__).parent / "semgrep-claude-ids.yml"
# osemgrep (--experimental: the OCaml command line, 0.5 s to start where the Python one takes
# 4 s and re-reads a file for every result it prints), every file (no default .semgrepignore,
# which skips tests/; no 1 MB size limit), no metrics and no version check: nothing to fetch.
SEMGREP_OPTIONS = [
    "scan", "--experimental", "--config", str(SEMGREP_RULE), "--metrics=off",
    "--disable-version-check", "-q", "--json", "--max-target-bytes", "0",
    "--x-ignore-semgrepignore-files",
]  # fmt: skip


@dataclass
class Command:
    """What to run; ``rounds`` caps the timed rounds (and skips the warm-up round) for a peer
    that takes minutes; past ``timeout`` seconds the run is killed and counted as a timeout."""

    name: str
    argv: list[str]
    count: str = ""  # how to count what it found in its output: ours, rg, semgrep
    rounds: int | None = None
    timeout: float | None = None


@dataclass
class Timing:
    name: str
    seconds: list[float]
    peak_kb: int
    cpu: list[float] = field(default_factory=list)  # user + system, the tree's reaped processes
    tree_kb: int = 0
    found: int | None = None
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def _tree(pid: int) -> list[int]:
    """The process and its descendants, from /proc's children lists."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(child) for child in children)
    return found


def _pss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
                break
    return total


def _sample_tree(pid: int, done: threading.Event, peak: list[int]) -> None:
    while True:
        peak[0] = max(peak[0], _pss_kb(_tree(pid)))
        if done.wait(0.02):
            return


def _run_once(
    command: list[str], cwd: Path, timeout: float | None = None, sample: bool = False
) -> tuple[float, int, bytes, bool, int, float]:
    """Wall seconds, ru_maxrss (KB, the largest process of the tree), stdout, whether it was
    killed at ``timeout``, (with ``sample``) the peak PSS of the whole tree in KB, and CPU
    seconds (user + system of the process and the children it waited for)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV,
        start_new_session=timeout is not None,
    )  # fmt: skip
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        os.killpg(process.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill) if timeout is not None else None
    if timer:
        timer.start()
    done, peak = threading.Event(), [0]
    sampler = threading.Thread(target=_sample_tree, args=(process.pid, done, peak))
    if sample:
        sampler.start()
    out = process.stdout.read() if process.stdout else b""
    _, _, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = 0
    if timer:
        timer.cancel()
    if sample:
        done.set()
        sampler.join()
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss, out, killed.is_set(), peak[0], cpu


def _count(how: str, out: bytes) -> int | None:
    try:
        if how == "ours":
            return len(json.loads(out or b"[]"))
        if how == "semgrep":
            return len(json.loads(out)["results"])
        if how == "rg":  # --count-matches: PATH:N per file (N alone for one file)
            return sum(int(line.rsplit(b":", 1)[-1]) for line in out.splitlines())
    except (ValueError, KeyError):
        return None
    return None


def measure(
    commands: list[tuple[str, list[str]]] | list[Command], cwd: Path, repeat: int
) -> list[Timing]:
    """Every command once per round, in turn, ``repeat`` rounds after one warm-up round (page
    cache, .pyc files): a slow spell of this shared machine then hits all of them alike."""
    runs = [c if isinstance(c, Command) else Command(*c) for c in commands]
    rows = [Timing(c.name, [], 0) for c in runs]
    for row, run in zip(rows, runs, strict=True):
        if run.rounds is None:
            row.tree_kb = _run_once(run.argv, cwd, sample=True)[4]
    for round_ in range(repeat):
        for row, run in zip(rows, runs, strict=True):
            if run.rounds is not None and round_ >= run.rounds:
                continue
            first = run.rounds is not None and round_ == 0
            elapsed, rss, out, killed, tree, cpu = _run_once(run.argv, cwd, run.timeout, first)
            row.seconds.append(elapsed)
            row.cpu.append(cpu)
            row.peak_kb = max(row.peak_kb, rss)
            row.tree_kb = max(row.tree_kb, tree)
            row.timed_out = row.timed_out or killed
            if run.count and not killed:
                row.found = _count(run.count, out)
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
        "--with-warm", action="store_true", help="a warm-cache row beside the peers' rows"
    )
    parser.add_argument(
        "--against-jobs", type=int, metavar="N", help="against the same run with --jobs N"
    )
    parser.add_argument("--startup", action="store_true", help="against python -c 'import click'")
    parser.add_argument("--semgrep-repeat", type=int, default=1, metavar="N")
    parser.add_argument("--semgrep-timeout", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--record", type=Path, help="append the rows to this file (JSON lines)")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.paths]
    cwd = Path(os.path.commonpath(paths)) if len(paths) > 1 else paths[0]
    ours = [TOOL, "--as-of", "2026-11-25", "--format", "json", "--exit-zero"]
    targets = (
        [str(p) for p in sorted(paths[0].iterdir())] if args.startup else list(map(str, paths))
    )
    jobs = ["--jobs", str(args.jobs)]
    with tempfile.TemporaryDirectory() as kept:
        cache = ["--cache-dir", kept]
        if args.warm or args.with_warm:
            subprocess.run([*ours, *cache, *targets], cwd=cwd, capture_output=True, env=ENV)
        commands = [Command("claude-model-lint", [*ours, *jobs, "--no-cache", *targets], "ours")]
        if args.warm:
            warm = Command(
                "claude-model-lint, warm cache", [*ours, *jobs, *cache, *targets], "ours"
            )
            commands = [warm, Command("the same, --no-cache", commands[0].argv, "ours")]
        elif args.startup:
            commands.append(
                Command("python -c 'import click'", [sys.executable, "-c", "import click"])
            )
        elif args.against_jobs is not None:
            other = ["--jobs", str(args.against_jobs), "--no-cache"]
            commands.append(
                Command(f"the same, --jobs {args.against_jobs}", [*ours, *other, *targets])
            )
        else:
            if args.with_warm:
                argv = [*ours, *jobs, *cache, *targets]
                commands.append(Command("claude-model-lint, warm cache", argv, "ours"))
            commands += _peers(paths, args.semgrep_repeat, args.semgrep_timeout)
        rows = measure(commands, cwd, args.repeat)
    _report(args.label, paths, rows, args.record)


def _peers(paths: list[Path], semgrep_repeat: int, semgrep_timeout: float) -> list[Command]:
    """rg, ruff and semgrep, those of them on PATH."""
    peers = []
    if shutil.which("rg"):
        rg = ["rg", "-j2", "--count-matches", "--no-messages", RG_PATTERN, *map(str, paths)]
        peers.append(Command("rg (2 threads)", rg, "rg"))
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if Path(ruff).exists():
        options = ["check", "--no-cache", "--select", "E9", "--exit-zero", "-q"]
        peers.append(Command("ruff --select E9 --no-cache", [ruff, *options, *map(str, paths)]))
    semgrep = shutil.which("semgrep")
    if semgrep and semgrep_repeat > 0:
        if f"pattern-regex: {RG_PATTERN}\n" not in SEMGREP_RULE.read_text():
            sys.exit(f"{SEMGREP_RULE}: its pattern-regex is not RG_PATTERN")
        argv = [semgrep, *SEMGREP_OPTIONS, *map(str, paths)]
        peers.append(
            Command("semgrep (osemgrep, 2 jobs)", argv, "semgrep", semgrep_repeat, semgrep_timeout)
        )
    return peers


def _report(label: str, paths: list[Path], rows: list[Timing], record: Path | None) -> None:
    files, megabytes = corpus(paths)
    ours = rows[0].median
    name = label or ", ".join(p.name for p in paths)
    print(f"\n{name}: {files} files, {megabytes:.1f} MB, {rows[0].found} findings")
    print(
        "| command | runs | median s | min | max | CPU s | peak MB | tree MB | found "
        "| ours / this | by CPU |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ours_cpu = statistics.median(rows[0].cpu)
    for row in rows:
        ratio = "" if row is rows[0] else f"{ours / row.median:.3f}"
        if row.name.startswith("claude-model-lint, warm") and row is not rows[0]:
            ratio = f"warm / cold {row.median / ours:.3f}"
        if row.timed_out:
            ratio = f"< {ratio} (killed at {max(row.seconds):.0f} s)"
        low, high = min(row.seconds), max(row.seconds)
        peak, tree = row.peak_kb / 1024, row.tree_kb / 1024
        found = "" if row.found is None else str(row.found)
        cpu = statistics.median(row.cpu)
        by_cpu = "" if row is rows[0] or row.timed_out else f"{ours_cpu / cpu:.2f}"
        if by_cpu and ratio.startswith("warm"):
            by_cpu = f"{cpu / ours_cpu:.2f}"
        print(
            f"| {row.name} | {len(row.seconds)} | {row.median:.3f} | {low:.3f} | {high:.3f} | "
            f"{cpu:.2f} | {peak:.0f} | {tree:.0f} | {found} | {ratio} | {by_cpu} |"
        )
    if record:
        entry = {"label": name, "files": files, "megabytes": megabytes}
        entry["rows"] = [
            {"name": r.name, "seconds": r.seconds, "cpu": r.cpu, "peak_kb": r.peak_kb, "tree_kb": r.tree_kb,
             "found": r.found, "timed_out": r.timed_out}
            for r in rows
        ]  # fmt: skip
        with record.open("a") as out:
            out.write(json.dumps(entry) + "\n")


if __name__ == "__main__":
    main()
