"""Excel templates: Vietnamese headers in dictionary order, lists, a guide; they import."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cchc import paths
from cchc.intake.store import import_folder
from cchc.intake.templates import (
    GUIDE_SHEET,
    LISTS_SHEET,
    UNITS_SHEET,
    build_template,
    write_templates,
)
from cchc.sources.store import load_store_table, resolve_store
from cchc.spec.dictionary import load_dictionary
from conftest import run_cli

DICTIONARY = load_dictionary()
UNITS = (
    "unit_id,name,level,parent_id\n"
    "lao-cai,Tỉnh Lào Cai,province,\n"
    "bat-xat,Huyện Bát Xát,district,lao-cai\n"
)


@pytest.fixture
def units_file(tmp_path: Path) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    return path


@pytest.fixture
def no_default_units(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "no-processed")
    monkeypatch.setattr(paths, "SAMPLE_DIR", tmp_path / "no-sample")


def _validations(sheet) -> dict[str, object]:
    """Column letter → its data validation."""
    out = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            out[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation
    return out


def test_one_workbook_per_table_with_the_dictionary_headers(tmp_path, units_file):
    written = write_templates(tmp_path / "t", units_file)
    assert [p.name for p in written] == [f"{t}.xlsx" for t in DICTIONARY.table_names]
    for table in DICTIONARY.tables:
        book = openpyxl.load_workbook(tmp_path / "t" / f"{table.name}.xlsx")
        sheet = book.worksheets[0]
        assert sheet.title == table.label_vi[:31]
        assert [c.value for c in sheet[1]] == [c.label_vi for c in table.columns]
        assert sheet.freeze_panes == "A2"
        assert GUIDE_SHEET in book.sheetnames


def test_lists_for_enums_yes_no_and_unit_ids(tmp_path, units_file):
    write_templates(tmp_path, units_file, tables=["dossiers"])
    book = openpyxl.load_workbook(tmp_path / "dossiers.xlsx")
    sheet = book.worksheets[0]
    rules = _validations(sheet)
    letters = {
        c.name: openpyxl.utils.get_column_letter(i)
        for i, c in enumerate(DICTIONARY.table("dossiers").columns, start=1)
    }
    assert rules[letters["channel"]].type == "list"
    # lists refer to ranges of a hidden sheet, never to values spelled in a formula
    assert rules[letters["channel"]].formula1 == f"'{LISTS_SHEET}'!$A$1:$A$3"
    assert rules[letters["eid"]].formula1 == f"'{LISTS_SHEET}'!$B$1:$B$2"
    lists = book[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    # the clerks' words (words_vi), which the readers take back as online, direct, postal
    assert [c.value for c in lists["A"]] == ["trực tuyến", "trực tiếp", "bưu chính"]
    assert [c.value for c in lists["B"] if c.value] == ["Có", "Không"]
    assert rules[letters["unit_id"]].formula1 == f"'{UNITS_SHEET}'!$A$2:$A$3"
    assert rules[letters["contacts"]].type == "whole"
    assert rules[letters["dossier_id"]].prompt == "Mã hồ sơ"
    listing = book[UNITS_SHEET]
    assert listing.sheet_state == "hidden"
    assert [r[0].value for r in listing.iter_rows(min_row=2)] == ["lao-cai", "bat-xat"]
    [cells] = rules[letters["channel"]].sqref.ranges
    assert cells.coord == f"{letters['channel']}2:{letters['channel']}1048576"


def test_no_unit_list_without_a_units_file(tmp_path, no_default_units):
    write_templates(tmp_path, tables=["meetings"])
    book = openpyxl.load_workbook(tmp_path / "meetings.xlsx")
    assert UNITS_SHEET not in book.sheetnames
    assert _validations(book.worksheets[0])["A"].type is None  # a prompt only


def test_guide_explains_every_column_in_both_languages(units_file):
    table = DICTIONARY.table("surveys")
    guide = build_template(table)[GUIDE_SHEET]
    rows = [[c.value for c in r] for r in guide.iter_rows()]
    by_name = {r[1]: r for r in rows if r[1] in table.column_names}
    assert list(by_name) == list(table.column_names)
    service = by_name["service"]
    assert service[0] == "Loại dịch vụ"
    assert ("giải quyết TTHC (procedure), cơ quan hành chính (administration), y tế công "
            "(health), giáo dục công (education)") in service[3]
    assert service[6] == table.column("service").description_vi
    assert service[7] == table.column("service").description_en
    assert by_name["satisfied"][3].startswith("Có, Không")
    assert any("surveys.xlsx" in str(r[0]) for r in rows)


def test_templates_are_reproducible_bytes(tmp_path, units_file):
    first = write_templates(tmp_path / "a", units_file)
    second = write_templates(tmp_path / "b", units_file)
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in first]
    assert digest == [hashlib.sha256(p.read_bytes()).hexdigest() for p in second]


def test_a_filled_template_imports_without_edits(tmp_path, units_file):
    write_templates(tmp_path / "t", units_file, tables=["units", "meetings"])
    units = openpyxl.load_workbook(tmp_path / "t" / "units.xlsx")
    for row in UNITS.splitlines()[1:]:
        cells = row.split(",")
        units.worksheets[0].append([*cells[:3], cells[3] or None])
    meetings = openpyxl.load_workbook(tmp_path / "t" / "meetings.xlsx")
    meetings.worksheets[0].append(["bat-xat", "2024Q3", 6, 4])
    meetings.worksheets[0].append(["lao-cai", "2024Q3", 10, 10])
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    units.save(inbox / "units.xlsx")  # as Excel would: the lists and guide stay in
    meetings.save(inbox / "meetings.xlsx")
    result = import_folder(inbox, tmp_path / "store", today=dt.date(2025, 1, 1))
    assert result.stored_rows == {"units": 2, "meetings": 2}
    stored = load_store_table(resolve_store(tmp_path / "store") / "meetings.parquet",
                              DICTIONARY.table("meetings"))
    expected = pd.DataFrame(
        {
            "unit_id": ["bat-xat", "lao-cai"],
            "period": ["2024Q3"] * 2,
            "meetings": [6, 10],
            "via_system": [4, 10],
        }
    )
    expected = expected.astype(
        {
            "unit_id": "string[pyarrow]",
            "period": "string[pyarrow]",
            "meetings": "Int64",
            "via_system": "Int64",
        }
    )
    pd.testing.assert_frame_equal(stored, expected)


def test_cli_template(tmp_path, units_file):
    result = run_cli("template", "--out", tmp_path / "t", "--units", units_file)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "t").glob("*.xlsx"))) == len(DICTIONARY.tables)
    bad = run_cli("template", "--out", tmp_path / "u", "--units", tmp_path / "nope.csv")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
