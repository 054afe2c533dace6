"""Large Parquet source tables, checked and aggregated in DuckDB without a DataFrame.

Ten million dossiers need not become ten million pandas rows: the measures only need
counts per unit and quarter (:data:`cchc.spec.counts.DOSSIER_COUNTS`). For a Parquet file
of at least :data:`MIN_ROWS` rows (or a partitioned folder of Parquet files read as one
table, :func:`cchc.sources.read.table_parts`), DuckDB checks what the pandas path checks
(columns, types, empty cells, values, dates, unit ids, duplicate ids) and counts: one
grouped scan for the counts; the checks of one column against a constant settled by the
file's statistics where they can be (:func:`_checks_left`), the others in a filtered scan;
the ids' order read by pyarrow meanwhile. Dossiers and surveys give the counts the
measures need; ratings (read by the index only) are checked and counted per quarter, and
their rows read only when the index asks for them.

The fast path never writes a message itself: when it finds anything wrong, or anything
it does not handle (an unexpected column type, text ids with spaces or accents, …), it
answers None and the file is read by the pandas path (:func:`cchc.sources.load_table`),
which names every problem. One source of truth for messages; the fast path only decides
that there are none.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cchc.errors import SourceError
from cchc.paths import SPILL_DIR
from cchc.sources.read import map_headers, table_parts
from cchc.sources.validate import check_frame, empty_column
from cchc.spec.counts import (
    CONTACT_BINS,
    DOSSIER_COUNTS,
    DOSSIER_KEYS,
    PAYMENT_COUNTS,
    PAYMENT_KEYS,
    SURVEY_COUNTS,
    SURVEY_KEYS,
)
from cchc.spec.dictionary import Column, Table, load_dictionary

log = logging.getLogger(__name__)

#: Parquet files with at least this many rows take the fast path; None turns it off.
MIN_ROWS: int | None = 200_000
#: The tables the fast path can aggregate (the SQL below).
TABLES = ("dossiers", "surveys", "ratings")
#: DuckDB's memory for the fast path's queries; past it, they spill to
#: a folder of their own under :data:`cchc.paths.SPILL_DIR` (counting 10⁸ distinct ids
#: in memory takes 8 GB).
MEMORY_LIMIT = "1GB"


def applies(path: str | Path, name: str) -> bool:
    """Whether table ``name`` in ``path`` is read by the fast path (large Parquet file).

    >>> applies("data/sample/dossiers.csv", "dossiers")
    False
    """
    path = Path(path)
    if MIN_ROWS is None or name not in TABLES:
        return False
    try:
        import duckdb  # noqa: F401  (an optional dependency: without it, the pandas path)

        parts = table_parts(path)
        if any(p.suffix.lower() != ".parquet" for p in parts):
            return False
        rows = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
    except (ImportError, pa.ArrowException, OSError, SourceError):
        return False
    return rows >= max(MIN_ROWS, 1)


def _files(path: Path) -> list[str]:
    """The Parquet files of a table (one, or a partitioned folder's parts), for DuckDB."""
    return [str(p) for p in table_parts(path)]


#: DuckDB reads a table's files as they are: a ``year=2025`` folder adds no column.
SCAN = "read_parquet(?, hive_partitioning = false)"


def aggregate_table(path: str | Path, table: Table, unit_ids: Iterable[str] | None,
                    today: dt.date | None = None,
                    validity: pd.DataFrame | None = None) -> dict[str, pd.DataFrame] | None:
    """Check a Parquet file of ``table`` in DuckDB and return its counts, or None.

    None means: something is wrong or unusual, read the file with the pandas path. The
    counts come by name, each frame sorted by its index: ``dossiers`` indexed by
    :data:`~cchc.spec.counts.DOSSIER_KEYS` with the
    :data:`~cchc.spec.counts.DOSSIER_COUNTS`, and ``payments`` (what I.2.b's reading by
    the procedures offering online payment needs) by
    :data:`~cchc.spec.counts.PAYMENT_KEYS` with :data:`~cchc.spec.counts.PAYMENT_COUNTS`;
    ``surveys`` by :data:`~cchc.spec.counts.SURVEY_KEYS` with
    :data:`~cchc.spec.counts.SURVEY_COUNTS`; ``ratings`` by year and quarter.
    With ``validity`` (:func:`cchc.sources.validate.unit_validity`), a row dated outside
    the time its unit exists is something wrong too.
    """
    import duckdb

    path = Path(path)
    today = today or dt.date.today()
    try:
        columns = _columns(path, table)
        if columns is None:
            return None
        counter = {"dossiers": _dossier_counts, "surveys": _survey_counts,
                   "ratings": _rating_counts}[table.name]
        SPILL_DIR.mkdir(parents=True, exist_ok=True)
        # a folder of this call's own: processes counting at once never share spill files
        with tempfile.TemporaryDirectory(dir=SPILL_DIR) as spill:
            con = duckdb.connect()
            con.execute("SET enable_progress_bar = false")  # a library prints nothing
            con.execute(f"SET memory_limit = {_literal(MEMORY_LIMIT)}")
            con.execute(f"SET temp_directory = {_literal(spill)}")
            try:
                return counter(con, path, table, columns, unit_ids, today, validity)
            finally:
                con.close()
    except (duckdb.Error, pa.ArrowException, OSError, SourceError) as exc:
        log.info("%s: fast path not taken (%s); reading it row by row", path, exc)
        return None


# --------------------------------------------------------------------------- schema


#: Text columns whose values the fast path checks itself (ids: plain ASCII; codes and
#: channels: their distinct values, through the pandas checks). A file with another
#: text column present (a free-text ``result_code``) is read by the pandas path.
CHECKED_TEXT: dict[str, tuple[str, ...]] = {
    "dossiers": ("dossier_id", "unit_id", "procedure_id", "channel"),
    "surveys": ("response_id", "unit_id", "service", "field"),
    "ratings": ("dossier_id",),
}


def file_columns(path: str | Path, table: Table) -> dict[str, str] | None:
    """Canonical column name → the file's own column name, if the schema is fine.

    Headers are mapped as the pandas path maps them (English or Vietnamese, any case,
    aliases); None for any header problem, a required column absent, a column whose type
    the fast path does not take as it is, a header whose values need recoding (another
    system's codes, :class:`~cchc.spec.dictionary.Alias`) or a text column it does not
    check (:data:`CHECKED_TEXT`).
    """
    path = Path(path)
    parts = table_parts(path)
    schema = pq.read_schema(parts[0])
    if any(not pq.read_schema(p).equals(schema) for p in parts[1:]):
        return None  # parts of different schemas: the pandas path names the odd one
    names = [str(n) for n in schema.names]
    keep = [i for i, n in enumerate(names) if not n.startswith("__index_level_")]
    if any(not names[i].strip() for i in keep):
        return None  # a column without a header: the pandas path decides what it means
    probe = pd.DataFrame([keep], columns=[names[i] for i in keep])
    try:
        mapped = map_headers(probe, table, path, recode=False)
    except SourceError:
        return None
    out: dict[str, str] = {}
    for name in mapped.columns:
        column = table.column(name)
        position = int(mapped[name].iloc[0])
        alias = table.alias_of(names[position])
        if alias is not None and alias.recodes:
            return None  # another system's codes: recoded (and reported) by the pandas path
        if column.type in ("string", "enum") and name not in CHECKED_TEXT.get(table.name, ()):
            return None
        if not _type_ok(schema.field(position).type, column):
            return None
        out[name] = names[position]
    if any(c.required and c.name not in out for c in table.columns):
        return None
    return out


def _columns(path: Path, table: Table) -> dict[str, str] | None:
    """Like :func:`file_columns`, as SQL identifiers."""
    names = file_columns(path, table)
    if names is None:
        return None
    return {name: '"' + raw.replace('"', '""') + '"' for name, raw in names.items()}


def _type_ok(kind: pa.DataType, column: Column) -> bool:
    """Whether the pandas path would take the column's values as they are (no parsing)."""
    if column.type in ("string", "enum"):
        return pa.types.is_string(kind) or pa.types.is_large_string(kind)
    if column.type == "boolean":
        return pa.types.is_boolean(kind)
    if column.type == "integer":
        return pa.types.is_integer(kind)
    if column.type == "number":
        return pa.types.is_integer(kind) or pa.types.is_floating(kind)
    if column.type == "date":
        return pa.types.is_date(kind)
    return False


def _row_checks(table: Table, col: dict[str, str], today: dt.date) -> list[str]:
    """SQL conditions flagging a row the pandas path would report, for the columns present.

    Empty required cells (text columns are checked by their values), numbers outside
    ``min``/``max``, ``at_most`` and ``not_before`` between columns, dates outside the
    dictionary's years (``dates``) or
    (unless ``may_be_future``) after today. Text values are checked apart (:func:`_typed_values`,
    :func:`_id_order`).
    """
    return [check.sql for check in _checks(table, col, today)]


@dataclass(frozen=True)
class _Check:
    """One row check: its SQL, and (for a single column against a constant) what the
    Parquet statistics can decide it from: ``op`` is ``null``, ``<`` or ``>``."""

    sql: str
    column: str | None = None
    op: str | None = None
    bound: object = None


def _checks(table: Table, col: dict[str, str], today: dt.date) -> list[_Check]:
    checks = []
    years = load_dictionary().dates
    for column in table.columns:
        if column.name not in col:
            continue
        c, name = col[column.name], column.name
        if not column.nullable and column.type not in ("string", "enum"):
            checks.append(_Check(f"{c} IS NULL", name, "null"))
        if column.min is not None:
            checks.append(_Check(f"{c} < {column.min!r}", name, "<", column.min))
        if column.max is not None:
            checks.append(_Check(f"{c} > {column.max!r}", name, ">", column.max))
        if column.at_most and column.at_most in col:
            checks.append(_Check(f"{c} > {col[column.at_most]}"))
        if column.not_before and column.not_before in col:
            checks.append(_Check(f"{c} < {col[column.not_before]}"))
        if column.type == "date":
            first, last = dt.date(years.first_year, 1, 1), dt.date(years.last_year, 12, 31)
            checks.append(_Check(f"{c} < DATE '{first.isoformat()}'", name, "<", first))
            checks.append(_Check(f"{c} > DATE '{last.isoformat()}'", name, ">", last))
            if not column.may_be_future:
                checks.append(_Check(f"{c} > DATE '{today.isoformat()}'", name, ">", today))
    return checks


def _checks_left(path: Path, table: Table, col: dict[str, str], today: dt.date) -> str:
    """The row checks the files' statistics do not settle, as one SQL condition.

    A check of one column against a constant (empty, below a minimum, after a day) is
    settled when every row group's statistics show no row can fail it (no nulls; the
    smallest value not below the bound, …): DuckDB then need not read that column at
    all. (Statistics leave NaN out, as the pandas path does: a NaN is never below a
    minimum there.) Anything else (two columns compared, a row group without
    statistics) stays in the scan.
    """
    stats = _statistics(path, table)
    left = []
    for check in _checks(table, col, today):
        known = stats.get(check.column) if check.column else None
        if known is None or not _settled(check, *known):
            left.append(check.sql)
    return " OR ".join(f"({sql})" for sql in left) or "false"


def _any_bad(con, path: Path, table: Table, col: dict[str, str], today: dt.date) -> bool:
    """Whether any row fails a check the statistics do not settle (:func:`_checks_left`).

    A scan of its own, filtered: inside the grouped scan, the same conditions cost three
    times as much.
    """
    left = _checks_left(path, table, col, today)
    if left == "false":
        return False
    return bool(con.execute(f"SELECT count(*) FROM {SCAN} WHERE {left}",
                            [_files(path)]).fetchone()[0])


def _settled(check: _Check, low: object, high: object, nulls: int) -> bool:
    """Whether a column's overall (smallest, largest, null count) rule out ``check``."""
    if check.op == "null":
        return nulls == 0
    if check.op == "<":
        return low is None or low >= check.bound
    if check.op == ">":
        return high is None or high <= check.bound
    return False


def _statistics(path: Path, table: Table) -> dict[str, tuple[object, object, int]]:
    """Canonical column → (smallest, largest, null count) over every row group of every
    part, for the number, boolean and date columns whose every row group has them."""
    raw_names = file_columns(path, table) or {}
    out: dict[str, tuple[object, object, int]] = {}
    unknown: set[str] = set()
    for part in table_parts(path):
        meta = pq.ParquetFile(part).metadata
        schema = meta.schema.to_arrow_schema()
        for name, raw in raw_names.items():
            position = schema.get_field_index(raw)
            kind = schema.field(position).type
            if name in unknown or not (pa.types.is_integer(kind) or pa.types.is_date(kind)
                                       or pa.types.is_boolean(kind)
                                       or pa.types.is_floating(kind)):
                unknown.add(name)
                continue
            for i in range(meta.num_row_groups):
                chunk = meta.row_group(i).column(position)
                st = chunk.statistics
                if st is None or not st.has_null_count:
                    unknown.add(name)
                    break
                low, high, nulls = out.get(name, (None, None, 0))
                if st.has_min_max:
                    low = st.min if low is None else min(low, st.min)
                    high = st.max if high is None else max(high, st.max)
                elif st.null_count != chunk.num_values:
                    unknown.add(name)
                    break
                out[name] = (low, high, nulls + st.null_count)
    return {name: v for name, v in out.items() if name not in unknown}


# --------------------------------------------------------------------------- dossiers


def _dossier_counts(con, path: Path, table: Table, col: dict[str, str],
                    unit_ids: Iterable[str] | None, today: dt.date,
                    validity: pd.DataFrame | None = None) -> dict[str, pd.DataFrame] | None:
    # The distinct raw procedures and channels first (two dictionary-encoded columns: a
    # quick scan), typed and checked by the pandas code itself (a few thousand values,
    # not millions); then one scan grouped by the raw unit_id (typed likewise) counts the
    # online channel by its raw spellings, without a channel group key, and a second,
    # of the dossiers owing a payment, counts them per procedure too (below). Empty text
    # cells are found by the typing and by _id_order; counting them in the scan would
    # make DuckDB decode every id (half again the time of the scan).
    pairs = con.execute(
        f"SELECT DISTINCT {col['procedure_id']} AS p, {col['channel']} AS c FROM {SCAN}",
        [_files(path)]).df()
    channels = _typed_values(path, table, "channel", pairs["c"], unit_ids, today)
    procedures = _typed_values(path, table, "procedure_id", pairs["p"], unit_ids, today)
    if channels is None or procedures is None:
        return None
    spelt = [raw for raw, typed in channels.items() if typed == "online"]
    online = (f"{col['channel']} IN ({', '.join(_literal(v) for v in spelt)})" if spelt
              else "false")
    bins = [f"count_if({col['contacts']} = {label})" if label != "3+"
            else f"count_if({col['contacts']} >= 3)" for label in CONTACT_BINS]
    received = col["received_on"]
    sql = f"""
        SELECT {col['unit_id']} AS unit_id,
               year({received}) AS year, quarter({received}) AS quarter,
               count(*) AS dossiers,
               count_if({online}) AS online,
               count_if({online} AND {col['eid']}) AS online_eid,
               count_if({col['transfer_required']}) AS transfer_required,
               count_if({col['transfer_required']} AND {col['transfer_electronic']})
                   AS transfer_electronic,
               count_if({col['payment_required']}) AS payment_required,
               count_if({col['payment_required']} AND {col['paid_online']}) AS paid_online,
               count_if({col['result_valid']}) AS result_valid,
               count_if({col['result_valid']} AND {col['result_digitised']})
                   AS result_digitised,
               count_if(NOT {col['reprovided']}) AS not_reprovided,
               {', '.join(f'{b} AS "contacts_{label}"' for b, label in zip(
                   bins, CONTACT_BINS, strict=True))},
               min({received}) AS first, max({received}) AS last
        FROM {SCAN} GROUP BY ALL
    """
    # I.2.b's reading by the procedures offering online payment needs the payments per
    # procedure: a scan of their own, of the dossiers owing one. A procedure key in the
    # scan above would make its groups fifteen times as many, and it twice as slow.
    payments_sql = f"""
        SELECT {col['unit_id']} AS unit_id, {col['procedure_id']} AS procedure_id,
               year({received}) AS year, quarter({received}) AS quarter,
               count(*) AS payment_required, count_if({col['paid_online']}) AS paid_online
        FROM {SCAN} WHERE {col['payment_required']} GROUP BY ALL
    """
    # The ids are read by pyarrow while DuckDB scans the other columns.
    with ThreadPoolExecutor(max_workers=1) as pool:
        ids = pool.submit(_id_order, path, col["dossier_id"])
        groups = con.execute(sql, [_files(path)]).df()
        paying = con.execute(payments_sql, [_files(path)]).df()
        bad = _any_bad(con, path, table, col, today)
        order = ids.result()
    if order is None or not (order or _distinct(con, path, col["dossier_id"])):
        return None
    if bad or groups.empty or groups["year"].isna().any():
        return None  # something the pandas path should name
    units = _typed_values(path, table, "unit_id", groups["unit_id"], unit_ids, today)
    if units is None:
        return None
    if _outside_validity(groups, units, validity):
        return None  # a record outside its unit's time: the pandas path names it
    return {"dossiers": _summed(groups, {"unit_id": units}, DOSSIER_KEYS, DOSSIER_COUNTS),
            "payments": _summed(paying, {"unit_id": units, "procedure_id": procedures},
                                PAYMENT_KEYS, PAYMENT_COUNTS)}


def _summed(groups: pd.DataFrame, typed: dict[str, dict[str, str]], keys: tuple[str, ...],
            counts: tuple[str, ...]) -> pd.DataFrame:
    """DuckDB's groups, their raw text keys typed (``typed``: raw → typed value), summed
    by ``keys`` (two raw spellings of one value are one group) and sorted."""
    frame = pd.DataFrame({
        name: (groups[name].map(typed[name]).astype(object).to_numpy() if name in typed
               else groups[name].to_numpy(dtype=np.int32))
        for name in keys})
    for name in counts:
        frame[name] = groups[name].to_numpy(dtype=np.int64)
    return frame.groupby(list(keys), sort=True).sum()[list(counts)].astype(np.int64)


def _literal(value: str) -> str:
    """A text as an SQL string literal.

    >>> _literal("it's")
    "'it''s'"
    """
    return "'" + str(value).replace("'", "''") + "'"


def _outside_validity(groups: pd.DataFrame, units: dict[str, str],
                      validity: pd.DataFrame | None) -> bool:
    """Whether a group's first or last day lies outside the time its unit exists."""
    if validity is None:
        return False
    owner = groups["unit_id"].map(units)
    start = owner.map(validity["valid_from"]).astype("datetime64[ns]")
    end = owner.map(validity["valid_to"]).astype("datetime64[ns]")
    first_day = pd.to_datetime(groups["first"]).astype("datetime64[ns]")
    last_day = pd.to_datetime(groups["last"]).astype("datetime64[ns]")
    return bool(((first_day < start) | (last_day > end)).fillna(False).any())


def _survey_counts(con, path: Path, table: Table, col: dict[str, str],
                   unit_ids: Iterable[str] | None, today: dt.date,
                   validity: pd.DataFrame | None = None) -> dict[str, pd.DataFrame] | None:
    """Responses and satisfied responses per unit, quarter, service and field; the text
    columns' distinct values are typed and checked by the pandas code, as for dossiers."""
    required = [c.name for c in table.columns
                if not c.nullable and c.type not in ("string", "enum")]
    sql = f"""
        SELECT {col['unit_id']} AS unit_id, {col['service']} AS service,
               {col['field']} AS field,
               year({col['surveyed_on']}) AS year, quarter({col['surveyed_on']}) AS quarter,
               count(*) AS responses, count_if({col['satisfied']}) AS satisfied,
               count_if({' OR '.join(f'{col[n]} IS NULL' for n in required)}) AS empty,
               min({col['surveyed_on']}) AS first, max({col['surveyed_on']}) AS last
        FROM {SCAN} GROUP BY ALL
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        ids = pool.submit(_id_order, path, col["response_id"])
        groups = con.execute(sql, [_files(path)]).df()
        order = ids.result()
    if order is None or not (order or _distinct(con, path, col["response_id"])):
        return None
    if groups.empty or groups["empty"].any() or groups[["unit_id", "service", "field"]
                                                       ].isna().any().any():
        return None
    first, last = pd.Timestamp(groups["first"].min()), pd.Timestamp(groups["last"].max())
    years = load_dictionary().dates
    if (first < pd.Timestamp(years.first_year, 1, 1) or last > pd.Timestamp(today)
            or last.year > years.last_year):
        return None  # outside the dictionary's years, or in the future: the pandas path says
    typed = {name: _typed_values(path, table, name, groups[name], unit_ids, today)
             for name in ("unit_id", "service", "field")}
    if any(values is None for values in typed.values()):
        return None
    if _outside_validity(groups, typed["unit_id"], validity):
        return None
    return {"surveys": _summed(groups, typed, SURVEY_KEYS, SURVEY_COUNTS)}


def _rating_counts(con, path: Path, table: Table, col: dict[str, str],
                   unit_ids: Iterable[str] | None, today: dt.date,
                   validity: pd.DataFrame | None = None) -> dict[str, pd.DataFrame] | None:
    """Ratings per year and quarter of ``rated_on``: no measure counts them (the index
    reads the rows, when it is computed), but the file is checked here as the pandas path
    would, without building its rows (plain, distinct dossier ids; ratings and dates
    within bounds, mostly settled by the file's statistics)."""
    date = col["rated_on"]
    with ThreadPoolExecutor(max_workers=1) as pool:
        ids = pool.submit(_id_order, path, col["dossier_id"])
        groups = con.execute(f"SELECT year({date}) AS year, quarter({date}) AS quarter, "
                             f"count(*) AS ratings FROM {SCAN} GROUP BY ALL",
                             [_files(path)]).df()
        bad = _any_bad(con, path, table, col, today)
        order = ids.result()
    if order is None or not (order or _distinct(con, path, col["dossier_id"])):
        return None
    if bad or groups.empty or groups["year"].isna().any():
        return None
    return {"ratings": _summed(groups, {}, ("year", "quarter"), ("ratings",))}


def _typed_values(path: Path, table: Table, name: str, raw: pd.Series,
                  unit_ids: Iterable[str] | None, today: dt.date) -> dict[str, str] | None:
    """Raw distinct values of a text column → their typed values, if every one is valid.

    The pandas checks run on the distinct values: the same trimming, case folding,
    legacy-font and unit checks as row by row, without the millions of repeats.
    """
    values = pd.Series(raw.drop_duplicates().to_numpy(), dtype="string[pyarrow]")
    typed, problems = check_frame(pd.DataFrame({name: values}), table, path, unit_ids, today)
    if problems or values.isna().any():
        return None
    return dict(zip(values.to_numpy(dtype=object), typed[name].to_numpy(dtype=object),
                    strict=True))


def _id_order(path: Path, column: str) -> bool | None:
    """Whether the id column is in strictly increasing order; None if not plain ids.

    Plain ids (see :func:`_plain_text`) in increasing order are distinct; plain ids in
    another order are counted by :func:`_distinct`; others go to the pandas path.
    """
    name = column[1:-1].replace('""', '"')
    ordered, previous = True, None
    for part in table_parts(path):
        file = pq.ParquetFile(part)
        for chunk in (chunk for i in range(file.num_row_groups)
                      for chunk in file.read_row_group(i, columns=[name]).column(0).chunks):
            if len(chunk) == 0:
                continue
            if chunk.null_count or not _plain_text(chunk):
                return None
            if ordered:
                ordered = pc.all(pc.greater(chunk[1:], chunk[:-1])).as_py() is not False and (
                    previous is None or chunk[0].as_py() > previous)
                previous = chunk[-1].as_py()
    return ordered


def _distinct(con, path: Path, column: str) -> bool:
    """Whether the ids are distinct: their 64-bit hashes first (numbers: a quarter of the
    memory and half the time of the texts); only if two hashes meet, the ids themselves."""
    twice = con.execute(f"SELECT count(*) FROM (SELECT hash({column}) AS h FROM {SCAN} "
                        "GROUP BY h HAVING count(*) > 1)", [_files(path)]).fetchone()[0]
    if not twice:
        return True
    return bool(con.execute(f"SELECT count(*) = count(DISTINCT {column}) FROM {SCAN}",
                            [_files(path)]).fetchone()[0])


def _plain_text(chunk: pa.Array) -> bool:
    """ASCII cells, none empty, none starting or ending with a space or control byte.

    Such ids are what the pandas path keeps unchanged (trimmed, NFC, no legacy font),
    so comparing them raw is comparing them as typed.
    """
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(chunk.buffers()[1], dtype=width)[
        chunk.offset: chunk.offset + len(chunk) + 1]
    if (np.diff(offsets) <= 0).any():
        return False
    data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
    return not (data[offsets[0]:offsets[-1]].max() >= 0x80
                or (data[offsets[:-1]] <= 0x20).any() or (data[offsets[1:] - 1] <= 0x20).any())


# --------------------------------------------------------------------------- columns


def read_columns(path: str | Path, table: Table, names: Iterable[str],
                 unit_ids: Iterable[str] | None = None,
                 between: tuple[str, dt.date, dt.date] | None = None) -> pd.DataFrame:
    """Some columns of a Parquet file the fast path has checked, typed as the pandas path
    types them (text of few distinct values as categories; absent optional columns
    empty), without building the other columns; with ``between`` (a date column, first
    and last day), only the rows in that span (row groups outside it are skipped).

    Only for a file :func:`aggregate_table` accepted: its values were checked there, and
    the text columns' distinct values are typed here by the pandas code itself.
    """
    path = Path(path)
    today = dt.date.today()
    raw_names = file_columns(path, table)
    if raw_names is None:
        raise ValueError(f"{path}: not a file of the fast path")
    wanted = list(dict.fromkeys(names))
    present = [n for n in wanted if n in raw_names]
    categories = [raw_names[n] for n in present
                  if table.column(n).type in ("string", "enum") and n != "dossier_id"]
    filters = None
    if between is not None:
        column, first, last = between
        filters = [(raw_names[column], ">=", first), (raw_names[column], "<=", last)]
    arrow = pa.concat_tables([
        pq.read_table(part, columns=[raw_names[n] for n in present], read_dictionary=categories,
                      filters=filters, partitioning=None)
        for part in table_parts(path)]).unify_dictionaries()
    out: dict[str, pd.Series] = {}
    index = pd.RangeIndex(arrow.num_rows)
    for name in wanted:
        column = table.column(name)
        if name not in raw_names:
            out[name] = empty_column(column, index)
            continue
        data = arrow.column(raw_names[name])
        if column.type in ("string", "enum") and name != "dossier_id":
            series = pd.Series(data.to_pandas(), index=index)  # categorical
            typed = _typed_values(path, table, name, pd.Series(series.cat.categories),
                                  unit_ids, today)
            if typed is None:
                raise ValueError(f"{path}: {name} holds values the fast path did not check")
            out[name] = series.map(typed).astype("category")  # per category, not per row
        elif column.type in ("string", "enum"):
            out[name] = pd.Series(data, index=index, dtype="string[pyarrow]")
        elif column.type == "date":
            out[name] = pd.Series(data.cast(pa.timestamp("ns")).to_pandas(), index=index)
        elif column.type == "boolean":
            out[name] = pd.Series(data.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}
                                                 .get), index=index).astype("boolean")
        elif column.type == "integer":
            out[name] = pd.Series(data.to_pandas(), index=index).astype("Int64")
        else:
            out[name] = pd.Series(data.to_pandas(), index=index).astype("Float64")
    return pd.DataFrame(out, index=index)


def date_range(path: str | Path, table: Table, names: Iterable[str]
               ) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The earliest and latest dates in some date columns of a checked Parquet file, from
    its row groups' statistics (the column itself where a row group has none)."""
    path = Path(path)
    raw_names = file_columns(path, table) or {}
    found: list[pd.Timestamp] = []
    for part in table_parts(path):
        file = pq.ParquetFile(part)
        schema = file.schema_arrow
        for name in names:
            if name not in raw_names:
                continue
            position = schema.get_field_index(raw_names[name])
            stats = [file.metadata.row_group(i).column(position).statistics
                     for i in range(file.num_row_groups)]
            if all(s is not None and s.has_min_max for s in stats):
                values = [v for s in stats for v in (s.min, s.max)]
            else:
                column = file.read(columns=[raw_names[name]]).column(0)
                values = [pc.min(column).as_py(), pc.max(column).as_py()]
            found += [pd.Timestamp(v) for v in values if v is not None]
    return (min(found), max(found)) if found else (None, None)
