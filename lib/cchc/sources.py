"""Reading agencies' files: CSV, Parquet or Excel → validated, typed DataFrames.

All file input of the project goes through here. Every problem found is collected
(file, row as a spreadsheet shows it, column, value) and raised at once as a
:class:`~cchc.errors.SourceError`; nothing is returned half-validated.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import logging
import re
import unicodedata
from collections.abc import Iterable
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

SUFFIXES = (".csv", ".parquet", ".xlsx")
SYNTHETIC_MARKER = "SYNTHETIC.md"
MAX_ROWS_PER_PROBLEM = 20  # then one line says how many more rows share it

TRUE_WORDS = {"true", "1", "yes", "y", "có", "co", "x", "đúng", "c", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "không", "khong", "k", "sai", "f"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
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

    Headers are mapped to canonical column names (English or Vietnamese accepted).
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = _read_csv(path)
    elif suffix == ".xlsx":
        frame = _read_excel(path, table)
    elif suffix == ".parquet":
        frame = _read_parquet(path)
    else:
        raise SourceError.one(path, f"unsupported file type {suffix!r}; use .csv, .parquet or .xlsx")
    return _map_headers(frame, table, path)


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SourceError.one(path, "the file says UTF-16 but is damaged") from None
    try:
        return data.decode("utf-8")
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


def _read_csv(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    if not data.strip():
        raise SourceError.one(path, "the file is empty (not even a header row)")
    if data[:4] == b"PAR1" or data[:2] == b"PK":
        raise SourceError.one(path, "this is not a CSV file (Parquet or Excel renamed .csv?)")
    text = _decode(path, data)
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    sep = max([",", ";", "\t"], key=first.count)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_filter=False,
            skipinitialspace=False, engine="c",
        )
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise SourceError.one(
            path,
            f"cannot split the rows into columns: {exc}".replace("\n", " "),
            row=int(match.group(1)) if match else None,
        ) from None
    except pd.errors.EmptyDataError:
        raise SourceError.one(path, "the file is empty (not even a header row)") from None
    return frame


def _read_excel(path: Path, table: Table) -> pd.DataFrame:
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types per format problem
        hint = " (is it a CSV or another file renamed .xlsx?)"
        raise SourceError.one(path, f"not a readable Excel workbook{hint}: {exc}") from None
    wanted = {fold_header(table.name), fold_header(table.label_vi)}
    sheet = next((s for s in book.sheet_names if fold_header(s) in wanted), book.sheet_names[0])
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    rows = [r for r in rows if any(c not in ("", None) for c in r)]
    if not rows:
        raise SourceError.one(path, f"sheet {sheet!r} is empty (not even a header row)")
    header = [str(c).strip() for c in rows[0]]
    body = [[_excel_cell(c) for c in r] for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=str) if body else pd.DataFrame(
        columns=header, dtype=str
    )


def _excel_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_parquet(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise SourceError.one(
            path, f"not a readable Parquet file (damaged, truncated or renamed?): {exc}"
        ) from None
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow"),
                                         pa.large_string(): pd.StringDtype("pyarrow")}.get)


def _map_headers(frame: pd.DataFrame, table: Table, path: Path) -> pd.DataFrame:
    aliases = table.header_aliases()
    problems: list[Problem] = []
    mapped: list[str] = []
    for header in frame.columns:
        header = str(header)
        name = aliases.get(fold_header(header))
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
    frame.columns = mapped
    return frame


# --------------------------------------------------------------------------- validation


@dataclass
class _Checker:
    path: str
    problems: list[Problem] = field(default_factory=list)

    def rows(self, mask: np.ndarray | pd.Series, column: str | None, message: str,
             values: pd.Series | None = None) -> None:
        """Record one problem per flagged row (the first few, then a count)."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        for i in idx[:MAX_ROWS_PER_PROBLEM]:
            value = None if values is None else values.iloc[i]
            self.problems.append(Problem(self.path, message, int(i) + first_row(), column,
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


def _convert(series: pd.Series, column: Column, check: _Checker) -> pd.Series:
    """Convert one column to its dictionary type, recording bad cells."""
    kind = column.type
    dtype = series.dtype
    if kind == "boolean" and pd.api.types.is_bool_dtype(dtype):
        return series.astype("boolean")
    if kind in ("integer", "year") and pd.api.types.is_integer_dtype(dtype):
        return series.astype("Int64")
    if kind == "number" and pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        return series.astype("Float64")
    if kind == "date" and pd.api.types.is_datetime64_any_dtype(dtype):
        return series.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]") if getattr(
            series.dt, "tz", None) else series.dt.normalize().astype("datetime64[ns]")
    if kind == "date" and dtype == object:
        series = series.map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)

    text = _as_text(series)
    present = text.notna().to_numpy()
    if kind in ("string",):
        return text
    if kind == "enum":
        allowed = {fold_header(a): a for a in column.allowed or ()}
        folded = text.str.casefold().str.strip()
        out = folded.map(allowed, na_action="ignore").astype("string[pyarrow]")
        bad = present & out.isna().to_numpy()
        check.rows(bad, column.name, f"not one of {', '.join(column.allowed or ())}", text)
        return out
    if kind == "boolean":
        lower = text.str.casefold()
        out = pd.Series(pd.NA, index=text.index, dtype="boolean")
        out[lower.isin(TRUE_WORDS).fillna(False).to_numpy()] = True
        out[lower.isin(FALSE_WORDS).fillna(False).to_numpy()] = False
        if (lower == "x").any() and not column.nullable:
            out[~present] = False  # the "x marks yes" convention: an empty cell is no
        bad = present & out.isna().to_numpy()
        check.rows(bad, column.name, "expected yes/no (true/false, 1/0, Có/Không, x)", text)
        return out
    if kind in ("integer", "year"):
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
        return _parse_dates(text, present, column, check)
    if kind == "period":
        normal = text.str.replace(r"\s+", "", regex=True).str.upper().str.replace("-", "")
        ok = normal.str.match(_QUARTER).fillna(False).to_numpy()
        check.rows(present & ~ok, column.name, "expected a quarter such as 2024Q3", text)
        return normal.where(ok).astype("string[pyarrow]")
    raise AssertionError(kind)


def _parse_dates(text: pd.Series, present: np.ndarray, column: Column,
                 check: _Checker) -> pd.Series:
    iso = text.str.match(_ISO_DATE).fillna(False).to_numpy()
    out = pd.to_datetime(text.where(iso).str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    rest = present & ~iso
    if rest.any():
        parts = text[rest].str.extract(_DMY_DATE)
        assembled = parts[2] + "-" + parts[1].str.zfill(2) + "-" + parts[0].str.zfill(2)
        out.loc[rest] = pd.to_datetime(assembled, format="%Y-%m-%d", errors="coerce")
    bad = present & out.isna().to_numpy()
    check.rows(bad, column.name, "expected a date as YYYY-MM-DD or dd/mm/yyyy", text)
    return out.astype("datetime64[ns]")


def validate_frame(frame: pd.DataFrame, table: Table, path: str | Path,
                   unit_ids: Iterable[str] | None = None,
                   today: dt.date | None = None) -> pd.DataFrame:
    """Type and check a raw frame against the dictionary; raise every problem at once.

    Returns the columns in dictionary order (optional absent columns are added empty).
    """
    check = _Checker(str(path))
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
    if check.problems:
        raise SourceError(check.problems)
    return typed.reset_index(drop=True)


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
            check.rows((series > pd.Timestamp(today)).fillna(False).to_numpy(), column.name,
                       "date in the future", series.dt.strftime("%Y-%m-%d"))
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
            firsts = typed.drop_duplicates(subset=key, keep="first").reset_index()
            where = typed.reset_index().merge(firsts, on=key, how="left", suffixes=("", "_1"))
            first_row_no = where["index_1"].to_numpy() + first_row()
            idx = np.flatnonzero(dup)
            for i in idx[:MAX_ROWS_PER_PROBLEM]:
                check.problems.append(Problem(
                    check.path, f"{label}: same as row {int(first_row_no[i])}",
                    int(i) + first_row(), key[-1], str(typed[key[-1]].iloc[i])))
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


@dataclass(frozen=True)
class Dataset:
    """A data folder, loaded: the unit tree and every source table present."""

    directory: Path
    units: Units
    tables: dict[str, pd.DataFrame]
    files: dict[str, Path]
    absent: tuple[str, ...]
    synthetic: bool

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
    try:
        unit_ids = units_frame["unit_id"].dropna().tolist()
        _check_unit_refs(units_frame, units_file)
        units = Units.from_frame(units_frame, str(units_file))
    except SourceError as exc:
        raise exc from None
    wanted = [t for t in dictionary.table_names if t != "units"]
    if tables is not None:
        wanted = [t for t in wanted if t in set(tables)]
    loaded: dict[str, pd.DataFrame] = {}
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
            loaded[name] = load_table(path, name, unit_ids)
        except SourceError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SourceError(problems)
    return Dataset(data_dir, units, loaded, files, tuple(absent),
                   (data_dir / SYNTHETIC_MARKER).exists())


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
