"""Data intake: every broken file gets an actionable message; every good form imports alike.

The corpus of broken files is built here (no binary fixtures): each case is the files
of a folder, the fragments the messages must contain, and the options given. Each case
runs ``cchc validate`` and ``cchc import`` and checks the exit code (2), that no
traceback leaks, that every problem has its Vietnamese, and that the store is
byte-identical before and after the refused import.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cchc.apps.cli import app
from cchc.errors import SourceError, problem
from cchc.files import xlsx_bytes
from cchc.intake import store as intake
from cchc.intake.folder import problems_csv, validate_folder
from cchc.intake.store import import_folder
from cchc.intake.templates import build_template
from cchc.sources.store import load_store_table, resolve_store
from cchc.spec.dictionary import load_dictionary
from conftest import run_cli
from typer.testing import CliRunner

DICTIONARY = load_dictionary()
DOSSIERS = DICTIONARY.table("dossiers")
UNITS_TABLE = DICTIONARY.table("units")
TODAY = dt.date(2025, 1, 15)

# --------------------------------------------------------------------------- good data

UNIT_RECORDS = [
    {"unit_id": "lao-cai", "name": "Tỉnh Lào Cai", "level": "province", "parent_id": None},
    {"unit_id": "so-noi-vu", "name": "Sở Nội vụ", "level": "department", "parent_id": "lao-cai"},
    {"unit_id": "bat-xat", "name": "Huyện Bát Xát", "level": "district", "parent_id": "lao-cai"},
    {"unit_id": "xa-a-mu-sung", "name": "Xã A Mú Sung", "level": "commune", "parent_id": "bat-xat"},
]
_FLAGS = [c.name for c in load_dictionary().table("dossiers").columns
          if c.type == "boolean" and c.name != "eid" and c.required]


def _dossier(ident, unit, procedure, received, channel, flags, contacts, eid):
    record = {
        "dossier_id": ident,
        "unit_id": unit,
        "procedure_id": procedure,
        "received_on": received,
        "channel": channel,
    }
    record.update(dict(zip(_FLAGS, flags, strict=True)))
    record.update(contacts=contacts, eid=eid)
    return record


T, F = True, False
DOSSIER_RECORDS = [
    _dossier(
        "HS-1", "bat-xat", "Đất đai-01", dt.date(2024, 7, 5), "online", (T, T, F, F, T, T, F), 0, T
    ),
    _dossier(
        "HS-2",
        "xa-a-mu-sung",
        "Hộ tịch-02",
        dt.date(2024, 8, 15),
        "direct",
        (F, F, T, T, T, F, T),
        2,
        F,
    ),
    _dossier(
        "HS-3", "so-noi-vu", "TTHC-1", dt.date(2024, 9, 30), "postal", (T, F, T, F, F, F, F), 1, F
    ),
]
BOOLS = {
    "truefalse": ("true", "false"),
    "cokhong": ("Có", "Không"),
    "x": ("x", ""),
    "10": ("1", "0"),
    "yesno": ("Yes", "No"),
}


def render(
    table_name: str,
    records: list[dict],
    *,
    header: str = "en",
    sep: str = ",",
    encoding: str = "utf-8",
    newline: str = "\n",
    dates: str = "iso",
    bools: str = "truefalse",
    form: str = "NFC",
) -> bytes:
    """A table as delimited text in one of the forms people send."""
    table = DICTIONARY.table(table_name)
    columns = [c for c in table.columns if c.name in records[0]]
    names = [c.label_vi if header == "vi" else c.name for c in columns]
    lines = [sep.join(names)]
    for record in records:
        cells = []
        for column in columns:
            value = record[column.name]
            if value is None:
                cells.append("")
            elif isinstance(value, bool):
                cells.append(BOOLS[bools][0 if value else 1])
            elif isinstance(value, dt.date):
                formats = {"dmy": "%d/%m/%Y", "iso": "%Y-%m-%d", "iso-time": "%Y-%m-%d 09:30:00"}
                cells.append(value.strftime(formats[dates]))
            else:
                cells.append(str(value))
        lines.append(sep.join(cells))
    text = unicodedata.normalize(form, newline.join(lines) + newline)
    return text.encode(encoding)


def xlsx_from_template(table_name: str, records: list[dict], units=()) -> bytes:
    """Fill the table's template as a clerk does: real dates, Có/Không, numbers."""
    table = DICTIONARY.table(table_name)
    book = build_template(table, units)
    sheet = book.worksheets[0]
    for record in records:
        row = []
        for column in table.columns:
            value = record.get(column.name)
            if isinstance(value, bool):
                value = "Có" if value else "Không"
            elif isinstance(value, dt.date):
                value = dt.datetime.combine(value, dt.time())
            row.append(value)
        sheet.append(row)
    return xlsx_bytes(book)


def parquet_bytes(records: list[dict], strings: bool = False, index: bool = False) -> bytes:
    frame = pd.DataFrame(records, index=[10 + i for i in range(len(records))])
    if strings:
        frame = frame.map(
            lambda v: (
                "" if v is None or v != v else str(v).lower() if isinstance(v, bool) else str(v)
            )
        )
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=index), buffer)
    return buffer.getvalue()


CANONICAL = {
    "units.csv": render("units", UNIT_RECORDS),
    "dossiers.csv": render("dossiers", DOSSIER_RECORDS),
}

GOOD_FORMS = {
    "csv-utf8": CANONICAL,
    "csv-utf8-bom-crlf": {
        "units.csv": render("units", UNIT_RECORDS, encoding="utf-8-sig", newline="\r\n"),
        "dossiers.csv": render("dossiers", DOSSIER_RECORDS, encoding="utf-8-sig", newline="\r\n"),
    },
    "excel-unicode-text-utf16-tab": {
        "units.txt": render(
            "units", UNIT_RECORDS, sep="\t", encoding="utf-16", header="vi", newline="\r\n"
        ),
        "dossiers.txt": render(
            "dossiers",
            DOSSIER_RECORDS,
            sep="\t",
            encoding="utf-16",
            header="vi",
            newline="\r\n",
            dates="dmy",
            bools="cokhong",
        ),
    },
    "csv-utf16-tab": {
        "units.csv": CANONICAL["units.csv"],
        "dossiers.csv": render("dossiers", DOSSIER_RECORDS, sep="\t", encoding="utf-16"),
    },
    "csv-semicolon-vietnamese": {
        "units.csv": render("units", UNIT_RECORDS, sep=";", header="vi"),
        "dossiers.csv": render(
            "dossiers", DOSSIER_RECORDS, sep=";", header="vi", dates="dmy", bools="cokhong"
        ),
    },
    "csv-date-times": {
        "units.csv": CANONICAL["units.csv"],
        "dossiers.csv": render("dossiers", DOSSIER_RECORDS, dates="iso-time"),
    },
    "csv-x-marks": {
        "units.csv": CANONICAL["units.csv"],
        "dossiers.csv": render("dossiers", DOSSIER_RECORDS, bools="x", dates="dmy"),
    },
    "csv-1-0": {
        "units.csv": CANONICAL["units.csv"],
        "dossiers.csv": render("dossiers", DOSSIER_RECORDS, bools="10"),
    },
    "csv-nfd": {
        "units.csv": render("units", UNIT_RECORDS, header="vi", form="NFD"),
        "dossiers.csv": render(
            "dossiers", DOSSIER_RECORDS, header="vi", form="NFD", bools="cokhong"
        ),
    },
    "xlsx-template": {
        "units.xlsx": xlsx_from_template("units", UNIT_RECORDS),
        "dossiers.xlsx": xlsx_from_template(
            "dossiers", DOSSIER_RECORDS, [(u["unit_id"], u["name"]) for u in UNIT_RECORDS]
        ),
    },
    "parquet-typed": {
        "units.parquet": parquet_bytes(UNIT_RECORDS),
        "dossiers.parquet": parquet_bytes(DOSSIER_RECORDS),
    },
    "parquet-text": {
        "units.parquet": parquet_bytes(UNIT_RECORDS, strings=True),
        "dossiers.parquet": parquet_bytes(DOSSIER_RECORDS, strings=True),
    },
    "parquet-pandas-index": {
        "units.parquet": parquet_bytes(UNIT_RECORDS, index=True),
        "dossiers.parquet": parquet_bytes(DOSSIER_RECORDS, index=True),
    },
}


def _folder(root: Path, files: dict[str, bytes | str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (root / name).write_bytes(data)
    return root


def _table(store: Path, name: str) -> Path:
    """A stored table's file: in the store's current version."""
    return resolve_store(store) / f"{name}.parquet"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def canonical_store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("canonical")
    store = root / "store"
    import_folder(_folder(root / "in", CANONICAL), store, today=TODAY)
    return store


@pytest.mark.parametrize("form", list(GOOD_FORMS))
def test_every_accepted_form_imports_to_the_canonical_tables(tmp_path, form, canonical_store):
    folder = _folder(tmp_path / "in", GOOD_FORMS[form])
    store = tmp_path / "store"
    result = import_folder(folder, store, today=TODAY)
    assert result.stored_rows == {"units": 4, "dossiers": 3}
    for name in ("units", "dossiers"):
        table = DICTIONARY.table(name)
        got = load_store_table(_table(store, name), table)
        want = load_store_table(_table(canonical_store, name), table)
        pd.testing.assert_frame_equal(got, want)
        assert _table(store, name).read_bytes() == _table(canonical_store, name).read_bytes()


def test_canonical_store_holds_typed_nfc_values(canonical_store):
    dossiers = load_store_table(_table(canonical_store, "dossiers"), DOSSIERS)
    assert dossiers["procedure_id"].tolist()[:2] == ["Đất đai-01", "Hộ tịch-02"]
    assert all(unicodedata.is_normalized("NFC", v) for v in dossiers["procedure_id"])
    assert dossiers["received_on"].iloc[0] == pd.Timestamp("2024-07-05")
    assert dossiers["contacts"].tolist() == [0, 2, 1]
    stored = pq.read_schema(_table(canonical_store, "dossiers"))
    assert stored.field("received_on").type == pa.date32()
    assert stored.field("eid").type == pa.bool_()


# --------------------------------------------------------------------------- broken files

H = render("dossiers", DOSSIER_RECORDS[:1]).decode().split("\n")[0] + "\n"
ROW = render("dossiers", DOSSIER_RECORDS[:1]).decode().split("\n")[1] + "\n"
ROW2 = ROW.replace("HS-1", "HS-2")
UNITS_CSV = CANONICAL["units.csv"]


def _xlsx(rows: list[list], sheet: str = "Hồ sơ TTHC") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    return xlsx_bytes(book)


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letters, tones as marks."""
    decomposed = unicodedata.normalize("NFD", text)
    recomposed = unicodedata.normalize(
        "NFC",
        decomposed.replace("\u0300", "\0G")
        .replace("\u0301", "\0A")
        .replace("\u0303", "\0T")
        .replace("\u0309", "\0H")
        .replace("\u0323", "\0D"),
    )
    marks = {"\0G": "\u0300", "\0A": "\u0301", "\0T": "\u0303", "\0H": "\u0309", "\0D": "\u0323"}
    for mark, combining in marks.items():
        recomposed = recomposed.replace(mark, combining)
    return recomposed.encode("cp1258")


def _parquet_twice() -> bytes:
    table = pq.read_table(io.BytesIO(parquet_bytes(DOSSIER_RECORDS)))
    table = table.append_column("eid", table.column("eid"))
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


_HEADER_CELLS = H.strip().split(",")
_ROW_CELLS = ROW.strip().split(",")
_GOOD_PARQUET = parquet_bytes(DOSSIER_RECORDS)

#: kind → (files besides units.csv, fragments every message run must show, options)
CORPUS: dict[str, tuple[dict[str, bytes | str], list[str], list[str]]] = {
    "empty file": ({"dossiers.csv": b""}, ["dossiers.csv", "the file is empty"], []),
    "blank lines only": ({"dossiers.csv": "\n \r\n\n"}, ["the file is empty"], []),
    "header only": ({"dossiers.csv": H}, ["dossiers.csv", "no data rows"], []),
    "column twice in Parquet": (
        {
            "dossiers.parquet": _parquet_twice(),
        },
        ["dossiers.parquet", "row 1", "column 'eid'", "appears twice"],
        [],
    ),
    "truncated parquet": (
        {"dossiers.parquet": _GOOD_PARQUET[: len(_GOOD_PARQUET) // 2]},
        ["dossiers.parquet", "not a readable Parquet file"],
        [],
    ),
    "csv renamed .xlsx": (
        {"dossiers.xlsx": H + ROW},
        ["dossiers.xlsx", "not an Excel workbook but text (CSV?)"],
        [],
    ),
    "parquet renamed .csv": (
        {"dossiers.csv": _GOOD_PARQUET},
        ["dossiers.csv", "not a CSV file but Parquet"],
        [],
    ),
    "xlsx renamed .parquet": (
        {"dossiers.parquet": _xlsx([_HEADER_CELLS, _ROW_CELLS])},
        ["dossiers.parquet", "not a Parquet file but Excel"],
        [],
    ),
    "old .xls workbook": (
        {"dossiers.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64},
        ["dossiers.xls", "Excel 97-2003", "Save As"],
        [],
    ),
    "damaged xlsx": (
        {"dossiers.xlsx": _xlsx([_HEADER_CELLS, _ROW_CELLS])[:300]},
        ["dossiers.xlsx", "not a readable Excel workbook"],
        [],
    ),
    "binary garbage": (
        {"dossiers.csv": bytes(range(256)) * 4},
        ["dossiers.csv", "binary file"],
        [],
    ),
    "missing column": (
        {"dossiers.csv": H.replace(",eid", "") + ROW.rsplit(",", 1)[0] + "\n"},
        ["row 1", "column 'eid'", "missing column"],
        [],
    ),
    "extra column": (
        {"dossiers.csv": H.replace(",eid", ",eid,note") + ROW.strip() + ",hi\n"},
        ["row 1", "column 'note'", "unknown column"],
        [],
    ),
    "misspelt header": (
        {"dossiers.csv": H.replace("received_on", "recieved_on") + ROW},
        ["row 1", "column 'recieved_on'", "did you mean 'received_on'"],
        [],
    ),
    "duplicated column": (
        {"dossiers.csv": H.replace(",eid", ",eid,channel") + ROW.strip() + ",online\n"},
        ["row 1", "column 'channel'", "appears twice"],
        [],
    ),
    "value without header": (
        {"dossiers.csv": H.strip() + ",\n" + ROW.strip() + ",oops\n"},
        ["row 1", "column 15 has values but no header"],
        [],
    ),
    "row with too many cells": (
        {"dossiers.csv": H + ROW + ROW2.strip() + ",9\n"},
        ["row 3", "15 cells but the header has 14"],
        [],
    ),
    "row with too few cells": (
        {"dossiers.csv": H + ROW + "HS-2,bat-xat\n"},
        ["row 3", "2 cells but the header has 14"],
        [],
    ),
    "wrong type: whole number": (
        {"dossiers.csv": H + ROW.replace(",0,true", ",two,true")},
        ["row 2", "column 'contacts'", "whole number", "'two'"],
        [],
    ),
    "wrong type: yes/no": (
        {"dossiers.csv": H + ROW.replace("online,true", "online,maybe")},
        ["row 2", "column 'transfer_required'", "yes/no", "'maybe'"],
        [],
    ),
    "value not in the list": (
        {"dossiers.csv": H + ROW.replace("online", "email")},
        ["row 2", "column 'channel'", "not one of", "'email'"],
        [],
    ),
    "impossible date": (
        {"dossiers.csv": H + ROW.replace("2024-07-05", "2024-02-30")},
        ["row 2", "column 'received_on'", "no such date on the calendar", "2024-02-30",
         "ngày này không có trên lịch"],
        [],
    ),
    "bad dd/mm/yyyy date": (
        {"dossiers.csv": H + ROW.replace("2024-07-05", "31/13/2024")},
        ["row 2", "column 'received_on'", "no such date on the calendar"],
        [],
    ),
    "date in the future": (
        {"dossiers.csv": H + ROW.replace("2024-07-05", "2099-01-01")},
        ["row 2", "column 'received_on'", "date in the future"],
        [],
    ),
    "date outside --period": (
        {"dossiers.csv": H + ROW + ROW2.replace("2024-07-05", "2024-04-01")},
        ["row 3", "column 'received_on'", "outside the period 2024Q3", "2024-04-01"],
        ["--period", "2024Q3"],
    ),
    "unknown unit id": (
        {"dossiers.csv": H + ROW + ROW2.replace("bat-xat", "bat-xatt")},
        ["row 3", "column 'unit_id'", "unknown unit id", "'bat-xatt'"],
        [],
    ),
    "duplicate ids": (
        {"dossiers.csv": H + ROW + ROW},
        ["row 3", "column 'dossier_id'", "same as row 2"],
        [],
    ),
    "id already stored in another period": (
        {"dossiers.csv": H + ROW.replace("HS-1", "HS-90")},
        ["row 2", "column 'dossier_id'", "already stored for period 2024Q2"],
        [],
    ),
    "negative count": (
        {"dossiers.csv": H + ROW.replace(",0,true", ",-1,true")},
        ["row 2", "column 'contacts'", "at least 0"],
        [],
    ),
    "numerator above denominator": (
        {"meetings.csv": "unit_id,period,meetings,via_system\nbat-xat,2024Q3,4,5\n"},
        ["meetings.csv", "row 2", "column 'via_system'", "larger than meetings"],
        [],
    ),
    "empty required cell": (
        {"dossiers.csv": H + ROW.replace("HS-1,", ",")},
        ["row 2", "column 'dossier_id'", "empty cell"],
        [],
    ),
    "malformed quarter": (
        {"meetings.csv": "unit_id,period,meetings,via_system\nbat-xat,Q3/2024,4,2\n"},
        ["row 2", "column 'period'", "quarter such as 2024Q3"],
        [],
    ),
    "year out of range": (
        {
            "procedures.csv": render(
                "procedures",
                [
                    {
                        "year": 1999,
                        "unit_id": "bat-xat",
                        "procedure_id": "P1",
                        "field": "land",
                        "internal": F,
                        "published_on_time": T,
                        "financial_obligation": F,
                        "online_payment": F,
                        "online_eligible": T,
                        "online_mode": "full",
                        "national_portal": T,
                    }
                ],
            )
        },
        ["row 2", "column 'year'", "year outside 2000"],
        [],
    ),
    "closed period": (
        {"dossiers.csv": H + ROW.replace("2024-07-05", "2023-11-20")},
        ["row 2", "column 'received_on'", "1 rows fall in the closed period 2023Q4",
         "--reopen"],
        [],
    ),
    "TCVN3 bytes": (
        {
            "dossiers.csv": H.encode()
            + b"HS-1,bat-xat,Th\xf1 t\xf4c h\xb5nh ch\xddnh,"
            + ROW.split(",", 3)[3].encode()
        },
        ["row 2", "not UTF-8", "TCVN3", "Unikey"],
        [],
    ),
    "VNI bytes": (
        {
            "dossiers.csv": H.encode()
            + b"HS-1,bat-xat,Thu\xfb tu\xefc ha\xf8nh chi\xf9nh,"
            + ROW.split(",", 3)[3].encode()
        },
        ["row 2", "not UTF-8", "VNI", "Unikey"],
        [],
    ),
    "Windows-1258 bytes": (
        {
            "dossiers.csv": H.encode()
            + b"HS-1,bat-xat,"
            + _cp1258("Thủ tục hành chính")
            + b","
            + ROW.split(",", 3)[3].encode()
        },
        ["row 2", "not UTF-8", "Windows-1258", "Unikey"],
        [],
    ),
    "TCVN3 font text in Excel": (
        {
            "dossiers.xlsx": _xlsx(
                [_HEADER_CELLS, [*_ROW_CELLS[:2], "Hå s¬ ®Êt ®ai", *_ROW_CELLS[3:]]]
            )
        },
        ["row 2", "column 'procedure_id'", "legacy Vietnamese font", "Hå s¬ ®Êt ®ai"],
        [],
    ),
    "NFD text with a wrong value": (
        {
            "dossiers.csv": unicodedata.normalize(
                "NFD",
                render("dossiers", DOSSIER_RECORDS[:1], header="vi")
                .decode()
                .replace("online", "trực tuyên"),  # the clerks' word, misspelt
            )
        },
        ["row 2", "column 'channel'", "'trực tuyên'", "trực tuyến (online)"],
        [],
    ),
    "damaged UTF-16": (
        {"dossiers.csv": (H + ROW).encode("utf-16")[:-1]},
        ["UTF-16 but damaged"],
        [],
    ),
    "blank rows shift nothing": (
        {"dossiers.csv": H + ROW + "\n,,,,,,,,,,,,,\n" + ROW2.replace("online", "fax")},
        ["row 5", "column 'channel'", "'fax'"],
        [],
    ),
    "Excel rows as Excel numbers them": (
        {
            "dossiers.xlsx": _xlsx(
                [
                    [],
                    _HEADER_CELLS,
                    _ROW_CELLS,
                    [],
                    [c.replace("HS-1", "HS-2").replace("online", "fax") for c in _ROW_CELLS],
                ]
            )
        },
        ["row 5", "column 'channel'", "'fax'"],
        [],
    ),
    "unknown table file": (
        {"hồ sơ tthc.xlsx": _xlsx([_HEADER_CELLS, _ROW_CELLS])},
        ["hồ sơ tthc.xlsx", "unknown table file", "rename it 'dossiers'"],
        [],
    ),
    "table given twice": (
        {"dossiers.csv": H + ROW, "dossiers.parquet": _GOOD_PARQUET},
        ["dossiers", "given twice"],
        [],
    ),
    "units tree broken": (
        {
            "units.csv": UNITS_CSV.decode().replace(
                "lao-cai,Tỉnh Lào Cai,province,", "lao-cai,Tỉnh Lào Cai,province,bat-xat"
            ),
            "dossiers.csv": H + ROW,
        },
        [
            "units.csv",
            "row 2",
            "column 'parent_id'",
            "unit ids of the other tables could not be checked",
        ],
        [],
    ),
    "unit with unknown parent": (
        {"units.csv": UNITS_CSV.decode() + "xa-b,Xã B,commune,nowhere\n"},
        ["units.csv", "row 6", "column 'parent_id'", "not in this file"],
        [],
    ),
    "units dropping a stored unit": (
        {"units.csv": UNITS_CSV.decode().replace("so-noi-vu,Sở Nội vụ,department,lao-cai\n", "")},
        ["dossiers.parquet", "column 'unit_id'", "the new units file drops: so-noi-vu"],
        [],
    ),
}


def _store_with_history(root: Path) -> Path:
    """A store holding one earlier import (2024Q2 dossiers, one of so-noi-vu) and a
    closed year 2023."""
    earlier = [
        _dossier(
            "HS-90",
            "so-noi-vu",
            "TTHC-9",
            dt.date(2024, 5, 10),
            "online",
            (T, T, F, F, T, T, F),
            0,
            T,
        )
    ]
    folder = _folder(
        root / "earlier", {"units.csv": UNITS_CSV, "dossiers.csv": render("dossiers", earlier)}
    )
    store = root / "store"
    import_folder(folder, store, today=TODAY)
    (store / "closed.txt").write_text("# closed periods\n2023\n", encoding="utf-8")
    return store


@pytest.mark.parametrize("kind", list(CORPUS))
def test_broken_file_is_refused_with_its_message(tmp_path, kind):
    files, needles, options = CORPUS[kind]
    folder = _folder(tmp_path / "in", {"units.csv": UNITS_CSV, **files})
    store = _store_with_history(tmp_path)
    before = _snapshot(store)
    runner = CliRunner()
    for command in (
        ["validate", str(folder), "--store", str(store)],
        ["import", str(folder), "--into", str(store)],
    ):
        result = runner.invoke(app, [*command, *options])
        assert isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        for needle in needles:
            assert needle in result.stderr, f"{command[0]}: {needle!r} not in\n{result.stderr}"
        assert all(
            " | " in line
            for line in result.stderr.splitlines()
            if line.startswith(("error:", "note:"))
        )
    assert _snapshot(store) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["earlier", "in", "store"]
    checked = validate_folder(
        folder, store=store, period=_option(options, "--period"), today=dt.date.today()
    )
    assert checked.problems
    for p in checked.problems:  # both halves, each in its own language
        assert p.describe("vi") and p.describe("en") and p.where("vi") and p.where("en")


def test_corpus_covers_at_least_25_kinds():
    assert len(CORPUS) >= 25


def _option(options: list[str], name: str) -> str | None:
    return options[options.index(name) + 1] if name in options else None


def test_every_problem_is_reported_at_once_across_files(tmp_path):
    folder = _folder(
        tmp_path,
        {
            "units.csv": UNITS_CSV,
            "dossiers.csv": H + ROW.replace("online", "fax") + ROW2.replace("2024-07-05", "bad"),
            "meetings.csv": "unit_id,period,meetings,via_system\nbat-xat,2024Q3,x,0\n",
            "notes.xlsx": _xlsx([["a"]]),
        },
    )
    found = validate_folder(folder, today=TODAY)
    where = {(Path(p.file).name, p.row, p.column) for p in found.problems}
    assert where == {
        ("dossiers.csv", 2, "channel"),
        ("dossiers.csv", 3, "received_on"),
        ("meetings.csv", 2, "meetings"),
        ("notes.xlsx", None, None),
    }


def test_broken_units_still_checks_the_other_files_own_types(tmp_path):
    folder = _folder(
        tmp_path,
        {
            "units.csv": "unit_id,name\nx,y\n",
            "dossiers.csv": H + ROW.replace(",0,true", ",two,true"),
        },
    )
    found = validate_folder(folder, today=TODAY)
    assert {Path(p.file).name for p in found.problems} == {"units.csv", "dossiers.csv"}
    assert any("could not be checked" in note.render("en") for note in found.notes)


def test_folder_without_units_is_a_note_for_validate_and_a_problem_for_import(tmp_path):
    folder = _folder(tmp_path / "in", {"dossiers.csv": H + ROW})
    found = validate_folder(folder, today=TODAY)
    assert found.ok and any("not checked" in note.render("en") for note in found.notes)
    with pytest.raises(SourceError) as err:
        import_folder(folder, tmp_path / "store", today=TODAY)
    assert "no units table" in str(err.value)
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").iterdir())


def test_unit_ids_come_from_the_store_when_the_folder_has_none(tmp_path):
    store = _store_with_history(tmp_path)
    folder = _folder(tmp_path / "q3", {"dossiers.csv": H + ROW2.replace("bat-xat", "nowhere")})
    with pytest.raises(SourceError) as err:
        import_folder(folder, store, today=TODAY)
    assert "unknown unit id" in str(err.value)
    _folder(folder, {"dossiers.csv": H + ROW})
    assert import_folder(folder, store, today=TODAY).stored_rows == {"dossiers": 2}


# --------------------------------------------------------------------------- the store


def _dossiers_in(store: Path) -> pd.DataFrame:
    return load_store_table(_table(store, "dossiers"), DOSSIERS)


def test_reimport_replaces_the_period_never_duplicates(tmp_path):
    store = _store_with_history(tmp_path)
    q3 = _folder(tmp_path / "q3", {"dossiers.csv": H + ROW + ROW2})
    import_folder(q3, store, today=TODAY)
    first = _table(store, "dossiers").read_bytes()
    import_folder(q3, store, today=TODAY)
    assert _table(store, "dossiers").read_bytes() == first
    assert sorted(_dossiers_in(store)["dossier_id"]) == ["HS-1", "HS-2", "HS-90"]
    _folder(q3, {"dossiers.csv": H + ROW2})  # a corrected 2024Q3: HS-1 withdrawn
    import_folder(q3, store, today=TODAY)
    assert sorted(_dossiers_in(store)["dossier_id"]) == ["HS-2", "HS-90"]
    log = [json.loads(line) for line in (store / "imports.jsonl").read_text().splitlines()]
    assert len(log) == 4
    last = log[-1]
    assert last["replaced"] == {"dossiers": ["2024Q3"]}
    assert last["files"][0]["file"] == "dossiers.csv"
    assert last["files"][0]["rows"] == 1
    assert len(last["files"][0]["sha256"]) == 64
    assert last["at"].endswith("Z") and last["source"] == str(q3.resolve())


def test_period_option_replaces_every_quarter_it_covers(tmp_path):
    store = _store_with_history(tmp_path)  # holds HS-90 of 2024Q2
    folder = _folder(tmp_path / "y", {"dossiers.csv": H + ROW})
    result = import_folder(folder, store, period="2024", today=TODAY)
    assert result.intake.replaced["dossiers"] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert _dossiers_in(store)["dossier_id"].tolist() == ["HS-1"]


def test_year_tables_replace_by_year(tmp_path):
    store = _store_with_history(tmp_path)
    record = {
        "year": 2024,
        "unit_id": "bat-xat",
        "procedure_id": "P1",
        "field": "land",
        "internal": F,
        "published_on_time": T,
        "financial_obligation": F,
        "online_payment": F,
        "online_eligible": T,
        "online_mode": "full",
        "national_portal": T,
    }
    both = [record, {**record, "year": 2022}, {**record, "procedure_id": "P2"}]
    folder = _folder(tmp_path / "p", {"procedures.csv": render("procedures", both)})
    import_folder(folder, store, today=TODAY)
    _folder(folder, {"procedures.csv": render("procedures", [record])})
    result = import_folder(folder, store, today=TODAY)
    assert result.intake.replaced["procedures"] == ["2024"]
    stored = load_store_table(_table(store, "procedures"), DICTIONARY.table("procedures"))
    assert sorted(zip(stored["year"], stored["procedure_id"], strict=True)) == [
        (2022, "P1"),
        (2024, "P1"),
    ]


def test_closed_periods_are_refused_unless_reopened(tmp_path):
    store = _store_with_history(tmp_path)  # 2023 closed
    (store / "closed.txt").write_text("2023\n2024Q2  # reviewed\n", encoding="utf-8")
    old = _folder(tmp_path / "old", {"dossiers.csv": H + ROW.replace("2024-07-05", "2024-05-02")})
    with pytest.raises(SourceError) as err:
        import_folder(old, store, today=TODAY)
    assert "closed" in str(err.value)
    with pytest.raises(SourceError) as err:
        import_folder(
            _folder(tmp_path / "q3", {"dossiers.csv": H + ROW}), store, period="2024", today=TODAY
        )
    assert "--period 2024 would replace the closed period 2024Q2" in str(err.value)
    result = import_folder(old, store, reopen=True, today=TODAY)
    assert result.entry["reopen"] is True
    assert _dossiers_in(store)["dossier_id"].tolist() == ["HS-1"]  # 2024Q2 replaced


def test_closed_year_covers_year_tables_and_closed_yaml(tmp_path):
    store = _store_with_history(tmp_path)
    (store / "closed.txt").unlink()
    (store / "closed.yaml").write_text("closed: [2024Q4]\n", encoding="utf-8")
    folder = _folder(
        tmp_path / "s",
        {
            "service_units.csv": "year,service_unit_id,unit_id,sector,budget_staff,autonomy,"
            "conversion_eligible,converted\n"
            "2024,SU-1,bat-xat,health,10,2,false,false\n"
        },
    )
    with pytest.raises(SourceError) as err:
        import_folder(folder, store, today=TODAY)
    assert "row 2" in str(err.value) and "closed" in str(err.value)


def test_a_bad_closed_list_is_a_problem(tmp_path):
    store = _store_with_history(tmp_path)
    (store / "closed.txt").write_text("2023\nlast year\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        import_folder(_folder(tmp_path / "q3", {"dossiers.csv": H + ROW}), store, today=TODAY)
    assert "closed.txt, row 2" in str(err.value) and "not a period" in str(err.value)


class _Boom(Exception):
    pass


BEFORE_SWITCH = intake.STEPS[: intake.STEPS.index("switched")]


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
@pytest.mark.parametrize("step", BEFORE_SWITCH)
def test_a_failure_before_the_switch_leaves_the_store_as_it_was(tmp_path, monkeypatch, failure,
                                                                step):
    store = _store_with_history(tmp_path)
    before = _snapshot(store)
    folder = _folder(tmp_path / "in", {"units.csv": UNITS_CSV, "dossiers.csv": H + ROW})

    def fail(name):
        if name == step:
            raise failure

    monkeypatch.setattr(intake, "step_hook", fail)
    expected = KeyboardInterrupt if isinstance(failure, KeyboardInterrupt) else SourceError
    with pytest.raises(expected) as err:
        import_folder(folder, store, today=TODAY)
    if expected is SourceError and step not in ("locked", "recovered", "validated"):
        assert "cannot write the store" in str(err.value)
    assert _snapshot(store) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["earlier", "in", "store"]
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob(".v*"))


def test_a_damaged_store_is_a_problem_not_a_traceback(tmp_path):
    store = _store_with_history(tmp_path)
    damaged = _table(store, "units")
    damaged.unlink()  # a version's files may be shared with the previous version's
    damaged.write_bytes(b"PAR1 not really")
    folder = _folder(tmp_path / "q3", {"dossiers.csv": H + ROW})
    result = CliRunner().invoke(app, ["import", str(folder), "--into", str(store)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stderr.count("units.parquet: the stored table is unreadable") == 1


def test_a_units_only_import_and_a_synthetic_marker(tmp_path):
    folder = _folder(tmp_path / "in", {"units.csv": UNITS_CSV, "SYNTHETIC.md": "synthetic"})
    result = import_folder(folder, tmp_path / "store", today=TODAY)
    assert result.stored_rows == {"units": 4}
    assert (resolve_store(tmp_path / "store") / "SYNTHETIC.md").exists()


def test_nothing_to_import(tmp_path):
    with pytest.raises(SourceError) as err:
        import_folder(_folder(tmp_path / "in", {"README.md": "hi"}), tmp_path / "store")
    assert "no table file" in str(err.value)
    with pytest.raises(SourceError) as err:
        import_folder(tmp_path / "nowhere", tmp_path / "store")
    assert "no such data folder" in str(err.value)


def test_excel_lock_files_are_ignored_with_a_note(tmp_path):
    folder = _folder(tmp_path, {"units.csv": UNITS_CSV, "~$dossiers.xlsx": b"lock"})
    found = validate_folder(folder, today=TODAY)
    assert found.ok and "Excel lock file" in found.notes[0].render("en")
    assert "tệp khóa của Excel" in found.notes[0].render("vi")


# --------------------------------------------------------------------------- messages


def test_problem_lines_are_bilingual():
    unknown = problem("dossiers.csv", "unknown_unit_in_units", row=3, column="unit_id", value="x")
    assert unknown.bilingual() == (
        "dossiers.csv, row 3, column 'unit_id': unknown unit id (not in units) (value: 'x')"
        " | dossiers.csv, dòng 3, cột 'unit_id': mã đơn vị không có trong bảng đơn vị (units)"
        " (giá trị: 'x')"
    )
    more = problem("dossiers.csv", "expected_date", column="received_on", more=3)
    assert more.describe("vi") == (
        "cần một ngày dạng dd/mm/yyyy hoặc YYYY-MM-DD: còn 3 dòng khác tương tự"
    )
    with pytest.raises(KeyError):
        problem("dossiers.csv", "something nobody wrote")


def test_problems_csv_columns():
    text = problems_csv(
        [
            problem("a.csv", "date_in_future", row=2, column="received_on", value="2099-01-01"),
            problem("b.csv", "file_empty"),
        ]
    )
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["file", "row", "column", "value", "problem_en", "problem_vi"]
    assert frame.loc[0, "row"] == "2" and frame.loc[1, "row"] == ""
    assert frame.loc[0, "problem_vi"] == "ngày ở tương lai"


def test_validate_csv_report_to_a_file(tmp_path):
    folder = _folder(
        tmp_path / "in", {"units.csv": UNITS_CSV, "dossiers.csv": H + ROW.replace("online", "fax")}
    )
    report = tmp_path / "report.csv"
    result = CliRunner().invoke(
        app, ["validate", str(folder), "--format", "csv", "--out", str(report)]
    )
    assert result.exit_code == 2
    data = report.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    frame = pd.read_csv(report, dtype=str, encoding="utf-8-sig")
    assert frame.loc[0, "value"] == "fax" and frame.loc[0, "row"] == "2"
    assert frame.loc[0, "problem_vi"].startswith("không thuộc các giá trị cho phép")


def test_cli_validate_clean_and_bad_period(tmp_path):
    folder = _folder(tmp_path, CANONICAL)
    ok = CliRunner().invoke(app, ["validate", str(folder)])
    assert ok.exit_code == 0 and "ok: 2 files, 7 rows" in ok.stderr
    bad = CliRunner().invoke(app, ["validate", str(folder), "--period", "Q3"])
    assert (
        bad.exit_code == 2 and "parameter --period" in bad.stderr and "cần một năm" in (bad.stderr)
    )


# --------------------------------------------------------------------------- end to end


def test_cli_import_then_compute_on_the_store(tmp_path, sample_dir):
    store = tmp_path / "store"
    imported = run_cli("import", sample_dir, "--into", store)
    assert imported.returncode == 0, imported.stderr
    assert "Traceback" not in imported.stderr
    from_store = run_cli(
        "compute", "--data", store, "--period", "2024Q3", "--out", tmp_path / "a.csv"
    )
    assert from_store.returncode == 0, from_store.stderr
    direct = run_cli(
        "compute", "--data", sample_dir, "--period", "2024Q3", "--out", tmp_path / "b.csv"
    )
    assert direct.returncode == 0, direct.stderr
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    again = run_cli("import", sample_dir, "--into", store)
    assert again.returncode == 0
    log = (store / "imports.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(log) == 2


def test_cli_refused_import_in_a_real_process(tmp_path):
    store = _store_with_history(tmp_path)
    before = _snapshot(store)
    folder = _folder(tmp_path / "in", {"units.csv": UNITS_CSV, "dossiers.csv": b"\xff\xfe\x00"})
    result = run_cli("import", folder, "--into", store)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "UTF-16" in result.stderr
    assert _snapshot(store) == before
