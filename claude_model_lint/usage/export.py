"""Read a Console usage export (CSV) into sums per model and per API key, row by row.

The export's shape is not fixed, so columns are found by their headers: the model column, the
API key column when there is one, and every numeric column, summed under its own name.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..blake2 import blake2b


class UsageError(Exception):
    """The export cannot be read; the message names the line."""


_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?$")
# a header that says its column holds counts: a value there that is not a number is an error,
# never a reason to drop the column (that dropped every model and read as an all-clear)
_COUNT_HEADER = re.compile(r"token|request|cost|count|calls|spend|usd|price|amount")


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", header.strip().lower())


@dataclass
class Usage:
    columns: list[str]  # the numeric columns, as named in the file
    rows: int
    by_model: dict[str, dict[str, float]]  # model as written -> column -> sum
    by_key: dict[str, dict[str, dict[str, float]]]  # api key -> model -> column -> sum
    key_column: str | None
    cut: list[str] = field(default_factory=list)  # what was left out to bound memory, said


MAX_MODELS = 10_000  # distinct models summed; the rows of any more are left out, and said
MAX_KEY_PAIRS = 50_000  # distinct (API key, model) pairs summed per key; likewise
MAX_TEXT = 256  # characters of a model name or API key kept (1,000 keys of 120 KB took 0.6 GB)
_SHOWN = 60  # characters of a bad value a message quotes


def read_usage(source: str | Iterable[str], model_column: str | None = None) -> Usage:
    """Sum an export row by row: memory grows with the models and keys, never with the rows.

    ``source`` is the text or its lines (a file opened with ``newline=''``). A column counts
    when its header says so (then every value must be a number) or when every value is one."""
    lines = iter(io.StringIO(source) if isinstance(source, str) else source)
    head: list[str] = []
    for line in lines:
        head.append(line.removeprefix("\ufeff") if len(head) == 0 else line)
        if line.strip():
            break
    delimiter = max(",;\t", key=lambda d: head[-1].count(d)) if head else ","
    reader = csv.reader(itertools.chain(head, lines), delimiter=delimiter)
    rows = ((reader.line_num, row) for row in reader if any(cell.strip() for cell in row))
    try:
        first = next(rows, None)
        if first is None:
            raise UsageError("line 1: the file is empty")
        return _summed(first, rows, model_column)
    except csv.Error as exc:
        raise UsageError(f"line {reader.line_num}: {exc}") from None


def _summed(
    first: tuple[int, list[str]], body: Iterator[tuple[int, list[str]]], model_column: str | None
) -> Usage:
    header_line, header = first
    model_at = _find_column(header, model_column, header_line)
    key_at = next((i for i, h in enumerate(header) if "key" in _normal(h) and i != model_at), None)
    others = [i for i in range(len(header)) if i not in (model_at, key_at)]
    strict = {i for i in others if _COUNT_HEADER.search(_normal(header[i]))}
    candidates = set(others)  # columns that are numbers so far
    seen: set[int] = set()  # columns with at least one value
    by_model: dict[str, dict[int, float]] = {}
    by_key: dict[str, dict[str, dict[int, float]]] = {}
    count = cut_models = cut_pairs = pairs = cut_long = 0
    for line, row in body:
        count += 1
        if len(row) != len(header):
            raise UsageError(f"line {line}: {len(row)} cells where the header has {len(header)}")
        values: dict[int, float] = {}
        for i in list(candidates):
            cell = row[i].strip().lstrip("$")
            if not cell:
                continue
            number = _value(cell.replace(",", "")) if _NUMBER.match(cell) else None
            if number is not None and number >= 0:
                if not finite(number):  # 1e400: no sum could hold it
                    raise UsageError(f"line {line}: {_at(header, i, row)} is too large")
                values[i] = number
                seen.add(i)
            elif i in strict and number is not None:  # -5 and 5 read as no traffic at all
                raise UsageError(
                    f"line {line}: {_at(header, i, row)} is negative (an export has no negative "
                    "counts)"
                )
            elif i in strict:
                raise UsageError(f"line {line}: {_at(header, i, row)} is not a number")
            else:  # a column not named as counts, with a word or a negative number: not counts
                candidates.discard(i)
        model = row[model_at].strip()
        if not model:
            continue
        if len(model) > MAX_TEXT:
            model, cut_long = _bounded(model), cut_long + 1
        if model not in by_model and len(by_model) >= MAX_MODELS:
            cut_models += 1
            continue
        _add(by_model.setdefault(model, {}), values, line, header)
        if key_at is not None:
            key = row[key_at].strip()
            if len(key) > MAX_TEXT:
                key, cut_long = _bounded(key), cut_long + 1
            if (key not in by_key or model not in by_key[key]) and pairs >= MAX_KEY_PAIRS:
                cut_pairs += 1
                continue
            per_key = by_key.setdefault(key, {})
            pairs += model not in per_key
            _add(per_key.setdefault(model, {}), values, line, header)
    numeric = [i for i in others if i in candidates and i in seen]
    names = dict(zip(numeric, _distinct([header[i].strip() for i in numeric]), strict=True))

    def named(sums: dict[int, float]) -> dict[str, float]:
        return {names[i]: sums.get(i, 0) for i in numeric}

    return Usage(
        list(names.values()), count, {m: named(v) for m, v in by_model.items()},
        {k: {m: named(v) for m, v in ms.items()} for k, ms in by_key.items()},
        header[key_at].strip() if key_at is not None else None,
        [*([f"{cut_models:,} rows of models beyond the first {MAX_MODELS:,} left out"]
           if cut_models else []),
         *([f"{cut_pairs:,} rows of API key and model pairs beyond the first {MAX_KEY_PAIRS:,} "
            "left out of the per-key totals"] if cut_pairs else []),
         *([f"{cut_long:,} model names or API keys longer than {MAX_TEXT} characters cut to "
            f"their start and a hash of the whole"] if cut_long else [])],
    )  # fmt: skip


def _at(header: list[str], i: int, row: list[str]) -> str:
    """'column 'requests': '-5'', both cut short: a message is one short line."""
    return f"column {_short(header[i].strip())!r}: {_short(row[i].strip())!r}"


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _bounded(text: str) -> str:
    """At most MAX_TEXT characters: the start, and a hash of the whole so that two long values
    that start alike stay two (their sums are never merged)."""
    digest = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return f"{text[: MAX_TEXT - len(digest) - 3]}...{digest}"  # ASCII: 1 byte a character


def _distinct(names: list[str]) -> list[str]:
    """Each column under its own name: a second 'requests' is 'requests (2)' (it took the first's
    place, and 5 + 7 showed as 7)."""
    taken = set(names)
    out: list[str] = []
    for name in names:
        unique, n = name, 2
        while unique in out or (unique != name and unique in taken):
            unique, n = f"{name} ({n})", n + 1
        out.append(unique)
    return out


def _value(text: str) -> float:
    """A count stays an int, exact (a float kept 16 digits of a 44-digit count); one of over
    300 digits is infinite, refused by the caller: any sum with a float stays a float."""
    if text.lstrip("+-").isdigit():
        return int(text) if len(text) <= 300 else math.inf
    return float(text)


def finite(value: float) -> bool:
    return isinstance(value, int) or math.isfinite(value)  # (an int of 400 digits is no float)


def _add(sums: dict[int, float], values: dict[int, float], line: int, header: list[str]) -> None:
    for i, value in values.items():
        sums[i] = sums.get(i, 0) + value
        if not finite(sums[i]):  # JSON has no Infinity
            raise UsageError(f"line {line}: column {header[i].strip()!r}: the sum is too large")


def _find_column(header: list[str], wanted: str | None, line: int) -> int:
    names = [_normal(h) for h in header]
    if wanted is not None:
        if _normal(wanted) in names:
            return names.index(_normal(wanted))
        raise UsageError(f"line {line}: no column {wanted!r} (columns: {', '.join(header)})")
    for i, name in enumerate(names):
        if name in ("model", "model name", "model id", "models"):
            return i
    for i, name in enumerate(names):
        if "model" in name:
            return i
    raise UsageError(
        f"line {line}: no model column (columns: {', '.join(header)}); use --model-column"
    )
