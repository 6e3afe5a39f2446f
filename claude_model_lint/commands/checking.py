"""One lint run and what it says: the options made into a run (scan cache, fix, diff), each
result into the report, the fix and diff summaries, the job summary and SARIF; the exit code."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from .. import __version__
from ..check.options import RunOptions
from ..config import Config
from ..errors import UsageProblem
from ..registry.data_in_use import Registries
from ..repo.configs import Configs
from ..reporters import RunInfo, Summary, counted, make_reporter, printable
from ..run.runner import run
from ..types import Diagnostic

if TYPE_CHECKING:  # loaded on first use: a run that meets no id never reads the registry
    from ..gate.hiding import Gate
    from ..registry.registry import Registry
    from ..run.stdin import StandardInput


def check_and_report(
    paths: list[Path], configs: Configs, config: Config, registry: Callable[[], Registry],
    overlays: Registries, updated: date, as_of: date, o: dict[str, Any], out: TextIO,
    described: str,
) -> int:  # fmt: skip
    """Check the paths (or standard input), fix when asked, report; the exit code."""
    diffing = bool(o["diff"])
    fixing = bool(o["fix"]) and not diffing  # --diff wins: it shows, and writes nothing
    stdin: StandardInput | None = None
    if paths == [Path("-")]:
        from ..run.stdin import StandardInput

        stdin = StandardInput(o["stdin_filename"])
    if o["add_ignore"] and (fixing or diffing or stdin is not None):
        raise UsageProblem("--add-ignore: not with --fix, --diff or standard input")
    gate = _gate(o, paths, stdin is not None, fixing or diffing)
    if stdin is not None and fixing and o["output_file"] is None:
        out = sys.stderr  # standard output carries the fixed text, and nothing else
    color = o["color"]
    if color is None:  # no-color.org and force-color.org: set and not empty; NO_COLOR wins
        forced = os.environ.get("FORCE_COLOR", "") not in ("", "0", "false")
        terminal = out.isatty() or forced
        color = terminal and not os.environ.get("NO_COLOR") and o["output_file"] is None
    info = RunInfo(as_of, __version__, lambda: updated, described)
    reporter = make_reporter(
        o["output_format"], out, sys.stderr, info, color=color, quiet=o["quiet"],
        verbose=o["verbose"],
    )  # fmt: skip
    options = RunOptions(
        config, registry, as_of, fix=fixing or diffing, write=fixing,
        unsafe_fixes=o["unsafe_fixes"], configs=configs, overlays=overlays,
    )  # fmt: skip
    cache = None
    if not o["no_cache"] and stdin is None and not _a_few_files(paths):
        from ..registry.fetched import cache_root
        from ..run.cache import ScanCache, registry_identity, verdict_key
        from ..run.cache_place import OWNED, cache_directory, leaves

        directory = cache_directory(o["cache_dir"], configs.root or os.getcwd(), cache_root())
        fetched_text = "".join(text for _, text in overlays.fetched)
        key = ScanCache.key(
            __version__, updated, config.check_comments, config.max_file_size,
            registry_identity(fetched_text, config),
        )  # fmt: skip
        verdicts = functools.partial(
            verdict_key, __version__, updated, as_of, o["unsafe_fixes"], fetched_text
        )
        if o["cache_dir"] is not None and leaves(o["cache_dir"], directory):
            shown = printable(str(o["cache_dir"] / OWNED))
            click.echo(f"{shown}: a symbolic link on the way: the scan cache is not used", err=True)
        else:
            cache = ScanCache(directory, key, verdicts)
    summary = Summary()
    fixed: list[Diagnostic] = []  # for --show-fixes
    changed = 0
    failing = False
    results = (
        run(paths, options, jobs=o["jobs"], cache=cache, force_exclude=o["force_exclude"])
        if stdin is None
        else stdin.check(options, configs, o["force_exclude"])
    )
    for result in results:
        if gate is not None and result.diagnostics:
            result = result._replace(diagnostics=gate.judged(result.diagnostics))
        for note in result.notes:
            if not o["quiet"] or note.startswith("not fixed"):
                click.echo(f"{printable(result.path)}: {note}", err=True)
        if result.error:
            click.echo(f"{printable(result.path)}: error: {result.error}", err=True)
        remaining = summary.add(result, fixing=fixing)
        if o["show_fixes"]:
            kept = set(remaining) if fixing else set()
            fixed += [d for d in result.diagnostics if d.fixable and d not in kept]
        if remaining and not failing:  # each file against its own config's fail-on
            threshold = configs.for_file(result.path).fail_on.rank
            failing = any(d.severity.rank >= threshold for d in remaining)
        if diffing and result.fixed_text is not None and result.original_text is not None:
            changed += 1
            from ..reporters.extras import unified_diff

            out.write(unified_diff(result.path, result.original_text, result.fixed_text))
        elif not (diffing or o["statistics"] or o["add_ignore"] or o["write_baseline"]):
            reporter.file(remaining)
    if stdin is not None and fixing:
        sys.stdout.flush()
        sys.stdout.buffer.write(stdin.fixed())
        sys.stdout.buffer.flush()
    if o["write_baseline"]:
        from ..gate import baseline

        written = baseline.write(o["write_baseline"], summary.diagnostics)
        click.echo(f"Wrote {counted(written, 'finding')} to {o['write_baseline']}", err=True)
        return 2 if summary.errors else 0
    if gate is not None:
        summary.hidden = gate.said()
        for note in gate.stale_notes(str(p) for p in paths):
            click.echo(f"claude-model-lint: note: {note}", err=True)
    if o["add_ignore"]:
        from .add_ignore import add_ignore

        return max(add_ignore(summary.diagnostics, configs, out), 2 if summary.errors else 0)
    if diffing:
        ids = sum(1 for d in summary.diagnostics if d.fixable)
        click.echo(f"Would fix {counted(ids, 'id')} in {counted(changed, 'file')}", err=True)
        return 2 if summary.errors else (1 if changed else 0)
    if fixing and not o["quiet"]:
        removed = (
            f" and removed or rewrote {counted(summary.removed_arguments, 'argument')}"
            if summary.removed_arguments
            else ""
        )
        click.echo(
            f"Fixed {counted(summary.fixed_ids, 'id')}{removed} in {counted(summary.fixed_files, 'file')}",
            err=True,
        )
    from ..reporters import extras

    summary_path = o["summary_path"] or (
        os.environ.get("GITHUB_STEP_SUMMARY") if o["output_format"] == "github" else None
    )
    incomplete = config.fail_on_incomplete and not summary.coverage.complete
    summary.verdict = _verdict(
        summary, failing and not o["exit_zero"], config.fail_on.value,
        incomplete and not o["exit_zero"],
    )  # fmt: skip
    reporter.summary_cut = extras.write_summary(summary_path, summary, info)
    if o["statistics"]:
        out.write(extras.statistics(summary, as_json=o["output_format"] == "json"))
    else:
        reporter.finish(summary)
    if fixing and summary.diagnostics and not o["quiet"]:
        click.echo(_left_by_fix(summary), err=True)
    if o["show_fixes"]:
        click.echo(extras.show_fixes(fixed, applied=fixing), err=True)
    if o["sarif_file"]:
        extras.write_sarif(o["sarif_file"], summary, info)
    if summary.errors:
        return 2
    if o["exit_non_zero_on_fix"] and fixing and summary.fixed_ids:
        return 1
    return 1 if (failing or incomplete) and not o["exit_zero"] else 0


def _left_by_fix(summary: Summary) -> str:
    """What a fix hook that cannot pass should say: the findings --fix will never rewrite, and
    the three ways to settle them (pre-commit's fix hook would otherwise fail every commit)."""
    unsafe = sum(1 for d in summary.diagnostics if d.safety == "unsafe")
    more = f" (--unsafe-fixes rewrites {unsafe} of them; review the change)" if unsafe else ""
    return (
        f"{counted(len(summary.diagnostics), 'finding')} left that --fix does not rewrite{more}: "
        "the messages say why. To accept one as it is: an ignore comment (--add-ignore), or, "
        "where no comment can go, a baseline (--write-baseline FILE, then --baseline FILE)."
    )


def _verdict(summary: Summary, failing: bool, fail_on: str, incomplete: bool) -> str:
    """The job summary's first line: what the exit code says, and why."""
    fixable = sum(1 for d in summary.diagnostics if d.fixable)
    fixes = f"; {fixable} fixable with `--fix`" if fixable else ""
    if summary.errors:
        return f"**Incomplete**: {counted(summary.errors, 'file')} could not be checked (exit 2){fixes}."
    if failing:
        return f"**Fails**: findings of severity `{fail_on}` or worse{fixes}."
    if incomplete:
        not_read = counted(len(summary.coverage.not_read), "file")
        return f"**Fails**: {not_read} not read (`fail-on-incomplete`){fixes}."
    return f"**Passes** (`fail-on: {fail_on}`){fixes}."


def _gate(o: dict[str, Any], paths: list[Path], stdin: bool, fixing: bool) -> Gate | None:
    """--diff-base and --baseline: what the run judges; None when neither is asked for."""
    wanted = [name for name in ("diff_base", "baseline_path", "write_baseline") if o[name]]
    if not wanted:
        return None
    flags = ", ".join("--" + n.removesuffix("_path").replace("_", "-") for n in wanted)
    if fixing or o["add_ignore"]:
        raise UsageProblem(f"{flags}: not with --fix, --diff or --add-ignore (fix first)")
    if stdin:
        raise UsageProblem(f"{flags}: not with standard input")
    if o["write_baseline"]:
        if len(wanted) > 1:
            raise UsageProblem(
                "--write-baseline: records every finding; not with --baseline or --diff-base"
            )
        return None
    from ..gate.baseline import Baseline
    from ..gate.changed_lines import changed_lines
    from ..gate.hiding import Gate

    return Gate(
        changed_lines(o["diff_base"], paths[0]) if o["diff_base"] else None,
        Baseline.read(o["baseline_path"]) if o["baseline_path"] else None,
    )


def _a_few_files(paths: list[Path]) -> bool:
    """A handful of files named (a pre-commit hook's usual call): reading them costs less than
    loading the repository's scan cache, which a full run may have filled with thousands."""
    return len(paths) < CACHE_FROM and not any(os.path.isdir(p) for p in paths)


CACHE_FROM = 50  # files named; with fewer (and no directory) the run reads them, uncached
