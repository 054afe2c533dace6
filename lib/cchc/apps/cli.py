"""The command line: ``cchc targets | sample | compute | run | diff | …``.

Every error a user can cause ends with exit code 2 and one line per problem, English
then Vietnamese, naming the file, row and column or the parameter and its value; never a
traceback. The commands raise :class:`~cchc.errors.CchcError`; choices and ranges are
Typer's own (enums, ``min``/``max``); :class:`CchcGroup` turns both into those lines,
in one place.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

# Typer 0.29 carries its own copy of click; its error classes are not re-exported.
from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption
from typer.core import TyperGroup

from cchc import messages
from cchc.errors import CchcError, Problem, problem
from cchc.spec.catalogue import UNIT_LEVELS

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_TERMINATED = 143  # SIGTERM


def _help(key: str) -> str:
    """A help text in both languages."""
    return messages.both(key, " · ")


def _say(key: str, /, **params: object) -> None:
    """A line for the user on stderr, in both languages."""
    typer.echo(messages.both(key, **params), err=True)


def _notes(notes) -> None:
    for note in notes:
        typer.echo(f"{messages.text('cli.note', 'en')}: {note.bilingual()}", err=True)


def _tidy(folder: Path | None) -> None:
    """Clean up what a killed import left in a store before reading it (if it is one)."""
    from cchc.intake.store import tidy

    if folder is not None:
        _notes(tidy(folder))


# --------------------------------------------------------------------------- errors


def warn(warnings: list[Problem]) -> None:
    """One line per warning on stderr: ``warning: <English> | <Vietnamese>``."""
    for p in warnings:
        typer.echo(f"{messages.text('cli.warning', 'en')}: {p.bilingual()}", err=True)
    if warnings:
        _say("cli.validate.warnings", n=sum(1 + (p.more or 0) for p in warnings))


def report(problems: list[Problem]) -> None:
    """One line per problem on stderr: ``error: <English> | <Vietnamese>``."""
    for p in problems:
        typer.echo(f"{messages.text('cli.error', 'en')}: {p.bilingual()}", err=True)


def click_problem(exc: Exception, args: list[str]) -> Problem:
    """A Typer usage error as a problem naming the parameter and the value given.

    Typer converts values with pydantic: the error it wraps says what was wrong (not a
    choice, not a whole number, below the minimum …), with the value given.
    """
    param = getattr(exc, "param", None)
    name = _param_name(param) if param is not None else None
    if isinstance(exc, MissingParameter):
        return problem(None, "missing_option", parameter=name or "?")
    if isinstance(exc, NoSuchOption):
        close = sorted(exc.possibilities or [])
        hint = f" ({', '.join(close)}?)" if close else ""
        return problem(None, "no_such_option", parameter=exc.option_name, hint=hint)
    cause = exc.__cause__
    if isinstance(exc, BadParameter) and isinstance(cause, ValidationError) and cause.errors():
        error = cause.errors()[0]
        value = error.get("input", _given(param, args))
        kind, ctx = error["type"], error.get("ctx", {})
        annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return problem(None, "one_of", parameter=name, value=value,
                           allowed=", ".join(str(m.value) for m in annotation))
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            if low is not None and high is not None:
                return problem(None, "out_of_range", parameter=name, value=value,
                               range=f"{low}–{high}")
            if "ge" in ctx:
                return problem(None, "at_least_param", parameter=name, value=value,
                               minimum=ctx["ge"])
            return problem(None, "at_most_param", parameter=name, value=value,
                           maximum=ctx.get("le", high))
        if kind.startswith("int_"):
            return problem(None, "not_integer", parameter=name, value=value)
        if kind.startswith("float_"):
            return problem(None, "not_number", parameter=name, value=value)
        return problem(None, "usage", parameter=name, value=value, detail=error["msg"])
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if isinstance(exc, BadParameter) and "is not readable" in message:  # click's own check
        import errno
        import os

        return problem(_given(param, args) or name, "cannot_read",
                       reason=os.strerror(errno.EACCES))
    if message.startswith("No such command"):
        command = message.split("'")[1] if "'" in message else message
        return problem(f"cchc {command}", "no_such_command", hint="")
    return problem(None, "usage", parameter=name or "cchc", detail=message)


def os_problem(exc: OSError) -> Problem:
    """A refusal of the system as a problem naming the file: ``cannot write`` for an
    output (:class:`cchc.files.OutputError`), else what the system said."""
    from cchc.files import OutputError

    where = exc.filename or "cchc"
    reason = exc.strerror or type(exc).__name__
    return problem(where, "cannot_write" if isinstance(exc, OutputError) else "os_error",
                   reason=reason)


def _param_name(param) -> str:
    opts = getattr(param, "opts", None) or []
    if opts:
        return max(opts, key=len)
    return str(getattr(param, "name", "?")).upper()


def _given(param, args: list[str]) -> str | None:
    """The value given on the command line for ``param`` (the last one), if it is found."""
    found = None
    opts = getattr(param, "opts", None) or []
    for i, token in enumerate(args):
        for opt in opts:
            if token == opt and i + 1 < len(args):
                found = args[i + 1]
            elif token.startswith(opt + "="):
                found = token[len(opt) + 1:]
    return found


class CchcGroup(TyperGroup):
    """The ``cchc`` group: every error a user can cause becomes bilingual lines, exit 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        argv = list(sys.argv[1:] if args is None else args)
        try:
            result = super().main(args=argv, prog_name=prog_name, complete_var=complete_var,
                                  standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except CchcError as exc:
            _notes(getattr(getattr(exc, "intake", None), "notes", []))
            report(exc.problems)
            code = EXIT_USAGE
        except typer.TyperException as exc:  # Typer's usage errors (not Exit, not Abort)
            report([click_problem(exc, argv)])
            code = EXIT_USAGE
        except OSError as exc:  # the system refused: an output that cannot be written, …
            report([os_problem(exc)])
            code = EXIT_USAGE
        except (typer.Abort, KeyboardInterrupt):
            _say("cli.interrupted")
            code = EXIT_INTERRUPTED
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name="cchc",
    cls=CchcGroup,
    help=_help("cli.app"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Level(StrEnum):
    province = "province"
    department = "department"
    district = "district"
    commune = "commune"


assert tuple(level.value for level in Level) == UNIT_LEVELS


class Scale(StrEnum):
    small = "small"
    full = "full"


class Scope(StrEnum):
    province = "province"
    national = "national"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


class DiffFormat(StrEnum):
    table = "table"
    csv = "csv"
    md = "md"


class TaskFormat(StrEnum):
    table = "table"
    csv = "csv"
    md = "md"


class ReportFormat(StrEnum):
    text = "text"
    csv = "csv"


class UnitsFormat(StrEnum):
    table = "table"
    csv = "csv"


DataOption = Annotated[Path, typer.Option(help=_help("cli.opt.data"))]
PeriodOption = Annotated[str, typer.Option(help=_help("cli.opt.period"))]
ProgrammeOption = Annotated[str, typer.Option(help=_help("cli.opt.programme"))]


# --------------------------------------------------------------------------- commands


@app.command(help=_help("cli.targets"))
def targets(
    year: Annotated[int, typer.Option(help=_help("cli.targets.year"))],
    level: Annotated[Level, typer.Option(help=_help("cli.targets.level"))],
    programme: ProgrammeOption = "",
) -> None:
    from cchc.files import to_csv_text
    from cchc.spec.catalogue import load_programme
    from cchc.spec.periods import Period

    Period.parse(str(year), "--year")
    table = load_programme(programme).targets_table(year, level.value)
    sys.stdout.write(to_csv_text(table))


@app.command(help=_help("cli.sample"))
def sample(
    out: Annotated[Path, typer.Option(help=_help("cli.sample.out"))],
    seed: Annotated[int, typer.Option(min=0, help=_help("cli.sample.seed"))] = 2021,
    scale: Annotated[Scale, typer.Option(help=_help("cli.sample.scale"))] = Scale.small,
    scope: Annotated[Scope, typer.Option(help=_help("cli.sample.scope"))] = Scope.province,
    provinces: Annotated[int | None, typer.Option(min=1, max=34,
                                                  help=_help("cli.sample.provinces"))] = None,
) -> None:
    from cchc.errors import ParameterError
    from cchc.sample import write_sample
    from cchc.sample.national import write_national

    if scope is Scope.national:
        written = write_national(out, seed=seed, scale=scale.value, provinces=provinces)
    elif provinces is not None:
        raise ParameterError.one("--provinces", "only_with", provinces,
                                 other="--scope national")
    else:
        written = write_sample(out, seed=seed, scale=scale.value)
    _say("cli.sample.done", n=len(written), out=out, seed=seed, scale=scale.value)


@app.command(help=_help("cli.compute"))
def compute(
    data: DataOption,
    period: PeriodOption,
    out: Annotated[Path, typer.Option(help=_help("cli.compute.out"))],
    scores: Annotated[Path | None, typer.Option(help=_help("cli.compute.scores"))] = None,
    contacts: Annotated[Path | None, typer.Option(help=_help("cli.compute.contacts"))] = None,
    programme: ProgrammeOption = "",
) -> None:
    from cchc.engine.results import evaluate
    from cchc.errors import ParameterError
    from cchc.files import write_csv
    from cchc.sources.dataset import load_data
    from cchc.spec.catalogue import load_programme
    from cchc.spec.periods import Period

    parsed = Period.parse(period, "--period")
    catalogue = load_programme(programme)
    if parsed.year < catalogue.base_year:
        raise ParameterError.one("--period", "period_before_programme", period,
                                 first=catalogue.base_year)
    _tidy(data)
    evaluation = evaluate(load_data(data), parsed, catalogue)
    write_csv(evaluation.results, out)
    if scores:
        write_csv(evaluation.scores, scores)
    if contacts:
        write_csv(evaluation.contacts, contacts)
    _say("cli.compute.done", n=len(evaluation.results), out=out)


@app.command("index", help=_help("cli.index"))
def index_(
    data: DataOption,
    period: Annotated[str, typer.Option(help=_help("cli.index.period"))],
    out: Annotated[Path, typer.Option(help=_help("cli.index.out"))],
    index: Annotated[str, typer.Option("--index", help=_help("cli.index.index"))] = "766",
) -> None:
    from cchc.engine.index import compute_index
    from cchc.files import write_csv
    from cchc.sources.dataset import load_data
    from cchc.spec.indices import load_index
    from cchc.spec.periods import Period

    parsed = Period.parse(period, "--period", months=True)
    definition = load_index(index)
    _tidy(data)
    evaluation = compute_index(load_data(data, definition.tables), definition, parsed)
    write_csv(evaluation.scores, out)
    _say("cli.index.done", n=len(evaluation.scores), index=definition.id, out=out,
         as_of=evaluation.as_of or "—")


def _plausible_run(data: Path, period: str, template: Path | None) -> bool:
    """What ``run`` can check before importing the engine (a folder, a period, a file);
    :func:`cchc.apps.runs.plan` checks it all again and says what is wrong."""
    from cchc.spec.periods import Period

    try:
        Period.parse(period)
    except CchcError:
        return False
    return data.is_dir() and (template is None or template.is_file())


@app.command(help=_help("cli.run"))
def run(
    data: DataOption,
    period: PeriodOption,
    out: Annotated[Path, typer.Option(help=_help("cli.run.out"))],
    units: Annotated[str | None, typer.Option(help=_help("cli.run.units"))] = None,
    jobs: Annotated[int, typer.Option(min=1, help=_help("cli.run.jobs"))] = 2,
    lang: Annotated[Lang, typer.Option(help=_help("cli.opt.lang"))] = Lang.vi,
    template: Annotated[Path | None, typer.Option(help=_help("cli.run.template"))] = None,
    programme: ProgrammeOption = "",
    timeout: Annotated[int, typer.Option(min=1, help=_help("cli.run.timeout"))] = 900,
    pdf: Annotated[bool, typer.Option("--pdf", help=_help("cli.run.pdf"))] = False,
    cluster: Annotated[str | None, typer.Option(help=_help("cli.run.cluster"))] = None,
) -> None:
    from cchc.apps.workers import Terminated, start_workers

    unit_ids = [u.strip() for u in units.split(",") if u.strip()] if units else None
    try:
        with contextlib.ExitStack() as stack:
            # the local workers boot first: their imports and kernels use the core this
            # process leaves idle while it imports the engine and plans the batch
            # (not for a mistyped period, data folder or template: that message comes at
            # once, as it did, with no worker to stop)
            workers = (start_workers(stack, "cchc.apps.runs:run_task", jobs, timeout)
                       if not cluster and _plausible_run(data, period, template) else None)
            from cchc.apps.runs import failure_text, run_batch

            _tidy(data)
            outcomes = run_batch(data, period, out, unit_ids, jobs=jobs, lang=lang.value,
                                 template=template,
                                 progress=True if sys.stderr.isatty() else "lines",
                                 programme=programme, timeout=timeout, pdf=pdf,
                                 cluster=cluster, workers=workers)
    except KeyboardInterrupt as exc:  # every worker and kernel has been stopped
        _say("cli.interrupted")
        raise typer.Exit(EXIT_TERMINATED if isinstance(exc, Terminated)
                         else EXIT_INTERRUPTED) from None
    failed = [o for o in outcomes if not o.ok]
    _say("cli.run.done", ok=len(outcomes) - len(failed), out=out, failed=len(failed))
    for outcome in failed:
        for lang_ in ("en", "vi"):
            where = (" " + messages.text("cli.run.cell", lang_, cell=outcome.cell,
                                         source=outcome.source)
                     if outcome.cell is not None else "")
            error = outcome.error
            if outcome.reason in ("timeout", "worker_died", "no_kernel"):
                error = failure_text(outcome.reason, lang_, timeout)
            elif outcome.reason == "kernel_died":
                error = f"{failure_text(outcome.reason, lang_)} ({outcome.error})"
            typer.echo(messages.text("cli.run.failed", lang_, unit=outcome.unit_id,
                                     where=where, error=error), err=True)
    if failed:
        raise typer.Exit(1)


@app.command(help=_help("cli.diff"))
def diff(
    run_a: Annotated[Path, typer.Argument(help=_help("cli.diff.a"))],
    run_b: Annotated[Path, typer.Argument(help=_help("cli.diff.b"))],
    format: Annotated[DiffFormat, typer.Option("--format", help=_help("cli.diff.format"))
                      ] = DiffFormat.table,
    tolerance: Annotated[float, typer.Option(min=0, help=_help("cli.diff.tolerance"))] = 0.05,
    out: Annotated[Path | None, typer.Option(help=_help("cli.opt.out_file"))] = None,
    lang: Annotated[Lang, typer.Option(help=_help("cli.diff.lang"))] = Lang.vi,
) -> None:
    from cchc.apps.diff import compute_diff, to_markdown, to_text
    from cchc.files import atomic_path, to_csv_text
    from cchc.sources.summaries import load_run_tasks, load_summary

    changes = compute_diff(load_summary(run_a), load_summary(run_b), tolerance,
                           load_run_tasks(run_a), load_run_tasks(run_b))
    if format is DiffFormat.table and out is None:
        if changes.empty:
            typer.echo(messages.both("cli.diff.none"))
        else:
            sys.stdout.write(to_text(changes, lang.value, a=_run_name(run_a),
                                     b=_run_name(run_b)))
    else:
        text = (to_markdown(changes, lang.value, a=_run_name(run_a), b=_run_name(run_b))
                if format is DiffFormat.md else to_csv_text(changes))
        if out is None:
            sys.stdout.write(text)
        else:
            with atomic_path(out) as tmp:
                tmp.write_text(text, encoding="utf-8")
    raise typer.Exit(1 if len(changes) else 0)


def _run_name(path: Path) -> str:
    """A run as a heading names it: its folder (``outputs/2024Q3``), not the whole path."""
    folder = path.parent if path.name == "summary.csv" else path
    return "/".join(folder.parts[-2:]) or str(path)


@app.command("tasks", help=_help("cli.tasks"))
def tasks_(
    data: DataOption,
    as_of: Annotated[str, typer.Option("--as-of", help=_help("cli.tasks.as_of"))],
    unit: Annotated[str | None, typer.Option("--unit", help=_help("cli.tasks.unit"))] = None,
    due_within: Annotated[int, typer.Option("--due-within", min=0,
                                            help=_help("cli.tasks.due_within"))] = 7,
    format: Annotated[TaskFormat, typer.Option("--format", help=_help("cli.tasks.format"))
                      ] = TaskFormat.table,
) -> None:
    from cchc.engine.tasks import compute_task_states, task_list
    from cchc.errors import SourceError
    from cchc.files import csv_value, to_csv_text, to_markdown_text
    from cchc.sources.dataset import load_data
    from cchc.spec.periods import parse_day
    from cchc.spec.tasks import TASK_LIST_COLUMNS, TASK_STATES

    day = parse_day(as_of, "--as-of")
    _tidy(data)
    dataset = load_data(data, tables=["tasks"])
    units = dataset.units
    register = dataset.table("tasks")
    if register is None:
        raise SourceError.one(Path(data) / "tasks.csv", "tasks_missing")
    scope = units.root if unit is None else units.check(unit, "--unit")
    pairs = units.membership
    members = pairs.loc[pairs["unit_id"] == scope, "member_id"]
    states = compute_task_states(register[register["unit_id"].isin(members).to_numpy()],
                                 day, due_within)
    listing = task_list(states)
    if format is TaskFormat.table:
        from rich.console import Console
        from rich.table import Table

        table = Table(*TASK_LIST_COLUMNS)
        for row in listing.itertuples(index=False):
            table.add_row(*(csv_value(v) for v in row))
        Console(width=200).print(table)
    else:
        sys.stdout.write(to_markdown_text(listing) if format is TaskFormat.md
                         else to_csv_text(listing))
    counts = states["state"].value_counts()
    _say("cli.tasks.summary", unit=units.name(scope), date=day.isoformat(), days=due_within,
         **{s: int(counts.get(s, 0)) for s in TASK_STATES})


@app.command("units", help=_help("cli.units"))
def units_(
    data: DataOption,
    as_of: Annotated[str | None, typer.Option("--as-of", help=_help("cli.units.as_of"))] = None,
    history: Annotated[str | None, typer.Option("--history", help=_help("cli.units.history"))
                       ] = None,
    format: Annotated[UnitsFormat, typer.Option("--format", help=_help("cli.units.format"))
                      ] = UnitsFormat.table,
) -> None:
    import datetime as dt

    import pandas as pd

    from cchc.files import to_csv_text
    from cchc.sources.dataset import load_data
    from cchc.spec.periods import parse_day
    from cchc.spec.units import LINEAGE_COLUMNS

    _tidy(data)
    tree = load_data(data, tables=()).units
    if history is not None:
        unit_id = tree.check(history.strip(), "--history")
        frame = tree.lineage(unit_id)
        title = messages.both("cli.units.history_title", unit=unit_id)
    else:
        day = parse_day(as_of, "--as-of") if as_of is not None else dt.date.today()
        ids = tree.ordered(at=day)
        frame = tree.frame.loc[ids, [c for c in LINEAGE_COLUMNS if c in tree.frame]]
        frame = frame.reset_index(drop=True)
        title = messages.both("cli.units.in_force", n=len(ids), day=day.isoformat())
    for column in ("valid_from", "valid_to"):
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    frame = frame.astype(object).where(frame.notna(), None)
    if format is UnitsFormat.csv:
        sys.stdout.write(to_csv_text(frame))
        return
    from rich.console import Console
    from rich.table import Table

    if "relation" in frame:
        frame["relation"] = [messages.both(f"cli.units.relation.{r}", " / ")
                             for r in frame["relation"]]
    table = Table(*frame.columns, title=title)
    for row in frame.itertuples(index=False):
        table.add_row(*("" if v is None else str(v) for v in row))
    Console(width=200).print(table)


# --------------------------------------------------------------------------- data intake


@app.command(help=_help("cli.template"))
def template(
    out: Annotated[Path, typer.Option(help=_help("cli.template.out"))],
    units: Annotated[Path | None, typer.Option(help=_help("cli.template.units"))] = None,
) -> None:
    from cchc import paths
    from cchc.intake.templates import write_templates

    _tidy(paths.PROCESSED_DIR if units is None else units)
    written = write_templates(out, units)
    _say("cli.template.done", n=len(written), out=out)


@app.command(help=_help("cli.validate"))
def validate(
    data: Annotated[Path, typer.Argument(help=_help("cli.validate.data"))],
    period: Annotated[str | None, typer.Option(help=_help("cli.validate.period"))] = None,
    store: Annotated[Path | None, typer.Option(help=_help("cli.validate.store"))] = None,
    format: Annotated[ReportFormat, typer.Option("--format", help=_help("cli.validate.format"))
                      ] = ReportFormat.text,
    out: Annotated[Path | None, typer.Option(help=_help("cli.validate.out"))] = None,
) -> None:
    from cchc.files import atomic_path
    from cchc.intake.folder import problems_csv, validate_folder

    _tidy(store)
    intake = validate_folder(data, period=period, store=store)
    _notes(intake.notes)
    warn(intake.warnings)
    if format is ReportFormat.csv:
        report_text = problems_csv(intake.problems)
        if out is None:
            sys.stdout.write(report_text)
    else:
        report(intake.problems)
        report_text = "".join(f"{p.bilingual()}\n" for p in intake.problems)
    if out is not None:
        with atomic_path(out) as tmp:
            encoding = "utf-8-sig" if format is ReportFormat.csv else "utf-8"
            tmp.write_text(report_text, encoding=encoding)
    files = len(intake.files)
    if intake.problems:
        # the files the problems are in (a problem about a parameter names no file)
        wrong = {p.file for p in intake.problems if p.file is not None}
        _say("cli.validate.problems", n=sum(1 + (p.more or 0) for p in intake.problems),
             files=max(len(wrong), 1))
        raise typer.Exit(EXIT_USAGE)
    _say("cli.validate.ok", files=files, rows=intake.rows)


@app.command("import", help=_help("cli.import"))
def import_(
    data: Annotated[Path, typer.Argument(help=_help("cli.import.data"))],
    into: Annotated[Path | None, typer.Option("--into", help=_help("cli.import.into"))] = None,
    period: Annotated[str | None, typer.Option(help=_help("cli.import.period"))] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help=_help("cli.import.reopen"))] = False,
    wait: Annotated[int, typer.Option(min=0, help=_help("cli.import.wait"))] = 600,
) -> None:
    from cchc import paths
    from cchc.intake.store import import_folder

    store = into if into is not None else paths.PROCESSED_DIR
    result = import_folder(data, store, period=period, reopen=reopen, wait=wait,
                           on_wait=lambda: _say("cli.import.waiting", store=store, seconds=wait))
    _notes(result.intake.notes)
    warn(result.intake.warnings)
    for record in result.intake.files:
        _say("cli.import.file", file=record.path.name, rows=record.rows,
             replaced=", ".join(result.intake.replaced.get(record.table, [])),
             table=record.table, stored=result.stored_rows[record.table])
    _say("cli.import.store", store=result.store)


@app.command(help=_help("cli.serve"))
def serve(
    data: Annotated[Path | None, typer.Option(help=_help("cli.serve.data"))] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help=_help("cli.serve.port"))] = 8866,
    host: Annotated[str, typer.Option(help=_help("cli.serve.host"))] = "127.0.0.1",
    pool: Annotated[int, typer.Option(min=0, max=64, help=_help("cli.serve.pool"))] = 10,
    max_sessions: Annotated[int, typer.Option(min=1, max=500,
                                              help=_help("cli.serve.max_sessions"))] = 60,
    cull_idle: Annotated[int, typer.Option(min=5, help=_help("cli.serve.cull_idle"))] = 50,
) -> None:
    from cchc.apps.serve import Settings, check_address, is_local, prepare, run

    check_address(host, port)
    _tidy(data)
    settings = Settings(prepare(data), host=host, port=port, pool_size=pool,
                        max_sessions=max_sessions, cull_idle_timeout=cull_idle,
                        cull_interval=max(2, min(10, cull_idle // 5)))
    if not is_local(host):
        typer.echo(f"{messages.text('cli.warning', 'en')}: "
                   f"{messages.both('cli.serve.exposed', host=host, port=port)}", err=True)
    _say("cli.serve.serving", data=settings.data_dir, url=settings.url)
    run(settings)


def main() -> None:
    """Entry point of the ``cchc`` console script."""
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    app()


if __name__ == "__main__":
    main()
