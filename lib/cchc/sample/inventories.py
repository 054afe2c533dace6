"""The merging plan, the information systems, the quarterly counts and the
task-tracking reports (II.1.a, IV.1.a, IV.3.a–IV.8.a)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.sample.draws import _quarter_exists, _quarters, _spans, _take, _top, _year_days
from cchc.sample.plan import (
    _STEERING,
    ABSENT,
    ACHIEVED,
    FALLING,
    LAST,
    LATE,
    MODERATE,
    NOT_OWNED,
    ON_TRACK,
    YEARS,
    _Plan,
)
from cchc.sample.units import _admin_units

# --------------------------------------------------------------------------- merging


def _merging(units: pd.DataFrame, plan: _Plan, rng: np.random.Generator) -> pa.Table:
    """The merging plan: the old provinces merge districts, districts communes, communes
    villages; the new province's plan is the 2025 merger of communes itself, done on its
    first day. Completion dates follow the II.1.a path (cumulative), within the time the
    unit exists."""
    admin = _admin_units()
    profile = plan.profiles("II.1.a")
    j = plan.j("II.1.a")
    first, length = _year_days()
    start, end = _spans(units)
    rows = []
    for i, unit in enumerate(units.itertuples(index=False)):
        if profile[i] in (NOT_OWNED, ABSENT):
            continue
        if unit.level == "province" and not pd.isna(unit.valid_from):
            rows += _merger_2025(units, unit, int(start[i]))
            continue
        if unit.level == "province":
            mine = admin[admin["province_id"] == unit.unit_id]
            items = [
                (f"HUYEN-{code}", "district", part["district"].iloc[0])
                for code, part in mine.groupby("districtCode", sort=True)
            ]
            share_required = 0.25
        elif unit.level == "district":
            part = admin[admin["district_id"] == unit.unit_id]
            items = [(f"XA-{r.wardCode}", "commune", r.ward) for r in part.itertuples()]
            share_required = 0.25
        else:
            word = "Thôn" if unit.commune_type == "Xã" else "Tổ dân phố"
            items = [
                (f"THON-{unit.unit_id}-{k:02d}", "village", f"{word} {k}, {unit.name}")
                for k in range(1, int(rng.integers(6, 15)) + 1)
            ]
            share_required = 0.35
        n = len(items)
        required = _top(rng.random(n), max(1, round(share_required * n)))
        n_required = int(required.sum())
        years = np.flatnonzero(plan.exists[i])
        # Mergers accumulate: the count done by each year end never falls.
        done = np.maximum.accumulate(np.rint(plan.share[i, j, :] * n_required).astype(int))
        if profile[i] == ACHIEVED:
            done[LAST] = n_required
            done = np.maximum.accumulate(done)
        else:
            done = np.minimum(done, n_required - 1)
        done = done[years]  # what was done before the unit existed is done in its first year
        rank = np.full(n, -1)
        rank[required] = np.argsort(
            np.argsort(rng.random(n_required), kind="stable"), kind="stable"
        )
        day_in_year = rng.random(n)
        for (item_id, kind, name), r, d in zip(items, rank, day_in_year, strict=True):
            completed = None
            if r >= 0 and r < done[-1]:
                y = int(years[np.argmax(r < done)])
                lo = max(first[y], start[i])
                hi = min(first[y] + length[y] - 1, end[i])
                completed = int(lo + np.floor(d * (hi - lo + 1)))
            rows.append((item_id, unit.unit_id, kind, name, bool(r >= 0), completed))
    item_id, unit_id, kind, name, required, completed = (
        zip(*rows, strict=True) if rows else ((),) * 6)  # no rows: units without a plan
    return pa.table(
        {
            "item_id": pa.array(item_id, pa.string()),
            "unit_id": pa.array(unit_id, pa.string()),
            "kind": pa.array(kind, pa.string()),
            "name": pa.array(name, pa.string()),
            "required": pa.array(required, pa.bool_()),
            "completed_on": pa.array(completed, pa.int32()).cast(pa.date32()),
        }
    )


def _merger_2025(units: pd.DataFrame, province, day: int) -> list[tuple]:
    """The new province's merging plan: every old commune that merged with others into a
    2025 commune was required to, and was done on the province's first day."""
    old = units[(units["level"] == "commune") & units["successor_id"].notna()]
    together = old.groupby("successor_id")["unit_id"].transform("size") > 1
    return [(f"SAPNHAP-2025-{r.unit_id}", province.unit_id, "commune", r.name, bool(t),
             day if t else None)
            for r, t in zip(old.itertuples(index=False), together, strict=True)]


# --------------------------------------------------------------------------- systems


def _system_inventory(unit, rng: np.random.Generator) -> list[tuple[str, str, bool]]:
    """(kind, name, citizen-facing) of the information systems a unit runs."""
    if unit.level == "province":
        where = unit.name.replace("Tỉnh", "tỉnh", 1)
        return [
            ("public_service_portal", f"Cổng Dịch vụ công {where}", True),
            ("one_stop", f"Hệ thống thông tin một cửa điện tử {where}", True),
            ("reporting", f"Hệ thống thông tin báo cáo {where}", False),
            ("other", f"Cổng Thông tin điện tử {where}", True),
            ("other", "Hệ thống quản lý văn bản và điều hành", False),
            ("other", "Hệ thống thông tin phục vụ họp và xử lý công việc", False),
            ("other", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)", False),
        ]
    name = unit.name
    reports = ("Hệ thống báo cáo", "Phần mềm báo cáo thống kê", "Phần mềm báo cáo chỉ tiêu")
    out = [("other", f"Trang thông tin điện tử {name}", True)]
    out += [
        ("reporting", f"{title} - {name}", False) for title in reports[: int(rng.integers(2, 4))]
    ]
    for k in range(
        1, int(rng.integers(2, 5) if unit.level == "department" else rng.integers(1, 3)) + 1
    ):
        out.append(("sector", f"Hệ thống thông tin chuyên ngành số {k} - {name}", True))
    if rng.random() < 0.5:
        out.append(("sector", f"Cơ sở dữ liệu nội bộ - {name}", False))
    return out


def _systems(units: pd.DataFrame, plan: _Plan, rng: np.random.Generator) -> pa.Table:
    """The information-systems inventory per year (province, departments, districts)."""
    p3, p4 = plan.profiles("IV.3.a"), plan.profiles("IV.4.a")
    rows = []
    for i, unit in enumerate(units.itertuples(index=False)):
        if unit.level not in _STEERING:
            continue
        years = np.flatnonzero(plan.exists[i])
        inventory = _system_inventory(unit, rng)
        if p4[i] == ABSENT:
            inventory = [s for s in inventory if s[0] != "reporting"]
        kind = np.array([s[0] for s in inventory])
        facing = np.array([s[2] for s in inventory]) & (p3[i] != ABSENT)
        # Portals and reporting systems run from the start; others may go live later.
        late_start = np.isin(kind, ["sector", "other"]) & (rng.random(len(kind)) < 0.2)
        live_from = years[0] + np.where(late_start, rng.integers(1, 3, len(kind)), 0)
        if p3[i] == LATE:
            live_from = np.where(facing, LAST, live_from)
        keys = rng.random((4, len(kind)))
        for y in years:
            present = ~((kind == "reporting") & (p4[i] == LATE) & (y < LAST))
            operating = live_from <= y
            idx, yy = np.array([i]), np.array([y])
            portal = np.isin(kind, ["public_service_portal", "one_stop"])
            national = keys[0] < 0.3
            if unit.level == "province":
                national = np.zeros(len(kind), dtype=bool)
                national[portal] = _top(
                    keys[0, portal], plan.quota("IV.1.a", np.array([portal.sum()]), idx, yy)[0]
                )
            counted = facing & operating & present
            axis = np.zeros(len(kind), dtype=bool)
            axis[counted] = _top(
                keys[1, counted], plan.quota("IV.3.a", np.array([counted.sum()]), idx, yy)[0]
            )
            reporting = (kind == "reporting") & present
            connected = np.zeros(len(kind), dtype=bool)
            connected[reporting] = _top(
                keys[2, reporting], plan.quota("IV.4.a", np.array([reporting.sum()]), idx, yy)[0]
            )
            for s in np.flatnonzero(present):
                rows.append(
                    (
                        YEARS[y],
                        f"HT-{unit.unit_id}-{s + 1:02d}",
                        unit.unit_id,
                        inventory[s][1],
                        kind[s],
                        bool(facing[s]),
                        bool(operating[s]),
                        bool(national[s] and operating[s]),
                        bool(axis[s]),
                        bool(connected[s]),
                    )
                )
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "system_id",
            "unit_id",
            "name",
            "kind",
            "citizen_facing",
            "in_operation",
            "national_portal_connected",
            "data_axis_connected",
            "reporting_connected",
        ],
    )
    frame = frame.sort_values(["year", "system_id"], kind="stable", ignore_index=True)
    return pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata()


# --------------------------------------------------------------------------- quarterly


#: Mean records per quarter for the quarterly count tables, by level.
QUARTERLY_MEANS: dict[str, dict[str, float]] = {
    "IV.5.a": {"province": 9, "district": 7},
    "IV.6.a": {"province": 1200, "department": 500, "district": 800, "commune": 150},
    "IV.7.a": {"province": 6, "department": 8, "district": 10},
}


def _spread_within(cell: np.ndarray, total: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Share ``k[cell]`` among the rows of each cell in proportion to ``total``.

    Largest remainders, so each cell's parts sum to exactly ``k`` and none exceeds its
    row's total. Rows of a cell are contiguous.
    """
    n_cell = np.bincount(cell, weights=total, minlength=len(k))
    exact = k[cell] * total / np.maximum(n_cell[cell], 1)
    part = np.floor(exact + 1e-9).astype(np.int64)
    rest = k - np.bincount(cell, weights=part, minlength=len(k)).astype(np.int64)
    order = np.lexsort((-(exact - part), cell))  # by cell, largest remainder first
    starts = np.cumsum(np.bincount(cell, minlength=len(k))) - np.bincount(cell, minlength=len(k))
    rank = np.empty(len(cell), dtype=np.int64)
    rank[order] = np.arange(len(cell)) - starts[cell[order]]
    return part + (rank < rest[cell])


def _counts(
    units: pd.DataFrame,
    plan: _Plan,
    measure: str,
    columns: tuple[str, str],
    rng: np.random.Generator,
) -> pa.Table:
    """A quarterly (total, of which) table: meetings, work records or inspections, for the
    quarters each unit exists (a merged unit holds as many as the units it took over)."""
    means = QUARTERLY_MEANS[measure]
    levels = units["level"].to_numpy()
    size = np.array([means.get(level, 0.0) for level in levels], dtype=float)
    size *= rng.uniform(0.6, 1.4, len(units)) * units["size"].to_numpy(dtype=float)
    periods = _quarters()
    n_quarters = len(periods)
    unit = np.repeat(np.arange(len(units)), n_quarters)
    quarter = np.tile(np.arange(n_quarters), len(units))
    year = quarter // 4
    exists = _quarter_exists(units).ravel()
    total = np.where(exists, np.maximum(rng.poisson(size[unit]), 1), 0)
    # The yearly count follows the plan; quarters share it in proportion to their totals.
    cell = unit * len(YEARS) + year
    n_year = np.bincount(cell, weights=total, minlength=len(units) * len(YEARS)).astype(np.int64)
    g_unit, g_year = np.divmod(np.arange(len(n_year)), len(YEARS))
    k_year = plan.quota(measure, n_year, g_unit, g_year)
    part = _spread_within(cell, total, k_year)
    keep = plan.reported(measure)[unit, year] & exists
    return pa.table(
        {
            "unit_id": _take(list(plan.unit_ids), unit[keep]),
            "period": _take(periods, quarter[keep]),
            columns[0]: pa.array(total[keep].astype(np.int64)),
            columns[1]: pa.array(part[keep].astype(np.int64)),
        }
    )


def _task_tracking(units: pd.DataFrame, plan: _Plan, rng: np.random.Generator) -> pa.Table:
    """Whether each unit operates the task-tracking subsystem, per quarter it exists.

    A unit's value is its latest quarter (0 or 100 %), so only three statuses are
    possible for one unit: achieved (running at the end of the status year), limited
    (never running) and deterioration (running in 2021, stopped by the end of the status
    year). The province and districts count their agencies and show the rest. A unit
    that ended keeps the schedule of the unit that carries its history.
    """
    profile = plan.profiles("IV.8.a")
    periods = _quarters()
    n_quarters = len(periods)
    end_of_status_year = 4 * LAST + 3  # index of the status year's last quarter
    n = len(units)
    start = np.select(
        [profile == ACHIEVED, profile == ON_TRACK, profile == MODERATE],
        [
            rng.integers(0, end_of_status_year - 9, n),
            rng.integers(end_of_status_year - 11, end_of_status_year - 1, n),
            rng.integers(end_of_status_year - 5, end_of_status_year + 1, n),
        ],
        n_quarters,
    )
    stop = np.where(profile == FALLING, rng.integers(9, end_of_status_year + 1, n), n_quarters)
    start = np.where(profile == FALLING, rng.integers(0, 3, n), start)
    heads = {u: i for i, u in enumerate(units["unit_id"])}
    head = np.array([heads[h] for h in units["head"]])
    start, stop = start[head], stop[head]
    quarter = np.arange(n_quarters)[None, :]
    operating = (quarter >= start[:, None]) & (quarter < stop[:, None])
    exists = _quarter_exists(units)
    unit, q = np.nonzero(exists)
    return pa.table(
        {
            "unit_id": _take(list(plan.unit_ids), unit),
            "period": _take(periods, q),
            "operating": pa.array(operating[unit, q]),
        }
    )
