"""One place that decides which findings a run judges and which it only counts: those on lines
the change did not touch (``--diff-base``), those in the baseline (``--baseline``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..types import Diagnostic
from .baseline import Baseline
from .changed_lines import ChangedLines

STALE_SHOWN = 10  # stale baseline entries named one a line; the rest counted


@dataclass
class Gate:
    changed: ChangedLines | None = None
    baseline: Baseline | None = None
    hidden: Counter[str] = field(default_factory=Counter)

    def judged(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        """The findings the run judges; the others are counted by reason."""
        kept = []
        for d in diagnostics:
            if self.baseline is not None and self.baseline.is_itself(d.path):
                self.hidden["in the baseline file itself"] += 1
            elif self.changed is not None and not self.changed.touches(d.path, d.line, d.end_line):
                self.hidden[f"outside the change since {self.changed.ref}"] += 1
            elif self.baseline is not None and self.baseline.hides(d):
                self.hidden["in the baseline"] += 1
            else:
                kept.append(d)
        return tuple(kept)

    def said(self) -> list[str]:
        """'12 outside the change since origin/main', for the summary line."""
        return [f"{n} {reason}" for reason, n in self.hidden.items()]

    def stale_notes(self, covered: Iterable[str]) -> list[str]:
        """The baseline's entries no finding matched, for stderr."""
        if self.baseline is None:
            return []
        stale = self.baseline.stale(covered)
        if not stale:
            return []
        name = self.baseline.path
        notes = [
            f"{name}: {len(stale)} baseline entries match no finding (fixed, changed or removed); "
            f"--write-baseline {name} refreshes it"
        ]
        notes += [f"{name}: stale: {entry}" for entry in stale[:STALE_SHOWN]]
        if len(stale) > STALE_SHOWN:
            notes.append(f"{name}: and {len(stale) - STALE_SHOWN} more stale entries")
        return notes
