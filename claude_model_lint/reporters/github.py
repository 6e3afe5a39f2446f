"""GitHub Actions workflow commands: one annotation per finding, most severe first.

GitHub shows at most 10 errors, 10 warnings and 10 notices per step; what does not fit is
counted in one notice that says where the rest are (the job summary, when one was written).
That notice and the one naming the model data count against the notices' ten.
"""

from __future__ import annotations

from collections import Counter

from ..types import Diagnostic, Severity
from . import Reporter, Summary, most_severe_first
from .coverage import described

LIMIT = 10
_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


# every control character as %XX, not only CR and LF: a file named with ESC wrote a raw terminal
# escape into the job's log (GitHub decodes only %25, %0D, %0A, %3A, %2C; the rest shows as is)
_CONTROLS = {c: f"%{c:02X}" for c in (*range(0x20), *range(0x7F, 0xA0))}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").translate(_CONTROLS)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    properties = {
        "file": d.path,
        "line": str(d.line),
        "col": str(d.column),
        "endLine": str(d.end_line),
        "endColumn": str(d.end_column),
        "title": f"{d.code} {d.rule}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{_COMMAND[d.severity]} {joined}::{escape_data(d.message)}"


def _left_out(ordered: list[Diagnostic], caps: dict[Severity, int]) -> bool:
    counts = Counter(d.severity for d in ordered)
    return any(counts[severity] > cap for severity, cap in caps.items())


class GithubReporter(Reporter):
    def finish(self, summary: Summary) -> None:
        ordered = most_severe_first(summary.diagnostics)
        # our own notices (the model data, and what was left out) share the notices' cap
        caps = {Severity.ERROR: LIMIT, Severity.WARNING: LIMIT, Severity.INFO: LIMIT - 1}
        if _left_out(ordered, caps):
            caps[Severity.INFO] = LIMIT - 2
        shown = {severity: 0 for severity in Severity}
        left_out = 0
        for d in ordered:
            if shown[d.severity] >= caps[d.severity]:
                left_out += 1
                continue
            shown[d.severity] += 1
            self.out.write(annotation(d) + "\n")
        data = f" ({self.info.data})" if self.info.data else ""
        coverage = described(summary.coverage, summary.diagnostics)
        self.out.write(
            f"::notice title=claude-model-lint model data::Model data as of "
            f"{self.info.registry_updated}{escape_data(data)}; checked as of {self.info.as_of}; "
            f"{escape_data(coverage)}\n"
        )
        if left_out:
            self.out.write(
                f"::notice title=claude-model-lint::{left_out} more findings are not shown as "
                f"annotations (GitHub shows 10 per severity); {self._rest()}\n"
            )

    def _rest(self) -> str:
        if self.summary_cut is None:
            return "run with --summary PATH or --output-format text to see all of them"
        if self.summary_cut == 0:
            return "see the job summary for all of them"
        return (
            f"the job summary lists all but {self.summary_cut} of them (GitHub limits it to "
            "1 MiB); the text report has every one"
        )
