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
