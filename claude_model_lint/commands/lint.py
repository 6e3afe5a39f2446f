"""The command line, kept thin: options -> config -> engine -> reporter -> exit code."""

from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from .. import __version__
from ..dates import parse_as_of
from ..errors import UsageProblem, UserError
from ..registry.daily_refresh import refresh_if_due
from ..registry.data_in_use import Registries, checked_fetched, data_in_use, stale_note
from ..repo.configs import Configs
from ..reporters import FORMATS
from ..types import Severity
from .checking import check_and_report

if TYPE_CHECKING:  # loaded on first use: a run that meets no id never reads the registry
    from ..registry.registry import Registry


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument(
    "paths", nargs=-1, type=click.Path(path_type=Path, readable=False)
)  # (an unreadable file is one line and exit 2, the others still checked: not click's abort)
@click.option("--fix", is_flag=True, help="Rewrite deprecated and retired ids in place.")
@click.option("--diff", is_flag=True, help="Print what --fix would change; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="Also fixes that change behaviour (CML007).")
@click.option(
    "--output-format", "--format", "output_format", type=click.Choice(FORMATS), default="text",
    help="The report's format (--format: the same).",
)  # fmt: skip
@click.option("--output-file", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option("--as-of", default="today", metavar="DATE", help="YYYY-MM-DD, today, +90d, -30d.")
@click.option(
    "--select", metavar="CODES", multiple=True, help="Rules to run (replaces the defaults)."
)
@click.option("--extend-select", metavar="CODES", multiple=True, help="Rules to add.")
@click.option("--ignore", metavar="CODES", multiple=True, help="Rules to leave out.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), help="Default: warning.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--fail-on-incomplete/--no-fail-on-incomplete", default=None,
    help="Exit 1 when a file in scope was not read (binary, too large, ...).",
)  # fmt: skip
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option(
    "--registry", "registries", multiple=True, type=click.Path(path_type=Path),
    help="A registry overlay (TOML or JSON); may be repeated.",
)  # fmt: skip
@click.option("--exclude", metavar="GLOBS", help="Replace the default excludes (comma-separated).")
@click.option("--extend-exclude", metavar="GLOBS", help="Add to the excludes (comma-separated).")
@click.option(
    "--force-exclude", is_flag=True, help="Apply the excludes to files named too (pre-commit)."
)
@click.option(
    "--names-are-files", is_flag=True,
    help="An argument naming an existing file is that file (the pre-commit hooks pass it).",
)  # fmt: skip
@click.option(
    "--stdin-filename", metavar="NAME", help="Standard input's file name (format, config)."
)
@click.option("--check-comments/--no-check-comments", default=None, help="Report ids in comments.")
@click.option("--max-file-size", metavar="SIZE", help="Skip larger files (default 5MB).")
@click.option(
    "--file-timeout", metavar="SECONDS", help="Time budget per file (default 10; 0: none)."
)
@click.option(
    "--statistics", is_flag=True, help="Print counts per rule and model id, not findings."
)
@click.option("--show-fixes", is_flag=True, help="List the ids --fix rewrote (or would rewrite).")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="With --fix, exit 1 if it fixed any.")
@click.option("--sarif-file", type=click.Path(path_type=Path), help="Also write SARIF here.")
@click.option("--add-ignore", is_flag=True, help="Add an ignore comment for every finding.")
@click.option(
    "--diff-base", metavar="REF",
    help="Judge only lines changed since REF's merge base (git); count the rest.",
)  # fmt: skip
@click.option(
    "--baseline", "baseline_path", type=click.Path(path_type=Path), metavar="FILE",
    help="Hide the findings recorded in FILE (see --write-baseline).",
)  # fmt: skip
@click.option(
    "--write-baseline", type=click.Path(path_type=Path), metavar="FILE",
    help="Record today's findings in FILE and exit 0.",
)  # fmt: skip
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(path_type=Path),
    help="Append a Markdown report here (with github: $GITHUB_STEP_SUMMARY).",
)
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no source lines or summary.")
@click.option("--verbose", "-v", is_flag=True, help="List each file not read, with its reason.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Default: on a terminal or with FORCE_COLOR, unless NO_COLOR.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Processes (0: auto).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the scan cache.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    help="Keep the cache in DIR/claude-model-lint-cache/ (default: the user cache directory).",
)
@click.option("--list-models", is_flag=True, help="Print the registry as of the date and exit.")
@click.option("--explain", "explain_code", metavar="CODE", help="Explain a rule and exit.")
@click.option("--version", is_flag=True, help="Print the version and the registry date.")
def cli(**options: Any) -> None:
    """Find deprecated, retired and unknown Claude model ids in PATHS (default: the current
    directory) and, with --fix, rewrite them to their replacements.

    Exit status: 0 nothing at or above --fail-on; 1 findings at or above it (or, with
    --fail-on-incomplete, a file in scope not read); 2 a usage,
    configuration or registry error, or a file that could not be checked (unreadable, over
    file-timeout), each said on standard error while the other files are still checked."""
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
        from ..registry.listing import explain

        text = explain(o["explain_code"])
        if text is None:
            raise UsageProblem(f"--explain: {o['explain_code']!r} is not a rule code")
        click.echo(text)
        return 0
    paths = list(o["paths"]) or [Path("-" if o["stdin_filename"] else ".")]
    if Path("-") in paths and len(paths) > 1:
        raise UsageProblem("-: standard input cannot be mixed with other paths")
    first = Path(o["stdin_filename"]) if paths == [Path("-")] and o["stdin_filename"] else paths[0]
    data = data_in_use()
    overlays = Registries(data.layers())
    configs = _configs(o, [first, *paths[1:]], overlays)
    config = configs.for_path(first)  # the run's own: the registry date, the cache directory
    if config.refresh == "daily" and not o["version"]:
        refreshed, failed = refresh_if_due(now)
        if failed:
            _note(failed)
        if refreshed:
            data = data_in_use()
            overlays.fetched = data.layers()
    for note in data.notes:
        _note(note)
    data = checked_fetched(overlays, config.registry, data, _note)
    registry = functools.partial(overlays, config.registry)
    # an overlay may be wrong: say so before anything runs; the bundled one is read when needed
    updated = registry().updated if config.registry or data.fetched else data.updated
    described = data.describe(config.registry)
    if o["version"]:
        click.echo(f"claude-model-lint {__version__} (registry updated {updated}: {described})")
        return 0
    stale = stale_note(updated, as_of)
    if stale:
        _note(stale)
    if o["list_models"]:
        from ..registry.listing import list_models

        click.echo(list_models(registry(), as_of, o["output_format"], described), nl=False)
        return 0
    from .output_guard import not_an_input

    for option, written in [
        ("--output-file", o["output_file"]), ("--sarif-file", o["sarif_file"]),
        ("--write-baseline", o["write_baseline"]), ("--summary", o["summary_path"]),
    ]:  # fmt: skip
        not_an_input(paths, configs, o["force_exclude"], written, option)
    with _output(o["output_file"]) as out:
        return check_and_report(
            paths, configs, config, registry, overlays, updated, as_of, o, out, described
        )


def _note(text: str) -> None:
    click.echo(f"claude-model-lint: note: {text}", err=True)


def _configs(
    o: dict[str, Any], paths: list[Path], overlays: Callable[[tuple[Path, ...]], Registry]
) -> Configs:
    """Every file's config; those of the paths given are read now, so a mistake in one stops
    the run before it starts (a config met deeper in a walk is said, and its files skipped)."""
    if o["config_path"] is not None and not o["config_path"].is_file():
        raise UsageProblem(f"--config: {o['config_path']}: no such file")
    flags = {
        "select": _joined(o["select"]), "extend-select": _joined(o["extend_select"]),
        "ignore": _joined(o["ignore"]),
        "fail-on": o["fail_on"], "check-comments": o["check_comments"],
        "fail-on-incomplete": o["fail_on_incomplete"],
        "max-file-size": o["max_file_size"], "file-timeout": o["file_timeout"],
        "exclude": _split(o["exclude"]), "extend-exclude": _split(o["extend_exclude"]),
    }  # fmt: skip
    from ..repo.root import repository_root

    configs = Configs(
        {k: v for k, v in flags.items() if v is not None}, tuple(o["registries"]),
        fixed=o["config_path"], check=lambda c: overlays(c.registry) if c.registry else None,
        root=repository_root(p for p in paths if p != Path("-")),
    )  # fmt: skip
    for path in paths:
        configs.for_path(path)
    return configs


def _joined(values: tuple[str, ...]) -> str | None:
    """Repeated --select/--ignore accumulate, as ruff's do."""
    return ",".join(values) if values else None


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
                self.path.parent.mkdir(parents=True, exist_ok=True)  # as ruff does
                self.handle = open(self.path, "w", encoding="utf-8", errors="surrogateescape")
            except OSError as exc:
                raise UsageProblem(f"--output-file: {exc.strerror or exc}") from None
        return self.handle

    def __exit__(self, kind: object, exc: BaseException | None, _: object) -> None:
        if self.path is None:
            return
        try:  # the report may not reach the file (a full disk, /dev/full): one line, exit 2
            self.handle.close()
        except OSError as failed:
            exc = exc or failed  # (an interrupt, or a bug, is never hidden by this)
        if isinstance(exc, OSError) and exc.errno in _WRITE_FAILED:
            reason = exc.strerror or exc
            raise UsageProblem(f"--output-file: cannot write {self.path}: {reason}") from None


_WRITE_FAILED = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def main() -> None:
    """The lint command, as the console script runs it (``launch.py`` runs this, or the server)."""
    from .console import run as run_console

    run_console(cli, "claude-model-lint")
