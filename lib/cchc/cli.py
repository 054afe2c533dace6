"""The command line: ``cchc targets | sample | compute | …``.

Every error a user can cause ends with exit code 2 and one line per problem naming the
file, row and column (or the parameter); never a traceback.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import CchcError, ParameterError

app = typer.Typer(
    name="cchc",
    help="Lào Cai administrative-reform workbook (CCHC 2021–2025): targets, sample data, "
    "measures, workbooks, dashboards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_USAGE = 2


def _fail(exc: CchcError) -> None:
    for problem in exc.problems:
        typer.echo(f"error: {problem}", err=True)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def targets(
    year: Annotated[int, typer.Option(help="Year, 2021–2025 (later years: the 2025 targets).")],
    level: Annotated[str, typer.Option(help="province, district or commune (or department).")],
) -> None:
    """Print the targets in force in YEAR at LEVEL as CSV."""
    from .catalogue import UNIT_LEVELS, load_catalogue
    from .files import to_csv_text
    from .periods import Period

    try:
        Period.parse(str(year), "--year")
        if level not in UNIT_LEVELS:
            raise ParameterError.one("--level", f"expected one of {', '.join(UNIT_LEVELS)}", level)
        table = load_catalogue().targets_table(year, level)
    except CchcError as exc:
        _fail(exc)
    sys.stdout.write(to_csv_text(table))


@app.command()
def sample(
    out: Annotated[Path, typer.Option(help="Folder to write the sample province into.")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same bytes.")
                    ] = 2021,
    scale: Annotated[str, typer.Option(help="small (fast tests) or full (realistic volumes).")
                     ] = "small",
) -> None:
    """Write a deterministic synthetic Lào Cai (2021–2024) into OUT."""
    from .sample import write_sample

    if scale not in ("small", "full"):
        _fail(ParameterError.one("--scale", "expected small or full", scale))
    try:
        written = write_sample(out, seed=seed, scale=scale)
    except CchcError as exc:
        _fail(exc)
    typer.echo(f"wrote {len(written)} files of synthetic data to {out} (seed {seed}, {scale})",
               err=True)


@app.command()
def compute(
    data: Annotated[Path, typer.Option(help="Data folder (units.csv, dossiers.*, …).")],
    period: Annotated[str, typer.Option(help="A year (2024) or a quarter (2024Q3).")],
    out: Annotated[Path, typer.Option(help="CSV file to write.")],
) -> None:
    """Compute every measure for every unit of PERIOD and write them as CSV."""
    from .files import write_csv
    from .periods import Period
    from .results import compute_results
    from .sources import load_data

    try:
        parsed = Period.parse(period, "--period")
        dataset = load_data(data)
        results = compute_results(dataset, parsed)
    except CchcError as exc:
        _fail(exc)
    write_csv(results, out)
    typer.echo(f"wrote {len(results)} rows to {out}", err=True)


@app.command()
def run(
    data: Annotated[Path, typer.Option(help="Data folder (units.csv, dossiers.*, …).")],
    period: Annotated[str, typer.Option(help="A year (2024) or a quarter (2024Q3).")],
    out: Annotated[Path, typer.Option(help="Output folder for workbooks, summary, manifest.")],
    units: Annotated[str | None, typer.Option(help="Comma-separated unit ids (default: all).")
                     ] = None,
    jobs: Annotated[int, typer.Option(help="Notebooks executed in parallel.")] = 2,
    lang: Annotated[str, typer.Option(help="vi or en.")] = "vi",
    template: Annotated[Path | None, typer.Option(help="Unit workbook notebook to execute "
                                                  "instead of notebooks/workbook.ipynb.")
                        ] = None,
) -> None:
    """Execute the unit workbooks and the overview for PERIOD (ipynb + offline HTML)."""
    from .runs import run_batch

    unit_ids = [u.strip() for u in units.split(",") if u.strip()] if units else None
    try:
        outcomes = run_batch(data, period, out, unit_ids, jobs=jobs, lang=lang,
                             template=template, progress=sys.stderr.isatty())
    except CchcError as exc:
        _fail(exc)
    failed = [o for o in outcomes if not o.ok]
    typer.echo(f"{len(outcomes) - len(failed)} workbooks written to {out}; "
               f"{len(failed)} failed", err=True)
    for outcome in failed:
        where = f" (cell {outcome.cell})" if outcome.cell is not None else ""
        typer.echo(f"failed: {outcome.unit_id}{where}: {outcome.error}", err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def diff(
    run_a: Annotated[Path, typer.Argument(help="Earlier run folder (or its summary.csv).")],
    run_b: Annotated[Path, typer.Argument(help="Later run folder (or its summary.csv).")],
    format: Annotated[str, typer.Option("--format", help="table, csv or md.")] = "table",
    tolerance: Annotated[float, typer.Option(help="Value changes up to this many points "
                                             "are ignored.")] = 0.05,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")
                   ] = None,
) -> None:
    """Compare two runs: status flips, value changes, units and measures that come and go.

    Exit 0 when nothing differs, 1 when something does, 2 on error.
    """
    from .diff import DIFF_COLUMNS, compute_diff, load_summary, to_markdown
    from .files import atomic_path, to_csv_text

    if format not in ("table", "csv", "md"):
        _fail(ParameterError.one("--format", "expected table, csv or md", format))
    if tolerance < 0:
        _fail(ParameterError.one("--tolerance", "must not be negative", tolerance))
    try:
        changes = compute_diff(load_summary(run_a), load_summary(run_b), tolerance)
    except CchcError as exc:
        _fail(exc)
    if format == "table" and out is None:
        from rich.console import Console
        from rich.table import Table

        from .files import format_number

        console = Console(width=200)
        if changes.empty:
            console.print("no differences")
        else:
            table = Table(*DIFF_COLUMNS, title=f"{len(changes)} differences")
            for row in changes.itertuples(index=False):
                table.add_row(*(format_number(v) for v in row))
            console.print(table)
    else:
        text = to_markdown(changes) if format == "md" else to_csv_text(changes)
        if out is None:
            sys.stdout.write(text)
        else:
            with atomic_path(out) as tmp:
                tmp.write_text(text, encoding="utf-8")
    raise typer.Exit(1 if len(changes) else 0)


def main() -> None:
    """Entry point of the ``cchc`` console script."""
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    try:
        app()
    except CchcError as exc:  # anything a command did not catch itself
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
