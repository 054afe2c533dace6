"""What the notebooks call: one function per artefact (a heading, a table, a chart).

The unit workbook, the province overview and the Voila dashboard all go through here,
so a papermill workbook and a dashboard show the same thing for the same parameters.
Functions return displayable objects (``IPython.display.HTML`` or ``alt.Chart``);
nothing here prints.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import altair as alt
import pandas as pd
from IPython.display import HTML

from cchc import paths
from cchc.engine.cache import load_evaluation, load_index_evaluation
from cchc.engine.index import IndexEvaluation
from cchc.engine.results import Evaluation
from cchc.errors import CchcError, ParameterError
from cchc.present import charts, labels, tables
from cchc.sources.dataset import load_data
from cchc.sources.published import load_published_indices
from cchc.spec.catalogue import Catalogue, load_catalogue
from cchc.spec.indices import IndexDefinition, load_index
from cchc.spec.periods import Period
from cchc.spec.units import Units


def use_offline_svg() -> None:
    """Render Altair charts as static SVG through vl-convert: no CDN, byte-stable.

    In IPython, charts are displayed by a formatter that skips Altair's schema
    validation at display time (half the cost of ``to_dict``; the chart functions are
    validated by the tests); elsewhere Altair's own ``svg`` renderer is used.
    """
    alt.renderers.enable("svg")
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, svg_bundle)


def svg_bundle(chart: alt.TopLevelMixin, include=None, exclude=None) -> dict[str, str]:
    """The MIME bundle of a chart as static SVG (vl-convert, no network)."""
    import vl_convert as vlc

    return {"image/svg+xml": vlc.vegalite_to_svg(chart.to_dict(validate=False))}


@dataclass(frozen=True)
class Workbook:
    """A unit, a period and a language, with the evaluation they are read from."""

    unit_id: str
    period: str
    lang: str
    evaluation: Evaluation
    units: Units
    catalogue: Catalogue
    #: the data folder the evaluation was read from (the indices are read from it too)
    data_dir: Path | None = None

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

    @property
    def children(self) -> list[str]:
        present = set(self.evaluation.results["unit_id"])
        return [u for u in self.units.children(self.unit_id) if u in present]

    @property
    def siblings(self) -> list[str]:
        present = set(self.evaluation.results["unit_id"])
        return [u for u in self.units.siblings(self.unit_id) if u in present]


def open_workbook(unit_id: str, period: str, data_dir: str | Path, lang: str = "vi"
                  ) -> Workbook:
    """Check the parameters and load the evaluation (cached) for one unit.

    Raises ParameterError / SourceError with a clear message for bad parameters or data.
    """
    labels.check_lang(lang)
    period = str(Period.parse(str(period)))
    data_dir = data_dir or paths.SAMPLE_DIR
    if not Path(data_dir).is_dir():
        raise ParameterError.one("data_dir", "no_data_folder", data_dir)
    evaluation = load_evaluation(data_dir, period)
    units = load_data(data_dir, tables=()).units
    units.check(str(unit_id))
    if unit_id not in set(evaluation.results["unit_id"]):
        raise ParameterError.one("unit_id", "unit_not_in_period", unit_id, period=period)
    return Workbook(str(unit_id), period, lang, evaluation, units, load_catalogue(),
                    Path(data_dir))


def open_overview(period: str, data_dir: str | Path, lang: str = "vi") -> Workbook:
    """The province (the root of the unit tree) for the overview."""
    data_dir = data_dir or paths.SAMPLE_DIR
    if not Path(data_dir).is_dir():
        raise ParameterError.one("data_dir", "no_data_folder", data_dir)
    root = load_data(data_dir, tables=()).units.root
    return open_workbook(root, period, data_dir, lang)


def show_error(error: CchcError, lang: str = "vi") -> HTML:
    """A friendly box listing the problems (for dashboards: never a traceback)."""
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in error.problems)
    title = html.escape(labels.label("ui.error_title", lang))
    return HTML(f'<div class="cchc-error" role="alert"><strong>{title}</strong>'
                f"<ul>{items}</ul></div>")


def show_title(wb: Workbook) -> HTML:
    """Heading with the unit, its level and the period; the synthetic-data banner first."""
    banner = ""
    if wb.evaluation.synthetic:
        banner = (f'<div class="cchc-synthetic" role="note">'
                  f"{html.escape(labels.label('ui.synthetic_banner', wb.lang))}</div>")
    name = html.escape(wb.units.name(wb.unit_id))
    level = html.escape(labels.label(f"level.{wb.units.level(wb.unit_id)}", wb.lang))
    path = " › ".join(html.escape(wb.units.name(u)) for u in wb.units.path(wb.unit_id)[:-1])
    subtitle = html.escape(labels.label("ui.period", wb.lang))
    return HTML(f"{banner}<h1>{name}</h1><p class='cchc-sub'>{level}"
                f"{' — ' + path if path else ''} · {subtitle}: "
                f"<b>{html.escape(labels.period_label(wb.period, wb.lang))}</b></p>")


def show_headline(wb: Workbook) -> HTML:
    """Counts of measures by status and the group scores."""
    scores = wb.evaluation.scores
    frame = tables.table_headline(wb.results, scores[scores["unit_id"] == wb.unit_id], wb.lang)
    return HTML(f"<h2>{html.escape(labels.label('ui.headline', wb.lang))}</h2>"
                + tables.to_html(frame))


def chart_status(wb: Workbook) -> alt.TopLevelMixin:
    return charts.chart_status_summary(wb.results, wb.lang)


def show_group(wb: Workbook, group_id: str) -> HTML:
    """A group's heading and the table of its applicable measures."""
    group = next(g for g in wb.catalogue.groups if g.id == group_id)
    name = group.name_vi if wb.lang == "vi" else group.name_en
    frame = tables.table_measures(wb.results, wb.catalogue, wb.lang, group=group_id)
    body = (tables.to_html(frame) if len(frame)
            else f"<p>{html.escape(labels.label('ui.no_applicable', wb.lang))}</p>")
    return HTML(f"<h2>{html.escape(group_id)}. {html.escape(name)}</h2>{body}")


def chart_bullet(wb: Workbook, group_id: str | None = None) -> alt.TopLevelMixin:
    results = wb.applicable
    if group_id:
        results = results[results["group_id"] == group_id]
    return charts.chart_bullet(results, wb.lang)


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


def chart_children(wb: Workbook) -> alt.TopLevelMixin:
    """The unit's children side by side (units × measures by status)."""
    return charts.chart_heatmap(wb.of_units(wb.children), wb.lang)


def show_children_heading(wb: Workbook) -> HTML:
    if not wb.children:
        return HTML(f"<p>{html.escape(labels.label('ui.no_children', wb.lang))}</p>")
    return HTML(f"<h2>{html.escape(labels.label('ui.children', wb.lang))}</h2>")


# --------------------------------------------------------------------------- overview


def overview_units(wb: Workbook) -> list[str]:
    """The units the overview compares: the province's departments and districts."""
    return wb.children


def chart_overview_heatmap(wb: Workbook) -> alt.TopLevelMixin:
    return charts.chart_heatmap(wb.of_units(overview_units(wb)), wb.lang)


def chart_district_scores(wb: Workbook) -> alt.TopLevelMixin:
    scores = wb.evaluation.scores
    districts = [u for u in wb.children if wb.units.level(u) == "district"]
    frame = scores[(scores["kind"] == "group") & scores["unit_id"].isin(districts)]
    return charts.chart_group_scores(frame.assign(unit_name=frame["unit_id"].map(wb.units.name)),
                                     wb.lang)


def chart_district_ranking(wb: Workbook) -> alt.TopLevelMixin:
    scores = wb.evaluation.scores
    districts = [u for u in wb.children if wb.units.level(u) == "district"]
    frame = scores[(scores["kind"] == "overall") & scores["unit_id"].isin(districts)]
    return charts.chart_ranking(frame.assign(unit_name=frame["unit_id"].map(wb.units.name)),
                                wb.lang)


def show_published_indices(wb: Workbook) -> HTML:
    frame = tables.table_published_indices(load_published_indices(), wb.lang)
    title = html.escape(labels.label("title.published_indices", wb.lang))
    note = html.escape(labels.label("ui.published_indices_note", wb.lang))
    return HTML(f"<h2>{title}</h2><p>{note}</p>" + tables.to_html(frame))


def chart_published_indices(wb: Workbook) -> alt.TopLevelMixin:
    return charts.chart_published_indices(load_published_indices(), wb.lang)


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
    problem of the data or the period is kept to be shown, never raised in a cell."""
    definition = load_index(index_id)
    try:
        evaluation = load_index_evaluation(wb.data_dir or paths.SAMPLE_DIR, index_id, wb.period)
    except CchcError as exc:
        return IndexView(definition, None, exc)
    return IndexView(definition, evaluation)


def _name(record, lang: str) -> str:
    return record.name_vi if lang == "vi" else record.name_en


def show_index_heading(wb: Workbook, index_id: str = "766") -> HTML:
    """The index's name and edition (how it is scored), the day the records go up to, and
    the criteria without data."""
    ix = open_index(wb, index_id)
    title = html.escape(_name(ix.definition, wb.lang))
    edition = html.escape(ix.definition.edition_vi if wb.lang == "vi"
                          else ix.definition.edition_en)
    parts = [f"<h2>{title}</h2><p class='cchc-sub'>{edition}</p>"]
    if ix.problem is not None:
        return HTML(parts[0] + show_error(ix.problem, wb.lang).data)
    rows = ix.rows(wb.unit_id)
    if rows.empty:
        return HTML(parts[0] + f"<p>{html.escape(labels.label('index.not_scored', wb.lang))}"
                    "</p>")
    if ix.evaluation.as_of:
        as_of = labels.label("index.as_of", wb.lang).format(date=ix.evaluation.as_of)
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
    scored = dict.fromkeys(ix.evaluation.scores["unit_id"])
    return [u for u in scored if wb.units.level(u) == level]


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
    return HTML(f"<h3>{title}</h3><p class='cchc-note'>{note}</p>" + tables.to_html(frame))
