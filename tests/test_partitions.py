"""A table given as a folder of hive-partitioned Parquet files reads as its single file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from cchc.engine.cache import fingerprint
from cchc.engine.results import evaluate
from cchc.errors import SourceError
from cchc.intake.folder import validate_folder
from cchc.intake.store import import_folder
from cchc.sample import write_sample
from cchc.sources import fastpath
from cchc.sources.dataset import load_data
from cchc.sources.read import input_files, input_name, table_parts
from conftest import run_cli
from pandas.testing import assert_frame_equal

SPLIT = ("dossiers", "surveys")  # the large tables, by province-like key and year


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("single")
    write_sample(folder, seed=4, scale="full", dossiers_per_year=15_000)
    assert (folder / "dossiers.parquet").exists() and (folder / "surveys.parquet").exists()
    return folder


def _split(table: pa.Table, date: str) -> dict[str, pa.Table]:
    """Parts ``province=XX/year=YYYY`` (XX: the unit id's first two letters), in the
    order a writer would use: not the file's row order."""
    years = pc.year(table.column(date))
    keys = pc.utf8_slice_codeunits(table.column("unit_id"), 0, 2)
    parts = {}
    for key in sorted(set(keys.to_pylist())):
        for year in sorted(set(years.to_pylist())):
            part = table.filter(pc.and_(pc.equal(keys, key), pc.equal(years, year)))
            if part.num_rows:
                parts[f"province={key}/year={year}"] = part
    return parts


def _partitioned(single: Path, out: Path) -> Path:
    shutil.copytree(single, out)
    for name, date in (("dossiers", "received_on"), ("surveys", "surveyed_on")):
        table = pq.read_table(out / f"{name}.parquet")
        (out / f"{name}.parquet").unlink()
        for key, part in _split(table, date).items():
            (out / name / key).mkdir(parents=True)
            pq.write_table(part, out / name / key / "part-0.parquet")
    return out


@pytest.fixture(scope="module")
def parted(single, tmp_path_factory) -> Path:
    return _partitioned(single, tmp_path_factory.mktemp("parted") / "data")


def _copy(parted: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(parted, tmp_path / "data"))


def _part(folder: Path, table: str = "dossiers", k: int = 1) -> Path:
    return table_parts(folder / table)[k]


def _rewrite(part: Path, change) -> pa.Table:
    table = change(pq.read_table(part))
    pq.write_table(table, part)
    return table


def _set(table: pa.Table, column: str, rows: dict[int, object]) -> pa.Table:
    values = table.column(column).to_pylist()
    for row, value in rows.items():
        values[row] = value
    i = table.schema.get_field_index(column)
    return table.set_column(i, column, pa.array(values, type=table.schema.field(i).type))


def _as_text(table: pa.Table, column: str) -> pa.Table:
    i = table.schema.get_field_index(column)
    return table.set_column(i, column, pc.cast(table.column(column), pa.string()))


def _problems(folder: Path) -> list:
    with pytest.raises(SourceError) as caught:
        load_data(folder)
    return caught.value.problems


# --------------------------------------------------------------------------- same results


def test_parts_are_every_parquet_file_in_sorted_path_order(single, parted):
    parts = table_parts(parted / "dossiers")
    assert len(parts) > 4
    assert parts == sorted(parts)
    assert all(p.name == "part-0.parquet" for p in parts)
    rel = parts[0].relative_to(parted / "dossiers").as_posix()
    assert rel.startswith("province=") and "/year=20" in rel
    assert sum(pq.ParquetFile(p).metadata.num_rows for p in parts) == pq.ParquetFile(
        single / "dossiers.parquet").metadata.num_rows


def test_compute_csv_is_byte_identical(single, parted, tmp_path):
    for period in ("2024Q3", "2025"):
        outs = []
        for folder in (single, parted):
            out = tmp_path / f"{folder.name}-{period}"
            outs.append(out)
            result = run_cli("compute", "--data", folder, "--period", period,
                             "--out", out.with_suffix(".csv"),
                             "--scores", out.with_suffix(".scores.csv"),
                             "--contacts", out.with_suffix(".contacts.csv"))
            assert result.returncode == 0, result.stderr
        for suffix in (".csv", ".scores.csv", ".contacts.csv"):
            a, b = (o.with_suffix(suffix).read_bytes() for o in outs)
            assert a == b and len(a) > 1000


@pytest.mark.parametrize("fast", [True, False])
def test_evaluation_is_identical_on_either_path(single, parted, monkeypatch, fast):
    monkeypatch.setattr(fastpath, "MIN_ROWS", 10 if fast else None)
    one, parts = load_data(single), load_data(parted)
    fast_tables = ["dossiers", "payments", "ratings", "surveys"]
    assert sorted(parts.aggregates) == (fast_tables if fast else [])
    assert parts.files["dossiers"] == parted / "dossiers"
    a, b = evaluate(one, "2024Q3"), evaluate(parts, "2024Q3")
    assert_frame_equal(a.results, b.results)
    assert_frame_equal(a.contacts, b.contacts)
    # the columns the dashboard and the index read straight from the files
    names = ["received_on", "unit_id", "channel", "eid"]
    between = ("received_on", pd.Timestamp("2024-07-01").date(),
               pd.Timestamp("2024-09-30").date())
    text = {"channel": str, "unit_id": str}  # categories in order of appearance
    x = one.columns("dossiers", names, between).astype(text)
    y = parts.columns("dossiers", names, between).astype(text)
    assert len(x) > 100
    assert_frame_equal(x.sort_values(names, ignore_index=True),
                       y.sort_values(names, ignore_index=True))
    assert one.date_range("dossiers", ["received_on"]) == parts.date_range(
        "dossiers", ["received_on"])


def test_validate_and_import_read_the_folder(single, parted, tmp_path):
    one, parts = validate_folder(single), validate_folder(parted)
    assert parts.ok, parts.problems
    assert parts.rows == one.rows
    record = next(f for f in parts.files if f.table == "dossiers")
    assert record.path == parted / "dossiers" and len(record.sha256) == 64
    result = run_cli("validate", parted)
    assert result.returncode == 0, result.stderr
    # an import stores the table as one Parquet file
    stored = import_folder(parted, tmp_path / "store").store
    version = stored / "versions" / "v000001"
    assert (version / "dossiers.parquet").is_file() and not (version / "dossiers").exists()
    assert pq.ParquetFile(version / "dossiers.parquet").metadata.num_rows == len(
        one.tables["dossiers"])


def test_the_cache_key_covers_every_part(parted, tmp_path):
    folder = _copy(parted, tmp_path)
    before = fingerprint(folder, "2024Q3")
    part = _part(folder, k=2)
    os.utime(part, ns=(part.stat().st_atime_ns, part.stat().st_mtime_ns + 10**9))
    touched = fingerprint(folder, "2024Q3")
    assert touched != before
    (part.parent / "part-1.parquet").write_bytes(part.read_bytes())
    assert fingerprint(folder, "2024Q3") not in (before, touched)
    names = [input_name(p, folder) for p in input_files(folder)]
    assert "dossiers/" + part.relative_to(folder / "dossiers").as_posix() in names
    assert "units.csv" in names and "SYNTHETIC.md" in names


# --------------------------------------------------------------------------- broken parts


def test_a_bad_date_names_the_part_and_its_row(parted, tmp_path):
    folder = _copy(parted, tmp_path)
    part = _part(folder, k=3)
    _rewrite(part, lambda t: _set(t, "received_on", {4: pd.Timestamp("2100-01-01").date()}))
    problems = _problems(folder)
    # the future date, and what follows from it (due before received, unit gone by then)
    assert {(p.file, p.row) for p in problems} == {(str(part), 6)}
    assert ("received_on", "date_in_future") in {(p.column, p.code) for p in problems}
    # validate says the same
    intake = validate_folder(folder)
    assert {(p.file, p.row) for p in intake.problems} == {(str(part), 6)}
    assert "date_in_future" in {p.code for p in intake.problems}


def test_a_bad_cell_of_a_text_typed_column_names_the_part_and_its_row(parted, tmp_path):
    folder = _copy(parted, tmp_path)
    parts = table_parts(folder / "dossiers")
    for part in parts:  # every part with contacts as text
        _rewrite(part, lambda t: _as_text(t, "contacts"))
    _rewrite(parts[2], lambda t: _set(t, "contacts", {0: "two"}))  # one bad cell
    problems = _problems(folder)
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        (str(parts[2]), 2, "contacts", "two")]


def test_a_part_of_another_schema_is_named(parted, tmp_path):
    folder = _copy(parted, tmp_path)
    part = _part(folder, k=1)
    _rewrite(part, lambda t: _as_text(t, "contacts"))
    problems = _problems(folder)
    assert [(p.file, p.code) for p in problems] == [(str(part), "partition_schema")]
    first = table_parts(folder / "dossiers")[0].relative_to(folder / "dossiers")
    assert dict(problems[0].params)["first"] == first.as_posix()


def test_a_duplicate_id_in_another_part_says_which(parted, tmp_path):
    folder = _copy(parted, tmp_path)
    parts = table_parts(folder / "dossiers")
    taken = pq.read_table(parts[0]).column("dossier_id")[1].as_py()
    _rewrite(parts[2], lambda t: _set(t, "dossier_id", {5: taken}))
    problems = _problems(folder)
    assert [(p.file, p.row, p.code) for p in problems] == [
        (str(parts[2]), 7, "duplicate_id")]
    where = parts[0].relative_to(folder / "dossiers").as_posix()
    assert dict(problems[0].params)["first"] == f"3 ({where})"


def test_an_empty_folder_is_a_problem(parted, tmp_path):
    folder = _copy(parted, tmp_path)
    shutil.rmtree(folder / "surveys")
    (folder / "surveys").mkdir()
    (folder / "surveys" / "_SUCCESS").write_bytes(b"")  # tools' files are not parts
    problems = _problems(folder)
    assert [(p.file, p.code) for p in problems] == [(str(folder / "surveys"),
                                                     "partition_empty")]
    result = run_cli("compute", "--data", folder, "--period", "2024Q3",
                     "--out", tmp_path / "out.csv")
    assert result.returncode == 2
    assert "holds no Parquet file" in result.stderr and "không có tệp Parquet" in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_file_that_is_not_parquet_is_named(parted, tmp_path):
    folder = _copy(parted, tmp_path)
    stray = _part(folder, k=0).parent / "notes.csv"
    stray.write_text("a,b\n1,2\n", encoding="utf-8")
    problems = _problems(folder)
    assert [(p.file, p.code) for p in problems] == [(str(stray), "partition_not_parquet")]
    intake = validate_folder(folder)
    assert [(p.file, p.code) for p in intake.problems] == [(str(stray),
                                                           "partition_not_parquet")]


def test_a_folder_not_named_key_value_is_named(parted, tmp_path):
    folder = _copy(parted, tmp_path)
    old = folder / "dossiers" / "old"
    old.mkdir()
    shutil.copy(_part(folder, k=0), old / "part-0.parquet")
    problems = _problems(folder)
    assert [(p.file, p.code, dict(p.params)) for p in problems] == [
        (str(old / "part-0.parquet"), "partition_folder_name", {"folder": "old"})]


def test_a_folder_and_a_file_for_one_table_is_table_twice(single, parted, tmp_path):
    folder = _copy(parted, tmp_path)
    shutil.copy(single / "dossiers.parquet", folder / "dossiers.parquet")
    problems = _problems(folder)
    assert [(p.code, dict(p.params)) for p in problems] == [
        ("table_twice", {"files": "dossiers.parquet, dossiers/"})]
    intake = validate_folder(folder)
    assert [(p.code, dict(p.params)) for p in intake.problems] == [
        ("table_twice", {"files": "dossiers/, dossiers.parquet"})]
