"""The DuckDB fast path gives the pandas path's results and the pandas path's messages."""

from __future__ import annotations

from pathlib import Path

import duckdb  # noqa: F401  (a runtime dependency: its absence must fail, not skip)
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from cchc.engine.measures import compute_cells
from cchc.engine.results import evaluate
from cchc.errors import SourceError
from cchc.sample import write_sample
from cchc.sources import fastpath
from cchc.sources.dataset import load_data, load_table
from pandas.testing import assert_frame_equal

SMALL = 10  # a threshold that sends every test file down the fast path


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fast")
    write_sample(folder, seed=3, scale="full", dossiers_per_year=60_000)
    assert (folder / "dossiers.parquet").exists()
    return folder


def _load(folder: Path, fast: bool, monkeypatch) -> object:
    monkeypatch.setattr(fastpath, "MIN_ROWS", SMALL if fast else None)
    return load_data(folder)


def _errors(folder: Path, fast: bool, monkeypatch) -> list:
    with pytest.raises(SourceError) as caught:
        _load(folder, fast, monkeypatch)
    return caught.value.problems


def test_the_switch_and_the_threshold(sample, monkeypatch):
    path = sample / "dossiers.parquet"
    monkeypatch.setattr(fastpath, "MIN_ROWS", None)
    assert not fastpath.applies(path, "dossiers")
    monkeypatch.setattr(fastpath, "MIN_ROWS", 10**9)
    assert not fastpath.applies(path, "dossiers")
    monkeypatch.setattr(fastpath, "MIN_ROWS", SMALL)
    assert fastpath.applies(path, "dossiers")
    assert not fastpath.applies(sample / "units.csv", "units")


def test_fast_path_holds_counts_not_rows(sample, monkeypatch):
    fast = _load(sample, True, monkeypatch)
    assert sorted(fast.aggregates) == ["dossiers", "payments", "ratings", "surveys"]
    assert "dossiers" in fast.tables and "dossiers" in list(fast.tables)
    assert "dossiers" not in fast.tables._loaded  # not read until asked for
    slow = _load(sample, False, monkeypatch)
    assert slow.aggregates == {}
    # the rows are still there for whoever asks: the pandas path's frame, read on demand
    assert_frame_equal(fast.table("dossiers"), slow.table("dossiers"))


def test_cells_are_identical(sample, monkeypatch):
    fast = compute_cells(_load(sample, True, monkeypatch))
    slow = compute_cells(_load(sample, False, monkeypatch))
    assert_frame_equal(fast.quarterly, slow.quarterly)
    assert_frame_equal(fast.contacts, slow.contacts)
    surveys = fast.quarterly[fast.quarterly["measure_id"].isin(["I.5.a", "II.3.b"])]
    assert len(surveys) > 0 and surveys["denominator"].sum() > 1000


def test_evaluation_reads_no_dossier_rows(sample, monkeypatch):
    """Every dossier measure (I.2.b by the procedures offering online payment too) comes
    from the fast path's counts: no dossier row is read, whatever the table's size."""
    fast = _load(sample, True, monkeypatch)
    assert fast.aggregates["dossiers"].index.names == ["unit_id", "year", "quarter"]
    assert fast.aggregates["payments"].index.names == [
        "unit_id", "procedure_id", "year", "quarter"]

    def no_rows(*args, **kwargs):
        raise AssertionError("dossier rows read")

    monkeypatch.setattr(fastpath, "read_columns", no_rows)
    monkeypatch.setitem(fast.tables._deferred, "dossiers", no_rows)
    payments = compute_cells(fast).quarterly.query("measure_id == 'I.2.b'")
    slow = compute_cells(_load(sample, False, monkeypatch)).quarterly
    assert len(payments) > 10
    assert_frame_equal(payments, slow.query("measure_id == 'I.2.b'"))


@pytest.mark.parametrize("period", ["2024Q3", "2023"])
def test_evaluation_is_identical(sample, monkeypatch, period):
    fast = evaluate(_load(sample, True, monkeypatch), period)
    slow = evaluate(_load(sample, False, monkeypatch), period)
    assert len(fast.results) > 0
    assert_frame_equal(fast.results, slow.results)
    assert_frame_equal(fast.series, slow.series)
    assert_frame_equal(fast.scores, slow.scores)
    assert_frame_equal(fast.contacts, slow.contacts)


# --------------------------------------------------------------------------- bad files


@pytest.fixture(scope="module")
def dossiers(sample) -> pa.Table:
    return pq.read_table(sample / "dossiers.parquet")


def _with(tmp_path: Path, sample: Path, table: pa.Table) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_bytes((sample / "units.csv").read_bytes())
    pq.write_table(table, folder / "dossiers.parquet")
    return folder


def _set(table: pa.Table, column: str, rows: dict[int, object]) -> pa.Table:
    values = table.column(column).to_pylist()
    for row, value in rows.items():
        values[row] = value
    i = table.schema.get_field_index(column)
    return table.set_column(i, column, pa.array(values, type=table.schema.field(i).type))


BAD = {
    "channel": lambda t: _set(t, "channel", {5: "fax", 70: "Online", 900: "fax"}),
    "duplicate id": lambda t: _set(t, "dossier_id", {40: t.column("dossier_id")[3].as_py()}),
    "unknown unit": lambda t: _set(t, "unit_id", {7: "nowhere"}),
    "negative contacts": lambda t: _set(t, "contacts", {11: -1, 12: -3}),
    "empty cell": lambda t: _set(t, "eid", {2: None}),
    "blank procedure": lambda t: _set(t, "procedure_id", {8: "  "}),
    "no procedure": lambda t: _set(t, "procedure_id", {8: None}),
    "no id": lambda t: _set(t, "dossier_id", {6: None}),
    "blank id": lambda t: _set(t, "dossier_id", {6: ""}),
    "spaced duplicate id": lambda t: _set(t, "dossier_id", {
        6: " " + t.column("dossier_id")[5].as_py()}),
    "no unit": lambda t: _set(t, "unit_id", {6: None}),
    "no channel": lambda t: _set(t, "channel", {6: None}),
    "no date": lambda t: _set(t, "received_on", {6: None}),
    "legacy font": lambda t: _set(t, "procedure_id", {6: "Hå s¬"}),
    "future date": lambda t: _set(t, "received_on", {9: pd.Timestamp("2100-01-01").date()}),
    "misspelled column": lambda t: t.rename_columns(
        ["dosier_id", *t.column_names[1:]]),
    "missing column": lambda t: t.drop_columns(["eid"]),
    "text contacts": lambda t: _set(_as_text(t, "contacts"), "contacts", {4: "two"}),
}


def _as_text(table: pa.Table, column: str) -> pa.Table:
    i = table.schema.get_field_index(column)
    return table.set_column(i, column, pc.cast(table.column(column), pa.string()))


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_files_give_the_same_messages(tmp_path, sample, dossiers, monkeypatch, kind):
    folder = _with(tmp_path, sample, BAD[kind](dossiers))
    fast = _errors(folder, True, monkeypatch)
    slow = _errors(folder, False, monkeypatch)
    assert fast == slow
    assert any(p.file.endswith("dossiers.parquet") for p in fast)


def test_many_bad_rows_are_counted_the_same(tmp_path, sample, dossiers, monkeypatch):
    folder = _with(tmp_path, sample, _set(dossiers, "channel", dict.fromkeys(range(0, 900, 9),
                                                                             "fax")))
    fast = _errors(folder, True, monkeypatch)
    assert fast == _errors(folder, False, monkeypatch)
    assert fast[-1].describe("en").endswith("more rows like this")


def test_unusual_but_valid_files_take_the_pandas_path(tmp_path, sample, dossiers, monkeypatch):
    # Vietnamese headers, ids out of order, an upper-case channel, a spaced unit id: the
    # fast path agrees or steps aside, and the results are the same.
    table = _set(dossiers, "channel", {1: "ONLINE", 2: " Direct "})
    table = _set(table, "unit_id", {3: " " + table.column("unit_id")[3].as_py()})
    table = table.take(pa.array(list(range(len(table)))[::-1]))
    table = table.rename_columns(["Mã hồ sơ", *table.column_names[1:]])
    folder = _with(tmp_path, sample, table)
    loaded = _load(folder, True, monkeypatch)
    assert "dossiers" in loaded.aggregates
    fast = compute_cells(loaded)
    slow = compute_cells(_load(folder, False, monkeypatch))
    assert_frame_equal(fast.quarterly, slow.quarterly)
    assert_frame_equal(fast.contacts, slow.contacts)


def test_ids_out_of_order_are_counted_within_the_memory_limit(tmp_path, sample, dossiers,
                                                              monkeypatch):
    """Ids in no order are checked by DuckDB (their hashes, then the ids where two hashes
    meet) within MEMORY_LIMIT, spilling to disk past it; a duplicate still sends the file
    to the pandas path, which names it."""
    monkeypatch.setattr(fastpath, "MEMORY_LIMIT", "64MB")
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    shuffled = dossiers.take(pa.array(list(range(len(dossiers)))[::-1]))
    loaded = _load(_with(tmp_path / "a", sample, shuffled), True, monkeypatch)
    assert "dossiers" in loaded.aggregates
    twice = _set(shuffled, "dossier_id", {5: shuffled.column("dossier_id")[4000].as_py()})
    folder = _with(tmp_path / "b", sample, twice)
    fast = _errors(folder, True, monkeypatch)
    assert [(p.row, p.code) for p in fast] == [(4002, "duplicate_id")]  # the second one
    assert fast == _errors(folder, False, monkeypatch)


def test_load_table_is_unchanged(sample, monkeypatch):
    monkeypatch.setattr(fastpath, "MIN_ROWS", SMALL)
    rows = load_table(sample / "dossiers.parquet", "dossiers")
    assert len(rows) == pq.ParquetFile(sample / "dossiers.parquet").metadata.num_rows


def test_dashboard_periods_come_from_the_counts(sample, monkeypatch):
    """The dashboard lists periods from the fast path's counts, not from 10 M rows."""
    from cchc.engine.coverage import compute_periods

    fast = _load(sample, True, monkeypatch)
    periods = compute_periods(fast)
    assert "dossiers" in fast.aggregates
    assert "dossiers" not in fast.tables._loaded  # the rows were never read
    assert periods == compute_periods(_load(sample, False, monkeypatch))


# --------------------------------------------------------------------------- surveys


@pytest.fixture(scope="module")
def surveys(sample) -> pa.Table:
    return pq.read_table(sample / "surveys.parquet")


BAD_SURVEYS = {
    "service": lambda t: _set(t, "service", {5: "transport"}),
    "duplicate id": lambda t: _set(t, "response_id", {40: t.column("response_id")[3].as_py()}),
    "unknown unit": lambda t: _set(t, "unit_id", {7: "nowhere"}),
    "empty satisfied": lambda t: _set(t, "satisfied", {2: None}),
    "no field": lambda t: _set(t, "field", {6: None}),
    "future date": lambda t: _set(t, "surveyed_on", {9: pd.Timestamp("2100-01-01").date()}),
}


@pytest.mark.parametrize("kind", sorted(BAD_SURVEYS))
def test_bad_survey_files_give_the_same_messages(tmp_path, sample, surveys, monkeypatch,
                                                 kind):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_bytes((sample / "units.csv").read_bytes())
    pq.write_table(BAD_SURVEYS[kind](surveys), folder / "surveys.parquet")
    fast = _errors(folder, True, monkeypatch)
    assert fast == _errors(folder, False, monkeypatch)
    assert all(p.file.endswith("surveys.parquet") for p in fast)


def test_survey_counts_give_the_survey_cells(sample, monkeypatch):
    from cchc.engine.measures import compute_survey_cells, compute_survey_cells_from_counts

    fast = _load(sample, True, monkeypatch)
    counts = fast.aggregates["surveys"]
    assert counts["responses"].sum() == pq.ParquetFile(sample / "surveys.parquet"
                                                       ).metadata.num_rows
    assert_frame_equal(compute_survey_cells_from_counts(counts),
                       compute_survey_cells(fast.table("surveys")), check_dtype=False)


# --------------------------------------------------------------------------- statistics


def test_statistics_settle_the_checks_of_one_column(sample):
    import datetime as dt

    from cchc.spec.dictionary import load_dictionary

    path = sample / "dossiers.parquet"
    table = load_dictionary().table("dossiers")
    col = fastpath._columns(path, table)
    left = fastpath._checks_left(path, table, col, dt.date.today())
    # what is left compares two columns: statistics cannot say
    assert left == ('("due_on" < "received_on") OR ("resolved_on" < "received_on") OR '
                    '("supplement_requested_on" < "received_on") OR '
                    '("supplement_completed_on" < "supplement_requested_on")')
    # a day before the latest dossier: the statistics no longer settle "not after today"
    early = fastpath._checks_left(path, table, col, dt.date(2022, 1, 1))
    assert '"received_on" > DATE \'2022-01-01\'' in early


def test_a_file_without_statistics_is_checked_row_by_row(tmp_path, sample, dossiers,
                                                         monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_bytes((sample / "units.csv").read_bytes())
    pq.write_table(BAD["negative contacts"](dossiers), folder / "dossiers.parquet",
                   write_statistics=False)
    fast = _errors(folder, True, monkeypatch)
    assert fast == _errors(folder, False, monkeypatch)
    assert {p.code for p in fast} == {"at_least"}
    pq.write_table(dossiers, folder / "dossiers.parquet", write_statistics=False)
    loaded = _load(folder, True, monkeypatch)
    assert "dossiers" in loaded.aggregates
    assert_frame_equal(compute_cells(loaded).quarterly,
                       compute_cells(_load(folder, False, monkeypatch)).quarterly)


# --------------------------------------------------------------------------- ratings


@pytest.fixture(scope="module")
def ratings(sample) -> pa.Table:
    return pq.read_table(sample / "ratings.parquet")


BAD_RATINGS = {
    "rating too high": lambda t: _set(t, "rating", {5: 7}),
    "no rating": lambda t: _set(t, "rating", {5: None}),
    "duplicate id": lambda t: _set(t, "dossier_id", {40: t.column("dossier_id")[3].as_py()}),
    "blank id": lambda t: _set(t, "dossier_id", {4: " "}),
    "future date": lambda t: _set(t, "rated_on", {9: pd.Timestamp("2100-01-01").date()}),
}


@pytest.mark.parametrize("kind", sorted(BAD_RATINGS))
def test_bad_rating_files_give_the_same_messages(tmp_path, sample, ratings, monkeypatch,
                                                 kind):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_bytes((sample / "units.csv").read_bytes())
    pq.write_table(BAD_RATINGS[kind](ratings), folder / "ratings.parquet")
    fast = _errors(folder, True, monkeypatch)
    assert fast == _errors(folder, False, monkeypatch)
    assert fast and all(p.file.endswith("ratings.parquet") for p in fast)


def test_ratings_are_counted_and_read_only_when_asked(sample, monkeypatch):
    from cchc.engine.coverage import compute_periods

    fast = _load(sample, True, monkeypatch)
    counts = fast.aggregates["ratings"]
    assert counts.index.names == ["year", "quarter"]
    assert counts["ratings"].sum() == pq.ParquetFile(sample / "ratings.parquet"
                                                     ).metadata.num_rows
    assert not fast.tables.is_loaded("ratings")
    slow = _load(sample, False, monkeypatch)
    assert compute_periods(fast) == compute_periods(slow)
    assert_frame_equal(fast.table("ratings"), slow.table("ratings"))  # read on demand
