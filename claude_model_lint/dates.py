"""The date ids are judged as of, as every entry point spells it (--as-of, the server's asOf,
the MCP tools' as_of)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .errors import UsageProblem


def parse_as_of(text: str, today: date) -> date:
    """``YYYY-MM-DD``, ``today``, or relative ``+90d`` / ``-30d`` / ``+8w``."""
    value = text.strip().lower()
    if value == "today":
        return today
    m = re.fullmatch(r"([+-])(\d{1,5})([dw])", value)
    if m:
        days = int(m[2]) * (7 if m[3] == "w" else 1)
        return today + timedelta(days=days if m[1] == "+" else -days)
    try:
        return date.fromisoformat(value)
    except ValueError:
        shown = repr(text) if len(text) <= 80 else f"{text[:80]!r}... ({len(text)} characters)"
        raise UsageProblem(  # (cut: an editor's setting of 100 KB was shown whole)
            f"--as-of: {shown} is not a date (YYYY-MM-DD, 'today', '+90d', '-30d')"
        ) from None
