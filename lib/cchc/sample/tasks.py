"""The task register of the synthetic province: tasks for every unit, every state occurring.

It takes the units and the years it is given (any unit tree, any years; units that start
or end part way through get tasks only while they exist) and draws, for each unit:

* a recurring task, one row per quarter (how a recurring task is recorded): the
  quarter's administrative-reform report, assigned on the quarter's first day, due five
  days after its end — so as of any quarter's end, that quarter's report is due soon;
* the next year's reform plan, assigned on 15 November, due on 31 January — as of a
  year's end it is pending;
* ad-hoc tasks, a Poisson number per quarter (more for the province and departments
  than for communes), with deadlines of 10 to 90 days, a few without one, each linked
  to the programme measure it serves where there is one.

Each unit has a diligence drawn from the seed: the share of its tasks done by the
deadline. The others are done late (1 to 45 days after) or not at all. Nothing is
completed after the sample's last day (``as_of``, the last year's 31 December by
default) nor after its unit ended: such a task is still open then, and a unit that
took over the ended one carries it. If a draw left a state out as of ``as_of``, one
task is rewritten so that every state of :data:`cchc.spec.tasks.TASK_STATES` occurs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.engine.tasks import compute_task_states
from cchc.spec.tasks import DUE_WITHIN_DAYS, TASK_STATES

#: Mean ad-hoc tasks per unit and quarter, by level.
AD_HOC_PER_QUARTER: dict[str, float] = {
    "province": 1.5, "department": 1.0, "district": 1.0, "commune": 0.4,
}
#: Ad-hoc tasks: (title, the measure it serves or None).
AD_HOC: tuple[tuple[str, str | None], ...] = (
    ("Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết", "I.4.a"),
    ("Triển khai thanh toán trực tuyến cho các thủ tục có phí, lệ phí", "I.2.a"),
    ("Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực", "I.3.a"),
    ("Công khai, cập nhật thủ tục hành chính nội bộ", "I.6.a"),
    ("Khảo sát mức độ hài lòng của người dân, doanh nghiệp", "I.5.a"),
    ("Kết nối hệ thống báo cáo với Hệ thống thông tin báo cáo quốc gia", "IV.4.a"),
    ("Cập nhật tiến độ nhiệm vụ trên Phân hệ theo dõi nhiệm vụ", "IV.8.a"),
    ("Tự kiểm tra công tác cải cách hành chính tại đơn vị", None),
    ("Xây dựng kế hoạch chuyển đổi số của cơ quan, đơn vị", None),
    ("Báo cáo số liệu phục vụ xác định Chỉ số cải cách hành chính", None),
)
AD_HOC_DAYS = np.array([10, 15, 20, 30, 45, 60, 90])
NO_DEADLINE = 0.08  # share of ad-hoc tasks without a deadline
REPORT_GRACE_DAYS = 5  # a quarter's report is due this many days after the quarter ends
PREFIX = "NV"


def build_tasks(units: pd.DataFrame, years: Sequence[int], rng: np.random.Generator,
                as_of: dt.date | None = None) -> pa.Table:
    """The ``tasks`` table for ``units`` (the units table's columns) over ``years``.

    ``as_of`` is the sample's last day (default: 31 December of the last year): no task
    is assigned or completed after it, and every task state occurs as of that day.

    >>> from cchc.sample.draws import _rng
    >>> units = pd.DataFrame({"unit_id": ["p", "d"], "name": ["Tỉnh P", "Sở D"],
    ...                       "level": ["province", "department"], "parent_id": [None, "p"]})
    >>> tasks = build_tasks(units, [2030, 2031], _rng(1, "tasks"))
    >>> tasks.num_rows > 16, sorted(set(tasks["unit_id"].to_pylist()))
    (True, ['d', 'p'])
    """
    years = sorted({int(y) for y in years})
    if not years:
        raise ValueError("build_tasks needs at least one year")
    last = pd.Timestamp(as_of or dt.date(years[-1], 12, 31))
    first = pd.Timestamp(years[0], 1, 1)
    frame = units.reset_index(drop=True)
    start = _column(frame, "valid_from").fillna(first).clip(lower=first)
    end = _column(frame, "valid_to").fillna(last).clip(upper=last)
    names = dict(zip(frame["unit_id"], frame["name"], strict=True))
    boss = frame["parent_id"].map(names).fillna(frame["name"]).to_numpy(dtype=object)
    diligence = 0.55 + 0.4 * rng.random(len(frame))

    quarters = pd.period_range(first, last, freq="Q")
    q_start = quarters.start_time.normalize().to_numpy()
    q_end = quarters.end_time.normalize().to_numpy()
    unit_i = np.repeat(np.arange(len(frame)), len(quarters))
    quarter_i = np.tile(np.arange(len(quarters)), len(frame))
    alive = ((q_start[quarter_i] <= end.to_numpy()[unit_i])
             & (q_end[quarter_i] >= start.to_numpy()[unit_i]))
    unit_i, quarter_i = unit_i[alive], quarter_i[alive]

    parts = [
        _reports(unit_i, quarter_i, quarters),
        _plans(frame, start, end, years),
        _ad_hoc(frame, unit_i, quarter_i, q_start, q_end, rng),
    ]
    tasks = pd.concat(parts, ignore_index=True)
    # no task before its unit exists or after the sample's last day
    unit_start = start.to_numpy()[tasks["unit"]]
    tasks["assigned_on"] = np.maximum(tasks["assigned_on"].to_numpy(), unit_start)
    tasks = tasks[tasks["assigned_on"].to_numpy() <= end.to_numpy()[tasks["unit"]]]
    tasks = tasks.reset_index(drop=True)
    tasks["done_on"] = _completion(tasks, diligence, end.to_numpy(), rng)
    _cover_states(tasks, last)

    key = tasks["assigned_on"].to_numpy().astype("datetime64[D]").astype(np.int64)
    order = np.lexsort((rng.random(len(tasks)), key))
    tasks = tasks.iloc[order].reset_index(drop=True)
    year = tasks["assigned_on"].dt.year
    seq = tasks.groupby(year).cumcount() + 1
    task_id = PREFIX + "-" + year.astype(str) + "-" + seq.astype(str).str.zfill(5)
    unit_ids = frame["unit_id"].to_numpy(dtype=object)[tasks["unit"]]
    return pa.table({
        "task_id": pa.array(task_id, pa.string()),
        "title": pa.array(tasks["title"], pa.string()),
        "source_document": pa.array(tasks["source_document"], pa.string()),
        "assigned_by": pa.array(boss[tasks["unit"]], pa.string()),
        "assigned_on": _date32(tasks["assigned_on"]),
        "unit_id": pa.array(unit_ids, pa.string()),
        "due_on": _date32(tasks["due_on"]),
        "done_on": _date32(tasks["done_on"]),
        "measure_id": pa.array(tasks["measure_id"], pa.string(), from_pandas=True),
        "note": pa.array(tasks["note"], pa.string(), from_pandas=True),
    })


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return pd.to_datetime(frame[name]).astype("datetime64[ns]")


def _date32(series: pd.Series) -> pa.Array:
    return pa.array(pd.to_datetime(series).dt.date, pa.date32(), from_pandas=True)


def _reports(unit_i: np.ndarray, quarter_i: np.ndarray, quarters: pd.PeriodIndex
             ) -> pd.DataFrame:
    """The recurring quarterly report: one row per unit and quarter."""
    q = quarters[quarter_i]
    ends = q.end_time.normalize()
    return pd.DataFrame({
        "unit": unit_i,
        "title": [f"Báo cáo kết quả công tác cải cách hành chính quý {p.quarter}/{p.year}"
                  for p in q],
        "source_document": [f"Kế hoạch cải cách hành chính năm {y} của UBND tỉnh"
                            for y in q.year],
        "assigned_on": q.start_time.normalize(),
        "due_on": ends + pd.Timedelta(days=REPORT_GRACE_DAYS),
        "earliest": ends,  # a quarter's report is written once it is over
        "measure_id": None,
        "note": "Nhiệm vụ định kỳ hằng quý: mỗi quý một dòng",
    })


def _plans(frame: pd.DataFrame, start: pd.Series, end: pd.Series, years: Sequence[int]
           ) -> pd.DataFrame:
    """Next year's reform plan, assigned on 15 November of each year the unit exists."""
    assigned = pd.to_datetime([f"{y}-11-15" for y in years])
    unit_i = np.repeat(np.arange(len(frame)), len(years))
    day = np.tile(assigned.to_numpy(), len(frame))
    ok = (day >= start.to_numpy()[unit_i]) & (day <= end.to_numpy()[unit_i])
    unit_i, day = unit_i[ok], pd.DatetimeIndex(day[ok])
    return pd.DataFrame({
        "unit": unit_i,
        "title": [f"Xây dựng, ban hành kế hoạch cải cách hành chính năm {y + 1}"
                  for y in day.year],
        "source_document": [f"Kế hoạch cải cách hành chính năm {y} của UBND tỉnh"
                            for y in day.year],
        "assigned_on": day,
        "due_on": pd.to_datetime([f"{y + 1}-01-31" for y in day.year]),
        "earliest": day + pd.Timedelta(days=30),
        "measure_id": None,
        "note": None,
    })


def _ad_hoc(frame: pd.DataFrame, unit_i: np.ndarray, quarter_i: np.ndarray,
            q_start: np.ndarray, q_end: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Ad-hoc tasks: a Poisson number per unit and quarter, a uniform day of it."""
    mean = frame["level"].map(AD_HOC_PER_QUARTER).fillna(0.5).to_numpy()[unit_i]
    count = rng.poisson(mean)
    unit = np.repeat(unit_i, count)
    quarter = np.repeat(quarter_i, count)
    n = len(unit)
    span = (q_end[quarter] - q_start[quarter]).astype("timedelta64[D]").astype(np.int64) + 1
    offset = np.floor(rng.random(n) * span).astype("timedelta64[D]")
    assigned = q_start[quarter].astype("datetime64[D]") + offset
    days = AD_HOC_DAYS[rng.integers(0, len(AD_HOC_DAYS), n)].astype("timedelta64[D]")
    due = pd.Series(assigned + days).where(rng.random(n) >= NO_DEADLINE)
    kind = rng.integers(0, len(AD_HOC), n)
    titles = np.array([t for t, _ in AD_HOC], dtype=object)
    measures = np.array([m for _, m in AD_HOC], dtype=object)
    numbers = rng.integers(100, 4000, n)
    year = pd.DatetimeIndex(assigned).year
    return pd.DataFrame({
        "unit": unit,
        "title": titles[kind],
        "source_document": [f"Công văn số {k}/UBND-NC năm {y}"
                            for k, y in zip(numbers, year, strict=True)],
        "assigned_on": pd.DatetimeIndex(assigned),
        "due_on": due.astype("datetime64[ns]"),
        "earliest": pd.DatetimeIndex(assigned),
        "measure_id": measures[kind],
        "note": None,
    })


def _completion(tasks: pd.DataFrame, diligence: np.ndarray, end: np.ndarray,
                rng: np.random.Generator) -> pd.Series:
    """When each task was done: by the deadline (the unit's diligence), late, or not yet.

    A task done on time is done on a uniform day from its ``earliest`` (its assignment,
    or when the work can start: a quarter's report once the quarter is over) to its
    deadline.
    """
    n = len(tasks)
    assigned = np.maximum(tasks["earliest"], tasks["assigned_on"]).to_numpy().astype(
        "datetime64[D]")
    due = tasks["due_on"].to_numpy().astype("datetime64[D]")
    has_due = ~np.isnat(due)
    u = rng.random((3, n))
    on_time = u[0] < diligence[tasks["unit"]]
    late = ~on_time & (u[0] < diligence[tasks["unit"]] + 0.8 * (1 - diligence[tasks["unit"]]))
    window = np.where(has_due, (due - assigned).astype(np.int64), 0) + 1
    early = assigned + np.floor(u[1] * window).astype("timedelta64[D]")
    after = due + (1 + np.floor(u[2] * 45)).astype("timedelta64[D]")
    someday = assigned + (5 + np.floor(u[2] * 115)).astype("timedelta64[D]")
    done = np.where(has_due, np.where(on_time, early, after), someday)
    done = np.where(on_time | late, done, np.datetime64("NaT"))
    ended = end[tasks["unit"]].astype("datetime64[D]")
    done = np.where(done <= ended, done, np.datetime64("NaT"))  # not yet, or never by it
    return pd.Series(done.astype("datetime64[ns]"), index=tasks.index)


def _cover_states(tasks: pd.DataFrame, as_of: pd.Timestamp) -> None:
    """Rewrite a task for each state the draw left out, so that every state occurs.

    The task rewritten is the latest assigned before ``as_of`` whose state other tasks
    share, so that no state is lost on the way.
    """
    frame = tasks.assign(task_id=np.arange(len(tasks)).astype(str), unit_id=tasks["unit"])
    for _ in TASK_STATES:
        states = compute_task_states(frame, as_of)
        counts = states["state"].value_counts()
        missing = [s for s in TASK_STATES if s not in counts]
        if not missing:
            break
        spare = states[(states["state"].map(counts) > 1).to_numpy()
                       & (states["assigned_on"] < as_of).to_numpy()]
        if spare.empty:
            break  # too few tasks to show every state
        pick = spare.sort_values(["assigned_on", "task_id"]).iloc[-1]
        i, assigned = int(pick["task_id"]), pick["assigned_on"]
        due, done = {
            "overdue": (as_of - pd.Timedelta(days=1), pd.NaT),
            "due_soon": (as_of + pd.Timedelta(days=DUE_WITHIN_DAYS // 2), pd.NaT),
            "pending": (as_of + pd.Timedelta(days=60), pd.NaT),
            "done_late": (assigned, as_of),
            "done_on_time": (as_of, assigned),
        }[missing[0]]
        frame.loc[i, ["due_on", "done_on"]] = [max(due, assigned), done]
    tasks[["due_on", "done_on"]] = frame[["due_on", "done_on"]]
