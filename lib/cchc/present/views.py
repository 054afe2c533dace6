"""What the notebooks call: one function per artefact (a heading, a table, a chart).

The unit workbook, the province overview and the Voila dashboard all go through here,
so a papermill workbook and a dashboard show the same thing for the same parameters.
Functions return displayable objects (``IPython.display.HTML`` or ``alt.Chart``);
nothing here prints.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import altair as alt
import pandas as pd
from IPython.display import HTML

from cchc import messages, paths
from cchc.engine.cache import load_evaluation, load_index_evaluation
from cchc.engine.index import IndexEvaluation
from cchc.engine.results import Evaluation
from cchc.engine.tasks import carried_by, compute_task_counts, compute_task_shares
from cchc.errors import CchcError, ParameterError
from cchc.messages import MISSING
from cchc.present import charts, labels, pages, render, tables, theme
from cchc.sources.dataset import load_units
from cchc.sources.published import in_language, load_published_indices
from cchc.spec.catalogue import Catalogue, load_programme
from cchc.spec.indices import IndexDefinition, load_index
from cchc.spec.periods import Period
from cchc.spec.statuses import STATUS_ORDER
from cchc.spec.tasks import DUE_WITHIN_DAYS, OPEN_STATES, TASK_STATES
from cchc.spec.units import Units


def use_browser_charts() -> None:
    """Charts leave the kernel as Vega-Lite specs, drawn by the browser offline
    (:mod:`cchc.present.render`)."""
    render.use_browser_charts()


@dataclass(frozen=True)
class Workbook:
    """A unit, a period and a language, with the evaluation they are read from."""

    unit_id: str
    period: str
    lang: str
    evaluation: Evaluation
    units: Units
    catalogue: Catalogue
    #: The overview's provinces: the roots of the period's tree (two before a merger).
    scope: tuple[str, ...] = ()
    #: the data folder the evaluation was read from (the indices are read from it too)
    data_dir: Path | None = None
    #: the programme as given (``""``: the shipped one); the previous period is read with it
    programme: str = ""

    @property
    def provinces(self) -> list[str]:
        """The units the overview is about: its scope, or the unit itself."""
        return list(self.scope) or [self.unit_id]

    @cached_property
    def indices(self) -> dict[str, IndexView]:
        """The indices opened in this workbook (:func:`open_index`), by id."""
        return {}

    @cached_property
    def results(self) -> pd.DataFrame:
        r = self.evaluation.results
        return r[r["unit_id"] == self.unit_id]

    @cached_property
    def applicable(self) -> pd.DataFrame:
        return self.results[self.results["status"] != "not_applicable"]

    def of_units(self, unit_ids: list[str]) -> pd.DataFrame:
        r = self.evaluation.results
        return r[r["unit_id"].isin(unit_ids)]

    @cached_property
    def present(self) -> frozenset[str]:
        """The units the evaluation has results for."""
        return frozenset(self.evaluation.results["unit_id"].unique().tolist())

    @property
    def children(self) -> list[str]:
        return [u for u in self.units.children(self.unit_id) if u in self.present]

    @property
    def siblings(self) -> list[str]:
        return [u for u in self.units.siblings(self.unit_id) if u in self.present]


def open_workbook(unit_id: str, period: str, data_dir: str | Path, lang: str = "vi",
                  programme: str = "") -> Workbook:
    """Check the parameters and load the evaluation (cached) for one unit.

    ``programme`` names the catalogue (the shipped one when empty). Raises
    ParameterError / SourceError with a clear message for bad parameters or data.
    """
    labels.check_lang(lang)
    period = str(Period.parse(str(period)))
    data_dir = data_dir or paths.SAMPLE_DIR
    if not Path(data_dir).is_dir():
        raise ParameterError.one("data_dir", "no_data_folder", data_dir)
    catalogue = load_programme(programme or None, "programme")
    evaluation = load_evaluation(data_dir, period, programme=programme or None)
    units = load_units(data_dir)
    units.check(str(unit_id))
    if unit_id not in set(evaluation.results["unit_id"].unique().tolist()):
        raise ParameterError.one("unit_id", "unit_not_in_period", unit_id, period=period)
    return Workbook(str(unit_id), period, lang, evaluation, units, catalogue,
                    data_dir=Path(data_dir), programme=str(programme or ""))


def open_overview(period: str, data_dir: str | Path, lang: str = "vi",
                  programme: str = "") -> Workbook:
    """The province of the period for the overview: the root of the tree in force at the
    period's end, or the provinces side by side before a merger of provinces."""
    data_dir = data_dir or paths.SAMPLE_DIR
    if not Path(data_dir).is_dir():
        raise ParameterError.one("data_dir", "no_data_folder", data_dir)
    units = load_units(data_dir)
    end = Period.parse(str(period)).end
    roots = units.roots_at(end) or [units.root]
    wb = open_workbook(roots[0], period, data_dir, lang, programme)
    return Workbook(wb.unit_id, wb.period, lang, wb.evaluation, units, wb.catalogue,
                    tuple(roots), wb.data_dir, wb.programme)


def show_error(error: CchcError, lang: str = "vi") -> HTML:
    """A friendly box listing the problems (for dashboards: never a traceback)."""
    items = "".join(f"<li>{html.escape(p.render(lang))}</li>" for p in error.problems)
    title = html.escape(labels.label("ui.error_title", lang))
    return HTML(f'<div class="cchc-error" role="alert"><strong>{title}</strong>'
                f"<ul>{items}</ul></div>")


def show_title(wb: Workbook) -> HTML:
    """Heading with the unit, its level and the period; the synthetic-data banner first;
    then what the page must say about time: into which unit an old unit merged and when,
    which units a new one was formed from, the programme's closing assessment, or that
    the programme has ended and targets are the last in force."""
    banner = ""
    if wb.evaluation.synthetic:
        banner = (f'<div class="cchc-synthetic" role="note">'
                  f"{html.escape(labels.label('ui.synthetic_banner', wb.lang))}</div>")
    name = " · ".join(html.escape(wb.units.name(u)) for u in wb.provinces)
    level = html.escape(labels.label(f"level.{wb.units.level(wb.unit_id)}", wb.lang))
    path = " › ".join(html.escape(wb.units.name(u)) for u in wb.units.path(wb.unit_id)[:-1])
    subtitle = html.escape(labels.label("ui.period", wb.lang))
    notes = [note for u in wb.provinces for note in lineage_notes(wb.units, u, wb.lang)]
    if len(wb.provinces) > 1:
        notes.insert(0, labels.label("ui.provinces_in_force", wb.lang).format(
            n=len(wb.provinces)))
    notes += programme_notes(wb.catalogue, wb.period, wb.lang)
    body = "".join(f"<p class='cchc-note'>{html.escape(n)}</p>" for n in notes)
    return HTML(f"{banner}<h1>{name}</h1><p class='cchc-sub'>{level}"
                f"{' — ' + path if path else ''} · {subtitle}: "
                f"<b>{html.escape(labels.period_label(wb.period, wb.lang))}</b></p>{body}")


def _link(wb: Workbook, unit_id: str) -> str:
    return pages.link(unit_id, wb.units.name(unit_id), from_overview=bool(wb.scope))


def show_contents(wb: Workbook, index_id: str = "766") -> HTML:
    """Where to go from this page: the links to the overview, the parent and the children
    (a workbook), then the table of contents of the page's sections.

    >>> from cchc.spec.catalogue import load_catalogue
    >>> wb = Workbook("bat-xat", "2024Q3", "vi", ev, units, load_catalogue())
    >>> page = show_contents(wb).data
    >>> 'href="#group-I"' in page, 'href="../overview.html"' in page
    (True, True)
    """
    lang = wb.lang
    if wb.scope:
        entries = [("indicators", labels.label("title.indicators", lang).format(
                        n=len(wb.catalogue.indicators))),
                   ("headline", labels.label("ui.headline", lang)),
                   ("units", messages.text("page.units", lang))]
        if any(task_units(replace(wb, unit_id=u)) for u in wb.provinces):
            entries.append(("task-units", labels.label("title.task_units", lang)))
        entries.append(("published", labels.label("title.published_indices", lang)))
        entries.append(("glossary", messages.text("gloss.title", lang)))
        return HTML(pages.contents(entries, lang))
    parent = wb.units.parent(wb.unit_id)
    present = wb.present
    nav = [("", pages.link(
                pages.OVERVIEW, messages.text("page.overview_link", lang), False)),
           (messages.text("page.up", lang),
            _link(wb, parent) if parent is not None and parent in present else ""),
           (messages.text("page.down", lang), " · ".join(_link(wb, u) for u in wb.children))]
    entries = [("headline", labels.label("ui.headline", lang))]
    entries += [(f"group-{g.id}", f"{g.id}. {_name(g, lang)}") for g in wb.catalogue.groups]
    entries.append((f"index-{index_id}", _name(load_index(index_id), lang)))
    if wb.children:
        entries.append(("children", labels.label("ui.children", lang)))
    entries.append(("tasks", labels.label("title.tasks", lang)))
    if wb.children:
        entries.append(("task-units", labels.label("title.task_units", lang)))
    entries.append(("glossary", messages.text("gloss.title", lang)))
    return HTML(pages.navigation(nav, lang) + pages.contents(entries, lang))


def show_units(wb: Workbook) -> HTML:
    """The overview's index of the run: every unit of the period with a link to its
    workbook, its level, its parent and its children (each a link too).

    >>> from cchc.spec.catalogue import load_catalogue
    >>> overview = Workbook("lao-cai", "2024Q3", "vi", ev, units, load_catalogue(), ("lao-cai",))
    >>> 'href="bat-xat/workbook.html"' in show_units(overview).data
    True
    """
    lang = wb.lang
    present = wb.present
    end = Period.parse(wb.period).end
    order = [u for u in wb.units.ordered(end) if u in present]
    headers = [labels.label("col.unit", lang), labels.label("col.level", lang),
               messages.text("page.col_parent", lang), messages.text("page.col_children", lang)]
    rows = []
    for unit_id in order:
        parent = wb.units.parent(unit_id)
        kids = [u for u in wb.units.children(unit_id) if u in present]
        cells = [_link(wb, unit_id),
                 html.escape(labels.label(f"level.{wb.units.level(unit_id)}", lang)),
                 _link(wb, parent) if parent in present else "",
                 " · ".join(_link(wb, u) for u in kids)]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    note = html.escape(messages.text("page.units_note", lang))
    return HTML(pages.heading(2, "units", messages.text("page.units", lang))
                + f"<p class='cchc-sub'>{note}</p><table class='cchc-table cchc-units'>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def lineage_notes(units: Units, unit_id: str, lang: str = "vi") -> list[str]:
    """What a page says about a unit's place in time: the unit that took it over and
    when, or that it ended without one; the units it was formed from and when.

    >>> lineage_notes(units, "phuong-lao-cai-2025", "en")[0][:60]
    'This unit was formed on 1 July 2025 from Phường Duyên Hải, P'
    >>> lineage_notes(units, "bat-xat", "vi")
    ['Đơn vị đã kết thúc ngày 30/06/2025, không có đơn vị kế thừa.']
    """
    notes = []
    start, end = units.valid_from(unit_id), units.valid_to(unit_id)
    before = units.predecessors(unit_id)
    if before:
        day = start if start is not None else units.valid_to(before[0]) + pd.Timedelta(days=1)
        notes.append(messages.text("ui.formed_from", lang, day=messages.format_day(day, lang),
                                   units=", ".join(units.name(u) for u in before)))
    if end is not None:
        successor = units.successor(unit_id)
        if successor is None:
            notes.append(messages.text("ui.ended", lang, end=messages.format_day(end, lang)))
        else:
            notes.append(messages.text(
                "ui.merged_into", lang, end=messages.format_day(end, lang),
                day=messages.format_day(end + pd.Timedelta(days=1), lang),
                unit=units.name(successor)))
    return notes


def programme_notes(catalogue: Catalogue, period: str, lang: str = "vi") -> list[str]:
    """The programme's closing assessment (its target year), or the note that it has
    ended and values are compared with the last target in force.

    >>> from cchc.spec.catalogue import load_catalogue
    >>> programme_notes(load_catalogue(), "2026Q3", "en")[0][:46]
    'The 2021-2025 programme ended in 2025; 2026 ha'
    """
    year = Period.parse(period).year
    if catalogue.after_programme(year):
        return [messages.text("ui.after_programme", lang, programme=catalogue.programme_id,
                              year=str(catalogue.target_year), this=str(year))]
    if str(period) == str(catalogue.target_year):
        return [messages.text("ui.final_report", lang, programme=catalogue.programme_id,
                              year=str(catalogue.target_year), base=str(catalogue.base_year))]
    return []


def show_indicators(wb: Workbook) -> HTML:
    """The province's result for each indicator of the programme (the provinces side by
    side before a merger): achieved or not, score, measures achieved."""
    results = wb.of_units(wb.provinces)
    scores = wb.evaluation.scores
    scores = scores[scores["unit_id"].isin(wb.provinces)]
    names = {u: wb.units.name(u) for u in wb.provinces}
    frame = tables.table_indicators(results, scores, wb.catalogue, wb.lang, names)
    title = labels.label("title.indicators", wb.lang).format(n=len(wb.catalogue.indicators))
    return HTML(pages.heading(2, "indicators", title) + tables.to_html(frame))


def previous_results(wb: Workbook) -> pd.DataFrame | None:
    """The previous period's rows of the evaluation (cached like this one's), or None: no
    period before, or its evaluation cannot be made."""
    before = Period.parse(wb.period).previous()
    if before is None:
        return None
    try:
        evaluation = load_evaluation(wb.data_dir or paths.SAMPLE_DIR, str(before),
                                     programme=wb.programme or None)
    except CchcError:
        return None
    return evaluation.results


def show_cards(wb: Workbook) -> HTML:
    """The headline, first: measures met this period (of those with a value), on track for
    2025, what changed since the previous period, tasks overdue — for the unit, or each
    province of the overview.

    >>> from cchc.spec.catalogue import load_catalogue
    >>> page = show_cards(Workbook("bat-xat", "2024Q3", "en", ev, units, load_catalogue(),
    ...                            data_dir=sample)).data
    >>> page.count('class="cchc-card '), "since 2024 Q2" in page
    (4, True)
    """
    lang = wb.lang
    before = previous_results(wb)
    previous = Period.parse(wb.period).previous()
    overdue = _tasks_of(wb)
    parts = []
    for unit_id in wb.provinces:
        now = wb.of_units([unit_id])
        past = None if before is None else before[before["unit_id"] == unit_id]
        c = pages.headline_counts(now, past if past is not None and len(past) else None)
        items = [("met", f"{c['met']} / {c['with_value']}", messages.text("card.met", lang),
                  messages.text("card.met_of", lang, n=c["with_value"])),
                 ("on_track", f"{c['on_track']} / {c['assessed']}",
                  messages.text("card.on_track", lang),
                  messages.text("card.on_track_of", lang, n=c["assessed"]))]
        if "gained" in c:
            items.append(("changed", messages.text("card.changed_figure", lang, **c),
                          messages.text("card.changed", lang,
                                        period=labels.period_label(str(previous), lang)),
                          messages.text("card.changed_note", lang, **c)))
        elif (before is not None and wb.units.predecessors(unit_id)
              and wb.units.valid_from(unit_id) is not None):
            # formed in this period from others: the previous period is theirs, not its own
            start = labels.date_label(wb.units.valid_from(unit_id), lang)
            items.append(("changed", MISSING, messages.text("card.new_unit", lang, date=start),
                          messages.text("card.new_unit_note", lang)))
        else:
            items.append(("changed", MISSING, messages.text("card.no_previous", lang), ""))
        tasks = overdue[overdue["lead"] == unit_id] if wb.scope else overdue
        if len(wb.evaluation.tasks):
            items.append(("overdue", str(int((tasks["state"] == "overdue").sum())),
                          messages.text("card.overdue", lang),
                          messages.text("card.overdue_note", lang, date=labels.date_label(
                              Period.parse(wb.period).end, lang))))
        heading = (f"<h3>{html.escape(wb.units.name(unit_id))}</h3>"
                   if len(wb.provinces) > 1 else "")
        parts.append(heading + pages.cards(items, lang))
    return HTML("".join(parts))


def _tasks_of(wb: Workbook) -> pd.DataFrame:
    """The tasks the page's units carry (their own and their predecessors'), with the
    unit carrying each (``lead``)."""
    carried = carried_by(wb.units)
    carried = carried[carried["unit_id"].isin(wb.provinces)]
    tasks = wb.evaluation.tasks
    lead = dict(zip(carried["member_id"], carried["unit_id"], strict=True))
    own = tasks[tasks["unit_id"].isin(carried["member_id"]).to_numpy()]
    return own.assign(lead=own["unit_id"].map(lead))


def show_headline(wb: Workbook) -> HTML:
    """Counts of measures by status and the group scores (each province's, before a
    merger of provinces)."""
    scores = wb.evaluation.scores
    parts = []
    for unit_id in wb.provinces:
        frame = tables.table_headline(wb.of_units([unit_id]),
                                      scores[scores["unit_id"] == unit_id], wb.lang,
                                      wb.catalogue)
        heading = (f"<h3>{html.escape(wb.units.name(unit_id))}</h3>"
                   if len(wb.provinces) > 1 else "")
        parts.append(heading + tables.to_html(frame))
    return HTML(pages.heading(2, "headline", labels.label("ui.headline", wb.lang))
                + "".join(parts))


def chart_status(wb: Workbook) -> alt.TopLevelMixin:
    return charts.chart_status_summary(wb.results, wb.lang)


def show_group(wb: Workbook, group_id: str) -> HTML:
    """A group's heading and the table of its applicable measures."""
    group = next(g for g in wb.catalogue.groups if g.id == group_id)
    name = group.name_vi if wb.lang == "vi" else group.name_en
    frame = tables.table_measures(wb.results, wb.catalogue, wb.lang, group=group_id)
    body = (pages.marked_table(frame, _marks(wb, frame)) if len(frame)
            else f"<p>{html.escape(labels.label('ui.no_applicable', wb.lang))}</p>")
    return HTML(pages.heading(2, f"group-{group_id}", f"{group_id}. {name}") + body)


def _marks(wb: Workbook, frame: pd.DataFrame) -> dict[str, list[tuple[str, str] | None]]:
    """The colours of a measures table's two marks, row by row: this period (met) and the
    trend (status; none where the row shows no status)."""
    rows = wb.results.set_index("measure_id").loc[frame.iloc[:, 0]]
    met = rows["met"] if "met" in rows else pd.Series(None, index=rows.index, dtype=object)
    period = [None if pd.isna(v) else (theme.MET_COLOURS[theme.met_key(m)],
                                       theme.MET_TEXT_COLOURS[theme.met_key(m)])
              for m, v in zip(met, rows["value"], strict=True)]
    trend = [None if s in ("no_data", "not_applicable") else
             (theme.STATUS_COLOURS[s], theme.STATUS_TEXT_COLOURS[s])
             for s in rows["status"].fillna("no_data")]
    period_col, trend_col = frame.columns[5], frame.columns[6]
    return {period_col: period, trend_col: trend}


def chart_bullet(wb: Workbook, group_id: str | None = None,
                 highlight: str = "") -> alt.TopLevelMixin:
    """The unit's measures against their targets (of a group, or all); ``highlight`` marks
    one measure (the dashboard's drill from a heatmap cell)."""
    results = wb.applicable
    if group_id:
        results = results[results["group_id"] == group_id]
    return charts.chart_bullet(results, wb.lang, wb.catalogue, highlight=highlight)


def chart_trends(wb: Workbook, group_id: str | None = None) -> alt.TopLevelMixin:
    series = wb.evaluation.series
    series = series[series["unit_id"] == wb.unit_id]
    results = wb.applicable
    if group_id:
        results = results[results["group_id"] == group_id]
        series = series[series["measure_id"].isin(results["measure_id"])]
    return charts.chart_trends(series, results, wb.lang)


def chart_rank(wb: Workbook) -> alt.TopLevelMixin:
    """The unit among its siblings, by overall score."""
    scores = wb.evaluation.scores
    overall = scores[(scores["kind"] == "overall") & scores["unit_id"].isin(wb.siblings)]
    overall = overall.assign(unit_name=overall["unit_id"].map(wb.units.name))
    return charts.chart_ranking(overall, wb.lang, highlight=wb.unit_id)


def chart_contacts(wb: Workbook) -> alt.TopLevelMixin:
    contacts = wb.evaluation.contacts
    return charts.chart_contacts(contacts[contacts["unit_id"] == wb.unit_id], wb.lang)


def chart_children(wb: Workbook) -> alt.TopLevelMixin | HTML:
    """The unit's children side by side (units × measures by status); nothing for a unit
    without children (its heading says so)."""
    if not wb.children:
        return HTML("")
    return charts.chart_heatmap(wb.of_units(wb.children), wb.lang, wb.catalogue)


def show_children_heading(wb: Workbook) -> HTML:
    if not wb.children:
        return HTML(f"<p>{html.escape(labels.label('ui.no_children', wb.lang))}</p>")
    return HTML(pages.heading(2, "children", labels.label("ui.children", wb.lang)))


def show_glossary(wb: Workbook) -> HTML:
    """What the page's statuses, marks and scores mean, in the page's language.

    >>> from cchc.spec.catalogue import load_catalogue
    >>> page = show_glossary(Workbook("bat-xat", "2024Q3", "en", ev, units, load_catalogue()))
    >>> "R ≥ 0.95: on track for the 2025 target." in page.data
    True
    """
    lang = wb.lang
    items = "".join(
        f"<dt>{html.escape(labels.status_label(s, lang))}</dt>"
        f"<dd>{html.escape(messages.text(f'gloss.{s}', lang))}</dd>" for s in STATUS_ORDER)
    few = messages.text("gloss.few_records", lang, n=wb.catalogue.small_sample.records)
    return HTML(pages.heading(2, "glossary", messages.text("gloss.title", lang))
                + f"<p>{html.escape(messages.text('gloss.intro', lang))}</p>"
                + f"<dl class='cchc-glossary'>{items}</dl>"
                + f"<p>{html.escape(messages.text('gloss.score', lang))}</p>"
                + f"<p>{html.escape(few)}</p>")


# --------------------------------------------------------------------------- overview


def overview_units(wb: Workbook) -> list[str]:
    """The units the overview compares: the province's departments and districts (or,
    since July 2025, communes); every province's, before a merger of provinces."""
    present = wb.present
    return [u for p in wb.provinces for u in wb.units.children(p) if u in present]


def chart_overview_heatmap(wb: Workbook) -> alt.TopLevelMixin:
    return charts.chart_heatmap(wb.of_units(overview_units(wb)), wb.lang, wb.catalogue)


def _local_units(wb: Workbook) -> list[str]:
    """The overview's local units: the districts, or the communes where there are none."""
    units = overview_units(wb)
    districts = [u for u in units if wb.units.level(u) == "district"]
    return districts or [u for u in units if wb.units.level(u) == "commune"]


def chart_district_scores(wb: Workbook) -> alt.TopLevelMixin:
    scores = wb.evaluation.scores
    districts = _local_units(wb)
    frame = scores[(scores["kind"] == "group") & scores["unit_id"].isin(districts)]
    return charts.chart_group_scores(frame.assign(unit_name=frame["unit_id"].map(wb.units.name)),
                                     wb.lang)


def chart_district_ranking(wb: Workbook) -> alt.TopLevelMixin:
    scores = wb.evaluation.scores
    districts = _local_units(wb)
    frame = scores[(scores["kind"] == "overall") & scores["unit_id"].isin(districts)]
    return charts.chart_ranking(frame.assign(unit_name=frame["unit_id"].map(wb.units.name)),
                                wb.lang)


def show_published_indices(wb: Workbook) -> HTML:
    frame = tables.table_published_indices(in_language(load_published_indices(), wb.lang),
                                           wb.lang)
    title = labels.label("title.published_indices", wb.lang)
    note = html.escape(labels.label("ui.published_indices_note", wb.lang))
    return HTML(pages.heading(2, "published", title) + f"<p>{note}</p>"
                + pages.linkify(tables.to_html(frame)))


def chart_published_indices(wb: Workbook) -> alt.TopLevelMixin:
    return charts.chart_published_indices(in_language(load_published_indices(), wb.lang),
                                          wb.lang)


# --------------------------------------------------------------------------- tasks


def _task_names(wb: Workbook) -> dict[str, str]:
    return wb.units.frame["name"].astype(str).to_dict()


def _period_shares(wb: Workbook) -> pd.DataFrame:
    """Per unit, the share of the tasks due in the period done on time (rolled up)."""
    period = Period.parse(wb.period)
    shares = compute_task_shares(wb.evaluation.tasks, wb.units, period.end,
                                 "quarter" if period.is_quarter else "year")
    return shares[shares["period"] == wb.period]


def show_tasks(wb: Workbook) -> HTML:
    """The unit's tasks as of the period's last day: a heading, the count of each state,
    and the tasks still open or completed in the period, overdue first (oldest first).

    The unit's tasks are those it leads and those of the units it took over.
    """
    title = pages.heading(2, "tasks", labels.label("title.tasks", wb.lang))
    tasks = wb.evaluation.tasks
    carried = carried_by(wb.units)
    members = carried.loc[carried["unit_id"] == wb.unit_id, "member_id"]
    own = tasks[tasks["unit_id"].isin(members).to_numpy()]
    period = Period.parse(wb.period)
    counts = own["state"].value_counts()
    summary = messages.text(
        "ui.tasks_summary", wb.lang, date=labels.date_label(period.end, wb.lang),
        days=DUE_WITHIN_DAYS, **{s: int(counts.get(s, 0)) for s in TASK_STATES})
    shown = own[own["state"].isin(OPEN_STATES).to_numpy()
                | (own["done_on"] >= pd.Timestamp(period.start)).fillna(False).to_numpy()]
    if shown.empty:
        body = f"<p>{html.escape(labels.label('ui.no_tasks', wb.lang))}</p>"
    else:
        frame = tables.table_tasks(shown, wb.lang, _task_names(wb))
        body = (f"<p class='cchc-sub'>{html.escape(labels.label('ui.tasks_listed', wb.lang))}"
                f"</p>{tables.to_html(frame)}")
    return HTML(f"{title}<p>{html.escape(summary)}</p>{body}")


def task_units(wb: Workbook) -> list[str]:
    """The units whose tasks a workbook compares: the unit's children in the period."""
    return wb.children


def show_task_units(wb: Workbook) -> HTML:
    """Tasks of the units under this one by state, rolled up, most overdue first, with
    the share of the tasks due in the period done on time; nothing without children."""
    kids = task_units(wb)
    if not kids:
        return HTML("")
    counts = compute_task_counts(wb.evaluation.tasks, wb.units)
    counts = counts[counts["unit_id"].isin(kids)]
    frame = tables.table_task_counts(counts, wb.lang, _task_names(wb), _period_shares(wb))
    title = pages.heading(2, "task-units", labels.label("title.task_units", wb.lang))
    note = html.escape(labels.label("ui.task_units_note", wb.lang))
    return HTML(f"{title}<p class='cchc-sub'>{note}</p>{tables.to_html(frame)}")


def chart_task_units(wb: Workbook) -> alt.TopLevelMixin | HTML:
    """The units under this one, one bar of task states each, most overdue first; nothing
    without units under it."""
    if not task_units(wb):
        return HTML("")
    counts = compute_task_counts(wb.evaluation.tasks, wb.units)
    counts = counts[counts["unit_id"].isin(task_units(wb))]
    counts = counts.assign(_rank=range(len(counts))).sort_values(
        ["overdue", "_rank"], ascending=[False, True], kind="stable")
    return charts.chart_task_states(counts, wb.lang, _task_names(wb))


# --------------------------------------------------------------------------- indices


@dataclass(frozen=True)
class IndexView:
    """An index of ``params/indices/`` for a workbook's period, or why there is none."""

    definition: IndexDefinition
    evaluation: IndexEvaluation | None
    problem: CchcError | None = None

    def rows(self, unit_id: str) -> pd.DataFrame:
        if self.evaluation is None:
            return pd.DataFrame()
        scores = self.evaluation.scores
        return scores[scores["unit_id"] == unit_id]


def open_index(wb: Workbook, index_id: str = "766") -> IndexView:
    """The index for the workbook's unit and period (cached, like the evaluation); a
    problem of the data or the period is kept to be shown, never raised in a cell.

    Read once per workbook, as its evaluation is: every cell of a workbook shows the
    same state of the data (and the index's seven cells look its cache up once).
    """
    if index_id not in wb.indices:
        definition = load_index(index_id)
        try:
            view = IndexView(definition, load_index_evaluation(
                wb.data_dir or paths.SAMPLE_DIR, index_id, wb.period))
        except CchcError as exc:
            view = IndexView(definition, None, exc)
        wb.indices[index_id] = view
    return wb.indices[index_id]


def _name(record, lang: str) -> str:
    return record.name_vi if lang == "vi" else record.name_en


def show_index_heading(wb: Workbook, index_id: str = "766") -> HTML:
    """The index's name and edition (how it is scored), the day the records go up to, and
    the criteria without data."""
    ix = open_index(wb, index_id)
    title = pages.heading(2, f"index-{index_id}", _name(ix.definition, wb.lang))
    edition = html.escape(ix.definition.edition_vi if wb.lang == "vi"
                          else ix.definition.edition_en)
    parts = [f"{title}<p class='cchc-sub'>{edition}</p>"]
    if ix.problem is not None:
        return HTML(parts[0] + show_error(ix.problem, wb.lang).data)
    rows = ix.rows(wb.unit_id)
    if rows.empty:
        return HTML(parts[0] + f"<p>{html.escape(labels.label('index.not_scored', wb.lang))}"
                    "</p>")
    if ix.evaluation.as_of:
        # the day this period is judged at: its end, or the last record if that is earlier
        judged = min(ix.evaluation.as_of, Period.parse(wb.period).end.isoformat())
        as_of = labels.label("index.as_of", wb.lang).format(date=judged)
        parts.append(f"<p class='cchc-note'>{html.escape(as_of)}</p>")
    criteria = rows[(rows["criterion_id"] != "") & rows["points"].isna()]
    if len(criteria):
        names = ", ".join(_name(ix.definition.criterion(c), wb.lang)
                          for c in criteria["criterion_id"])
        text = labels.label("index.missing_criteria", wb.lang).format(names=names)
        parts.append(f"<p class='cchc-note'>{html.escape(text)}</p>")
    return HTML("".join(parts))


def chart_index_groups(wb: Workbook, index_id: str = "766") -> alt.TopLevelMixin:
    """The unit's points against the maximum, a segment per group (a 100-point bar)."""
    ix = open_index(wb, index_id)
    rows = ix.rows(wb.unit_id)
    return charts.chart_index_groups(rows.assign(unit_name=wb.units.name(wb.unit_id))
                                     if len(rows) else rows, ix.definition, wb.lang)


def chart_index_losses(wb: Workbook, index_id: str = "766") -> alt.TopLevelMixin:
    """Where the unit loses points, largest loss first."""
    ix = open_index(wb, index_id)
    rows = ix.rows(wb.unit_id)
    return charts.chart_index_losses(rows.assign(unit_name=wb.units.name(wb.unit_id))
                                     if len(rows) else rows, ix.definition, wb.lang)


def show_index_losses(wb: Workbook, index_id: str = "766") -> HTML:
    """The same as a table: rate, points, points lost, what full points would need."""
    ix = open_index(wb, index_id)
    frame = tables.table_index_losses(ix.rows(wb.unit_id), ix.definition, wb.lang)
    if frame.empty:
        key = "index.nothing_lost" if not ix.rows(wb.unit_id).empty else "ui.no_data"
        return HTML(f"<p>{html.escape(labels.label(key, wb.lang))}</p>")
    return HTML(tables.to_html(frame))


def index_ranking_units(wb: Workbook, ix: IndexView) -> list[str]:
    """The units ranked with this one: every unit of its level the index scores."""
    if ix.evaluation is None:
        return []
    level = wb.units.level(wb.unit_id)
    levels = wb.units.frame["level"].to_dict()  # one lookup table, not one .at per unit
    scored = dict.fromkeys(ix.evaluation.scores["unit_id"].tolist())
    return [u for u in scored if levels[u] == level]


def show_index_ranking(wb: Workbook, index_id: str = "766") -> HTML:
    """The ranking of the units of the unit's level on the index's total, like the portal's."""
    ix = open_index(wb, index_id)
    ranked = index_ranking_units(wb, ix)
    title = html.escape(labels.label("title.index_ranking", wb.lang))
    if not ranked:
        return HTML(f"<h3>{title}</h3><p>{html.escape(labels.label('ui.no_data', wb.lang))}</p>")
    scores = ix.evaluation.scores
    frame = tables.table_index_ranking(scores[scores["unit_id"].isin(ranked)], ix.definition,
                                       wb.units.frame["name"].to_dict(), wb.lang, wb.unit_id)
    level = html.escape(labels.label(f"level.{wb.units.level(wb.unit_id)}", wb.lang))
    return HTML(f"<h3>{title} — {level}</h3>" + tables.to_html(frame))


def chart_index_trend(wb: Workbook, index_id: str = "766") -> alt.TopLevelMixin:
    """The unit's points by month, stacked by group."""
    ix = open_index(wb, index_id)
    trend = ix.evaluation.trend if ix.evaluation is not None else pd.DataFrame()
    rows = trend[trend["unit_id"] == wb.unit_id] if len(trend) else trend
    return charts.chart_index_trend(rows.assign(unit_name=wb.units.name(wb.unit_id))
                                    if len(rows) else rows, ix.definition, wb.lang)


def show_index_published(wb: Workbook, index_id: str = "766") -> HTML:
    """The province's published totals, with their sources, beside the totals computed from
    the data for the same months (the root unit's)."""
    ix = open_index(wb, index_id)
    computed: dict[str, float] = {}
    if ix.evaluation is not None and len(ix.evaluation.trend):
        trend = ix.evaluation.trend
        root = trend[(trend["unit_id"] == wb.units.root) & (trend["group_id"] == "total")]
        computed = dict(zip(root["period"].astype(str), root["points"], strict=True))
    frame = tables.table_index_published(load_published_indices(), computed, wb.lang)
    title = html.escape(labels.label("title.index_published", wb.lang))
    note = html.escape(labels.label("index.published_note", wb.lang))
    return HTML(f"<h3>{title}</h3><p class='cchc-note'>{note}</p>"
                + pages.linkify(tables.to_html(frame)))
