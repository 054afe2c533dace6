"""Satisfaction survey responses (I.5.a–b, II.3.a–b)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.sample.draws import (
    _codes,
    _date_array,
    _dates,
    _ordered,
    _pick,
    _sequence,
    _take,
    _year_share,
)
from cchc.sample.plan import _Plan
from cchc.sample.procedures import FIELDS
from cchc.sample.settings import YEARS

# --------------------------------------------------------------------------- surveys


SURVEYS_PER_YEAR: dict[str, dict[str, int]] = {  # mean responses per unit and year
    "small": {"service_center": 150, "department": 50, "district": 100, "commune": 40},
    "full": {"service_center": 600, "department": 250, "district": 400, "commune": 150},
}
OTHER_FIELDS: tuple[str, ...] = ("justice", "social", "business", "education", "health", "other")


def _surveys(units: pd.DataFrame, plan: _Plan, scale: str, rng: np.random.Generator) -> pa.Table:
    """Satisfaction responses in four strata: land-type procedures, other procedures,
    administrative service, health and education."""
    n_units, n_years = len(units), len(YEARS)
    size = SURVEYS_PER_YEAR[scale]
    mean = np.array(
        [
            0
            if u.level == "province"
            else size["service_center"] * u.size
            if u.service_center
            else size[u.level] * u.size
            for u in units.itertuples(index=False)
        ],
        dtype=float,
    )
    total = rng.poisson(mean[:, None] * _year_share(units))
    strata = rng.multinomial(total, [0.5, 0.2, 0.3])  # procedure, administration, social
    procedure = strata[..., 0] * plan.reported("I.5.a")
    land = rng.binomial(procedure, 0.35) * plan.reported("I.5.b")
    counts = np.stack(
        [
            land,
            procedure - land,
            strata[..., 1] * plan.reported("II.3.a"),
            strata[..., 2] * plan.reported("II.3.b"),
        ],
        axis=-1,
    )  # (u, y, 4)
    g_unit, g_year = np.divmod(np.arange(n_units * n_years), n_years)
    k_land = plan.quota("I.5.b", land.ravel(), g_unit, g_year)
    k_procedure = plan.quota("I.5.a", procedure.ravel(), g_unit, g_year)
    k = np.stack(
        [
            k_land,
            np.clip(k_procedure - k_land, 0, (procedure - land).ravel()),
            plan.quota("II.3.a", counts[..., 2].ravel(), g_unit, g_year),
            plan.quota("II.3.b", counts[..., 3].ravel(), g_unit, g_year),
        ],
        axis=-1,
    )
    stratum_group = np.repeat(np.arange(counts.size), counts.ravel())
    satisfied = _pick(stratum_group, k.ravel(), rng.random(len(stratum_group)))
    cell, stratum = np.divmod(stratum_group, 4)
    unit, year = np.divmod(cell, n_years)
    n = len(cell)
    health = rng.random(n) < 0.5
    service = np.select([stratum <= 1, stratum == 2, health], [0, 1, 2], 3)
    land_field = rng.choice(3, n, p=[0.5, 0.3, 0.2])
    field_names = list(FIELDS)
    other_index = np.array([field_names.index(f) for f in OTHER_FIELDS])
    other_field = other_index[rng.integers(0, len(OTHER_FIELDS), n)]
    field = np.select(
        [stratum == 0, stratum == 1, stratum == 2, health],
        [land_field, other_field, field_names.index("other"), field_names.index("health")],
        field_names.index("education"),
    )
    day = _dates(year, rng, unit, units)
    order = _ordered(day, rng)
    seq, width = _sequence(year[order])
    return pa.table(
        {
            "response_id": _codes("KS", year[order], seq, width),
            "unit_id": _take(list(plan.unit_ids), unit[order]),
            "surveyed_on": _date_array(day[order]),
            "service": _take(
                ["procedure", "administration", "health", "education"], service[order]
            ),
            "field": _take(field_names, field[order]),
            "satisfied": pa.array(satisfied[order]),
        }
    )
