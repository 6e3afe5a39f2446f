"""The requests of a document's code examples: a fenced or docstring example is code, so the
``temperature=`` beside its ``model=`` is that request's, as in a file of its language.

Without this an example's id was fixed as a use while nobody looked at its call: the
migrated example sent a request the new model rejects (langchain-aws's ``ChatBedrock(model_id=…,
model_kwargs={"temperature": 0.001})`` docstring, a README's ``messages.create(…,
temperature=0)``). The block's code is searched by the finder of its language and every offset
mapped back to the host file.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Iterator

from ..types import Occurrence, Role
from . import LineIndex
from .calls import CallSite, ParameterUse
from .example_blocks import JAVASCRIPT, JSON, MAYBE_PYTHON, PYTHON, TOML, YAML, Block

_CONFIG_SUFFIX = {YAML: ".yaml", JSON: ".json", TOML: ".toml"}


def example_requests(
    text: str, blocks: Iterable[Block], occurrences: list[Occurrence], names: frozenset[str],
    index: LineIndex,
) -> Iterator[CallSite]:  # fmt: skip
    """The requests each block's code configures, placed in ``text``."""
    for block in blocks:
        code = "\n".join(text[start:end] for start, end in block.lines) + "\n"
        if not any(name in code for name in names):
            continue
        starts = list(itertools.accumulate((e - s + 1 for s, e in block.lines), initial=0))

        def host(offset: int, block: Block = block, starts: list[int] = starts) -> int:
            line = min(bisect.bisect_right(starts, offset) - 1, len(block.lines) - 1)
            return block.lines[line][0] + offset - starts[line]

        first, last = block.lines[0][0], block.lines[-1][1]
        uses = [o for o in occurrences if first <= o.found.start < last]
        lines = [index.position(start)[0] for start, _ in block.lines]
        for call in _calls(code, block.language, uses, names):
            yield _placed(call, host, lines, index)


def _calls(
    code: str, language: str, uses: list[Occurrence], names: frozenset[str]
) -> list[CallSite]:
    code_index = LineIndex(code)
    if language in (PYTHON, MAYBE_PYTHON):
        from .python_calls import calls_in, wants_tree
        from .python_syntax import parse_module

        if not wants_tree(code, names):
            return []
        tree, _ = parse_module(code)
        return list(calls_in(code, tree, names, code_index)) if tree is not None else []
    if language == JAVASCRIPT:
        from .js_calls import find_js_calls

        return list(find_js_calls(code, names, code_index))
    suffix = _CONFIG_SUFFIX.get(language)
    if suffix is None:
        return []
    from ..model_ids import find_ids
    from .config_requests import find_config_requests

    # the block's own offsets of its uses: each id found again in the code, in order
    wanted = {o.found.text for o in uses if o.role in (Role.USE, Role.CATALOG)}
    starts = [f.start for f in find_ids(code) if f.text in wanted]
    return find_config_requests(code, suffix, starts, names, code_index)


def _placed(
    call: CallSite, to_host: Callable[[int], int], lines: list[int], index: LineIndex
) -> CallSite:
    """``call`` with every offset, line and column those of the host file."""

    def span(start: int, end: int) -> tuple[int, int]:
        first = to_host(start)
        return first, (to_host(end - 1) + 1 if end > start else first)

    def moved(use: ParameterUse) -> ParameterUse:
        start, end = span(use.start, use.end)
        line, column = index.position(start)
        end_line, end_column = index.position(end)
        value_start = to_host(use.value_start) if use.value_start >= 0 else use.value_start
        return use._replace(start=start, end=end, line=line, column=column, end_line=end_line,
                            end_column=end_column, value_start=value_start)  # fmt: skip

    start, end = span(call.model.start, call.model.end)
    return call._replace(
        model=call.model._replace(start=start, end=end),
        model_start=to_host(call.model_start) if call.model_start >= 0 else -1,
        parameters=tuple(moved(u) for u in call.parameters),
        feeds=tuple(to_host(f) for f in call.feeds if f >= 0),
        line=lines[min(call.line, len(lines)) - 1] if call.line > 0 else 0,
    )
