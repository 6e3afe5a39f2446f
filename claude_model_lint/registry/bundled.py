"""The registry shipped in the package: where it is, and its date read without parsing it.

Most runs (a pre-commit hook over files that name no model) need only the date, for the
staleness note and the cache key; parsing and validating the whole registry is left to the
first id that needs judging.
"""

from __future__ import annotations

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
