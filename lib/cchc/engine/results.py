"""Values, targets, gaps and progress for every unit and measure of a period.

This is where the pure pieces meet: owner-level cells (:mod:`cchc.measures`) are cut
into windows, rolled up the unit tree, compared with the catalogue's targets and
assessed (:func:`cchc.progress.assess`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cchc.engine.measures import Window, compute_cells, contact_values, rollup, window_values
from cchc.engine.progress import assess_each, meets_each, shortfall_each
from cchc.engine.tasks import compute_task_states, empty_task_states
from cchc.errors import ParameterError
from cchc.sources.dataset import Dataset
from cchc.spec.catalogue import Catalogue, load_catalogue
from cchc.spec.periods import FIRST_YEAR, Period

RESULT_COLUMNS = ["unit_id", "period", "measure_id", "numerator", "denominator", "value",
                  "target", "gap", "met", "status", "status_basis"]
EXTRA_COLUMNS = ["unit_name", "level", "group_id", "indicator_id", "direction", "final_target",
                 "final_gap", "milestone", "milestone_gap", "ratio", "score", "projection",
                 "projection_meets_target", "base_year", "base_value"]
DECIMALS = 4


@dataclass(frozen=True)
class Evaluation:
    """Everything computed for one period: the tables notebooks and dashboards show."""

    period: str
    results: pd.DataFrame  # RESULT_COLUMNS + EXTRA_COLUMNS, one row per unit × measure
    series: pd.DataFrame  # unit_id, measure_id, year, numerator, denominator, value
    scores: pd.DataFrame  # unit_id, period, kind, id, score, achieved, measures
    contacts: pd.DataFrame  # unit_id, period, contacts, dossiers, total, share
    synthetic: bool
    #: the task register as of the period's last day: its columns, state, days_late
    tasks: pd.DataFrame = field(default_factory=empty_task_states)


def windows_for(period: Period, base_year: int = FIRST_YEAR) -> tuple[Window, list[Window]]:
    """The period's own window, and the annual windows from the programme's base year to
    the period's year (year to date)."""
    own = Window(f"period:{period}", period.year, period.quarters)
    annual = [Window(str(y), y, (1, 2, 3, 4)) for y in range(base_year, period.year)]
    annual.append(Window(str(period.year), period.year, tuple(range(1, period.last_quarter + 1))))
    return own, annual


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    num = numerator.astype("float64")
    den = denominator.astype("float64")
    return (100.0 * num / den.where(den != 0)).round(DECIMALS)


def evaluate(dataset: Dataset, period: str | Period, catalogue: Catalogue | None = None
             ) -> Evaluation:
    """Compute results, annual series, scores and contact distribution for ``period``.

    >>> ev = evaluate(data, "2024Q3")
    >>> ev.results.columns[:5].tolist()
    ['unit_id', 'period', 'measure_id', 'numerator', 'denominator']
    """
    period = Period.parse(str(period)) if not isinstance(period, Period) else period
    catalogue = catalogue or load_catalogue()
    if period.year < catalogue.base_year:
        raise ParameterError.one("period", "period_before_programme", str(period),
                                 first=catalogue.base_year)
    units = dataset.units
    own, annual = windows_for(period, catalogue.base_year)
    cells = compute_cells(dataset, catalogue.readings)
    scoped = [m.id for m in catalogue.measures if m.scope == "level"]
    values = window_values(cells, [own, *annual], units, catalogue.base_year,
                           catalogue.readings)
    rolled = rollup(values, units, scoped)
    rolled["value"] = _share(rolled["numerator"], rolled["denominator"])

    # The tree in force at the period's end: an old unit is reported for periods before
    # its end only, its successor from its start (with the history it took over).
    unit_ids = units.ordered(at=pd.Timestamp(period.end))
    grid = pd.MultiIndex.from_product([unit_ids, list(catalogue.measure_ids)],
                                      names=["unit_id", "measure_id"]).to_frame(index=False)
    current = rolled[rolled["window"] == own.key].drop(columns="window")
    frame = grid.merge(current, on=["unit_id", "measure_id"], how="left")

    series = rolled[rolled["window"].isin([w.key for w in annual])].rename(
        columns={"window": "year"})
    series["year"] = series["year"].astype(int)
    series = series[series["unit_id"].isin(unit_ids)]
    frame = _assess_all(frame, series, units, catalogue, period)
    frame.insert(1, "period", str(period))

    results = frame[RESULT_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)
    contacts = _contacts(cells, units, own, unit_ids)
    contacts.insert(1, "period", str(period))
    applicable = results[["unit_id", "measure_id"]][results["status"] != "not_applicable"]
    series = series.merge(applicable, on=["unit_id", "measure_id"])
    series = series.sort_values(["unit_id", "measure_id", "year"], key=_unit_order(unit_ids))
    register = dataset.tables.get("tasks")
    tasks = (empty_task_states() if register is None
             else compute_task_states(register, period.end))
    return Evaluation(str(period), results, series.reset_index(drop=True),
                      compute_scores(results, catalogue), contacts, dataset.synthetic,
                      tasks)


def _unit_order(unit_ids: list[str]):
    rank = {u: i for i, u in enumerate(unit_ids)}

    def key(column: pd.Series) -> pd.Series:
        return column.map(rank) if column.name == "unit_id" else column

    return key


def _assess_all(frame: pd.DataFrame, series: pd.DataFrame, units, catalogue: Catalogue,
                period: Period) -> pd.DataFrame:
    """Targets, gaps, milestones, ``met`` and progress status of every unit × measure.

    ``met``: this period's value against this year's target in the measure's direction
    (empty without a value or a target). ``status``: the trend of the annual values from
    the base year to the year to date against the final target, and ``status_basis``
    which values it rests on: ``trend_to_period`` (the period has a value, two years or
    more), ``single_year`` (the period has a value, one year: target achieved if it
    already meets the final target, else not available), ``trend_no_period_value``
    (the period has no value, the trend of two years or more is kept and flagged),
    ``none`` (not applicable, no data, or no value for the period and fewer than two
    years: ``no_data``).

    Vectorised: the catalogue is asked once per measure and level, and every series is
    assessed at once (:func:`cchc.engine.progress.assess_each`: the country has tens of
    thousands of them).
    """
    n = len(frame)
    measures = {m.id: m for m in catalogue.measures}
    indicators = {i.id: i for i in catalogue.indicators}
    level_of = units.frame["level"].to_dict()
    name_of = units.frame["name"].to_dict()
    level = frame["unit_id"].map(level_of).astype(object)
    rules = _rules(frame["measure_id"], level, measures, indicators, catalogue, period)
    rules = pd.DataFrame({"measure_id": frame["measure_id"].to_numpy(),
                          "level": level.to_numpy()}).merge(
        rules, on=["measure_id", "level"], how="left")
    applies = rules["applies"].to_numpy(dtype=bool)
    value = frame["value"].to_numpy(dtype="float64", na_value=np.nan)
    has_value = ~np.isnan(value)
    nan = np.full(n, np.nan)
    target = np.where(applies, rules["target"].to_numpy(dtype="float64"), np.nan)
    final = np.where(applies, rules["final"].to_numpy(dtype="float64"), np.nan)
    direction = rules["direction"]
    valued = applies & has_value
    gap = np.where(valued, shortfall_each(frame["value"], pd.Series(target), direction), nan)
    final_gap = np.where(valued, shortfall_each(frame["value"], pd.Series(final), direction),
                         nan)

    # each (unit, measure) pair's annual values, by the frame's row
    clean = series.dropna(subset=["value"])
    rows = pd.DataFrame({"unit_id": frame["unit_id"].to_numpy(),
                         "measure_id": frame["measure_id"].to_numpy(), "row": np.arange(n)})
    points = clean[["unit_id", "measure_id", "year", "value"]].merge(
        rows, on=["unit_id", "measure_id"])
    row = points["row"].to_numpy()
    any_point = np.bincount(row, minlength=n) > 0
    years = np.bincount(row[points["year"].to_numpy() >= catalogue.base_year], minlength=n)
    no_data = applies & (~any_point | ((years < 2) & ~has_value))
    assessed = applies & ~no_data
    labels = pd.Index(np.flatnonzero(assessed))
    result = assess_each(points[["row", "year", "value"]].rename(columns={"row": "series"}),
                         pd.Series(final[labels], index=labels),
                         pd.Series(direction.to_numpy()[labels], index=labels),
                         base_year=catalogue.base_year, target_year=catalogue.target_year)
    result = result.reindex(pd.RangeIndex(n))
    status = np.where(~applies, "not_applicable", np.where(
        no_data, "no_data", result["status"].to_numpy(dtype=object))).astype(object)
    basis = np.where(~assessed, "none", np.where(
        ~has_value, "trend_no_period_value",
        np.where(years >= 2, "trend_to_period", "single_year"))).astype(object)
    milestone = _milestones(rules, result, catalogue, period.year)
    milestone = np.where(assessed, milestone, np.nan)
    milestone_gap = np.where(assessed & has_value & ~np.isnan(milestone), shortfall_each(
        frame["value"], pd.Series(milestone), direction), np.nan)

    frame = frame.copy()
    extra = {
        "unit_name": frame["unit_id"].map(name_of).astype(object).to_numpy(),
        "level": level.to_numpy(), "group_id": rules["group_id"].to_numpy(dtype=object),
        "indicator_id": rules["indicator_id"].to_numpy(dtype=object),
        "direction": direction.to_numpy(dtype=object), "target": target,
        "final_target": final, "gap": gap, "final_gap": final_gap, "status": status,
        "status_basis": basis, "ratio": result["ratio"].to_numpy(dtype="float64"),
        "score": result["score"].to_numpy(dtype="float64"),
        "projection": result["projection"].to_numpy(dtype="float64"),
        "projection_meets_target": result["projection_meets_target"].array,
        "base_year": result["base_year"].array,
        "base_value": result["base_value"].to_numpy(dtype="float64"),
        "milestone": milestone, "milestone_gap": milestone_gap,
    }
    for column, values in extra.items():
        frame[column] = values
    na = frame["status"] == "not_applicable"
    frame.loc[na, ["numerator", "denominator", "value"]] = np.nan
    frame["met"] = meets_each(frame["value"], frame["target"], frame["direction"])
    for column in ("numerator", "denominator", "base_year"):
        frame[column] = frame[column].astype("Int64")
    for column in ("target", "gap", "final_target", "final_gap", "milestone", "milestone_gap",
                   "ratio", "score", "projection", "base_value"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64").round(DECIMALS)
    frame["projection_meets_target"] = frame["projection_meets_target"].astype("boolean")
    return frame


def _rules(measure_ids: pd.Series, levels: pd.Series, measures: dict, indicators: dict,
           catalogue: Catalogue, period: Period) -> pd.DataFrame:
    """What the catalogue says of each measure at each level present: whether it applies
    (and the level is not abolished by the period's end), this year's and the final
    target, the milestone of a schedule, its indicator and group and direction."""
    pairs = pd.DataFrame({"measure_id": measure_ids.to_numpy(),
                          "level": levels.to_numpy()}).drop_duplicates()
    ended: dict[str, bool] = {}
    out = []
    for measure_id, level in zip(pairs["measure_id"], pairs["level"], strict=True):
        m = measures[measure_id]
        if level not in ended:
            ended[level] = catalogue.level_ended(level, period.end)
        applies = level in m.applies_to and not ended[level]
        target = final = scheduled = None
        if applies:
            target = catalogue.target_for(measure_id, level, period.year)
            final = catalogue.final_target(measure_id, level)
            if len(catalogue.target_rows(measure_id, level)) > 1:
                scheduled = target
        out.append((measure_id, level, applies, target, final, scheduled,
                    indicators[m.indicator].group, m.indicator, m.direction))
    return pd.DataFrame(out, columns=["measure_id", "level", "applies", "target", "final",
                                      "scheduled", "group_id", "indicator_id", "direction"]
                        ).astype({"target": "float64", "final": "float64",
                                  "scheduled": "float64"})


def _milestones(rules: pd.DataFrame, result: pd.DataFrame, catalogue: Catalogue,
                year: int) -> np.ndarray:
    """This year's milestone of each row: the schedule's target where there is one, else
    the straight line from the baseline value to the final target (NaN: none)."""
    scheduled = rules["scheduled"].to_numpy(dtype="float64")
    has_schedule = ~rules["scheduled"].isna().to_numpy()
    final = rules["final"].to_numpy(dtype="float64")
    base_year = result["base_year"].to_numpy(dtype="float64", na_value=np.nan)
    base_value = result["base_value"].to_numpy(dtype="float64")
    known = ~np.isnan(base_year) & ~np.isnan(final)
    first = np.where(known, base_year, 0).astype(np.int64)
    span = catalogue.target_year - first
    reached = (span <= 0) | (year >= catalogue.target_year)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.minimum(np.maximum(year - first, 0), span) / span
    line = np.where(reached, final, base_value + (final - base_value) * step)
    return np.where(has_schedule, scheduled, np.where(known, line, np.nan))


def _contacts(cells, units, own: Window, unit_ids: list[str]) -> pd.DataFrame:
    values = contact_values(cells, [own])
    rolled = rollup(values, units, by="contacts")
    rolled = rolled[rolled["unit_id"].isin(unit_ids)].drop(columns="window")
    rolled = rolled.rename(columns={"numerator": "dossiers", "denominator": "total"})
    rolled["share"] = _share(rolled["dossiers"], rolled["total"])
    rolled = rolled.sort_values(["unit_id", "contacts"], key=_unit_order(unit_ids))
    return rolled[["unit_id", "contacts", "dossiers", "total", "share"]].reset_index(drop=True)


def compute_results(dataset: Dataset, period: str | Period,
                    catalogue: Catalogue | None = None) -> pd.DataFrame:
    """One row per unit × measure: value, target, gap, status (see :func:`evaluate`)."""
    return evaluate(dataset, period, catalogue).results


def compute_scores(results: pd.DataFrame, catalogue: Catalogue | None = None) -> pd.DataFrame:
    """Indicator, group and overall scores per unit: the mean of their parts' scores.

    An indicator is achieved only if every applicable measure is; a group only if every
    indicator with an applicable measure is.
    """
    catalogue = catalogue or load_catalogue()
    applicable = results[results["status"] != "not_applicable"].copy()
    applicable["achieved"] = applicable["status"] == "target_achieved"
    keys = ["unit_id", "period"]
    ind = applicable.groupby([*keys, "group_id", "indicator_id"], sort=False).agg(
        score=("score", "mean"), achieved=("achieved", "all"), measures=("measure_id", "size"))
    ind = ind.reset_index()
    grp = ind.groupby([*keys, "group_id"], sort=False).agg(
        score=("score", "mean"), achieved=("achieved", "all"), measures=("measures", "sum"))
    grp = grp.reset_index()
    overall = grp.groupby(keys, sort=False).agg(
        score=("score", "mean"), achieved=("achieved", "all"), measures=("measures", "sum"))
    overall = overall.reset_index()
    frames = [
        ind.rename(columns={"indicator_id": "id"}).drop(columns="group_id").assign(
            kind="indicator"),
        grp.rename(columns={"group_id": "id"}).assign(kind="group"),
        overall.assign(kind="overall", id="all"),
    ]
    out = pd.concat(frames, ignore_index=True)
    out["score"] = out["score"].round(DECIMALS)
    kind_rank = {"overall": 0, "group": 1, "indicator": 2}
    order = {u: i for i, u in enumerate(dict.fromkeys(results["unit_id"]))}
    id_rank = {x: i for i, x in enumerate(
        [g.id for g in catalogue.groups] + [i.id for i in catalogue.indicators] + ["all"])}
    out = out.sort_values(["unit_id", "kind", "id"], key=lambda c: c.map(
        order if c.name == "unit_id" else kind_rank if c.name == "kind" else id_rank))
    return out[["unit_id", "period", "kind", "id", "score", "achieved", "measures"]].reset_index(
        drop=True)
