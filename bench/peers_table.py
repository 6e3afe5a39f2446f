"""One row per repository from bench/run.py --record lines: ours against each peer and warm
against cold, with issue 35's targets marked (a ratio only; the rows it sums are above it).

    python bench/peers_table.py RECORD
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

OURS, WARM = "claude-model-lint", "claude-model-lint, warm cache"
# (column, the peer's row name prefix, the most ours / peer may be)
PEERS = [("/ ruff E9", "ruff", 1.5), ("/ rg", "rg", 5.0), ("/ semgrep", "semgrep", 0.1)]
WARM_MOST, PEAK_MOST_MB = 0.35, 150


def _mark(ok: bool) -> str:
    return "" if ok else " ✗"


def _row(entry: dict) -> str:
    rows = {row["name"]: row for row in entry["rows"]}
    ours = statistics.median(rows[OURS]["seconds"])
    cells = [entry["label"], str(entry["files"]), f"{entry['megabytes']:.1f}", f"{ours:.2f}"]
    found = [str(rows[OURS]["found"])]
    ours_cpu = statistics.median(rows[OURS].get("cpu") or [0.0])
    by_cpu = []
    for _, prefix, most in PEERS:
        peer = next((row for name, row in rows.items() if name.startswith(prefix)), None)
        if peer is None:
            cells.append("")
            continue
        ratio = ours / statistics.median(peer["seconds"])
        if peer["timed_out"]:  # an upper bound: met if the bound is, unknown otherwise
            cells.append(f"< {ratio:.2f}" + ("" if ratio <= most else " ?"))
        else:
            cells.append(f"{ratio:.2f}{_mark(ratio <= most)}")
        peer_cpu = statistics.median(peer.get("cpu") or [0.0])
        if peer_cpu and not peer["timed_out"]:
            by_cpu.append(f"{prefix} {ours_cpu / peer_cpu:.2f}")
        if peer["found"] is not None:
            found.append(f"{prefix} {peer['found']}")
    warm = rows.get(WARM)
    if warm:
        ratio = statistics.median(warm["seconds"]) / ours
        cells.append(f"{ratio:.2f}{_mark(ratio <= WARM_MOST)}")
    else:
        cells.append("")
    mine = max(rows[OURS]["peak_kb"], rows[OURS]["tree_kb"], *(
        max(warm["peak_kb"], warm["tree_kb"]) for warm in [warm] if warm
    )) / 1024  # fmt: skip
    peers = {row["name"].split()[0]: max(row["peak_kb"], row["tree_kb"]) / 1024
             for name, row in rows.items() if not name.startswith(OURS)}  # fmt: skip
    cells.append(f"{mine:.0f}{_mark(mine <= PEAK_MOST_MB)}")
    cells.append(", ".join(f"{name} {mb:.0f}" for name, mb in peers.items()))
    cells.append(", ".join(by_cpu))
    cells.append(" / ".join(found))
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    entries = [json.loads(line) for line in Path(sys.argv[1]).read_text().splitlines() if line]
    print(
        "\nours / peer: median wall time, cold (--no-cache); ✗ misses issue 35's target "
        f"(ruff <= 1.5, rg <= 5, semgrep <= 0.1, warm <= {WARM_MOST} of cold, "
        f"<= {PEAK_MOST_MB} MB); '<' a peer killed at its timeout (a bound; '?': the bound "
        "does not tell)"
    )
    print(
        "| repository | files | MB | ours s | ours / ruff E9 | ours / rg | ours / semgrep | "
        "warm / cold | ours peak MB | peers' peak MB | ours / peer by CPU time | "
        "found: ours / rg / semgrep |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for entry in entries:
        print(_row(entry))


if __name__ == "__main__":
    main()
