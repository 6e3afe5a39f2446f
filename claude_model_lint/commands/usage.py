"""claude-model-lint-usage FILE.csv [PATHS]: which deprecated models still get traffic, and where
the code names them. Exit 1 when a retired or deprecated model still carries traffic."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NoReturn

import click

from ..config import Config, find_config, load_config
from ..dates import parse_as_of
from ..errors import ConfigError, RegistryError, UsageProblem
from ..registry.registry import load_registry
from ..repo.root import check_overlays, inside, repository_root
from ..safe_read import MB, NotReadable, open_regular
from ..usage.audit import ModelReport, Usage, UsageError, at_risk, audit, code_ids, read_usage


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("csv_file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--as-of", default="today", metavar="DATE", help="YYYY-MM-DD, today, +90d, -30d.")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text"
)
@click.option("--model-column", help="The model column's header, when it cannot be guessed.")
@click.option("--registry", "registries", multiple=True, type=click.Path(path_type=Path))
def usage(
    csv_file: Path, paths: tuple[Path, ...], as_of: str, output_format: str,
    model_column: str | None, registries: tuple[Path, ...],
) -> None:  # fmt: skip
    """Classify the models of a Console usage export (CSV); with PATHS, join them with the code."""
    try:
        when = parse_as_of(as_of, datetime.now(timezone.utc).date())
        fd = open_regular(csv_file, CSV_BYTES)
        with open(fd, encoding="utf-8", newline="") as stream:  # read as it is summed
            data = read_usage(stream, model_column)
        config = _config(paths) if paths else None
        registry = load_registry((*(config.registry if config else ()), *registries))
    except (OSError, UnicodeDecodeError, NotReadable) as exc:
        _fail(f"{csv_file}: cannot read: {exc}")
    except UsageError as exc:
        _fail(f"{csv_file}: {exc}")
    except (UsageProblem, ConfigError, RegistryError) as exc:
        _fail(str(exc))
    code = list(code_ids(list(paths), config, csv_file)) if config is not None else []
    try:
        reports = audit(data, registry, when, code)
    except UsageError as exc:  # spellings of one model summed past the float range
        _fail(f"{csv_file}: {exc}")
    render = {"text": _text, "json": _json, "markdown": _markdown}[output_format]
    click.echo(render(reports, data, csv_file, when, bool(paths)), nl=False)
    sys.exit(1 if at_risk(reports) else 0)


CSV_BYTES = 64 * 1024 * MB  # read as a stream: the cap only stops a file that never ends


def _config(paths: tuple[Path, ...]) -> Config:
    """The first path's config, found only within the repository, naming overlays only in it."""
    root = repository_root(paths)
    source = find_config(paths[0])
    if source is None or not inside(source, root):
        return load_config(None)
    config = load_config(source)
    check_overlays(config.registry, root, str(source))
    return config


def _fail(message: str) -> NoReturn:
    click.echo(f"claude-model-lint-usage: error: {message}", err=True)
    sys.exit(2)


def _number(value: float) -> str:
    if isinstance(value, int):
        return f"{value:,}"  # (through a float, a 44-digit count lost its last 28 digits)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _groups(reports: dict[str, ModelReport], joined: bool) -> dict[str, list[ModelReport]]:
    groups: dict[str, list[ModelReport]] = {"in traffic and in code": [], "in traffic, not found in code": [],
              "in code, with no traffic": []} if joined else {"in traffic": []}  # fmt: skip
    for report in reports.values():
        if not joined:
            groups["in traffic"].append(report)
        elif report.in_traffic and report.code:
            groups["in traffic and in code"].append(report)
        elif report.in_traffic:
            groups["in traffic, not found in code"].append(report)
        else:
            groups["in code, with no traffic"].append(report)
    return groups


def _row(report: ModelReport, columns: list[str]) -> list[str]:
    return [
        report.state, report.canonical or report.written[0], str(report.retires or "—"),
        "—" if report.days_left is None else str(report.days_left), report.replacement or "—",
        *(_number(report.traffic.get(c, 0.0)) for c in columns),
        ", ".join(report.code[:3]) + (f" (+{len(report.code) - 3})" if len(report.code) > 3 else ""),
    ]  # fmt: skip


def _header(data: Usage) -> list[str]:
    return ["state", "model", "retires", "days left", "replacement", *data.columns, "in code"]


def _title(data: Usage, csv_file: Path, when: object) -> str:
    keys = f", {len(data.by_key)} API keys" if data.key_column else ""
    cut = "".join(f" ({note})" for note in data.cut)
    return f"Usage of {csv_file.name} as of {when}: {data.rows:,} rows{keys}{cut}"


def _text(
    reports: dict[str, ModelReport], data: Usage, csv_file: Path, when: object, joined: bool
) -> str:
    out = [_title(data, csv_file, when), ""]
    for name, group in _groups(reports, joined).items():
        if not group:
            continue
        table = [_header(data), *(_row(r, data.columns) for r in group)]
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        out.append(f"{name}:")
        out += [
            "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in table
        ]
        out.append("")
    if data.key_column:
        out.append(f"By {data.key_column}:")
        for key in sorted(data.by_key):
            for report in reports.values():
                if key in report.keys:
                    totals = ", ".join(f"{c} {_number(v)}" for c, v in report.keys[key].items())
                    out.append(
                        f"  {key}: {report.canonical or report.written[0]} ({report.state}) {totals}"
                    )
        out.append("")
    risky = at_risk(reports)
    out.append(f"{len(risky)} retired or deprecated models still carry traffic." if risky else
               "No retired or deprecated model carries traffic.")  # fmt: skip
    return "\n".join(out) + "\n"


def _json(
    reports: dict[str, ModelReport], data: Usage, csv_file: Path, when: object, joined: bool
) -> str:
    def one(report: ModelReport) -> dict[str, Any]:
        return {
            "model": report.written[0], "written": report.written, "canonical": report.canonical,
            "state": report.state, "retires": str(report.retires) if report.retires else None,
            "days_left": report.days_left, "replacement": report.replacement,
            "in_traffic": report.in_traffic, "traffic": report.traffic, "by_key": report.keys,
            "code": report.code,
        }  # fmt: skip

    groups = {name.replace(", ", "_").replace(" ", "_"): [one(r) for r in group]
              for name, group in _groups(reports, joined).items()}  # fmt: skip
    document = {
        "file": str(csv_file), "as_of": str(when), "rows": data.rows, "columns": data.columns,
        "key_column": data.key_column, "cut": data.cut,
        "models": [one(r) for r in reports.values()],
        "groups": groups, "at_risk": [r.canonical or r.written[0] for r in at_risk(reports)],
    }  # fmt: skip
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _markdown(
    reports: dict[str, ModelReport], data: Usage, csv_file: Path, when: object, joined: bool
) -> str:
    out = [f"## {_title(data, csv_file, when)}", ""]
    for name, group in _groups(reports, joined).items():
        if not group:
            continue
        header = _header(data)
        out += [f"### {name[0].upper()}{name[1:]}", "", "| " + " | ".join(header) + " |",
                "|" + "---|" * len(header)]  # fmt: skip
        out += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in _row(r, data.columns)) + " |"
            for r in group
        ]
        out.append("")
    risky = at_risk(reports)
    out.append(f"**{len(risky)} retired or deprecated models still carry traffic.**" if risky else
               "No retired or deprecated model carries traffic.")  # fmt: skip
    return "\n".join(out) + "\n"


def main() -> None:
    usage()
