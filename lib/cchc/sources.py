"""Reading agencies' files: CSV, Parquet or Excel → validated, typed DataFrames.

All file input of the project goes through here. Every problem found is collected
(file, row as a spreadsheet shows it, column, value) and raised at once as a
:class:`~cchc.errors.SourceError`; nothing is returned half-validated.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .dictionary import Column, Table, fold_header, load_dictionary
from .errors import Problem, SourceError
from .units import Units

log = logging.getLogger(__name__)

SUFFIXES = (".csv", ".parquet", ".xlsx", ".tsv", ".txt")
SYNTHETIC_MARKER = "SYNTHETIC.md"
MAX_ROWS_PER_PROBLEM = 20  # then one line says how many more rows share it

TRUE_WORDS = {"true", "1", "yes", "y", "có", "co", "x", "đúng", "c", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "không", "khong", "k", "sai", "f"}
#: Dates, with a time of day that is dropped (exports of the one-stop system carry one).
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}" + _TIME + "$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})" + _TIME + "$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)


def first_row() -> int:
    """Row number of the first data row as a spreadsheet shows it (header = row 1)."""
    return 2


# --------------------------------------------------------------------------- finding files


def find_table_file(data_dir: Path, name: str) -> Path | None:
    """The one file holding table ``name`` in ``data_dir`` (None if absent)."""
    found = [data_dir / f"{name}{suffix}" for suffix in SUFFIXES]
    found = [p for p in found if p.exists()]
    if len(found) > 1:
        raise SourceError.one(
            data_dir / name,
            "the table is given twice (" + ", ".join(p.name for p in found) + "); keep one file",
        )
    return found[0] if found else None


# --------------------------------------------------------------------------- raw reading


def read_raw(path: Path, table: Table) -> pd.DataFrame:
    """Read a file as it is: CSV and Excel as text cells, Parquet with its own types.

    Headers are mapped to canonical column names (English or Vietnamese accepted). The
    index holds each row's spreadsheet row number minus 2 (the header is row 1), so that
    blank rows skipped on the way do not shift the rows named in messages.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        head = _sniff(path)
    except OSError as exc:
        raise SourceError.one(path, f"cannot read the file: {exc.strerror}") from None
    if suffix in DELIMITED:
        frame = _read_csv(path)
    elif suffix == ".xlsx":
        frame = _read_excel(path, table, head)
    elif suffix == ".parquet":
        frame = _read_parquet(path, head)
    elif suffix == ".xls":
        raise SourceError.one(path, OLD_XLS)
    else:
        raise SourceError.one(path, f"unsupported file type {suffix!r}; "
                                    "use .csv, .parquet or .xlsx")
    return _map_headers(frame, table, path)


DELIMITED = (".csv", ".tsv", ".txt")
OLD_XLS = ("an Excel 97-2003 workbook (.xls); open it in Excel and 'Save As' "
           "'Excel Workbook (.xlsx)'")


def _sniff(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(8)


def _kind_of(head: bytes) -> str:
    """What the first bytes say a file really is, whatever its name."""
    if head.startswith(b"PAR1"):
        return "Parquet"
    if head.startswith(b"PK\x03\x04"):
        return "Excel (.xlsx) or another zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "Excel 97-2003 (.xls)"
    if head.startswith(b"%PDF"):
        return "PDF"
    return "text (CSV?)"


def _decode(path: Path, data: bytes) -> tuple[str, bytes]:
    """The text of a file, and the same text as UTF-8 bytes without a byte-order mark."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(data) >= 4 and (data[1:4:2] == b"\0\0" or data[0:4:2] == b"\0\0")
    ):
        # UTF-16 (Excel's "Unicode Text"), with or without a byte-order mark: without
        # one, every other byte of the ASCII header is zero.
        codec = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-le" if data[1] == 0 else "utf-16-be")
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise SourceError.one(path, "the file is UTF-16 but damaged (cut short?)") from None
        return text, text.encode("utf-8")
    if b"\0" in data[:4096]:
        raise SourceError.one(path, "a binary file, not text: save it as CSV UTF-8")
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError.one(
            path,
            f"not UTF-8 text ({_guess_legacy(data)}). Convert it to Unicode: in Unikey use "
            "'Công cụ chuyển mã' (source TCVN3/VNI/Windows-1258, target Unicode), or in Excel "
            "'Save As' > 'CSV UTF-8' / 'Unicode Text'",
            row=line,
        ) from None


def _guess_legacy(data: bytes) -> str:
    """Name the legacy Vietnamese encoding a file most likely uses (for the message)."""
    high = [b for b in data if b >= 0x80]
    if not high:
        return "unknown encoding"
    # Windows-1258 writes tones as combining marks 0xCC 0xD2 0xDE 0xEC 0xF2.
    tones = sum(b in (0xCC, 0xD2, 0xDE, 0xEC, 0xF2) for b in high)
    # VNI writes a letter then an accent byte in 0xD8-0xFF after ASCII vowels.
    vni = len(re.findall(rb"[aeiouyAEIOUY][\xd8-\xff]", data))
    if tones / len(high) > 0.3:
        return "looks like Windows-1258"
    if vni / len(high) > 0.5:
        return "looks like VNI"
    return "looks like TCVN3 (ABC)"


def _separator(text: str) -> str:
    """The separator of the header line: the most frequent of , ; tab outside quotes."""
    end = text.find("\n")
    first = re.sub(r'"[^"]*"', "", text[: end if end >= 0 else len(text)])
    return max([",", ";", "\t"], key=first.count)


def _read_csv(path: Path) -> pd.DataFrame:
    import pyarrow.csv as pcsv

    data = path.read_bytes()
    kind = _kind_of(data[:8])
    if kind != "text (CSV?)":
        raise SourceError.one(path, f"this is not a CSV file but {kind}: rename it or save "
                                    "it again as CSV UTF-8")
    text, data = _decode(path, data)
    if not text or text.isspace():
        raise SourceError.one(path, "the file is empty (not even a header row)")
    sep = _separator(text)
    bad: list[tuple[int, int, int, str]] = []

    def invalid(row: pcsv.InvalidRow) -> str:
        bad.append((row.number, row.expected_columns, row.actual_columns, row.text))
        return "skip"

    try:
        parsed = pcsv.read_csv(
            pa.BufferReader(data),
            read_options=pcsv.ReadOptions(autogenerate_column_names=True, use_threads=False,
                                          block_size=1 << 24),
            parse_options=pcsv.ParseOptions(delimiter=sep, ignore_empty_lines=False,
                                            newlines_in_values=True,
                                            invalid_row_handler=invalid),
            convert_options=pcsv.ConvertOptions(
                column_types=_all_text(text, sep), strings_can_be_null=False,
                quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid as exc:
        raise SourceError.one(path, f"cannot split the rows into columns: {exc}") from None
    problems = [
        Problem(str(path), f"the row has {got} cells but the header has {want} "
                           "(a stray separator, or a value with a separator not in quotes?)",
                number)
        for number, want, got, line in bad if line.strip()
    ]
    if problems:
        raise SourceError(problems)
    header = [str(h) for h in parsed.slice(0, 1).to_pylist()[0].values()] if parsed.num_rows else []
    body = parsed.slice(1)
    # Row numbers of the kept rows: the physical rows, minus those skipped above.
    numbers = np.arange(2, body.num_rows + 2 + len(bad))
    if bad:
        numbers = np.setdiff1d(numbers, [b[0] for b in bad], assume_unique=True)
    frame = pd.DataFrame(
        {i: pd.Series(body.column(i), dtype="string[pyarrow]") for i in range(len(header))}
    )
    frame.columns = header
    frame.index = pd.Index(numbers[: len(frame)] - first_row())
    return _drop_blank_rows(frame)


def _all_text(text: str, sep: str) -> dict[str, pa.DataType]:
    """Column types for the CSV reader: every column as text (autogenerated f0, f1, …)."""
    import csv

    end = text.find("\n")
    line = text[: end if end >= 0 else len(text)].lstrip("\ufeff")
    count = max(len(next(csv.reader([line], delimiter=sep), [])), 1)
    return {f"f{i}": pa.string() for i in range(count + 64)}


def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with nothing in any cell are not data; keep the others' row numbers."""
    if frame.empty or frame.shape[1] == 0:
        return frame
    blank = np.ones(len(frame), dtype=bool)
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        blank &= (column.isna() | (column.astype("string[pyarrow]").str.strip() == "")
                  ).to_numpy(dtype=bool)
        if not blank.any():
            return frame
    return frame.loc[~blank]


def _read_excel(path: Path, table: Table, head: bytes) -> pd.DataFrame:
    kind = _kind_of(head)
    if kind == "Excel 97-2003 (.xls)":
        raise SourceError.one(path, OLD_XLS)
    if kind != "Excel (.xlsx) or another zip":
        raise SourceError.one(
            path, f"this is not an Excel workbook but {kind}: rename it to its real type "
                  "(.csv, .parquet) or open it in Excel and 'Save As' .xlsx")
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        wanted = {fold_header(table.name), fold_header(table.label_vi)}
        visible = [m.name for m in book.sheets_metadata
                   if str(m.visible).rsplit(".", 1)[-1].lower() == "visible"]
        names = visible or book.sheet_names
        sheet = next((s for s in book.sheet_names if fold_header(s) in wanted), names[0])
        rows = iter(book.get_sheet_by_name(sheet).iter_rows())
        # Row i of the iteration is sheet row i + 1, empty rows above the data included.
        top, header = next(((i, r) for i, r in enumerate(rows)
                            if any(c not in ("", None) for c in r)), (None, None))
        if header is None:
            raise SourceError.one(path, f"sheet {sheet!r} is empty (not even a header row)")
        width = len(header)
        columns: list[list[pa.Array]] = [[] for _ in range(width)]
        while batch := list(itertools.islice(rows, 65536)):
            # Column by column, a batch at a time: no Python object per cell outlives it.
            for j, values in enumerate(itertools.zip_longest(*batch, fillvalue=None)):
                if j < width:
                    columns[j].append(pa.array(_excel_column(values), type=pa.string()))
    except SourceError:
        raise
    except Exception as exc:  # calamine raises its own error types per format problem
        raise SourceError.one(
            path, f"not a readable Excel workbook (damaged, or not saved by Excel?): {exc}"
        ) from None
    frame = pd.DataFrame({j: pd.Series(pa.chunked_array(columns[j], type=pa.string()),
                                       dtype="string[pyarrow]") for j in range(width)})
    frame.columns = [_excel_cell(c).strip() for c in header]
    # Sheet row k (1-based) is index k - 2: rows are named as Excel numbers them, even
    # when the header is not in row 1.
    frame.index = pd.RangeIndex(top, top + len(frame))
    return _drop_blank_rows(frame)


def _excel_column(values: tuple[object, ...]) -> list[str]:
    if all(type(v) is str for v in values):
        return list(values)
    return [_excel_cell(v) for v in values]


def _excel_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_parquet(path: Path, head: bytes) -> pd.DataFrame:
    import pyarrow.parquet as pq

    kind = _kind_of(head)
    if kind != "Parquet":
        raise SourceError.one(path, f"this is not a Parquet file but {kind}: rename it to its "
                                    "real type (.csv, .xlsx)")
    try:
        # ParquetFile, not read_table: a file with a column twice is read, then reported.
        table = pq.ParquetFile(path).read()
    except (pa.ArrowException, OSError) as exc:
        raise SourceError.one(
            path, f"not a readable Parquet file (damaged, truncated or renamed?): {exc}"
        ) from None
    names = [str(c) for c in table.column_names]
    keep = [i for i, n in enumerate(names) if not n.startswith("__index_level_")]
    table = pa.Table.from_arrays([table.column(i) for i in keep], names=[f"c{i}" for i in keep])
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow"),
                                          pa.large_string(): pd.StringDtype("pyarrow")}.get,
                            date_as_object=False)
    frame.columns = [names[i] for i in keep]  # a pandas index saved as a column is dropped
    return frame.reset_index(drop=True)


def _map_headers(frame: pd.DataFrame, table: Table, path: Path) -> pd.DataFrame:
    aliases = table.header_aliases()
    problems: list[Problem] = []
    mapped: list[str] = []
    keep: list[int] = []
    for position, header in enumerate(frame.columns):
        header = str(header).strip()
        name = aliases.get(fold_header(header))
        if not header:
            if not _is_blank(frame.iloc[:, position]).all():
                problems.append(Problem(str(path), f"column {position + 1} has values but "
                                                   "no header", 1))
            continue  # an empty trailing column (a separator at the end of each line)
        keep.append(position)
        if name is None:
            close = difflib.get_close_matches(
                fold_header(header), [fold_header(c) for c in table.column_names], n=1
            )
            hint = f"; did you mean '{close[0].replace(' ', '_')}'?" if close else ""
            allowed = ", ".join(table.column_names)
            problems.append(Problem(str(path), f"unknown column{hint} (expected: {allowed})",
                                    1, header))
            mapped.append(header)
        elif name in mapped:
            problems.append(Problem(str(path), "the column appears twice", 1, header))
            mapped.append(f"{name}#dup")
        else:
            mapped.append(name)
    for column in table.columns:
        if column.required and column.name not in mapped:
            problems.append(Problem(
                str(path), f"missing column (header '{column.name}' or '{column.label_vi}')",
                1, column.name))
    if problems:
        raise SourceError(problems)
    frame = frame.iloc[:, keep]
    frame.columns = mapped
    return frame


# --------------------------------------------------------------------------- validation


@dataclass
class _Checker:
    path: str
    problems: list[Problem] = field(default_factory=list)
    #: spreadsheet row number of each row, by position (default: position + 2)
    numbers: np.ndarray | None = None

    def row_number(self, position: int) -> int:
        if self.numbers is None:
            return int(position) + first_row()
        return int(self.numbers[position])

    def rows(self, mask: np.ndarray | pd.Series, column: str | None, message: str,
             values: pd.Series | None = None) -> None:
        """Record one problem per flagged row (the first few, then a count)."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        for i in idx[:MAX_ROWS_PER_PROBLEM]:
            value = None if values is None else values.iloc[i]
            self.problems.append(Problem(self.path, message, self.row_number(i), column,
                                         None if value is None or value is pd.NA else str(value)))
        if len(idx) > MAX_ROWS_PER_PROBLEM:
            self.problems.append(Problem(
                self.path, f"{message}: {len(idx) - MAX_ROWS_PER_PROBLEM} more rows like this",
                None, column))


def _as_text(series: pd.Series) -> pd.Series:
    """Text cells stripped and NFC-normalised; empty cells become <NA>."""
    arr = pa.array(series.astype("string[pyarrow]"))
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = pc.utf8_trim_whitespace(arr)
    if not pc.all(pc.string_is_ascii(arr)).as_py():
        arr = pc.utf8_normalize(arr, "NFC")
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return pd.Series(arr, index=series.index, dtype=pd.ArrowDtype(pa.string())).astype(
        "string[pyarrow]"
    )


#: Latin-1 letters and signs that Vietnamese never uses, but text typed with the legacy
#: TCVN3 (.Vn fonts) or VNI fonts shows once read as Unicode: "Hå s¬" for "Hồ sơ".
_LEGACY_FONT_CHARS = (r"[\x{80}-\x{9f}\x{a1}-\x{bf}\x{c4}-\x{c7}\x{cb}\x{ce}-\x{d1}"
                      r"\x{d6}-\x{d8}\x{db}\x{dc}\x{de}-\x{df}\x{e4}-\x{e7}\x{eb}"
                      r"\x{ee}-\x{f1}\x{f6}-\x{f8}\x{fb}\x{fc}\x{fe}\x{ff}]")
#: Letters only real Unicode Vietnamese has (ă đ ĩ ũ ơ ư and the tone-marked vowels).
_UNICODE_VIETNAMESE = (r"[\x{102}\x{103}\x{110}\x{111}\x{128}\x{129}\x{168}\x{169}"
                       r"\x{1a0}\x{1a1}\x{1af}\x{1b0}\x{1ea0}-\x{1ef9}]")
LEGACY_FONT_MESSAGE = (
    "text typed in a legacy Vietnamese font encoding (TCVN3 .Vn fonts or VNI), not "
    "Unicode. Convert the file with Unikey's 'Công cụ chuyển mã' (source TCVN3 or VNI, "
    "target Unicode) and send it again")


def _legacy_font_text(text: pd.Series) -> np.ndarray:
    """Cells whose letters are those of a legacy font encoding, with no Unicode Vietnamese."""
    arr = pa.array(text, type=pa.string())
    if pc.all(pc.fill_null(pc.string_is_ascii(arr), True)).as_py():
        return np.zeros(len(text), dtype=bool)
    legacy = pc.match_substring_regex(arr, _LEGACY_FONT_CHARS)
    unicode = pc.match_substring_regex(arr, _UNICODE_VIETNAMESE)
    flagged = pc.and_(legacy, pc.invert(unicode))
    return pc.fill_null(flagged, False).to_numpy(zero_copy_only=False)


def _convert(series: pd.Series, column: Column, check: _Checker) -> pd.Series:
    """Convert one column to its dictionary type, recording bad cells."""
    kind = column.type
    dtype = series.dtype
    if kind == "boolean" and pd.api.types.is_bool_dtype(dtype):
        return series.astype("boolean")
    if kind in ("integer", "year") and pd.api.types.is_integer_dtype(dtype):
        return series.astype("Int64")
    if (kind == "number" and pd.api.types.is_numeric_dtype(dtype)
            and not pd.api.types.is_bool_dtype(dtype)):
        return series.astype("Float64")
    if kind == "date" and pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(series.dt, "tz", None):
            series = series.dt.tz_localize(None)
        # nanosecond timestamps end in 2262: a typed date far outside is a typing error
        outside = ((series < pd.Timestamp("1900-01-01")) | (series > pd.Timestamp("2200-12-31"))
                   ).fillna(False).to_numpy()
        check.rows(outside, column.name, "expected a date as YYYY-MM-DD or dd/mm/yyyy",
                   series.astype(str))
        return series.where(~outside).dt.normalize().astype("datetime64[ns]")
    if kind == "date" and dtype == np.dtype(object):
        series = series.map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)

    text = _as_text(series)
    present = text.notna().to_numpy()
    if kind == "string":
        check.rows(_legacy_font_text(text), column.name, LEGACY_FONT_MESSAGE, text)
        return text
    if kind == "enum":
        allowed = {fold_header(a): a for a in column.allowed or ()}
        out, bad = _by_value(text, lambda v: allowed.get(fold_header(v)), "string[pyarrow]")
        check.rows(bad, column.name, f"not one of {', '.join(column.allowed or ())}", text)
        return out
    if kind == "boolean":
        words = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
        out, bad = _by_value(text, lambda v: words.get(v.casefold()), "boolean")
        if not column.nullable and (text.str.lower() == "x").any():
            out[~present] = False  # the "x marks yes" convention: an empty cell is no
        check.rows(bad, column.name, "expected yes/no (true/false, 1/0, Có/Không, x)", text)
        return out
    if kind in ("integer", "year"):
        try:  # the common case, every cell a plain whole number: no Python per cell
            return pd.Series(pc.cast(pa.array(text, type=pa.string()), pa.int64()),
                             index=text.index, dtype="Int64")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        numbers = pd.to_numeric(text.str.replace(r"\.0+$", "", regex=True), errors="coerce")
        ok = numbers.notna().to_numpy() & np.isclose(numbers.fillna(0) % 1, 0)
        bad = present & ~ok
        check.rows(bad, column.name, "expected a whole number" if kind == "integer"
                   else "expected a year such as 2024", text)
        return numbers.where(ok).round().astype("Int64")
    if kind == "number":
        numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
        bad = present & numbers.isna().to_numpy()
        check.rows(bad, column.name, "expected a number", text)
        return numbers.astype("Float64")
    if kind == "date":
        out, bad = _by_value(text, _parse_date, "datetime64[ns]")
        check.rows(bad, column.name, "expected a date as YYYY-MM-DD or dd/mm/yyyy", text)
        return out
    if kind == "period":
        out, bad = _by_value(text, _parse_quarter, "string[pyarrow]")
        check.rows(bad, column.name, "expected a quarter such as 2024Q3", text)
        return out
    raise AssertionError(kind)


def _by_value(text: pd.Series, parse, dtype: str) -> tuple[pd.Series, np.ndarray]:
    """Parse each distinct value once (codes, channels, dates repeat), then spread.

    ``parse`` returns the typed value or None; returns the typed column and the mask of
    cells present but unreadable.
    """
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    parsed = [parse(v) for v in uniques]
    if dtype == "datetime64[ns]":
        values = pd.array(pd.to_datetime(pd.Series(parsed, dtype=object)), dtype=dtype)
    else:
        values = pd.array(parsed, dtype=dtype)
    bad_unique = np.array([p is None for p in parsed] + [False], dtype=bool)
    out = pd.Series(values.take(codes, allow_fill=True), index=text.index)
    return out, bad_unique[np.where(codes < 0, len(parsed), codes)]


def _parse_date(value: str) -> dt.datetime | None:
    """ISO (``2024-03-05``, with or without a midnight time) or ``dd/mm/yyyy``."""
    try:
        if _ISO_DATE.match(value):
            parsed = dt.datetime.strptime(value[:10], "%Y-%m-%d")
        elif match := _DMY_DATE.match(value):
            day, month, year = (int(g) for g in match.groups())
            parsed = dt.datetime(year, month, day)
        else:
            return None
    except ValueError:
        return None
    return parsed if 1900 <= parsed.year <= 2200 else None  # a typo, not a date we track


def _parse_quarter(value: str) -> str | None:
    normal = re.sub(r"\s+", "", value).upper().replace("-", "")
    return normal if _QUARTER.match(normal) else None


def validate_frame(frame: pd.DataFrame, table: Table, path: str | Path,
                   unit_ids: Iterable[str] | None = None,
                   today: dt.date | None = None) -> pd.DataFrame:
    """Type and check a raw frame against the dictionary; raise every problem at once.

    Returns the columns in dictionary order (optional absent columns are added empty).
    """
    typed, problems = check_frame(frame, table, path, unit_ids, today)
    if problems:
        raise SourceError(problems)
    return typed


def check_frame(frame: pd.DataFrame, table: Table, path: str | Path,
                unit_ids: Iterable[str] | None = None,
                today: dt.date | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Like :func:`validate_frame`, but return the problems instead of raising them.

    The typed frame holds <NA> where a cell could not be read, so that checks made after
    this one (periods, closed periods, the store) can still run on the other cells.

    >>> from cchc.dictionary import load_dictionary
    >>> table = load_dictionary().table("meetings")
    >>> raw = pd.DataFrame({"unit_id": ["a"], "period": ["2024Q3"], "meetings": ["2"],
    ...                     "via_system": ["3"]})
    >>> [p.message for p in check_frame(raw, table, "meetings.csv")[1]]
    ['larger than meetings']
    """
    check = _Checker(str(path), numbers=_row_numbers(frame.index))
    out: dict[str, pd.Series] = {}
    for column in table.columns:
        if column.name not in frame:
            out[column.name] = _empty(column, frame.index)
            continue
        converted = _convert(frame[column.name], column, check)
        if not column.nullable:
            raw = frame[column.name]
            missing = converted.isna().to_numpy() & _is_blank(raw)
            check.rows(missing, column.name, "empty cell; a value is required")
        out[column.name] = converted
    typed = pd.DataFrame(out, index=frame.index)
    _check_rows(typed, table, check, unit_ids, today or dt.date.today())
    return typed.reset_index(drop=True), check.problems


def row_problems(path: str | Path, mask: np.ndarray | pd.Series, column: str | None,
                 message: str, values: pd.Series | None = None,
                 index: pd.Index | None = None) -> list[Problem]:
    """One problem per flagged row (the first few, then a count), rows as a sheet shows them.

    ``index`` is the raw frame's index from :func:`read_raw` (row numbers); without it
    row ``i`` is spreadsheet row ``i + 2``.
    """
    check = _Checker(str(path), numbers=None if index is None else _row_numbers(index))
    check.rows(mask, column, message, values)
    return check.problems


def _row_numbers(index: pd.Index) -> np.ndarray | None:
    """Spreadsheet row numbers from a reader's index (see :func:`read_raw`)."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return None
    if pd.api.types.is_integer_dtype(index.dtype):
        return index.to_numpy(dtype=np.int64) + first_row()
    return None


def _empty(column: Column, index: pd.Index) -> pd.Series:
    """An absent optional column, typed as if it had been read empty."""
    dtype = {"date": "datetime64[ns]", "boolean": "boolean", "integer": "Int64",
             "year": "Int64", "number": "Float64"}.get(column.type, "string[pyarrow]")
    return pd.Series(pd.NA if dtype != "datetime64[ns]" else pd.NaT, index=index, dtype=dtype)


def _is_blank(raw: pd.Series) -> np.ndarray:
    if pd.api.types.is_string_dtype(raw.dtype) or raw.dtype == object:
        return (raw.isna() | (raw.astype("string").str.strip() == "")).to_numpy()
    return raw.isna().to_numpy()


def _check_rows(typed: pd.DataFrame, table: Table, check: _Checker,
                unit_ids: Iterable[str] | None, today: dt.date) -> None:
    for column in table.columns:
        series = typed[column.name]
        if column.min is not None and column.type in ("integer", "number"):
            check.rows((series < column.min).fillna(False).to_numpy(), column.name,
                       f"must be at least {column.min:g}", series)
        if column.type == "year":
            check.rows(((series < 2000) | (series > today.year)).fillna(False).to_numpy(),
                       column.name, f"year outside 2000-{today.year}", series)
        if column.type == "date":
            future = (series > pd.Timestamp(today)).fillna(False).to_numpy()
            if future.any():  # formatting a million dates costs more than the check
                check.rows(future, column.name, "date in the future",
                           series.dt.strftime("%Y-%m-%d"))
        if column.type == "period":
            years = series.str.slice(0, 4).astype("Int64")
            check.rows((years > today.year).fillna(False).to_numpy(), column.name,
                       "period in the future", series)
        if column.at_most:
            over = (series > typed[column.at_most]).fillna(False).to_numpy()
            check.rows(over, column.name, f"larger than {column.at_most}", series)
        if column.references == "units" and unit_ids is not None:
            known = pd.Index(list(unit_ids))
            unknown = series.notna().to_numpy() & ~series.isin(known).to_numpy()
            check.rows(unknown, column.name, "unknown unit id (not in units)", series)
    key = list(table.key)
    if all(typed[k].notna().any() for k in key):
        dup = typed.duplicated(subset=key, keep="first").to_numpy()
        if dup.any():
            label = "duplicate id" if len(key) == 1 else f"duplicate ({', '.join(key)})"
            keys = typed[key].reset_index(drop=True)
            keys["_position"] = np.arange(len(keys))
            firsts = keys.drop_duplicates(subset=key, keep="first")
            first_of = keys.merge(firsts, on=key, how="left", suffixes=("", "_1"))[
                "_position_1"].to_numpy()
            idx = np.flatnonzero(dup)
            for i in idx[:MAX_ROWS_PER_PROBLEM]:
                check.problems.append(Problem(
                    check.path, f"{label}: same as row {check.row_number(first_of[i])}",
                    check.row_number(i), key[-1], str(typed[key[-1]].iloc[i])))
            if len(idx) > MAX_ROWS_PER_PROBLEM:
                check.problems.append(Problem(
                    check.path, f"{label}: {len(idx) - MAX_ROWS_PER_PROBLEM} more rows like this",
                    None, key[-1]))


def load_table(path: Path, name: str, unit_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Read and validate one table file; raise a SourceError listing every problem."""
    table = load_dictionary().table(name)
    raw = read_raw(path, table)
    return validate_frame(raw, table, path, unit_ids)


# --------------------------------------------------------------------------- a data folder


class Tables(Mapping[str, pd.DataFrame]):
    """Source tables by name; a table read as aggregates only is read in full on first use.

    A large Parquet table is validated and aggregated without building its DataFrame
    (:mod:`cchc.fastpath`); code that still wants the rows gets them from the pandas
    path, once, when it first asks.
    """

    def __init__(self, loaded: dict[str, pd.DataFrame],
                 deferred: dict[str, Callable[[], pd.DataFrame]] | None = None,
                 order: Iterable[str] | None = None):
        self._loaded = dict(loaded)
        self._deferred = dict(deferred or {})
        names = [*self._loaded, *self._deferred]
        self._order = [n for n in order if n in names] if order is not None else names

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self._deferred:
            self._loaded[name] = self._deferred.pop(name)()
        return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self._loaded or name in self._deferred

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __repr__(self) -> str:
        return f"Tables({', '.join(self._order)})"


@dataclass(frozen=True)
class Dataset:
    """A data folder, loaded: the unit tree and every source table present.

    ``aggregates`` holds, for a large Parquet table read by the fast path, the counts per
    unit and quarter the measures need (e.g. ``dossiers`` →
    :data:`cchc.measures.DOSSIER_COUNTS`); its rows are then read only if asked for.
    """

    directory: Path
    units: Units
    tables: Mapping[str, pd.DataFrame]
    files: dict[str, Path]
    absent: tuple[str, ...]
    synthetic: bool
    aggregates: dict[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)


def load_data(data_dir: str | Path, tables: Iterable[str] | None = None) -> Dataset:
    """Load ``units`` and the source tables of a data folder.

    A table that is absent makes its measures "no data" (logged as a warning). Every
    problem in every file is collected before raising one SourceError.

    >>> load_data("data/sample").units.root  # doctest: +SKIP
    'lao-cai'
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise SourceError.one(data_dir, "no such data folder")
    dictionary = load_dictionary()
    units_file = find_table_file(data_dir, "units")
    if units_file is None:
        raise SourceError.one(data_dir / "units.csv",
                              "missing: a data folder needs units.csv (or .parquet, .xlsx)")
    units_frame = load_table(units_file, "units")
    problems = []
    unit_ids = units_frame["unit_id"].dropna().tolist()
    units = validate_units(units_frame, units_file)
    wanted = [t for t in dictionary.table_names if t != "units"]
    if tables is not None:
        wanted = [t for t in wanted if t in set(tables)]
    loaded: dict[str, pd.DataFrame] = {}
    deferred: dict[str, Callable[[], pd.DataFrame]] = {}
    aggregates: dict[str, pd.DataFrame] = {}
    files: dict[str, Path] = {"units": units_file}
    absent: list[str] = []
    for name in wanted:
        try:
            path = find_table_file(data_dir, name)
            if path is None:
                absent.append(name)
                log.warning("%s: no %s table; its measures will show 'no data'", data_dir, name)
                continue
            files[name] = path
            counts = _aggregate_fast(path, name, unit_ids)
            if counts is not None:
                aggregates[name] = counts
                deferred[name] = functools.partial(load_table, path, name, unit_ids)
                continue
            loaded[name] = load_table(path, name, unit_ids)
        except SourceError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SourceError(problems)
    return Dataset(data_dir, units, Tables(loaded, deferred, wanted), files, tuple(absent),
                   (data_dir / SYNTHETIC_MARKER).exists(), aggregates)


def _aggregate_fast(path: Path, name: str, unit_ids: list[str]) -> pd.DataFrame | None:
    """The fast path's counts for a large Parquet table, or None: read it the usual way."""
    from . import fastpath  # imports this module

    if not fastpath.applies(path, name):
        return None
    return fastpath.aggregate_table(path, load_dictionary().table(name), unit_ids)


def validate_units(frame: pd.DataFrame, path: str | Path) -> Units:
    """Check a typed units table as a tree (parents, successors, levels) and wrap it."""
    _check_unit_refs(frame, Path(path))
    return Units.from_frame(frame, str(path))


def _check_unit_refs(frame: pd.DataFrame, path: Path) -> None:
    check = _Checker(str(path))
    known = set(frame["unit_id"].dropna())
    for column in ("parent_id", "successor_id"):
        if column in frame:
            series = frame[column]
            bad = series.notna().to_numpy() & ~series.isin(known).to_numpy()
            check.rows(bad, column, "unknown unit id (not in this file)", series)
    if check.problems:
        raise SourceError(check.problems)
