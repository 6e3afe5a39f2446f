"""The command line, kept thin: options -> config -> engine -> reporter -> exit code."""

from __future__ import annotations

import functools
import os
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from . import __version__
from .config import Config, apply, find_config, load_config
from .data_in_use import DataInUse, data_in_use, refresh_if_due, stale_note
from .engine import RunOptions
from .errors import RegistryError, UserError
from .reporters import FORMATS, RunInfo, Summary, make_reporter
from .runner import run
from .types import Severity

if TYPE_CHECKING:  # loaded on first use: a run that meets no id never reads the registry
    from .registry import Registry


class UsageProblem(UserError):
    """A mistake on the command line."""


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
        raise UsageProblem(
            f"--as-of: {text!r} is not a date (YYYY-MM-DD, 'today', '+90d', '-30d')"
        ) from None


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Rewrite deprecated and retired ids in place.")
@click.option("--diff", is_flag=True, help="Print what --fix would change; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="Also fixes that change behaviour (CML007).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text")
@click.option("--output-file", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option("--as-of", default="today", metavar="DATE", help="YYYY-MM-DD, today, +90d, -30d.")
@click.option("--select", metavar="CODES", help="Rules to run (replaces the default set).")
@click.option("--extend-select", metavar="CODES", help="Rules to add to the selection.")
@click.option("--ignore", metavar="CODES", help="Rules to leave out.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), help="Default: warning.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option("--registry", "registries", multiple=True, type=click.Path(path_type=Path))
@click.option("--exclude", metavar="GLOBS", help="Replace the default excludes (comma-separated).")
@click.option("--extend-exclude", metavar="GLOBS", help="Add to the excludes (comma-separated).")
@click.option("--check-comments/--no-check-comments", default=None, help="Report ids in comments.")
@click.option("--max-file-size", metavar="SIZE", help="Skip larger files (default 5MB).")
@click.option(
    "--file-timeout", metavar="SECONDS", help="Time budget per file (default 10; 0: none)."
)
@click.option("--statistics", is_flag=True, help="Counts per rule and per model id.")
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(path_type=Path),
    help="Append a Markdown report here (default: $GITHUB_STEP_SUMMARY when set).",
)
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no source lines or summary.")
@click.option("--color/--no-color", default=None, help="Default: on a terminal, unless NO_COLOR.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Processes (0: auto).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the scan cache.")
@click.option(
    "--cache-dir", type=click.Path(path_type=Path), help="Default: .claude-model-lint-cache."
)
@click.option("--list-models", is_flag=True, help="Print the registry as of the date and exit.")
@click.option("--explain", "explain_code", metavar="CODE", help="Explain a rule and exit.")
@click.option("--version", is_flag=True, help="Print the version and the registry date.")
def cli(**options: Any) -> None:
    try:
        code = _main(options)
    except UserError as exc:
        click.echo(f"claude-model-lint: error: {exc}", err=True)
        code = 2
    sys.exit(code)


def _main(o: dict[str, Any]) -> int:
    now = datetime.now(timezone.utc)
    today = now.date()
    as_of = parse_as_of(o["as_of"], today)
    if o["explain_code"]:
        from .listing import explain

        text = explain(o["explain_code"])
        if text is None:
            raise UsageProblem(f"--explain: {o['explain_code']!r} is not a rule code")
        click.echo(text)
        return 0
    paths = list(o["paths"]) or [Path(".")]
    config = _config(o, paths)
    if config.refresh == "daily" and not o["version"]:
        note = refresh_if_due(now)
        if note:
            click.echo(f"claude-model-lint: note: {note}", err=True)
    data = data_in_use()
    for note in data.notes:
        click.echo(f"claude-model-lint: note: {note}", err=True)
    registry, data = _checked_loader(config.registry, data)
    # an overlay may be wrong: say so before anything runs; the bundled one is read when needed
    updated = registry().updated if config.registry or data.fetched else data.updated
    described = data.describe(config.registry)
    if o["version"]:
        click.echo(f"claude-model-lint {__version__} (registry updated {updated}: {described})")
        return 0
    if o["list_models"]:
        from .listing import list_models

        click.echo(list_models(registry(), as_of, o["output_format"], described), nl=False)
        return 0
    stale = stale_note(updated, as_of)
    if stale:
        click.echo(f"claude-model-lint: note: {stale}", err=True)
    with _output(o["output_file"]) as out:
        layer = data.layer()
        fetched_text = layer[1] if layer else ""
        return _lint(paths, config, registry, updated, as_of, o, out, described, fetched_text)


def _checked_loader(
    overlays: tuple[Path, ...], data: DataInUse
) -> tuple[Callable[[], Registry], DataInUse]:
    """The registry loader; a fetched copy that no longer loads (a tool upgrade changed the
    bundled data under it) is dropped with a note rather than failing every run."""
    loader = _registry_loader(overlays, data.layer())
    if data.fetched is None:
        return loader, data
    try:
        loader()
    except RegistryError as exc:
        if data.layer() is None or data.layer()[0] not in str(exc):  # type: ignore[index]
            raise
        click.echo(
            f"claude-model-lint: note: the fetched data does not load ({exc}); using the bundled "
            "data; run claude-model-lint-registry update",
            err=True,
        )
        data = data._replace(fetched=None)
        loader = _registry_loader(overlays, None)
    return loader, data


def _registry_loader(
    overlays: tuple[Path, ...], fetched: tuple[str, str] | None
) -> Callable[[], Registry]:
    @functools.cache
    def load() -> Registry:
        from .registry import load_registry

        return load_registry(overlays, fetched)

    return load


def _config(o: dict[str, Any], paths: list[Path]) -> Config:
    path = o["config_path"] or find_config(paths[0])
    if o["config_path"] is not None and not o["config_path"].is_file():
        raise UsageProblem(f"--config: {o['config_path']}: no such file")
    config = load_config(path)
    flags = {
        "select": o["select"], "extend-select": o["extend_select"], "ignore": o["ignore"],
        "fail-on": o["fail_on"], "check-comments": o["check_comments"],
        "max-file-size": o["max_file_size"], "file-timeout": o["file_timeout"],
        "exclude": _split(o["exclude"]), "extend-exclude": _split(o["extend_exclude"]),
    }  # fmt: skip
    config = apply(config, {k: v for k, v in flags.items() if v is not None}, "command line")
    return replace(config, registry=(*config.registry, *o["registries"]))


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


class _output:
    """stdout, or the --output-file, as a context manager."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: TextIO = sys.stdout

    def __enter__(self) -> TextIO:
        if self.path is not None:
            try:
                self.handle = open(self.path, "w", encoding="utf-8")
            except OSError as exc:
                raise UsageProblem(f"--output-file: {exc.strerror or exc}") from None
        return self.handle

    def __exit__(self, *_: object) -> None:
        if self.path is not None:
            self.handle.close()


def _lint(
    paths: list[Path], config: Config, registry: Callable[[], Registry], updated: date,
    as_of: date, o: dict[str, Any], out: TextIO, described: str, fetched_layer: str,
) -> int:  # fmt: skip
    color = o["color"]
    if color is None:
        color = out.isatty() and "NO_COLOR" not in os.environ and o["output_file"] is None
    info = RunInfo(as_of, __version__, lambda: updated, described)
    reporter = make_reporter(
        o["output_format"], out, sys.stderr, info, color=color, quiet=o["quiet"]
    )
    fixing, diffing = bool(o["fix"]), bool(o["diff"])
    options = RunOptions(
        config, registry, as_of, fix=fixing or diffing, write=fixing, unsafe_fixes=o["unsafe_fixes"]
    )
    cache = None
    if not o["no_cache"]:
        from .cache import DIRECTORY, ScanCache

        directory = o["cache_dir"] or (config.root if config.source else Path.cwd()) / DIRECTORY
        key = ScanCache.key(__version__, updated, config.check_comments, config.max_file_size)
        verdicts = _verdict_key(config, updated, as_of, o["unsafe_fixes"], fetched_layer)
        cache = ScanCache(directory, key, verdicts)
    summary = Summary()
    changed = 0
    for result in run(paths, options, jobs=o["jobs"], cache=cache):
        for note in result.notes:
            if not o["quiet"] or note.startswith("not fixed"):
                click.echo(f"{result.path}: {note}", err=True)
        if result.error:
            click.echo(f"{result.path}: error: {result.error}", err=True)
        remaining = summary.add(result, fixing=fixing)
        if diffing and result.fixed_text is not None and result.original_text is not None:
            changed += 1
            out.write(_unified(result.path, result.original_text, result.fixed_text))
        elif not diffing:
            reporter.file(remaining)
    if diffing:
        ids = sum(1 for d in summary.diagnostics if d.replacement)
        click.echo(f"Would fix {ids} ids in {changed} files", err=True)
        return 2 if summary.errors else (1 if changed else 0)
    if fixing and not o["quiet"]:
        removed = (
            f" and removed {summary.removed_arguments} arguments"
            if summary.removed_arguments
            else ""
        )
        click.echo(
            f"Fixed {summary.fixed_ids} ids{removed} in {summary.fixed_files} files", err=True
        )
    reporter.finish(summary)
    if o["statistics"]:
        out.write(_statistics(summary))
    _write_summary(o["summary_path"] or os.environ.get("GITHUB_STEP_SUMMARY"), summary, info)
    if summary.errors:
        return 2
    threshold = config.fail_on.rank
    failing = any(d.severity.rank >= threshold for d in summary.diagnostics)
    return 1 if failing and not o["exit_zero"] else 0


def _verdict_key(
    config: Config, updated: date, as_of: date, unsafe_fixes: bool, fetched: str
) -> str:
    """Everything a file's verdicts depend on besides its scan: kept verdicts are reused only
    under the same key (an overlay's bytes count, not only its date)."""
    from .cache import ScanCache

    overlays = [zlib.crc32(path.read_bytes()) for path in config.registry]
    overlays.append(zlib.crc32(fetched.encode()))  # the fetched layer's text, '' when none
    per_file = [(pattern, sorted(codes)) for pattern, codes in config.per_file_ignores]
    return ScanCache.key(
        __version__, updated, as_of, overlays, sorted(config.select), sorted(config.ignore),
        per_file, config.root, unsafe_fixes,
    )  # fmt: skip


def _write_summary(path: str | Path | None, summary: Summary, info: RunInfo) -> None:
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            from .reporters.summary import markdown

            handle.write(markdown(summary, info))
    except OSError as exc:
        click.echo(f"claude-model-lint: cannot write the summary to {path}: {exc}", err=True)


def _unified(path: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        fromfile=f"a/{path}", tofile=f"b/{path}",
    )  # fmt: skip
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)  # fmt: skip


def _statistics(summary: Summary) -> str:
    from collections import Counter

    by_code = Counter((d.code, d.rule) for d in summary.diagnostics)
    by_model = Counter(d.model for d in summary.diagnostics)
    rows = [f"{n:6d}  {code}  {rule}" for (code, rule), n in sorted(by_code.items())]
    rows += [f"{n:6d}  {model}" for model, n in by_model.most_common()]
    return "\n".join(rows) + ("\n" if rows else "")


def main() -> None:
    """The console script."""
    from .console import run as run_console

    run_console(cli, "claude-model-lint")
