"""claude-model-lint-radar: open (and keep current) the migration pull request of each model that
retires within the look-ahead, on any CI. The token is read from an environment variable, never
from the command line (where other processes could read it)."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NoReturn

import click

from ..dates import parse_as_of
from ..errors import UserError
from ..radar.cycle import Outcome, Settings, run_radar
from ..radar.git import GitError
from ..radar.github import GitHubError
from ..radar.lint import LintError
from .console import run as run_console


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--repo-dir", type=click.Path(path_type=Path, file_okay=False, exists=True), default=".",
    show_default=True, help="A clone whose origin is the repository.",
)  # fmt: skip
@click.option("--repository", envvar="GITHUB_REPOSITORY", help="owner/name ($GITHUB_REPOSITORY).")
@click.option("--api-url", envvar="GITHUB_API_URL", default="https://api.github.com",
              show_default=True, help="The REST API ($GITHUB_API_URL).")  # fmt: skip
@click.option("--token-env", default="GITHUB_TOKEN", show_default=True,
              help="The environment variable that holds the token.")  # fmt: skip
@click.option("--as-of", default="+60d", show_default=True, metavar="DATE",
              help="Look ahead to this date: +60d, +90d, YYYY-MM-DD.")  # fmt: skip
@click.option("--group", type=click.Choice(["model", "all"]), default="model", show_default=True,
              help="One pull request per retiring model and platform, or one for all.")  # fmt: skip
@click.option("--max-new", type=click.IntRange(min=0), default=5, show_default=True,
              help="Open at most this many pull requests per run.")  # fmt: skip
@click.option("--verify", help="A command (bash) run on the migrated tree, without the token.")
@click.option("--verify-timeout", type=click.FloatRange(min=1), default=1800.0, show_default=True)
@click.option("--registry", "overlays", multiple=True, type=click.Path(path_type=Path),
              help="A registry overlay (TOML or JSON); may be repeated.")  # fmt: skip
@click.option("--today", metavar="DATE", help="Count the days left from this date (default: today, UTC).")  # fmt: skip
def radar(
    repo_dir: Path, repository: str | None, api_url: str, token_env: str, as_of: str, group: str,
    max_new: int, verify: str | None, verify_timeout: float, overlays: tuple[Path, ...],
    today: str | None,
) -> None:  # fmt: skip
    """Open the migration pull requests of the models that retire soon, and one issue for what
    needs a person."""
    if not repository or repository.count("/") != 1:
        _fail("--repository: give owner/name (or set GITHUB_REPOSITORY)")
    try:
        now = date.fromisoformat(today) if today else datetime.now(timezone.utc).date()
    except ValueError:
        _fail(f"--today: {today!r} is not a date (YYYY-MM-DD)")
    settings = Settings(
        clone=repo_dir.resolve(), repository=repository, api_url=api_url,
        token=os.environ.get(token_env) or None, today=now,
        as_of=_as_of(as_of, now), per_model=group == "model", max_new=max_new,
        verify=verify or None, verify_timeout=verify_timeout,
        overlays=tuple(p.resolve() for p in overlays),
    )  # fmt: skip
    outcome = Outcome()
    try:
        run_radar(settings, lambda line: click.echo(f"radar: {line}", err=True), outcome)
    except (GitHubError, GitError, LintError, UserError) as exc:
        if outcome.opened or outcome.updated or outcome.closed or outcome.issue is not None:
            _outputs(outcome)  # what was done before the failure, as the step's outputs too
            click.echo("radar: stopped by the error below; the lines above say what was done",
                       err=True)  # fmt: skip
        _fail(str(exc))
    _outputs(outcome)


def _as_of(text: str, today: date) -> date:
    try:
        return parse_as_of(text, today)
    except UserError as exc:
        _fail(str(exc))


def _outputs(outcome: Outcome) -> None:
    """Say what was done; in a GitHub Actions step, also as the step's outputs."""
    lines = {
        "opened": " ".join(map(str, outcome.opened)),
        "updated": " ".join(map(str, outcome.updated)),
        "closed": " ".join(map(str, outcome.closed)),
        "issue": "" if outcome.issue is None else str(outcome.issue),
    }
    for name, value in lines.items():
        click.echo(f"{name}={value}")
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.writelines(f"{name}={value}\n" for name, value in lines.items())


def _fail(message: str) -> NoReturn:
    click.echo(f"claude-model-lint-radar: error: {message}", err=True)
    sys.exit(2)


def main() -> None:
    """The console script."""
    run_console(radar, "claude-model-lint-radar")
