"""The one-stop system's export read as it is (its field names, its codes), the new tables
and columns checked like the rest, and the fast path with the new columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cchc.engine.index import compute_index
from cchc.engine.results import evaluate
from cchc.errors import SourceError
from cchc.sample import write_sample
from cchc.sources import fastpath
from cchc.sources.dataset import load_data, load_table
from cchc.spec.indices import load_index
from pandas.testing import assert_frame_equal

UNITS = """unit_id,name,level,parent_id
tinh,Tỉnh,province,
huyen,Huyện,district,tinh
"""
#: The synchronisation format's names where it has them, ours for the rest.
EXPORT = (
    "MaHoSo,unit_id,MaTTHC,NgayTiepNhan,KenhThucHien,transfer_required,transfer_electronic,"
    "payment_required,DuocThanhToanTrucTuyen,result_valid,result_digitised,reprovided,"
    "contacts,TaiKhoanDuocXacThucVoiVNeID,NgayHenTra,NgayKetThucXuLy,DuongDanTepTinKetQua,"
    "MaKetQua,HoSoCoThanhPhanSoHoa,DuocLayTuKhoDMQG\n"
    "000.00.01.H35-241003-0001,huyen,1.000894,20241003083000,2,false,false,true,1,false,"
    "false,false,0,1,20241010170000,20241009,https://dvc.laocai.gov.vn/kq/1.pdf,KQ-1,1,1\n"
    "000.00.01.H35-241003-0002,huyen,1.000894,20241003093000,,false,false,true,2,false,"
    "false,false,1,0,20241010,,,,0,0\n"
    "000.00.01.H35-241004-0003,huyen,1.001022,03/10/2024,3,false,false,false,,false,"
    "false,false,0,,2024-10-17,2024-10-18,,,,\n"
)


def test_the_real_export_field_names_are_mapped(tmp_path):
    path = tmp_path / "dossiers.csv"
    path.write_text(EXPORT, encoding="utf-8")
    frame = load_table(path, "dossiers", ["tinh", "huyen"])
    expected = pd.DataFrame({
        "dossier_id": ["000.00.01.H35-241003-0001", "000.00.01.H35-241003-0002",
                       "000.00.01.H35-241004-0003"],
        "procedure_id": ["1.000894", "1.000894", "1.001022"],
        "received_on": pd.to_datetime(["2024-10-03", "2024-10-03", "2024-10-03"]),
        "channel": ["online", "direct", "postal"],  # 2, empty, 3
        "paid_online": [True, True, False],  # 1 national portal, 2 provincial gateway
        "eid": [True, False, False],
        "due_on": pd.to_datetime(["2024-10-10", "2024-10-10", "2024-10-17"]),
        "resolved_on": pd.to_datetime(["2024-10-09", None, "2024-10-18"]),
        "result_electronic": [True, False, False],  # a link to the result file
        "result_code": ["KQ-1", None, None],
        "data_reused": [True, False, False],
        "personal_store": [True, False, False],
    })
    got = frame[expected.columns].astype(object).where(frame[expected.columns].notna(), None)
    assert_frame_equal(got.reset_index(drop=True),
                       expected.astype(object).where(expected.notna(), None))


def test_an_unknown_code_is_reported_with_file_row_and_column(tmp_path):
    path = tmp_path / "dossiers.csv"
    path.write_text(EXPORT.replace(",2,false,false,true,1,", ",4,false,false,true,1,"),
                    encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_table(path, "dossiers", ["tinh", "huyen"])
    [p] = caught.value.problems
    assert (p.file, p.row, p.column, p.value) == (str(path), 2, "channel", "4")


def test_two_headers_for_one_column(tmp_path):
    path = tmp_path / "dossiers.csv"
    path.write_text(EXPORT.replace("contacts,", "contacts,DuocSoHoa,").replace(
        ",0,1,2024", ",0,1,1,2024").replace(",1,0,2024", ",1,0,0,2024").replace(
        ",0,,2024", ",0,,,2024"), encoding="utf-8")
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert "DuocSoHoa" in header and "HoSoCoThanhPhanSoHoa" in header
    with pytest.raises(SourceError) as caught:
        load_table(path, "dossiers", ["tinh", "huyen"])
    assert [p.code for p in caught.value.problems] == ["column_twice"]


# --------------------------------------------------------------------------- bad input


def _folder(tmp_path: Path, **files: str) -> Path:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


RATINGS = "dossier_id,rated_on,rating\nHS-1,2024-10-05,2\nHS-2,2024-10-06,4\nHS-3,2024-10-06,0\n"
COMPLAINTS = (
    "complaint_id,unit_id,dossier_id,received_on,due_on,handled_on,outcome,satisfied\n"
    "PA-1,huyen,HS-1,2024-10-05,2024-10-25,2024-10-04,answered,true\n"
    "PA-2,huyen,,2024-10-05,2024-10-01,,,\n"
    "PA-3,huyen,,2024-10-05,2024-10-25,,sent,\n"
)


def _problems(folder: Path) -> set[tuple[str, int | None, str | None, str]]:
    with pytest.raises(SourceError) as caught:
        load_data(folder)
    return {(Path(p.file).name, p.row, p.column, p.code) for p in caught.value.problems}


def test_a_rating_outside_the_scale(tmp_path):
    assert _problems(_folder(tmp_path, ratings=RATINGS)) == {
        ("ratings.csv", 3, "rating", "at_most_value"),
        ("ratings.csv", 4, "rating", "at_least")}


def test_complaints_handled_before_they_came_and_due_before(tmp_path):
    assert _problems(_folder(tmp_path, complaints=COMPLAINTS)) == {
        ("complaints.csv", 2, "handled_on", "before_other"),
        ("complaints.csv", 3, "due_on", "before_other"),
        ("complaints.csv", 4, "outcome", "not_allowed")}


def test_dossier_dates_before_reception(tmp_path):
    header, *rows = EXPORT.splitlines()
    bad = rows[0].replace("20241010170000,20241009", "20241001,20241002")
    folder = _folder(tmp_path, dossiers="\n".join([header, bad, *rows[1:]]) + "\n")
    assert _problems(folder) == {("dossiers.csv", 2, "due_on", "before_other"),
                                 ("dossiers.csv", 2, "resolved_on", "before_other")}


def test_a_due_date_may_lie_ahead_other_dates_may_not(tmp_path):
    header, *rows = EXPORT.splitlines()
    ahead = rows[1].replace(",20241010,", ",20991010,")
    folder = _folder(tmp_path, dossiers="\n".join([header, rows[0], ahead, rows[2]]) + "\n")
    assert load_data(folder).table("dossiers")["due_on"].max() == pd.Timestamp("2099-10-10")
    late = rows[2].replace("2024-10-18", "2099-10-18")
    folder = _folder(tmp_path, dossiers="\n".join([header, rows[0], rows[1], late]) + "\n")
    assert _problems(folder) == {("dossiers.csv", 4, "resolved_on", "date_in_future")}


# --------------------------------------------------------------------------- fast path


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("portal-fast")
    write_sample(folder, seed=5, scale="full", dossiers_per_year=40_000)
    return folder


def _load(folder: Path, fast: bool, monkeypatch):
    monkeypatch.setattr(fastpath, "MIN_ROWS", 10 if fast else None)
    return load_data(folder)


def test_the_fast_path_takes_the_new_columns(full, monkeypatch):
    fast = _load(full, True, monkeypatch)
    assert "dossiers" in fast.aggregates  # the sample's dossiers carry the new columns
    assert not fast.tables.is_loaded("dossiers")
    slow = _load(full, False, monkeypatch)
    for period in ("2024Q3", "2024-10"):
        a = compute_index(fast, load_index("766"), period, trend=period == "2024Q3")
        b = compute_index(slow, load_index("766"), period, trend=period == "2024Q3")
        assert_frame_equal(a.scores, b.scores)
        assert_frame_equal(a.trend, b.trend)
    assert not fast.tables.is_loaded("dossiers")  # the index read columns, not the table
    assert_frame_equal(evaluate(fast, "2024Q3").results, evaluate(slow, "2024Q3").results)


def test_the_fast_path_steps_aside_for_codes_it_does_not_read(full, tmp_path, monkeypatch):
    """A file with the one-stop system's channel codes (integers) is read by the pandas
    path, which recodes them: the same results."""
    table = pq.read_table(full / "dossiers.parquet")
    codes = pa.array(table.column("channel").to_pandas().map(
        {"direct": 1, "online": 2, "postal": 3}).to_numpy())
    recoded = table.set_column(table.schema.get_field_index("channel"), "KenhThucHien", codes)
    folder = tmp_path / "recoded"
    folder.mkdir()
    for file in full.iterdir():
        if file.name != "dossiers.parquet":
            (folder / file.name).write_bytes(file.read_bytes())
    pq.write_table(recoded, folder / "dossiers.parquet")
    stepped = _load(folder, True, monkeypatch)
    assert "dossiers" not in stepped.aggregates
    fast = _load(full, True, monkeypatch)
    assert_frame_equal(compute_index(stepped, load_index("766"), "2024Q3").scores,
                       compute_index(fast, load_index("766"), "2024Q3").scores)


def test_a_bad_new_column_sends_the_file_to_the_pandas_path(full, tmp_path, monkeypatch):
    table = pq.read_table(full / "dossiers.parquet")
    due = table.column("due_on").to_pandas()
    due.iloc[3] = pd.Timestamp("2000-01-01").date()
    table = table.set_column(table.schema.get_field_index("due_on"), "due_on",
                             pa.array(due, pa.date32()))
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "units.csv").write_bytes((full / "units.csv").read_bytes())
    pq.write_table(table, folder / "dossiers.parquet")
    monkeypatch.setattr(fastpath, "MIN_ROWS", 10)
    with pytest.raises(SourceError) as caught:
        load_data(folder)
    [p] = caught.value.problems
    assert (p.row, p.column, p.code) == (5, "due_on", "before_other")


def test_a_free_text_column_sends_the_file_to_the_pandas_path(full, tmp_path, monkeypatch):
    """``result_code`` (MaKetQua) is text the fast path does not check: the pandas path
    reads the file, with the same index."""
    table = pq.read_table(full / "dossiers.parquet")
    codes = pa.array([f"KQ-{i}" for i in range(table.num_rows)], pa.string())
    folder = tmp_path / "coded"
    folder.mkdir()
    for file in full.iterdir():
        if file.name != "dossiers.parquet":
            (folder / file.name).write_bytes(file.read_bytes())
    pq.write_table(table.append_column("MaKetQua", codes), folder / "dossiers.parquet")
    stepped = _load(folder, True, monkeypatch)
    assert "dossiers" not in stepped.aggregates
    assert stepped.table("dossiers")["result_code"].iloc[2] == "KQ-2"
    fast = _load(full, True, monkeypatch)
    assert_frame_equal(compute_index(stepped, load_index("766"), "2024-10").scores,
                       compute_index(fast, load_index("766"), "2024-10").scores)


def test_the_templates_carry_the_new_rules():
    from cchc.intake.templates import GUIDE_SHEET, build_template
    from cchc.spec.dictionary import load_dictionary

    book = build_template(load_dictionary().table("ratings"))
    rating = next(v for v in book.worksheets[0].data_validations.dataValidation
                  if str(v.sqref).startswith("C2"))
    assert (rating.type, rating.operator, rating.formula1, rating.formula2) == (
        "whole", "between", "1", "3")
    guide = [row for row in book[GUIDE_SHEET].iter_rows(values_only=True) if row[1]]
    notes = {row[1]: row[3] for row in guide}
    assert "MaHoSo" in notes["dossier_id"] and notes["rating"] == "≥ 1; ≤ 3"
    dossiers = build_template(load_dictionary().table("dossiers"))
    notes = {row[1]: row[3] for row in dossiers[GUIDE_SHEET].iter_rows(values_only=True)
             if row[1]}
    assert "KenhThucHien" in notes["channel"] and "≥ received_on" in notes["due_on"]
