"""The cost per id found, per format: CPU microseconds to scan (read, decode, find, place) and
to judge.

    python bench/per_id.py [--files 60] [--megabytes 6] [--repeat 5] [--real LABEL=PATH[,PATH...]]

Each format gets a synthetic shape dense with ids (bench/synth.py): Python test modules, YAML
cassettes, the same cassettes as JSON, notebooks. Each ``--real`` adds a row of real files
(globs allowed; a row of .py files only is a Python row), and the real rows are summed into one
row for Python and one for the text formats. Scanning runs in this process, best of
``--repeat`` rounds (CPU time, so a busy machine moves it less than wall time).

Two floors beside them, per id, of work no scanner of that format can skip: for Python,
CPython's own parser over each file (``compile(..., ast.PyCF_ONLY_AST)``: the calls an id
configures are read from its tree); for every format, decoding the bytes and finding the ids
with the id regex alone (``model_ids.find_ids``), with nothing placed, judged or kept.
"""

from __future__ import annotations

import argparse
import ast
import glob
import json
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import SHAPES

from claude_model_lint.check.engine import RunOptions, judge_record, scan_file
from claude_model_lint.config import Config
from claude_model_lint.model_ids import find_ids
from claude_model_lint.registry.registry import load_registry
from claude_model_lint.repo.candidate import Candidate

Row = tuple[str, int, float, float, float, float, float]  # label, ids, MB, scan, judge, floors


def _as_json(yaml_text: str) -> str:
    """The cassette's lines as a JSON document: the same ids in a JSON file's shape."""
    return json.dumps({"interactions": yaml_text.splitlines()}, indent=1)


def _files(out: Path, files: int, megabytes: float) -> dict[str, list[Path]]:
    rng = random.Random(7)
    size = int(megabytes * 1_000_000 / files)
    made: dict[str, list[Path]] = {}
    for label, (suffix, make) in [
        ("python", SHAPES["python-tests"]), ("yaml", SHAPES["recordings"]),
        ("json", (".json", lambda r, n: _as_json(SHAPES["recordings"][1](r, n)))),
        ("notebook", SHAPES["notebooks"]),
    ]:  # fmt: skip
        for i in range(files):
            path = out / f"{label}{i}{suffix}"
            path.write_text(make(rng, size))
            made.setdefault(label, []).append(path)
    return made


def _real(specs: list[str]) -> dict[str, list[Path]]:
    made: dict[str, list[Path]] = {}
    for spec in specs:
        label, _, paths = spec.partition("=")
        found = [
            Path(p)
            for pattern in paths.split(",")
            for p in ([pattern] if Path(pattern).exists() else sorted(glob.glob(pattern)))
        ]
        if not found:
            sys.exit(f"--real {spec}: no such file")
        made[label] = found
    return made


def _measure(label: str, paths: list[Path], options: RunOptions, repeat: int) -> Row:
    """Ids, MB, the best CPU seconds of scanning and of judging ``paths``, and the floors."""
    candidates = [Candidate(path, True) for path in paths]
    best_scan = best_judge = float("inf")
    ids = 0
    for _ in range(repeat):
        start = time.process_time()
        records = [scan_file(c, options.config)[0] for c in candidates]
        middle = time.process_time()
        for candidate, record in zip(candidates, records, strict=True):
            judge_record(candidate.shown, candidate.text, record, options)
        end = time.process_time()
        best_scan = min(best_scan, middle - start)
        best_judge = min(best_judge, end - middle)
        ids = sum(len(record.occurrences) for record in records)
    megabytes = sum(path.stat().st_size for path in paths) / 1e6
    python = all(path.suffix == ".py" for path in paths)
    return (
        label,
        ids,
        megabytes,
        best_scan,
        best_judge,
        *_floors(paths, python, repeat),
    )


def _floors(paths: list[Path], python: bool, repeat: int) -> tuple[float, float]:
    """Best CPU seconds of the two floors over ``paths``: read, decode and find the ids; and
    (Python only) CPython's parser alone."""
    best_find = best_parse = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        texts = [path.read_bytes().decode("utf-8", "replace") for path in paths]
        for text in texts:
            find_ids(text)
        middle = time.process_time()
        if python:
            for text in texts:
                compile(text, "<bench>", "exec", ast.PyCF_ONLY_AST)
        best_find = min(best_find, middle - start)
        best_parse = min(best_parse, time.process_time() - middle)
    return best_find, best_parse if python else 0.0


def _sum(label: str, rows: list[Row]) -> Row:
    return (label, *(sum(row[i] for row in rows) for i in range(1, 7)))  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--megabytes", type=float, default=6.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--real", action="append", default=[], metavar="LABEL=PATH[,PATH...]")
    args = parser.parse_args()
    options = RunOptions(Config(), load_registry(()), date(2026, 11, 29))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as work:
        for label, paths in _files(Path(work), args.files, args.megabytes).items():
            rows.append(_measure(label, paths, options, args.repeat))
    real = _real(args.real)
    for python, kind in ((True, "Python"), (False, "text formats")):
        chosen = [
            _measure(label, paths, options, args.repeat)
            for label, paths in real.items()
            if all(path.suffix == ".py" for path in paths) == python
        ]
        if chosen:
            rows += [*chosen, _sum(f"**all real {kind}**", chosen)]
    print("| format | ids | MB | scan µs/id | judge µs/id | total µs/id | scan MB/s "
          "| floor: find µs/id | floor: parse µs/id |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for label, ids, megabytes, scan, judge, find, parse in rows:
        each = 1e6 / ids if ids else 0.0  # a row without ids: its seconds count in its sum
        cells = [scan, judge, scan + judge, None, find, parse if parse else None]
        shown = [
            f"{megabytes / scan:.1f}" if i == 3 else "-" if seconds is None or not ids
            else f"{seconds * each:.1f}"
            for i, seconds in enumerate(cells)
        ]  # fmt: skip
        print(f"| {label} | {ids} | {megabytes:.1f} | " + " | ".join(shown) + " |")


if __name__ == "__main__":
    main()
