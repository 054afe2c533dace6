"""The read-only dashboard: selectors, views and click-through, as ipywidgets.

Managers open it in a browser through ``cchc serve`` (Voila runs
``notebooks/dashboard.ipynb``); analysts can open the same notebook in JupyterLab. It
reads the cached evaluation of a period (:func:`cchc.engine.cache.load_evaluation`, the same
cache ``cchc run`` fills) and draws with the same :mod:`cchc.present.views` and
:mod:`cchc.present.charts` calls as the papermill workbooks, so a workbook and the dashboard
show the same thing for the same unit, period and language.

What a manager can cause (a bad value in the URL, a unit that no longer exists in the
chosen period, a damaged data folder) becomes a message on the page naming the
parameter; anything else is logged on the server and the page shows a short apology.
Nothing here lets a traceback reach the browser.

"""

from __future__ import annotations

import asyncio
import base64
import functools
import html
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import ipywidgets as widgets

from cchc import messages, paths
from cchc.apps.dashboard.assets import ChartView, PrintButton, UrlState, chart_widget_class
from cchc.apps.dashboard.state import (
    ALL_GROUPS,
    View,
    nearest_present,
    parse_query,
    period_label,
    resolve_view,
    text,
    unit_matches,
    unit_options,
)
from cchc.engine.cache import load_evaluation, load_periods
from cchc.errors import CchcError, Problem, problem
from cchc.files import to_csv_text
from cchc.messages import MISSING
from cchc.present import charts, labels
from cchc.present import views as workbook
from cchc.sources.dataset import load_units
from cchc.sources.read import data_updated
from cchc.spec.catalogue import load_catalogue
from cchc.spec.indices import DEFAULT_INDEX
from cchc.spec.periods import Period
from cchc.spec.units import Units

log = logging.getLogger(__name__)

#: The charts of the page, top to bottom.
VIEWS: tuple[str, ...] = (
    "status",
    "contacts",
    "standing",
    "bullet",
    "heatmap",
    "ranking",
    "trends",
    "index_groups",
    "index_losses",
    "index_trend",
)

#: Charts drawn once the browser is idle: the trends' many small panels are the largest,
#: and the service index, below them.
DEFERRED_VIEWS: frozenset[str] = frozenset({"trends", "index_trend"})
#: The index the dashboard shows (params/indices/).
INDEX_ID = DEFAULT_INDEX

#: Words only the dashboard uses (vi, en); everything shared comes from :mod:`cchc.labels`.


def _problems_html(problems: Sequence[Problem], lang: str, title: str | None = None) -> str:
    error = CchcError(list(problems))
    if title is None:
        try:
            return workbook.show_error(error, lang).data
        except Exception:  # the shared renderer is a nicety; the message must still show
            log.debug("workbook.show_error failed; using the dashboard's own", exc_info=True)
    items = "".join(f"<li>{html.escape(p.render(lang))}</li>" for p in problems)
    heading = html.escape(title or text("error_title", lang))
    return f'<div class="cchc-error" role="alert"><strong>{heading}</strong><ul>{items}</ul></div>'


def _unexpected_html(lang: str) -> str:
    return f'<div class="cchc-error" role="alert">{html.escape(text("unexpected", lang))}</div>'


def _server_log_handler() -> logging.Handler:
    """A handler writing to the kernel process's own stderr, i.e. the server's terminal.

    In a kernel, ``sys.stderr`` is forwarded to the browser; its ``fileno()`` is a copy
    of the original descriptor, which the Voila server's log shares.
    """
    try:
        # lives as long as the kernel: the handler owns it
        stream = open(os.dup(sys.stderr.fileno()), "w", encoding="utf-8", buffering=1)  # noqa: SIM115
    except (OSError, ValueError, AttributeError):
        stream = sys.__stderr__
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        logging.Formatter(
            "[cchc dashboard %(asctime)s pid " + str(os.getpid()) + "] %(levelname)s %(message)s"
        )
    )
    return handler


@functools.cache
def _configure_logging() -> None:
    if not log.handlers:
        log.addHandler(_server_log_handler())
        log.setLevel(logging.INFO)
        log.propagate = False


def _guarded(method: Callable) -> Callable:
    """Run a widget callback so that no exception escapes to the browser.

    A :class:`CchcError` (a bad choice, bad data) becomes a message naming the
    parameter; anything else is logged on the server with its traceback and the page
    says that something went wrong.
    """

    @functools.wraps(method)
    def wrapper(self: Dashboard, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except CchcError as exc:
            log.info("%s: %s", method.__name__, exc)
            notes, self._notes = self._notes, ""
            self.messages.value = notes + _problems_html(exc.problems, self.view.lang)
        except Exception:
            log.exception(
                "dashboard callback %s failed (view %s)", method.__name__, self.view.query_string()
            )
            self.messages.value = _unexpected_html(self.view.lang)
        return None

    return wrapper


class Dashboard:
    """The widgets of one open dashboard and what happens when a manager uses them.

    Build it with :func:`open_dashboard`; display :attr:`widget` (or the object itself).
    """

    def __init__(
        self,
        data_dir: Path,
        units: Units,
        periods: Sequence[str],
        groups: Sequence[tuple[str, str, str]],
        view: View,
    ) -> None:
        self.data_dir = data_dir
        self.units = units
        self.periods = list(periods)
        self.groups = list(groups)  # (id, name_vi, name_en)
        self.view = view
        self.present: list[str] = units.ordered()
        self.shown: View | None = None  # the view on the page, once drawn
        self._quiet = False
        self._notes = ""
        self._generation = 0  # of the view being drawn (a late chart checks it)
        self.draw_later = True  # the slowest chart after returning, in a kernel

        self.heading = widgets.HTML()
        # wide enough for their longest labels in either language (a browser test checks)
        self.search = widgets.Text(continuous_update=True, layout=widgets.Layout(width="380px"))
        self.unit = widgets.Dropdown(layout=widgets.Layout(width="380px"))
        self.up = widgets.Button(layout=widgets.Layout(width="auto"))
        self.period = widgets.Dropdown(layout=widgets.Layout(width="270px"))
        self.group = widgets.Dropdown(layout=widgets.Layout(width="520px"))
        self.lang = widgets.ToggleButtons(
            options=[("Tiếng Việt", "vi"), ("English", "en")],
            value=view.lang,
            style={"button_width": "90px"},
        )
        self.messages = widgets.HTML()
        self.title = widgets.HTML()
        self.cards = widgets.HTML()  # the headline: met, on track, changes, overdue
        self.stamp = widgets.HTML()  # "data as of"
        self.download = widgets.HTML()  # the view's figures as CSV (a data: link)
        self.print_button = PrintButton()
        self.updated = data_updated(data_dir)
        self.standing_heading = widgets.HTML()
        self.children_heading = widgets.HTML()
        self.tasks = widgets.HTML()  # the task register panel: this unit's tasks, its units'
        # the service index (params/indices/): heading, ranking and published figures
        self.index_heading = widgets.HTML()
        self.index_ranking = widgets.HTML()
        self.index_published = widgets.HTML()
        self.views = {name: ChartView(name, view.lang, name in DEFERRED_VIEWS) for name in VIEWS}
        self.url = UrlState()
        for w, name in (
            (self.search, "cchc-search"),
            (self.unit, "cchc-unit"),
            (self.up, "cchc-up"),
            (self.period, "cchc-period"),
            (self.group, "cchc-group"),
            (self.lang, "cchc-lang"),
            (self.messages, "cchc-messages"),
            (self.title, "cchc-title"),
            (self.cards, "cchc-cards-box"),
            (self.stamp, "cchc-stamp"),
            (self.download, "cchc-download"),
            (self.print_button, "cchc-print-box"),
            (self.tasks, "cchc-tasks"),
            (self.index_heading, "cchc-index-heading"),
            (self.index_ranking, "cchc-index-ranking"),
            (self.index_published, "cchc-index-published"),
        ):
            w.add_class(name)

        selectors = widgets.HBox(
            [widgets.VBox([self.search, self.unit]), self.up, self.period, self.group, self.lang],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        selectors.add_class("cchc-selectors")
        box = {name: v.box for name, v in self.views.items()}
        top = widgets.HBox(
            [box["status"], box["contacts"]], layout=widgets.Layout(flex_flow="row wrap")
        )
        children = widgets.HBox(
            [box["heatmap"], box["ranking"]], layout=widgets.Layout(flex_flow="row wrap")
        )
        for row in (top, children):
            row.add_class("cchc-row")
        # where the unit stands first; the long small multiples of the trends last
        tools = widgets.HBox([self.stamp, self.download, self.print_button],
                             layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        tools.add_class("cchc-tools")
        self.body = widgets.VBox(
            [
                self.title,
                tools,
                self.cards,
                top,
                self.standing_heading,
                box["standing"],
                box["bullet"],
                self.children_heading,
                children,
                self.tasks,
                box["trends"],
                self.index_heading,
                box["index_groups"],
                box["index_losses"],
                self.index_ranking,
                box["index_trend"],
                self.index_published,
            ]
        )
        self.widget = widgets.VBox([self.heading, selectors, self.messages, self.body, self.url])
        self.widget.add_class("cchc-dashboard")

        self.search.observe(self._on_search, names="value")
        self.unit.observe(self._on_unit, names="value")
        self.up.on_click(self._on_up)
        self.period.observe(self._on_period, names="value")
        self.group.observe(self._on_group, names="value")
        self.lang.observe(self._on_lang, names="value")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # ----------------------------------------------------------------- selectors

    @contextmanager
    def _programmatic(self) -> Iterator[None]:
        """Change selector values without reacting to the change."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def _sync_selectors(self) -> None:
        """Labels in the view's language, values on the view."""
        v = self.view
        with self._programmatic():
            title = html.escape(text("title", v.lang))
            self.heading.value = f"<h2 class='cchc-app-title'>{title}</h2>"
            self.search.placeholder = text("search", v.lang)
            self.search.description = ""
            self.unit.description = labels.label("ui.unit", v.lang)
            self._fill_units()
            self.period.description = labels.label("ui.period", v.lang)
            self.period.options = [(period_label(p, v.lang), p) for p in self.periods]
            self.period.value = v.period
            self.group.description = labels.label("ui.group", v.lang)
            self.group.options = [(text("all_groups", v.lang), ALL_GROUPS)] + [
                (f"{g}. {vi if v.lang == 'vi' else en}", g) for g, vi, en in self.groups
            ]
            self.group.value = v.group
            self.lang.value = v.lang
            parent = self.units.parent(v.unit_id)
            self.up.disabled = parent is None
            self.up.description = (
                f"↑ {self.units.name(parent)}" if parent else f"↑ {text('up', v.lang)}"
            )
            self.up.tooltip = text("up", v.lang)
            self.url.query = v.query_string()
        for w in (self.unit, self.period, self.group):
            w.style = {"description_width": "initial"}

    def _fill_units(self) -> None:
        """The picker always shows the unit on the page; while searching, a first line
        counts the matches (not their parents, listed to show where a match sits)."""
        search = self.search.value
        options = unit_options(self.units, self.present, search)
        value = self.view.unit_id
        if value not in [u for _, u in options]:
            options = [(self.units.name(value), value), *options]
        if search.strip():
            hits = unit_matches(self.units, self.present, search)
            note = (text("pick", self.view.lang, n=len(hits)) if hits
                    else text("no_match", self.view.lang))
            options = [(note, ""), *options]
        with self._programmatic():
            self.unit.options = options
            self.unit.value = value

    @_guarded
    def _on_search(self, change: dict) -> None:
        """Narrow the picker; a search with one match opens it."""
        if self._quiet:
            return
        hits = unit_matches(self.units, self.present, self.search.value)
        if self.search.value.strip() and len(hits) == 1 and hits[0] != self.view.unit_id:
            self.go(replace(self.view, unit_id=hits[0]))
        else:
            self._fill_units()

    @_guarded
    def _on_unit(self, change: dict) -> None:
        if self._quiet or not change["new"]:
            return
        self.go(replace(self.view, unit_id=change["new"]))

    @_guarded
    def _on_up(self, _button: widgets.Button) -> None:
        parent = self.units.parent(self.view.unit_id)
        if parent is not None:
            self.go(replace(self.view, unit_id=parent))

    @_guarded
    def _on_period(self, change: dict) -> None:
        if not self._quiet and change["new"]:
            self.go(replace(self.view, period=change["new"]))

    @_guarded
    def _on_group(self, change: dict) -> None:
        if not self._quiet and change["new"]:
            group, measure = change["new"], self.view.measure
            if group != ALL_GROUPS and not measure.startswith(f"{group}."):
                measure = ""  # the marked measure is not in the group any more
            self.go(replace(self.view, group=group, measure=measure))

    @_guarded
    def _on_lang(self, change: dict) -> None:
        if not self._quiet and change["new"]:
            self.go(replace(self.view, lang=change["new"]))

    @_guarded
    def _on_pick(self, change: dict) -> None:
        """A click on the heatmap: open the unit of the clicked row, the clicked measure
        marked (the drill keeps the measure)."""
        rows = [row for row in (change["new"].value or []) if row.get("unit_id") in self.units]
        if rows and rows[0]["unit_id"] != self.view.unit_id:
            measure = rows[0].get("measure_id") or self.view.measure
            with self._programmatic():
                self.search.value = ""
            self.go(replace(self.view, unit_id=rows[0]["unit_id"], measure=measure or ""))

    # ----------------------------------------------------------------- views

    @_guarded
    def go(self, view: View) -> None:
        """Show ``view``; on a user error, say why and keep showing the last good view."""
        self.widget.add_class("cchc-busy")
        try:
            self._render(view)
        except CchcError:
            self._sync_selectors()  # back to the view still on the page
            raise
        finally:
            self.widget.remove_class("cchc-busy")

    def _render(self, view: View) -> None:
        self.units.check(view.unit_id)
        evaluation = load_evaluation(self.data_dir, view.period)
        present = list(dict.fromkeys(evaluation.results["unit_id"]))
        notes = ""
        if view.unit_id not in present:
            moved = nearest_present(self.units, view.unit_id, present)
            notes = _problems_html(
                [
                    problem(
                        None,
                        "unit_moved",
                        parameter="unit_id",
                        value=view.unit_id,
                        # names repeat across a reorganisation: the ids tell them apart
                        old=f"{self.units.name(view.unit_id)} ({view.unit_id})",
                        period=view.period,
                        new=f"{self.units.name(moved)} ({moved})",
                    )
                ],
                view.lang,
                title=text("unit_moved_title", view.lang),  # shown instead, not an error
            )
            view = replace(view, unit_id=moved)
        wb = workbook.open_workbook(view.unit_id, view.period, self.data_dir, view.lang)
        group = view.group_id
        results = (
            wb.applicable if group is None else wb.applicable[wb.applicable["group_id"] == group]
        )

        self.title.value = workbook.show_title(wb).data
        self.cards.value = workbook.show_cards(wb).data
        self._tools(wb, view)
        if view.measure:
            drilled = text("drilled", wb.lang, measure=view.measure)
            notes += f"<p class='cchc-note'>{html.escape(drilled)}</p>"
        views = self.views
        views["status"].show(charts.chart_status_summary(results, wb.lang))
        views["contacts"].show(workbook.chart_contacts(wb))
        ranked = len(wb.siblings) > 1
        self.standing_heading.value = (
            f"<h2>{html.escape(text('standing', wb.lang))}</h2>" if ranked else ""
        )
        views["standing"].show(workbook.chart_rank(wb) if ranked else None)
        views["bullet"].show(workbook.chart_bullet(wb, group, highlight=view.measure))
        self._render_children(wb, group)
        self.tasks.value = workbook.show_tasks(wb).data + workbook.show_task_units(wb).data
        # the slowest chart, drawn last: in a kernel, after the cell or callback has
        # returned, so that the page (or the other charts' update) is on its way meanwhile
        self._generation += 1
        self._later(self._render_trends, wb, group, self._generation)
        self._later(self._render_index, wb, self._generation)

        self.view = self.shown = view
        self.present = present
        self._sync_selectors()
        self.messages.value = self._notes + notes
        self._notes = ""

    def _tools(self, wb: workbook.Workbook, view: View) -> None:
        """The "data as of" stamp, the view's figures as a CSV download, the print label."""
        lang = wb.lang
        end = Period.parse(view.period).end
        updated = messages.format_day(self.updated, lang) if self.updated else MISSING
        stamp = text("as_of", lang, period=period_label(view.period, lang),
                     end=messages.format_day(end, lang), updated=updated)
        self.stamp.value = f"<span class='cchc-note'>{html.escape(stamp)}</span>"
        rows = wb.of_units([wb.unit_id, *wb.children])
        if view.group_id:
            rows = rows[rows["group_id"] == view.group_id]
        data = base64.b64encode(("\ufeff" + to_csv_text(rows)).encode("utf-8")).decode()
        name = f"cchc-{view.unit_id}-{view.period}.csv"
        self.download.value = (
            f'<a class="cchc-download-csv" download="{html.escape(name, quote=True)}" '
            f'href="data:text/csv;charset=utf-8;base64,{data}">'
            f"{html.escape(text('download_csv', lang))}</a>")
        self.print_button.label = text("print_pdf", lang)

    def _later(self, job: Callable, *args: object) -> None:
        """Run ``job`` soon on the kernel's event loop, or now (no loop, or not wanted)."""
        try:
            loop = asyncio.get_running_loop() if self.draw_later else None
        except RuntimeError:
            loop = None
        if loop is None:
            job(*args)
            return
        loop.call_later(0.05, job, *args)

    @_guarded
    def _render_trends(self, wb: workbook.Workbook, group: str | None, generation: int) -> None:
        if generation == self._generation:  # else another view was asked for meanwhile
            self.views["trends"].show(workbook.chart_trends(wb, group))

    @_guarded
    def _render_index(self, wb: workbook.Workbook, generation: int) -> None:
        """The service index of the unit: points by group, where they are lost, the
        ranking of its level, the monthly trend, the published figures."""
        if generation != self._generation:
            return
        self.index_heading.value = workbook.show_index_heading(wb, INDEX_ID).data
        self.views["index_groups"].show(workbook.chart_index_groups(wb, INDEX_ID))
        self.views["index_losses"].show(workbook.chart_index_losses(wb, INDEX_ID))
        self.index_ranking.value = workbook.show_index_ranking(wb, INDEX_ID).data
        self.views["index_trend"].show(workbook.chart_index_trend(wb, INDEX_ID))
        self.index_published.value = workbook.show_index_published(wb, INDEX_ID).data

    def _render_children(self, wb: workbook.Workbook, group: str | None) -> None:
        """The children side by side (click one to open it) and ranked by score."""
        lang = wb.lang
        kids = wb.children
        heatmap, ranking = self.views["heatmap"], self.views["ranking"]
        if not kids:
            self.children_heading.value = (
                f"<p class='cchc-note'>{html.escape(text('no_children', lang))}</p>"
            )
            heatmap.show(None)
            ranking.show(None)
            return
        self.children_heading.value = (
            f"<h2>{html.escape(text('children', lang))}</h2>"
            f"<p class='cchc-note'>{html.escape(text('children_hint', lang))}</p>"
        )
        rows = wb.of_units(kids)  # as workbook.chart_children, cut to the group
        heatmap.show(
            charts.chart_heatmap(rows if group is None else rows[rows["group_id"] == group], lang)
        )
        # a new chart brings new selection traits: listen to this one's
        selections = heatmap.widget.selections
        if charts.UNIT_PICK in selections.trait_names():
            selections.observe(self._on_pick, names=[charts.UNIT_PICK])
        scores = wb.evaluation.scores
        names = {u: self.units.name(u) for u in kids}
        ranking.show(
            charts.chart_ranking(
                scores[scores["unit_id"].isin(kids)], lang, group=group, names=names
            )
        )


# --------------------------------------------------------------------------- entry points


def default_data_dir() -> Path:
    """``$CCHC_DATA`` (set by ``cchc serve --data``), else the bundled sample."""
    return paths.served_data_dir()


#: Dashboards built ahead of a request, by data folder (see :func:`warm_up`).
_PREPARED: dict[Path, Dashboard] = {}


def warm_up(data_dir: str | Path | None = None) -> None:
    """Do the slow first-time work before a page is asked for (a preheated kernel runs
    this while it waits for its visitor): imports, the chart widget's JavaScript, the
    latest evaluation, and the default view itself, built and kept for
    :func:`open_dashboard`, so that the most common page (no URL parameters) is ready.

    Never raises: a problem here shows up, with a message, when the page is opened.
    """
    _configure_logging()
    try:
        chart_widget_class()
        folder = Path(data_dir or default_data_dir())
        dash = open_dashboard(folder, draw_later=False)  # complete before anyone asks
        if isinstance(dash, Dashboard):
            _PREPARED[folder] = dash
    except Exception as exc:  # reported again, properly, by open_dashboard
        log.info("warm-up incomplete: %s", exc)


def request_query() -> str:
    """The query string of the page's URL (``""`` outside Voila).

    In a preheated Voila kernel the notebook runs before anyone asks for the page; this
    waits for the request (``voila.utils.get_query_string``).
    """
    if paths.voila_preheated():
        from voila.utils import get_query_string

        return get_query_string() or ""
    return paths.voila_query_string()


def open_dashboard(
    data_dir: str | Path | None = None,
    *,
    unit_id: str = "",
    period: str = "",
    group: str = ALL_GROUPS,
    lang: str = "vi",
    query: str = "",
    draw_later: bool = True,
) -> Dashboard | widgets.HTML:
    """The dashboard for the notebook's parameters, overridden by the URL's ``query``.

    Never raises for anything a user or the data can cause: a bad URL value is named in
    a message and replaced by its default; a broken data folder gives a page with only
    the message. With ``draw_later``, the slowest chart (the trends) is drawn just after
    this returns, when there is an event loop (a kernel), so that the page leaves sooner.
    """
    _configure_logging()
    lang_now = lang if lang in labels.LANGS else "vi"
    try:
        data_dir = Path(data_dir or default_data_dir())
        periods = load_periods(data_dir)
        units = load_units(data_dir)
        catalogue = load_catalogue()
        groups = [(g.id, g.name_vi, g.name_en) for g in catalogue.groups]
        base = View(units.root, periods[0], ALL_GROUPS, "vi")
        # the notebook's parameters first, then the URL: both checked the same way
        measures = catalogue.measure_ids
        view, problems = resolve_view(
            {"unit_id": unit_id, "period": period, "group": group, "lang": lang},
            units,
            periods,
            [g[0] for g in groups],
            base,
            measures,
        )
        view, url_problems = resolve_view(
            parse_query(query), units, periods, [g[0] for g in groups], view, measures
        )
        lang_now = view.lang
        dash = _PREPARED.pop(data_dir, None) or Dashboard(data_dir, units, periods, groups, view)
        dash.draw_later = draw_later
        problems += url_problems
        if problems:
            dash._notes = _problems_html(problems, view.lang, title=text("url_defaults", view.lang))
            log.info("bad parameters: %s", "; ".join(map(str, problems)))
        if dash.shown != view or problems:
            dash._sync_selectors()
            dash.go(view)
        return dash
    except CchcError as exc:
        log.warning("dashboard cannot open: %s", exc)
        return widgets.HTML(_problems_html(exc.problems, lang_now))
    except Exception:
        log.exception("dashboard failed to open")
        return widgets.HTML(_unexpected_html(lang_now))
