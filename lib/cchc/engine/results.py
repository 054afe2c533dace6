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
from cchc.engine.progress import assess, meets_each, shortfall
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
    """Targets, gaps, milestones, ``met`` and progress status, one unit × measure at a time.

    ``met``: this period's value against this year's target in the measure's direction
    (empty without a value or a target). ``status``: the trend of the annual values from
    the base year to the year to date against the final target, and ``status_basis``
    which values it rests on: ``trend_to_period`` (the period has a value, two years or
    more), ``single_year`` (the period has a value, one year: target achieved if it
    already meets the final target, else not available), ``trend_no_period_value``
    (the period has no value, the trend of two years or more is kept and flagged),
    ``none`` (not applicable, no data, or no value for the period and fewer than two
    years: ``no_data``).

    The loop runs over a few thousand small (unit, measure) pairs of already aggregated
    values, never over records.
    """
    clean = series.dropna(subset=["value"])
    by_pair: dict[tuple[str, str], dict[int, float]] = {}
    for unit_id, measure_id, year, value in zip(
            clean["unit_id"].tolist(), clean["measure_id"].tolist(), clean["year"].tolist(),
            clean["value"].tolist(), strict=True):
        by_pair.setdefault((unit_id, measure_id), {})[year] = value
    measures = {m.id: m for m in catalogue.measures}
    indicators = {i.id: i for i in catalogue.indicators}
    level_of = units.frame["level"].to_dict()
    name_of = units.frame["name"].to_dict()
    ended = {level: catalogue.level_ended(level, period.end) for level in set(level_of.values())}
    targets: dict[tuple[str, str], tuple[float | None, float | None]] = {}
    rows = []
    for unit_id, measure_id, value in zip(frame["unit_id"].tolist(),
                                          frame["measure_id"].tolist(),
                                          frame["value"].tolist(), strict=True):
        m = measures[measure_id]
        level = level_of[unit_id]
        row = {"unit_name": name_of[unit_id], "level": level, "group_id": indicators[
            m.indicator].group, "indicator_id": m.indicator, "direction": m.direction}
        if level not in m.applies_to or ended[level]:
            rows.append({**row, "status": "not_applicable", "status_basis": "none"})
            continue
        if (measure_id, level) not in targets:  # looked up once per measure and level
            targets[measure_id, level] = (catalogue.target_for(measure_id, level, period.year),
                                          catalogue.final_target(measure_id, level))
        target, final = targets[measure_id, level]
        row.update(target=target, final_target=final)
        values = by_pair.get((unit_id, measure_id), {})
        has_value = value is not None and not np.isnan(value)
        if has_value:
            row["gap"] = shortfall(value, target, m.direction)
            row["final_gap"] = shortfall(value, final, m.direction)
        years = sum(1 for y in values if catalogue.base_year <= y)
        if not values or (years < 2 and not has_value):
            rows.append({**row, "status": "no_data", "status_basis": "none"})
            continue
        result = assess(values, final, m.direction, base_year=catalogue.base_year,
                        target_year=catalogue.target_year)
        basis = ("trend_no_period_value" if not has_value
                 else "trend_to_period" if years >= 2 else "single_year")
        milestone = _milestone(catalogue, measure_id, level, period.year, result)
        row.update(status=result.status, status_basis=basis, ratio=result.ratio,
                   score=result.score,
                   projection=result.projection,
                   projection_meets_target=result.projection_meets_target,
                   base_year=result.base_year, base_value=result.base_value,
                   milestone=milestone)
        if has_value and milestone is not None:
            row["milestone_gap"] = shortfall(value, milestone, m.direction)
        rows.append(row)
    extra = pd.DataFrame(rows, index=frame.index)
    for column in [*EXTRA_COLUMNS, "target", "gap", "status", "status_basis"]:
        if column not in extra:
            extra[column] = np.nan
    frame = pd.concat([frame, extra], axis=1)
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


def _milestone(catalogue: Catalogue, measure_id: str, level: str, year: int, result
               ) -> float | None:
    """This year's milestone: the schedule where there is one, else the straight line
    from the baseline value to the final target."""
    if len(catalogue.target_rows(measure_id, level)) > 1:
        return catalogue.target_for(measure_id, level, year)
    final = catalogue.final_target(measure_id, level)
    if result.base_year is None or final is None:
        return None
    span = catalogue.target_year - result.base_year
    if span <= 0 or year >= catalogue.target_year:
        return final
    step = min(max(year - result.base_year, 0), span) / span
    return result.base_value + (final - result.base_value) * step


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
