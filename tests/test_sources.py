"""Bad input: every broken file names the file, the row (header = row 1) and the column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cchc.errors import SourceError
from cchc.sources.dataset import load_data, load_table

UNITS = (
    "unit_id,name,level,parent_id\n"
    "lao-cai,Tỉnh Lào Cai,province,\n"
    "so-noi-vu,Sở Nội vụ,department,lao-cai\n"
    "bat-xat,Huyện Bát Xát,district,lao-cai\n"
    "xa-a-mu-sung,Xã A Mú Sung,commune,bat-xat\n"
)
DOSSIER_HEADER = ("dossier_id,unit_id,procedure_id,received_on,channel,transfer_required,"
                  "transfer_electronic,payment_required,paid_online,result_valid,"
                  "result_digitised,reprovided,contacts,eid\n")
GOOD_ROW = "HS-1,bat-xat,TTHC-1,2024-03-05,online,true,true,false,false,true,true,false,0,true\n"


def _folder(tmp_path: Path, dossiers: str, name: str = "dossiers.csv") -> Path:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / name).write_text(dossiers, encoding="utf-8")
    return tmp_path


def test_good_dossiers_load_typed(tmp_path):
    data = load_data(_folder(tmp_path, DOSSIER_HEADER + GOOD_ROW))
    dossiers = data.table("dossiers")
    assert dossiers.loc[0, "received_on"] == pd.Timestamp("2024-03-05")
    assert bool(dossiers.loc[0, "eid"]) is True
    assert dossiers.loc[0, "contacts"] == 0
    assert "surveys" in data.absent


def test_absent_table_is_a_warning_not_a_failure(tmp_path, caplog):
    data = load_data(_folder(tmp_path, DOSSIER_HEADER + GOOD_ROW))
    assert set(data.absent) >= {"surveys", "procedures", "meetings"}
    assert any("no surveys table" in r.message for r in caplog.records)


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (DOSSIER_HEADER.replace("received_on", "recieved_on") + GOOD_ROW,
         ["row 1", "recieved_on", "did you mean 'received_on'"]),
        (DOSSIER_HEADER.replace(",eid", "") + GOOD_ROW.rsplit(",", 1)[0] + "\n",
         ["row 1", "column 'eid'", "missing column"]),
        (DOSSIER_HEADER + GOOD_ROW.replace("2024-03-05", "2024-02-30"),
         ["row 2", "received_on", "no such date on the calendar", "2024-02-30"]),
        (DOSSIER_HEADER + GOOD_ROW
         + GOOD_ROW.replace("HS-1", "HS-2").replace("bat-xat", "bat-xatt"),
         ["row 3", "unit_id", "unknown unit id", "bat-xatt"]),
        (DOSSIER_HEADER + GOOD_ROW + GOOD_ROW, ["row 3", "dossier_id", "same as row 2"]),
        (DOSSIER_HEADER + GOOD_ROW.replace(",online,", ",email,"), ["row 2", "channel", "email"]),
        (DOSSIER_HEADER + GOOD_ROW.replace(",0,true", ",-1,true"), ["row 2", "contacts",
                                                                   "at least 0"]),
        (DOSSIER_HEADER + GOOD_ROW.replace(",0,true", ",two,true"), ["row 2", "contacts",
                                                                    "whole number"]),
        (DOSSIER_HEADER + GOOD_ROW.replace("true,true,false", "maybe,true,false", 1),
         ["row 2", "transfer_required", "yes/no"]),
        (DOSSIER_HEADER + GOOD_ROW.replace("HS-1,", ","), ["row 2", "dossier_id", "empty"]),
        ("", ["empty"]),
    ],
)
def test_bad_dossiers(tmp_path, content, needles):
    with pytest.raises(SourceError) as err:
        load_data(_folder(tmp_path, content))
    text = str(err.value)
    assert "dossiers.csv" in text
    for needle in needles:
        assert needle in text, text


def test_every_problem_is_reported_at_once(tmp_path):
    rows = GOOD_ROW.replace("2024-03-05", "bad") + GOOD_ROW.replace("HS-1", "HS-2").replace(
        "online", "fax")
    with pytest.raises(SourceError) as err:
        load_data(_folder(tmp_path, DOSSIER_HEADER + rows))
    assert len(err.value.problems) == 2
    assert {p.row for p in err.value.problems} == {2, 3}


def test_accepted_variants(tmp_path):
    """Vietnamese headers, dd/mm/yyyy dates, Có/Không, semicolons, NFD text, BOM."""
    import unicodedata

    from cchc.spec.dictionary import load_dictionary

    table = load_dictionary().table("dossiers")
    header = ";".join(c.label_vi for c in table.columns if c.required)
    row = "HS-1;bat-xat;TTHC-1;05/03/2024;Online;Có;có;Không;không;x;x;0;0;Có"
    text = unicodedata.normalize("NFD", "\ufeff" + header + "\n" + row + "\n")
    path = tmp_path / "dossiers.csv"
    path.write_text(text, encoding="utf-8")
    frame = load_table(path, "dossiers", ["bat-xat"])
    assert frame.loc[0, "received_on"] == pd.Timestamp("2024-03-05")
    assert frame.loc[0, "channel"] == "online"
    assert bool(frame.loc[0, "transfer_required"]) and not bool(frame.loc[0, "paid_online"])


def test_legacy_encoding_is_refused_with_advice(tmp_path):
    path = tmp_path / "dossiers.csv"
    path.write_bytes(DOSSIER_HEADER.encode() + "HS-1,bat-xat,Thñ tôc,".encode("latin-1"))
    with pytest.raises(SourceError) as err:
        load_table(path, "dossiers", ["bat-xat"])
    assert "not UTF-8" in str(err.value) and "Unicode" in str(err.value)


def test_table_given_twice(tmp_path):
    _folder(tmp_path, DOSSIER_HEADER + GOOD_ROW)
    pd.read_csv(tmp_path / "dossiers.csv").to_parquet(tmp_path / "dossiers.parquet")
    with pytest.raises(SourceError) as err:
        load_data(tmp_path)
    assert "given twice" in str(err.value)


def test_truncated_parquet(tmp_path):
    _folder(tmp_path, DOSSIER_HEADER + GOOD_ROW)
    frame = load_table(tmp_path / "dossiers.csv", "dossiers", ["bat-xat"])
    (tmp_path / "dossiers.csv").unlink()
    frame.to_parquet(tmp_path / "dossiers.parquet")
    data = (tmp_path / "dossiers.parquet").read_bytes()
    (tmp_path / "dossiers.parquet").write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError) as err:
        load_data(tmp_path)
    assert "dossiers.parquet" in str(err.value) and "Parquet" in str(err.value)


def test_parquet_roundtrip_equals_csv(tmp_path):
    _folder(tmp_path, DOSSIER_HEADER + GOOD_ROW)
    from_csv = load_table(tmp_path / "dossiers.csv", "dossiers", ["bat-xat"])
    from_csv.to_parquet(tmp_path / "d.parquet")
    (tmp_path / "dossiers.parquet").write_bytes((tmp_path / "d.parquet").read_bytes())
    from_parquet = load_table(tmp_path / "dossiers.parquet", "dossiers", ["bat-xat"])
    pd.testing.assert_frame_equal(from_csv, from_parquet, check_dtype=False)


def test_missing_units_file(tmp_path):
    with pytest.raises(SourceError) as err:
        load_data(tmp_path)
    assert "units.csv" in str(err.value)


def test_rows_are_numbered_as_the_sheet_shows_them(tmp_path):
    """Blank lines are skipped, not renumbered: messages point at the real row."""
    from cchc.sources.read import read_raw
    from cchc.sources.validate import check_frame
    from cchc.spec.dictionary import load_dictionary

    table = load_dictionary().table("dossiers")
    path = tmp_path / "dossiers.csv"
    bad = GOOD_ROW.replace("HS-1", "HS-2").replace("online", "fax")
    path.write_text(DOSSIER_HEADER + GOOD_ROW + "\n\n" + bad, encoding="utf-8")
    raw = read_raw(path, table)
    assert raw.index.tolist() == [0, 3]
    typed, problems = check_frame(raw, table, path, ["bat-xat"])
    assert [(p.row, p.column, p.value) for p in problems] == [(5, "channel", "fax")]
    assert typed["channel"].isna().tolist() == [False, True]


def test_tab_separated_utf16_without_bom_and_date_times(tmp_path):
    path = tmp_path / "dossiers.tsv"
    text = (DOSSIER_HEADER + GOOD_ROW.replace("2024-03-05", "2024-03-05 14:20:00"))
    path.write_bytes(text.replace(",", "\t").encode("utf-16-le"))
    frame = load_table(path, "dossiers", ["bat-xat"])
    assert frame.loc[0, "received_on"] == pd.Timestamp("2024-03-05")


def test_excel_header_below_row_1(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append(DOSSIER_HEADER.strip().split(","))
    sheet.append(GOOD_ROW.strip().split(","))
    sheet.append(GOOD_ROW.replace("HS-1", "HS-2").replace("online", "fax").strip().split(","))
    book.save(tmp_path / "dossiers.xlsx")
    with pytest.raises(SourceError) as err:
        load_table(tmp_path / "dossiers.xlsx", "dossiers", ["bat-xat"])
    assert [(p.row, p.column) for p in err.value.problems] == [(4, "channel")]


def test_parquet_date_beyond_2262_is_a_message_not_a_crash(tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    flags = ["transfer_required", "transfer_electronic", "payment_required", "paid_online",
             "result_valid", "result_digitised", "reprovided"]
    table = pa.table({
        "dossier_id": ["a", "b"], "unit_id": ["bat-xat"] * 2, "procedure_id": ["p", "p"],
        "received_on": pa.array([dt.date(2024, 1, 1), dt.date(2999, 1, 1)], pa.date32()),
        "channel": ["online", "direct"], **{f: [True, False] for f in flags},
        "contacts": [0, 1], "eid": [True, False]})
    pq.write_table(table, tmp_path / "dossiers.parquet")
    with pytest.raises(SourceError) as err:
        load_table(tmp_path / "dossiers.parquet", "dossiers", ["bat-xat"])
    assert "row 3, column 'received_on'" in str(err.value) and "2999-01-01" in str(err.value)
