"""Tables of an evaluation for people to read: ``table_*`` functions and :func:`to_html`.

A table here is a display artefact: localised headers, numbers written the way the
language writes them (vi ``82,9``, en ``82.9``; one decimal), "—" where there is no
number, rows in catalogue order. The numbers to compute with stay in
``Evaluation.results``.

>>> table_measures(results_unit, None, "en", group="I").columns[:3].tolist()
['Id', 'Name', 'Value (%)']
"""

from __future__ import annotations

import math

import pandas as pd

from cchc import messages
from cchc.engine.progress import TARGET_THRESHOLDS
from cchc.errors import ParameterError
from cchc.present.labels import (
    MISSING,
    check_lang,
    date_label,
    default_catalogue,
    format_number,
    group_name,
    indicator_name,
    label,
    measure_name,
    measure_sort_key,
    met_label,
    number_or_none,
    status_label,
    task_state_label,
)
from cchc.spec.catalogue import Catalogue
from cchc.spec.indices import IndexDefinition
from cchc.spec.statuses import RANKED_STATUSES, STATUS_ORDER
from cchc.spec.tasks import TASK_STATES

__all__ = [
    "table_headline",
    "table_index_losses",
    "table_index_published",
    "table_index_ranking",
    "table_indicators",
    "table_measures",
    "table_published_indices",
    "table_task_counts",
    "table_tasks",
    "to_html",
    "trend_arrow",
]

MEASURE_COLUMNS = (
    "measure_id",
    "name",
    "value",
    "target",
    "gap",
    "met",
    "status",
    "trend",
    "projection",
    "projection_meets",
)
#: Statuses that come with a progress ratio.
_ASSESSED = frozenset(RANKED_STATUSES)


def _headers(keys: tuple[str, ...], lang: str) -> list[str]:
    return [label(f"col.{k}", lang) for k in keys]


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series(None, index=frame.index, dtype=object)


def trend_arrow(ratio: object, status: str, lang: str = "vi") -> str:
    """The trend as an arrow and the progress ratio R: ``↑`` on track (R ≥ 0.95),
    ``→`` moving too slowly (0 ≤ R < 0.95), ``↓`` going the wrong way (R < 0).

    R compares the observed growth with the growth the target needs, so the arrow
    already accounts for a measure's direction. Without an assessment it is "—".

    >>> trend_arrow(1.088, "substantial_progress", "en"), trend_arrow(-0.3, "deterioration")
    ('↑ 1.09', '↓ −0,30')
    """
    check_lang(lang)
    if status not in _ASSESSED:
        return MISSING
    r = number_or_none(ratio)
    if r is None:
        # R is not finite when the base already equalled the target and the value left it.
        return "↓" if status == "deterioration" else MISSING
    on_track, _, limited = TARGET_THRESHOLDS
    arrow = "↑" if r >= on_track else "→" if r >= limited else "↓"
    return f"{arrow} {format_number(r, lang, 2)}"


def _yes_no(value: object, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return label("ui.yes" if bool(value) else "ui.no", lang)


def table_measures(
    results_unit: pd.DataFrame,
    catalogue: Catalogue | None = None,
    lang: str = "vi",
    group: str | None = None,
) -> pd.DataFrame:
    """One unit's applicable measures (of one ``group``, or all): id, name, value, target,
    gap, this period (``met``: đạt / chưa đạt), the trend status ("xu hướng 2021 → nay",
    flagged when it is kept without a value for the period), the progress ratio, the
    projection to 2025 and whether it meets the target.

    Not-applicable measures are left out; a missing number is "—".

    >>> table_measures(results_unit, None, "vi").iloc[0, 0]
    'I.1.a'
    """
    check_lang(lang)
    base = (catalogue or default_catalogue()).base_year
    headers = [messages.text("mark.period", lang) if k == "met"
               else messages.text("mark.trend", lang, base=base) if k == "status"
               else label("col.ratio", lang) if k == "trend"
               else label(f"col.{k}", lang) for k in MEASURE_COLUMNS]
    if results_unit is None or len(results_unit) == 0:
        return pd.DataFrame(columns=headers, dtype=object)
    missing = [c for c in ("measure_id", "status") if c not in results_unit.columns]
    if missing:
        raise ParameterError.one("results_unit", "missing_columns", columns=", ".join(missing))
    if "unit_id" in results_unit.columns and results_unit["unit_id"].nunique() > 1:
        raise ParameterError.one(
            "results_unit",
            "one_unit_expected",
            ", ".join(sorted(map(str, results_unit["unit_id"].unique()))),
        )
    rows = results_unit[results_unit["status"].fillna("no_data") != "not_applicable"]
    if group is not None:
        if "group_id" in rows.columns:
            rows = rows[rows["group_id"] == group]
        else:
            rows = rows[[str(m).split(".")[0] == group for m in rows["measure_id"]]]
    order = sorted(range(len(rows)), key=lambda i: measure_sort_key(rows["measure_id"].iloc[i]))
    rows = rows.iloc[order]
    statuses = rows["status"].fillna("no_data").astype(str)
    table = pd.DataFrame(
        {
            "measure_id": rows["measure_id"].astype(str),
            "name": [measure_name(catalogue, m, lang) for m in rows["measure_id"]],
            "value": [format_number(v, lang) for v in _column(rows, "value")],
            "target": [format_number(v, lang) for v in _column(rows, "target")],
            "gap": [format_number(v, lang) for v in _column(rows, "gap")],
            "met": [met_label(m, lang) if v is not None and not pd.isna(v) else MISSING
                    for m, v in zip(_column(rows, "met"), _column(rows, "value"),
                                    strict=True)],
            "status": [status_label(s, lang) + (
                f" ({messages.text('mark.no_period_value', lang)})"
                if b == "trend_no_period_value" else "")
                for s, b in zip(statuses, _column(rows, "status_basis"), strict=True)],
            "trend": [
                trend_arrow(r, s, lang)
                for r, s in zip(_column(rows, "ratio"), statuses, strict=True)
            ],
            "projection": [format_number(v, lang) for v in _column(rows, "projection")],
            "projection_meets": [
                _yes_no(v, lang) for v in _column(rows, "projection_meets_target")
            ],
        },
        columns=list(MEASURE_COLUMNS),
    )
    table.columns = headers
    return table.reset_index(drop=True).astype(object)


def table_headline(
    results_unit: pd.DataFrame,
    scores_unit: pd.DataFrame | None,
    lang: str = "vi",
    catalogue: Catalogue | None = None,
) -> pd.DataFrame:
    """The unit at a glance: how many applicable measures are in each status, then the
    overall and group scores (−5 … 5).

    >>> table_headline(results_unit, scores_unit, "en").iloc[0].tolist()
    ['Measures by status', 'Applicable measures', '26']
    """
    check_lang(lang)
    rows: list[tuple[str, str, str]] = []
    section = label("ui.section_status", lang)
    if results_unit is not None and len(results_unit) > 0:
        if "status" not in results_unit.columns:
            raise ParameterError.one("results_unit", "missing_columns", columns="status")
        statuses = results_unit["status"].fillna("no_data")
        applicable = statuses[statuses != "not_applicable"]
        counts = applicable.value_counts()
        rows.append((section, label("ui.applicable_measures", lang), str(len(applicable))))
        rows += [
            (section, status_label(s, lang), str(int(counts.get(s, 0))))
            for s in STATUS_ORDER
            if s != "not_applicable"
        ]
    if scores_unit is not None and len(scores_unit) > 0:
        missing = [c for c in ("kind", "id", "score") if c not in scores_unit.columns]
        if missing:
            raise ParameterError.one("scores_unit", "missing_columns", columns=", ".join(missing))
        section = label("ui.section_scores", lang)
        overall = scores_unit[scores_unit["kind"] == "overall"]
        if len(overall):
            rows.append(
                (
                    section,
                    label("ui.overall_score", lang),
                    format_number(overall["score"].iloc[0], lang),
                )
            )
        groups = scores_unit[scores_unit["kind"] == "group"]
        for group_id in sorted(groups["id"].astype(str).unique(), key=measure_sort_key):
            score = groups.loc[groups["id"] == group_id, "score"].iloc[0]
            name = f"{label('ui.group', lang)} {group_id}. {group_name(catalogue, group_id, lang)}"
            rows.append((section, name, format_number(score, lang)))
    return pd.DataFrame(rows, columns=_headers(("section", "item", "figure"), lang), dtype=object)


def table_indicators(
    results: pd.DataFrame,
    scores: pd.DataFrame,
    catalogue: Catalogue,
    lang: str = "vi",
    names: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Each indicator of the programme, for one unit or side by side for a few (the
    provinces of a period): achieved or not, its score (−5 … 5), and how many of its
    applicable measures reached their target.

    ``results`` and ``scores`` hold the rows of the units to show; ``names`` gives their
    column headings (needed for more than one unit).

    >>> from cchc.spec.catalogue import load_catalogue
    >>> table = table_indicators(results_unit, scores_unit, load_catalogue(), "en")
    >>> table.columns.tolist(), len(table)
    (['Indicator', 'Result', 'Score (−5…5)', 'Measures achieved / applicable'], 19)
    """
    check_lang(lang)
    unit_ids = list(dict.fromkeys(results["unit_id"])) if len(results) else []
    several = len(unit_ids) > 1
    indicators = scores[scores["kind"] == "indicator"].set_index(["unit_id", "id"])
    applicable = results[results["status"].fillna("no_data") != "not_applicable"]
    achieved = (applicable.assign(done=applicable["status"] == "target_achieved")
                .groupby(["unit_id", "indicator_id"])["done"].agg(["sum", "size"]))
    table = {label("col.indicator", lang): [
        f"{i.id}. {indicator_name(catalogue, i.id, lang)}" for i in catalogue.indicators]}
    for unit_id in unit_ids:
        prefix = f"{(names or {}).get(unit_id, unit_id)}: " if several else ""
        result, score, count = [], [], []
        for indicator in catalogue.indicators:
            key = (unit_id, indicator.id)
            if key not in indicators.index:
                result.append(MISSING)
                score.append(MISSING)
                count.append(MISSING)
                continue
            row = indicators.loc[key]
            result.append(label("ui.achieved" if bool(row["achieved"]) else "ui.not_achieved",
                                lang))
            score.append(format_number(row["score"], lang))
            done, size = achieved.loc[key] if key in achieved.index else (0, 0)
            count.append(f"{int(done)}/{int(size)}")
        table[prefix + label("col.result", lang)] = result
        table[prefix + label("col.score", lang)] = score
        table[prefix + label("col.measures_achieved", lang)] = count
    return pd.DataFrame(table, dtype=object)


PUBLISHED_COLUMNS = (
    "index",
    "scope",
    "period",
    "published_value",
    "max",
    "pct_of_max",
    "rank",
    "components",
    "source",
)


def table_published_indices(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The published indices with their sources: value as published (2 decimals), its
    maximum, % of the maximum, rank ``11/63``, components and source address.

    Rows are sorted by index, scope and period.

    >>> table_published_indices(published, "en").columns[3:6].tolist()
    ['Published value', 'Maximum', '% of maximum']
    """
    check_lang(lang)
    headers = _headers(PUBLISHED_COLUMNS, lang)
    if frame is None or len(frame) == 0:
        return pd.DataFrame(columns=headers, dtype=object)
    missing = [c for c in ("index", "scope", "period", "value", "max") if c not in frame.columns]
    if missing:
        raise ParameterError.one("frame", "missing_columns", columns=", ".join(missing))
    rows = frame.assign(period=frame["period"].astype(str)).sort_values(
        ["index", "scope", "period"], kind="stable"
    )

    def text(value: object) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return MISSING
        return str(value)

    def pct(value: object, maximum: object) -> str:
        v, m = number_or_none(value), number_or_none(maximum)
        return format_number(100.0 * v / m, lang) if v is not None and m else MISSING

    def rank(r: object, of: object) -> str:
        r, of = number_or_none(r), number_or_none(of)
        return f"{int(r)}/{int(of)}" if r is not None and of is not None else MISSING

    table = pd.DataFrame(
        {
            "index": [text(v) for v in rows["index"]],
            "scope": [text(v) for v in rows["scope"]],
            "period": rows["period"].tolist(),
            "published_value": [format_number(v, lang, 2) for v in rows["value"]],
            "max": [format_number(v, lang, 0) for v in rows["max"]],
            "pct_of_max": [pct(v, m) for v, m in zip(rows["value"], rows["max"], strict=True)],
            "rank": [
                rank(r, o) for r, o in zip(_column(rows, "rank"), _column(rows, "of"), strict=True)
            ],
            "components": [text(v) for v in _column(rows, "components")],
            "source": [text(v) for v in _column(rows, "source")],
        },
        columns=list(PUBLISHED_COLUMNS),
    )
    table.columns = headers
    return table.reset_index(drop=True).astype(object)


TASK_COLUMNS = ("task_id", "task", "lead_unit", "source_document", "assigned_on", "due_on",
                "done_on", "task_state", "days_late")


def table_tasks(
    states: pd.DataFrame, lang: str = "vi", names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Tasks with their state, as people read them, in the order given (a task list from
    :func:`cchc.engine.tasks.compute_task_states` is overdue first): id, task, lead unit
    (its name from ``names``), source document, dates (``dd/mm/yyyy`` in Vietnamese),
    state, days late.

    >>> table_tasks(ev.tasks.head(1), "en").columns[:3].tolist()
    ['Task id', 'Task', 'Lead unit']
    """
    check_lang(lang)
    headers = _headers(TASK_COLUMNS, lang)
    if states is None or len(states) == 0:
        return pd.DataFrame(columns=headers, dtype=object)
    missing = [c for c in ("task_id", "unit_id", "state") if c not in states.columns]
    if missing:
        raise ParameterError.one("states", "missing_columns", columns=", ".join(missing))

    def text(value: object) -> str:
        return MISSING if value is None or pd.isna(value) else str(value)

    table = pd.DataFrame(
        {
            "task_id": [text(v) for v in states["task_id"]],
            "task": [text(v) for v in _column(states, "title")],
            "lead_unit": [(names or {}).get(u, u) for u in states["unit_id"].astype(str)],
            "source_document": [text(v) for v in _column(states, "source_document")],
            "assigned_on": [date_label(v, lang) for v in _column(states, "assigned_on")],
            "due_on": [date_label(v, lang) for v in _column(states, "due_on")],
            "done_on": [date_label(v, lang) for v in _column(states, "done_on")],
            "task_state": [task_state_label(str(v), lang) for v in states["state"]],
            "days_late": [format_number(v, lang, 0) for v in _column(states, "days_late")],
        },
        columns=list(TASK_COLUMNS),
    )
    table.columns = headers
    return table.reset_index(drop=True).astype(object)


def table_task_counts(
    counts: pd.DataFrame,
    lang: str = "vi",
    names: dict[str, str] | None = None,
    shares: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Tasks per unit by state (from :func:`cchc.engine.tasks.compute_task_counts`), most
    overdue first, then the share of the tasks due in the period done on time (from
    :func:`cchc.engine.tasks.compute_task_shares`, one row per unit) when given.

    >>> from cchc.engine.tasks import compute_task_counts
    >>> table_task_counts(compute_task_counts(ev.tasks, units), "en").columns[:3].tolist()
    ['Unit', 'Overdue', 'Due soon']
    """
    check_lang(lang)
    keys = ("unit", *TASK_STATES, "tasks", "on_time_share")
    headers = [label("col.unit", lang), *(task_state_label(s, lang) for s in TASK_STATES),
               label("col.tasks", lang), label("col.on_time_share", lang)]
    if counts is None or len(counts) == 0:
        return pd.DataFrame(columns=headers, dtype=object)
    _require_columns(counts, ["unit_id", *TASK_STATES, "tasks"], "counts")
    order = counts.assign(_rank=range(len(counts))).sort_values(
        ["overdue", "_rank"], ascending=[False, True], kind="stable")
    share = {} if shares is None else dict(zip(shares["unit_id"], shares["share"], strict=True))
    table = pd.DataFrame(
        {
            "unit": [(names or {}).get(u, u) for u in order["unit_id"].astype(str)],
            **{s: [str(int(v)) for v in order[s]] for s in (*TASK_STATES, "tasks")},
            "on_time_share": [format_number(share.get(u), lang) for u in order["unit_id"]],
        },
        columns=list(keys),
    )
    table.columns = headers
    return table.reset_index(drop=True).astype(object)


def _require_columns(frame: pd.DataFrame, columns: list[str], parameter: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError.one(parameter, "missing_columns", columns=", ".join(missing))


def to_html(frame: pd.DataFrame) -> str:
    """Deterministic HTML for notebooks and dashboards: escaped, no index, one fixed class
    (``cchc-table``), no random ids.

    >>> to_html(pd.DataFrame({"a": ["<b>"]})).count("&lt;b&gt;")
    1
    """
    return frame.to_html(index=False, escape=True, classes="cchc-table", border=0, na_rep=MISSING)


# --------------------------------------------------------------------------- indices


def table_index_losses(scores_unit: pd.DataFrame, index: IndexDefinition, lang: str = "vi"
                       ) -> pd.DataFrame:
    """Where the unit loses points, largest loss first: criterion, group, rate, points of
    the maximum, points lost, and what full points would need.

    >>> from cchc.spec.indices import load_index
    >>> rows = index766.scores.query("unit_id == 'lao-cai'")
    >>> table_index_losses(rows, load_index("766"), "en").columns.tolist()
    ['Criterion', 'Group', 'Rate (%)', 'Points', 'Points lost', 'For full points']
    """
    from cchc.present.charts import index_losses

    check_lang(lang)
    losses = index_losses(scores_unit, index, lang)
    table = pd.DataFrame({
        "criterion": losses["criterion"].tolist(),
        "group": losses["group"].tolist(),
        "rate": [format_number(v, lang) for v in losses["rate"]],
        "points": [f"{format_number(p, lang, 2)}/{format_number(m, lang, 0)}"
                   for p, m in zip(losses["points"], losses["max_points"], strict=True)],
        "lost": [format_number(v, lang, 2) for v in losses["lost"]],
        "need": losses["need"].tolist(),
    }, columns=["criterion", "group", "rate", "points", "lost", "need"])
    table.columns = _headers(("criterion", "group", "rate", "points", "lost", "need"), lang)
    return table.astype(object)


def table_index_ranking(scores: pd.DataFrame, index: IndexDefinition, names: dict[str, str],
                        lang: str = "vi", highlight: str | None = None) -> pd.DataFrame:
    """The units of one level ranked on their total, as the portal lists them: rank, unit,
    total, then each group's points; ``highlight`` marked in the first column.

    ``scores`` holds the group and total rows of the units to rank (one period); ``names``
    gives their names.

    >>> from cchc.spec.indices import load_index
    >>> rows = index766.scores.query("unit_id in ['bat-xat', 'si-ma-cai', 'tp-lao-cai']")
    >>> table_index_ranking(rows, load_index("766"), units.frame["name"].to_dict(), "en"
    ...                     ).columns[:4].tolist()
    ['This unit', 'Rank', 'Unit', 'Total']
    """
    check_lang(lang)
    pick = (lambda r: r.name_vi) if lang == "vi" else (lambda r: r.name_en)
    totals = scores[scores["group_id"] == "total"]
    groups = scores[(scores["group_id"] != "total") & (scores["criterion_id"].fillna("") == "")]
    wide = groups.pivot_table(index="unit_id", columns="group_id", values="points",
                              aggfunc="first")
    totals = totals.assign(_rank=totals["rank"].astype("Float64")).sort_values(
        ["_rank", "unit_id"], kind="stable", na_position="last")
    data: dict[str, list] = {
        "this": ["●" if u == highlight else "" for u in totals["unit_id"]],
        "rank": [MISSING if pd.isna(r) else str(int(r)) for r in totals["rank"]],
        "unit": [names.get(u, u) for u in totals["unit_id"]],
        "total": [format_number(v, lang, 2) for v in totals["points"]],
    }
    headers = [label("ui.this_unit", lang), label("col.rank", lang), label("col.unit", lang),
               label("index.total", lang)]
    for g in index.groups:
        column = wide[g.id] if g.id in wide else pd.Series(dtype=float)
        data[g.id] = [format_number(column.get(u), lang, 2) for u in totals["unit_id"]]
        headers.append(f"{pick(g)} ({format_number(g.max_points, lang, 0)})")
    table = pd.DataFrame(data)
    table.columns = headers
    return table.astype(object)


def table_index_published(published: pd.DataFrame, computed: dict[str, float],
                          lang: str = "vi", index_name: str = "Decision 766 service index"
                          ) -> pd.DataFrame:
    """The published figures of an index (``params/published_indices.csv``) beside the
    ones computed from the data for the same periods (``computed``: period → total, e.g.
    the root unit's monthly totals), with their sources.

    >>> table_index_published(published, {"2024-10": 80.0}, "en").iloc[1, :4].tolist()
    ['Lào Cai', '2024-10', '84.54', '80.00']
    """
    check_lang(lang)
    rows = published[published["index"] == index_name]
    rows = rows[rows["scope"].astype(str).str.startswith("Lào Cai")].assign(
        period=lambda f: f["period"].astype(str)).sort_values(["period", "scope"])
    table = pd.DataFrame({
        "scope": rows["scope"].astype(str).tolist(),
        "period": rows["period"].tolist(),
        "published_value": [format_number(v, lang, 2) for v in rows["value"]],
        "computed": [format_number(computed.get(p), lang, 2) for p in rows["period"]],
        "rank": [f"{int(r)}/{int(o)}" if number_or_none(r) is not None
                 and number_or_none(o) is not None else MISSING
                 for r, o in zip(_column(rows, "rank"), _column(rows, "of"), strict=True)],
        "components": [MISSING if pd.isna(c) else str(c) for c in _column(rows, "components")],
        "source": [MISSING if pd.isna(s) else str(s) for s in _column(rows, "source")],
    })
    table.columns = _headers(("scope", "period", "published_value", "computed", "rank",
                              "components", "source"), lang)
    return table.astype(object)
