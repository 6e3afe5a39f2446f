"""The language server against hostile input (issue 36, items 6, 7 and 9): positions are linear
in the line's length, a burst of edits makes two checks (its first edit and its last), and a URI
the client never opened is never read from disk. Timings are growth ratios, never absolute times."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from lsprotocol import types

from claude_model_lint.server.positions import Positions
from tests.lsp_client import Session

RETIRED = "claude-2.1"


def _line_of_ids(count: int) -> str:
    return "😀 " + f"{RETIRED} " * count + "\n"  # an astral character: units differ from points


def _seconds(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def _cpu(action: object) -> float:
    start = time.process_time()
    action()  # type: ignore[operator]
    return max(time.process_time() - start, 1e-4)


def test_positions_on_one_long_line_are_linear() -> None:
    def convert(count: int) -> None:
        positions = Positions(_line_of_ids(count))
        for k in range(count):
            column = 3 + k * (len(RETIRED) + 1)
            positions.range(1, column, 1, column + len(RETIRED))
            positions.from_client(types.Position(0, column))

    small, large = (  # CPU time, the best of three: another process's load is not ours
        min(_cpu(lambda: convert(2_000)) for _ in range(3)),
        min(_cpu(lambda: convert(20_000)) for _ in range(3)),
    )
    assert large / small < 20, (small, large)  # quadratic: ~100


def test_the_server_on_one_long_line_is_linear(tmp_path: Path) -> None:
    async def main() -> list[float]:
        times = []
        async with Session(tmp_path) as s:
            for count in (2_000, 20_000):
                uri = (tmp_path / f"ids{count}.txt").as_uri()
                start = time.perf_counter()
                s.open(uri, _line_of_ids(count))
                assert len(await s.diagnostics(uri)) == count
                times.append(time.perf_counter() - start)
        return times

    small, large = asyncio.run(main())
    assert large / small < 20, (small, large)  # 117 s for 20,000 before: quadratic


def _edit(s: Session, uri: str) -> int:
    at = types.Range(types.Position(0, 0), types.Position(0, 0))
    return s.change(uri, [types.TextEdit(at, "#")])


def test_a_burst_of_fifty_edits_makes_two_checks_its_first_and_its_last(tmp_path: Path) -> None:
    """The first change after a pause is checked at once (one edit answered in the time of a
    check, not after the debounce: issue 35's editor row); the other 49 wait for the pause."""
    uri = (tmp_path / "app.py").as_uri()

    async def main() -> None:
        async with Session(tmp_path) as s:
            s.open(uri, f'A = "{RETIRED}"\n' * 300)
            await s.diagnostics(uri)
            for _ in range(50):
                last = _edit(s, uri)
            await s.diagnostics(uri, last)
            await asyncio.sleep(0.5)  # nothing more comes
            versions = [p.version for p in s.published[uri]]
            assert versions == [1, 2, last], versions  # 50 checks before

    asyncio.run(main())


def test_steady_typing_still_gets_diagnostics_and_few_checks(tmp_path: Path) -> None:
    uri = (tmp_path / "app.py").as_uri()

    async def main() -> None:
        async with Session(tmp_path) as s:
            s.open(uri, f'A = "{RETIRED}"\n' * 300)
            await s.diagnostics(uri)
            for _ in range(50):  # about 1.5 s of typing, 30 ms a key
                last = _edit(s, uri)
                await asyncio.sleep(0.03)
            await s.diagnostics(uri, last)
            checks = len(s.published[uri]) - 1
            assert 1 <= checks <= 10, checks  # a check per second of typing, not per key
            assert s.published[uri][-1].version == last

    asyncio.run(main())


def test_changes_during_a_slow_check_are_a_burst_not_a_pause(tmp_path: Path) -> None:
    """A check slower than the pause (a big document, or a loaded machine): the changes that
    came meanwhile were each taken for the first after a pause, and each checked at once."""
    uri = (tmp_path / "app.py").as_uri()

    async def main() -> None:
        async with Session(tmp_path) as s:
            s.open(uri, f'A = "{RETIRED}"\n' * 20_000)  # a check takes longer than the pause
            await s.diagnostics(uri)
            for _ in range(20):
                last = _edit(s, uri)
                await asyncio.sleep(0.03)
            await s.diagnostics(uri, last)
            checks = len(s.published[uri]) - 1
            assert checks <= 4, checks  # 20 before

    asyncio.run(main())


def test_a_uri_never_opened_is_never_read(tmp_path: Path) -> None:
    """Hover on an unopened file:///dev/zero read 5.4 GB; on a FIFO it blocked for ever."""
    fifo = tmp_path / "fifo.py"
    os.mkfifo(fifo)
    (tmp_path / "app.py").write_text(f'M = "{RETIRED}"\n')

    async def main() -> None:
        async with Session(tmp_path) as s:
            for uri in ("file:///dev/zero", fifo.as_uri(), (tmp_path / "app.py").as_uri()):
                at = types.Position(0, 6)
                assert await asyncio.wait_for(s.hover(uri, at), 30) is None
                assert await asyncio.wait_for(s.actions(uri, types.Range(at, at)), 30) == []
            opened = (tmp_path / "app.py").as_uri()  # once opened, from the client's text
            s.open(opened, f'M = "{RETIRED}"\n')
            assert await s.hover(opened, types.Position(0, 6)) is not None

    asyncio.run(main())
