"""The registry shipped in the package: where it is, and its date read without parsing it.

Most runs (a pre-commit hook over files that name no model) need only the date, for the
staleness note and the cache key; parsing and validating the whole registry is left to the
first id that needs judging.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

PATH = Path(__file__).parent / "data" / "models.toml"


def updated() -> date:
    """The top-level ``updated = YYYY-MM-DD`` (the loader insists on it and checks it)."""
    m = re.search(r"^updated\s*=\s*(\d{4}-\d{2}-\d{2})\s*$", PATH.read_text("utf-8"), re.MULTILINE)
    if m is None:  # pragma: no cover - the registry tests would fail first
        raise RuntimeError(f"{PATH}: no top-level 'updated = YYYY-MM-DD'")
    return date.fromisoformat(m[1])


@functools.cache
def family_words() -> frozenset[str]:
    """The words that name a family in the bundled data (opus, instant, mythos, ...), read off
    its ``family = "..."`` lines without parsing it: an id that spells neither one of them nor a
    version is a program's name (claude-code, claude-flow), never a model's."""
    families = re.findall(r'^family\s*=\s*"([^"\n]*)"', PATH.read_text("utf-8"), re.MULTILINE)
    return frozenset(
        word
        for family in families
        for word in re.split(r"[-.]", family)
        if word and word != "claude" and not re.search(r"\d", word)
    )
