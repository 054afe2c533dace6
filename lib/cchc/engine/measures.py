"""Records → numerators and denominators, per owner unit and time window (pure).

Three kinds of source tables feed the measures:

* flows, counted per quarter and summed over a window (dossiers, surveys, meetings,
  work records, inspections);
* annual inventories, whose year counts for every quarter of it (procedures,
  public service units, information systems);
* states, read at the end of a window (the merging plan: done by that day; the task
  tracking subsystem: the latest quarter reported in the window's year).

Every function here takes DataFrames and returns tidy long DataFrames with the columns
``unit_id, measure_id, numerator, denominator`` (plus time columns); no I/O, no loops
over units. Roll-up to the unit tree is :func:`rollup`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cchc.sources.dataset import Dataset
from cchc.spec.counts import CONTACT_BINS
from cchc.spec.periods import FIRST_YEAR
from cchc.spec.units import Units

CELL_COLUMNS = ["unit_id", "measure_id", "year", "quarter", "numerator", "denominator"]
VALUE_COLUMNS = ["unit_id", "measure_id", "numerator", "denominator"]
LAND_FIELDS = ("land", "construction", "investment")


@dataclass(frozen=True)
class Window:
    """A span of one year: the quarters it covers (a quarter, a year, a year to date)."""

    key: str
    year: int
    quarters: tuple[int, ...]

    @property
    def end(self) -> pd.Timestamp:
        last = max(self.quarters)
        return pd.Timestamp(self.year, 3 * last, 1) + pd.offsets.MonthEnd(0)


# --------------------------------------------------------------------------- flows


def _quarter_cells(frame: pd.DataFrame, when: pd.Series, parts: dict[str, tuple]) -> pd.DataFrame:
    """Sum boolean numerator/denominator columns per unit and quarter, then go long."""
    if frame.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    data = {"unit_id": frame["unit_id"].to_numpy(), "year": when.dt.year.to_numpy(),
            "quarter": when.dt.quarter.to_numpy()}
    for measure_id, (num, den) in parts.items():
        data[f"{measure_id}|n"] = np.asarray(num, dtype=np.int64)
        data[f"{measure_id}|d"] = np.asarray(den, dtype=np.int64)
    sums = pd.DataFrame(data).groupby(["unit_id", "year", "quarter"], sort=True).sum()
    return _long(sums)


def _long(sums: pd.DataFrame) -> pd.DataFrame:
    """Wide ``<measure>|n``/``<measure>|d`` columns → long cells, dropping empty denominators."""
    parts = []
    for measure_id in dict.fromkeys(c.split("|")[0] for c in sums.columns):
        part = pd.DataFrame({"numerator": sums[f"{measure_id}|n"],
                             "denominator": sums[f"{measure_id}|d"]}).reset_index()
        part["measure_id"] = measure_id
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    long = long[long["denominator"] != 0]
    if "quarter" not in long:
        long["quarter"] = 0
    return long[CELL_COLUMNS].reset_index(drop=True)


def _b(series: pd.Series) -> np.ndarray:
    return series.fillna(False).to_numpy(dtype=bool)


def compute_dossier_cells(dossiers: pd.DataFrame) -> pd.DataFrame:
    """I.1.a, I.2.b, I.3.a, I.4.c, I.7.a, IV.2.a per unit and quarter."""
    online = (dossiers["channel"] == "online").fillna(False).to_numpy()
    ones = np.ones(len(dossiers), dtype=np.int64)
    t_req, p_req, valid = _b(dossiers["transfer_required"]), _b(dossiers["payment_required"]), _b(
        dossiers["result_valid"])
    parts = {
        "I.1.a": (t_req & _b(dossiers["transfer_electronic"]), t_req),
        "I.2.b": (p_req & _b(dossiers["paid_online"]), p_req),
        "I.3.a": (valid & _b(dossiers["result_digitised"]), valid),
        "I.4.c": (online, ones),
        "I.7.a": (~_b(dossiers["reprovided"]), ones),
        "IV.2.a": (online & _b(dossiers["eid"]), online),
    }
    return _quarter_cells(dossiers, dossiers["received_on"], parts)


#: The dossier columns :func:`compute_payment_cells` reads.
PAYMENT_COLUMNS = ["unit_id", "procedure_id", "received_on", "payment_required", "paid_online"]


def compute_payment_cells(dossiers: pd.DataFrame, procedures: pd.DataFrame | None
                          ) -> pd.DataFrame:
    """I.2.b under its chosen reading: payments (dossiers with ``payment_required``) for
    the procedures that offer online payment that year, and those paid online.

    A dossier's procedure is its unit's ``procedure_id`` in the procedures catalogue of
    the year it was received (``online_payment`` true). Without a procedures table
    nothing can be counted: no cells. The other reading (every payment) is the I.2.b of
    :func:`compute_dossier_cells`.

    >>> d = pd.DataFrame({"unit_id": "u", "procedure_id": ["P1", "P1", "P2", "P2"],
    ...                   "received_on": pd.to_datetime(["2024-01-05"] * 4),
    ...                   "payment_required": [True, True, True, False],
    ...                   "paid_online": [True, False, False, False]})
    >>> p = pd.DataFrame({"year": 2024, "unit_id": "u", "procedure_id": ["P1", "P2"],
    ...                   "online_payment": [True, False]})
    >>> compute_payment_cells(d, p)[["measure_id", "numerator", "denominator"]].values.tolist()
    [['I.2.b', 1, 2]]
    """
    if procedures is None or dossiers.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    offers = _offers(procedures)
    # only the dossiers that owe a payment can count (both parts require it)
    dossiers = dossiers[_b(dossiers["payment_required"])]
    if dossiers.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    keys = pd.DataFrame({"unit_id": dossiers["unit_id"].astype(object).to_numpy(),
                         "procedure_id": dossiers["procedure_id"].astype(object).to_numpy(),
                         "year": dossiers["received_on"].dt.year.astype("int64").to_numpy()})
    offered = keys.merge(offers, on=["unit_id", "procedure_id", "year"], how="left")[
        "offered"].fillna(False).to_numpy(dtype=bool)
    owed = _b(dossiers["payment_required"]) & offered
    return _quarter_cells(dossiers, dossiers["received_on"],
                          {"I.2.b": (owed & _b(dossiers["paid_online"]), owed)})


def _offers(procedures: pd.DataFrame) -> pd.DataFrame:
    """``unit_id, procedure_id, year, offered``: the procedures offering online payment."""
    offers = procedures.loc[_b(procedures["online_payment"]), ["unit_id", "procedure_id",
                                                                "year"]]
    return offers.drop_duplicates().astype({"unit_id": object, "procedure_id": object,
                                            "year": "int64"}).assign(offered=True)


def compute_contact_cells(dossiers: pd.DataFrame) -> pd.DataFrame:
    """The contact-count distribution (0, 1, 2, 3+) per unit and quarter.

    ``measure_id`` holds the bin, ``numerator`` the dossiers in it, ``denominator`` all.
    """
    contacts = dossiers["contacts"].fillna(0).to_numpy(dtype=np.int64)
    ones = np.ones(len(dossiers), dtype=np.int64)
    parts = {
        label: ((contacts >= 3) if label == "3+" else (contacts == int(label)), ones)
        for label in CONTACT_BINS
    }
    cells = _quarter_cells(dossiers, dossiers["received_on"], parts)
    return cells.rename(columns={"measure_id": "contacts"})




def compute_dossier_cells_from_counts(counts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`compute_dossier_cells` and :func:`compute_contact_cells` from counts.

    ``counts`` is indexed by ``unit_id, year, quarter`` (sorted) as the fast path gives
    them (any further index level is summed over), with the :data:`DOSSIER_COUNTS`
    columns, where
    ``transfer_electronic`` counts dossiers both needing and making an electronic
    transfer, ``paid_online`` both owing and paying online, ``result_digitised`` both
    valid and digitised, ``online_eid`` both online and signed in with the
    e-identification. Returns the same frames, row for row.
    """
    c = _per_quarter(counts)
    cells = _long(_wide(c.index, {
        "I.1.a": (c["transfer_electronic"], c["transfer_required"]),
        "I.2.b": (c["paid_online"], c["payment_required"]),
        "I.3.a": (c["result_digitised"], c["result_valid"]),
        "I.4.c": (c["online"], c["dossiers"]),
        "I.7.a": (c["not_reprovided"], c["dossiers"]),
        "IV.2.a": (c["online_eid"], c["online"]),
    }))
    contacts = _long(_wide(c.index, {label: (c[f"contacts_{label}"], c["dossiers"])
                                     for label in CONTACT_BINS}))
    return cells, contacts.rename(columns={"measure_id": "contacts"})


def _per_quarter(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts indexed by ``unit_id, year, quarter`` (summed over any other index level)."""
    keys = ["unit_id", "year", "quarter"]
    if list(counts.index.names) == keys:
        return counts
    return counts.groupby(level=keys, sort=True).sum()


def compute_payment_cells_from_counts(counts: pd.DataFrame, procedures: pd.DataFrame | None
                                      ) -> pd.DataFrame:
    """:func:`compute_payment_cells` from the fast path's payment counts indexed by
    :data:`~cchc.spec.counts.PAYMENT_KEYS` (``payment_required``: dossiers owing a
    payment; ``paid_online``: of those, paid online), row for row.

    >>> counts = pd.DataFrame({"unit_id": "u", "procedure_id": ["P1", "P2"], "year": 2024,
    ...                        "quarter": 1, "payment_required": [2, 1], "paid_online": [1, 0]}
    ...                       ).set_index(["unit_id", "procedure_id", "year", "quarter"])
    >>> p = pd.DataFrame({"year": 2024, "unit_id": "u", "procedure_id": ["P1", "P2"],
    ...                   "online_payment": [True, False]})
    >>> compute_payment_cells_from_counts(counts, p)[
    ...     ["measure_id", "numerator", "denominator"]].values.tolist()
    [['I.2.b', 1, 2]]
    """
    if procedures is None:
        return pd.DataFrame(columns=CELL_COLUMNS)
    owing = counts.loc[counts["payment_required"].to_numpy() > 0,
                       ["payment_required", "paid_online"]].reset_index()
    if owing.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    keys = pd.DataFrame({"unit_id": owing["unit_id"].astype(object).to_numpy(),
                         "procedure_id": owing["procedure_id"].astype(object).to_numpy(),
                         "year": owing["year"].astype("int64").to_numpy()})
    offered = keys.merge(_offers(procedures), on=["unit_id", "procedure_id", "year"],
                         how="left")["offered"].fillna(False).to_numpy(dtype=bool)
    sums = pd.DataFrame({
        "unit_id": owing["unit_id"].to_numpy(), "year": owing["year"].to_numpy(),
        "quarter": owing["quarter"].to_numpy(),
        "I.2.b|n": np.where(offered, owing["paid_online"].to_numpy(dtype=np.int64), 0),
        "I.2.b|d": np.where(offered, owing["payment_required"].to_numpy(dtype=np.int64), 0),
    }).groupby(["unit_id", "year", "quarter"], sort=True).sum()
    return _long(sums)


def _wide(index: pd.Index, parts: dict[str, tuple]) -> pd.DataFrame:
    data = {}
    for measure_id, (num, den) in parts.items():
        data[f"{measure_id}|n"] = np.asarray(num, dtype=np.int64)
        data[f"{measure_id}|d"] = np.asarray(den, dtype=np.int64)
    return pd.DataFrame(data, index=index)


def compute_survey_cells(surveys: pd.DataFrame) -> pd.DataFrame:
    """I.5.a, I.5.b, II.3.a, II.3.b per unit and quarter."""
    service = surveys["service"].astype(object).to_numpy()
    satisfied = _b(surveys["satisfied"])
    procedure = service == "procedure"
    land = procedure & surveys["field"].isin(LAND_FIELDS).fillna(False).to_numpy()
    admin = service == "administration"
    social = (service == "health") | (service == "education")
    parts = {
        "I.5.a": (procedure & satisfied, procedure),
        "I.5.b": (land & satisfied, land),
        "II.3.a": (admin & satisfied, admin),
        "II.3.b": (social & satisfied, social),
    }
    return _quarter_cells(surveys, surveys["surveyed_on"], parts)


def compute_survey_cells_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`compute_survey_cells` from counts of responses and satisfied responses
    indexed by :data:`~cchc.spec.counts.SURVEY_KEYS` (the fast path's), row for row."""
    flat = counts.reset_index()
    service = flat["service"].to_numpy(dtype=object)
    procedure = service == "procedure"
    land = procedure & flat["field"].isin(LAND_FIELDS).to_numpy()
    admin = service == "administration"
    social = (service == "health") | (service == "education")
    n, yes = flat["responses"].to_numpy(), flat["satisfied"].to_numpy()
    parts = {}
    for measure_id, keep in (("I.5.a", procedure), ("I.5.b", land), ("II.3.a", admin),
                             ("II.3.b", social)):
        parts[f"{measure_id}|n"] = np.where(keep, yes, 0)
        parts[f"{measure_id}|d"] = np.where(keep, n, 0)
    sums = pd.DataFrame({"unit_id": flat["unit_id"].to_numpy(), "year": flat["year"],
                         "quarter": flat["quarter"], **parts}).groupby(
        ["unit_id", "year", "quarter"], sort=True).sum()
    return _long(sums)


def _period_quarters(frame: pd.DataFrame) -> pd.DataFrame:
    text = frame["period"].astype(str)
    return pd.DataFrame({"year": text.str.slice(0, 4).astype(int).to_numpy(),
                         "quarter": text.str.slice(5, 6).astype(int).to_numpy()},
                        index=frame.index)


def compute_count_cells(frame: pd.DataFrame, measure_id: str, numerator: str,
                        denominator: str, per_unit: bool = False) -> pd.DataFrame:
    """Quarterly aggregate tables (meetings, work records, inspections).

    With ``per_unit`` each unit-quarter counts once: numerator 1 when the unit's
    ``numerator`` is positive that quarter, denominator 1 when its ``denominator`` is
    (IV.5.a's other reading: People's Committee-quarters with a meeting through the
    system).

    >>> meetings = pd.DataFrame({"unit_id": ["a", "b"], "period": ["2024Q1", "2024Q1"],
    ...                          "meetings": [10, 4], "via_system": [9, 0]})
    >>> compute_count_cells(meetings, "IV.5.a", "via_system", "meetings")[
    ...     ["numerator", "denominator"]].values.tolist()
    [[9, 10], [0, 4]]
    >>> compute_count_cells(meetings, "IV.5.a", "via_system", "meetings", per_unit=True)[
    ...     ["numerator", "denominator"]].values.tolist()
    [[1, 1], [0, 1]]
    """
    if frame.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    when = _period_quarters(frame)
    cells = pd.DataFrame({
        "unit_id": frame["unit_id"].to_numpy(), "measure_id": measure_id,
        "year": when["year"].to_numpy(), "quarter": when["quarter"].to_numpy(),
        "numerator": frame[numerator].astype("int64").to_numpy(),
        "denominator": frame[denominator].astype("int64").to_numpy(),
    })
    cells = cells.groupby(["unit_id", "measure_id", "year", "quarter"], as_index=False).sum()
    if per_unit:
        cells["numerator"] = (cells["numerator"] > 0).astype("int64")
        cells["denominator"] = (cells["denominator"] > 0).astype("int64")
    return cells[cells["denominator"] != 0][CELL_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- annual


def _year_cells(frame: pd.DataFrame, parts: dict[str, tuple]) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    data = {"unit_id": frame["unit_id"].to_numpy(), "year": frame["year"].to_numpy(dtype=int)}
    for measure_id, (num, den) in parts.items():
        data[f"{measure_id}|n"] = np.asarray(num, dtype=np.int64)
        data[f"{measure_id}|d"] = np.asarray(den, dtype=np.int64)
    return _long(pd.DataFrame(data).groupby(["unit_id", "year"], sort=True).sum())


def compute_procedure_cells(procedures: pd.DataFrame) -> pd.DataFrame:
    """I.2.a, I.4.a, I.4.b, I.6.a per unit and year."""
    mode = procedures["online_mode"].astype(object).to_numpy()
    online = (mode == "full") | (mode == "partial")
    fin, eligible, internal = (_b(procedures[c]) for c in
                               ("financial_obligation", "online_eligible", "internal"))
    parts = {
        "I.2.a": (fin & _b(procedures["online_payment"]), fin),
        "I.4.a": (eligible & online, eligible),
        "I.4.b": (online & _b(procedures["national_portal"]), online),
        "I.6.a": (internal & _b(procedures["published_on_time"]), internal),
    }
    return _year_cells(procedures, parts)


def compute_system_cells(systems: pd.DataFrame) -> pd.DataFrame:
    """IV.1.a, IV.3.a, IV.4.a per unit and year."""
    kind = systems["kind"].astype(object).to_numpy()
    portal = (kind == "public_service_portal") | (kind == "one_stop")
    facing = _b(systems["citizen_facing"]) & _b(systems["in_operation"])
    reporting = kind == "reporting"
    parts = {
        "IV.1.a": (portal & _b(systems["national_portal_connected"]), portal),
        "IV.3.a": (facing & _b(systems["data_axis_connected"]), facing),
        "IV.4.a": (reporting & _b(systems["reporting_connected"]), reporting),
    }
    return _year_cells(systems, parts)


def compute_service_unit_cells(service_units: pd.DataFrame) -> pd.DataFrame:
    """III.1.a, III.1.b per unit and year (II.2 is a comparison of stocks: see
    :func:`compute_service_unit_stocks` and :func:`compute_stock_index_values`).

    III.1.b keeps the units already converted: a unit converted into a joint-stock
    company leaves the inventory, so an eligible unit listed as converted in the last year
    it appears counts as converted (numerator and denominator) in every later year of the
    table, under its last managing unit (:func:`carried_conversions`).
    """
    if service_units.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    su = service_units
    eligible = _b(su["conversion_eligible"]) & su["sector"].isin(["economic", "other"]).to_numpy()
    autonomous = su["autonomy"].isin(["1", "2"]).to_numpy()
    ones = np.ones(len(su), dtype=np.int64)
    listed = _year_cells(su, {
        "III.1.a": (autonomous, ones),
        "III.1.b": (eligible & _b(su["converted"]), eligible),
    })
    carried = carried_conversions(su)
    if carried.empty:
        return listed
    carried = carried.groupby(["unit_id", "year"], as_index=False).size().rename(
        columns={"size": "numerator"})
    carried = carried.assign(measure_id="III.1.b", quarter=0,
                             denominator=carried["numerator"])[CELL_COLUMNS]
    both = pd.concat([listed, carried.astype(listed.dtypes.to_dict())], ignore_index=True)
    return both.groupby(["unit_id", "measure_id", "year", "quarter"], as_index=False,
                        sort=False)[["numerator", "denominator"]].sum()[CELL_COLUMNS]


def carried_conversions(service_units: pd.DataFrame) -> pd.DataFrame:
    """Converted units gone from the inventory, one row per later year of the table.

    Columns ``service_unit_id, unit_id, year``: an eligible economic or other unit whose
    last listed row says converted, for each year of the table after that row.

    >>> su = pd.DataFrame({"year": [2022, 2023, 2022, 2024],
    ...                    "service_unit_id": ["x", "x", "y", "z"],
    ...                    "unit_id": ["a", "a", "b", "b"], "sector": "economic",
    ...                    "conversion_eligible": True, "converted": [False, True, True, False]})
    >>> carried_conversions(su).values.tolist()
    [['x', 'a', 2024], ['y', 'b', 2023], ['y', 'b', 2024]]
    """
    su = service_units
    ok = (_b(su["conversion_eligible"]) & su["sector"].isin(["economic", "other"]).to_numpy()
          & _b(su["converted"]))
    frame = pd.DataFrame({"service_unit_id": su["service_unit_id"].to_numpy(),
                          "unit_id": su["unit_id"].to_numpy(),
                          "year": su["year"].to_numpy(dtype=int), "ok": ok})
    last = frame.sort_values(["service_unit_id", "year"], kind="stable").drop_duplicates(
        "service_unit_id", keep="last")
    last = last[last["ok"]].drop(columns="ok")
    years = pd.DataFrame({"later": np.unique(frame["year"])})
    out = last.merge(years, how="cross")
    out = out[out["later"] > out["year"]]
    out = out.drop(columns="year").rename(columns={"later": "year"})
    return out.sort_values(["service_unit_id", "year"]).reset_index(drop=True)


#: The stocks II.2.a and II.2.b index against the base year: units, budget-paid staff.
STOCK_INDICES: dict[str, str] = {"II.2.a": "count", "II.2.b": "staff"}


def compute_service_unit_stocks(service_units: pd.DataFrame) -> pd.DataFrame:
    """Public service units and their budget-paid staff per managing unit and year.

    Columns ``unit_id, year, count, staff``.
    """
    per_year = pd.DataFrame({"unit_id": service_units["unit_id"].to_numpy(),
                             "year": service_units["year"].to_numpy(dtype=int), "count": 1,
                             "staff": service_units["budget_staff"].fillna(0).to_numpy(
                                 dtype=np.int64)})
    return per_year.groupby(["unit_id", "year"], as_index=False, sort=True).sum()


def compute_stock_index_values(stocks: pd.DataFrame, year: int, base_year: int,
                               in_force: pd.Series | None = None) -> pd.DataFrame:
    """II.2.a, II.2.b for a year: the stock as an index of the base year's (base = 100).

    The value is ``100 × stock now / stock in the base year`` (target 90 by 2025,
    direction down: ``docs/meaning.md``), so 2021 is exactly 100 and the progress method
    needs no zero replacement. Owner-level parts whose sums are a unit's index, also
    across a reorganisation: a unit with a base-year stock gives ``(stock now, base)``,
    its stock now counting only while it is in force (a unit that ended handed its
    stock over); a unit with no base-year row gives ``(stock now, 0)``: one created since
    (its stock was counted in the bases of the units it came from) or one that managed no
    public service unit in the base year (the base year's inventory is read as complete).
    So a province's numerator holds every public service unit of its area, old and new.

    >>> stocks = pd.DataFrame({"unit_id": ["old", "old", "new"], "year": [2021, 2025, 2025],
    ...                        "count": [10, 9, 8], "staff": [100, 90, 85]})
    >>> in_force = pd.Series({"old": False, "new": True})
    >>> compute_stock_index_values(stocks, 2025, 2021, in_force).to_dict("records")[:2]
    [{'unit_id': 'new', 'measure_id': 'II.2.a', 'numerator': 8, 'denominator': 0},
     {'unit_id': 'old', 'measure_id': 'II.2.a', 'numerator': 0, 'denominator': 10}]
    """
    if stocks.empty or not (stocks["year"] == base_year).any() or not (
            stocks["year"] == year).any():
        return pd.DataFrame(columns=VALUE_COLUMNS)  # no base year, or no stock that year
    base = stocks[stocks["year"] == base_year].set_index("unit_id")[["count", "staff"]]
    base = base[base["count"] > 0]
    now = stocks[stocks["year"] == year].set_index("unit_id")[["count", "staff"]]
    ids = base.index.union(now.index)
    force = (pd.Series(True, index=ids) if in_force is None
             else in_force.reindex(ids).fillna(True).astype(bool))
    parts = []
    for measure_id, column in STOCK_INDICES.items():
        b = base[column].reindex(ids, fill_value=0).to_numpy(dtype=np.int64)
        n = now[column].reindex(ids, fill_value=0).to_numpy(dtype=np.int64) * force.to_numpy()
        parts.append(pd.DataFrame({"unit_id": ids, "measure_id": measure_id,
                                   "numerator": n, "denominator": b}))
    return pd.concat(parts, ignore_index=True)[VALUE_COLUMNS]


# --------------------------------------------------------------------------- states


def compute_merging_values(merging: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """II.1.a at a date: units merged by ``end`` / units required to merge."""
    required = _b(merging["required"])
    done = required & (merging["completed_on"] <= end).fillna(False).to_numpy()
    frame = pd.DataFrame({"unit_id": merging["unit_id"].to_numpy(),
                          "numerator": done.astype(np.int64),
                          "denominator": required.astype(np.int64)})
    frame = frame.groupby("unit_id", as_index=False).sum()
    frame["measure_id"] = "II.1.a"
    return frame.loc[frame["denominator"] > 0, VALUE_COLUMNS]


def compute_tracking_values(tracking: pd.DataFrame, window: Window) -> pd.DataFrame:
    """IV.8.a for a window: each unit's latest report within the window's year."""
    when = _period_quarters(tracking)
    inside = (when["year"] == window.year) & (when["quarter"] <= max(window.quarters))
    latest = tracking[inside.to_numpy()].assign(q=when["quarter"][inside])
    latest = latest.sort_values(["unit_id", "q"]).drop_duplicates("unit_id", keep="last")
    return pd.DataFrame({
        "unit_id": latest["unit_id"].to_numpy(), "measure_id": "IV.8.a",
        "numerator": _b(latest["operating"]).astype(np.int64),
        "denominator": np.ones(len(latest), dtype=np.int64),
    })


# --------------------------------------------------------------------------- windows


@dataclass(frozen=True)
class Cells:
    """Owner-level cells of a dataset, computed once and cut into windows."""

    quarterly: pd.DataFrame  # flows per quarter
    annual: pd.DataFrame  # inventories per year (quarter = 0)
    contacts: pd.DataFrame
    merging: pd.DataFrame | None
    tracking: pd.DataFrame | None
    stocks: pd.DataFrame | None = None  # public service units per unit and year (II.2)


def compute_cells(dataset: Dataset, readings: dict[str, str] | None = None) -> Cells:
    """Aggregate every source table of ``dataset`` to owner-level cells (one pass each).

    ``readings`` (:attr:`cchc.spec.catalogue.Catalogue.readings`) chooses how I.2.b and
    IV.5.a are counted; without it, their chosen readings.
    """
    readings = {"I.2.b": "offering_online_payment", "IV.5.a": "meetings", **(readings or {})}
    t = dataset.tables
    empty = pd.DataFrame(columns=CELL_COLUMNS)
    no_contacts = pd.DataFrame(columns=[*CELL_COLUMNS[:1], "contacts", *CELL_COLUMNS[2:]])
    counts = dataset.aggregates.get("dossiers")
    if counts is not None:  # a large Parquet file, aggregated as it was read
        dossier_cells, contacts = compute_dossier_cells_from_counts(counts)
    elif "dossiers" in t:
        dossier_cells = compute_dossier_cells(t["dossiers"])
        contacts = compute_contact_cells(t["dossiers"])
    else:
        dossier_cells, contacts = empty, no_contacts
    if readings["I.2.b"] == "offering_online_payment" and "dossiers" in t:
        paying = dataset.aggregates.get("payments")
        payments = (compute_payment_cells_from_counts(paying, t.get("procedures"))
                    if paying is not None
                    else compute_payment_cells(dataset.columns("dossiers", PAYMENT_COLUMNS),
                                               t.get("procedures")))
        dossier_cells = pd.concat([dossier_cells[dossier_cells["measure_id"] != "I.2.b"],
                                   payments], ignore_index=True)
    surveys = dataset.aggregates.get("surveys")
    quarterly = [
        dossier_cells,
        compute_survey_cells_from_counts(surveys) if surveys is not None
        else compute_survey_cells(t["surveys"]) if "surveys" in t else empty,
    ]
    for table, measure_id, num, den in (("meetings", "IV.5.a", "via_system", "meetings"),
                                        ("work_records", "IV.6.a", "online", "records"),
                                        ("inspections", "IV.7.a", "digital", "inspections")):
        if table in t:
            per_unit = measure_id == "IV.5.a" and readings["IV.5.a"] == "committee_quarters"
            quarterly.append(compute_count_cells(t[table], measure_id, num, den, per_unit))
    annual = [
        compute_procedure_cells(t["procedures"]) if "procedures" in t else empty,
        compute_system_cells(t["systems"]) if "systems" in t else empty,
        compute_service_unit_cells(t["service_units"]) if "service_units" in t else empty,
    ]
    stocks = (compute_service_unit_stocks(t["service_units"]) if "service_units" in t
              else None)
    return Cells(_concat(quarterly), _concat(annual), contacts, t.get("merging"),
                 t.get("task_tracking"), stocks)


def _concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=CELL_COLUMNS).astype(
            {"year": int, "quarter": int, "numerator": "int64", "denominator": "int64"})
    out = pd.concat(frames, ignore_index=True)
    out["unit_id"] = out["unit_id"].astype(object)
    return out


def window_values(cells: Cells, windows: Iterable[Window], units: Units | None = None,
                  base_year: int = FIRST_YEAR, readings: dict[str, str] | None = None
                  ) -> pd.DataFrame:
    """Owner-level ``window, unit_id, measure_id, numerator, denominator`` for each window.

    Flows count by their dates. Stocks and states (annual inventories, the merging plan,
    the task-tracking reports, II.2's public service units) are read from the units in
    force at the window's end, so that a year that spans a reorganisation does not count
    an inventory twice, once under the old unit and once under its successor. Without
    ``units`` every unit is taken as in force. Under I.3.a's other reading (``readings``
    ``{"I.3.a": "valid_stock"}``) its flows accumulate from the base year to the window's
    end: the stock of valid results issued since.
    """
    stock = (readings or {}).get("I.3.a") == "valid_stock"
    out = []
    for window in windows:
        force = None if units is None else units.in_force(window.end)

        def standing(frame: pd.DataFrame, force: pd.Series | None = force) -> pd.DataFrame:
            if force is None or frame.empty:
                return frame
            return frame[frame["unit_id"].map(force).fillna(True).to_numpy(dtype=bool)]

        q = cells.quarterly
        inside = (q["year"] == window.year) & q["quarter"].isin(window.quarters)
        if stock:
            since = ((q["year"] >= base_year) & (q["year"] < window.year)) | (
                (q["year"] == window.year) & (q["quarter"] <= max(window.quarters)))
            cumulative = q["measure_id"] == "I.3.a"
            inside = (inside & ~cumulative) | (since & cumulative)
        flows = q[inside]
        a = cells.annual
        parts = [flows[VALUE_COLUMNS], standing(a.loc[a["year"] == window.year, VALUE_COLUMNS])]
        if cells.merging is not None:
            parts.append(standing(compute_merging_values(cells.merging, window.end)))
        if cells.tracking is not None:
            parts.append(standing(compute_tracking_values(cells.tracking, window)))
        if cells.stocks is not None:
            parts.append(compute_stock_index_values(cells.stocks, window.year, base_year,
                                                    force))
        frame = _concat([p if p["unit_id"].dtype == object else p.astype({"unit_id": object})
                         for p in parts if len(p)])
        frame = frame.groupby(["unit_id", "measure_id"], as_index=False)[
            ["numerator", "denominator"]].sum()
        frame.insert(0, "window", window.key)
        out.append(frame)
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(
        columns=["window", *VALUE_COLUMNS])


def contact_values(cells: Cells, windows: Iterable[Window]) -> pd.DataFrame:
    """Owner-level contact-count distribution per window."""
    c = cells.contacts
    out = []
    for window in windows:
        part = c[(c["year"] == window.year) & c["quarter"].isin(window.quarters)]
        part = part.groupby(["unit_id", "contacts"], as_index=False)[
            ["numerator", "denominator"]].sum()
        part.insert(0, "window", window.key)
        out.append(part)
    return pd.concat(out, ignore_index=True)


def rollup(values: pd.DataFrame, units: Units, level_scoped: Iterable[str] = (),
           by: str = "measure_id") -> pd.DataFrame:
    """Sum owner-level numerators and denominators up the unit tree (and successions).

    Measures listed in ``level_scoped`` sum only members of the unit's own target level.

    >>> commune = units.children("bat-xat")[0]  # a commune of the district
    >>> values = pd.DataFrame({"unit_id": ["bat-xat", commune], "measure_id": "I.4.c",
    ...                        "numerator": [10, 5], "denominator": [20, 10]})
    >>> rollup(values, units).query("unit_id in ['bat-xat', 'lao-cai']").to_dict("records")
    [{'unit_id': 'bat-xat', 'measure_id': 'I.4.c', 'numerator': 15, 'denominator': 30},
     {'unit_id': 'lao-cai', 'measure_id': 'I.4.c', 'numerator': 15, 'denominator': 30}]
    """
    pairs = units.membership
    joined = values.rename(columns={"unit_id": "member_id"}).merge(pairs, on="member_id")
    scoped = joined[by].isin(list(level_scoped)).to_numpy()
    joined = joined[~scoped | joined["same_level"].to_numpy()]
    keys = [c for c in values.columns if c not in ("unit_id", "numerator", "denominator")]
    return joined.groupby(["unit_id", *keys], as_index=False, sort=True)[
        ["numerator", "denominator"]].sum()
