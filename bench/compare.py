"""Builds of claude-model-lint against each other on one target, interleaved: each round runs
every build once, in turn, so a slow spell of this shared machine hits all of them alike.

    python bench/compare.py --build base=/path/to/old-venv --build new=.venv \\
        [--build new-j1=.venv:--jobs=1] [--env new:NAME=VALUE] [--repeat 9] [--cwd DIR] -- ARGS...

A build is a name and a virtualenv (``VENV[:ARG,ARG...]`` adds arguments of its own). Each gets
a HOME of its own (a shared one let the builds delete each other's scan cache). Prints the
median wall time and the median CPU time (user + system, of the process and its workers) of
each, and their ratios to the first build. Figures go in issue notes; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def _once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", action="append", required=True, metavar="NAME=VENV[:ARGS]")
    parser.add_argument("--env", action="append", default=[], metavar="NAME:VAR=VALUE")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--cwd", type=Path, default=Path.cwd())
    parser.add_argument("--label", default="")
    parser.add_argument("args", nargs="*", help="the arguments every build gets (after --)")
    options = parser.parse_args()
    extra_env: dict[str, dict[str, str]] = {}
    for item in options.env:
        name, _, assignment = item.partition(":")
        variable, _, value = assignment.partition("=")
        extra_env.setdefault(name, {})[variable] = value
    homes = tempfile.TemporaryDirectory()
    builds: dict[str, tuple[list[str], dict[str, str]]] = {}
    for item in options.build:
        name, _, spec = item.partition("=")
        venv, _, own = spec.partition(":")
        tool = str(Path(venv).resolve() / "bin" / "claude-model-lint")
        home = Path(homes.name) / name
        home.mkdir()
        env = {"PATH": os.environ["PATH"], "HOME": str(home), **extra_env.get(name, {})}
        builds[name] = ([tool, *filter(None, own.split(",")), *options.args], env)
    for command, env in builds.values():  # a warm-up round: page cache, .pyc files
        _once(command, options.cwd, env)
    wall: dict[str, list[float]] = {name: [] for name in builds}
    cpu: dict[str, list[float]] = {name: [] for name in builds}
    for _ in range(options.repeat):
        for name, (command, env) in builds.items():
            seconds, used = _once(command, options.cwd, env)
            wall[name].append(seconds)
            cpu[name].append(used)
    first = next(iter(builds))
    base_wall, base_cpu = statistics.median(wall[first]), statistics.median(cpu[first])
    print(f"{options.label or ' '.join(options.args)}:")
    for name in builds:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        low, high = min(wall[name]), max(wall[name])
        print(
            f"  {name}: {w:.3f} s ({w / base_wall:.2f}x; {low:.3f}-{high:.3f}), "
            f"CPU {c:.3f} s ({c / base_cpu:.2f}x)"
        )
    homes.cleanup()


if __name__ == "__main__":
    main()
