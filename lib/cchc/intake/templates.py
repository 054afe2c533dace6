"""Excel templates for agencies: one workbook per source table of the data dictionary.

Row 1 holds the Vietnamese headers (the readers accept them, and the English names),
in the dictionary's order; coded columns get drop-down lists (enums, yes/no, unit ids);
a guide sheet explains every column in Vietnamese and English. A filled-in template,
saved under its own name (``dossiers.xlsx``), imports without edits.

No cell holds a formula, and no formula is built from data: every text cell is written as
text (a unit name such as ``=HYPERLINK(…)`` stays the words it is), and a text a
spreadsheet would read as a formula (:func:`cchc.files.formula_like`) is also marked the
way Excel marks a text typed after an apostrophe (``quotePrefix``), so that editing the
cell does not turn it into one. The drop-down lists refer to ranges of a hidden sheet
(the values of enums and yes/no, the unit ids), never to a list spelled in a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from cchc import paths
from cchc.errors import SourceError
from cchc.files import formula_like, write_xlsx
from cchc.messages import text
from cchc.spec.catalogue import load_catalogue
from cchc.spec.dictionary import Column, Table, load_dictionary


def _both(key: str, /, **params: object) -> str:
    """Vietnamese first, then English: agencies read the first, partners the second."""
    return f"{text(key, 'vi', **params)} / {text(key, 'en', **params)}"


# no "/" in a sheet name
GUIDE_SHEET = f"{text('tpl.guide_sheet', 'vi')} - {text('tpl.guide_sheet', 'en')}"
UNITS_SHEET = text("tpl.units_sheet", "vi")  # hidden: the unit ids the unit_id lists offer
LISTS_SHEET = text("tpl.lists_sheet", "vi")  # hidden: the values the other lists offer
YES, NO = text("tpl.yes", "vi"), text("tpl.no", "vi")
LAST_ROW = 1_048_576  # validations and formats cover the whole column
#: A fixed date for the workbook properties and zip entries: same input, same bytes.
FIXED_TIME = dt.datetime(2021, 8, 1)

GUIDE_HEADER = (
    text("tpl.head.header", "vi"),
    text("tpl.head.name", "en"),
    _both("tpl.head.type"),
    _both("tpl.head.allowed"),
    _both("tpl.head.required"),
    _both("tpl.head.nullable"),
    text("tpl.head.description", "vi"),
    text("tpl.head.description", "en"),
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

    >>> [p.name for p in write_templates(tmp / "templates", sample / "units.csv")][:2]
    ['units.xlsx', 'dossiers.xlsx']
    """
    out = Path(out)
    dictionary = load_dictionary()
    units = load_unit_choices(units_file)
    names = list(tables) if tables is not None else list(dictionary.table_names)
    written = []
    for name in names:
        book = build_template(dictionary.table(name), units)
        path = out / f"{name}.xlsx"
        write_xlsx(book, path)
        written.append(path)
    return written


def load_unit_choices(units_file: str | Path | None = None) -> list[tuple[str, str]]:
    """(unit_id, name) pairs for the drop-down lists, the units in force today first; []
    when no units file is known.

    ``units_file`` may be a units file, or a data folder or store holding one.
    """
    from cchc.sources.dataset import load_table
    from cchc.sources.read import find_table_file
    from cchc.sources.store import resolve_store

    if units_file is not None:
        path = Path(units_file)
        if path.is_dir():
            found = find_table_file(resolve_store(path), "units")
            if found is None:
                raise SourceError.one(path / "units.csv", "units_missing")
            path = found
    else:
        candidates = [resolve_store(paths.PROCESSED_DIR) / "units.parquet",
                      paths.SAMPLE_DIR / "units.csv"]
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            return []
    frame = load_table(path, "units")
    # the units of today first; units that ended stay offered, for data of their time
    frame = frame.sort_values("valid_to", key=lambda c: c.notna(), kind="stable")
    return list(zip(frame["unit_id"].tolist(), frame["name"].tolist(), strict=True))


def build_template(table: Table, units: Sequence[tuple[str, str]] = ()) -> Workbook:
    """The workbook for one table: the data sheet, the guide, the hidden lists."""
    book = Workbook()
    sheet = book.active
    sheet.title = table.label_vi[:31]
    sheet.append([c.label_vi for c in table.columns])
    sheet.freeze_panes = "A2"
    sheet.sheet_properties.tabColor = "1F4E79"
    lists = _Lists(book)
    for i, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.label_vi) + 4))
        fmt = _number_format(column)
        if fmt:
            sheet.column_dimensions[letter].number_format = fmt
        validation = _validation(table, column, letter, units, lists)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.row_dimensions[1].height = 32
    _guide(book.create_sheet(GUIDE_SHEET), table)
    if units and any(c.references == "units" for c in table.columns) and table.name != "units":
        listing = book.create_sheet(UNITS_SHEET)
        listing.append([_both("tpl.unit_list_header_id"), _both("tpl.unit_list_header_name")])
        for unit_id, name in units:
            listing.append([unit_id, name])
        listing.sheet_state = "hidden"
    book.properties.creator = "cchc"
    book.properties.lastModifiedBy = "cchc"
    book.properties.title = f"{table.label_vi} ({table.name})"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    for each in book.worksheets:
        _as_text(each)
    return book


def _as_text(sheet) -> None:
    """Every text cell of ``sheet`` stored as text, never as a formula; a text that looks
    like one also marked as Excel marks a text typed after an apostrophe."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if formula_like(cell.value):
                    cell.quotePrefix = True


class _Lists:
    """The hidden sheet of drop-down values: one column per list, referred to by range."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.sheet = None
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_of(self, values: Sequence[str]) -> str:
        """The absolute range holding ``values`` (written once per distinct list)."""
        key = tuple(values)
        if key not in self.ranges:
            if self.sheet is None:
                self.sheet = self.book.create_sheet(LISTS_SHEET)
                self.sheet.sheet_state = "hidden"
            letter = get_column_letter(len(self.ranges) + 1)
            for row, value in enumerate(key, start=1):
                self.sheet[f"{letter}{row}"] = value
            self.ranges[key] = (f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:"
                                f"${letter}${max(len(key), 1)}")
        return self.ranges[key]


def _number_format(column: Column) -> str | None:
    if column.type == "date":
        return "dd/mm/yyyy"
    if column.type in ("string", "period", "enum"):
        return "@"  # text: keeps "082" a code, not the number 82
    return None


def _validation(
    table: Table, column: Column, letter: str, units: Sequence[tuple[str, str]], lists: _Lists
) -> DataValidation:
    """The drop-down list or number check of a column, with its description as prompt."""
    options: dict[str, object] = {
        "allow_blank": True,
        "showErrorMessage": True,
        "showInputMessage": True,
    }
    error = None
    if column.type == "enum":
        # the clerks' words (words_vi in the dictionary); the readers take them back
        options.update(type="list", formula1=lists.range_of(column.choices()))
        error = _both("tpl.pick_list", values=", ".join(column.choices()))
    elif column.type == "boolean":
        options.update(type="list", formula1=lists.range_of((YES, NO)))
        error = _both("tpl.pick_yes_no")
    elif column.references == "units" and table.name == "units":
        options.update(type="list", formula1="$A$2:$A$5000", errorStyle="warning")
        error = _both("tpl.unit_in_column_a")
    elif column.references == "units" and units:
        options.update(
            type="list", formula1=f"{quote_sheetname(UNITS_SHEET)}!$A$2:$A${len(units) + 1}"
        )
        error = _both("tpl.unit_unknown")
    elif column.references == "measures":
        ids = load_catalogue().measure_ids
        options.update(type="list", formula1=lists.range_of(ids))
        error = _both("tpl.pick_list", values=", ".join(ids))
    elif column.type == "integer" and column.max is not None:
        low, high = int(column.min or 0), int(column.max)
        options.update(type="whole", operator="between", formula1=str(low), formula2=str(high))
        error = _both("tpl.whole_between", minimum=low, maximum=high)
    elif column.type in ("integer", "year"):
        low = 2021 if column.type == "year" else int(column.min or 0)
        options.update(type="whole", operator="greaterThanOrEqual", formula1=str(low))
        error = _both("tpl.whole_at_least", minimum=low)
    elif column.type == "number" and column.min is not None:
        options.update(type="decimal", operator="greaterThanOrEqual", formula1=f"{column.min:g}")
        error = _both("tpl.number_at_least", minimum=f"{column.min:g}")
    validation = DataValidation(**options)
    validation.promptTitle = column.label_vi[:32]
    validation.prompt = column.description_vi[:255]
    if error:
        validation.errorTitle = text("tpl.bad_value", "vi")
        validation.error = error[:255]
    return validation


def _guide(sheet, table: Table) -> None:
    sheet.append([f"{table.label_vi} — {table.name}"])
    sheet.append([table.description_vi])
    sheet.append([table.description_en])
    sheet.append(
        [
            "  ·  ".join((_both("tpl.save_as", file=f"{table.name}.xlsx"),
                          _both("tpl.one_record_per_row"), _both("tpl.english_headers")))
        ]
    )
    if table.key:
        sheet.append([_both("tpl.unique", key=", ".join(table.key))])
    sheet.append([])
    sheet.append(list(GUIDE_HEADER))
    header_row = sheet.max_row
    for column in table.columns:
        allowed = ", ".join(
            c if column.word(c) == c else f"{column.word(c)} ({c})" for c in column.allowed
        ) if column.allowed else ""
        if column.type == "boolean":
            allowed = text("tpl.boolean_values", "vi")
        notes = []
        if column.min is not None:
            notes.append(f"≥ {column.min:g}")
        if column.max is not None:
            notes.append(f"≤ {column.max:g}")
        if column.at_most:
            notes.append(f"≤ {column.at_most}")
        if column.not_before:
            notes.append(f"≥ {column.not_before}")
        if column.aliases:
            notes.append(_both("tpl.also_accepted",
                               headers=", ".join(a.header for a in column.aliases)))
        if column.references == "units":
            notes.append(_both("tpl.unit_reference"))
        if column.references == "measures":
            notes.append(_both("tpl.measure_reference"))
        if column.not_before:
            notes.append(_both("tpl.not_before", other=column.not_before))
        if column.may_be_future:
            notes.append(_both("tpl.may_be_future"))
        if notes:
            allowed = "; ".join([allowed, *notes]) if allowed else "; ".join(notes)
        sheet.append(
            [
                column.label_vi,
                column.name,
                _both(f"tpl.type.{column.type}"),
                allowed,
                _both("tpl.yes" if column.required else "tpl.no"),
                _both("tpl.yes" if column.nullable else "tpl.no"),
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

