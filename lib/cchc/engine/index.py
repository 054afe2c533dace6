"""Weighted indices (params/indices/) for every unit and period: records → counts →
criteria → points, vectorised.

Three stages, each over whole tables, never a loop over units or records:

1. :func:`compute_index_counts`: every count of :data:`cchc.spec.counts.INDEX_COUNTS` per
   owner unit and period (months, quarters or years), from the dossiers, procedures,
   complaints and ratings tables (a large Parquet dossiers file is not read whole:
   :meth:`cchc.sources.dataset.Dataset.columns` reads only the columns needed);
2. roll-up: area units sum their members' counts (numerators and denominators), before
   any rate is taken;
3. :func:`score_index`: rates, the criteria's rules, groups, totals and the rank of each
   unit's total among the units of its level.

The on-time rule (:func:`on_time`) is judged at the period's end, so a dossier's status
depends on the period it is counted in; it is computed once per kind of period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cchc.engine.measures import Window, compute_cells, rollup, window_values
from cchc.errors import ParameterError
from cchc.sources.dataset import Dataset
from cchc.spec.catalogue import Catalogue, load_catalogue
from cchc.spec.counts import INDEX_COUNTS
from cchc.spec.dictionary import load_dictionary
from cchc.spec.indices import POINT_DECIMALS, IndexDefinition
from cchc.spec.periods import Period
from cchc.spec.units import Units

#: The columns of ``cchc index`` (one row per criterion, group and total of a unit).
INDEX_COLUMNS = ["unit_id", "period", "group_id", "criterion_id", "numerator", "denominator",
                 "rate", "points", "max_points", "rank"]
#: The monthly (or other) series of a unit's group and total points.
TREND_COLUMNS = ["unit_id", "period", "group_id", "points", "max_points"]
TOTAL = "total"
KINDS = ("month", "quarter", "year")
RATE_DECIMALS = 4
#: Working days between a procedure's announcement and its deadlines (province level).
ANNOUNCE_DAYS = 5
PUBLISH_DAYS = 5

DOSSIER_COLUMNS = (
    "unit_id", "procedure_id", "received_on", "channel", "paid_online", "eid", "due_on",
    "resolved_on", "supplement_requested_on", "supplement_completed_on",
    "supplement_requests", "fee", "synced", "result_electronic", "components_digitised",
    "data_reused", "personal_store", "citizen_data_connected",
)
#: Dates that say how far the records go (a due date may lie ahead, so it does not).
OBSERVED_DATES = {
    "dossiers": ("received_on", "resolved_on", "supplement_requested_on",
                 "supplement_completed_on"),
    "complaints": ("received_on", "handled_on"),
    "ratings": ("rated_on",),
}


@dataclass(frozen=True)
class IndexCounts:
    """Owner-level counts of one kind of period (before any roll-up).

    ``values`` is wide: one row per ``unit_id, period`` (the period as text, ``2025-10``,
    ``2025Q4`` or ``2025``), one int64 column per count of
    :data:`~cchc.spec.counts.INDEX_COUNTS`. ``available`` names the counts whose columns
    the data have; the others are "no data". ``as_of`` is the day the records go up to.
    """

    kind: str
    values: pd.DataFrame
    available: frozenset[str]
    as_of: pd.Timestamp | None


@dataclass(frozen=True)
class IndexEvaluation:
    """One index for one period: the rows ``cchc index`` writes, and the monthly trend."""

    index_id: str
    period: str
    scores: pd.DataFrame  # INDEX_COLUMNS
    trend: pd.DataFrame  # TREND_COLUMNS, by month (empty if not asked for)
    as_of: str  # the day the records go up to ("" when there are none)
    synthetic: bool


# --------------------------------------------------------------------------- periods


def period_keys(days: np.ndarray, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Each day's period (``2025-10`` as 202510, ``2025Q4`` as 20254, ``2025``) and its
    last day, for days as ``datetime64[D]``.

    >>> keys, ends = period_keys(np.array(["2025-10-05", "2024-02-29"], "datetime64[D]"),
    ...                          "quarter")
    >>> keys.tolist(), ends.astype(str).tolist()
    ([20254, 20241], ['2025-12-31', '2024-03-31'])
    """
    months = days.astype("datetime64[M]")
    number = months.astype(np.int64)
    year, month0 = number // 12 + 1970, number % 12
    if kind == "month":
        keys, last = year * 100 + month0 + 1, months
    elif kind == "quarter":
        keys, last = year * 10 + month0 // 3 + 1, months - (month0 % 3) + 2
    elif kind == "year":
        keys, last = year, months - month0 + 11
    else:
        raise ValueError(kind)
    ends = (last + 1).astype("datetime64[D]") - 1
    return keys.astype(np.int64), ends


def key_label(key: int, kind: str) -> str:
    """``202510`` → ``"2025-10"``; ``20254`` → ``"2025Q4"``; ``2025`` → ``"2025"``."""
    if kind == "month":
        return f"{key // 100}-{key % 100:02d}"
    if kind == "quarter":
        return f"{key // 10}Q{key % 10}"
    return str(key)


def _period_key(period: Period) -> int:
    if period.month:
        return period.year * 100 + period.month
    if period.quarter:
        return period.year * 10 + period.quarter
    return period.year


# --------------------------------------------------------------------------- the rules


def on_time(received: np.ndarray, due: np.ndarray, resolved: np.ndarray,
            requested: np.ndarray, completed: np.ndarray, requests: np.ndarray,
            end: np.ndarray) -> np.ndarray:
    """Whether each dossier is on time at ``end`` (its period's last day, or the day the
    records go up to), as the national portal judges it.

    Dates are ``datetime64[D]`` with NaT where absent; ``requests`` is the number of
    supplement requests. A dossier without a due date is neither on time nor late (the
    caller leaves it out).

    * resolved by ``end``: on time if ``resolved − wait ≤ due``, the wait being the time
      from the supplement request to its completion (the applicant's time);
    * waiting for the applicant's supplement at ``end``: judged at the request's date;
    * neither (in progress): on time while not yet due (``due ≥ end``), late once past due;
    * a second supplement request makes it late.

    >>> d = lambda *v: np.array(v, dtype="datetime64[D]")
    >>> on_time(received=d("2025-10-01", "2025-10-01", "2025-10-01", "2025-10-01"),
    ...         due=d("2025-10-10", "2025-10-10", "2025-10-10", "2025-11-10"),
    ...         resolved=d("2025-10-12", "NaT", "NaT", "NaT"),
    ...         requested=d("2025-10-03", "NaT", "NaT", "NaT"),
    ...         completed=d("2025-10-06", "NaT", "NaT", "NaT"),
    ...         requests=np.array([1, 0, 0, 0]), end=d(*["2025-10-31"] * 4)).tolist()
    [True, False, False, True]
    """
    del received  # the clock starts at reception; every rule below is about the end
    has_due = ~np.isnat(due)
    requested_by_end = ~np.isnat(requested) & (requested <= end)
    completed_by_end = ~np.isnat(completed) & (completed <= end)
    resolved_by_end = ~np.isnat(resolved) & (resolved <= end)
    waiting = requested_by_end & ~completed_by_end & ~resolved_by_end
    pause = np.where(requested_by_end & completed_by_end,
                     (completed - requested).astype("timedelta64[D]"), np.timedelta64(0, "D"))
    with np.errstate(invalid="ignore"):
        resolved_ok = (resolved - pause) <= due
        waiting_ok = requested <= due
        progress_ok = due >= end
    ok = np.select([resolved_by_end, waiting], [resolved_ok, waiting_ok], progress_ok)
    return has_due & ok & (requests < 2)


def score_points(numerator: np.ndarray, denominator: np.ndarray, max_points: np.ndarray,
                 rule: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """Points of each criterion from its numerator and denominator (rules of
    :mod:`cchc.spec.indices`), rounded to 2 decimals; NaN where the numerator is NaN
    (no data).

    >>> score_points(np.array([8.0, 4, 0, 3, np.nan]), np.array([10.0, 10, 0, 10, 5]),
    ...              np.array([6.0, 4, 6, 6, 6]),
    ...              np.array(["linear", "threshold", "none_is_full", "threshold", "linear"]),
    ...              np.array([np.nan, 80, np.nan, 25, np.nan])).tolist()
    [4.8, 2.0, 6.0, 6.0, nan]
    """
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(denominator > 0, numerator / denominator, np.nan)
        fraction = np.where(rule == "threshold", 100.0 * rate / threshold, rate)
    points = max_points * np.minimum(fraction, 1.0)
    points = np.where(denominator > 0, points, np.where(rule == "none_is_full", max_points, 0.0))
    points = np.where(np.isnan(numerator), np.nan, points)
    return np.round(points, POINT_DECIMALS)


# --------------------------------------------------------------------------- counting


def _days(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _flag(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=bool, na_value=False)


def _codes(series: pd.Series, vocabulary: pd.Index) -> np.ndarray:
    return pd.Categorical(series, categories=vocabulary).codes.astype(np.int64)


def _has(frame: pd.DataFrame | None, column: str | None) -> bool:
    if frame is None:
        return False
    return column is None or (column in frame and bool(frame[column].notna().any()))


def _as_of(dataset: Dataset) -> pd.Timestamp | None:
    """The latest day any record observes: the data's "as of" day."""
    latest = [dataset.latest(name, columns) for name, columns in OBSERVED_DATES.items()]
    latest = [day for day in latest if day is not None]
    return max(latest) if latest else None


@dataclass(frozen=True)
class _Groups:
    """Rows grouped by (unit, period key): each row's group number, and the keys."""

    group: np.ndarray
    keys: np.ndarray

    @property
    def size(self) -> int:
        return int(self.group.max(initial=-1)) + 1


def _groups(unit: np.ndarray, key: np.ndarray) -> _Groups:
    keys, index = np.unique(key, return_inverse=True)
    return _Groups(unit * len(keys) + index.reshape(-1), keys)


def _groups_by_day(unit: np.ndarray, days: np.ndarray, kind: str) -> _Groups:
    """Like :func:`_groups` for days, without sorting millions of keys: a period's key is
    arithmetic on the month number."""
    months = days.astype("datetime64[M]").astype(np.int64)
    code = {"month": months, "quarter": months // 3, "year": months // 12}[kind]
    low = int(code.min(initial=0))
    span = int(code.max(initial=low)) - low + 1
    every = np.arange(low, low + span, dtype=np.int64)
    if kind == "month":
        keys = (every // 12 + 1970) * 100 + every % 12 + 1
    elif kind == "quarter":
        keys = (every // 4 + 1970) * 10 + every % 4 + 1
    else:
        keys = every + 1970
    return _Groups(unit * span + (code - low), keys)


class _Counter:
    """Counts of one kind of period, per (unit, period key), accumulated count by count."""

    def __init__(self, n_units: int, kind: str) -> None:
        self.n_units, self.kind = n_units, kind
        self.parts: list[pd.DataFrame] = []

    def add(self, name: str, unit: np.ndarray, key: np.ndarray, mask: np.ndarray | None = None
            ) -> None:
        if mask is not None:
            unit, key = unit[mask], key[mask]
        if len(unit):
            self.add_groups(name, _groups(unit, key))

    def add_groups(self, name: str, groups: _Groups, mask: np.ndarray | None = None) -> None:
        """Count the rows of each group (those of ``mask``)."""
        if len(groups.group) == 0:
            return
        n_keys = len(groups.keys)
        weights = None if mask is None else mask.astype(np.float64)
        sums = np.bincount(groups.group, weights=weights, minlength=self.n_units * n_keys)
        nonzero = np.flatnonzero(sums)
        self.parts.append(pd.DataFrame({
            "unit": nonzero // n_keys, "key": groups.keys[nonzero % n_keys],
            "count": name, "value": np.rint(sums[nonzero]).astype(np.int64)}))

    def frame(self, unit_ids: list[str]) -> pd.DataFrame:
        names = list(INDEX_COUNTS)
        if not self.parts:
            return pd.DataFrame(columns=["unit_id", "period", *names])
        long = pd.concat(self.parts, ignore_index=True)
        wide = long.pivot_table(index=["unit", "key"], columns="count", values="value",
                                aggfunc="sum", fill_value=0)
        wide = wide.reindex(columns=names, fill_value=0).astype(np.int64).reset_index()
        wide.insert(0, "unit_id", np.asarray(unit_ids, dtype=object)[wide["unit"].to_numpy()])
        wide.insert(1, "period", [key_label(int(k), self.kind) for k in wide["key"]])
        return wide.drop(columns=["unit", "key"]).sort_values(
            ["unit_id", "period"]).reset_index(drop=True)


def compute_index_counts(dataset: Dataset, kinds: Iterable[str] = ("quarter",),
                         as_of: dt.date | pd.Timestamp | None = None,
                         within: Period | None = None) -> dict[str, IndexCounts]:
    """Every count of :data:`~cchc.spec.counts.INDEX_COUNTS` per owner unit and period,
    for each kind of period asked for (``month``, ``quarter``, ``year``).

    ``as_of`` is the day the records are judged at for the periods not over by then
    (default: the latest date the records observe). A dossier is counted in the period it
    was received in; its on-time status is judged at that period's end (or ``as_of``).
    With ``within``, only the dossiers received in that period are read (the counts of
    other periods are then incomplete: ask for that period's only); without it, the
    dossiers are read a year at a time (a month, quarter or year never spans two), so that
    ten million of them never sit in memory at once.

    >>> counts = compute_index_counts(data, ["year"])["year"]
    >>> row = counts.values.query("unit_id == 'ttphcc' and period == '2024'").iloc[0]
    >>> int(row["dossiers"]) > int(row["dossiers_on_time"]) > 0
    True
    """
    kinds = list(dict.fromkeys(kinds))
    units = dataset.units
    unit_ids = list(units.ids)
    vocabulary = pd.Index(unit_ids)
    frames = _read(dataset)
    frames["unhappy"] = _unhappy_ids(frames)
    stop = pd.Timestamp(as_of) if as_of is not None else _as_of(dataset)
    stop_day = np.datetime64(stop.date(), "D") if stop is not None else None
    counters = {kind: _Counter(len(unit_ids), kind) for kind in kinds}
    filled: set[str] = set()  # dossier columns holding a value somewhere
    for span in [within] if within is not None else _years(dataset):
        dossiers = _read_dossiers(dataset, frames, span)
        if dossiers is None:
            break
        filled |= {c for c in dossiers.columns if dossiers[c].notna().any()}
        _count_dossiers({**frames, "dossiers": dossiers}, vocabulary, counters, stop_day)
    present = {**frames, "dossiers": pd.DataFrame(columns=sorted(filled)).astype(object)
               if "dossiers" in dataset.tables else None}
    available = frozenset(name for name, (_, needs, _) in INDEX_COUNTS.items()
                          if all(_need_met(present, need, filled) for need in needs))
    _count_procedures(frames, vocabulary, counters, stop_day)
    _count_complaints(frames, vocabulary, counters, stop_day)
    _count_communes(frames, units, counters)
    return {kind: IndexCounts(kind, counter.frame(unit_ids), available, stop)
            for kind, counter in counters.items()}


def _need_met(frames: dict[str, pd.DataFrame | None], need: str, filled: set[str]) -> bool:
    table, _, column = need.partition(".")
    if table == "dossiers":
        return frames.get("dossiers") is not None and (not column or column in filled)
    return _has(frames.get(table), column or None)


def _read(dataset: Dataset) -> dict[str, pd.DataFrame | None]:
    """The tables the counts need besides the dossiers (None for an absent table)."""
    procedures = dataset.table("procedures")
    if procedures is not None:
        names = load_dictionary().table("procedures").column_names
        procedures = procedures[[c for c in names if c in procedures]]
    return {"procedures": procedures, "complaints": dataset.table("complaints"),
            "ratings": dataset.table("ratings")}


def _years(dataset: Dataset) -> list[Period]:
    """The years the dossiers were received in (none if there are no dossiers)."""
    first, last = dataset.date_range("dossiers", ["received_on"])
    if first is None or last is None:
        return []
    return [Period(year) for year in range(first.year, last.year + 1)]


def _read_dossiers(dataset: Dataset, frames, span: Period) -> pd.DataFrame | None:
    """The dossier columns the counts need, for the dossiers received in ``span``."""
    complaints, ratings = frames["complaints"], frames["ratings"]
    wanted = list(DOSSIER_COLUMNS)
    if ratings is not None or (complaints is not None and complaints["dossier_id"].notna().any()):
        wanted.append("dossier_id")
    return dataset.columns("dossiers", wanted, ("received_on", span.start, span.end))


def _ends(keys_ends: tuple[np.ndarray, np.ndarray], stop: np.datetime64 | None) -> np.ndarray:
    ends = keys_ends[1]
    return ends if stop is None else np.minimum(ends, stop)


def _count_dossiers(frames, vocabulary: pd.Index, counters: dict[str, _Counter],
                    stop: np.datetime64 | None) -> None:
    d = frames["dossiers"]
    if d.empty:
        return
    unit = _codes(d["unit_id"], vocabulary)
    received = _days(d["received_on"])
    year = received.astype("datetime64[Y]").astype(np.int64) + 1970
    attrs = _procedure_attributes(frames["procedures"], d, unit, year, vocabulary)
    eligible, paper, fee_procedure, catalogue_row = attrs
    online = _flag(d["channel"] == "online")
    electronic = _flag(d["result_electronic"])
    result_ok = ~paper | electronic
    fee = d["fee"].to_numpy(dtype=np.float64, na_value=np.nan)
    fee_due = fee_procedure & ~(fee == 0)
    personal = _flag(d["personal_store"])
    citizen = _flag(d["citizen_data_connected"]) | _flag(d["eid"]) | personal
    static = {
        "dossiers": None,
        "dossiers_synced": _flag(d["synced"]),
        "dossiers_full_online_eligible": eligible,
        "dossiers_full_online": eligible & online & result_ok,
        "dossiers_fee": fee_due,
        "dossiers_fee_paid_online": fee_due & _flag(d["paid_online"]),
        "dossiers_paper_result": paper,
        "dossiers_result_electronic": paper & electronic,
        "dossiers_digitised": _flag(d["components_digitised"]) & result_ok,
        "dossiers_data_reused": _flag(d["data_reused"]),
        "dossiers_personal_store": personal,
        "dossiers_citizen_data": citizen,
    }
    due = _days(d["due_on"])
    requested = _days(d["supplement_requested_on"])
    given = d["supplement_requests"].to_numpy(dtype=np.float64, na_value=np.nan)
    requests = np.where(np.isnan(given), (~np.isnat(requested)).astype(np.float64), given)
    judged = ~np.isnat(due)
    bad = _unsatisfied(frames, d)
    procedures = frames["procedures"]
    resolved, completed = _days(d["resolved_on"]), _days(d["supplement_completed_on"])
    for kind, counter in counters.items():
        keys_ends = period_keys(received, kind)
        key = keys_ends[0]
        end = _ends(keys_ends, stop)
        groups = _groups_by_day(unit, received, kind)
        for name, mask in static.items():
            counter.add_groups(name, groups, mask)
        timely = on_time(received, due, resolved, requested, completed, requests, end)
        counter.add_groups("dossiers_due", groups, judged)
        counter.add_groups("dossiers_on_time", groups, timely)
        counter.add_groups("dossiers_satisfied", groups, ~bad & ~(judged & ~timely))
        used = citizen & (catalogue_row >= 0)
        if procedures is not None and used.any():
            # catalogue procedures with a dossier of the period using population data
            pairs = pd.unique(catalogue_row[used] * 1_000_000 + key[used])
            rows, keys = pairs // 1_000_000, pairs % 1_000_000
            external = ~_flag(procedures["internal"])[rows]
            owner = _codes(procedures["unit_id"], vocabulary)[rows]
            counter.add("procedures_citizen_data", owner[external], keys[external])


def _procedure_attributes(procedures: pd.DataFrame | None, d: pd.DataFrame, unit: np.ndarray,
                          year: np.ndarray, vocabulary: pd.Index):
    """Per dossier, from its unit's catalogue of its year: fully-online eligible, paper
    result, fees; and the catalogue row (-1 if the procedure is not in it)."""
    n = len(d)
    if procedures is None or procedures.empty:
        no = np.zeros(n, dtype=bool)
        return no, no, no, np.full(n, -1, dtype=np.int64)
    names = pd.Index(pd.unique(procedures["procedure_id"].astype(object)))
    first = int(procedures["year"].min())
    span = int(procedures["year"].max()) - first + 1

    def key(units: np.ndarray, procs: np.ndarray, years: np.ndarray) -> np.ndarray:
        inside = (procs >= 0) & (years >= first) & (years < first + span)
        return np.where(inside, (units * len(names) + procs) * span + (years - first), -1)

    catalogue = key(_codes(procedures["unit_id"], vocabulary),
                    _codes(procedures["procedure_id"], names),
                    procedures["year"].to_numpy(dtype=np.int64))
    wanted = key(unit, _codes(d["procedure_id"], names), year)
    row = pd.Index(catalogue).get_indexer(wanted)
    row = np.where(wanted < 0, -1, row)
    found = row >= 0

    def attribute(column: str) -> np.ndarray:
        values = _flag(procedures[column]) if column in procedures else np.zeros(
            len(procedures), dtype=bool)
        return found & values[np.maximum(row, 0)]

    return (attribute("full_online_eligible"), attribute("paper_result_required"),
            attribute("financial_obligation"), row)


def _unhappy_ids(frames) -> pa.Array | None:
    """The ids of the dossiers rated unsatisfied (the lowest rating) or complained about."""
    ids: list[pd.Series] = []
    ratings, complaints = frames["ratings"], frames["complaints"]
    if ratings is not None and not ratings.empty:
        lowest = load_dictionary().table("ratings").column("rating").min
        ids.append(ratings.loc[(ratings["rating"] <= lowest).fillna(False), "dossier_id"])
    if complaints is not None and not complaints.empty:
        ids.append(complaints["dossier_id"].dropna())
    if not ids:
        return None
    return pa.array(pd.concat(ids).astype("string[pyarrow]").unique(), pa.string())


def _unsatisfied(frames, d: pd.DataFrame) -> np.ndarray:
    """Dossiers rated unsatisfied or complained about (a hash lookup in Arrow)."""
    known = frames.get("unhappy")
    if known is None or "dossier_id" not in d:
        return np.zeros(len(d), dtype=bool)
    ids = pa.array(d["dossier_id"].astype("string[pyarrow]"), pa.string())
    return pc.fill_null(pc.is_in(ids, value_set=known), False).to_numpy(zero_copy_only=False)


def _count_procedures(frames, vocabulary: pd.Index, counters: dict[str, _Counter],
                      stop: np.datetime64 | None) -> None:
    p = frames["procedures"]
    if p is None or p.empty:
        return
    unit = _codes(p["unit_id"], vocabulary)
    external = ~_flag(p["internal"])
    year = p["year"].to_numpy(dtype=np.int64)
    content = _flag(p["content_complete"]) if "content_complete" in p else np.zeros(
        len(p), dtype=bool)
    # announcements: once per procedure and decision, dated by the decision
    if "announced_on" in p:
        dated = p[p["announced_on"].notna()].drop_duplicates(
            ["unit_id", "procedure_id", "announced_on"])
        announced = _days(dated["announced_on"])
        deadline = _busday(announced, PUBLISH_DAYS)
        effective = _days(dated["legal_basis_effective_on"]) if "legal_basis_effective_on" \
            in dated else np.full(len(dated), "NaT", dtype="datetime64[D]")
        cutoff = _busday(effective, -ANNOUNCE_DAYS)
        published = _days(dated["published_on"]) if "published_on" in dated else np.full(
            len(dated), "NaT", dtype="datetime64[D]")
        owner = _codes(dated["unit_id"], vocabulary)
        with np.errstate(invalid="ignore"):
            announced_ok = ~np.isnat(cutoff) & (announced <= cutoff)
        for kind, counter in counters.items():
            keys_ends = period_keys(announced, kind)
            end = _ends(keys_ends, stop)
            by_end = ~np.isnat(published) & (published <= end)
            published_ok = np.where(by_end, published <= deadline, deadline >= end)
            counter.add("procedures_announced", owner, keys_ends[0])
            counter.add("procedures_announced_on_time", owner, keys_ends[0], announced_ok)
            counter.add("procedures_published_on_time", owner, keys_ends[0], published_ok)
    # the catalogue of a year counts for every period of it the records reach
    for kind, counter in counters.items():
        for period_offset in _periods_of_year(kind):
            key = _year_key(year, kind, period_offset)
            starts = _key_starts(key, kind)
            reached = np.ones(len(key), dtype=bool) if stop is None else starts <= stop
            counter.add("procedures_public", unit, key, external & reached)
            counter.add("procedures_content_complete", unit, key, external & content & reached)


def _busday(days: np.ndarray, offset: int) -> np.ndarray:
    """``offset`` working days (Monday–Friday) from each day; NaT stays NaT."""
    valid = ~np.isnat(days)
    out = np.full(len(days), "NaT", dtype="datetime64[D]")
    if valid.any():
        out[valid] = np.busday_offset(days[valid], offset,
                                      roll="forward" if offset >= 0 else "backward")
    return out


def _periods_of_year(kind: str) -> range:
    return range(1, {"month": 13, "quarter": 5, "year": 2}[kind])


def _year_key(year: np.ndarray, kind: str, offset: int) -> np.ndarray:
    if kind == "month":
        return year * 100 + offset
    if kind == "quarter":
        return year * 10 + offset
    return year


def _key_starts(key: np.ndarray, kind: str) -> np.ndarray:
    """The first day of each period key."""
    if kind == "month":
        year, month = key // 100, key % 100
    elif kind == "quarter":
        year, month = key // 10, 3 * (key % 10) - 2
    else:
        year, month = key, np.ones_like(key)
    return ((year - 1970) * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]")


def _count_complaints(frames, vocabulary: pd.Index, counters: dict[str, _Counter],
                      stop: np.datetime64 | None) -> None:
    c = frames["complaints"]
    if c is None or c.empty:
        return
    unit = _codes(c["unit_id"], vocabulary)
    received, due, handled = (_days(c[n]) for n in ("received_on", "due_on", "handled_on"))
    unhappy = (c["satisfied"] == False).to_numpy(dtype=bool, na_value=False)  # noqa: E712
    for kind, counter in counters.items():
        keys_ends = period_keys(received, kind)
        end = _ends(keys_ends, stop)
        by_end = ~np.isnat(handled) & (handled <= end)
        with np.errstate(invalid="ignore"):
            timely = np.where(by_end, handled <= due, due >= end)
        counter.add("complaints", unit, keys_ends[0])
        counter.add("complaints_on_time", unit, keys_ends[0], timely)
        counter.add("complaints_satisfied", unit, keys_ends[0], timely & ~unhappy)


def _count_communes(frames, units: Units, counters: dict[str, _Counter]) -> None:
    """Communes, and those offering electronic certified copies, in every period the
    other counts cover (a commune counts in the periods it exists in)."""
    frame = units.frame
    is_commune = (frame["level"] == "commune").to_numpy()
    if not is_commune.any():
        return
    ids = frame["unit_id"].to_numpy(dtype=object)
    p = frames["procedures"]
    offering = pd.MultiIndex.from_arrays([[], []])
    if p is not None and "electronic_certified_copy" in p:
        rows = p[_flag(p["electronic_certified_copy"])]
        offering = pd.MultiIndex.from_arrays([rows["unit_id"].astype(object),
                                              rows["year"].astype(np.int64)])
    for kind, counter in counters.items():
        keys = np.unique(np.concatenate([part["key"].to_numpy() for part in counter.parts]
                                        or [np.zeros(0, np.int64)]))
        alive = _alive(units, [key_label(int(k), kind) for k in keys]) & is_commune[:, None]
        unit, which = np.nonzero(alive)
        key, year = keys[which], _key_years(keys[which], kind)
        offers = pd.MultiIndex.from_arrays([ids[unit], year]).isin(offering)
        counter.add("communes", unit, key)
        counter.add("communes_certified_copy", unit, key, offers)


def _key_years(keys: np.ndarray, kind: str) -> np.ndarray:
    return keys // {"month": 100, "quarter": 10, "year": 1}[kind]


def _alive(units: Units, periods: list[str]) -> np.ndarray:
    """Units (rows, in the units table's order) × periods: whether the unit exists at some
    point of the period (as :meth:`cchc.spec.units.Units.active`, for many periods)."""
    frame = units.frame
    parsed = [Period.parse(p, months=True) for p in periods]
    starts = np.array([p.start for p in parsed], dtype="datetime64[D]")
    ends = np.array([p.end for p in parsed], dtype="datetime64[D]")
    alive = np.ones((len(frame), len(periods)), dtype=bool)
    for column, compare in (("valid_from", "from"), ("valid_to", "to")):
        if column not in frame:
            continue
        days = frame[column].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")[:, None]
        known = ~np.isnat(days)
        inside = days <= ends[None, :] if compare == "from" else days >= starts[None, :]
        alive &= ~known | inside
    return alive


# --------------------------------------------------------------------------- scoring


def roll_counts(values: pd.DataFrame, units: Units) -> pd.DataFrame:
    """Owner-level counts summed up the unit tree (and successions), per period.

    >>> wide = pd.DataFrame({"unit_id": [units.children("bat-xat")[0], "bat-xat"],
    ...                      "period": "2024", "dossiers": [3, 4]})
    >>> roll_counts(wide, units).query("unit_id == 'bat-xat'")["dossiers"].tolist()
    [7]
    """
    pairs = units.membership[["member_id", "unit_id"]]
    joined = values.rename(columns={"unit_id": "member_id"}).merge(pairs, on="member_id")
    return joined.drop(columns="member_id").groupby(["unit_id", "period"], as_index=False,
                                                    sort=True).sum()


def _measure_values(dataset: Dataset, index: IndexDefinition, period: Period,
                    catalogue: Catalogue) -> pd.DataFrame | None:
    """Rolled-up numerators and denominators of the measures the index uses (a year or a
    quarter; the measures are not computed by month)."""
    measures = [c.measure for c in index.criteria if c.measure is not None]
    if not measures or period.is_month:
        return None
    cells = compute_cells(dataset, catalogue.readings)
    window = Window(str(period), period.year, period.quarters)
    scoped = [m.id for m in catalogue.measures if m.scope == "level"]
    rolled = rollup(window_values(cells, [window], base_year=catalogue.base_year,
                                  readings=catalogue.readings), dataset.units, scoped)
    return rolled[rolled["measure_id"].isin(measures)].drop(columns="window")


def score_index(rolled: pd.DataFrame, index: IndexDefinition, units: Units,
                available: Iterable[str], periods: Iterable[str],
                measures: pd.DataFrame | None = None,
                catalogue: Catalogue | None = None) -> pd.DataFrame:
    """Criterion, group and total rows (:data:`INDEX_COLUMNS`) for every unit of the
    index's levels existing in each period, from rolled-up counts (and measures).

    A criterion whose counts are not available, or whose measure does not apply to the
    unit's level, has no numerator, rate or points ("no data"); groups and totals add the
    points and maxima of the criteria with data. ``rank`` is the total's rank among the
    units of the same level (1 = best; ties share the better rank).
    """
    catalogue = catalogue or load_catalogue()
    available = set(available)
    order = units.ordered()
    levels = units.frame["level"]
    periods = list(periods)
    position = pd.Index(units.frame["unit_id"]).get_indexer(order)
    alive = _alive(units, periods)[position] & levels.reindex(order).isin(
        index.applies_to).to_numpy()[:, None]
    which_period, which_unit = np.nonzero(alive.T)  # period by period, units in tree order
    grid = pd.DataFrame({"unit_id": np.asarray(order, dtype=object)[which_unit],
                         "period": np.asarray(periods, dtype=object)[which_period]})
    counts = grid.merge(rolled, on=["unit_id", "period"], how="left")
    unit_levels = grid["unit_id"].map(levels)
    frames = []
    for c in index.criteria:
        frame = grid.assign(group_id=c.group, criterion_id=c.id)
        if c.measure is not None:
            if measures is None:
                num = den = np.full(len(grid), np.nan)
            else:
                m = grid.merge(measures[measures["measure_id"] == c.measure],
                               on="unit_id", how="left")
                applies = unit_levels.isin(catalogue.measure(c.measure).applies_to).to_numpy()
                num = np.where(applies, m["numerator"].to_numpy(dtype=np.float64, na_value=0),
                               np.nan)
                den = np.where(applies, m["denominator"].to_numpy(dtype=np.float64,
                                                                   na_value=0), np.nan)
        elif set(c.counts) <= available and c.numerator in counts:
            num = counts[c.numerator].to_numpy(dtype=np.float64, na_value=0)
            den = counts[c.denominator].to_numpy(dtype=np.float64, na_value=0)
        else:
            num = den = np.full(len(grid), np.nan)
        frame["numerator"], frame["denominator"] = num, den
        frame["max_points"] = c.max_points
        frame["rule"], frame["threshold"] = c.rule, c.threshold
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=INDEX_COLUMNS)
    rows = pd.concat(frames, ignore_index=True)
    threshold = rows["threshold"].to_numpy(dtype=np.float64, na_value=np.nan)
    rows["points"] = score_points(rows["numerator"].to_numpy(), rows["denominator"].to_numpy(),
                                  rows["max_points"].to_numpy(dtype=np.float64),
                                  rows["rule"].to_numpy(), threshold)
    with np.errstate(divide="ignore", invalid="ignore"):
        rows["rate"] = np.round(np.where(rows["denominator"] > 0, 100.0 * rows["numerator"]
                                         / rows["denominator"], np.nan), RATE_DECIMALS)
    return _assemble(rows, index, units, order)


def _sum_points(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Points and maxima of the parts with data (points NaN when none has data)."""
    grouped = rows.assign(counted=rows["max_points"].where(rows["points"].notna())).groupby(
        keys, sort=False)
    return pd.DataFrame({"points": grouped["points"].sum(min_count=1),
                         "max_points": grouped["counted"].sum()}).reset_index()


def _assemble(rows: pd.DataFrame, index: IndexDefinition, units: Units, order: list[str]
              ) -> pd.DataFrame:
    keys = ["unit_id", "period"]
    groups = _sum_points(rows, [*keys, "group_id"])
    total = _sum_points(groups, keys).assign(group_id=TOTAL)
    levels = units.frame["level"]
    total["rank"] = total.assign(level=total["unit_id"].map(levels)).groupby(
        ["period", "level"])["points"].rank(method="min", ascending=False)
    out = pd.concat([rows.drop(columns=["rule", "threshold"]),
                     groups.assign(criterion_id=""), total.assign(criterion_id="")],
                    ignore_index=True)
    out["points"] = out["points"].round(POINT_DECIMALS)
    out["max_points"] = out["max_points"].fillna(0.0)
    group_rank = {g: i for i, g in enumerate([*index.group_ids, TOTAL])}
    criterion_rank = {c.id: i for i, c in enumerate(index.criteria)}
    unit_rank = {u: i for i, u in enumerate(order)}
    out["_u"] = out["unit_id"].map(unit_rank)
    out["_g"] = out["group_id"].map(group_rank)
    out["_c"] = out["criterion_id"].map(criterion_rank).fillna(len(criterion_rank))
    out = out.sort_values(["period", "_u", "_g", "_c"], kind="stable")
    for column in ("numerator", "denominator", "rank"):
        out[column] = out[column].round().astype("Int64")
    return out[INDEX_COLUMNS].reset_index(drop=True)


def compute_index(dataset: Dataset, index: IndexDefinition, period: str | Period,
                  trend: bool = False, as_of: dt.date | None = None,
                  catalogue: Catalogue | None = None) -> IndexEvaluation:
    """One index for every unit of its levels in ``period`` (a year, quarter or month),
    and with ``trend`` the monthly series of group and total points up to the period's
    end.

    Raises a ParameterError naming ``--period`` when the records do not reach it.

    >>> from cchc.spec.indices import load_index
    >>> ev766 = compute_index(data, load_index("766"), "2024Q3")
    >>> ev766.scores.query("unit_id == 'lao-cai' and group_id == 'total'")[
    ...     "max_points"].tolist()
    [100.0]
    """
    if not isinstance(period, Period):
        period = Period.parse(str(period), "--period", months=True)
    catalogue = catalogue or load_catalogue()
    counts = compute_index_counts(dataset, [period.kind], as_of, within=period)
    if trend:
        counts.update(compute_index_counts(dataset, ["month"], as_of))
    own = counts[period.kind]
    label = str(period)
    covered = sorted(set(own.values["period"]))
    if label not in covered:
        first, last = (covered[0], covered[-1]) if covered else ("—", "—")
        raise ParameterError.one("--period", "period_not_covered", label, first=first,
                                 last=last)
    values = own.values[own.values["period"] == label]
    scores = score_index(roll_counts(values, dataset.units), index, dataset.units,
                         own.available, [label],
                         _measure_values(dataset, index, period, catalogue), catalogue)
    series = pd.DataFrame(columns=TREND_COLUMNS)
    if trend:
        monthly = counts["month"]
        months = [p for p in sorted(set(monthly.values["period"]))
                  if Period.parse(p, months=True).end <= period.end]
        if months:
            values = monthly.values[monthly.values["period"].isin(months)]
            rows = score_index(roll_counts(values, dataset.units), index, dataset.units,
                               monthly.available, months, None, catalogue)
            series = rows.loc[rows["criterion_id"] == "", TREND_COLUMNS].reset_index(drop=True)
    stop = own.as_of.date().isoformat() if own.as_of is not None else ""
    return IndexEvaluation(index.id, label, scores, series, stop, dataset.synthetic)
