"""Deterministic synthetic repositories for the benchmark, in the shapes real ones have.

python bench/synth.py OUT --files 5000 --megabytes 75 --id-every 50 [--seed 1] [--shape SHAPE]

Shapes: ``mixed`` (most files hold no id), ``recordings`` (YAML HTTP cassettes dense with Bedrock
ids and URL-encoded runtime URLs), ``python-tests`` (test modules listing hundreds of ids in
lists, dicts, parametrize tables and calls), ``notebooks`` (ids in cell sources and outputs).
"""

from __future__ import annotations

import argparse
import json
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


BEDROCK = [
    "anthropic.claude-3-haiku-20240307-v1:0", "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
    "anthropic.claude-3-sonnet-20240229-v1:0", "eu.anthropic.claude-sonnet-4-20250514-v1:0",
]  # fmt: skip


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(WORDS, k=count))


def _recording(rng: random.Random, size: int) -> str:
    """A VCR cassette: requests to Bedrock runtime URLs and JSON bodies naming the model."""
    lines = ["interactions:"]
    while sum(map(len, lines)) < size:
        model = rng.choice(BEDROCK)
        encoded = model.replace(":", "%3A")
        lines += [
            "- request:",
            f'    body: \'{{"messages": [{{"role": "user", "content": "{" ".join(rng.choices(WORDS, k=6))}"}}], "max_tokens": 1024}}\'',
            "    headers:",
            "      Content-Type:",
            "      - application/json",
            "    method: POST",
            f"    uri: https://bedrock-runtime.us-east-1.amazonaws.com/model/{encoded}/converse",
            "  response:",
            f'    body:\n      string: \'{{"id": "msg_{rng.randrange(10**9)}", "model": "{model}", "content": [{{"text": "{_words(rng, 400)}"}}], "usage": {{"input_tokens": {rng.randrange(999)}}}}}\'',
            "    status:\n      code: 200\n      message: OK",
        ]
    return "\n".join(lines) + "\nversion: 1\n"


def _python_tests(rng: random.Random, size: int) -> str:
    """A test module of a provider package: ids in lists, dicts, parametrize tables and calls."""
    lines = ['"""Generated tests."""', "import pytest", ""]
    while sum(map(len, lines)) < size:
        chosen = rng.sample(IDS + BEDROCK, 6)
        lines.append(f"MODELS_{rng.randrange(10**6)} = [")
        lines += [f'    "{model}",' for model in chosen]
        lines += ["]", "", "PRICES = {"]
        lines += [f'    "{model}": ({rng.random():.4f}, {rng.random():.4f}),' for model in chosen]
        lines += ["}", "", f"@pytest.mark.parametrize('model', {chosen[:3]!r})"]
        lines += [f"def test_{rng.choice(WORDS)}_{rng.randrange(10**6)}(model: str) -> None:"]
        lines += [f'    client.messages.create(model="{chosen[3]}", max_tokens=10)']
        lines += ['    assert model.startswith("claude") or model in PRICES']
        lines += [
            f"    {rng.choice(WORDS)}_{j} = {rng.randrange(999)} * len({_words(rng, 6)!r})"
            for j in range(12)
        ]  # the rest of a test: code without ids
        lines.append("")
    return "\n".join(lines) + "\n"


def _notebook(rng: random.Random, size: int) -> str:
    """A notebook: ids in code cells and in their outputs."""
    cells = []
    while sum(len(json.dumps(c)) for c in cells) < size:
        model = rng.choice(IDS)
        source = [
            f'response = client.messages.create(model="{model}", max_tokens=512)\n',
            "print(response)\n",
        ]
        output = [
            f"Message(id='msg_{rng.randrange(10**9)}', model='{model}', content=[{_words(rng, 300)}])\n"
        ]
        cells.append(
            {
                "cell_type": "code",
                "execution_count": len(cells),
                "metadata": {},
                "source": source,
                "outputs": [{"name": "stdout", "output_type": "stream", "text": output}],
            }
        )
        cells.append(
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": [" ".join(rng.choices(WORDS, k=30))],
            }
        )
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1) + "\n"


SHAPES = {"recordings": (".yaml", _recording), "python-tests": (".py", _python_tests),
          "notebooks": (".ipynb", _notebook)}  # fmt: skip


def generate(
    out: Path, files: int, megabytes: float, id_every: int, seed: int, shape: str = "mixed"
) -> None:
    rng = random.Random(seed)
    average = int(megabytes * 1_000_000 / files)
    if shape != "mixed":
        suffix, make = SHAPES[shape]
        for i in range(files):
            directory = out / f"pkg{i // 100:03}"
            directory.mkdir(parents=True, exist_ok=True)
            size = max(200, int(rng.expovariate(1 / average)))
            (directory / f"file{i:05}{suffix}").write_text(make(rng, size))
        return
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
    parser.add_argument("--shape", choices=["mixed", *SHAPES], default="mixed")
    args = parser.parse_args()
    generate(args.out, args.files, args.megabytes, args.id_every, args.seed, args.shape)


if __name__ == "__main__":
    main()
