"""Run a click command as a console script: no traceback ever reaches the user."""

from __future__ import annotations

import os
import sys

import click


def run(command: click.Command, name: str) -> None:
    """Exit with the command's code; click's errors as click shows them, ours as one line."""
    try:
        command(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo(f"{name}: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # a bug of ours: one line, and the run says it failed
        click.echo(f"{name}: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)
