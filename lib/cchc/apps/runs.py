"""The quarterly batch: one workbook per unit (ipynb + offline HTML), an overview,
a summary table, the task register as of the period's last day (``tasks.csv``) and a
manifest, executed by papermill in parallel.

Each worker process keeps one kernel for the whole batch (:mod:`cchc.apps.kernels`, the
``cchc`` papermill engine); papermill's own engine would start one per notebook, seconds
each on these machines (``docs/stack.md``). The workers are watched
(:mod:`cchc.apps.workers`): a notebook whose kernel or worker dies, or that runs past the
time limit, fails alone (the manifest says why) and a fresh kernel takes the next one;
Ctrl-C and SIGTERM stop everything and leave no process and no kernel folder.

Outputs are made byte-stable: papermill's timestamps, durations and paths, nbclient's
execution metadata, random cell ids and running execution counts are removed or
renumbered before anything is written; every file is written atomically.
"""

from __future__ import annotations

import contextlib
import json
import logging
import platform
import socket
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html import escape as html_escape
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from cchc import __version__, messages, paths
from cchc.apps.engine import execute_notebook
from cchc.apps.kernels import finish_pending
from cchc.apps.progress import ProgressLines
from cchc.engine.cache import load_evaluation, load_index_evaluation, sharing_loads
from cchc.engine.results import Evaluation
from cchc.engine.tasks import task_list
from cchc.errors import CchcError, ParameterError
from cchc.files import atomic_path, file_sha256, write_csv
from cchc.present import labels, pages, render
from cchc.present.spreadsheet import write_summary_xlsx
from cchc.sources.dataset import Dataset, load_data
from cchc.sources.read import input_files, input_name
from cchc.spec.catalogue import load_programme
from cchc.spec.indices import DEFAULT_INDEX
from cchc.spec.languages import check_lang
from cchc.spec.periods import Period

if TYPE_CHECKING:
    from cchc.apps.workers import Workers

log = logging.getLogger(__name__)

UNIT_TEMPLATE = paths.UNIT_NOTEBOOK
OVERVIEW_TEMPLATE = paths.OVERVIEW_NOTEBOOK
OVERVIEW = "overview"
VERSIONED = ("cchc", "pandas", "pyarrow", "altair", "vl-convert-python", "papermill",
             "nbclient", "nbconvert", "ipykernel", "jupyter-client")


#: Why a notebook failed (``Outcome.reason``), each with its message key ``run.reason.*``.
REASONS = ("error", "kernel_died", "timeout", "worker_died", "no_kernel")
#: The default time limit of one notebook (``cchc run --timeout``), in seconds.
DEFAULT_TIMEOUT = 900


@dataclass
class Outcome:
    """What happened to one notebook of the batch."""

    unit_id: str
    ok: bool
    files: list[str] = field(default_factory=list)
    cell: int | None = None  # index of the failing cell in the executed notebook
    source: str | None = None  # its first line
    error: str | None = None
    reason: str | None = None  # one of REASONS when not ok
    ran_on: dict | None = None  # where it ran: {"worker": "local" or an address, "host": …}


@dataclass(frozen=True)
class Task:
    """One notebook to execute: its template, parameters and final paths."""

    unit_id: str
    template: str
    parameters: dict
    notebook: str
    html: str
    charts_src: str | None = None  # the charts' JavaScript, relative to the HTML page
    timeout: float = DEFAULT_TIMEOUT  # seconds
    title: str = "CCHC"  # the page's <title>: the unit's name and the period
    written: tuple[str, ...] = ()  # the units whose workbooks this run writes (links)

    @property
    def lang(self) -> str:
        return self.parameters.get("lang", "vi")


@dataclass(frozen=True)
class Plan:
    """What a batch will do, checked before anything runs."""

    tasks: tuple[Task, ...]
    evaluation: Evaluation
    dataset: Dataset
    period: str
    data: str  # the data folder as the notebooks see it
    template: Path
    lang: str


def run_task(task: Task) -> Outcome:
    """Execute one notebook and write it (ipynb + HTML) atomically. Runs in a worker."""
    try:
        return _run_task(task)
    finally:
        finish_pending()  # the kernel has cleared this unit's namespace meanwhile


def _run_task(task: Task) -> Outcome:
    from papermill.exceptions import PapermillExecutionError

    try:
        nb = execute_notebook(task.template, task.parameters, int(task.timeout))
    except PapermillExecutionError as exc:
        _remove_stale(task)
        return Outcome(task.unit_id, False, cell=exc.cell_index, source=_first_line(exc.source),
                       error=f"{exc.ename}: {_first_line(exc.evalue)}", reason="error")
    except Exception as exc:  # a kernel that died or would not start: this unit fails
        _remove_stale(task)
        died = type(exc).__name__ == "DeadKernelError"
        return Outcome(task.unit_id, False, error=f"{type(exc).__name__}: {_first_line(exc)}",
                       reason="kernel_died" if died else "error")
    nb = normalise_notebook(nb)
    html = pages.unlink_absent(notebook_html(nb, task.title, task.lang, task.charts_src),
                               task.written)
    notebook_path, html_path = Path(task.notebook), Path(task.html)
    with atomic_path(notebook_path) as tmp_nb, atomic_path(html_path) as tmp_html:
        tmp_nb.write_text(notebook_json(nb) + "\n", encoding="utf-8")
        tmp_html.write_text(html, encoding="utf-8")
    return Outcome(task.unit_id, True, files=[task.notebook, task.html])


def notebook_json(nb: nbformat.NotebookNode) -> str:
    """``nbformat.writes(nb)`` (checked, lines split, transient keys dropped, the same
    JSON), for a notebook the caller no longer needs: it is changed in place, where
    nbformat deep-copies it first (a tenth of a worker's time per notebook)."""
    from nbformat.v4.nbjson import BytesEncoder
    from nbformat.v4.rwbase import split_lines, strip_transient

    if nb.get("nbformat") != 4:
        return nbformat.writes(nb)
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:  # as nbformat.writes: said, and written
        log.error("Notebook JSON is invalid: %s", exc)
    return json.dumps(strip_transient(split_lines(nb)), cls=BytesEncoder, indent=1,
                      sort_keys=True, separators=(",", ": "), ensure_ascii=False)


def _remove_stale(task: Task) -> None:
    """A unit that fails now must not show last run's workbook as if it were this one;
    nor may a worker ended while writing leave its temporary file."""
    for path in (Path(task.notebook), Path(task.html), Path(task.html).with_suffix(".pdf")):
        path.unlink(missing_ok=True)
        if path.parent.is_dir():
            for partial in path.parent.glob(f".{path.name}.*.tmp"):
                partial.unlink(missing_ok=True)


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0] if text else ""


# --------------------------------------------------------------------------- determinism


def normalise_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop everything that changes between two runs of the same inputs."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    count = 0
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
        for key in ("papermill", "execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = count
    return nb


_STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem}
.cchc-sub{color:#555;margin-top:0}
.cchc-synthetic{background:#fff3cd;border:1px solid #e0c36c;padding:.5rem .8rem;margin:1rem 0}
.cchc-error{background:#fde8e8;border:1px solid #d99;padding:.5rem .8rem}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}
th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left}
th{background:#f3f3f3}
.cchc-output img,.cchc-output svg{max-width:100%;height:auto}
figure.cchc-chart{margin:1rem 0;break-inside:avoid;page-break-inside:avoid}
figure.cchc-drawn .cchc-alt{position:absolute;width:1px;height:1px;overflow:hidden;
  clip:rect(0 0 0 0)}
.cchc-alt{color:#555;font-style:italic}
a{color:#0b5394}
.cchc-links ul{list-style:none;padding:0;margin:.6rem 0}.cchc-links li{margin:.15rem 0}
.cchc-nav-label{color:#555}
.cchc-toc{border:1px solid #ddd;background:#fafafa;padding:.4rem 1rem;margin:1rem 0}
.cchc-toc ol{columns:2;margin:.3rem 0}
.cchc-source{word-break:break-all}
.cchc-nodata{color:#555;font-style:italic}
.cchc-glossary dt{font-weight:bold;margin-top:.3rem}.cchc-glossary dd{margin-left:1.2rem}
@page{size:A4;margin:14mm 12mm}
@page landscape{size:A4 landscape;margin:12mm}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}
  h2[id^="group-"],h2[id^="index-"],h2#children,h2#tasks,h2#units,
  h2#glossary{break-before:page}
  figure.cchc-landscape{page:landscape}
  .cchc-toc ol{columns:1}a{color:inherit;text-decoration:none}}
"""
#: Cells with this tag are notes for analysts opening the notebook, not part of the report.
NOTE_TAG = "analyst-note"


def notebook_html(nb: nbformat.NotebookNode, title: str = "CCHC", lang: str = "vi",
                  charts_src: str | None = None) -> str:
    """An HTML page of the notebook's outputs (no code): inline CSS, nothing remote.

    Charts (Vega-Lite outputs) become figures drawn by the run's one local copy of the
    Vega libraries, ``charts_src`` (a path relative to the page); without it they show
    their alt text. The page is written directly from the outputs (every output of this
    project is HTML, a chart or plain text): a template engine would cost more than the
    rest of the page.
    """
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or NOTE_TAG in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            parts.append(f'<div class="cchc-output">{_output_html(output)}</div>')
    body = "\n".join(parts)
    script = (f'<script src="{html_escape(charts_src)}"></script>\n'
              if charts_src and "cchc-chart" in body else "")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html_escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
            f"<body>\n{body}\n{script}</body>\n</html>\n")


def _output_html(output: dict) -> str:
    if output.get("output_type") == "stream":
        return f"<pre>{html_escape(''.join(output.get('text', '')))}</pre>"
    data = output.get("data", {})
    if render.VEGALITE_MIME in data:
        return render.figure_html(data[render.VEGALITE_MIME], _text(data.get("text/plain")))
    if "text/html" in data:
        return _text(data["text/html"])
    if "image/svg+xml" in data:
        return _text(data["image/svg+xml"])
    if "image/png" in data:
        return f'<img alt="" src="data:image/png;base64,{_text(data["image/png"]).strip()}">'
    return f"<pre>{html_escape(_text(data.get('text/plain', '')))}</pre>"


def _text(value: str | list[str] | None) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def write_charts_javascript(out_dir: Path) -> Path:
    """The run's one copy of the charts' JavaScript, ``<out>/assets/<name>.js``."""
    path = out_dir / "assets" / render.javascript_name()
    with atomic_path(path) as tmp:
        tmp.write_text(render.charts_javascript(), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the batch


def plan(data_dir: str | Path, period: str, out_dir: str | Path, unit_ids: list[str] | None,
         lang: str, template: str | Path | None = None, programme: str = "",
         timeout: float = DEFAULT_TIMEOUT) -> Plan:
    """Validate the parameters and list the notebooks to execute: one per unit of the
    tree in force at the period's end, and the overview."""
    from cchc.present.views import open_overview

    period = str(Period.parse(period, "--period"))
    check_lang(lang, "--lang")
    template = Path(template) if template else UNIT_TEMPLATE
    if not template.is_file():
        raise ParameterError.one("--template", "no_notebook", template)
    programme = str(programme or "")
    if programme:
        load_programme(programme, "--programme")
        if Path(programme).is_file():
            programme = _portable(programme)
    dataset = load_data(data_dir, tables=())
    with sharing_loads():  # the period and the previous one: the files checked once
        evaluation = load_evaluation(data_dir, period, programme=programme or None)
        # the workbooks' index section reads it from the cache too; if it cannot be
        # computed (a period the records do not reach), each workbook says why
        with contextlib.suppress(CchcError):
            load_index_evaluation(data_dir, DEFAULT_INDEX, period)
        # the headline cards compare with the previous period: computed once, here
        previous = Period.parse(period).previous()
        if previous is not None:
            with contextlib.suppress(CchcError):
                load_evaluation(data_dir, str(previous), programme=programme or None)
    present = list(dict.fromkeys(evaluation.results["unit_id"]))
    if unit_ids:
        for unit_id in unit_ids:
            dataset.units.check(unit_id, "--units")
            if unit_id not in present:
                raise ParameterError.one("--units", "unit_not_in_period", unit_id,
                                         period=period)
    chosen = unit_ids or present
    out_dir = Path(out_dir)
    data_arg = _portable(data_dir)
    charts_js = render.javascript_name()
    when = labels.period_label(period, lang)
    written = tuple(chosen)
    tasks = [
        Task(u, str(template), {"unit_id": u, "period": period, "data_dir": data_arg,
                                "lang": lang, "programme": programme},
             str(out_dir / u / "workbook.ipynb"), str(out_dir / u / "workbook.html"),
             f"../assets/{charts_js}", timeout,
             messages.text("page.title_unit", lang, unit=dataset.units.name(u), period=when),
             written)
        for u in chosen
    ]
    overview = open_overview(period, data_dir, lang, programme)  # fail early on what it rejects
    province = " · ".join(dataset.units.name(u) for u in overview.provinces)
    tasks.insert(0, Task(OVERVIEW, str(OVERVIEW_TEMPLATE),
                         {"period": period, "data_dir": data_arg, "lang": lang,
                          "programme": programme},
                         str(out_dir / "overview.ipynb"), str(out_dir / "overview.html"),
                         f"assets/{charts_js}", timeout,
                         messages.text("page.title_overview", lang, unit=province, period=when),
                         written))
    return Plan(tuple(tasks), evaluation, dataset, period, data_arg, template, lang)


def _portable(data_dir: str | Path) -> str:
    """The data folder as the notebooks will see it: relative to the working directory
    when it lies below it, so outputs do not depend on where the project is checked out."""
    path = Path(data_dir).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


def run_batch(data_dir: str | Path, period: str, out_dir: str | Path,
              unit_ids: list[str] | None = None, jobs: int = 2, lang: str = "vi",
              template: str | Path | None = None, progress: bool | str = True,
              programme: str = "", timeout: float = DEFAULT_TIMEOUT,
              pdf: bool = False, cluster: str | None = None,
              workers: Workers | None = None) -> list[Outcome]:
    """Execute the overview and the unit workbooks in parallel (local workers, or the
    Dask cluster at ``cluster``: :mod:`.cluster`); write the summary (CSV and
    ``summary.xlsx``), the tasks as of the period's last day (``tasks.csv``) and the
    manifest; with ``pdf``, print every page written to a PDF beside it (:mod:`.pdf`).

    ``progress``: True for rich's bar (a terminal), ``"lines"`` for a plain line every
    few workbooks with the count and the time left (a log: :mod:`cchc.apps.progress`),
    False for nothing.

    ``cluster``: run on a Dask cluster (a scheduler's address, or ``"local"`` for a
    LocalCluster of ``jobs`` workers; :mod:`cchc.apps.cluster`) instead of the local pool;
    the outputs are the same bytes, but for where each unit ran (the manifest's
    ``ran_on``).

    ``workers``: a local pool of :func:`run_task` the caller started already
    (:func:`cchc.apps.workers.start_workers`, before it imported this module: they boot
    while it imports and plans) and will stop.

    One unit's failure (an error, a kernel or worker that died, more than ``timeout``
    seconds) is recorded and the others go on. Ctrl-C or SIGTERM stops every worker and
    kernel, leaves no half-written workbook and raises KeyboardInterrupt.
    """
    if jobs < 1:
        raise ParameterError.one("--jobs", "at_least_param", jobs, minimum=1)
    if timeout <= 0:
        raise ParameterError.one("--timeout", "at_least_param", timeout, minimum=1)
    if pdf and not paths.chromium().is_file():
        raise ParameterError.one("--pdf", "no_chromium", str(paths.chromium()))
    from cchc.apps.workers import sigterm_stops, start_workers

    batch = plan(data_dir, period, out_dir, unit_ids, lang, template, programme, timeout)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if cluster:
        from cchc.apps.cluster import run_on_cluster

        _write_tables(batch, out_dir, programme)
        with sigterm_stops():
            outcomes = _execute(list(batch.tasks), progress, lambda tasks, done: run_on_cluster(
                tasks, cluster, min(jobs, len(tasks)), done))
    else:
        # the workers start their kernels (and import what the notebooks use) while this
        # process writes the summary and the charts' JavaScript
        with contextlib.ExitStack() as stack:
            if workers is None:
                workers = start_workers(stack, run_task, jobs, timeout, len(batch.tasks))
            workers.start(min(jobs, len(batch.tasks)))
            _write_tables(batch, out_dir, programme)
            outcomes = _execute(list(batch.tasks), progress, workers.run)
    if pdf:
        _print_pdfs(batch, outcomes)
    _write_manifest(out_dir, batch, outcomes)
    return outcomes


def _write_tables(batch: Plan, out_dir: Path, programme: str) -> None:
    """The run's files that need no notebook: the summary (CSV and ``summary.xlsx``), the
    tasks as of the period's last day, and the charts' JavaScript."""
    write_csv(batch.evaluation.results, out_dir / "summary.csv")
    write_summary_xlsx(batch.evaluation.results, load_programme(programme or None),
                       out_dir / "summary.xlsx", batch.lang)
    write_csv(task_list(batch.evaluation.tasks), out_dir / "tasks.csv")
    write_charts_javascript(out_dir)


def _print_pdfs(batch: Plan, outcomes: list[Outcome]) -> None:
    """Each page written, printed to its PDF; the outcome lists it."""
    from cchc.apps.pdf import print_pages

    done = {o.unit_id: o for o in outcomes if o.ok}
    tasks = [t for t in batch.tasks if t.unit_id in done]
    print_pages((Path(t.html), Path(t.html).with_suffix(".pdf")) for t in tasks)
    for task in tasks:
        done[task.unit_id].files.append(str(Path(task.html).with_suffix(".pdf")))


def _execute(tasks: list[Task], progress: bool | str,
             run: Callable[[list, Callable], None]) -> list[Outcome]:
    """``run(tasks, done)`` (the local workers' or the cluster's), with the progress bar or
    lines, each failure printed as it comes; the outcomes in the tasks' order."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from cchc.apps.workers import Failure

    outcomes: dict[str, Outcome] = {}
    columns = [TextColumn("[bold]workbooks"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.description}")]
    lines = ProgressLines(len(tasks)) if progress == "lines" else None
    with Progress(*columns, disable=progress is not True, transient=False) as bar:
        job = bar.add_task("", total=len(tasks))

        def done(task: Task, result: Outcome | Failure) -> None:
            if isinstance(result, Failure):
                _remove_stale(task)
                result = Outcome(task.unit_id, False, reason=result.reason,
                                 error=failure_text(result.reason, "en", result.seconds))
            if result.ran_on is None:
                result.ran_on = {"worker": "local", "host": socket.gethostname()}
            outcomes[task.unit_id] = result
            if not result.ok:
                where = (f" (cell {result.cell}: {result.source})"
                         if result.cell is not None else "")
                bar.console.print(f"[red]failed[/red] {task.unit_id}{where}: {result.error}")
            bar.update(job, advance=1, description=task.unit_id)
            if lines is not None:
                lines.advance()

        run(tasks, done)
    return [outcomes[t.unit_id] for t in tasks if t.unit_id in outcomes]


def failure_text(reason: str, lang: str, seconds: float | None = None) -> str:
    """Why a notebook failed without an error of its own, in ``lang``.

    >>> failure_text("timeout", "en", 5)
    'no result within 5 s (--timeout): the notebook was stopped'
    """
    from cchc import messages

    return messages.text(f"run.reason.{reason}", lang,
                         seconds=int(seconds) if seconds is not None else "")


def _write_manifest(out_dir: Path, batch: Plan, outcomes: list[Outcome]) -> None:
    directory = Path(batch.dataset.directory)
    inputs = [{"file": input_name(p, directory), "sha256": file_sha256(p)}
              for p in input_files(directory)]
    params = [{"file": f"params/{p.name}", "sha256": file_sha256(p)}
              for p in sorted(paths.PARAMS_DIR.glob("*")) if p.is_file()]
    manifest = {
        "cchc": __version__,
        "period": batch.period,
        "data": batch.data,
        "synthetic": batch.evaluation.synthetic,
        "parameters": {"lang": batch.lang, "template": batch.template.name,
                       "units": [t.unit_id for t in batch.tasks if t.unit_id != OVERVIEW]},
        "inputs": inputs,
        "params": params,
        "versions": {"python": platform.python_version(),
                     **{name: _version(name) for name in VERSIONED}},
        "outputs": {"summary": "summary.csv", "workbook": "summary.xlsx",
                    "rows": len(batch.evaluation.results),
                    "tasks": "tasks.csv", "task_rows": len(batch.evaluation.tasks)},
        "units": [_relative(asdict(o), out_dir) for o in outcomes],
        "failed": sum(not o.ok for o in outcomes),
    }
    with atomic_path(out_dir / "manifest.json") as tmp:
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")


def _relative(outcome: dict, out_dir: Path) -> dict:
    outcome["files"] = [str(Path(f).relative_to(out_dir)) for f in outcome["files"]]
    return outcome


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
