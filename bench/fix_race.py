"""Count the edits --fix loses to a concurrent writer (measured, never asserted).

    python bench/fix_race.py [--runs 300]

Each run: a file holding a retired id; a separate process appends numbered lines to it (open,
append, close, as an editor or a logger does) while this process fixes it through the engine.
Afterwards every appended line must be in the file, unless the fix was refused. Prints the runs,
the fixes applied and refused, and the lines lost.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from claude_model_lint.check.engine import RunOptions, check_file
from claude_model_lint.config import Config
from claude_model_lint.registry.registry import load_registry
from claude_model_lint.repo.candidate import Candidate

ORIGINAL = 'M = "claude-2.1"\n' + "x = 1\n" * 20
APPENDER = """
import random, sys, time
path, count, span = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
print("go", flush=True)
time.sleep(random.uniform(0, span))  # sometimes before the fix reads, sometimes during its write
for i in range(count):
    with open(path, "a") as handle:
        handle.write(f"# line {i}\\n")
    time.sleep(0.001)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--lines", type=int, default=5)
    args = parser.parse_args()
    registry = load_registry()
    options = RunOptions(Config(), registry, date(2026, 11, 25), fix=True, write=True)
    applied = refused = lost = appended = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "app.py"
        path.write_text(ORIGINAL)
        start = time.perf_counter()
        check_file(Candidate(path, explicit=True), options)  # warm up, and time one fix
        span = str(1.5 * (time.perf_counter() - start))
        for _ in range(args.runs):
            path.write_text(ORIGINAL)
            writer = subprocess.Popen(
                [sys.executable, "-c", APPENDER, str(path), str(args.lines), span],
                stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            assert writer.stdout is not None and writer.stdout.readline() == "go\n"
            result = check_file(Candidate(path, explicit=True), options)
            writer.wait()
            if any(note.startswith("not fixed") for note in result.notes):
                refused += 1
            elif result.fixed_count:
                applied += 1
            text = path.read_text()
            appended += args.lines
            lost += sum(f"# line {i}\n" not in text for i in range(args.lines))
    print(f"runs {args.runs}: fixes applied {applied}, refused {refused}; "
          f"lines appended {appended}, lost {lost}")  # fmt: skip


if __name__ == "__main__":
    main()
