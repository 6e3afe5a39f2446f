"""How long after a change the language server's diagnostics and quick fixes arrive, for a
5,000-line Python file.

    python bench/lsp.py [--lines 5000] [--id-every 50] [--repeat 40]

End to end: the installed ``claude-model-lint server`` over stdio with pygls's client; each
change is one keystroke in the middle of the file, after a pause (the server checks such a
change at once; the rest of a burst waits for the burst to end); the time is from sending
didChange to receiving that version's publishDiagnostics. A quick fix: the same keystroke,
then at once a textDocument/codeAction over an id the server would fix (the server checks the
new version to answer it), timed from didChange to the answer holding a quick fix. In process:
the same text through the linter and the LSP conversion alone. Two edits: one that keeps the
file valid, and one that leaves a string unterminated (a file in the middle of an edit).
Figures go in issue notes; nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lsprotocol import types

from claude_model_lint.server.app import DEBOUNCE_SECONDS
from claude_model_lint.server.diagnostics import to_lsp
from claude_model_lint.server.linting import Linter
from tests.lsp_client import Session

AS_OF = "2026-11-25"
PAUSE = DEBOUNCE_SECONDS + 0.05
IDS = ["claude-3-opus-20240229", "claude-sonnet-4-5", "us.anthropic.claude-3-haiku-20240307-v1:0"]


def python_file(lines: int, id_every: int) -> str:
    """Functions with comments and docstrings, and a messages.create call with an id (and an
    emoji before it) about every ``id_every`` lines."""
    out = ['"""A generated module for the server benchmark."""', "import anthropic", ""]
    n = 0
    while len(out) < lines:
        model = IDS[n % len(IDS)]
        out += [
            f"def handler_{n}(client: anthropic.Anthropic, text: str) -> str:",
            f'    """Answer with the model of step {n}."""',
            f"    # step {n}: call the model and keep the first block",
            f'    reply = client.messages.create(system="😀", model="{model}", max_tokens=900,',
            '                                   messages=[{"role": "user", "content": text}])',
            f"    return reply.content[0].text + {n!r}",
            "",
        ]
        out += [f"VALUE_{n}_{k} = {k} * {n}  # filler" for k in range(max(id_every - 8, 0))]
        out.append("")
        n += 1
    return "\n".join(out[:lines]) + "\n"


def _summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[int(len(ms) * 0.9) - 1]
    return (
        f"{name:<52} median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms   "
        f"max {ms[-1]:6.1f} ms   (n={len(ms)})"
    )


def keystroke(text: str, breaking: bool) -> tuple[int, int, str]:
    """Where the keystroke goes (line, column) and what it types: a letter at the end of a
    filler comment in the middle of the file, or a quote that opens a string there."""
    line = text.count("\n") // 2
    line_text = text.splitlines()[line]
    if breaking:
        return line, line_text.index("=") + 2, '"'
    return line, len(line_text), "x"


def fixable(text: str) -> types.Range:
    """The range of the first deprecated id after the middle of the file (one with a fix)."""
    lines = text.splitlines()
    middle = len(lines) // 2
    line = next(n for n in range(middle, len(lines)) if IDS[0] in lines[n])
    column = lines[line].index(IDS[0])
    start, end = types.Position(line, column), types.Position(line, column + len(IDS[0]))
    return types.Range(start, end)


async def end_to_end(
    root: Path, text: str, repeat: int, breaking: bool, quick_fix: bool = False
) -> list[float]:
    """Seconds from each change to its diagnostics (or, with ``quick_fix``, to the answer of a
    code action asked right after the change)."""
    uri = (root / "big.py").as_uri()
    line, column, typed = keystroke(text, breaking)
    at = types.Position(line, column)
    edits = [
        types.TextEdit(types.Range(at, at), typed),
        types.TextEdit(types.Range(at, types.Position(line, column + 1)), ""),
    ]
    over = fixable(text)
    timings = []
    async with Session(root, {"asOf": AS_OF}) as session:
        session.open(uri, text)
        await session.diagnostics(uri)
        for i in range(repeat):
            await asyncio.sleep(PAUSE)  # one edit after a pause (a burst's rest waits for its end)
            started = time.perf_counter()
            version = session.change(uri, [edits[i % 2]])  # type it, then take it back
            if quick_fix:
                actions = await session.actions(uri, over, ["quickfix"])
                timings.append(time.perf_counter() - started)
                if not actions:
                    sys.exit("no quick fix offered for the deprecated id")
                await session.diagnostics(uri, version)  # (the next change starts clean)
                continue
            await session.diagnostics(uri, version)
            timings.append(time.perf_counter() - started)
    return timings


def in_process(root: Path, text: str, repeat: int, breaking: bool) -> list[float]:
    linter = Linter(AS_OF)
    path = root / "big.py"
    line, column, typed = keystroke(text, breaking)
    lines = text.splitlines(keepends=True)
    lines[line] = lines[line][:column] + typed + lines[line][column:]
    versions = ["".join(lines), text]
    linter.lint(path, text)  # the registry and the imports, once
    timings = []
    for i in range(repeat):
        started = time.perf_counter()
        linted = linter.lint(path, versions[i % 2])
        assert linted is not None
        to_lsp(linted)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--id-every", type=int, default=50, help="lines per model id")
    parser.add_argument("--ids", type=int, help="this many ids instead (sets --id-every)")
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    id_every = args.lines // args.ids if args.ids else args.id_every
    text = python_file(args.lines, id_every)
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        linted = Linter(AS_OF).lint(root / "big.py", text)
        found = len(linted.result.diagnostics) if linted else 0
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        ids = sum(text.count(model) for model in IDS) - text.count(f".{IDS[1]}")
        print(
            f"{args.lines} lines, {ids} ids, {len(text):,} characters, {found} findings, as of {AS_OF}"
        )
        print(f"{os.cpu_count()} cores, load average {load}")
        for breaking, label in ((False, "valid Python"), (True, "an unterminated string")):
            timings = asyncio.run(end_to_end(root, text, args.repeat, breaking))
            print(_summary(f"change -> diagnostics, stdio ({label})", timings))
            quick = asyncio.run(end_to_end(root, text, args.repeat, breaking, quick_fix=True))
            print(_summary(f"change -> quick fix, stdio ({label})", quick))
            print(_summary(f"lint + convert, in process ({label})", in_process(
                root, text, args.repeat, breaking
            )))  # fmt: skip


if __name__ == "__main__":
    main()
