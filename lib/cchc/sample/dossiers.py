"""Dossiers of the one-stop system (I.1.a, I.2.b, I.3.a, I.4.c, I.7.a, IV.2.a, contacts)."""

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
from cchc.sample.procedures import _procedure_pool
from cchc.sample.settings import YEARS

# --------------------------------------------------------------------------- dossiers


def _yearly_counts(units: pd.DataFrame, per_year: int, rng: np.random.Generator) -> np.ndarray:
    """(units, years): dossiers per unit and year, by the units' weights and the part of
    the year each exists; a whole year of the units in force in the first year gets
    ``per_year`` in all."""
    weights = units["dossier_weight"].to_numpy(dtype=float)
    present = weights[:, None] * _year_share(units)
    # a whole year of the units of the first year; of every unit if none is there yet
    # (a sample of units that start later, such as the national one)
    reference = present[:, 0].sum() or weights.sum() or 1.0
    counts = []
    for y in range(len(YEARS)):
        total = present[:, y].sum()
        n = int(np.rint(per_year * total / reference))
        counts.append(rng.multinomial(n, present[:, y] / total) if total > 0
                      else np.zeros(len(units), dtype=np.int64))
    return np.stack(counts, axis=1)


def _dossiers(
    units: pd.DataFrame,
    plan: _Plan,
    catalogue: pd.DataFrame,
    per_year: int,
    rng: np.random.Generator,
) -> pa.Table:
    """One row per dossier, vectorised: no Python work per row."""
    n_units, n_years = len(units), len(YEARS)
    counts = _yearly_counts(units, per_year, rng)  # (units, years)
    n_groups = n_units * n_years
    group = np.repeat(np.arange(n_groups), counts.ravel())
    unit, year = group // n_years, group % n_years
    n = len(group)
    g_units, g_years = np.divmod(np.arange(n_groups), n_years)

    def subset_pick(measure: str, subset: np.ndarray) -> np.ndarray:
        sub_groups = group[subset]
        k = plan.quota(measure, np.bincount(sub_groups, minlength=n_groups), g_units, g_years)
        out = np.zeros(n, dtype=bool)
        out[subset] = _pick(sub_groups, k, rng.random(len(sub_groups)))
        return out

    everything = np.ones(n, dtype=bool)
    online = subset_pick("I.4.c", everything)
    postal = ~online & (rng.random(n) < 0.06)
    channel = np.where(online, 0, np.where(postal, 2, 1)).astype(np.int8)
    eid = subset_pick("IV.2.a", online)

    rates = rng.uniform([[0.15], [0.25], [0.6]], [[0.45], [0.6], [0.95]], (3, n_units))
    flags = {}
    for r, (measure, need, done) in enumerate(
        (
            ("I.1.a", "transfer_required", "transfer_electronic"),
            ("I.2.b", "payment_required", "paid_online"),
            ("I.3.a", "result_valid", "result_digitised"),
        )
    ):
        required = (rng.random(n) < rates[r][unit]) & plan.reported(measure)[unit, year]
        flags[need] = required
        flags[done] = subset_pick(measure, required)
    reprovided = ~subset_pick("I.7.a", everything)

    # Contacts: most dossiers need none or one more visit, fewer every year.
    p_zero = (0.50 + 0.07 * np.arange(n_years))[year]
    u = rng.random(n)
    extra = rng.geometric(0.55, n)  # 1, 2, 3, … (rarely more)
    contacts = np.where(u < p_zero, 0, np.where(u < p_zero + (1 - p_zero) * 0.6, 1, 1 + extra))

    procedure = _dossier_procedures(catalogue, unit, year, flags["payment_required"], n_units, rng)
    day = _dates(year, rng, unit, units)
    order = _ordered(day, rng)
    seq, width = _sequence(year[order])
    pool_ids = _procedure_pool()["procedure_id"].tolist()
    columns = {
        "dossier_id": _codes("HS", year[order], seq, max(width, 7)),
        "unit_id": _take(list(plan.unit_ids), unit[order]),
        "procedure_id": _take(pool_ids, procedure[order]),
        "received_on": _date_array(day[order]),
        "channel": _take(["online", "direct", "postal"], channel[order]),
        **{
            name: pa.array(flags[name][order])
            for name in (
                "transfer_required",
                "transfer_electronic",
                "payment_required",
                "paid_online",
                "result_valid",
                "result_digitised",
            )
        },
        "reprovided": pa.array(reprovided[order]),
        "contacts": pa.array(contacts[order].astype(np.int64)),
        "eid": pa.array(eid[order]),
    }
    return pa.table(columns)


def _dossier_procedures(
    catalogue: pd.DataFrame,
    unit: np.ndarray,
    year: np.ndarray,
    fee: np.ndarray,
    n_units: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """A procedure of the unit's catalogue that year, with a fee iff the dossier pays one.

    Falls back to the other kind when the unit has none of the needed kind.
    """
    external = catalogue[~catalogue["internal"]]
    bucket = (
        external["unit_index"].to_numpy() * len(YEARS) + external["year_index"].to_numpy()
    ) * 2 + external["financial_obligation"].to_numpy()
    order = np.argsort(bucket, kind="stable")
    pool_index = external["pool_index"].to_numpy()[order]
    counts = np.bincount(bucket, minlength=n_units * len(YEARS) * 2)
    starts = np.cumsum(counts) - counts
    want = (unit * len(YEARS) + year) * 2 + fee
    other = want ^ 1
    b = np.where(counts[want] > 0, want, other)
    pick = starts[b] + np.floor(rng.random(len(unit)) * counts[b]).astype(np.int64)
    return pool_index[np.minimum(pick, len(pool_index) - 1)]
