"""Clerks' words (issue 12, point 8): the templates' drop-downs in Vietnamese, read back
as the codes; problems that name the header the clerk sees and its column letter, an
impossible date, row order, the file count, a closed period refused once per file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from cchc.intake.folder import validate_folder
from cchc.intake.templates import LISTS_SHEET, YES, write_templates
from cchc.spec.dictionary import load_dictionary
from conftest import run_cli

UNITS = (
    "unit_id,name,level,parent_id\n"
    "lao-cai,Tỉnh Lào Cai,province,\n"
    "bat-xat,Huyện Bát Xát,district,lao-cai\n"
    "xa-a,Xã A,commune,bat-xat\n"
)
#: a dossier as a clerk fills the template: Vietnamese words, Có/Không, dd/mm/yyyy
ROW = {"dossier_id": "HS-1", "unit_id": "xa-a", "procedure_id": "P1",
       "received_on": "05/07/2024", "channel": "trực tuyến", "transfer_required": YES,
       "transfer_electronic": YES, "payment_required": "Không", "paid_online": "Không",
       "result_valid": YES, "result_digitised": YES, "reprovided": "Không", "contacts": "0",
       "eid": YES}


def _filled(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    """The dossiers template, filled in by a clerk, in a data folder with its units."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    (path,) = write_templates(tmp_path / "templates", folder / "units.csv", ["dossiers"])
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0] if book.worksheets[0].title != LISTS_SHEET else book.worksheets[1]
    names = load_dictionary().table("dossiers").column_names
    for r, row in enumerate(rows, start=2):
        for c, name in enumerate(names, start=1):
            if name in row:
                sheet.cell(row=r, column=c, value=row[name])
    book.save(folder / "dossiers.xlsx")
    return folder


def _data_sheet(book):
    return next(s for s in book.worksheets if s.title == "Hồ sơ TTHC")


def test_the_templates_drop_downs_offer_the_clerks_words(tmp_path):
    (path,) = write_templates(tmp_path, None, ["dossiers"])
    book = openpyxl.load_workbook(path)
    sheet = _data_sheet(book)
    letter = "E"  # channel, the fifth column
    assert sheet[f"{letter}1"].value == "Hình thức nộp"
    lists = {r.coord.split(":")[0].rstrip("0123456789"): v.formula1
             for v in sheet.data_validations.dataValidation for r in v.sqref.ranges}
    cells = book[LISTS_SHEET][lists[letter].split("!")[1].replace("$", "")]
    assert [row[0].value for row in cells] == ["trực tuyến", "trực tiếp", "bưu chính"]


def test_a_template_filled_in_vietnamese_reads_back_as_the_codes(tmp_path):
    folder = _filled(tmp_path, [ROW, {**ROW, "dossier_id": "HS-2", "channel": "Bưu chính"},
                                {**ROW, "dossier_id": "HS-3", "channel": "truc tiep"}])
    intake = validate_folder(folder)
    assert intake.problems == []
    dossiers = intake.tables["dossiers"]
    assert dossiers["channel"].tolist() == ["online", "postal", "direct"]
    assert dossiers["transfer_required"].tolist() == [True, True, True]


def test_broken_cells_name_the_header_the_clerk_sees_and_its_letter(tmp_path):
    folder = _filled(tmp_path, [
        ROW,
        {**ROW, "dossier_id": "HS-2", "received_on": "31/02/2025", "channel": "trực tuyên"},
        {**ROW, "dossier_id": "HS-3", "contacts": "hai"},
    ])
    intake = validate_folder(folder, today=__import__("datetime").date(2026, 1, 1))
    rendered = [p.bilingual() for p in intake.problems]
    assert len(rendered) == 3, rendered
    # in row order (row 3 before row 4), the header as the file has it, the letter
    date, channel, contacts = rendered
    assert "dossiers.xlsx, row 3, column 'received_on' (D, 'Ngày tiếp nhận'): no such date " \
           "on the calendar" in date
    assert "dossiers.xlsx, dòng 3, cột 'Ngày tiếp nhận' (D, received_on): ngày này không có " \
           "trên lịch" in date and "'31/02/2025'" in date
    assert "row 3, column 'channel' (E, 'Hình thức nộp')" in channel
    assert "trực tuyến (online), trực tiếp (direct), bưu chính (postal)" in channel
    assert "cột 'Hình thức nộp' (E, channel)" in channel and "'trực tuyên'" in channel
    assert "row 4, column 'contacts' (M, 'Số lần liên hệ')" in contacts
    # the command line: exit 2, the problems in row order, the one file they are in
    result = run_cli("validate", folder)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert [line.split(", ")[1] for line in errors] == ["row 3", "row 3", "row 4"]
    assert "3 problems in 1 files | 3 lỗi trong 1 tệp" in result.stderr


def test_problems_come_in_file_then_row_order(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    (folder / "meetings.csv").write_text(
        "unit_id,period,meetings,via_system\n"
        "lao-cai,2024Q1,x,1\n"      # row 2: meetings not a number
        "nowhere,2024Q2,3,1\n"      # row 3: unknown unit
        "lao-cai,2024Q3,2,5\n",     # row 4: via_system larger than meetings
        encoding="utf-8")
    (folder / "inspections.csv").write_text(
        "unit_id,period,inspections,digital\nlao-cai,2024Q9,1,1\n", encoding="utf-8")
    problems = validate_folder(folder).problems
    assert [(Path(p.file).name, p.row) for p in problems] == [
        ("inspections.csv", 2), ("meetings.csv", 2), ("meetings.csv", 3), ("meetings.csv", 4)]


@pytest.mark.parametrize("reopen", [False, True])
def test_a_closed_period_is_refused_once_per_file(tmp_path, reopen):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    rows = "".join(f"lao-cai,2023Q{q},10,{q}\nbat-xat,2023Q{q},4,1\n" for q in (1, 2))
    (folder / "meetings.csv").write_text("unit_id,period,meetings,via_system\n" + rows,
                                         encoding="utf-8")
    store = tmp_path / "store"
    first = run_cli("import", folder, "--into", store)
    assert first.returncode == 0, first.stderr
    (store / "closed.txt").write_text("2023\n", encoding="utf-8")
    args = ["import", folder, "--into", store, *(["--reopen"] if reopen else [])]
    again = run_cli(*args)
    if reopen:
        assert again.returncode == 0, again.stderr
        return
    assert again.returncode == 2
    errors = [line for line in again.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, errors  # 2023Q1 and 2023Q2, once each, not once per row
    assert "meetings.csv, row 2, column 'period' (B): 2 rows fall in the closed period " \
           "2023Q1" in errors[0]
    assert "row 4, column 'period' (B): 2 rows fall in the closed period 2023Q2" in errors[1]
