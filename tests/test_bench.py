"""The benchmarks still run: each one, at its smallest, prints a table of real figures.

Nothing here times anything (speed is measured by bench/, with figures in issue notes); these
only keep the scripts from rotting as the package under them moves.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
NUMBER = r"\d+(?:\.\d+)?"


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=BENCH.parent, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_per_id_prints_a_row_per_format_with_its_floors() -> None:
    out = _run(str(BENCH / "per_id.py"), "--files", "2", "--megabytes", "0.1", "--repeat", "1")
    rows = {line.split("|")[1].strip(): line for line in out.splitlines()[2:]}
    assert set(rows) == {"python", "yaml", "json", "notebook"}
    python = [cell.strip() for cell in rows["python"].split("|")[2:-1]]
    assert all(re.fullmatch(NUMBER, cell) for cell in python), python
    assert int(python[0]) > 0  # ids were found
    assert rows["yaml"].rstrip().endswith("| - |")  # the parser's floor is Python's alone


def test_startup_floor_measures_each_layer() -> None:
    out = _run(str(BENCH / "startup_floor.py"), "--repeat", "1")
    assert "dataclasses" in out.splitlines()[0]  # found from the run's own imports
    layers = re.findall(rf"^\| (.+?) \| ({NUMBER}) \| ({NUMBER}) \|$", out, re.MULTILINE)
    assert [name for name, _, _ in layers] == [
        "python -c pass",
        "import click",
        "click + the run's stdlib",
        "  + load the model data",
        "import the command",
        "the run (10 files)",
    ]
    assert dict((name, ratio) for name, _, ratio in layers)["import click"] == "1.00"
