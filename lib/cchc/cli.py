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
    """One line per problem, English then Vietnamese; exit 2."""
    from .intake import format_problem

    for problem in exc.problems:
        typer.echo(f"error: {format_problem(problem)}", err=True)
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
    scores: Annotated[Path | None, typer.Option(
        help="Also write indicator, group and overall scores per unit to this CSV.")] = None,
    contacts: Annotated[Path | None, typer.Option(
        help="Also write the contact-count distribution (0, 1, 2, 3+) to this CSV.")] = None,
) -> None:
    """Compute every measure for every unit of PERIOD and write them as CSV."""
    from .files import write_csv
    from .periods import Period
    from .results import evaluate
    from .sources import load_data

    try:
        parsed = Period.parse(period, "--period")
        dataset = load_data(data)
        evaluation = evaluate(dataset, parsed)
    except CchcError as exc:
        _fail(exc)
    write_csv(evaluation.results, out)
    if scores:
        write_csv(evaluation.scores, scores)
    if contacts:
        write_csv(evaluation.contacts, contacts)
    typer.echo(f"wrote {len(evaluation.results)} rows to {out}", err=True)


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
        where = (f" (cell {outcome.cell}: {outcome.source})" if outcome.cell is not None
                 else "")
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


# --------------------------------------------------------------------------- data intake


@app.command()
def template(
    out: Annotated[Path, typer.Option(help="Folder to write the workbooks into.")],
    units: Annotated[Path | None, typer.Option(
        help="Units file (.csv, .xlsx, .parquet) whose ids the unit-id lists offer "
        "(default: data/processed/units.parquet, else data/sample/units.csv).")] = None,
) -> None:
    """Write one Excel template per source table: headers, lists, a guide.

    Fill a template in and save it under its own name (dossiers.xlsx, …)
    in a folder: `cchc validate` and `cchc import` read it without edits.
    """
    from .templates import write_templates

    try:
        written = write_templates(out, units)
    except CchcError as exc:
        _fail(exc)
    typer.echo(f"wrote {len(written)} templates to {out}", err=True)


@app.command()
def validate(
    data: Annotated[Path, typer.Argument(help="Folder of table files (units.csv, "
                                              "dossiers.xlsx, …).")],
    period: Annotated[str | None, typer.Option(
        help="A year (2024) or quarter (2024Q3): rows outside it are problems.")] = None,
    store: Annotated[Path | None, typer.Option(
        help="Also check as an import into this store would: closed periods, ids "
        "already stored, its units.")] = None,
    format: Annotated[str, typer.Option(
        "--format", help="text (one line per problem, English | Vietnamese) or csv "
        "(file,row,column,value,problem_en,problem_vi).")] = "text",
    out: Annotated[Path | None, typer.Option(
        help="Write the report to this file (csv in UTF-8 with BOM, for Excel).")] = None,
) -> None:
    """Check every file of DATA and report every problem at once.

    Each problem names the file, the row as the spreadsheet shows it, the
    column, the value and what is wrong, in English and Vietnamese.
    Exit 0 when clean, 2 when not.
    """
    from .files import atomic_path
    from .intake import format_problem, problems_csv, validate_folder

    if format not in ("text", "csv"):
        _fail(ParameterError.one("--format", "expected text or csv", format))
    try:
        intake = validate_folder(data, period=period, store=store)
    except CchcError as exc:
        _fail(exc)
    for en, vi in intake.notes:
        typer.echo(f"note: {en} | {vi}", err=True)
    if format == "csv":
        report = problems_csv(intake.problems)
        if out is None:
            sys.stdout.write(report)
    else:
        lines = [format_problem(p) for p in intake.problems]
        for line in lines:
            typer.echo(f"error: {line}", err=True)
        report = "".join(f"{line}\n" for line in lines)
    if out is not None:
        with atomic_path(out) as tmp:
            tmp.write_text(report, encoding="utf-8-sig" if format == "csv" else "utf-8")
    files = len(intake.files)
    if intake.problems:
        typer.echo(f"{len(intake.problems)} problems in {files} files | "
                   f"{len(intake.problems)} lỗi trong {files} tệp", err=True)
        raise typer.Exit(EXIT_USAGE)
    typer.echo(f"ok: {files} files, {intake.rows} rows checked | "
               f"đạt: {files} tệp, {intake.rows} dòng đã kiểm tra", err=True)


@app.command("import")
def import_(
    data: Annotated[Path, typer.Argument(help="Folder of table files to import.")],
    into: Annotated[Path | None, typer.Option(
        "--into", help="Store folder (default: data/processed/).")] = None,
    period: Annotated[str | None, typer.Option(
        help="A year or quarter: the files hold it; every stored row of it is replaced, "
        "rows outside it are problems.")] = None,
    reopen: Annotated[bool, typer.Option(
        "--reopen", help="Allow changing periods listed in STORE/closed.txt.")] = False,
) -> None:
    """Validate DATA, then write its tables into the store as Parquet, atomically.

    Incoming rows replace the stored rows of the same periods: quarters for
    date and quarter columns, years for year columns (with --period, every
    period it covers); units and merging are replaced whole. Importing the
    same period again replaces it, never duplicates. Nothing is written if
    any problem is found; a failure midway leaves the store as it was.
    Each import is logged in STORE/imports.jsonl.

    Closed periods: list them in STORE/closed.txt, one per line (2023 or
    2023Q4); rows in a closed period are refused unless --reopen is given.
    """
    from .intake import import_folder

    try:
        result = import_folder(data, into, period=period, reopen=reopen)
    except CchcError as exc:
        for en, vi in getattr(getattr(exc, "intake", None), "notes", []):
            typer.echo(f"note: {en} | {vi}", err=True)
        _fail(exc)
    for en, vi in result.intake.notes:
        typer.echo(f"note: {en} | {vi}", err=True)
    for record in result.intake.files:
        replaced = ", ".join(result.intake.replaced.get(record.table, []))
        typer.echo(f"imported {record.path.name}: {record.rows} rows (replaces {replaced}); "
                   f"{record.table}.parquet now holds {result.stored_rows[record.table]} rows",
                   err=True)
    typer.echo(f"store: {result.store}", err=True)


@app.command()
def serve(
    data: Annotated[Path | None, typer.Option(
        help="Data folder to show (default: the bundled sample, data/sample).")] = None,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8866,
    host: Annotated[str, typer.Option(
        help="Address to listen on. The default is this machine only; another address "
        "(0.0.0.0: every network) lets anyone who reaches it open the dashboard.")
                    ] = "127.0.0.1",
) -> None:
    """Serve the dashboard read-only at http://HOST:PORT/ (Voila, production settings).

    The data folder is checked (and its latest period computed) before the server
    starts; Ctrl-C or SIGTERM stops the server and every kernel it started.
    """
    from .serve import Settings, check_address, is_local, prepare, run

    try:
        check_address(host, port)
        settings = Settings(prepare(data), host=host, port=port)
    except CchcError as exc:
        _fail(exc)
    if not is_local(host):
        typer.echo(f"warning: listening on {host}, not only on this machine: anyone who can "
                   f"reach it on port {port} can open the dashboard (there is no login)",
                   err=True)
    typer.echo(f"serving {settings.data_dir} at {settings.url} (Ctrl-C stops)", err=True)
    run(settings)


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
