"""Excel templates for agencies: one workbook per source table of the data dictionary.

Row 1 holds the Vietnamese headers (the readers accept them, and the English names),
in the dictionary's order; coded columns get drop-down lists (enums, yes/no, unit ids);
a guide sheet explains every column in Vietnamese and English. A filled-in template,
saved under its own name (``dossiers.xlsx``), imports without edits.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from . import paths
from .dictionary import Column, Table, load_dictionary
from .files import atomic_path

GUIDE_SHEET = "Hướng dẫn - Guide"
UNITS_SHEET = "Danh mục đơn vị"  # hidden: the unit ids the unit_id lists offer
YES, NO = "Có", "Không"
LAST_ROW = 1_048_576  # validations and formats cover the whole column
#: A fixed date for the workbook properties and zip entries: same input, same bytes.
FIXED_TIME = dt.datetime(2021, 8, 1)

TYPE_TEXT: dict[str, tuple[str, str]] = {
    "string": ("Văn bản", "Text"),
    "integer": ("Số nguyên", "Whole number"),
    "number": ("Số", "Number"),
    "boolean": ("Có / Không", "Yes / No"),
    "date": ("Ngày (dd/mm/yyyy)", "Date (dd/mm/yyyy or YYYY-MM-DD)"),
    "period": ("Quý, ví dụ 2024Q3", "Quarter, e.g. 2024Q3"),
    "year": ("Năm, ví dụ 2024", "Year, e.g. 2024"),
    "enum": ("Chọn trong danh sách", "One of the list"),
}
GUIDE_HEADER = (
    "Tiêu đề cột (tiếng Việt)",
    "Column name (English)",
    "Kiểu / Type",
    "Giá trị cho phép / Allowed values",
    "Bắt buộc / Required",
    "Được để trống / May be empty",
    "Mô tả",
    "Description",
)
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_FONT = Font(bold=True, color="FFFFFF")


def write_templates(
    out: str | Path, units_file: str | Path | None = None, tables: Iterable[str] | None = None
) -> list[Path]:
    """Write ``<table>.xlsx`` for every source table (or those named) into ``out``.

    The unit-id lists offer the units of ``units_file`` (any readable format); without
    it, those of ``data/processed/units.parquet`` or ``data/sample/units.csv`` if one
    exists; else the unit-id columns have no list.

    >>> write_templates("outputs/templates")  # doctest: +SKIP
    [PosixPath('outputs/templates/units.xlsx'), PosixPath('outputs/templates/dossiers.xlsx'), …]
    """
    out = Path(out)
    dictionary = load_dictionary()
    units = load_unit_choices(units_file)
    names = list(tables) if tables is not None else list(dictionary.table_names)
    written = []
    for name in names:
        book = build_template(dictionary.table(name), units)
        path = out / f"{name}.xlsx"
        with atomic_path(path) as tmp:
            tmp.write_bytes(workbook_bytes(book))
        written.append(path)
    return written


def load_unit_choices(units_file: str | Path | None = None) -> list[tuple[str, str]]:
    """(unit_id, name) pairs for the drop-down lists; [] when no units file is known."""
    from .sources import load_table

    if units_file is not None:
        path = Path(units_file)
    else:
        candidates = [paths.PROCESSED_DIR / "units.parquet", paths.SAMPLE_DIR / "units.csv"]
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            return []
    frame = load_table(path, "units")
    return list(zip(frame["unit_id"].tolist(), frame["name"].tolist(), strict=True))


def build_template(table: Table, units: Sequence[tuple[str, str]] = ()) -> Workbook:
    """The workbook for one table: the data sheet, the guide, the hidden unit list."""
    book = Workbook()
    sheet = book.active
    sheet.title = table.label_vi[:31]
    sheet.append([c.label_vi for c in table.columns])
    sheet.freeze_panes = "A2"
    sheet.sheet_properties.tabColor = "1F4E79"
    for i, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.label_vi) + 4))
        fmt = _number_format(column)
        if fmt:
            sheet.column_dimensions[letter].number_format = fmt
        validation = _validation(table, column, letter, units)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.row_dimensions[1].height = 32
    _guide(book.create_sheet(GUIDE_SHEET), table)
    if units and any(c.references == "units" for c in table.columns) and table.name != "units":
        listing = book.create_sheet(UNITS_SHEET)
        listing.append(["Mã đơn vị / unit_id", "Tên đơn vị / name"])
        for unit_id, name in units:
            listing.append([unit_id, name])
        listing.sheet_state = "hidden"
    book.properties.creator = "cchc"
    book.properties.lastModifiedBy = "cchc"
    book.properties.title = f"{table.label_vi} ({table.name})"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    return book


def _number_format(column: Column) -> str | None:
    if column.type == "date":
        return "dd/mm/yyyy"
    if column.type in ("string", "period", "enum"):
        return "@"  # text: keeps "082" a code, not the number 82
    return None


def _validation(
    table: Table, column: Column, letter: str, units: Sequence[tuple[str, str]]
) -> DataValidation:
    """The drop-down list or number check of a column, with its description as prompt."""
    options: dict[str, object] = {
        "allow_blank": True,
        "showErrorMessage": True,
        "showInputMessage": True,
    }
    error = None
    if column.type == "enum":
        options.update(type="list", formula1=_list(column.allowed or ()))
        error = f"Chọn một giá trị trong danh sách / Pick one of: {', '.join(column.allowed)}"
    elif column.type == "boolean":
        options.update(type="list", formula1=_list((YES, NO)))
        error = "Chọn Có hoặc Không / Pick Có (yes) or Không (no)"
    elif column.references == "units" and table.name == "units":
        options.update(type="list", formula1="$A$2:$A$5000", errorStyle="warning")
        error = "Mã đơn vị phải có trong cột A / The unit id must be in column A"
    elif column.references == "units" and units:
        options.update(
            type="list", formula1=f"{quote_sheetname(UNITS_SHEET)}!$A$2:$A${len(units) + 1}"
        )
        error = "Mã đơn vị không có trong danh mục / Not a known unit id"
    elif column.type in ("integer", "year"):
        low = 2021 if column.type == "year" else int(column.min or 0)
        options.update(type="whole", operator="greaterThanOrEqual", formula1=str(low))
        error = f"Nhập số nguyên ≥ {low} / A whole number ≥ {low}"
    elif column.type == "number" and column.min is not None:
        options.update(type="decimal", operator="greaterThanOrEqual", formula1=f"{column.min:g}")
        error = f"Nhập số ≥ {column.min:g} / A number ≥ {column.min:g}"
    validation = DataValidation(**options)
    validation.promptTitle = column.label_vi[:32]
    validation.prompt = column.description_vi[:255]
    if error:
        validation.errorTitle = "Giá trị không hợp lệ"
        validation.error = error[:255]
    return validation


def _list(values: Iterable[str]) -> str:
    return '"' + ",".join(values) + '"'


def _guide(sheet, table: Table) -> None:
    sheet.append([f"{table.label_vi} — {table.name}"])
    sheet.append([table.description_vi])
    sheet.append([table.description_en])
    sheet.append(
        [
            f"Lưu tệp với tên / Save the file as: {table.name}.xlsx  ·  Dòng 1 là tiêu "
            "đề, mỗi dòng sau là một bản ghi / Row 1 is the header, one record per row "
            "below  ·  Có thể dùng tiêu đề tiếng Anh / English headers are accepted too"
        ]
    )
    if table.key:
        sheet.append([f"Không được trùng / Must be unique: {', '.join(table.key)}"])
    sheet.append([])
    sheet.append(list(GUIDE_HEADER))
    header_row = sheet.max_row
    for column in table.columns:
        type_vi, type_en = TYPE_TEXT[column.type]
        allowed = ", ".join(column.allowed) if column.allowed else ""
        if column.type == "boolean":
            allowed = "Có, Không (x, 1/0, true/false)"
        notes = []
        if column.min is not None:
            notes.append(f"≥ {column.min:g}")
        if column.at_most:
            notes.append(f"≤ {column.at_most}")
        if column.references == "units":
            notes.append("mã trong bảng Đơn vị / a unit_id of units")
        if notes:
            allowed = "; ".join([allowed, *notes]) if allowed else "; ".join(notes)
        sheet.append(
            [
                column.label_vi,
                column.name,
                f"{type_vi} / {type_en}",
                allowed,
                "Có / Yes" if column.required else "Không / No",
                "Có / Yes" if column.nullable else "Không / No",
                column.description_vi,
                column.description_en,
            ]
        )
    for cell in sheet[header_row]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    sheet["A1"].font = Font(bold=True, size=14)
    for letter, width in zip("ABCDEFGH", (28, 22, 26, 34, 14, 14, 50, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{header_row + 1}"


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, every zip entry dated ``FIXED_TIME``: reproducible."""
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "modified" on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(info, data)
    return out.getvalue()
