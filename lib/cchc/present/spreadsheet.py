"""``summary.xlsx``: the run's results as a workbook for the quarterly review meeting.

One sheet per group of the programme (``Nhóm I`` … ``Nhóm IV``), one row per unit and
measure, headers in the run's language (Vietnamese by default), numbers as numbers with a
display format (one decimal for percentages, thousands for counts), the two marks of a
measure each in its colour (this period: đạt / chưa đạt; the trend status), the header
frozen and filters on. Every text cell goes through
:func:`cchc.files.neutralise` (no live formula), and the bytes are reproducible
(:func:`cchc.files.xlsx_bytes`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cchc import messages
from cchc.files import neutralise, write_xlsx
from cchc.present.labels import level_label, measure_name, met_label, status_label
from cchc.present.theme import (
    MET_COLOURS,
    MET_TEXT_COLOURS,
    STATUS_COLOURS,
    STATUS_TEXT_COLOURS,
    met_key,
)
from cchc.spec.catalogue import Catalogue

#: (column of the results, header key, number format or None for text, width)
COLUMNS: tuple[tuple[str, str, str | None, int], ...] = (
    ("unit_name", "col.unit", None, 30),
    ("unit_id", "col.unit_id", None, 18),
    ("level", "col.level", None, 16),
    ("measure_id", "col.measure_id", None, 9),
    ("measure_name", "col.measure", None, 48),
    ("numerator", "col.numerator", "#,##0", 11),
    ("denominator", "col.denominator", "#,##0", 11),
    ("value", "col.value", "0.0", 11),
    ("target", "col.target", "0.0", 12),
    ("gap", "col.gap", "0.0", 12),
    ("met", "mark.period", None, 12),
    ("status", "mark.trend", None, 34),
    ("final_target", "col.final_target", "0.0", 12),
    ("projection", "col.projection", "0.0", 12),
)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F3F3F3")


def sheet_name(group_id: str, lang: str = "vi") -> str:
    """The sheet of a group.

    >>> sheet_name("II"), sheet_name("II", "en")
    ('Nhóm II', 'Group II')
    """
    return f"{messages.text('ui.group', lang)} {group_id}"


def summary_book(results: pd.DataFrame, catalogue: Catalogue, lang: str = "vi") -> Workbook:
    """The workbook of :mod:`this module <cchc.present.spreadsheet>` for a run's results.

    >>> from cchc.spec.catalogue import load_catalogue
    >>> book = summary_book(results, load_catalogue())
    >>> book.sheetnames, book["Nhóm I"]["A1"].value, book["Nhóm I"].freeze_panes
    (['Nhóm I', 'Nhóm II', 'Nhóm III', 'Nhóm IV'], 'Đơn vị', 'A2')
    """
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = book.properties.lastModifiedBy = "cchc"
    for group in catalogue.groups:
        rows = results[results["group_id"] == group.id]
        _sheet(book.create_sheet(sheet_name(group.id, lang)), rows, catalogue, lang)
    return book


def _sheet(sheet, rows: pd.DataFrame, catalogue: Catalogue, lang: str) -> None:
    base = catalogue.base_year
    sheet.append([messages.text(key, lang, base=base) if key == "mark.trend"
                  else messages.text(key, lang) for _, key, _, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    names = {m: measure_name(catalogue, m, lang) for m in rows["measure_id"].unique()}
    frame = rows.assign(
        measure_name=rows["measure_id"].map(names),
        level=rows["level"].map(lambda v: level_label(v, lang)),
    )
    statuses = frame["status"].fillna("no_data").tolist()
    basis = (frame["status_basis"].fillna("none").tolist() if "status_basis" in frame
             else ["trend_to_period"] * len(frame))
    flag = f" ({messages.text('mark.no_period_value', lang)})"
    met = frame["met"] if "met" in frame else pd.Series(None, index=frame.index, dtype=object)
    mets = [met_key(m) for m in met]
    frame = frame.assign(
        status=[status_label(s, lang) + (flag if b == "trend_no_period_value" else "")
                for s, b in zip(statuses, basis, strict=True)],
        met=[None if k == "none" else met_label(k == "true", lang) for k in mets])
    columns = [c for c, _, _, _ in COLUMNS]
    for values in frame[columns].itertuples(index=False, name=None):
        sheet.append([_cell(v) for v in values])
    status_col = columns.index("status") + 1
    met_col = columns.index("met") + 1
    for i, (_, _, number_format, width) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = width
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = number_format
    for status, (cell,) in zip(statuses, sheet.iter_rows(min_row=2, min_col=status_col,
                                                           max_col=status_col), strict=True):
        cell.fill = PatternFill("solid", fgColor=STATUS_COLOURS[status].lstrip("#"))
        cell.font = Font(color=STATUS_TEXT_COLOURS[status].lstrip("#"))
    for key, (cell,) in zip(mets, sheet.iter_rows(min_row=2, min_col=met_col,
                                                  max_col=met_col), strict=True):
        if key != "none":
            cell.fill = PatternFill("solid", fgColor=MET_COLOURS[key].lstrip("#"))
            cell.font = Font(color=MET_TEXT_COLOURS[key].lstrip("#"))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"


def _cell(value: object) -> object:
    """A number stays a number (missing: an empty cell); a text is neutralised."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return neutralise(str(value))


def write_summary_xlsx(results: pd.DataFrame, catalogue: Catalogue, path: str | Path,
                       lang: str = "vi") -> Path:
    """Write ``summary.xlsx`` atomically, the same bytes for the same results.

    >>> from cchc.spec.catalogue import load_catalogue
    >>> a = write_summary_xlsx(results, load_catalogue(), tmp / "a.xlsx")
    >>> a.read_bytes() == write_summary_xlsx(results, load_catalogue(), tmp / "b.xlsx").read_bytes()
    True
    """
    return write_xlsx(summary_book(results, catalogue, lang), path)
