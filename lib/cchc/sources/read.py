"""Reading agencies' files as they are: CSV, Parquet or Excel → raw text tables.

All file input of the project goes through :mod:`cchc.sources`; this module finds a
table's file in a folder, reads it (CSV and Excel as text cells, Parquet with its own
types) and maps its headers (English or Vietnamese) to the dictionary's column names.
Typing and checking the cells is :mod:`cchc.sources.validate`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import itertools
import os
import re
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.errors import SourceError, problem
from cchc.messages import Key
from cchc.spec.dictionary import Alias, Table, fold_header

SUFFIXES = (".csv", ".parquet", ".xlsx", ".tsv", ".txt")
SYNTHETIC_MARKER = "SYNTHETIC.md"
MAX_ROWS_PER_PROBLEM = 20  # then one line says how many more rows share it


def input_files(data_dir: str | Path) -> list[Path]:
    """The files of a data folder that feed an evaluation: its table files and its
    synthetic-data marker, sorted by name (for fingerprints and run manifests)."""
    return sorted(p for p in Path(data_dir).iterdir()
                  if p.is_file() and (p.suffix.lower() in SUFFIXES or p.name == SYNTHETIC_MARKER))


def first_row() -> int:
    """Row number of the first data row as a spreadsheet shows it (header = row 1)."""
    return 2


# --------------------------------------------------------------------------- finding files


def find_table_file(data_dir: Path, name: str) -> Path | None:
    """The one file holding table ``name`` in ``data_dir`` (None if absent).

    A name that is there but is no readable file (a folder, a broken or looping link) is
    a problem, not an absent table.
    """
    found = [data_dir / f"{name}{suffix}" for suffix in SUFFIXES]
    found = [p for p in found if os.path.lexists(p)]
    if len(found) > 1:
        raise SourceError.one(data_dir / name, "table_twice",
                              files=", ".join(p.name for p in found))
    if found:
        check_file(found[0])
    return found[0] if found else None


def check_file(path: Path) -> None:
    """Raise a SourceError unless ``path`` is a regular file this process may read.

    Links are followed (an agency's folder may link to a shared drive), but a link to
    nothing, a loop of links, a folder, a device or a pipe are each named as such.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError.one(path, "link_loop") from None
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise SourceError.one(path, "link_dangling", target=os.readlink(path)) from None
        raise SourceError.one(path, "cannot_read", reason=exc.strerror) from None
    if stat.S_ISDIR(mode):
        raise SourceError.one(path, "is_a_folder")
    if not stat.S_ISREG(mode):
        raise SourceError.one(path, "not_a_regular_file")
    if not os.access(path, os.R_OK):
        raise SourceError.one(path, "cannot_read", reason=os.strerror(errno.EACCES))


# --------------------------------------------------------------------------- raw reading


def read_raw(path: Path, table: Table) -> pd.DataFrame:
    """Read a file as it is: CSV and Excel as text cells, Parquet with its own types.

    Headers are mapped to canonical column names (English or Vietnamese accepted). The
    index holds each row's spreadsheet row number minus 2 (the header is row 1), so that
    blank rows skipped on the way do not shift the rows named in messages.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    check_file(path)
    try:
        head = _sniff(path)
    except OSError as exc:
        raise SourceError.one(path, "cannot_read", reason=exc.strerror) from None
    if suffix in DELIMITED:
        frame = _read_csv(path)
    elif suffix == ".xlsx":
        frame = _read_excel(path, table, head)
    elif suffix == ".parquet":
        frame = _read_parquet(path, head)
    elif suffix == ".xls":
        raise SourceError.one(path, "old_xls")
    else:
        raise SourceError.one(path, "unsupported_type", suffix=repr(suffix))
    return map_headers(frame, table, path)


DELIMITED = (".csv", ".tsv", ".txt")
def _sniff(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(8)


def _kind_of(head: bytes) -> str:
    """What the first bytes say a file really is, whatever its name (a message key)."""
    if head.startswith(b"PAR1"):
        return "filekind.parquet"
    if head.startswith(b"PK\x03\x04"):
        return "filekind.xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "filekind.xls"
    if head.startswith(b"%PDF"):
        return "filekind.pdf"
    return "filekind.text"


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
            raise SourceError.one(path, "utf16_damaged") from None
        return text, text.encode("utf-8")
    if b"\0" in data[:4096]:
        raise SourceError.one(path, "binary_not_text")
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError.one(path, "not_utf8", row=line, guess=Key(_guess_legacy(data))
                              ) from None


def _guess_legacy(data: bytes) -> str:
    """The legacy Vietnamese encoding a file most likely uses (a message key)."""
    high = [b for b in data if b >= 0x80]
    if not high:
        return "encoding.unknown"
    # Windows-1258 writes tones as combining marks 0xCC 0xD2 0xDE 0xEC 0xF2.
    tones = sum(b in (0xCC, 0xD2, 0xDE, 0xEC, 0xF2) for b in high)
    # VNI writes a letter then an accent byte in 0xD8-0xFF after ASCII vowels.
    vni = len(re.findall(rb"[aeiouyAEIOUY][\xd8-\xff]", data))
    if tones / len(high) > 0.3:
        return "encoding.windows1258"
    if vni / len(high) > 0.5:
        return "encoding.vni"
    return "encoding.tcvn3"


def _separator(text: str) -> str:
    """The separator of the header line: the most frequent of , ; tab outside quotes."""
    end = text.find("\n")
    first = re.sub(r'"[^"]*"', "", text[: end if end >= 0 else len(text)])
    return max([",", ";", "\t"], key=first.count)


def _read_csv(path: Path) -> pd.DataFrame:
    import pyarrow.csv as pcsv

    data = path.read_bytes()
    kind = _kind_of(data[:8])
    if kind != "filekind.text":
        raise SourceError.one(path, "not_csv", kind=Key(kind))
    text, data = _decode(path, data)
    if not text or text.isspace():
        raise SourceError.one(path, "file_empty")
    if "\r" in text and "\n" not in text:  # old Mac line ends: one line to every reader
        raise SourceError.one(path, "cr_line_ends")
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
        raise SourceError.one(path, "cannot_split", detail=str(exc)) from None
    problems = [
        problem(path, "row_width", row=number, got=got, want=want)
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
    line = text[: end if end >= 0 else len(text)].lstrip("\ufeff").rstrip("\r")
    try:
        count = max(len(next(csv.reader([line], delimiter=sep), [])), 1)
    except csv.Error:  # a line break inside the header's cells: the reader will say
        count = max(line.count(sep) + 1, 1)
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
    if kind == "filekind.xls":
        raise SourceError.one(path, "old_xls")
    if kind != "filekind.xlsx":
        raise SourceError.one(path, "not_excel", kind=Key(kind))
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
            raise SourceError.one(path, "sheet_empty", sheet=repr(sheet))
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
        raise SourceError.one(path, "excel_unreadable", detail=str(exc)) from None
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
    if kind != "filekind.parquet":
        raise SourceError.one(path, "not_parquet", kind=Key(kind))
    try:
        # ParquetFile, not read_table: a file with a column twice is read, then reported.
        table = pq.ParquetFile(path).read()
    except (pa.ArrowException, OSError) as exc:
        raise SourceError.one(path, "parquet_unreadable", detail=str(exc)) from None
    names = [str(c) for c in table.column_names]
    keep = [i for i, n in enumerate(names) if not n.startswith("__index_level_")]
    table = pa.Table.from_arrays([table.column(i) for i in keep], names=[f"c{i}" for i in keep])
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow"),
                                          pa.large_string(): pd.StringDtype("pyarrow")}.get,
                            date_as_object=False)
    frame.columns = [names[i] for i in keep]  # a pandas index saved as a column is dropped
    return frame.reset_index(drop=True)


def map_headers(frame: pd.DataFrame, table: Table, path: Path, recode: bool = True
                ) -> pd.DataFrame:
    """Name the columns as the dictionary does; every header problem raised at once.

    A header may be the English name, the Vietnamese label or an alias (another system's
    field name, :class:`~cchc.spec.dictionary.Alias`); an alias's coded values (the
    one-stop system's ``KenhThucHien`` ``1/2/3``) are recoded to the dictionary's values
    unless ``recode`` is false (the fast path probes headers only).
    """
    aliases = table.header_aliases()
    problems: list = []
    mapped: list[str] = []
    keep: list[int] = []
    for position, header in enumerate(frame.columns):
        header = str(header).strip()
        name = aliases.get(fold_header(header))
        if not header:
            if not is_blank(frame.iloc[:, position]).all():
                problems.append(problem(path, "no_header", row=1, position=position + 1))
            continue  # an empty trailing column (a separator at the end of each line)
        keep.append(position)
        if name is None:
            close = difflib.get_close_matches(
                fold_header(header), [fold_header(c) for c in table.column_names], n=1
            )
            allowed = ", ".join(table.column_names)
            if close:
                problems.append(problem(path, "unknown_column_hint", row=1, column=header,
                                        close=repr(close[0].replace(" ", "_")),
                                        expected=allowed))
            else:
                problems.append(problem(path, "unknown_column", row=1, column=header,
                                        expected=allowed))
            mapped.append(header)
        elif name in mapped:
            problems.append(problem(path, "column_twice", row=1, column=header))
            mapped.append(f"{name}#dup")
        else:
            mapped.append(name)
    for column in table.columns:
        if column.required and column.name not in mapped:
            problems.append(problem(path, "missing_column", row=1, column=column.name,
                                    name=repr(column.name), label=repr(column.label_vi)))
    if problems:
        raise SourceError(problems)
    headers = [str(frame.columns[i]).strip() for i in keep]
    frame = frame.iloc[:, keep]
    frame.columns = mapped
    # where each column is in the file, for messages: its header there and its letter
    frame.attrs["headers"] = {name: (header, column_letter(position + 1))
                              for name, header, position in zip(mapped, headers, keep,
                                                                strict=True)}
    if recode:
        for name, header in zip(mapped, headers, strict=True):
            alias = table.alias_of(header)
            if alias is not None and alias.recodes:
                frame[name] = recode_values(frame[name], alias)
    return frame


def column_letter(number: int) -> str:
    """The letters Excel gives the ``number``-th column (1 → A, 27 → AA).

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def recode_values(raw: pd.Series, alias: Alias) -> pd.Series:
    """Another system's coded values as the dictionary's (text cells, typed afterwards).

    Each distinct value is looked up once (a code repeats millions of times).

    >>> from cchc.spec.dictionary import load_dictionary
    >>> alias = load_dictionary().table("dossiers").alias_of("KenhThucHien")
    >>> recode_values(pd.Series(["2", "", "1", "3", "9"]), alias).tolist()
    ['online', 'direct', 'direct', 'postal', '9']
    """
    series = raw
    if pd.api.types.is_bool_dtype(series.dtype):
        series = series.map({True: "true", False: "false"})
    elif pd.api.types.is_numeric_dtype(series.dtype):
        numbers = series.astype("Float64")
        if ((numbers % 1) == 0).fillna(True).all():
            series = numbers.astype("Int64")
    text = series.astype("string[pyarrow]").str.strip()
    text = text.where(text != "")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    known = alias.codes or {}
    mapped = [known.get(v, alias.other if alias.other is not None else v) for v in uniques]
    values = np.array([*mapped, alias.blank], dtype=object)
    out = values[np.where(codes < 0, len(mapped), codes)]
    return pd.Series(out, index=raw.index, dtype="string[pyarrow]")


def is_blank(raw: pd.Series) -> np.ndarray:
    if pd.api.types.is_string_dtype(raw.dtype) or raw.dtype == object:
        return (raw.isna() | (raw.astype("string").str.strip() == "")).to_numpy()
    return raw.isna().to_numpy()


def data_updated(data_dir: str | Path):
    """The day the newest input file of a data folder (or of a store's current version)
    was written: the dashboard's "data as of" stamp; None for a folder without one.

    >>> data_updated(sample) is not None
    True
    """
    import datetime as dt

    from cchc.sources.store import resolve_store

    files = input_files(resolve_store(data_dir))
    if not files:
        return None
    newest = max(p.stat().st_mtime for p in files)
    return dt.datetime.fromtimestamp(newest, tz=dt.UTC).date()
