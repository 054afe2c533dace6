"""What the one-stop system synchronises to the national portal, for the synthetic province:
the dossiers' timeline and digitisation flags, the procedures' attributes, complaints and
ratings (the Decision 766 service index, ``params/indices/766.yaml``).

Everything is drawn from the tables it is given (the units, the dossiers, the procedures
catalogue), never from the sample's own settings: whatever units and years those tables
hold, the same code fits. Each unit gets a *service quality* between 0.35 and 1, drawn
from the seed; the better it is, the more often a dossier is on time, digitised, paid
online, rated well, so that units score differently and the ranking is not flat.

Nothing here changes a value the 26 measures read: the new columns come from their own
random streams (``portal-*``), so the measures of the sample stay what they were.

Dates never pass the day the records go up to (the latest reception): a dossier not
resolved by then is in progress, a complaint not handled is pending.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.sample.draws import _rng

#: Working days a procedure allows, drawn per procedure (3 to 20, as catalogues say).
LIMIT_DAYS = (3, 5, 7, 10, 15, 20)
#: Complaints per dossier received, and how many name the dossier they are about.
COMPLAINT_RATE, COMPLAINT_ABOUT_DOSSIER = 0.004, 0.7
#: Share of resolved dossiers the applicant rates.
RATING_RATE = 0.10
#: Fees, in đồng, of a fee-paying dossier (0: exempted).
FEES = (0, 20_000, 50_000, 100_000, 200_000, 500_000)


def build_portal_tables(units: pd.DataFrame, dossiers: pa.Table, procedures: pa.Table,
                        seed: int) -> dict[str, pa.Table]:
    """The dossiers and procedures with the portal's columns added, and the complaints and
    ratings tables.

    >>> from cchc.sample import build_sample
    >>> tables = build_sample(scale="small")
    >>> sorted(tables["complaints"].column_names)[:3]
    ['complaint_id', 'dossier_id', 'due_on']
    """
    quality = _quality(units, seed)
    days = dossiers.column("received_on").cast(pa.int32()).to_numpy()
    as_of = int(days.max()) if len(days) else 0
    procs = _procedure_attributes(procedures, units, quality, as_of,
                                  _rng(seed, "portal-procedures"))
    dossiers = _dossier_columns(dossiers, procs, quality, as_of, _rng(seed, "portal-dossiers"))
    complaints = _complaints(dossiers, quality, as_of, _rng(seed, "portal-complaints"), units)
    ratings = _ratings(dossiers, quality, as_of, _rng(seed, "portal-ratings"))
    return {"dossiers": dossiers, "procedures": procs, "complaints": complaints,
            "ratings": ratings}


def _quality(units: pd.DataFrame, seed: int) -> pd.Series:
    """Each unit's service quality in [0.35, 1], by unit id."""
    draws = _rng(seed, "portal-quality").uniform(0.35, 1.0, len(units))
    return pd.Series(draws, index=units["unit_id"].to_numpy())


def _encode(array: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a text column and its distinct values (no Python string per row)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    encoded = array.dictionary_encode()
    return (encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64),
            pd.Index(encoded.dictionary.to_pylist(), dtype=object))


def _per_unit(values: pd.Series, unit_ids: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """The value of each row's unit."""
    codes, distinct = _encode(unit_ids)
    return values.reindex(distinct).to_numpy(dtype=np.float64)[codes]


def _busdays(days: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """``offset`` working days after each day (days since 1970, int)."""
    out = np.busday_offset(days.astype("datetime64[D]"), offset.astype(np.int64),
                           roll="forward")
    return out.astype(np.int64)


def _date_column(days: np.ndarray, valid: np.ndarray) -> pa.Array:
    return pa.array(days.astype(np.int32), pa.int32(), mask=~valid).cast(pa.date32())


def _stable(keys: pd.Series, rng: np.random.Generator) -> np.ndarray:
    """One uniform draw per distinct key (a procedure keeps its attributes every year)."""
    codes, uniques = pd.factorize(keys)
    return rng.random(len(uniques))[codes]


# --------------------------------------------------------------------------- procedures


def _procedure_attributes(procedures: pa.Table, units: pd.DataFrame, quality: pd.Series,
                          as_of: int, rng: np.random.Generator) -> pa.Table:
    p = procedures.to_pandas()
    n = len(p)
    q = _per_unit(quality, procedures.column("unit_id"))
    pair = p["unit_id"].astype(str) + "|" + p["procedure_id"].astype(str)
    eligible = p["online_eligible"].to_numpy(dtype=bool)
    full_eligible = eligible & (_stable(pair, rng) < 0.75)
    paper = _stable(p["procedure_id"], rng) < 0.6
    complete = _stable(pair, rng) < 0.55 + 0.45 * q
    # announcements: some procedures are announced (or amended) in a given year; the
    # catalogue row carries the latest decision up to its year
    year = p["year"].to_numpy(dtype=np.int64)
    start = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    announced_now = rng.random(n) < 0.3
    day = start + np.floor(rng.random(n) * 365).astype(np.int64)
    announced = pd.Series(np.where(announced_now & (day <= as_of), day, np.nan))
    order = np.lexsort((year, pair.to_numpy()))
    announced.iloc[order] = announced.iloc[order].groupby(pair.iloc[order].to_numpy()).ffill(
        ).to_numpy()
    has = announced.notna().to_numpy()
    announced_days = announced.fillna(0).to_numpy(dtype=np.int64)
    on_time = rng.random(n) < 0.45 + 0.55 * q
    lead = np.where(on_time, 5 + rng.integers(0, 20, n), rng.integers(-10, 5, n))
    effective = _busdays(announced_days, lead)
    quick = rng.random(n) < 0.5 + 0.5 * q
    delay = np.where(quick, rng.integers(0, 5, n), rng.integers(6, 25, n))
    published = _busdays(announced_days, delay)
    published_ok = has & (published <= as_of)
    # a commune offers electronic certified copies on one procedure of its catalogue
    commune = p["unit_id"].isin(units.loc[units["level"] == "commune", "unit_id"]).to_numpy()
    unit_year = p["unit_id"].astype(str) + "|" + p["year"].astype(str)
    offers = _stable(unit_year, rng) < q * (0.4 + 0.15 * (year - year.min()))
    first_row = ~unit_year.duplicated().to_numpy()
    certified = commune & offers & first_row
    columns = {
        "full_online_eligible": pa.array(full_eligible),
        "paper_result_required": pa.array(paper),
        "announced_on": _date_column(announced_days, has),
        "legal_basis_effective_on": _date_column(effective, has),
        "published_on": _date_column(published, published_ok),
        "content_complete": pa.array(complete),
        "electronic_certified_copy": pa.array(certified),
    }
    for name, array in columns.items():
        procedures = procedures.append_column(name, array)
    return procedures


# --------------------------------------------------------------------------- dossiers


def _dossier_columns(dossiers: pa.Table, procedures: pa.Table, quality: pd.Series,
                     as_of: int, rng: np.random.Generator) -> pa.Table:
    n = dossiers.num_rows
    q = _per_unit(quality, dossiers.column("unit_id"))
    received = dossiers.column("received_on").cast(pa.int32()).to_numpy().astype(np.int64)
    year = received.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    catalogue = procedures.select(["year", "unit_id", "procedure_id",
                                   "financial_obligation"]).to_pandas()
    unit_codes, unit_values = _encode(dossiers.column("unit_id"))
    procedure_codes, procedure_values = _encode(dossiers.column("procedure_id"))
    first = int(catalogue["year"].min()) if len(catalogue) else 0

    def key(years, units_, procedures_):
        ok = (units_ >= 0) & (procedures_ >= 0) & (years >= first)
        return np.where(ok, ((years - first) * len(unit_values) + units_) * len(
            procedure_values) + procedures_, -1)

    known = key(catalogue["year"].to_numpy(dtype=np.int64),
                unit_values.get_indexer(catalogue["unit_id"].astype(object)),
                procedure_values.get_indexer(catalogue["procedure_id"].astype(object)))
    listed = np.flatnonzero(known >= 0)  # catalogue rows some dossier could be of
    found = pd.Index(known[listed]).get_indexer(key(year, unit_codes, procedure_codes))
    row = np.where(found >= 0, listed[np.maximum(found, 0)], -1)
    fee_procedure = (row >= 0) & catalogue["financial_obligation"].to_numpy(dtype=bool)[
        np.maximum(row, 0)]
    limits = np.asarray(LIMIT_DAYS)[rng.integers(0, len(LIMIT_DAYS), len(procedure_values))][
        procedure_codes]
    due = _busdays(received, limits)

    # supplements: asked for more often where service is worse
    asked = rng.random(n) < 0.25 * (1.25 - q)
    requested = _busdays(received, np.maximum(1, np.floor(rng.random(n) * limits)))
    came_back = rng.random(n) < 0.9
    completed = requested + rng.integers(1, 12, n)
    twice = asked & (rng.random(n) < 0.1)
    pause = np.where(asked & came_back, completed - requested, 0)
    # resolution: early or on time with the unit's quality, late otherwise
    timely = rng.random(n) < 0.55 + 0.45 * q
    early = np.floor(rng.random(n) * np.maximum(limits // 2, 1)).astype(np.int64)
    late_by = rng.integers(1, 15, n)
    resolved = np.where(timely, due - early, due + late_by) + pause
    resolved = np.maximum(resolved, np.where(asked & came_back, completed, received))
    abandoned = asked & ~came_back & (rng.random(n) < 0.6)
    is_resolved = ~abandoned & (resolved <= as_of)
    asked_ok = asked & (requested <= as_of)
    completed_ok = asked_ok & came_back & (completed <= as_of)

    fee_value = np.asarray(FEES)[rng.choice(len(FEES), n, p=[0.1, 0.3, 0.25, 0.2, 0.1, 0.05])]
    electronic = is_resolved & (rng.random(n) < 0.2 + 0.75 * q)
    columns = {
        "due_on": _date_column(due, np.ones(n, dtype=bool)),
        "resolved_on": _date_column(resolved, is_resolved),
        "supplement_requested_on": _date_column(requested, asked_ok),
        "supplement_completed_on": _date_column(completed, completed_ok),
        "supplement_requests": pa.array(np.where(twice, 2, 1), pa.int64(), mask=~asked_ok),
        "fee": pa.array(fee_value.astype(np.float64), pa.float64(), mask=~fee_procedure),
        "synced": pa.array(rng.random(n) < 0.8 + 0.2 * q),
        "result_electronic": pa.array(electronic),
        "components_digitised": pa.array(rng.random(n) < 0.35 + 0.6 * q),
        "data_reused": pa.array(rng.random(n) < 0.25 + 0.65 * q),
        "personal_store": pa.array(rng.random(n) < 0.05 + 0.45 * q),
        "citizen_data_connected": pa.array(rng.random(n) < 0.15 + 0.6 * q),
    }
    for name, array in columns.items():
        dossiers = dossiers.append_column(name, array)
    return dossiers


# --------------------------------------------------------------------------- complaints


def _complaints(dossiers: pa.Table, quality: pd.Series, as_of: int,
                rng: np.random.Generator, units: pd.DataFrame | None = None) -> pa.Table:
    """Complaints about procedures, most of them about a dossier; filed with the dossier's
    unit, or with the unit that took it over when the complaint comes after its end."""
    n_dossiers = dossiers.num_rows
    n = int(rng.binomial(n_dossiers, COMPLAINT_RATE)) if n_dossiers else 0
    picked = np.sort(rng.choice(n_dossiers, n, replace=False)) if n else np.zeros(0, int)
    received_dossier = dossiers.column("received_on").cast(pa.int32()).to_numpy()[picked]
    received = np.minimum(received_dossier.astype(np.int64) + rng.integers(3, 60, n), as_of)
    order = np.argsort(received, kind="stable")
    picked, received = picked[order], received[order]
    unit_ids = _in_force_on(dossiers.column("unit_id").take(pa.array(picked)), received, units)
    q = _per_unit(quality, unit_ids)
    due = _busdays(received, np.full(n, 15))
    timely = rng.random(n) < 0.45 + 0.55 * q
    handled = np.where(timely, _busdays(received, rng.integers(1, 16, n)),
                       due + rng.integers(1, 20, n))
    done = handled <= as_of
    outcome = np.asarray(["answered", "rejected", "info_requested"])[
        rng.choice(3, n, p=[0.8, 0.1, 0.1])]
    rated = done & (rng.random(n) < 0.85)
    satisfied = rng.random(n) < 0.5 + 0.45 * q
    about = rng.random(n) < COMPLAINT_ABOUT_DOSSIER
    years = received.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    sequence = pd.Series(years).groupby(years).cumcount().to_numpy() + 1
    ids = [f"PA-{y}-{s:06d}" for y, s in zip(years, sequence, strict=True)]
    return pa.table({
        "complaint_id": pa.array(ids, pa.string()),
        "unit_id": unit_ids,
        "dossier_id": pa.array(dossiers.column("dossier_id").take(pa.array(picked)).to_pylist(),
                               pa.string(), mask=~about),
        "received_on": _date_column(received, np.ones(n, dtype=bool)),
        "due_on": _date_column(due, np.ones(n, dtype=bool)),
        "handled_on": _date_column(handled, done),
        "outcome": pa.array(outcome, pa.string(), mask=~done),
        "satisfied": pa.array(satisfied, pa.bool_(), mask=~rated),
    })


def _in_force_on(unit_ids: pa.Array | pa.ChunkedArray, days: np.ndarray,
                 units: pd.DataFrame | None) -> pa.Array:
    """Each unit, or the unit that took it over (through a chain; a unit that ended without
    a successor hands over to its parent's) when ``days`` (days since 1970) is after the
    unit's last day: records after a merger belong to the units of today."""
    ids = pd.Series(pa.chunked_array([unit_ids]).to_pylist() if not isinstance(
        unit_ids, pa.ChunkedArray) else unit_ids.to_pylist(), dtype=object)
    if units is None or "successor_id" not in units or "valid_to" not in units:
        return pa.array(ids.tolist(), pa.string())
    frame = units.set_index("unit_id")
    last = pd.to_datetime(frame["valid_to"]).dt.normalize()
    last_day = ((last - pd.Timestamp("1970-01-01")).dt.days).astype("Float64")
    # a unit that ended without a successor (a district) hands over to its parent's
    successor = frame["successor_id"].fillna(frame["parent_id"])
    day = pd.Series(days, dtype="int64")
    for _ in range(len(frame)):
        ended = (ids.map(last_day).astype("Float64") < day).fillna(False).to_numpy()
        moved = ended & ids.map(successor).notna().to_numpy()
        if not moved.any():
            break
        ids[moved] = ids[moved].map(successor)
    return pa.array(ids.tolist(), pa.string())


def _ratings(dossiers: pa.Table, quality: pd.Series, as_of: int,
             rng: np.random.Generator) -> pa.Table:
    """One rating for some resolved dossiers (1 unsatisfied, 2 satisfied, 3 very)."""
    resolved = dossiers.column("resolved_on")
    valid = resolved.is_valid().to_numpy(zero_copy_only=False)
    chosen = np.flatnonzero(valid & (rng.random(dossiers.num_rows) < RATING_RATE))
    days = resolved.cast(pa.int32()).to_numpy(zero_copy_only=False)[chosen].astype(np.int64)
    rated = np.minimum(days + rng.integers(0, 8, len(chosen)), as_of)
    q = _per_unit(quality, dossiers.column("unit_id").take(pa.array(chosen)))
    u = rng.random(len(chosen))
    rating = np.where(u < 0.25 * (1.1 - q), 1, np.where(u < 0.6, 2, 3))
    order = np.argsort(rated, kind="stable")
    return pa.table({
        "dossier_id": dossiers.column("dossier_id").take(pa.array(chosen[order])),
        "rated_on": _date_column(rated[order], np.ones(len(chosen), dtype=bool)),
        "rating": pa.array(rating[order].astype(np.int64)),
    })
