"""Charts of an evaluation: ``chart_*`` functions that return Altair charts.

Every function takes tables of :class:`cchc.results.Evaluation` (or a slice of them),
labels everything through :mod:`cchc.labels` in ``lang`` (``"vi"`` or ``"en"``), and
returns a chart value: it never displays, saves or renders. Styling comes from the one
theme in :mod:`cchc.theme`; status colours are the same in every chart.

Charts are deterministic: the data are sorted explicitly, every sort order is passed to
Altair as a list, and the only parameter has a fixed name, so ``chart.to_dict()`` is the
same in every process. An empty or all-missing input gives a chart that says "no data"
in a text mark instead of raising.

>>> chart = chart_status_summary(ev.results.query("unit_id == 'lao-cai'"))
>>> chart.to_dict()["title"]["text"]
'Số chỉ số theo tình trạng'
"""

from __future__ import annotations

import functools
import inspect
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import altair as alt
import numpy as np
import pandas as pd

from cchc import messages
from cchc.errors import ParameterError
from cchc.present.labels import (
    MISSING,
    check_lang,
    contacts_label,
    default_catalogue,
    format_number,
    group_name,
    label,
    measure_label,
    measure_name,
    measure_sort_key,
    met_label,
    number_or_none,
    status_label,
    task_state_label,
)
from cchc.present.theme import (
    CONTACT_COLOURS,
    FINAL_TARGET_MARK,
    HIGHLIGHT,
    MET_TEXT_COLOURS,
    MUTED,
    OKABE_ITO,
    SERIES_COLOURS,
    SERIES_DASHES,
    SMALL_HEIGHT,
    SMALL_WIDTH,
    STATUS_COLOURS,
    STEP,
    SUBTLE_TEXT,
    TARGET_MARK,
    TASK_COLOURS,
    WIDTH,
    met_key,
    met_scale,
    status_scale,
)
from cchc.spec.catalogue import Catalogue, target_level
from cchc.spec.counts import CONTACT_BINS
from cchc.spec.indices import IndexDefinition
from cchc.spec.statuses import STATUS_ORDER
from cchc.spec.tasks import TASK_STATES

T = TypeVar("T", bound=alt.TopLevelMixin)

#: The point selection on the heatmap; dashboards read it for click-through.
UNIT_PICK = "unit_pick"
CONTACT_CLASSES: tuple[str, ...] = CONTACT_BINS
SERIES_KEYS: tuple[str, ...] = ("actual", "target_path", "projection")

__all__ = [
    "UNIT_PICK",
    "chart_bullet",
    "chart_contacts",
    "chart_group_scores",
    "chart_heatmap",
    "chart_index_groups",
    "chart_index_losses",
    "chart_index_trend",
    "chart_no_data",
    "chart_published_indices",
    "chart_ranking",
    "chart_status_summary",
    "chart_task_states",
    "chart_trend",
    "chart_trends",
    "index_losses",
    "score_scale",
    "target_schedule",
]


# --- shared pieces --------------------------------------------------------------------


def _texts(values: Iterable[object], lang: str, decimals: int = 1) -> list[str]:
    return [format_number(v, lang, decimals) for v in values]


def _floats(values: Iterable[object]) -> list[float | None]:
    return [number_or_none(v) for v in values]


def _title(
    key: str, lang: str, subtitle: str | Sequence[str] | None = None, text: str | None = None
) -> alt.TitleParams:
    title = text if text is not None else label(key, lang)
    if subtitle:
        return alt.TitleParams(text=title, subtitle=subtitle)
    return alt.TitleParams(text=title)


def _is_empty(frame: pd.DataFrame | None) -> bool:
    return frame is None or len(frame) == 0


def _require(frame: pd.DataFrame, columns: Sequence[str], parameter: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError.one(parameter, "missing_columns", columns=", ".join(missing))


def _subtitle(frame: pd.DataFrame) -> str | None:
    """``"Bát Xát · 2024Q3"`` when the rows are one unit of one period."""
    parts = []
    for column in ("unit_name", "period"):
        if column in frame.columns:
            values = frame[column].dropna().unique()
            if len(values) == 1:
                parts.append(str(values[0]))
    return " · ".join(parts) or None


def _unit_labels(frame: pd.DataFrame, names: Mapping[str, str] | None = None) -> pd.Series:
    """A unique display name per unit: its name (from the frame or ``names``), with the
    id added where two units share a name."""
    ids = frame["unit_id"].astype(str)
    if "unit_name" in frame.columns:
        shown = frame["unit_name"].where(frame["unit_name"].notna(), ids).astype(str)
    else:
        shown = ids.map(lambda u: (names or {}).get(u, u))
    pairs = pd.DataFrame({"id": ids, "name": shown}).drop_duplicates()
    clash = set(pairs["name"][pairs["name"].duplicated(keep=False)])
    return pd.Series(
        [f"{n} ({i})" if n in clash else n for i, n in zip(ids, shown, strict=True)],
        index=frame.index,
    )


def _sorted_measures(ids: Iterable[str]) -> list[str]:
    return sorted(dict.fromkeys(ids), key=measure_sort_key)


def _safe_measure_name(measure_id: str, lang: str, catalogue: Catalogue | None) -> str:
    try:
        return measure_name(catalogue, measure_id, lang)
    except ParameterError:
        return measure_id


class _Layers(alt.LayerChart):
    """``alt.LayerChart`` for layers without parameters, built without the deep copies.

    Altair's constructor deep-copies every layer twice to merge the layers' selection
    parameters, and runs again on every copy it makes (one per ``to_dict``): a third of a
    workbook's chart time. Layers without parameters (every chart here but the heatmap,
    which keeps Altair's constructor) and without their own data or size have nothing to
    merge; the spec is the same (the tests compare specs and validate them). Their data
    frame is turned into inline values at once (:func:`_inline`)."""

    def __init__(self, data=alt.Undefined, layer=(), **kwargs) -> None:
        if any(getattr(chart, "params", alt.Undefined) is not alt.Undefined
               or getattr(chart, "data", alt.Undefined) is not alt.Undefined
               or getattr(chart, "width", alt.Undefined) is not alt.Undefined
               or getattr(chart, "height", alt.Undefined) is not alt.Undefined
               for chart in layer):
            super().__init__(data=data, layer=layer, **kwargs)
            return
        data = _inline(data) if isinstance(data, pd.DataFrame) else data
        alt.TopLevelLayerSpec.__init__(self, data=data, layer=list(layer), **kwargs)


def _inline(frame: pd.DataFrame) -> dict | pd.DataFrame:
    """A chart's frame as the inline values Altair makes of it (``sanitize`` then
    ``to_dict("records")``: missing and infinite numbers as None, numpy scalars as
    Python's), made column by column in a fraction of the time; a frame with other
    column types (dates, categories, nullable types) is left to Altair.

    >>> _inline(pd.DataFrame({"a": [1.5, float("nan")], "b": ["x", None], "c": [1, 2]}))
    {'values': [{'a': 1.5, 'b': 'x', 'c': 1}, {'a': None, 'b': None, 'c': 2}]}
    """
    columns = []
    for name, column in frame.items():
        if not isinstance(name, str):
            return frame
        kind = column.dtype.kind
        if kind == "f":
            values = column.to_numpy()
            columns.append([v if ok else None
                            for v, ok in zip(values.tolist(), np.isfinite(values).tolist(),
                                             strict=True)])
        elif kind in "iub":
            columns.append(column.to_numpy().tolist())
        elif kind == "O":
            columns.append([_native(v) for v in column.to_numpy().tolist()])
        else:
            return frame
    names = list(frame.columns)
    return {"values": [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
            if columns else [{} for _ in range(len(frame))]}


def _native(value: object) -> object:
    """An object cell as Altair writes it: missing as None, numpy values as Python's."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    return value


def _layer(*charts: alt.Chart, **properties) -> alt.LayerChart:
    """``alt.layer(*charts, **properties)``, without Altair's copies where it can
    (:class:`_Layers`)."""
    return _Layers(layer=charts, **properties)


def _set(chart: T, **properties) -> T:
    """``chart.properties(**properties)`` on a chart this module has just built, in place:
    Altair's ``properties`` copies the chart, and the copy of a layered chart runs its
    constructor again, which deep-copies every layer (most of a workbook's chart time);
    it also validates each value, which the tests do for every spec instead."""
    for key, value in properties.items():
        setattr(chart, key, value)
    return chart


def _tooltip(field: str, key: str, lang: str, kind: str = "N") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:{kind}", title=label(key, lang))


#: A chart that has nothing to draw says so in its spec's ``usermeta`` (pages show a
#: sentence instead of an empty box: :func:`is_no_data`).
NO_DATA_META = {"cchc": {"no_data": True}}
#: A chart printed on a landscape page of the PDF pack (wide: the heatmaps).
LANDSCAPE_META = {"cchc": {"landscape": True}}


def _described(key: str) -> Callable:
    """Give the charts of a ``chart_*`` function their one-sentence ``description`` (the
    alt text after the title, :func:`cchc.present.render.describe`), in the chart's
    language, unless the chart set its own (a chart with no data says so)."""

    def decorate(function: Callable) -> Callable:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def chart_function(*args, **kwargs):
            chart = function(*args, **kwargs)
            if getattr(chart, "description", alt.Undefined) is alt.Undefined:
                bound = signature.bind(*args, **kwargs)
                lang = bound.arguments.get("lang", signature.parameters["lang"].default)
                chart = _set(chart, description=label(key, lang))
            return chart

        return chart_function

    return decorate


def is_no_data(chart: alt.TopLevelMixin) -> bool:
    """Whether a chart only says that there is nothing to draw.

    >>> is_no_data(chart_no_data()), is_no_data(chart_status_summary(results_unit))
    (True, False)
    """
    meta = getattr(chart, "usermeta", alt.Undefined)
    return meta is not alt.Undefined and bool(dict(meta).get("cchc", {}).get("no_data"))


def chart_no_data(
    lang: str = "vi",
    title: alt.TitleParams | str | None = None,
    width: int = WIDTH,
    height: int = 60,
) -> alt.Chart:
    """A chart that says "Không có dữ liệu" / "No data" (what every chart returns for an
    empty input).

    >>> chart_no_data("en").to_dict()["mark"]["type"]
    'text'
    """
    check_lang(lang)
    frame = pd.DataFrame({"text": [label("ui.no_data", lang)]})
    chart = (
        alt.Chart(frame)
        .mark_text(fontSize=14, color=SUBTLE_TEXT)
        .encode(text=alt.Text("text:N"))
        .properties(width=width, height=height, description=label("desc.no_data", lang),
                    usermeta=NO_DATA_META)
    )
    return chart.properties(title=title) if title is not None else chart


def _status_columns(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    statuses = frame["status"].fillna("no_data").astype(str)
    return pd.DataFrame(
        {"status": statuses.to_numpy(), "status_label": [status_label(s, lang) for s in statuses]},
        index=frame.index,
    )


def _applicable(results: pd.DataFrame) -> pd.DataFrame:
    return results[results["status"].fillna("no_data") != "not_applicable"]


# --- status summary ---------------------------------------------------------------------


@_described("desc.status_summary")
def chart_status_summary(
    results_unit: pd.DataFrame, lang: str = "vi"
) -> alt.LayerChart | alt.Chart:
    """Number of applicable measures in each progress status: horizontal bars in the
    status colours, every status listed (zeros too) so that quarters compare.

    >>> chart_status_summary(results_unit).to_dict()["layer"][0]["mark"]["type"]
    'bar'
    """
    check_lang(lang)
    if _is_empty(results_unit):
        return chart_no_data(lang, _title("title.status_summary", lang))
    _require(results_unit, ["status"], "results_unit")
    rows = _applicable(results_unit)
    if rows.empty:
        return chart_no_data(lang, _title("title.status_summary", lang))
    statuses = [s for s in STATUS_ORDER if s != "not_applicable"]
    counts = rows["status"].fillna("no_data").value_counts()
    names = [status_label(s, lang) for s in statuses]
    frame = pd.DataFrame(
        {
            "status": statuses,
            "status_label": names,
            "count": [int(counts.get(s, 0)) for s in statuses],
        }
    )
    y = alt.Y("status_label:N", sort=names, title=None)
    top = max(int(frame["count"].max()), 1)
    step = max(1, math.ceil(top / 8))
    x = alt.X(
        "count:Q",
        title=label("axis.count", lang),
        scale=alt.Scale(domain=[0, step * math.ceil(top / step)], nice=False),
        axis=alt.Axis(format="d", values=list(range(0, top + step, step))),
    )
    bars = (
        alt.Chart()
        .mark_bar(size=14)
        .encode(
            x=x,
            y=y,
            color=alt.Color("status_label:N", scale=status_scale(lang), legend=None),
            tooltip=[
                _tooltip("status_label", "col.status", lang),
                _tooltip("count", "col.count", lang, "Q"),
            ],
        )
    )
    text = alt.Chart().mark_text(align="left", dx=4).encode(x=x, y=y, text=alt.Text("count:Q"))
    subtitle = [
        s
        for s in (_subtitle(results_unit), f"{label('ui.applicable_measures', lang)}: {len(rows)}")
        if s
    ]
    return _set(
        _layer(bars, text, data=frame),
        title=_title("title.status_summary", lang, subtitle), width=WIDTH, height=alt.Step(STEP)
    )


# --- bullet -------------------------------------------------------------------------------


def _share_domain(*columns: Iterable[object]) -> list[float]:
    """0–100, widened when a value (a projection, say) falls outside."""
    numbers = [n for column in columns for n in _floats(column) if n is not None]
    low = min([0.0, *numbers])
    high = max([100.0, *numbers])
    return [math.floor(low / 10) * 10, math.ceil(high / 10) * 10]


@_described("desc.bullet")
def chart_bullet(
    results_unit: pd.DataFrame, lang: str = "vi", catalogue: Catalogue | None = None,
    highlight: str = "",
) -> alt.LayerChart | alt.Chart:
    """Each applicable measure's value against this year's target (a black tick) and,
    where different, the 2025 target (a grey tick); two marks, each coloured by what it
    says: the bar by this period (``met``: đạt / chưa đạt), and, right of the plot, a square
    and the words of the trend status ("xu hướng 2021 → nay", its own legend).

    Measures are on the y axis as ``I.1.a — short name``, in catalogue order (``highlight``:
    one measure's name in bold, marked ▶); a measure without a value says so in place of
    its bar, and its trend is shown only when its ``status_basis`` keeps one
    (``trend_no_period_value``, flagged).

    >>> spec = chart_bullet(results.query("unit_id == 'lao-cai'")).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['bar', 'tick', 'tick', 'text', 'square', 'text', 'text']
    """
    check_lang(lang)
    title = _title("title.bullet", lang)
    if _is_empty(results_unit):
        return chart_no_data(lang, title)
    _require(results_unit, ["measure_id", "status", "value", "target"], "results_unit")
    rows = _applicable(results_unit)
    if rows.empty:
        return chart_no_data(lang, title)
    rows = rows.iloc[
        sorted(range(len(rows)), key=lambda i: measure_sort_key(rows["measure_id"].iloc[i]))
    ]
    final = rows["final_target"] if "final_target" in rows else rows["target"]
    gap = rows["gap"] if "gap" in rows else pd.Series(math.nan, index=rows.index)
    value = _floats(rows["value"])
    statuses = _status_columns(rows, lang)
    met = rows["met"] if "met" in rows else pd.Series(None, index=rows.index, dtype=object)
    basis = (rows["status_basis"].fillna("none").astype(str) if "status_basis" in rows
             else pd.Series("trend_to_period", index=rows.index))
    met_words = [met_label(m, lang) for m in met]
    measures = [("▶ " if m == highlight else "") + measure_label(m, lang, catalogue)
                for m in rows["measure_id"]]
    flagged = f" ({label('mark.no_period_value', lang)})"
    trend_words = [
        w + (flagged if b == "trend_no_period_value" else "")
        for w, b in zip(statuses["status_label"], basis, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "measure_id": rows["measure_id"].astype(str).to_numpy(),
            "measure": measures,
            "met": [met_key(m) for m in met],
            "met_label": met_words,
            "bar_aria": [f"{m}: {w}" for m, w in zip(measures, met_words, strict=True)],
            "trend_label": trend_words,
            "measure_name": [_safe_measure_name(m, lang, catalogue) for m in rows["measure_id"]],
            "value": value,
            "target": _floats(rows["target"]),
            "final_target": _floats(final),
            "final_shown": [
                f if f is not None and f != t else None
                for f, t in zip(_floats(final), _floats(rows["target"]), strict=True)
            ],
            "zero": 0.0,
            "value_text": _texts(rows["value"], lang),
            "target_text": _texts(rows["target"], lang),
            "final_text": _texts(final, lang),
            "gap_text": _texts(gap, lang),
            "status": statuses["status"].to_numpy(),
            "status_label": statuses["status_label"].to_numpy(),
            "missing_text": [
                label("mark.no_period_value", lang) if v is None else None
                for v in value
            ],
        }
    )
    order = frame["measure"].tolist()
    y = alt.Y("measure:N", sort=order, title=None,
              axis=alt.Axis(labelFontWeight=alt.expr(
                  "indexof(datum.label, '▶') == 0 ? 'bold' : 'normal'")))
    x_scale = alt.Scale(
        domain=_share_domain(frame["value"], frame["target"], frame["final_target"])
    )
    base = (catalogue or default_catalogue()).base_year
    trend_title = messages.text("mark.trend", lang, base=base)
    tooltip = [
        _tooltip("measure_name", "col.measure", lang),
        _tooltip("value_text", "col.value", lang),
        _tooltip("target_text", "col.target", lang),
        _tooltip("final_text", "col.final_target", lang),
        _tooltip("gap_text", "col.gap", lang),
        _tooltip("met_label", "mark.period", lang),
        alt.Tooltip("trend_label:N", title=trend_title),
    ]
    bars = (
        alt.Chart()
        .mark_bar(size=11)
        .encode(
            x=alt.X(
                "value:Q",
                scale=x_scale,
                title=label("axis.value_pct", lang),
                axis=alt.Axis(format="d"),
            ),
            y=y,
            color=alt.Color(
                "met_label:N", scale=met_scale(lang),
                legend=alt.Legend(title=label("mark.period", lang), orient="bottom"),
            ),
            description=alt.Description("bar_aria:N"),
            tooltip=tooltip,
        )
        .properties(name="bullet_bars")
    )
    target = (
        alt.Chart()
        .mark_tick(color=TARGET_MARK, thickness=2, size=17)
        .encode(x=alt.X("target:Q", scale=x_scale), y=y, tooltip=tooltip)
    )
    final_tick = (
        alt.Chart()
        .mark_tick(color=FINAL_TARGET_MARK, thickness=2, size=17, opacity=0.8)
        .encode(x=alt.X("final_shown:Q", scale=x_scale), y=y, tooltip=tooltip)
    )
    missing = (
        alt.Chart()
        .mark_text(align="left", dx=3, color=SUBTLE_TEXT, fontStyle="italic")
        .encode(x=alt.X("zero:Q", scale=x_scale), y=y, text=alt.Text("missing_text:N"))
        .transform_filter(alt.expr.isValid(alt.datum.missing_text))
    )
    # the trend, its own mark right of the plot: a square in the status colour (fill, so
    # that it has its own scale and legend) and its words; none where there is no status
    trended = alt.datum.status != "no_data"
    square = (
        alt.Chart()
        .mark_square(size=100, opacity=1)
        .encode(
            x=alt.XValue(WIDTH + 14), y=y,
            fill=alt.Fill("status_label:N", scale=status_scale(lang),
                          legend=alt.Legend(title=trend_title, orient="bottom", columns=2)),
            tooltip=tooltip,
        )
        .transform_filter(trended)
    )
    words = (
        alt.Chart()
        .mark_text(align="left", dx=0, fontSize=10)
        .encode(x=alt.XValue(WIDTH + 24), y=y, text=alt.Text("trend_label:N"))
        .transform_filter(trended)
    )
    heading = (
        alt.Chart()
        .mark_text(align="left", fontWeight="bold", fontSize=10)
        .encode(x=alt.XValue(WIDTH + 8), y=alt.YValue(-8), text=alt.TextValue(trend_title))
        .transform_window(row="row_number()")
        .transform_filter(alt.datum.row == 1)
    )
    subtitle = _subtitle(results_unit)
    return _set(
        _layer(bars, target, final_tick, missing, square, words, heading, data=frame),
        title=_title("title.bullet", lang, subtitle), width=WIDTH, height=alt.Step(STEP),
    )


# --- trend --------------------------------------------------------------------------------


def target_schedule(
    catalogue: Catalogue | None, measure_id: str, level: str
) -> dict[int, float] | None:
    """The yearly target schedule of a measure at a unit level, or None when the measure
    only has a final target (its path is then the straight line from the baseline).

    >>> target_schedule(None, "I.3.a", "district")
    {2021: 20.0, 2022: 40.0, 2023: 60.0, 2024: 80.0, 2025: 100.0}
    """
    catalogue = catalogue or default_catalogue()
    try:
        level = target_level(level)
    except ParameterError:
        return None
    rows = sorted(
        (t.year, t.value) for t in catalogue.targets if t.measure == measure_id and t.level == level
    )
    if len(rows) < 2:
        return None
    return {year: float(value) for year, value in rows}


def _row_dict(row: pd.Series | Mapping[str, object] | None) -> dict[str, object]:
    if row is None:
        return {}
    if isinstance(row, pd.DataFrame):
        if len(row) != 1:
            raise ParameterError.one("result_row", "one_row_expected", n=len(row))
        return row.iloc[0].to_dict()
    return dict(row)


def _trend_points(
    series: pd.DataFrame,
    row: Mapping[str, object],
    base_year: int,
    target_year: int,
    schedule: Mapping[int, float] | None,
) -> list[tuple[str, int, float]]:
    """The points of the three lines, (series key, year, value), in the order drawn:
    by line (:data:`SERIES_KEYS`), then year."""
    points: list[tuple[str, int, float]] = []
    observed = sorted(
        (int(y), v)
        for y, v in zip(series["year"], _floats(series["value"]), strict=True)
        if v is not None
    )
    points += [("actual", y, v) for y, v in observed]
    if schedule:
        points += [("target_path", int(y), float(v)) for y, v in sorted(schedule.items())]
    else:
        final = number_or_none(row.get("final_target"))
        start_year = number_or_none(row.get("base_year"))
        start_value = number_or_none(row.get("base_value"))
        if start_year is None or start_value is None:
            start = next(((y, v) for y, v in observed if y >= base_year), None)
            start_year, start_value = start if start else (None, None)
        if final is not None and start_year is not None and start_value is not None:
            points += [("target_path", int(start_year), start_value)]
            if int(start_year) < target_year:
                points += [("target_path", target_year, final)]
    projection = number_or_none(row.get("projection"))
    if projection is not None and observed and observed[-1][0] < target_year:
        # Drawn from the latest value: the projection answers "where does this lead".
        points += [
            ("projection", observed[-1][0], observed[-1][1]),
            ("projection", target_year, projection),
        ]
    rank = {k: i for i, k in enumerate(SERIES_KEYS)}
    return sorted(points, key=lambda p: (rank[p[0]], int(p[1])))  # stable, as drawn


def _points_frame(points: list[tuple], lang: str, columns: list[str]) -> pd.DataFrame:
    """The long frame of trend points (``columns`` end with series_key, year, value),
    with each line's name and each value as the language writes it."""
    frame = pd.DataFrame(points, columns=columns)
    frame["series"] = [label(f"series.{k}", lang) for k in frame["series_key"]]
    frame["value_text"] = _texts(frame["value"], lang)
    frame["year"] = frame["year"].astype(int)
    return frame


def _trend_frame(
    series: pd.DataFrame,
    row: Mapping[str, object],
    lang: str,
    base_year: int,
    target_year: int,
    schedule: Mapping[int, float] | None,
) -> pd.DataFrame:
    """Long frame of the three lines: year, value, series key and label."""
    return _points_frame(_trend_points(series, row, base_year, target_year, schedule), lang,
                         ["series_key", "year", "value"])


@_described("desc.trend")
def chart_trend(
    series_unit_measure: pd.DataFrame,
    result_row: pd.Series | Mapping[str, object] | None,
    lang: str = "vi",
    base_year: int = 2021,
    target_year: int = 2025,
    schedule: Mapping[int, float] | None = None,
    catalogue: Catalogue | None = None,
    small: bool = False,
) -> alt.LayerChart | alt.Chart:
    """One measure of one unit over the years: the annual values (line and points), the
    target path (``schedule`` where the measure has one, else the straight line from the
    baseline to the 2025 target) and the projection to 2025 (dashed).

    ``result_row`` is the unit's row of ``Evaluation.results`` for the measure: its
    ``base_year``, ``base_value``, ``final_target``, ``milestone``, ``projection`` and
    ``status`` are drawn. The latest year counts the year to date.

    >>> row = results_unit.query("measure_id == 'I.4.c'").iloc[0]
    >>> chart_trend(series.query("unit_id == 'lao-cai'"), row, "en").to_dict()["layer"][0]["mark"]
    {'type': 'line'}
    """
    check_lang(lang)
    row = _row_dict(result_row)
    measure_id = row.get("measure_id")
    if (
        measure_id is None
        and not _is_empty(series_unit_measure)
        and "measure_id" in series_unit_measure
    ):
        ids = series_unit_measure["measure_id"].dropna().unique()
        measure_id = ids[0] if len(ids) == 1 else None
    heading = (
        measure_label(str(measure_id), lang, catalogue)
        if measure_id
        else label("title.trend", lang)
    )
    width, height = (SMALL_WIDTH, SMALL_HEIGHT) if small else (WIDTH, 260)
    status = row.get("status")
    subtitle: list[str] = []
    if not small:
        unit_period = _subtitle(pd.DataFrame([row])) if row else None
        if unit_period:
            subtitle.append(unit_period)
    if isinstance(status, str) and status in STATUS_ORDER:
        subtitle.append(status_label(status, lang))
    if not small:
        facts = [
            (key, row.get(column))
            for key, column in (
                ("col.milestone", "milestone"),
                ("col.final_target", "final_target"),
                ("col.projection", "projection"),
            )
        ]
        shown = [
            f"{label(k, lang)}: {format_number(v, lang)}"
            for k, v in facts
            if number_or_none(v) is not None
        ]
        if shown:
            subtitle.append(" · ".join(shown))
    title = (
        alt.TitleParams(text=heading, subtitle=subtitle or None, fontSize=12, subtitleFontSize=11)
        if small
        else _title("title.trend", lang, subtitle or None, text=heading)
    )
    if _is_empty(series_unit_measure):
        return chart_no_data(lang, title, width, height if small else 60)
    _require(series_unit_measure, ["year", "value"], "series_unit_measure")
    series = series_unit_measure
    if measure_id is not None and "measure_id" in series:
        series = series[series["measure_id"] == measure_id]
    if "unit_id" in series and row.get("unit_id") is not None:
        series = series[series["unit_id"] == row["unit_id"]]
    if not any(v is not None for v in _floats(series["value"])):
        return chart_no_data(lang, title, width, height if small else 60)
    frame = _trend_frame(series, row, lang, base_year, target_year, schedule)
    years = sorted({*range(base_year, target_year + 1), *frame["year"].tolist()})
    domain = [label(f"series.{k}", lang) for k in SERIES_KEYS]
    # Small multiples share this legend (resolved in chart_trends); strokes show the dashes.
    legend = alt.Legend(title=None, symbolType="stroke", symbolStrokeWidth=2)
    x = alt.X("year:O", scale=alt.Scale(domain=years), title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y(
        "value:Q",
        scale=alt.Scale(domain=_share_domain(frame["value"])),
        title=None if small else label("axis.value_pct", lang),
        axis=alt.Axis(format="d", tickCount=5),
    )
    color = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=[SERIES_COLOURS[k] for k in SERIES_KEYS]),
        legend=legend,
    )
    dash = alt.StrokeDash(
        "series:N",
        scale=alt.Scale(domain=domain, range=[SERIES_DASHES[k] for k in SERIES_KEYS]),
        legend=legend,
    )
    tooltip = [
        _tooltip("series", "col.series", lang),
        _tooltip("year", "col.year", lang, "O"),
        _tooltip("value_text", "col.value", lang),
    ]
    lines = (
        alt.Chart().mark_line().encode(x=x, y=y, color=color, strokeDash=dash,
                                       detail=alt.Detail("series:N"))
    )
    points = (
        alt.Chart()
        .mark_point(size=30 if small else 45)
        .encode(x=x, y=y, color=color, tooltip=tooltip)
    )
    return _set(_layer(lines, points, data=frame), title=title, width=width, height=height)


@_described("desc.trend")
def chart_trends(
    series_unit: pd.DataFrame,
    results_unit: pd.DataFrame,
    lang: str = "vi",
    group: str | None = None,
    catalogue: Catalogue | None = None,
    columns: int = 3,
    base_year: int = 2021,
    target_year: int = 2025,
) -> alt.FacetChart | alt.Chart:
    """Small multiples: one panel per applicable measure of a unit with data, in catalogue
    order (``group="I"``: that group's measures only, the readable choice), each with the
    lines of :func:`chart_trend` and the measure's status under its name.

    One chart faceted by measure (one table of points), not a concatenation of charts: a
    unit's workbook draws four of these, and a concatenation costs seconds to build.
    Measures without any value are named in the subtitle instead of drawing empty panels.
    Schedules (I.3.a) come from the catalogue, at the unit's level.

    >>> spec = chart_trends(series.query("unit_id == 'lao-cai'"), results_unit, group="IV"
    ...                     ).to_dict()
    >>> spec["facet"]["field"], spec["columns"]
    ('panel', 3)
    """
    check_lang(lang)
    title = _title("title.trends", lang)
    if _is_empty(results_unit):
        return chart_no_data(lang, title)
    _require(results_unit, ["measure_id", "status"], "results_unit")
    rows = _applicable(results_unit)
    if group is not None:
        _require(rows, ["group_id"], "results_unit")
        rows = rows[rows["group_id"] == group]
    if rows.empty:
        return chart_no_data(lang, title)
    subtitle = [s for s in [_subtitle(rows)] if s]
    if group is not None:
        subtitle.append(f"{label('ui.group', lang)} {group}: {group_name(catalogue, group, lang)}")
    series = (
        series_unit
        if not _is_empty(series_unit)
        else pd.DataFrame(columns=["unit_id", "measure_id", "year", "value"])
    )
    # one pass over the rows and the series (a workbook draws four of these)
    first_rows: dict[str, dict] = {}
    for row in rows.to_dict("records"):
        first_rows.setdefault(row["measure_id"], row)
    by_measure = (dict(tuple(series.groupby("measure_id", sort=False)))
                  if "measure_id" in series else None)
    points, panels, empty = [], [], []
    for measure_id in _sorted_measures(rows["measure_id"]):
        row = first_rows[measure_id]
        part = (by_measure.get(measure_id, series.iloc[0:0]) if by_measure is not None
                else series)
        if "unit_id" in part and row.get("unit_id") is not None:
            part = part[part["unit_id"] == row["unit_id"]]
        if part.empty or not any(v is not None for v in _floats(part["value"])):
            empty.append(measure_id)
            continue
        level = row.get("level")
        schedule = target_schedule(catalogue, measure_id, level) if isinstance(level, str) else None
        status = row.get("status")
        words = status_label(status, lang) if isinstance(status, str) else ""
        panel = f"{measure_label(measure_id, lang, catalogue)}\n{words}".strip()
        points += [(panel, *p) for p in _trend_points(part, row, base_year, target_year,
                                                      schedule)]
        panels.append(panel)
    if empty:
        subtitle.append(f"{label('ui.no_data', lang)}: {', '.join(empty)}")
    if not panels:
        return chart_no_data(lang, _title("title.trends", lang, subtitle or None))
    data = _points_frame(points, lang, ["panel", "series_key", "year", "value"])
    years = sorted({*range(base_year, target_year + 1), *data["year"].tolist()})
    domain = [label(f"series.{k}", lang) for k in SERIES_KEYS]
    legend = alt.Legend(title=None, symbolType="stroke", symbolStrokeWidth=2)
    x = alt.X("year:O", scale=alt.Scale(domain=years), title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", scale=alt.Scale(domain=_share_domain(data["value"])), title=None,
              axis=alt.Axis(format="d", tickCount=5))
    color = alt.Color("series:N", legend=legend, scale=alt.Scale(
        domain=domain, range=[SERIES_COLOURS[k] for k in SERIES_KEYS]))
    dash = alt.StrokeDash("series:N", legend=legend, scale=alt.Scale(
        domain=domain, range=[SERIES_DASHES[k] for k in SERIES_KEYS]))
    tooltip = [
        _tooltip("series", "col.series", lang),
        _tooltip("year", "col.year", lang, "O"),
        _tooltip("value_text", "col.value", lang),
    ]
    lines = alt.Chart().mark_line().encode(x=x, y=y, color=color, strokeDash=dash,
                                           detail=alt.Detail("series:N"))
    points = alt.Chart().mark_point(size=30).encode(x=x, y=y, color=color, tooltip=tooltip)
    return _set(
        _set(_layer(lines, points, data=data), width=SMALL_WIDTH, height=SMALL_HEIGHT)
        .facet(
            facet=alt.Facet("panel:N", sort=panels, title=None, header=alt.Header(
                labelExpr="split(datum.value, '\\n')", labelAnchor="start", labelFontSize=11,
                labelFontWeight="normal", labelLimit=SMALL_WIDTH + 20)),
            columns=columns,
        ),
        title=_title("title.trends", lang, subtitle or None),
    )


# --- ranking -------------------------------------------------------------------------------


@_described("desc.ranking")
def chart_ranking(
    results_or_scores: pd.DataFrame,
    lang: str = "vi",
    highlight: str | None = None,
    measure_id: str | None = None,
    group: str | None = None,
    names: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
) -> alt.LayerChart | alt.Chart:
    """Sibling units ranked, best first, the ``highlight`` unit in colour.

    * a slice of ``results`` (several units): ranked by the value of ``measure_id``
      (optional when the slice holds one measure), with each unit's target as a tick;
    * a slice of ``scores``: ranked by the overall score, or by ``group``'s score.

    Units come with ``unit_name`` (results) or ``names`` (unit id → name, for scores).
    Units without a value are left out.

    >>> chart_ranking(results.query("level == 'district'"), measure_id="I.4.c",
    ...               highlight="bat-xat").to_dict()["title"]["text"]
    'Xếp hạng: I.4.c — Hồ sơ trực tuyến'
    """
    check_lang(lang)
    if _is_empty(results_or_scores):
        return chart_no_data(lang, _title("title.ranking", lang))
    frame = results_or_scores
    _require(frame, ["unit_id"], "results_or_scores")
    if "measure_id" in frame.columns:
        _require(frame, ["value", "status"], "results_or_scores")
        if measure_id is None:
            ids = frame["measure_id"].dropna().unique()
            if len(ids) != 1:
                raise ParameterError.one("measure_id", "several_measures")
            measure_id = str(ids[0])
        rows = _applicable(frame[frame["measure_id"] == measure_id])
        value_column, domain = "value", None
        heading = f"{label('title.ranking', lang)}: {measure_label(measure_id, lang, catalogue)}"
        value_key = "col.value"
    elif "kind" in frame.columns:
        _require(frame, ["id", "score"], "results_or_scores")
        kind, wanted = ("overall", "all") if group is None else ("group", group)
        rows = frame[(frame["kind"] == kind) & (frame["id"] == wanted)]
        value_column, domain = "score", [-5, 5]
        what = (
            label("ui.overall_score", lang)
            if group is None
            else (f"{label('ui.group', lang)} {group}")
        )
        heading = f"{label('title.ranking', lang)}: {what}"
        value_key = "col.score"
    else:
        raise ParameterError.one("results_or_scores", "results_or_scores")
    rows = rows[[number_or_none(v) is not None for v in rows[value_column]]]
    title = _title("title.ranking", lang, _subtitle(rows) if not rows.empty else None, text=heading)
    if rows.empty:
        return chart_no_data(lang, title)
    shown = _unit_labels(rows, names)
    data = pd.DataFrame(
        {
            "unit_id": rows["unit_id"].astype(str).to_numpy(),
            "unit": shown.to_numpy(),
            "value": _floats(rows[value_column]),
            "value_text": _texts(rows[value_column], lang),
            "target": _floats(rows["target"]) if "target" in rows else None,
            "target_text": _texts(rows["target"], lang) if "target" in rows else MISSING,
        }
    )
    data = data.sort_values(["value", "unit"], ascending=[False, True], kind="stable")
    data["rank"] = data["value"].rank(method="min", ascending=False).astype(int)
    data = data.reset_index(drop=True)
    order = data["unit"].tolist()
    if domain is None:
        domain = _share_domain(data["value"], data["target"])
    x_scale = alt.Scale(domain=domain)
    y = alt.Y("unit:N", sort=order, title=None)
    colour = (
        alt.ColorValue(MUTED, condition={
            "test": alt.FieldEqualPredicate(field="unit_id", equal=highlight),
            "value": HIGHLIGHT})
        if highlight is not None
        else alt.ColorValue(HIGHLIGHT)
    )
    tooltip = [
        _tooltip("rank", "col.rank", lang, "Q"),
        _tooltip("unit", "col.unit", lang),
        _tooltip("value_text", value_key, lang),
    ]
    if value_column == "value":
        tooltip.append(_tooltip("target_text", "col.target", lang))
    bars = (
        alt.Chart()
        .mark_bar(size=13)
        .encode(
            x=alt.X(
                "value:Q",
                scale=x_scale,
                title=label("axis.value_pct" if value_column == "value" else "axis.score", lang),
                axis=alt.Axis(format="d"),
            ),
            y=y,
            color=colour,
            tooltip=tooltip,
        )
    )
    text = (
        alt.Chart()
        .mark_text(
            align=alt.ExprRef("datum.value < 0 ? 'right' : 'left'"),
            dx=alt.ExprRef("datum.value < 0 ? -4 : 4"),
        )
        .encode(x=alt.X("value:Q", scale=x_scale), y=y, text=alt.Text("value_text:N"))
    )
    layers: list[alt.Chart] = [bars, text]
    if value_column == "value":
        layers.insert(
            1,
            alt.Chart()
            .mark_tick(color=TARGET_MARK, thickness=2, size=17)
            .encode(x=alt.X("target:Q", scale=x_scale), y=y, tooltip=tooltip),
        )
    else:
        layers.insert(1, alt.Chart().mark_rule(color=SUBTLE_TEXT).encode(x=alt.XDatum(0)))
    return _set(_layer(*layers, data=data), title=title, width=WIDTH, height=alt.Step(STEP))


# --- heatmap -------------------------------------------------------------------------------


@_described("desc.heatmap")
def chart_heatmap(
    results_units: pd.DataFrame, lang: str = "vi", catalogue: Catalogue | None = None
) -> alt.LayerChart | alt.Chart:
    """Units × measures, each cell coloured by this period (``met``: đạt / chưa đạt /
    không xác định; not applicable lightest) with the value written in it; the trend
    status, with what it rests on, is in the tooltip ("xu hướng 2021 → nay").

    Units (y) keep the order of the input (pass them in unit-tree order); measures (x) are
    in catalogue order. The tooltip names the measure and gives its counts (numerator /
    denominator); a value resting on fewer records than the catalogue's ``small_sample``
    is written with a ``*``. Clicking a cell selects its unit: the chart carries the point
    selection ``unit_pick`` on ``unit_id`` (inert in a static rendering).

    >>> chart_heatmap(results.query("level == 'district'")).to_dict()["params"][0]["name"]
    'unit_pick'
    """
    check_lang(lang)
    title = _title("title.heatmap", lang)
    if _is_empty(results_units):
        return chart_no_data(lang, title)
    _require(results_units, ["unit_id", "measure_id", "status", "value"], "results_units")
    rows = results_units
    statuses = _status_columns(rows, lang)
    values = _floats(rows["value"])
    met = rows["met"] if "met" in rows else pd.Series(None, index=rows.index, dtype=object)
    target = rows["target"] if "target" in rows else pd.Series(math.nan, index=rows.index)
    few = (catalogue or default_catalogue()).small_sample.records
    denominators = (pd.to_numeric(rows["denominator"], errors="coerce") if "denominator" in rows
                    else pd.Series(math.nan, index=rows.index))
    numerators = (pd.to_numeric(rows["numerator"], errors="coerce") if "numerator" in rows
                  else pd.Series(math.nan, index=rows.index))
    small = (denominators < few).to_numpy() & pd.notna(values).astype(bool)
    frame = pd.DataFrame(
        {
            "unit_id": rows["unit_id"].astype(str).to_numpy(),
            "unit": _unit_labels(rows).to_numpy(),
            "measure_id": rows["measure_id"].astype(str).to_numpy(),
            "measure": [measure_label(m, lang, catalogue) for m in rows["measure_id"]],
            "value": values,
            "value_text": _texts(rows["value"], lang),
            "counts_text": [
                MISSING if pd.isna(d)
                else f"{format_number(n, lang, 0)} / {format_number(d, lang, 0)}"
                for n, d in zip(numerators, denominators, strict=True)
            ],
            "target_text": _texts(target, lang),
            "status": statuses["status"].to_numpy(),
            "status_label": statuses["status_label"].to_numpy(),
            "met": [met_key(m) for m in met],
            "met_label": [label("status.not_applicable", lang) if st == "not_applicable"
                          else met_label(m, lang) for m, st in zip(met, statuses["status"],
                                                                  strict=True)],
        }
    )
    frame["cell_text"] = [
        "" if s == "not_applicable" else t + ("*" if f else "")
        for s, t, f in zip(frame["status"], frame["value_text"], small, strict=True)
    ]
    frame["text_colour"] = [MET_TEXT_COLOURS[m] for m in frame["met"]]
    units = list(dict.fromkeys(frame["unit"]))
    measures = _sorted_measures(frame["measure_id"])
    unit_rank = {u: i for i, u in enumerate(units)}
    frame = frame.sort_values(
        ["unit", "measure_id"],
        key=lambda c: c.map(
            unit_rank if c.name == "unit" else {m: i for i, m in enumerate(measures)}
        ),
        kind="stable",
    ).reset_index(drop=True)
    if all(s == "not_applicable" for s in frame["status"]):
        return chart_no_data(lang, title)
    # a click picks the cell's unit and its measure (the dashboard's drill keeps it)
    pick = alt.selection_point(fields=["unit_id", "measure_id"], name=UNIT_PICK)
    x = alt.X(
        "measure_id:N",
        sort=measures,
        title=None,
        axis=alt.Axis(orient="top", labelAngle=-45, labelAlign="left"),
    )
    y = alt.Y("unit:N", sort=units, title=None)
    tooltip = [
        _tooltip("unit", "col.unit", lang),
        _tooltip("measure", "col.measure", lang),
        _tooltip("value_text", "col.value", lang),
        _tooltip("counts_text", "col.counts", lang),
        _tooltip("target_text", "col.target", lang),
        _tooltip("met_label", "mark.period", lang),
        alt.Tooltip("status_label:N",
                    title=messages.text("mark.trend", lang, base=(catalogue or default_catalogue()
                                                                  ).base_year)),
    ]
    met_domain = met_scale(lang).to_dict()
    cells = (
        alt.Chart()
        .mark_rect()
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "met_label:N",
                scale=alt.Scale(domain=[*met_domain["domain"],
                                        label("status.not_applicable", lang)],
                                range=[*met_domain["range"], STATUS_COLOURS["not_applicable"]]),
                legend=alt.Legend(title=label("mark.period", lang), orient="bottom", columns=4),
            ),
            opacity=alt.OpacityValue(0.35, condition={"param": pick.name, "value": 1.0}),
            tooltip=tooltip,
        )
        .add_params(pick)
        .properties(name="heatmap_cells")
    )
    text = (
        alt.Chart()
        .mark_text(fontSize=9)
        .encode(
            x=x,
            y=y,
            text=alt.Text("cell_text:N"),
            color=alt.Color("text_colour:N", scale=None),
            tooltip=tooltip,
        )
    )
    subtitle = _subtitle(rows.drop(columns="unit_name", errors="ignore"))
    if small.any():
        subtitle = " · ".join(filter(None, [subtitle, messages.text("chart.few_records", lang,
                                                                     n=few)]))
    return _set(
        _layer(cells, text, data=frame),
        title=_title("title.heatmap", lang, subtitle),
        width=alt.Step(36),
        height=alt.Step(STEP),
        description=messages.text("desc.heatmap", lang, n=few),
        usermeta=LANDSCAPE_META,
    )


# --- group scores ----------------------------------------------------------------------------


#: Where Open SDG's score crosses the status thresholds (R = 0 → −2.5, R = 0.6 → 0,
#: R = 0.95 → +2.5; +5 when achieved), so a score is coloured like the status it implies.
SCORE_BANDS: tuple[float, ...] = (-2.5, 0.0, 2.5, 5.0)


def score_scale() -> alt.Scale:
    """Threshold colour scale for scores −5 … 5, in the status colours.

    >>> score_scale().to_dict()["domain"]
    [-2.5, 0.0, 2.5, 5.0]
    """
    bands = (
        "deterioration",
        "limited_progress",
        "moderate_progress",
        "substantial_progress",
        "target_achieved",
    )
    return alt.Scale(
        type="threshold", domain=list(SCORE_BANDS), range=[STATUS_COLOURS[b] for b in bands]
    )


def _group_panels(ids: Iterable[str]) -> list[str]:
    groups = sorted({i for i in ids if i != "all"}, key=measure_sort_key)
    return (["all"] if "all" in set(ids) else []) + groups


@_described("desc.group_scores")
def chart_group_scores(
    scores_units: pd.DataFrame,
    lang: str = "vi",
    names: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
) -> alt.FacetChart | alt.Chart:
    """Overall and group scores (−5 … 5) of several units (say the districts): one panel
    per group, units in the input's order, bars diverging from 0.

    ``scores_units`` is a slice of ``Evaluation.scores``; unit names come from a
    ``unit_name`` column or ``names`` (unit id → name).

    >>> chart = chart_group_scores(scores.query("unit_id in ['bat-xat', 'si-ma-cai']"))
    >>> chart.to_dict()["facet"]["column"]["sort"][:2]
    ['Chung', 'I. Cải cách thủ tục hành|chính']
    """
    check_lang(lang)
    title = _title("title.group_scores", lang)
    if _is_empty(scores_units):
        return chart_no_data(lang, title)
    _require(scores_units, ["unit_id", "kind", "id", "score"], "scores_units")
    rows = scores_units[scores_units["kind"].isin(["overall", "group"])]
    rows = rows[[number_or_none(v) is not None for v in rows["score"]]]
    if rows.empty:
        return chart_no_data(lang, title)
    panels = _group_panels(rows["id"].astype(str))
    # the panel headers name the groups, over lines of a panel's width ("|" breaks a line)
    panel_label = {
        p: label("ui.overall", lang) if p == "all"
        else "|".join(textwrap.wrap(f"{p}. {group_name(catalogue, p, lang)}", 24))
        for p in panels
    }
    panel_name = {
        p: label("ui.overall_score", lang)
        if p == "all"
        else f"{p}. {group_name(catalogue, p, lang)}"
        for p in panels
    }
    achieved = rows["achieved"] if "achieved" in rows else pd.Series(pd.NA, index=rows.index)
    frame = pd.DataFrame(
        {
            "unit_id": rows["unit_id"].astype(str).to_numpy(),
            "unit": _unit_labels(rows, names).to_numpy(),
            "panel": [panel_label[str(i)] for i in rows["id"]],
            "group": [panel_name[str(i)] for i in rows["id"]],
            "score": _floats(rows["score"]),
            "score_text": _texts(rows["score"], lang),
            "achieved": [
                MISSING
                if a is None or a is pd.NA
                else label("ui.yes" if bool(a) else "ui.no", lang)
                for a in achieved
            ],
        }
    )
    units = list(dict.fromkeys(frame["unit"]))
    ranks = {
        "panel": {panel_label[p]: i for i, p in enumerate(panels)},
        "unit": {u: i for i, u in enumerate(units)},
    }
    frame = frame.sort_values(
        ["panel", "unit"], key=lambda c: c.map(ranks[c.name]), kind="stable"
    ).reset_index(drop=True)
    x = alt.X(
        "score:Q",
        scale=alt.Scale(domain=[-5, 5]),
        title=label("axis.score", lang),
        axis=alt.Axis(values=[-5, -2.5, 0, 2.5, 5], format="~r"),
    )
    y = alt.Y("unit:N", sort=units, title=None)
    bars = (
        alt.Chart()
        .mark_bar(size=12)
        .encode(
            x=x,
            y=y,
            color=alt.Color("score:Q", scale=score_scale(), legend=None),
            tooltip=[
                _tooltip("unit", "col.unit", lang),
                _tooltip("group", "col.group", lang),
                _tooltip("score_text", "col.score", lang),
                alt.Tooltip("achieved:N", title=label("status.target_achieved", lang)),
            ],
        )
    )
    zero = alt.Chart().mark_rule(color=SUBTLE_TEXT).encode(x=alt.XDatum(0))
    return _set(
        _set(_layer(bars, zero, data=frame), width=150, height=alt.Step(STEP))
        .facet(
            column=alt.Column(
                "panel:N",
                sort=[panel_label[p] for p in panels],
                header=alt.Header(title=None, labelAnchor="start", labelLimit=0,
                                  labelExpr="split(datum.label, '|')"),
            ),
        ),
        title=_title("title.group_scores", lang,
                     _subtitle(rows.drop(columns="unit_name", errors="ignore"))),
    )


# --- contacts ----------------------------------------------------------------------------------


@_described("desc.contacts")
def chart_contacts(
    contacts_unit: pd.DataFrame, lang: str = "vi", names: Mapping[str, str] | None = None
) -> alt.LayerChart | alt.FacetChart | alt.Chart:
    """Share of dossiers by how many times the applicant had to come back (0, 1, 2, 3+).

    One unit gives one set of bars; several units give one row of bars each, named by
    ``names`` (unit id → name) or a ``unit_name`` column.

    >>> chart_contacts(contacts.query("unit_id == 'lao-cai'")).to_dict()["title"]["text"]
    'Hồ sơ theo số lần người dân phải liên hệ'
    """
    check_lang(lang)
    title = _title("title.contacts", lang)
    if _is_empty(contacts_unit):
        return chart_no_data(lang, title)
    _require(contacts_unit, ["unit_id", "contacts", "share"], "contacts_unit")
    rows = contacts_unit[contacts_unit["contacts"].astype(str).isin(CONTACT_CLASSES)]
    if not any(v is not None for v in _floats(rows["share"])):
        return chart_no_data(lang, title)
    classes = [contacts_label(c, lang) for c in CONTACT_CLASSES]
    dossiers = rows["dossiers"] if "dossiers" in rows else pd.Series(math.nan, index=rows.index)
    total = rows["total"] if "total" in rows else pd.Series(math.nan, index=rows.index)
    frame = pd.DataFrame(
        {
            "unit_id": rows["unit_id"].astype(str).to_numpy(),
            "unit": _unit_labels(rows, names).to_numpy(),
            "contacts_key": rows["contacts"].astype(str).to_numpy(),
            "contacts": [contacts_label(str(c), lang) for c in rows["contacts"]],
            "share": _floats(rows["share"]),
            "share_text": _texts(rows["share"], lang),
            "dossiers_text": _texts(dossiers, lang, 0),
            "total_text": _texts(total, lang, 0),
        }
    )
    units = list(dict.fromkeys(frame["unit"]))
    ranks = {
        "unit": {u: i for i, u in enumerate(units)},
        "contacts_key": {c: i for i, c in enumerate(CONTACT_CLASSES)},
    }
    frame = frame.sort_values(
        ["unit", "contacts_key"], key=lambda c: c.map(ranks[c.name]), kind="stable"
    ).reset_index(drop=True)
    x = alt.X(
        "share:Q",
        scale=alt.Scale(domain=[0, 100]),
        title=label("axis.share_dossiers", lang),
        axis=alt.Axis(format="d"),
    )
    y = alt.Y("contacts:N", sort=classes, title=None)
    bars = (
        alt.Chart()
        .mark_bar(size=14)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "contacts:N",
                scale=alt.Scale(
                    domain=classes, range=[CONTACT_COLOURS[c] for c in CONTACT_CLASSES]
                ),
                legend=None,
            ),
            tooltip=[
                _tooltip("unit", "col.unit", lang),
                _tooltip("contacts", "col.contacts", lang),
                _tooltip("dossiers_text", "col.dossiers", lang),
                _tooltip("total_text", "col.total", lang),
                _tooltip("share_text", "col.share", lang),
            ],
        )
    )
    text = alt.Chart().mark_text(align="left", dx=4).encode(x=x, y=y, text=alt.Text("share_text:N"))
    layer = _set(_layer(bars, text, data=frame), width=WIDTH - 80, height=alt.Step(STEP))
    if len(units) == 1:
        subtitle = [
            s
            for s in (
                _subtitle(contacts_unit),
                f"{label('col.total', lang)}: {frame['total_text'].iloc[0]}",
            )
            if s
        ]
        return _set(layer, title=_title("title.contacts", lang, subtitle))
    return _set(layer.facet(
        row=alt.Row(
            "unit:N",
            sort=units,
            header=alt.Header(title=None, labelAngle=0, labelAlign="left", labelAnchor="middle"),
        )
    ), title=_title("title.contacts", lang))


# --- published indices --------------------------------------------------------------------------


def _published_period(period: str, lang: str) -> str:
    """A published figure's period in the page's language (years before the programme too)."""
    if re.fullmatch(r"\d{4}", period):
        return messages.text("ui.period_year", lang, y=period)
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return messages.text("ui.period_month", lang, y=period[:4], m=int(period[5:]))
    return period


def published_dates(periods: Iterable[str]) -> pd.Series:
    """Where a published figure sits on a time axis: a year in its middle (1 July), a
    month on its 15th, a quarter in its middle month.

    >>> published_dates(["2019", "2023-09", "2024Q4"]).dt.strftime("%Y-%m-%d").tolist()
    ['2019-07-01', '2023-09-15', '2024-11-15']
    """
    def one(period: str) -> str:
        period = str(period)
        if re.fullmatch(r"\d{4}", period):
            return f"{period}-07-01"
        if re.fullmatch(r"\d{4}-\d{2}", period):
            return f"{period}-15"
        if re.fullmatch(r"\d{4}Q[1-4]", period):
            return f"{period[:4]}-{3 * int(period[-1]) - 1:02d}-15"
        return period

    return pd.Series(pd.to_datetime([one(p) for p in periods]))


@_described("desc.published_indices")
def chart_published_indices(
    frame: pd.DataFrame, lang: str = "vi", scope: str | None = "Lào Cai"
) -> alt.LayerChart | alt.Chart:
    """Published indices (PAR INDEX, SIPAS, PAPI, Decision 766) as % of their maximum, by
    period, one colour per index, each point labelled with its rank and linked to its
    source (the address is in the tooltip, and a click opens it).

    ``frame`` has the columns of ``params/published_indices.csv``; ``scope`` keeps the
    rows of one scope (the province by default; None keeps all).

    >>> chart_published_indices(published).to_dict()["title"]["text"]
    'Các chỉ số công bố của tỉnh Lào Cai'
    """
    check_lang(lang)
    title = _title("title.published_indices", lang)
    if _is_empty(frame):
        return chart_no_data(lang, title)
    _require(frame, ["index", "scope", "period", "value", "max"], "frame")
    rows = frame if scope is None else frame[frame["scope"] == scope]
    values = _floats(rows["value"])
    maxima = _floats(rows["max"])
    keep = [v is not None and m not in (None, 0.0) for v, m in zip(values, maxima, strict=True)]
    rows = rows[keep]
    if rows.empty:
        return chart_no_data(lang, title)

    def column(name: str) -> pd.Series:
        return rows[name] if name in rows else pd.Series(None, index=rows.index, dtype=object)

    def text(value: object) -> str:
        return (
            MISSING
            if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
            else str(value)
        )

    ranks = [
        f"{int(r)}/{int(o)}"
        if number_or_none(r) is not None and number_or_none(o) is not None
        else MISSING
        for r, o in zip(column("rank"), column("of"), strict=True)
    ]
    data = pd.DataFrame(
        {
            "index": rows["index"].astype(str).to_numpy(),
            "scope": rows["scope"].astype(str).to_numpy(),
            "period": rows["period"].astype(str).to_numpy(),
            "pct": [
                100.0 * v / m
                for v, m in zip(_floats(rows["value"]), _floats(rows["max"]), strict=True)
            ],
            "value_text": [
                f"{format_number(v, lang, 2)} / {format_number(m, lang, 0)}"
                for v, m in zip(rows["value"], rows["max"], strict=True)
            ],
            "rank": ranks,
            "components": [text(c) for c in column("components")],
            "source": [text(s) for s in column("source")],
        }
    )
    data["pct_text"] = _texts(data["pct"], lang)
    data["period_text"] = [_published_period(p, lang) for p in data["period"]]
    data["date"] = published_dates(data["period"])
    data = data.sort_values(["index", "scope", "date"], kind="stable").reset_index(drop=True)
    # a line joins an index's points of consecutive years only: a missing year is a gap
    gap = (data.groupby(["index", "scope"])["date"].diff() > pd.Timedelta(days=550))
    data["segment"] = (data["index"] + "·" + data["scope"] + "·"
                       + gap.groupby([data["index"], data["scope"]]).cumsum().astype(str))
    data["date"] = data["date"].dt.strftime("%Y-%m-%d")
    indices = sorted(data["index"].unique())
    x = alt.X("date:T", title=None, scale=alt.Scale(padding=24),
              axis=alt.Axis(format="%Y", labelAngle=0,
                            tickCount={"interval": "year", "step": 1}))
    y = alt.Y(
        "pct:Q",
        scale=alt.Scale(zero=False, padding=12),
        title=label("axis.pct_of_max", lang),
        axis=alt.Axis(format="d"),
    )
    color = alt.Color(
        "index:N",
        sort=indices,
        scale=alt.Scale(
            domain=indices, range=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(indices))]
        ),
        legend=alt.Legend(title=None),
    )
    tooltip = [
        _tooltip("index", "col.index", lang),
        _tooltip("scope", "col.scope", lang),
        _tooltip("period_text", "col.period", lang),
        _tooltip("value_text", "col.published_value", lang),
        _tooltip("pct_text", "col.pct_of_max", lang),
        _tooltip("rank", "col.rank", lang),
        _tooltip("components", "col.components", lang),
        _tooltip("source", "col.source", lang),
    ]
    lines = alt.Chart().mark_line(strokeWidth=1.5).encode(x=x, y=y, color=color,
                                                          detail=alt.Detail("segment:N"))
    points = (
        alt.Chart()
        .mark_point(size=60)
        .encode(x=x, y=y, color=color, href=alt.Href("source:N"), tooltip=tooltip)
    )
    ranks_text = (
        alt.Chart().mark_text(dy=-10, fontSize=10).encode(x=x, y=y, color=color,
                                                          text=alt.Text("rank:N"))
    )
    subtitle = scope if scope is not None else None
    return _set(
        _layer(lines, points, ranks_text, data=data),
        title=_title("title.published_indices", lang, subtitle), width=WIDTH, height=260
    )


# --- tasks ------------------------------------------------------------------------------


@_described("desc.task_states")
def chart_task_states(
    counts: pd.DataFrame, lang: str = "vi", names: Mapping[str, str] | None = None
) -> alt.Chart:
    """Tasks per unit by state (from :func:`cchc.engine.tasks.compute_task_counts`):
    one stacked bar per unit, in the given order, overdue first along the bar.

    >>> from cchc.engine.tasks import compute_task_counts
    >>> spec = chart_task_states(compute_task_counts(ev.tasks, units).head(3)).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["color"]["field"]
    ('bar', 'state_label')
    """
    check_lang(lang)
    title = _title("title.task_units", lang)
    if _is_empty(counts):
        return chart_no_data(lang, title)
    _require(counts, ["unit_id", *TASK_STATES], "counts")
    units = _unit_labels(counts, names)
    order = list(dict.fromkeys(units))
    long = pd.DataFrame(
        {
            "unit": units.repeat(len(TASK_STATES)).to_numpy(),
            "state": list(TASK_STATES) * len(counts),
            "tasks": counts[list(TASK_STATES)].to_numpy(dtype="int64").ravel(),
        }
    )
    long = long[long["tasks"] > 0]
    if long.empty:
        return chart_no_data(lang, title)
    labels_ = [task_state_label(s, lang) for s in TASK_STATES]
    long["state_label"] = [task_state_label(s, lang) for s in long["state"]]
    long["rank"] = long["state"].map({s: i for i, s in enumerate(TASK_STATES)})
    return (
        alt.Chart(long.reset_index(drop=True))
        .mark_bar(size=14)
        .encode(
            x=alt.X("tasks:Q", stack="zero", title=label("axis.tasks", lang),
                    axis=alt.Axis(format="d")),
            y=alt.Y("unit:N", sort=order, title=None),
            color=alt.Color(
                "state_label:N",
                scale=alt.Scale(domain=labels_, range=[TASK_COLOURS[s] for s in TASK_STATES]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("unit:N", title=label("col.unit", lang)),
                alt.Tooltip("state_label:N", title=label("col.task_state", lang)),
                alt.Tooltip("tasks:Q", title=label("col.tasks", lang)),
            ],
        )
        .properties(title=title, width=WIDTH, height=alt.Step(STEP))
    )
# --- weighted indices (params/indices/) -------------------------------------------------------


def _index_names(index: IndexDefinition, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Group and criterion names of an index in ``lang``."""
    pick = (lambda r: r.name_vi) if lang == "vi" else (lambda r: r.name_en)
    return ({g.id: pick(g) for g in index.groups}, {c.id: pick(c) for c in index.criteria})


def _group_colours(index: IndexDefinition) -> list[str]:
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(index.groups))]


@_described("desc.index_groups")
def chart_index_groups(
    scores_unit: pd.DataFrame, index: IndexDefinition, lang: str = "vi"
) -> alt.LayerChart | alt.Chart:
    """The unit's points against the maximum, as one bar of the index's total (100 points):
    each group a segment as wide as its maximum, filled up to the points it earned; a
    group without data stays empty and says so.

    ``scores_unit`` holds the group rows of one unit and period (``cchc index`` rows).

    >>> from cchc.spec.indices import load_index
    >>> rows = index766.scores.query("unit_id == 'lao-cai'")
    >>> chart_index_groups(rows, load_index("766"), "en").to_dict()["title"]["text"]
    'Points by group'
    """
    check_lang(lang)
    if _is_empty(scores_unit):
        return chart_no_data(lang, _title("title.index_groups", lang))
    _require(scores_unit, ["group_id", "criterion_id", "points", "max_points"], "scores_unit")
    groups, _ = _index_names(index, lang)
    rows = scores_unit[scores_unit["criterion_id"].fillna("") == ""].set_index("group_id")
    start = 0.0
    records = []
    for g in index.groups:
        points = number_or_none(rows["points"].get(g.id)) if g.id in rows.index else None
        records.append({
            "group": groups[g.id],
            "start": start,
            "end": start + g.max_points,
            "earned": start + (points or 0.0),
            "text": (f"{format_number(points, lang, 2)}/{format_number(g.max_points, lang, 0)}"
                     if points is not None else label("index.no_data", lang)),
        })
        start += g.max_points
    data = pd.DataFrame(records)
    total = number_or_none(rows["points"].get("total")) if "total" in rows.index else None
    subtitle = [f"{label('index.total', lang)}: {format_number(total, lang, 2)}/"
                f"{format_number(index.total_points, lang, 0)}"]
    subtitle += [_subtitle(scores_unit)] if _subtitle(scores_unit) else []
    x = alt.X("start:Q", scale=alt.Scale(domain=[0, index.total_points], nice=False),
              title=label("axis.points", lang), axis=alt.Axis(values=list(range(
                  0, int(index.total_points) + 1, 10)), format="d"))
    colour = alt.Color("group:N", sort=list(groups.values()),
                       scale=alt.Scale(domain=list(groups.values()), range=_group_colours(index)),
                       legend=alt.Legend(title=None, columns=3))
    tooltip = [_tooltip("group", "col.group", lang), _tooltip("text", "col.points", lang)]
    room = alt.Chart().mark_bar(size=34, color="#EEEEEE", stroke="#FFFFFF").encode(
        x=x, x2=alt.X2("end:Q"), tooltip=tooltip)
    earned = alt.Chart().mark_bar(size=34).encode(x=x, x2=alt.X2("earned:Q"), color=colour,
                                                  tooltip=tooltip)
    text = alt.Chart().mark_text(dy=-26, fontSize=10).encode(
        x=alt.X("middle:Q", scale=alt.Scale(domain=[0, index.total_points], nice=False)),
        text=alt.Text("text:N"))
    data["middle"] = (data["start"] + data["end"]) / 2
    return _set(_layer(room, earned, text, data=data),
                title=_title("title.index_groups", lang, subtitle), width=WIDTH + 120, height=70)


def index_losses(scores_unit: pd.DataFrame, index: IndexDefinition, lang: str = "vi"
                 ) -> pd.DataFrame:
    """The criteria where the unit loses points, largest loss first, each with its rate and
    what full points would need (raw numbers; :func:`chart_index_losses` and
    :func:`cchc.present.tables.table_index_losses` show them).

    Columns ``criterion_id, criterion, group, rate, points, max_points, lost, need``;
    criteria without data are left out.
    """
    from cchc.spec.counts import INDEX_COUNTS

    groups, criteria = _index_names(index, lang)
    rows = scores_unit[scores_unit["criterion_id"].fillna("") != ""]
    rows = rows[rows["points"].notna()]
    out = []
    for row in rows.itertuples(index=False):  # the criteria of one unit: a dozen or so
        c = index.criterion(row.criterion_id)
        lost = round(c.max_points - float(row.points), 2)
        if lost <= 0:
            continue
        num, den = number_or_none(row.numerator), number_or_none(row.denominator)
        noun = "records" if c.numerator is None else INDEX_COUNTS[c.numerator][0]
        if not den:
            need = label("index.need_nothing", lang)
        else:
            target = c.threshold if c.rule == "threshold" else 100.0
            more = max(0, math.ceil(target * den / 100.0 - 1e-9) - int(num or 0))
            need = label("index.need_rate", lang).format(
                rate=format_number(target, lang, 0), n=format_number(more, lang, 0),
                noun=label(f"index.noun.{noun}", lang))
        out.append({"criterion_id": c.id, "criterion": criteria[c.id], "group": groups[c.group],
                    "rate": number_or_none(row.rate), "points": float(row.points),
                    "max_points": c.max_points, "lost": lost, "need": need})
    frame = pd.DataFrame(out, columns=["criterion_id", "criterion", "group", "rate", "points",
                                       "max_points", "lost", "need"])
    order = {c.id: i for i, c in enumerate(index.criteria)}
    frame["_order"] = frame["criterion_id"].map(order)
    return frame.sort_values(["lost", "_order"], ascending=[False, True], kind="stable").drop(
        columns="_order").reset_index(drop=True)


@_described("desc.index_losses")
def chart_index_losses(
    scores_unit: pd.DataFrame, index: IndexDefinition, lang: str = "vi"
) -> alt.LayerChart | alt.Chart:
    """Where the points are lost: a bar per criterion (points lost, largest first), labelled
    with its rate and what full points would need.

    >>> from cchc.spec.indices import load_index
    >>> rows = index766.scores.query("unit_id == 'lao-cai'")
    >>> chart_index_losses(rows, load_index("766")).to_dict()["title"]["text"]
    'Điểm bị mất, nhiều nhất trước'
    """
    check_lang(lang)
    title = _title("title.index_losses", lang, _subtitle(scores_unit)
                   if not _is_empty(scores_unit) else None)
    if _is_empty(scores_unit):
        return chart_no_data(lang, title)
    losses = index_losses(scores_unit, index, lang)
    if losses.empty:
        return chart_no_data(lang, title)
    groups, _ = _index_names(index, lang)
    data = pd.DataFrame({
        "criterion": losses["criterion"].to_numpy(),
        "group": losses["group"].to_numpy(),
        "lost": losses["lost"].to_numpy(dtype=float),
        "lost_text": _texts(losses["lost"], lang, 2),
        "points_text": [f"{format_number(p, lang, 2)}/{format_number(m, lang, 0)}"
                        for p, m in zip(losses["points"], losses["max_points"], strict=True)],
        "rate_text": _texts(losses["rate"], lang),
        "need": losses["need"].to_numpy(),
    })
    data["label"] = [f"{r} % → {n}" if r != MISSING else n
                     for r, n in zip(data["rate_text"], data["need"], strict=True)]
    order = data["criterion"].tolist()
    y = alt.Y("criterion:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    x = alt.X("lost:Q", title=label("col.lost", lang),
              scale=alt.Scale(domain=[0, max(6.0, float(data["lost"].max()))]))
    tooltip = [_tooltip("criterion", "col.criterion", lang), _tooltip("group", "col.group", lang),
               _tooltip("points_text", "col.points", lang),
               _tooltip("lost_text", "col.lost", lang), _tooltip("rate_text", "col.rate", lang),
               _tooltip("need", "col.need", lang)]
    colour = alt.Color("group:N", sort=list(groups.values()),
                       scale=alt.Scale(domain=list(groups.values()), range=_group_colours(index)),
                       legend=alt.Legend(title=None, columns=3))
    bars = alt.Chart().mark_bar(size=13).encode(x=x, y=y, color=colour, tooltip=tooltip)
    text = alt.Chart().mark_text(align="left", dx=4, fontSize=10).encode(
        x=alt.X("lost:Q"), y=y, text=alt.Text("label:N"))
    return _set(_layer(bars, text, data=data), title=title, width=WIDTH,
                height=alt.Step(STEP + 4))


@_described("desc.index_trend")
def chart_index_trend(
    trend_unit: pd.DataFrame, index: IndexDefinition, lang: str = "vi"
) -> alt.LayerChart | alt.Chart:
    """Points by month, stacked by group, with the total on top: the unit's index over time.

    ``trend_unit`` holds one unit's rows of ``IndexEvaluation.trend``.

    >>> from cchc.spec.indices import load_index
    >>> rows = index766.trend.query("unit_id == 'lao-cai'")
    >>> chart_index_trend(rows, load_index("766")).to_dict()["title"]["text"]
    'Điểm theo tháng'
    """
    check_lang(lang)
    if _is_empty(trend_unit):
        return chart_no_data(lang, _title("title.index_trend", lang))
    _require(trend_unit, ["period", "group_id", "points"], "trend_unit")
    groups, _ = _index_names(index, lang)
    rows = trend_unit[trend_unit["group_id"].isin(list(groups))]
    totals = trend_unit[trend_unit["group_id"] == "total"]
    periods = sorted(set(trend_unit["period"].astype(str)))
    data = pd.DataFrame({
        "period": rows["period"].astype(str).to_numpy(),
        "group": rows["group_id"].map(groups).to_numpy(),
        "points": [p if p is not None else 0.0 for p in _floats(rows["points"])],
        "points_text": _texts(rows["points"], lang, 2),
    })
    rank = {g: i for i, g in enumerate(groups.values())}
    data["order"] = data["group"].map(rank)
    total = pd.DataFrame({"period": totals["period"].astype(str).to_numpy(),
                          "total": _floats(totals["points"]),
                          "total_text": _texts(totals["points"], lang, 1)})
    x = alt.X("period:O", sort=periods, title=None, axis=alt.Axis(labelAngle=-45))
    y = alt.Y("points:Q", stack="zero", title=label("axis.points", lang),
              scale=alt.Scale(domain=[0, index.total_points]))
    colour = alt.Color("group:N", sort=list(groups.values()),
                       scale=alt.Scale(domain=list(groups.values()), range=_group_colours(index)),
                       legend=alt.Legend(title=None, columns=3))
    bars = alt.Chart(data).mark_bar().encode(
        x=x, y=y, color=colour, order=alt.Order("order:Q"),
        tooltip=[_tooltip("period", "col.period", lang), _tooltip("group", "col.group", lang),
                 _tooltip("points_text", "col.points", lang)])
    line = alt.Chart(total).mark_line(color=TARGET_MARK, strokeWidth=1.5, point=True).encode(
        x=x, y=alt.Y("total:Q", scale=alt.Scale(domain=[0, index.total_points])),
        tooltip=[_tooltip("period", "col.period", lang),
                 _tooltip("total_text", "col.total_points", lang)])
    unit = _subtitle(trend_unit.drop(columns="period"))
    return _set(
        _layer(bars, line),
        title=_title("title.index_trend", lang, unit), width=max(WIDTH, 14 * len(periods)),
        height=220)
