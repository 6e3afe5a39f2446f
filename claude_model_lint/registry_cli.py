"""claude-model-lint-registry: bring the registry up to date from Anthropic's page.

A separate command, so that `claude-model-lint PATHS` never mistakes a path for a subcommand.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import click

from .errors import RegistryError
from .page_import import PageError, diff_against, overlay_toml, parse_page
from .registry import load_registry


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def registry() -> None:
    """Import Anthropic's 'Model deprecations' page into a registry overlay."""


@registry.command("import")
@click.argument("page", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--page-date", help="The page's date (YYYY-MM-DD); default: its latest history heading."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write the overlay here (default: stdout).",
)
@click.option(
    "--diff-against-bundled", is_flag=True, help="Say what the page changes; write nothing."
)
@click.option(
    "--registry",
    "overlays",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Compare with these overlays applied too.",
)
def import_page(
    page: Path, page_date: str | None, output: Path | None, diff_against_bundled: bool,
    overlays: tuple[Path, ...],
) -> None:  # fmt: skip
    """Read PAGE (Markdown, English or Korean) and write it as a registry overlay."""
    try:
        text = page.read_text(encoding="utf-8")
        models, latest = parse_page(text)
        base = load_registry(overlays)
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{page}: cannot read: {exc}")
    except PageError as exc:
        _fail(f"{page}: {exc}")
    except RegistryError as exc:
        _fail(str(exc))
    when = _page_date(page_date, latest)
    if when < base.updated:
        click.echo(
            f"note: the page ({when}) is older than the registry ({base.updated}); "
            "importing it would undo what the registry learned since",
            err=True,
        )
    if diff_against_bundled:
        changes = diff_against(models, base, when)
        click.echo("\n".join(changes) if changes else "The page agrees with the registry.")
        sys.exit(1 if changes else 0)
    overlay = overlay_toml(
        models, base, when, f"Anthropic 'Model deprecations' ({page.name}, {when})"
    )
    if output is None:
        click.echo(overlay, nl=False)
    else:
        output.write_text(overlay, encoding="utf-8")
        click.echo(f"Wrote {len(models)} models to {output}", err=True)


def _page_date(given: str | None, latest: date | None) -> date:
    if given is not None:
        try:
            return date.fromisoformat(given)
        except ValueError:
            _fail(f"--page-date: {given!r} is not a date (YYYY-MM-DD)")
    if latest is None:
        _fail("the page has no dated history heading: give --page-date")
    click.echo(f"note: page date taken from its latest history heading: {latest}", err=True)
    return latest


def _fail(message: str) -> NoReturn:
    click.echo(f"claude-model-lint-registry: error: {message}", err=True)
    sys.exit(2)


def main() -> None:
    registry()
