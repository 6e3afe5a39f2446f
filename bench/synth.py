"""A deterministic synthetic repository for the benchmark: most files hold no id.

python bench/synth.py OUT --files 5000 --megabytes 75 --id-every 50 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

IDS = [
    "claude-3-opus-20240229", "claude-3-5-sonnet-latest", "claude-sonnet-4-20250514",
    "us.anthropic.claude-3-haiku-20240307-v1:0", "claude-3-7-sonnet@20250219", "claude-opus-4-8",
    "claude-haiku-4-5", "anthropic/claude-3.5-sonnet",
]  # fmt: skip
WORDS = [
    "model",
    "client",
    "request",
    "token",
    "stream",
    "value",
    "index",
    "result",
    "config",
    "handler",
    "cache",
]


def _python(rng: random.Random, size: int, model: str | None) -> str:
    lines = ['"""A generated module."""', "import os", ""]
    while sum(map(len, lines)) < size:
        name = f"{rng.choice(WORDS)}_{rng.randrange(10_000)}"
        lines.append(f"def {name}(x: int) -> int:")
        lines.append(f"    # {' '.join(rng.choices(WORDS, k=8))}")
        lines.append(f"    return x * {rng.randrange(100)} + len({rng.choice(WORDS)!r})")
        lines.append("")
    if model:
        lines.insert(3, f'MODEL = "{model}"')
    return "\n".join(lines) + "\n"


def _text(rng: random.Random, size: int, model: str | None, suffix: str) -> str:
    lines = []
    while sum(map(len, lines)) < size:
        key = rng.choice(WORDS)
        lines.append(
            f"{key}: {' '.join(rng.choices(WORDS, k=10))}"
            if suffix == ".yaml"
            else " ".join(rng.choices(WORDS, k=12))
        )
    if model:
        lines.insert(
            len(lines) // 2, f"model: {model}" if suffix == ".yaml" else f"Use {model} here."
        )
    return "\n".join(lines) + "\n"


def generate(out: Path, files: int, megabytes: float, id_every: int, seed: int) -> None:
    rng = random.Random(seed)
    average = int(megabytes * 1_000_000 / files)
    for i in range(files):
        directory = out / f"pkg{i // 100:03}"
        directory.mkdir(parents=True, exist_ok=True)
        suffix = rng.choice([".py", ".py", ".py", ".md", ".yaml", ".txt"])
        model = rng.choice(IDS) if id_every and i % id_every == 0 else None
        size = max(200, int(rng.expovariate(1 / average)))
        body = _python(rng, size, model) if suffix == ".py" else _text(rng, size, model, suffix)
        (directory / f"file{i:05}{suffix}").write_text(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--megabytes", type=float, default=75.0)
    parser.add_argument(
        "--id-every", type=int, default=50, help="one file in N holds an id (0: none)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.files, args.megabytes, args.id_every, args.seed)


if __name__ == "__main__":
    main()
