"""Public service units per year (II.2.a–b, III.1.a–b)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.sample.draws import _top
from cchc.sample.plan import ABSENT, ACHIEVED, LAST, LATE, NOT_OWNED, _Plan
from cchc.sample.settings import YEARS
from cchc.sample.units import DEPARTMENT_SERVICE_UNITS, DISTRICT_POPULATION, _admin_units

# --------------------------------------------------------------------------- service units

SERVICE_UNIT_NAMES: dict[str, str] = {
    "health": "Trung tâm Y tế",
    "education": "Trường",
    "economic": "Ban Quản lý dự án",
    "other": "Trung tâm",
}
STAFF_RANGE: dict[str, tuple[int, int]] = {
    "health": (40, 220),
    "education": (15, 60),
    "economic": (4, 25),
    "other": (5, 20),
}


def _manager_service_units(
    unit, communes: list[str], rng: np.random.Generator
) -> list[tuple[str, str]]:
    """(sector, name) of the public service units a manager has in 2021."""
    if unit.level == "department":
        short = unit.name.removeprefix("Sở ").removeprefix("Văn phòng ")
        out = []
        for sector, count in DEPARTMENT_SERVICE_UNITS[unit.department]:
            base = {
                "health": "Bệnh viện",
                "education": "Trường THPT",
                "economic": "Trung tâm dịch vụ",
                "other": "Trung tâm",
            }[sector]
            out += [(sector, f"{base} số {k} thuộc {short}") for k in range(1, count + 1)]
        return out
    where = unit.name
    schools = []
    for commune in communes:
        place = commune.split(" ", 1)[1] if commune.startswith("Xã ") else commune
        place = place.removeprefix("Phường ").removeprefix("Thị trấn ")
        for kind in ("Trường Mầm non", "Trường Tiểu học", "Trường THCS"):
            schools.append(("education", f"{kind} {place}"))
    n_schools = int(rng.integers(30, 60) * DISTRICT_POPULATION[unit.unit_id] / 90)
    keep = np.sort(rng.choice(len(schools), min(n_schools, len(schools)), replace=False))
    return [schools[k] for k in keep] + [
        ("economic", f"Ban Quản lý dự án đầu tư xây dựng {where}"),
        ("economic", f"Trung tâm Phát triển quỹ đất {where}"),
        ("other", f"Trung tâm Văn hóa, Thể thao và Truyền thông {where}"),
        ("other", f"Trung tâm Dịch vụ nông nghiệp {where}"),
    ]


def _pools(units: pd.DataFrame, rng: np.random.Generator) -> list[tuple[int, list]]:
    """The public service units of 2021, in pools that share one plan: a department's
    lineage (the old departments a new one took over, whose units it manages from
    1 July 2025), and each district (whose schools and centres pass to the communes that
    took over its communes, the district having no successor).

    Each pool: (the unit whose plan row it follows, items); an item is
    ``(sector, name, old manager, its number there, new manager or None)``.
    """
    admin = _admin_units()
    index = {u: i for i, u in enumerate(units["unit_id"])}
    successor = dict(zip(units["unit_id"], units["successor_id"], strict=True))
    by_head: dict[str, list] = {}
    pools: list[tuple[int, list]] = []
    for unit in units.itertuples(index=False):
        if not pd.isna(unit.valid_from) or unit.level not in ("department", "district"):
            continue
        if unit.level == "department":
            listed = _manager_service_units(unit, [], rng)
            new = unit.head if unit.head != unit.unit_id else None
            by_head.setdefault(unit.head, []).extend(
                (sector, name, unit.unit_id, k, new) for k, (sector, name) in enumerate(listed))
            continue
        part = admin[admin["district_id"] == unit.unit_id]
        listed = _manager_service_units(unit, part["ward"].tolist(), rng)
        ours = units[(units["parent_id"] == unit.unit_id)]
        fallback = successor.get(ours["unit_id"].iloc[0]) if len(ours) else None
        takes = {}
        for r in part.itertuples(index=False):
            place = r.ward.split(" ", 1)[1] if r.ward.startswith("Xã ") else r.ward
            place = place.removeprefix("Phường ").removeprefix("Thị trấn ")
            takes[place] = successor.get(r.unit_id, fallback) if r.unit_id in index else fallback
        items = []
        for k, (sector, name) in enumerate(listed):
            place = next((p for p in takes if name.endswith(" " + p)), None)
            new = takes.get(place, fallback) if place else fallback
            items.append((sector, name, unit.unit_id, k, new if isinstance(new, str) else None))
        pools.append((index[unit.unit_id], items))
    pools += [(index[head], items) for head, items in by_head.items()]
    return pools


def _service_units(units: pd.DataFrame, plan: _Plan, rng: np.random.Generator) -> pa.Table:
    """Public service units per year, managed by departments and districts, and from
    1 July 2025 by the new departments and the communes.

    Units close (merge or dissolve) in a fixed random order until the pool's count
    follows its II.2.a path; staff follow II.2.b; autonomy groups 1–2 follow III.1.a;
    conversions follow III.1.b (a converted unit is in group 1). A year is listed by
    every manager that exists in it: in 2025 both the old manager (its inventory before
    the merger) and the new one (after it).
    """
    profiles = {m: plan.profiles(m) for m in ("II.2.a", "II.2.b", "III.1.a", "III.1.b")}
    index = {u: i for i, u in enumerate(units["unit_id"])}
    rows = []
    for i, items in _pools(units, rng):
        if profiles["II.2.a"][i] in (NOT_OWNED, ABSENT) or not items:
            continue
        n0 = len(items)
        sector = np.array([item[0] for item in items])
        low, high = np.array([STAFF_RANGE[s] for s in sector]).T
        base_staff = rng.integers(low, high + 1)
        survival, autonomy_key, convert_key, group_key = rng.random((4, n0))
        eligible = np.isin(sector, ["economic", "other"]) & (rng.random(n0) < 0.7)
        closing = np.argsort(survival, kind="stable")  # first closed last
        alive_count = np.rint(n0 * (1 - plan.share[i, plan.j("II.2.a"), :])).astype(np.int64)
        alive_count = _reduction_bound(alive_count, n0, profiles["II.2.a"][i] == ACHIEVED)
        staff_total = _reduction_bound(
            np.rint(base_staff.sum() * (1 - plan.share[i, plan.j("II.2.b"), :])).astype(np.int64),
            int(base_staff.sum()),
            profiles["II.2.b"][i] == ACHIEVED,
        )
        old = np.array([index[item[2]] for item in items])
        new = np.array([index.get(item[4], -1) if item[4] else -1 for item in items])
        for y in range(len(YEARS)):
            if profiles["II.2.a"][i] == LATE and y < LAST:
                continue
            alive = np.zeros(n0, dtype=bool)
            alive[closing[: alive_count[y]]] = True
            staff = _spread(base_staff * alive, staff_total[y])
            idx, yy = np.array([i]), np.array([y])
            reported = plan.reported("III.1.b", exists=False)[i, y]
            ok_eligible = eligible & alive & reported
            converted = np.zeros(n0, dtype=bool)
            converted[ok_eligible] = _top(
                convert_key[ok_eligible],
                plan.quota("III.1.b", np.array([ok_eligible.sum()]), idx, yy)[0],
            )
            k_auto = plan.quota("III.1.a", np.array([alive.sum()]), idx, yy)[0]
            free = alive & ~converted
            self_funded = np.zeros(n0, dtype=bool)
            self_funded[free] = _top(autonomy_key[free], k_auto - converted.sum())
            autonomy = np.where(
                converted | (self_funded & (group_key < 0.3)),
                "1",
                np.where(self_funded, "2", np.where(group_key < 0.65, "3", "4")),
            )
            for s in np.flatnonzero(alive):
                _, name, manager, k, _new = items[s]
                owners = []
                if plan.exists[old[s], y]:
                    owners.append((manager, f"DVSN-{manager}-{k + 1:03d}"))
                if new[s] >= 0 and plan.exists[new[s], y]:
                    owner = items[s][4]
                    owners.append((owner, f"DVSN-{owner}-{manager}-{k + 1:03d}"))
                for owner, service_unit_id in owners:
                    rows.append(
                        (
                            YEARS[y],
                            service_unit_id,
                            owner,
                            name,
                            sector[s],
                            int(staff[s]),
                            autonomy[s],
                            bool(ok_eligible[s]),
                            bool(converted[s]),
                        )
                    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "service_unit_id",
            "unit_id",
            "name",
            "sector",
            "budget_staff",
            "autonomy",
            "conversion_eligible",
            "converted",
        ],
    )
    frame = frame.sort_values(["year", "service_unit_id"], kind="stable", ignore_index=True)
    return pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata()


def _reduction_bound(level: np.ndarray, base: int, achieved: bool) -> np.ndarray:
    """A non-increasing yearly level, ≤ 90 % of the base in 2024 iff ``achieved``."""
    level = np.minimum.accumulate(np.minimum(level, base))
    limit = int(np.floor(0.9 * base + 1e-9))
    if achieved:
        level[LAST] = min(level[LAST], limit)
    else:
        level[LAST] = max(level[LAST], limit + 1)
        level[:LAST] = np.maximum(level[:LAST], level[LAST])
    return np.maximum(level, 1)


def _spread(base: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to ``base`` summing exactly to ``total`` (largest remainder)."""
    if base.sum() == 0:
        return np.zeros(len(base), dtype=np.int64)
    exact = base * (total / base.sum())
    out = np.floor(exact).astype(np.int64)
    rest = int(total - out.sum())
    if rest > 0:
        out[np.argsort(-(exact - out), kind="stable")[:rest]] += 1
    return out
