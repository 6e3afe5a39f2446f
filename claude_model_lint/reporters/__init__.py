"""Reporters turn results into output; they decide nothing (flake8's start / handle / finish)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from ..types import Diagnostic, FileResult, Severity
from .coverage import Coverage


@dataclass
class Summary:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed_ids: int = 0
    removed_arguments: int = 0
    fixed_files: int = 0
    errors: int = 0
    hidden: list[str] = field(default_factory=list)  # '12 in the baseline': counted, not judged
    verdict: str = ""  # the job summary's first line: passes, fails or incomplete, and why
    coverage: Coverage = field(default_factory=Coverage)  # what was not read, and why

    def add(self, result: FileResult, *, fixing: bool) -> list[Diagnostic]:
        """Count ``result``; return the diagnostics that remain (fixed ones drop out under --fix)."""
        if result.error:
            self.errors += 1
        self.coverage.add(result)
        remaining = list(result.diagnostics)
        if fixing and result.fixed_text is not None:
            remaining = (  # what the written file holds, judged again; else what was not fixed
                list(result.rejudged)
                if result.rejudged is not None
                else [d for d in remaining if not d.fixable]
            )
            self.fixed_ids += result.fixed_count
            self.removed_arguments += result.removed_count
            self.fixed_files += 1
        self.diagnostics.extend(remaining)
        return remaining

    def by_severity(self) -> Counter[Severity]:
        return Counter(d.severity for d in self.diagnostics)


@dataclass(frozen=True)
class RunInfo:
    """What a report says about the run itself."""

    as_of: date
    version: str
    registry_date: Callable[[], date]  # asked only by the reports that print it
    data: str = ""  # the layers in use: 'bundled 2026-11-29; fetched 2026-12-03 from ...'

    @property
    def registry_updated(self) -> date:
        return self.registry_date()


class Reporter:
    """Base: ``file`` is called once per file as results arrive, ``finish`` once at the end."""

    summary_cut: int | None = None  # findings the job summary leaves out (None: none written)

    def __init__(
        self, out: TextIO, err: TextIO, info: RunInfo, *, color: bool = False, quiet: bool = False,
        verbose: bool = False,
    ):  # fmt: skip
        self.out = out
        self.err = err
        self.info = info
        self.color = color
        self.quiet = quiet
        self.verbose = verbose  # -v: each file not read, with its reason

    def file(self, diagnostics: list[Diagnostic]) -> None:
        """Streamed reporters print here; collecting ones wait for ``finish``."""

    def finish(self, summary: Summary) -> None:
        raise NotImplementedError

    def say_coverage(self, summary: Summary) -> None:
        """The line, on standard error, that says what the report covers: the files not read
        (each, with -v), the ids the data does not know, and the data that judged the run."""
        from .coverage import described

        if self.verbose:
            for item in summary.coverage.listed():
                self.err.write(f"  not read ({item.kind}): {printable(item.path)}: {item.reason}\n")
        data = f" ({self.info.data})" if self.info.data else ""
        coverage = described(summary.coverage, summary.diagnostics, hint=not self.verbose)
        self.err.write(
            f"Coverage: {coverage}; judged by the data of {self.info.registry_updated}{data}.\n"
        )


def make_reporter(
    name: str, out: TextIO, err: TextIO, info: RunInfo, *, color: bool, quiet: bool,
    verbose: bool = False,
) -> Reporter:  # fmt: skip
    import importlib

    module = importlib.import_module(f".{name}", __package__)  # only the one asked for
    reporter: type[Reporter] = getattr(module, f"{name.capitalize()}Reporter")
    return reporter(out, err, info, color=color, quiet=quiet, verbose=verbose)


FORMATS = ("text", "json", "github", "sarif")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1 (\x9b is a CSI)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def counted(count: int, noun: str) -> str:
    """'1 file', '2 files'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def files_with(diagnostics: list[Diagnostic]) -> int:
    return len({d.path for d in diagnostics})


def printable(path: str) -> str:
    """A path on one line: a newline in a file name must not start a line of the report that
    editors and grep would read as another finding."""
    if path.isprintable():
        return path
    return _CONTROL.sub(lambda m: _NAMED.get(m[0], f"\\x{ord(m[0]):02x}"), path)


def most_severe_first(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (-d.severity.rank, *d.sort_key()))
