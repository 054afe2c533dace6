"""The task register as of a date: each task's state, counts per unit, the share on time.

A task is in one of :data:`cchc.spec.tasks.TASK_STATES` as of a date (see that module
for the rules). Counts roll up the unit tree like the measures: a unit counts its own
tasks, those of every unit below it and those of the units it took over
(:attr:`cchc.spec.units.Units.membership`); counts are summed, never averaged.

Every function takes DataFrames and returns tidy frames; no I/O, no loop over tasks.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cchc.spec.dictionary import load_dictionary
from cchc.spec.tasks import DONE_STATES, DUE_WITHIN_DAYS, TASK_LIST_COLUMNS, TASK_STATES
from cchc.spec.units import Units

#: The columns a task list needs (the register may carry more: title, source, …).
REQUIRED = ("task_id", "unit_id", "assigned_on", "due_on", "done_on")
COUNT_COLUMNS = ["unit_id", *TASK_STATES, "tasks"]
SHARE_COLUMNS = ["unit_id", "period", "decided", "on_time", "share"]


def _day(value: object) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).astype("datetime64[ns]")


def empty_task_states() -> pd.DataFrame:
    """No task: the columns of the register (data dictionary), ``state`` and ``days_late``.

    >>> empty_task_states().columns[-3:].tolist()
    ['note', 'state', 'days_late']
    """
    columns = {}
    for column in load_dictionary().table("tasks").columns:
        dtype = "datetime64[ns]" if column.type == "date" else "string[pyarrow]"
        columns[column.name] = pd.Series(dtype=dtype)
    columns["state"] = pd.Series(dtype=str)
    columns["days_late"] = pd.Series(dtype="Int64")
    return pd.DataFrame(columns)


def compute_task_states(tasks: pd.DataFrame, as_of: dt.date | str | pd.Timestamp,
                        due_within: int = DUE_WITHIN_DAYS) -> pd.DataFrame:
    """Every task assigned by ``as_of``, with its ``state`` and ``days_late``, overdue first.

    ``state`` follows :mod:`cchc.spec.tasks`: a deadline on ``as_of`` itself is due soon,
    not overdue; a task done on its deadline is done on time; a task without a deadline
    is pending until done, then done on time. ``days_late`` counts calendar days past the
    deadline (to ``as_of`` when overdue, to ``done_on`` when done late), else <NA>. A
    completion after ``as_of`` is not known as of that date: ``done_on`` is emptied.

    Rows are ordered by state (:data:`~cchc.spec.tasks.TASK_STATES`), then deadline,
    oldest first (none last), then ``task_id``.

    >>> tasks = pd.DataFrame({
    ...     "task_id": ["a", "b", "c", "d", "e"], "unit_id": "u",
    ...     "assigned_on": pd.to_datetime(["2024-09-01"] * 5),
    ...     "due_on": pd.to_datetime(["2024-09-20", "2024-10-01", "2024-09-25", None,
    ...                               "2024-09-30"]),
    ...     "done_on": pd.to_datetime([None, None, "2024-09-26", None, "2024-09-30"])})
    >>> compute_task_states(tasks, "2024-09-30")[["task_id", "state", "days_late"]]
      task_id         state  days_late
    0       a       overdue         10
    1       b      due_soon       <NA>
    2       d       pending       <NA>
    3       c     done_late          1
    4       e  done_on_time       <NA>
    """
    missing = [c for c in REQUIRED if c not in tasks.columns]
    if missing:
        raise KeyError(f"the task register lacks {', '.join(missing)}")
    day = _day(as_of)
    assigned = _dates(tasks["assigned_on"])
    frame = tasks.loc[(assigned <= day).fillna(False).to_numpy()].copy()
    due = _dates(frame["due_on"])
    done_on = _dates(frame["done_on"])
    done = (done_on <= day).fillna(False).to_numpy()
    has_due = due.notna().to_numpy()
    late = done & has_due & (done_on > due).fillna(False).to_numpy()
    passed = has_due & (due < day).fillna(False).to_numpy()
    horizon = day + pd.Timedelta(days=int(due_within))
    soon = has_due & (due <= horizon).fillna(False).to_numpy()
    # the state as its rank in TASK_STATES (the names follow from the ranks)
    r = {state: i for i, state in enumerate(TASK_STATES)}
    rank = np.select([done & late, done, passed, soon],
                     [r["done_late"], r["done_on_time"], r["overdue"], r["due_soon"]],
                     r["pending"])
    late_by = np.where(done, (done_on - due).dt.days.to_numpy(dtype="float64"),
                       (day - due).dt.days.to_numpy(dtype="float64"))
    frame["due_on"] = due
    frame["done_on"] = done_on.where(done)
    frame["assigned_on"] = _dates(frame["assigned_on"])
    frame["state"] = np.asarray(TASK_STATES, dtype=object)[rank]
    frame["days_late"] = pd.array(np.where(late | (passed & ~done), late_by, np.nan),
                                  dtype="Int64")
    deadline = due.to_numpy(dtype="datetime64[ns]").view(np.int64)
    deadline = np.where(has_due, deadline, np.iinfo(np.int64).max)  # none last
    ids = pd.factorize(frame["task_id"].astype(str), sort=True)[0]
    order = np.lexsort((ids, deadline, rank))
    return frame.take(order).reset_index(drop=True)


def task_list(states: pd.DataFrame) -> pd.DataFrame:
    """The task list as ``cchc tasks --format csv`` and a run's ``tasks.csv`` write it:
    :data:`~cchc.spec.tasks.TASK_LIST_COLUMNS`, dates as ``YYYY-MM-DD`` (empty if none).

    >>> task_list(ev.tasks).columns.tolist()
    ['task_id', 'unit_id', 'title', 'assigned_on', 'due_on', 'done_on', 'state', 'days_late']
    """
    out = pd.DataFrame(index=states.index)
    for column in TASK_LIST_COLUMNS:
        values = states[column] if column in states else pd.Series(pd.NA, index=states.index)
        if column.endswith("_on"):
            values = _dates(values).dt.strftime("%Y-%m-%d").astype(object)
            values = values.where(values.notna(), None)
        elif column == "days_late":
            values = pd.array(values, dtype="Int64")
        else:
            values = values.astype(object).where(values.notna(), None)
        out[column] = values
    return out.reset_index(drop=True)


def carried_by(units: Units) -> pd.DataFrame:
    """Pairs ``member_id, unit_id``: the unit itself and every unit it took over.

    A unit carries its own tasks and those of its predecessors (units naming it as
    ``successor_id``, transitively), not those of the units below it.
    """
    frame = units.frame
    successor = (frame["successor_id"] if "successor_id" in frame
                 else pd.Series(None, index=frame.index))
    pairs = [(u, u) for u in units.ids]
    # a chain of successions is short; follow it from each unit that ended
    for unit, nxt in successor.dropna().items():
        seen = {unit}
        while isinstance(nxt, str) and nxt not in seen:
            pairs.append((unit, nxt))
            seen.add(nxt)
            nxt = successor.get(nxt)
            nxt = None if pd.isna(nxt) else nxt
    return pd.DataFrame(sorted(set(pairs)), columns=["member_id", "unit_id"])


def compute_task_counts(states: pd.DataFrame, units: Units, rolled: bool = True
                        ) -> pd.DataFrame:
    """Tasks per unit and state: ``unit_id``, one column per state, ``tasks``.

    ``rolled``: a unit counts its tasks, those of every unit below it and those of the
    units it took over (the measures' roll-up); otherwise only its own and its
    predecessors' (:func:`carried_by`). Every unit of ``units`` has a row, in tree order.

    >>> counts = compute_task_counts(ev.tasks, units)
    >>> root = counts.set_index("unit_id").loc[units.root]
    >>> int(root["tasks"]) == len(ev.tasks)
    True
    """
    pairs = units.membership[["member_id", "unit_id"]] if rolled else carried_by(units)
    joined = states[["unit_id", "state"]].rename(columns={"unit_id": "member_id"}).merge(
        pairs, on="member_id")
    counts = joined.groupby(["unit_id", "state"]).size().unstack("state")
    counts = counts.reindex(index=units.ordered(), columns=list(TASK_STATES)).fillna(0)
    counts = counts.astype("int64")
    counts["tasks"] = counts.sum(axis=1)
    counts.index.name = "unit_id"
    counts.columns.name = None
    return counts.reset_index()[COUNT_COLUMNS]


def compute_task_shares(tasks: pd.DataFrame, units: Units,
                        as_of: dt.date | str | pd.Timestamp, freq: str = "quarter"
                        ) -> pd.DataFrame:
    """The share of tasks done on time per unit and period of their deadline, rolled up.

    A task counts in the period (quarter ``2024Q3`` or year ``2024``) of its deadline once
    it is decided as of ``as_of``: done (on time or late) or overdue. Tasks without a
    deadline, and those not yet due, do not count. ``share`` = 100 × on time / decided,
    with numerators and denominators summed up the unit tree (never shares averaged).

    >>> tasks = pd.DataFrame({
    ...     "task_id": ["a", "b", "c"], "unit_id": units.root,
    ...     "assigned_on": pd.to_datetime(["2024-01-02"] * 3),
    ...     "due_on": pd.to_datetime(["2024-02-01", "2024-03-01", "2024-04-01"]),
    ...     "done_on": pd.to_datetime(["2024-01-20", None, "2024-04-05"])})
    >>> shares = compute_task_shares(tasks, units, "2024-06-30")
    >>> province = shares[shares["unit_id"] == units.root]
    >>> province[["period", "decided", "on_time", "share"]].to_dict("records")
    [{'period': '2024Q1', 'decided': 2, 'on_time': 1, 'share': 50.0},
     {'period': '2024Q2', 'decided': 1, 'on_time': 0, 'share': 0.0}]
    """
    if freq not in ("quarter", "year"):
        raise ValueError(f"freq must be 'quarter' or 'year', not {freq!r}")
    states = compute_task_states(tasks, as_of)
    decided = states[states["state"].isin(["overdue", *DONE_STATES]).to_numpy()
                     & states["due_on"].notna().to_numpy()]
    due = decided["due_on"]
    period = due.dt.year.astype("int64").astype(str)
    if freq == "quarter":
        period = period + "Q" + due.dt.quarter.astype("int64").astype(str)
    values = pd.DataFrame({"member_id": decided["unit_id"].to_numpy(),
                           "period": period.to_numpy(),
                           "decided": 1,
                           "on_time": (decided["state"] == "done_on_time").to_numpy(dtype=int)})
    joined = values.merge(units.membership[["member_id", "unit_id"]], on="member_id")
    out = joined.groupby(["unit_id", "period"], as_index=False, sort=True)[
        ["decided", "on_time"]].sum()
    out["share"] = (100.0 * out["on_time"] / out["decided"]).round(4)
    rank = {u: i for i, u in enumerate(units.ordered())}
    out = out.sort_values(["unit_id", "period"], key=lambda c: c.map(rank)
                          if c.name == "unit_id" else c, kind="stable")
    return out[SHARE_COLUMNS].astype({"decided": "int64", "on_time": "int64"}).reset_index(
        drop=True)
