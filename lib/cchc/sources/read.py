"""Reading agencies' files as they are: CSV, Parquet or Excel → raw text tables.

All file input of the project goes through :mod:`cchc.sources`; this module finds a
table's file in a folder, reads it (CSV and Excel as text cells, Parquet with its own
types) and maps its headers (English or Vietnamese) to the dictionary's column names.
Typing and checking the cells is :mod:`cchc.sources.validate`.

A table is one file ``NAME.csv`` (``.parquet``, ``.xlsx``, …) or a *partitioned* folder
``NAME/`` of Parquet files, hive-style (``dossiers/province=15/year=2025/part-0.parquet``,
any depth of ``key=value`` folders): its rows are those of every ``*.parquet`` file under
it, in sorted path order, all of one schema. The partition keys are not columns (the
rows carry their own ``unit_id`` and dates). Problems name the part file and the row
within it (:func:`localise`). See ``docs/partitioned_tables.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import errno
import hashlib
import itertools
import os
import re
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.errors import Problem, SourceError, problem
from cchc.files import file_sha256
from cchc.messages import Key
from cchc.spec.dictionary import Alias, Table, fold_header

SUFFIXES = (".csv", ".parquet", ".xlsx", ".tsv", ".txt")
SYNTHETIC_MARKER = "SYNTHETIC.md"
MAX_ROWS_PER_PROBLEM = 20  # then one line says how many more rows share it


def input_files(data_dir: str | Path) -> list[Path]:
    """The files of a data folder that feed an evaluation: its table files, every file
    of its partitioned tables' folders and its synthetic-data marker, sorted by path
    (for fingerprints and run manifests; name them by :func:`input_name`).

    >>> [p.name for p in input_files(sample)][:3]
    ['SYNTHETIC.md', 'complaints.csv', 'dossiers.csv']
    """
    data_dir = Path(data_dir)
    found: list[Path] = []
    for p in sorted(data_dir.iterdir()):
        if p.is_dir() and p.name in _table_names():
            found += _files_under(p)
        elif p.is_file() and (p.suffix.lower() in SUFFIXES or p.name == SYNTHETIC_MARKER):
            found.append(p)
    return found


def input_name(path: Path, data_dir: str | Path) -> str:
    """How a run manifest or a fingerprint names an input file: its path in the folder.

    >>> input_name(Path("data/dossiers/year=2025/part-0.parquet"), "data")
    'dossiers/year=2025/part-0.parquet'
    """
    return path.relative_to(data_dir).as_posix()


def _table_names() -> tuple[str, ...]:
    from cchc.spec.dictionary import load_dictionary

    return load_dictionary().table_names


# --------------------------------------------------------------------------- partitions

#: The suffix of a partitioned table's part files.
PART_SUFFIX = ".parquet"


def is_partitioned(path: str | Path) -> bool:
    """Whether ``path`` is a partitioned table (a folder ``NAME/``), not one file. A folder
    named like a table file (``dossiers.csv/``) is not one: reading it says it is a folder.

    >>> is_partitioned(sample / "dossiers.csv")
    False
    """
    return os.path.isdir(path) and Path(path).suffix.lower() not in SUFFIXES


def _hidden(name: str) -> bool:
    """A name written by tools, not data (``.DS_Store``, Spark's ``_SUCCESS``, ``.crc``);
    Arrow's datasets skip the same names."""
    return name.startswith((".", "_"))


def _files_under(folder: Path) -> list[Path]:
    """Every file under ``folder`` but hidden ones, in sorted path order (links to
    folders followed once; a loop is not followed again)."""
    found: list[Path] = []
    seen: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        found += [Path(root) / f for f in files if not _hidden(f)]
    return sorted(found)


def table_parts(path: str | Path) -> list[Path]:
    """The files holding a table: ``[path]`` for a file, the Parquet part files of a
    partitioned folder in sorted path order.

    Raises a SourceError naming each file that is not Parquet, each folder not named
    ``key=value``, and a folder without any part file.

    >>> table_parts(sample / "units.csv") == [sample / "units.csv"]
    True
    """
    path = Path(path)
    if not is_partitioned(path):
        return [path]
    problems = []
    parts: list[Path] = []
    for file in _files_under(path):
        for folder in file.relative_to(path).parts[:-1]:
            if "=" not in folder.strip("=") and not _hidden(folder):
                problems.append(problem(file, "partition_folder_name", folder=folder))
                break
        else:
            if file.suffix.lower() == PART_SUFFIX:
                parts.append(file)
            else:
                problems.append(problem(file, "partition_not_parquet"))
    if problems:
        raise SourceError(problems)
    if not parts:
        raise SourceError.one(path, "partition_empty")
    return parts


def table_stamp(path: str | Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a table's data changes: each of its files' path, size and
    modification time (every file under a partitioned folder)."""
    path = Path(path)
    files = _files_under(path) if is_partitioned(path) else [path]
    stamps = []
    for file in files:
        try:
            info = file.stat()
            stamps.append((file.as_posix(), info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((file.as_posix(), -1, -1))
    return tuple(stamps)


def table_digest(path: str | Path) -> str:
    """The SHA-256 of a table file; of a partitioned folder, of each of its files' path
    and SHA-256 in order (any change to any part changes it)."""
    path = Path(path)
    if not is_partitioned(path):
        return file_sha256(path)
    digest = hashlib.sha256()
    for file in _files_under(path):
        digest.update(f"{file.relative_to(path).as_posix()}\0{file_sha256(file)}\n".encode())
    return digest.hexdigest()


def part_rows(parts: list[Path]) -> list[int]:
    """The number of rows of each Parquet part file, from its metadata."""
    import pyarrow.parquet as pq

    return [pq.ParquetFile(p).metadata.num_rows for p in parts]


def localise(problems: list[Problem], path: str | Path) -> list[Problem]:
    """Problems found in a partitioned table, named by part file and row within it.

    Rows of a partitioned table are numbered through all its parts as if they were one
    file (row 2 is the first part's first row); this renames the folder and such a row as
    the part file and its own row number (its first row is row 2, as for one Parquet
    file). Other problems, and those of a single file, are returned as they are.
    """
    path = Path(path)
    if not is_partitioned(path):
        return problems
    try:
        parts = table_parts(path)
        starts = np.cumsum([0, *part_rows(parts)])
    except (SourceError, pa.ArrowException, OSError):
        return problems
    folder = str(path)

    def place(row: int) -> tuple[Path, int] | None:
        at = row - first_row()
        k = int(np.searchsorted(starts, at, side="right")) - 1
        if 0 <= k < len(parts) and at < starts[-1]:
            return parts[k], int(at - starts[k]) + first_row()
        return None

    out = []
    for p in problems:
        where = place(p.row) if p.file == folder and p.row is not None else None
        if where is None:
            out.append(p)
            continue
        params = dict(p.params)
        first = params.get("first")
        if isinstance(first, int | np.integer):
            other = place(int(first))
            if other is not None:
                params["first"] = (other[1] if other[0] == where[0]
                                   else f"{other[1]} ({other[0].relative_to(path).as_posix()})")
        out.append(dataclasses.replace(p, file=str(where[0]), row=where[1],
                                       params=tuple(sorted(params.items()))))
    return out


def first_row() -> int:
    """Row number of the first data row as a spreadsheet shows it (header = row 1)."""
    return 2


# --------------------------------------------------------------------------- finding files


def find_table_file(data_dir: Path, name: str) -> Path | None:
    """The one file holding table ``name`` in ``data_dir``, or its partitioned folder
    ``name/`` (None if absent).

    A name that is there but is no readable file (a folder named ``name.csv``, a broken
    or looping link) is a problem, not an absent table; so are a file and a folder both.
    """
    found = [data_dir / f"{name}{suffix}" for suffix in SUFFIXES]
    found = [p for p in found if os.path.lexists(p)]
    if is_partitioned(data_dir / name):
        found.append(data_dir / name)
    if len(found) > 1:
        raise SourceError.one(data_dir / name, "table_twice",
                              files=", ".join(display_name(p) for p in found))
    if found and not is_partitioned(found[0]):
        check_file(found[0])
    return found[0] if found else None


def display_name(path: Path) -> str:
    """A table's file name, or its folder's name and a slash.

    >>> display_name(sample / "units.csv"), display_name(sample)
    ('units.csv', 'lao-cai/')
    """
    return f"{path.name}/" if is_partitioned(path) else path.name


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
    if is_partitioned(path):
        return map_headers(_read_partitioned(path), table, path)
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
    return _parquet_frame(_parquet_table(path, head))


def _parquet_table(path: Path, head: bytes) -> pa.Table:
    import pyarrow.parquet as pq

    kind = _kind_of(head)
    if kind != "filekind.parquet":
        raise SourceError.one(path, "not_parquet", kind=Key(kind))
    try:
        # ParquetFile, not read_table: a file with a column twice is read, then reported.
        return pq.ParquetFile(path).read()
    except (pa.ArrowException, OSError) as exc:
        raise SourceError.one(path, "parquet_unreadable", detail=str(exc)) from None


def _read_partitioned(folder: Path) -> pd.DataFrame:
    """Every part file of a partitioned table, one after another, as one frame (row
    ``i`` of the whole is row ``i + 2``; :func:`localise` names the part)."""
    problems = []
    tables: list[pa.Table] = []
    for part in table_parts(folder):
        try:
            check_file(part)
            tables.append(_parquet_table(part, _sniff(part)))
        except SourceError as exc:
            problems += exc.problems
            continue
        except OSError as exc:
            problems.append(problem(part, "cannot_read", reason=exc.strerror))
            continue
        if len(tables) > 1 and not tables[-1].schema.equals(tables[0].schema):
            problems.append(problem(part, "partition_schema",
                                    first=table_parts(folder)[0].relative_to(folder).as_posix()))
    if problems:
        raise SourceError(problems)
    return _parquet_frame(pa.concat_tables(tables))


def _parquet_frame(table: pa.Table) -> pd.DataFrame:
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
