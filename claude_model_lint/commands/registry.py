"""claude-model-lint-registry: bring the registry up to date from Anthropic's page.

`update` fetches the live page into the user cache (the fetched layer every lint run then uses);
`import` turns a saved copy into an overlay file. A separate command, so that
`claude-model-lint PATHS` never mistakes a path for a subcommand.
"""

from __future__ import annotations

import sys
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from ..errors import RegistryError, UsageProblem
from ..registry import fetched as fetched_layer
from ..registry.page_import import Page, PageError, parse_page
from ..registry.page_overlay import diff_against, overlay_toml, unknown_replacements
from ..registry.registry import load_registry
from ..registry.updater import SOURCES, run_update
from ..safe_read import MB, NotReadable, read_regular
from .console import run as run_console

PAGE_BYTES = 4 * MB
_Command = TypeVar("_Command", bound=Callable[..., None])


def _overlays_option(help: str) -> Callable[[_Command], _Command]:
    """``--registry PATH`` (repeatable): overlays applied as a lint run with them would."""
    return click.option(
        "--registry", "overlays", multiple=True, type=click.Path(path_type=Path), help=help
    )


@contextmanager
def _said_as_errors() -> Iterator[None]:
    """A bad overlay or a bad --as-of: one line naming it, exit 2."""
    try:
        yield
    except (RegistryError, UsageProblem) as exc:
        _fail(str(exc))


def _source_options(
    whole: str, page: str, default_timeout: float, max_timeout: float
) -> Callable[[_Command], _Command]:
    """The options `update` and `refresh-data` share: which sources, where, how long in all."""

    def apply(command: _Command) -> _Command:
        for option in reversed((
            click.option(
                "--source", type=click.Choice(SOURCES), default="all", show_default=True,
                help="Anthropic's 'Model deprecations' page, its Python SDK's newest release, or both.",
            ),
            click.option(
                "--url", default=fetched_layer.DEFAULT_URL, show_default=True,
                help=page,
            ),
            click.option(
                "--index",
                help=f"The package index's JSON for the SDK [default: {fetched_layer.DEFAULT_INDEX}].",
            ),
            click.option(
                "--timeout", type=click.FloatRange(min=0.1, max=max_timeout),
                default=default_timeout, show_default=True,
                help=f"Seconds for the whole {whole}, every source and byte.",
            ),
        )):  # fmt: skip
            command = option(command)
        return command

    return apply


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def registry() -> None:
    """Keep the model registry current with Anthropic's 'Model deprecations' page."""


@registry.command("update")
@_source_options("update", "The page.", 10.0, 120)
@click.option("--force", is_flag=True, help="Fetch everything even if the copies are unchanged.")
def update(source: str, url: str, index: str | None, timeout: float, force: bool) -> None:
    """Read Anthropic's sources now and keep each as a registry layer (the user cache), dated
    by the source; an older source than the data in use is refused and changes nothing."""
    _web_address("--url", url)
    if index is not None:
        _web_address("--index", index, ("http", "https", "file"))
    code, message = run_update(url, timeout, force=force, source=source, index=index)
    click.echo(message, err=True)
    sys.exit(code)


@registry.command("explain")
@click.argument("model_id")
@click.option("--as-of", "as_of", help="Judge as of this date (YYYY-MM-DD, today, +60d).")
@_overlays_option("Apply these overlays too, as a lint run with them would.")
def explain(model_id: str, as_of: str | None, overlays: tuple[Path, ...]) -> None:
    """Print every fact the tool uses for MODEL_ID (any spelling), per platform, each with the
    layer (bundled, fetched source, overlay) that set it and its sources."""
    from datetime import datetime, timezone

    from ..dates import parse_as_of
    from ..registry.data_in_use import data_in_use
    from ..registry.provenance import explain_model, steps

    with _said_as_errors():
        when = parse_as_of(as_of or "today", datetime.now(timezone.utc).date())
    data = data_in_use()
    for note in data.notes:  # a damaged or special fetched copy: said, as a lint run says it
        click.echo(f"claude-model-lint-registry: note: {note}", err=True)
    with _said_as_errors():
        layers = steps(data.layers(), overlays)
    text = explain_model(model_id, layers, when)
    if text is None:
        _fail(f"{model_id!r} is not a model id or spelling the data knows")
    click.echo(text, nl=False)


@registry.command("refresh-data")
@_source_options("refresh", "The page (http://, https://, or file:// for a saved copy).", 60.0, 600)
@click.option(
    "--data",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The data file to refresh [default: the package's bundled models.toml].",
)
@click.option(
    "--summary",
    "summary_to",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the review summary (Markdown) here too.",
)
def refresh_data(
    source: str, url: str, index: str | None, timeout: float, data: Path | None,
    summary_to: Path | None,
) -> None:  # fmt: skip
    """For maintainers: fold Anthropic's newest sources into the bundled data file (never
    backwards) and print what changed, for review; "no change" when nothing moved. Needs the
    'maintain' extra (scripts/refresh-data; docs/maintainers.md)."""
    from ..registry import bundled

    _web_address("--url", url, ("http", "https", "file"))
    if index is not None:
        _web_address("--index", index, ("http", "https", "file"))
    try:
        from ..registry.refresh import refresh
    except ImportError as exc:  # tomlkit: only maintainers need it
        _fail(
            f"refresh-data needs the maintain extra (pip install 'claude-model-lint[maintain]'): {exc}"
        )
    result = refresh(
        data or bundled.PATH, url, index or fetched_layer.default_index(), source, timeout
    )
    click.echo(result.report)
    if summary_to is not None:
        try:
            summary_to.write_text(result.report + "\n", encoding="utf-8")
        except OSError as exc:
            _fail(f"--summary: {summary_to}: {exc.strerror or exc}")
    sys.exit(result.code)


@registry.command("import")
@click.argument("page", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--page-date", help="The page's date (YYYY-MM-DD); default: its front matter's.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write the overlay here (default: stdout).",
)
@click.option(
    "--diff-against-bundled", is_flag=True, help="Say what the page changes; write nothing."
)
@_overlays_option("Compare with these overlays applied too.")
def import_page(
    page: Path, page_date: str | None, output: Path | None, diff_against_bundled: bool,
    overlays: tuple[Path, ...],
) -> None:  # fmt: skip
    """Read PAGE (Markdown; English, Korean, Japanese or Chinese) and write a registry overlay."""
    read = _read_page(page)
    with _said_as_errors():
        base = load_registry(overlays)
    when = _page_date(page_date, read)
    if when < base.updated:
        click.echo(
            f"note: the page ({when}) is older than the registry ({base.updated}); "
            "importing it would undo what the registry learned since",
            err=True,
        )
    if diff_against_bundled:
        changes = diff_against(read, base, when)
        click.echo("\n".join(changes) if changes else "The page agrees with the registry.")
        sys.exit(1 if changes else 0)
    overlay = overlay_toml(
        read, base, when, f"Anthropic 'Model deprecations' ({page.name}, {when})"
    )
    for line in unknown_replacements(read, base):
        click.echo(f"note: {line}", err=True)
    with _said_as_errors():  # the overlay loads as a lint run would load it
        load_registry(overlays, fetched=[(f"the overlay made of {page}", overlay)])
    if output is None:
        click.echo(overlay, nl=False)
        return
    try:
        output.write_text(overlay, encoding="utf-8")
    except OSError as exc:
        _fail(f"--output: {output}: {exc.strerror or exc}")
    click.echo(f"Wrote {len(read.models)} models to {output}", err=True)


def _read_page(page: Path) -> Page:
    try:
        return parse_page(read_regular(page, PAGE_BYTES).decode("utf-8"))
    except (NotReadable, UnicodeDecodeError) as exc:
        _fail(f"{page}: cannot read: {exc}")
    except PageError as exc:
        _fail(f"{page}: {exc}")


def _page_date(given: str | None, page: Page) -> date:
    if given is not None:
        try:
            return date.fromisoformat(given)
        except ValueError:
            _fail(f"--page-date: {given!r} is not a date (YYYY-MM-DD)")
    if page.date is None:
        _fail("the page states no date (no front matter date): give --page-date YYYY-MM-DD")
    return page.date


def _web_address(option: str, url: str, schemes: tuple[str, ...] = ("http", "https")) -> None:
    """An address urllib can open, or one line naming the option (urlsplit raises ValueError
    on 'http://[::1' and a port that is not a number or out of range)."""
    shown = " or ".join(f"{scheme}://" for scheme in schemes)
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  (reading it validates it)
    except ValueError as exc:
        _fail(f"{option}: {url!r} is not a valid {shown} address ({exc})")
    if parts.scheme not in schemes or not url.isprintable():
        _fail(f"{option}: {url!r} is not an {shown} address")
    if not parts.netloc and parts.scheme != "file":
        _fail(f"{option}: {url!r} is not an {shown} address")


def _fail(message: str) -> NoReturn:
    click.echo(f"claude-model-lint-registry: error: {message}", err=True)
    sys.exit(2)


def main() -> None:
    """The console script."""
    run_console(registry, "claude-model-lint-registry")
