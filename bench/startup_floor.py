"""What the start of a run costs, layer by layer: the floor under the pre-commit shape.

    python bench/startup_floor.py [--repeat 15]

The pre-commit shape (10 small files named, none holding an id) is almost all start-up. This
measures, in CPU time (medians, interleaved rounds, each command a fresh process):

- ``python -c pass`` and ``python -c "import click"`` (the target's yardstick);
- click plus the standard-library modules the run imports and click does not (found from
  ``-X importtime`` of a real run, so the list follows the code): the floor for any Python tool
  that uses what the run uses (TOML, JSON, dataclasses, subprocess, ...) with none of our code;
- the same plus loading the bundled model data (every run judges with it);
- importing the command, and the whole run.

Figures go in issue notes; nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PYTHON = sys.executable
TOOL = str(Path(PYTHON).parent / "claude-model-lint")


def imported(command: list[str], cwd: str) -> set[str]:
    """Top-level names of every module a command imports (from ``-X importtime``)."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", *command], cwd=cwd, capture_output=True, text=True
    )
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def cpu(command: list[str], cwd: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        names = []
        for i in range(1, 11):
            Path(work, f"f{i}.py").write_text(f"x = {i}\n")
            names.append(f"f{i}.py")
        run = [TOOL, "--no-cache", "--as-of", "2026-11-25", *names]
        stdlib = sys.stdlib_module_names
        extra = sorted(
            name
            for name in imported([TOOL, *run[1:]], work) - imported(["-c", "import click"], work)
            if name in stdlib and not name.startswith("_") and importlib.util.find_spec(name)
        )
        imports = ", ".join(["click", *extra])
        load = "from claude_model_lint.registry.registry import load_registry; load_registry(())"
        commands = {
            "python -c pass": [PYTHON, "-c", "pass"],
            "import click": [PYTHON, "-c", "import click"],
            "click + the run's stdlib": [PYTHON, "-c", f"import {imports}"],
            "  + load the model data": [PYTHON, "-c", f"import {imports}; {load}"],
            "import the command": [PYTHON, "-c", "import claude_model_lint.commands.lint"],
            "the run (10 files)": run,
        }
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():  # warm-up: page cache, .pyc files
            cpu(command, work)
        for _ in range(args.repeat):
            for name, command in commands.items():
                seconds[name].append(cpu(command, work))
    click = statistics.median(seconds["import click"])
    print(f"stdlib modules the run imports beyond click ({len(extra)}): {', '.join(extra)}")
    print("| what | CPU ms (median) | x import click |")
    print("|---|---|---|")
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"| {name} | {median * 1000:.1f} | {median / click:.2f} |")
    print(f"(rounds: {args.repeat}; load average {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
