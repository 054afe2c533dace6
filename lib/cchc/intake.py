"""Taking in agencies' files: validate a folder of tables, import it into a store.

``validate_folder`` checks every file of a folder and collects every problem (file, row
as the spreadsheet shows it, column, value, what is wrong). ``import_folder`` validates,
then writes the tables into a *store* (``data/processed/`` by default) atomically.

The store holds one Parquet file per table (``<table>.parquet``), a log of imports
(``imports.jsonl``) and, optionally, the list of closed periods (``closed.txt`` or
``closed.yaml``: one period per line, ``2023`` or ``2023Q4``).

Replacement, not accumulation: incoming rows replace the stored rows of the same
periods. The period of a row comes from the table's ``period_column`` in the data
dictionary, at the granularity of a quarter for date and quarter columns (dossiers
received in 2024Q3 replace the stored dossiers received in 2024Q3) and of a year for
year columns (the 2024 procedures catalogue replaces the stored 2024 catalogue). With
``period`` given, every period it covers is replaced, even one the files have no row for.
Tables without a period column (units, merging) are replaced whole.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from . import paths
from .dictionary import Table, fold_header, load_dictionary
from .errors import CchcError, ParameterError, Problem, SourceError
from .files import file_sha256
from .periods import Period
from .sources import (
    LEGACY_FONT_MESSAGE,
    OLD_XLS,
    SUFFIXES,
    SYNTHETIC_MARKER,
    check_frame,
    read_raw,
    row_problems,
    validate_units,
)

IMPORT_LOG = "imports.jsonl"
CLOSED_FILES = ("closed.txt", "closed.yaml", "closed.yml")
#: Files a data folder or a store may hold that are not tables.
NOT_TABLES = {IMPORT_LOG, SYNTHETIC_MARKER, *CLOSED_FILES}
#: Suffixes worth a message when the file name is a table's (others are ignored).
SPREADSHEET_LIKE = (*SUFFIXES, ".xls", ".xlsm", ".ods", ".json")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class FileRecord:
    """One file of the folder: its table, fingerprint and rows read (None if unreadable)."""

    table: str
    path: Path
    sha256: str
    rows: int | None


@dataclass
class Intake:
    """What validating a folder found: the typed tables, the files, every problem."""

    directory: Path
    files: list[FileRecord] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: things worth saying that are not errors, as (English, Vietnamese)
    notes: list[tuple[str, str]] = field(default_factory=list)
    #: the stored tables after the import, and the periods each import replaces
    merged: dict[str, pd.DataFrame] = field(default_factory=dict)
    replaced: dict[str, list[str]] = field(default_factory=dict)
    synthetic: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> int:
        return sum(len(t) for t in self.tables.values())


class IntakeError(SourceError):
    """An import refused: every problem, and the intake's notes for the user."""

    def __init__(self, intake: Intake):
        super().__init__(intake.problems)
        self.intake = intake


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: the store, rows stored per table, the log entry."""

    store: Path
    intake: Intake
    stored_rows: dict[str, int]
    entry: dict


# --------------------------------------------------------------------------- validation


def validate_folder(
    data_dir: str | Path,
    *,
    period: str | Period | None = None,
    store: str | Path | None = None,
    reopen: bool = False,
    today: dt.date | None = None,
) -> Intake:
    """Check every table file of ``data_dir``; return what was found, problems included.

    Units first: the other tables' unit ids are checked against the folder's units (or
    the store's). With ``period``, rows outside it are problems. With ``store``, the
    checks an import makes are made too (closed periods, ids already stored, references
    of stored rows to units a new units file drops), and the merged tables are prepared.

    >>> intake = validate_folder("data/sample", period="2024")  # doctest: +SKIP
    >>> intake.ok, len(intake.problems)  # doctest: +SKIP
    (True, 0)
    """
    data_dir = Path(data_dir)
    today = today or dt.date.today()
    within = Period.parse(period, "--period") if isinstance(period, str) else period
    intake = Intake(data_dir)
    if not data_dir.is_dir():
        intake.problems.append(Problem(str(data_dir), "no such data folder"))
        return intake
    intake.synthetic = (data_dir / SYNTHETIC_MARKER).exists()
    dictionary = load_dictionary()
    found = _table_files(data_dir, dictionary.table_names, intake)
    raw: dict[str, pd.DataFrame] = {}
    for name, path in found.items():
        try:
            raw[name] = read_raw(path, dictionary.table(name))
        except SourceError as exc:
            intake.problems.extend(exc.problems)
        intake.files.append(
            FileRecord(name, path, file_sha256(path), len(raw[name]) if name in raw else None)
        )
    if not found and not intake.problems:
        intake.problems.append(
            Problem(
                str(data_dir),
                "nothing to check: no table file in the folder (expected "
                f"{', '.join(dictionary.table_names)} as .csv, .xlsx or .parquet)",
            )
        )

    unit_ids = _unit_ids(intake, found, raw, store, today)
    for name in dictionary.table_names:
        if name not in raw or name == "units":
            continue
        table = dictionary.table(name)
        typed, problems = check_frame(raw[name], table, found[name], unit_ids, today)
        intake.problems.extend(problems)
        intake.problems.extend(_period_problems(typed, table, found[name], raw[name].index, within))
        if len(typed) == 0:
            intake.problems.append(Problem(str(found[name]), NO_ROWS))
        intake.tables[name] = typed

    if store is not None:
        _check_against_store(intake, Path(store), found, raw, within, reopen)
    intake.problems = list(dict.fromkeys(intake.problems))  # once each, in order
    return intake


NO_ROWS = "the file has a header but no data rows"


def _table_files(data_dir: Path, names: tuple[str, ...], intake: Intake) -> dict[str, Path]:
    """The table files of a folder; every other spreadsheet-like file is a problem."""
    by_table: dict[str, list[Path]] = {}
    for path in sorted(data_dir.iterdir()):
        if not path.is_file() or path.name in NOT_TABLES:
            continue
        if path.name.startswith("~$"):
            intake.notes.append(
                (
                    f"{path.name}: ignored (an Excel lock file: is the workbook still open?)",
                    f"{path.name}: bỏ qua (tệp khóa của Excel: bảng tính vẫn đang mở?)",
                )
            )
            continue
        if path.name.startswith("."):
            continue
        suffix = path.suffix.lower()
        stem = path.stem
        if stem in names and suffix in SUFFIXES:
            by_table.setdefault(stem, []).append(path)
        elif stem in names and suffix in (".xls", ".xlsm"):
            intake.problems.append(
                Problem(
                    str(path),
                    OLD_XLS if suffix == ".xls" else "a macro workbook (.xlsm); 'Save As' .xlsx",
                )
            )
        elif stem in names and suffix in SPREADSHEET_LIKE:
            intake.problems.append(
                Problem(str(path), f"unsupported file type {suffix!r}; use .csv, .parquet or .xlsx")
            )
        elif suffix in SPREADSHEET_LIKE:
            intake.problems.append(Problem(str(path), _unknown_file_message(stem, names)))
    found: dict[str, Path] = {}
    for name, files in by_table.items():
        if len(files) > 1:
            intake.problems.append(
                Problem(
                    str(data_dir / name),
                    "the table is given twice ("
                    + ", ".join(p.name for p in files)
                    + "); keep one file",
                )
            )
        else:
            found[name] = files[0]
    return {name: found[name] for name in names if name in found}


def _unknown_file_message(stem: str, names: tuple[str, ...]) -> str:
    dictionary = load_dictionary()
    labels = {fold_header(dictionary.table(n).label_vi): n for n in names}
    folded = fold_header(stem)
    guess = labels.get(folded) or next(
        iter(
            difflib.get_close_matches(
                folded, [fold_header(n) for n in names] + list(labels), n=1, cutoff=0.6
            )
        ),
        None,
    )
    guess = labels.get(guess, guess.replace(" ", "_")) if guess else None
    hint = f"; rename it '{guess}' (same extension)" if guess else ""
    return f"unknown table file; expected one of {', '.join(names)}{hint}"


def _unit_ids(
    intake: Intake,
    found: dict[str, Path],
    raw: dict[str, pd.DataFrame],
    store: str | Path | None,
    today: dt.date,
) -> list[str] | None:
    """Unit ids to check the other tables against: the folder's units, else the store's."""
    dictionary = load_dictionary()
    if "units" in raw:
        table = dictionary.table("units")
        typed, problems = check_frame(raw["units"], table, found["units"], None, today)
        if not problems:
            try:
                validate_units(typed, found["units"])
            except SourceError as exc:
                problems = exc.problems
        if len(typed) == 0:
            problems.append(Problem(str(found["units"]), NO_ROWS))
        intake.problems.extend(problems)
        if problems:
            intake.notes.append(UNITS_BROKEN)
            return None
        intake.tables["units"] = typed
        return typed["unit_id"].dropna().tolist()
    if "units" in found:  # present but unreadable
        intake.notes.append(UNITS_BROKEN)
        return None
    stored = Path(store) / "units.parquet" if store is not None else None
    if stored is not None and stored.exists():
        try:
            return load_store_table(stored, dictionary.table("units"))["unit_id"].tolist()
        except SourceError as exc:
            intake.problems.extend(exc.problems)
            return None
    if any(name != "units" for name in found):
        if store is not None:
            intake.problems.append(
                Problem(
                    str(intake.directory / "units.csv"),
                    "no units table, here or in the store: add units.csv (import it first)",
                )
            )
        else:
            intake.notes.append(
                (
                    "unit ids not checked: the folder has no units file",
                    "chưa kiểm tra mã đơn vị: thư mục không có tệp đơn vị (units)",
                )
            )
    return None


UNITS_BROKEN = (
    "unit ids of the other tables could not be checked: the units file has problems",
    "chưa kiểm tra được mã đơn vị của các bảng khác: tệp đơn vị (units) có lỗi",
)


# --------------------------------------------------------------------------- periods


def period_codes(frame: pd.DataFrame, table: Table) -> np.ndarray | None:
    """Each row's period as an integer: ``20243`` for 2024Q3, ``20240`` for the year 2024.

    Quarters for date and quarter columns, years for year columns; -1 where unknown.
    None when the table has no period column.
    """
    if table.period_column is None:
        return None
    series = frame[table.period_column]
    kind = table.column(table.period_column).type
    if kind == "date":
        codes = series.dt.year * 10 + series.dt.quarter
    elif kind == "year":
        codes = series.astype("Int64") * 10
    else:  # "2024Q3"
        codes = series.str.slice(0, 4).astype("Int64") * 10 + series.str.slice(5, 6).astype("Int64")
    return pd.Series(codes).astype("Int64").fillna(-1).to_numpy(dtype=np.int64)


def code_label(code: int) -> str:
    return f"{code // 10}Q{code % 10}" if code % 10 else str(code // 10)


def _covered(codes: np.ndarray, period: Period) -> np.ndarray:
    """Which codes fall inside ``period`` (a year row is inside any quarter of its year)."""
    same_year = codes // 10 == period.year
    if period.quarter is None:
        return same_year
    return same_year & ((codes % 10 == 0) | (codes % 10 == period.quarter))


def _codes_of(period: Period, table: Table) -> set[int]:
    """The codes, at the table's granularity, that ``period`` covers."""
    if table.column(table.period_column).type == "year":
        return {period.year * 10}
    return {period.year * 10 + q for q in period.quarters}


def _period_problems(
    typed: pd.DataFrame, table: Table, path: Path, index: pd.Index, within: Period | None
) -> list[Problem]:
    codes = period_codes(typed, table)
    if within is None or codes is None:
        return []
    outside = (codes >= 0) & ~_covered(codes, within)
    column = table.period_column
    return row_problems(
        path,
        outside,
        column,
        f"outside the period {within} given with --period",
        _shown(typed[column], outside),
        index,
    )


def _shown(series: pd.Series, mask: np.ndarray) -> pd.Series:
    """Cell values as a message shows them (dates as YYYY-MM-DD), only where flagged."""
    out = pd.Series([None] * len(series), dtype=object)
    where = np.flatnonzero(mask)[:50]
    values = series.iloc[where]
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        values = values.dt.strftime("%Y-%m-%d")
    out.iloc[where] = values.astype(str).to_numpy()
    return out


def load_closed(store: str | Path) -> tuple[set[str], list[Problem]]:
    """The closed periods of a store (``closed.txt`` / ``closed.yaml``), as labels.

    ``closed.txt``: one period per line (``2023`` or ``2023Q4``), ``#`` starts a comment.
    ``closed.yaml``: a list of periods, or ``{closed: [...]}``.
    """
    closed: set[str] = set()
    problems: list[Problem] = []
    for name in CLOSED_FILES:
        path = Path(store) / name
        if not path.exists():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
            if path.suffix == ".txt":
                items = [
                    (i, line.split("#", 1)[0].strip())
                    for i, line in enumerate(text.splitlines(), start=1)
                ]
            else:
                loaded = yaml.safe_load(text) or []
                if isinstance(loaded, dict):
                    loaded = loaded.get("closed", [])
                if not isinstance(loaded, list):
                    raise ValueError
                items = [(None, str(v)) for v in loaded]
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
            problems.append(Problem(str(path), CLOSED_UNREADABLE))
            continue
        for line, item in items:
            if not item:
                continue
            try:
                closed.add(str(Period.parse(item)))
            except ParameterError:
                problems.append(
                    Problem(str(path), "not a period (expected 2023 or 2023Q4)", line, None, item)
                )
    return closed, problems


CLOSED_UNREADABLE = "cannot read the list of closed periods (a list such as 2023, 2024Q1)"


def _closed_mask(codes: np.ndarray, closed: set[str]) -> np.ndarray:
    years = {int(c) for c in closed if "Q" not in c}
    quarters = {int(c[:4]) * 10 + int(c[5]) for c in closed if "Q" in c}
    mask = np.isin(codes // 10, list(years))
    mask |= np.isin(codes, list(quarters))
    # A year row (code YYYY0) covers every quarter of its year.
    mask |= (codes % 10 == 0) & np.isin(codes // 10, [q // 10 for q in quarters])
    return mask & (codes >= 0)


# --------------------------------------------------------------------------- the store


STORE_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "enum": pa.string(),
    "period": pa.string(),
    "integer": pa.int64(),
    "year": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


def to_arrow(frame: pd.DataFrame, table: Table) -> pa.Table:
    """A typed table as the store keeps it: dictionary columns and types, no index."""
    arrays = []
    for column in table.columns:
        array = pa.array(frame[column.name], from_pandas=True)
        if column.type == "date":
            array = array.cast(pa.timestamp("ns")).cast(pa.date32(), safe=False)
        arrays.append(array.cast(STORE_TYPES[column.type]))
    return pa.Table.from_arrays(arrays, names=list(table.column_names))


def load_store_table(path: str | Path, table: Table) -> pd.DataFrame:
    """Read a stored table back with the dtypes the readers give (see ``check_frame``).

    A column the dictionary gained since the table was stored comes back empty; a
    store that cannot be read is a SourceError, not a traceback.
    """
    try:
        arrow = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise SourceError(Problem(str(path), f"the stored table is unreadable: {exc}")) from None
    arrays = []
    for column in table.columns:
        if column.name in arrow.column_names:
            array = arrow.column(column.name).cast(STORE_TYPES[column.type])
        else:
            array = pa.nulls(arrow.num_rows, STORE_TYPES[column.type])
        if column.type == "date":
            array = array.cast(pa.timestamp("ns"))
        arrays.append(array)
    arrow = pa.Table.from_arrays(arrays, names=list(table.column_names))
    mapping = {
        pa.string(): pd.StringDtype("pyarrow"),
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    frame = arrow.to_pandas(types_mapper=mapping.get)
    for column in table.columns:
        if column.type == "date":
            frame[column.name] = frame[column.name].astype("datetime64[ns]")
    return frame


def _check_against_store(
    intake: Intake,
    store: Path,
    found: dict[str, Path],
    raw: dict[str, pd.DataFrame],
    within: Period | None,
    reopen: bool,
) -> None:
    """Closed periods, ids already stored, references of stored rows; then merge."""
    dictionary = load_dictionary()
    closed, problems = load_closed(store) if store.is_dir() else (set(), [])
    intake.problems.extend(problems)
    stored: dict[str, pd.DataFrame] = {}
    for name in dictionary.table_names:
        path = store / f"{name}.parquet"
        if path.exists():
            try:
                stored[name] = load_store_table(path, dictionary.table(name))
            except SourceError as exc:
                intake.problems.extend(exc.problems)
    for name, incoming in intake.tables.items():
        table = dictionary.table(name)
        path = found[name]
        codes = period_codes(incoming, table)
        if codes is None:
            intake.replaced[name] = ["all"]
            intake.merged[name] = incoming
            continue
        replace = set(np.unique(codes[codes >= 0]).tolist())
        if within is not None:
            replace |= _codes_of(within, table)
        if closed and not reopen:
            column = table.period_column
            mask = _closed_mask(codes, closed)
            intake.problems.extend(
                row_problems(
                    path,
                    mask,
                    column,
                    CLOSED_MESSAGE,
                    _shown(incoming[column], mask),
                    raw[name].index,
                )
            )
            for code in sorted(replace - set(codes.tolist())):
                if _closed_mask(np.array([code]), closed)[0]:
                    intake.problems.append(
                        Problem(
                            str(path),
                            f"--period {within} would replace the closed period "
                            f"{code_label(code)}; use --reopen",
                        )
                    )
        intake.replaced[name] = [code_label(c) for c in sorted(replace)]
        before = stored.get(name)
        if before is None:
            intake.merged[name] = incoming
            continue
        before_codes = period_codes(before, table)
        kept = before.loc[~np.isin(before_codes, list(replace))]
        intake.problems.extend(_already_stored(incoming, kept, table, path, raw[name].index))
        intake.merged[name] = pd.concat([kept, incoming], ignore_index=True)
    if "units" in intake.tables:
        _check_stored_units(intake, stored, store)
    for name, frame in intake.merged.items():
        # Periods in time order, rows of a period in the order of their file: the same
        # imports give the same bytes, whatever periods were replaced in between.
        codes = period_codes(frame, dictionary.table(name))
        if codes is not None:
            order = np.argsort(codes, kind="stable")
            intake.merged[name] = frame.iloc[order].reset_index(drop=True)


CLOSED_MESSAGE = (
    "the period is closed (listed in the store's closed periods); use --reopen to change it"
)


def _already_stored(
    incoming: pd.DataFrame, kept: pd.DataFrame, table: Table, path: Path, index: pd.Index
) -> list[Problem]:
    """Incoming rows whose key a stored row of another period already has."""
    key = list(table.key)
    if kept.empty:
        return []
    seen = pd.MultiIndex.from_frame(kept[key].astype("string"))
    mask = np.asarray(pd.MultiIndex.from_frame(incoming[key].astype("string")).isin(seen))
    if not mask.any():
        return []
    label = "duplicate id" if len(key) == 1 else f"duplicate ({', '.join(key)})"
    flagged = np.flatnonzero(mask)[:MAX_ROWS]
    wanted = pd.MultiIndex.from_frame(incoming[key].iloc[flagged].astype("string"))
    holders = kept.loc[np.asarray(seen.isin(wanted))]
    stored_in = dict(
        zip(
            holders[key].astype(str).itertuples(index=False, name=None),
            period_codes(holders, table).tolist(),
            strict=True,
        )
    )
    numbers = _numbers(index)
    problems = []
    for i in flagged:
        ident = tuple(str(incoming[k].iloc[i]) for k in key)
        where = code_label(int(stored_in[ident]))
        problems.append(
            Problem(
                str(path),
                f"{label}: already stored for period {where}",
                int(numbers[i]),
                key[-1],
                ident[-1],
            )
        )
    if mask.sum() > MAX_ROWS:
        problems.append(
            Problem(
                str(path),
                f"{label}: already stored for another period: "
                f"{int(mask.sum()) - MAX_ROWS} more rows like this",
                None,
                key[-1],
            )
        )
    return problems


MAX_ROWS = 20


def _numbers(index: pd.Index) -> np.ndarray:
    """Spreadsheet row numbers of a raw frame's rows (header = row 1)."""
    if pd.api.types.is_integer_dtype(index.dtype):
        return index.to_numpy(dtype=np.int64) + 2
    return np.arange(len(index)) + 2


def _check_stored_units(intake: Intake, stored: dict[str, pd.DataFrame], store: Path) -> None:
    """Rows kept in the store must still name units of the new units file."""
    known = pd.Index(intake.tables["units"]["unit_id"].dropna())
    dictionary = load_dictionary()
    for name, frame in stored.items():
        if name == "units" or name in intake.tables:
            continue
        for column in dictionary.table(name).columns:
            if column.references != "units":
                continue
            values = frame[column.name].dropna()
            gone = sorted(set(values[~values.isin(known)]))
            if gone:
                shown = ", ".join(gone[:10]) + (", …" if len(gone) > 10 else "")
                intake.problems.append(
                    Problem(
                        str(store / f"{name}.parquet"),
                        f"stored rows name unit ids that the new units file drops: {shown}",
                        None,
                        column.name,
                    )
                )


# --------------------------------------------------------------------------- import


def import_folder(
    data_dir: str | Path,
    store: str | Path | None = None,
    *,
    period: str | Period | None = None,
    reopen: bool = False,
    today: dt.date | None = None,
) -> ImportResult:
    """Validate ``data_dir`` and write its tables into ``store`` atomically.

    Raises a SourceError listing every problem, and then the store is left exactly as
    it was; so is it when the writing fails or is interrupted midway.

    >>> import_folder("inbox/2024Q3", "data/processed", period="2024Q3")  # doctest: +SKIP
    """
    store = Path(store) if store is not None else paths.PROCESSED_DIR
    intake = validate_folder(data_dir, period=period, store=store, reopen=reopen, today=today)
    if not intake.problems and not intake.tables:
        intake.problems.append(Problem(str(data_dir), "nothing to import: no table file"))
    if intake.problems:
        raise IntakeError(intake)
    dictionary = load_dictionary()
    files = {
        f"{name}.parquet": to_arrow(frame, dictionary.table(name))
        for name, frame in intake.merged.items()
    }
    entry = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "source": str(Path(data_dir).resolve()),
        "period": None if period is None else str(period),
        "reopen": reopen,
        "files": [
            {"file": f.path.name, "table": f.table, "sha256": f.sha256, "rows": f.rows}
            for f in intake.files
        ],
        "replaced": intake.replaced,
        "stored_rows": {name: len(frame) for name, frame in intake.merged.items()},
    }
    try:
        _commit(store, files, entry, intake.synthetic)
    except OSError as exc:
        raise SourceError(
            Problem(
                str(store), f"cannot write the store ({exc.strerror or exc}); it was left as it was"
            )
        ) from None
    return ImportResult(store, intake, entry["stored_rows"], entry)


_replace = os.replace  # the one call that swaps files; tests make it fail midway


def _commit(store: Path, tables: dict[str, pa.Table], entry: dict, synthetic: bool) -> None:
    """Write every file beside the store, then swap them in; undo all on any failure.

    The new files are written and synced in a work folder next to the store (same file
    system, so that each swap is an atomic rename). Each stored file is moved to a backup
    before its replacement moves in; if anything fails or is interrupted before the
    last swap, the backups move back and the store is as it was.
    """
    store.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{store.name}.import-", dir=store.parent))
    staged, backup = work / "new", work / "old"
    staged.mkdir()
    backup.mkdir()
    try:
        for name, arrow in tables.items():
            pq.write_table(arrow, staged / name, compression="zstd")
        log_path = store / IMPORT_LOG
        previous = log_path.read_bytes() if log_path.exists() else b""
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        (staged / IMPORT_LOG).write_bytes(previous + line.encode("utf-8"))
        if synthetic:
            (staged / SYNTHETIC_MARKER).write_text(
                "Synthetic data: imported from a folder marked synthetic.\n", encoding="utf-8"
            )
        names = sorted(p.name for p in staged.iterdir())
        for name in names:
            _sync(staged / name)
        moved_out: list[str] = []
        moved_in: list[str] = []
        try:
            for name in names:
                if (store / name).exists():
                    _replace(store / name, backup / name)
                    moved_out.append(name)
                _replace(staged / name, store / name)
                moved_in.append(name)
        except BaseException:
            for name in reversed(moved_in):
                if name not in moved_out:
                    (store / name).unlink(missing_ok=True)
            for name in reversed(moved_out):
                os.replace(backup / name, store / name)
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _sync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


# --------------------------------------------------------------------------- messages


def format_problem(problem: Problem) -> str:
    """One line, English then Vietnamese: where, what is wrong, the value.

    >>> format_problem(Problem("dossiers.csv", "date in the future", 3, "received_on",
    ...                        "2099-01-01"))
    "dossiers.csv, row 3, column 'received_on': date in the future (value: '2099-01-01') | dòng 3, cột 'received_on': ngày ở tương lai"
    """  # noqa: E501
    where = []
    if problem.row is not None:
        where.append(f"dòng {problem.row}")
    if problem.column is not None:
        where.append(f"cột '{problem.column}'")
    vi = message_vi(problem.message)
    return f"{problem} | {', '.join(where) + ': ' if where else ''}{vi}"


def problems_csv(problems: Iterable[Problem]) -> str:
    """The problems as CSV: ``file,row,column,value,problem_en,problem_vi``."""
    frame = pd.DataFrame(
        [(p.file, p.row, p.column, p.value, p.message, message_vi(p.message)) for p in problems],
        columns=["file", "row", "column", "value", "problem_en", "problem_vi"],
    )
    frame["row"] = frame["row"].astype("Int64")
    return frame.to_csv(index=False, lineterminator="\n")


_KINDS_VI = {
    "Parquet": "Parquet",
    "Excel (.xlsx) or another zip": "Excel (.xlsx) hoặc một tệp nén zip khác",
    "Excel 97-2003 (.xls)": "Excel 97-2003 (.xls)",
    "PDF": "PDF",
    "text (CSV?)": "văn bản (CSV?)",
}
_LEVELS_VI = {
    "province": "tỉnh",
    "department": "sở, ngành",
    "district": "huyện",
    "commune": "xã",
    "nothing": "không đơn vị nào",
}
_GUESS_VI = {"unknown encoding": "bảng mã không xác định"}


def _kind(m: re.Match) -> str:
    return _KINDS_VI.get(m["kind"], m["kind"])


def _level(name: str) -> str:
    return " hoặc ".join(_LEVELS_VI.get(part, part) for part in name.split(" or "))


#: English message (a pattern) → its Vietnamese, in the order tried.
_VI: list[tuple[str, object]] = [
    (
        r"(?P<m>.+): (?P<n>\d+) more rows like this",
        lambda m: f"{message_vi(m['m'])}: còn {m['n']} dòng khác tương tự",
    ),
    (r"no such data folder", "không có thư mục dữ liệu này"),
    (
        r"the table is given twice \((?P<f>.*)\); keep one file",
        r"bảng được gửi hai lần (\g<f>); chỉ giữ lại một tệp",
    ),
    (
        r"unsupported file type (?P<s>.*); use \.csv, \.parquet or \.xlsx",
        r"không hỗ trợ loại tệp \g<s>; hãy dùng .csv, .parquet hoặc .xlsx",
    ),
    (
        re.escape(OLD_XLS),
        "tệp Excel 97-2003 (.xls); hãy mở bằng Excel và chọn 'Save As' (Lưu thành) "
        "'Excel Workbook (.xlsx)'",
    ),
    (
        r"a macro workbook \(\.xlsm\); 'Save As' \.xlsx",
        "tệp Excel có macro (.xlsm); hãy 'Save As' (Lưu thành) .xlsx",
    ),
    (r"cannot read the file: (?P<e>.*)", r"không đọc được tệp: \g<e>"),
    (
        r"the file is UTF-16 but damaged \(cut short\?\)",
        "tệp mã hóa UTF-16 nhưng bị hỏng (bị cắt cụt?)",
    ),
    (
        r"a binary file, not text: save it as CSV UTF-8",
        "tệp nhị phân, không phải văn bản: hãy lưu lại dưới dạng CSV UTF-8",
    ),
    (
        r"not UTF-8 text \((?:looks like )?(?P<g>[^)]*\)?)\)\. Convert it to Unicode.*",
        lambda m: (
            "không phải văn bản Unicode UTF-8 ("
            + _GUESS_VI.get(m["g"], "có vẻ là bảng mã " + m["g"])
            + "). Hãy chuyển sang Unicode: trong Unikey dùng 'Công cụ chuyển mã' (nguồn "
            "TCVN3/VNI/Windows-1258, đích Unicode), hoặc trong Excel chọn 'Save As' > "
            "'CSV UTF-8' / 'Unicode Text'"
        ),
    ),
    (
        r"this is not a CSV file but (?P<kind>.*): rename it or save it again as CSV UTF-8",
        lambda m: (
            f"đây không phải tệp CSV mà là {_kind(m)}: hãy đổi tên cho đúng loại "
            "hoặc lưu lại dưới dạng CSV UTF-8"
        ),
    ),
    (
        r"this is not an Excel workbook but (?P<kind>.*): rename it .*",
        lambda m: (
            f"đây không phải tệp Excel mà là {_kind(m)}: hãy đổi tên cho đúng loại "
            "(.csv, .parquet) hoặc mở bằng Excel và 'Save As' (Lưu thành) .xlsx"
        ),
    ),
    (
        r"this is not a Parquet file but (?P<kind>.*): rename it .*",
        lambda m: (
            f"đây không phải tệp Parquet mà là {_kind(m)}: hãy đổi tên cho đúng loại (.csv, .xlsx)"
        ),
    ),
    (r"the file is empty \(not even a header row\)", "tệp rỗng (không có cả dòng tiêu đề)"),
    (
        r"sheet (?P<s>.*) is empty \(not even a header row\)",
        r"trang tính \g<s> trống (không có cả dòng tiêu đề)",
    ),
    (
        r"cannot split the rows into columns: (?P<e>.*)",
        r"không tách được các dòng thành cột: \g<e>",
    ),
    (
        r"the row has (?P<n>\d+) cells but the header has (?P<m>\d+) .*",
        r"dòng có \g<n> ô nhưng dòng tiêu đề có \g<m> cột (thừa dấu phân cách, hoặc một giá "
        r"trị chứa dấu phân cách mà không đặt trong ngoặc kép?)",
    ),
    (
        r"not a readable Excel workbook \(damaged, or not saved by Excel\?\): (?P<e>.*)",
        r"không đọc được tệp Excel (tệp hỏng, hoặc không được lưu bằng Excel?): \g<e>",
    ),
    (
        r"not a readable Parquet file \(damaged, truncated or renamed\?\): (?P<e>.*)",
        r"không đọc được tệp Parquet (hỏng, bị cắt cụt hoặc bị đổi tên?): \g<e>",
    ),
    (
        r"column (?P<n>\d+) has values but no header",
        r"cột thứ \g<n> có dữ liệu nhưng không có tiêu đề",
    ),
    (
        r"unknown column; did you mean (?P<c>'[^']*')\? \(expected: (?P<e>.*)\)",
        r"cột không xác định; có phải là \g<c>? (các cột hợp lệ: \g<e>)",
    ),
    (r"unknown column \(expected: (?P<e>.*)\)", r"cột không xác định (các cột hợp lệ: \g<e>)"),
    (r"the column appears twice", "cột bị lặp lại hai lần"),
    (
        r"missing column \(header (?P<a>'[^']*') or (?P<b>'[^']*')\)",
        r"thiếu cột (tiêu đề \g<a> hoặc \g<b>)",
    ),
    (r"not one of (?P<v>.*)", r"không thuộc các giá trị cho phép: \g<v>"),
    (r"expected yes/no .*", "cần giá trị có/không (Có/Không, true/false, 1/0, x)"),
    (r"expected a whole number", "cần một số nguyên"),
    (r"expected a year such as 2024", "cần một năm, ví dụ 2024"),
    (r"expected a number", "cần một số"),
    (r"expected a quarter such as 2024Q3", "cần một quý, ví dụ 2024Q3"),
    (
        r"expected a date as YYYY-MM-DD or dd/mm/yyyy",
        "cần một ngày dạng dd/mm/yyyy hoặc YYYY-MM-DD",
    ),
    (r"empty cell; a value is required", "ô trống; bắt buộc phải có giá trị"),
    (r"must be at least (?P<n>.*)", r"phải lớn hơn hoặc bằng \g<n> (không được âm)"),
    (r"year outside (?P<a>\d+)-(?P<b>\d+)", r"năm nằm ngoài khoảng \g<a>-\g<b>"),
    (r"date in the future", "ngày ở tương lai"),
    (r"period in the future", "kỳ ở tương lai"),
    (r"larger than (?P<c>\w+)", r"lớn hơn giá trị cột '\g<c>' (phần không được lớn hơn tổng)"),
    (r"unknown unit id \(not in units\)", "mã đơn vị không có trong bảng đơn vị (units)"),
    (r"unknown unit id \(not in this file\)", "mã đơn vị không có trong chính tệp này"),
    (r"duplicate id: same as row (?P<n>\d+)", r"trùng mã: giống dòng \g<n>"),
    (r"duplicate \((?P<k>[^)]*)\): same as row (?P<n>\d+)", r"trùng (\g<k>): giống dòng \g<n>"),
    (
        r"duplicate id: already stored for period (?P<p>\w+)",
        r"trùng mã: đã có trong kho dữ liệu ở kỳ \g<p>",
    ),
    (
        r"duplicate \((?P<k>[^)]*)\): already stored for period (?P<p>\w+)",
        r"trùng (\g<k>): đã có trong kho dữ liệu ở kỳ \g<p>",
    ),
    (
        r"duplicate id: already stored for another period",
        "trùng mã: đã có trong kho dữ liệu ở kỳ khác",
    ),
    (
        r"duplicate \((?P<k>[^)]*)\): already stored for another period",
        r"trùng (\g<k>): đã có trong kho dữ liệu ở kỳ khác",
    ),
    (
        r"missing: a data folder needs units\.csv \(or \.parquet, \.xlsx\)",
        "thiếu: thư mục dữ liệu cần có units.csv (hoặc .parquet, .xlsx)",
    ),
    (
        re.escape(LEGACY_FONT_MESSAGE),
        "văn bản gõ bằng bảng mã cũ (phông TCVN3 .Vn hoặc VNI), không phải Unicode. Hãy "
        "chuyển mã bằng 'Công cụ chuyển mã' của Unikey (nguồn TCVN3 hoặc VNI, đích Unicode) "
        "rồi gửi lại",
    ),
    (
        r"exactly one unit, of level province, must have no parent_id; found (?P<n>\d+)",
        r"phải có đúng một đơn vị cấp tỉnh không có parent_id; đang có \g<n>",
    ),
    (
        r"a (?P<l>\w+) needs a parent_id",
        lambda m: f"đơn vị cấp {_level(m['l'])} cần có parent_id (đơn vị cấp trên)",
    ),
    (r"a unit cannot be its own parent", "một đơn vị không thể là cấp trên của chính nó"),
    (
        r"a (?P<a>\w+) must sit under a nothing, not a (?P<c>\w+)",
        lambda m: (
            f"đơn vị cấp {_level(m['a'])} không có đơn vị cấp trên (không thể trực "
            f"thuộc cấp {_level(m['c'])})"
        ),
    ),
    (
        r"a (?P<a>\w+) must sit under a (?P<b>.+), not a (?P<c>\w+)",
        lambda m: (
            f"đơn vị cấp {_level(m['a'])} phải trực thuộc cấp {_level(m['b'])}, "
            f"không phải cấp {_level(m['c'])}"
        ),
    ),
    (r"the parent chain loops back on itself", "chuỗi đơn vị cấp trên bị vòng lặp"),
    (r"a unit cannot succeed itself", "một đơn vị không thể kế thừa chính nó"),
    (
        r"a unit with a successor needs valid_to \(its last day\)",
        "đơn vị có đơn vị kế thừa cần có valid_to (ngày cuối cùng tồn tại)",
    ),
    (
        r"unknown table file; expected one of (?P<t>[^;]*); rename it (?P<g>'[^']*') "
        r"\(same extension\)",
        r"tệp không thuộc bảng nào; tên tệp phải là một trong: \g<t>; hãy đổi tên thành "
        r"\g<g> (giữ phần mở rộng)",
    ),
    (
        r"unknown table file; expected one of (?P<t>.*)",
        r"tệp không thuộc bảng nào; tên tệp phải là một trong: \g<t>",
    ),
    (
        r"nothing to check: no table file in the folder \(expected (?P<t>.*)\)",
        r"không có gì để kiểm tra: thư mục không có tệp bảng dữ liệu nào (cần: \g<t>)",
    ),
    (
        r"nothing to import: no table file",
        "không có gì để nhập: thư mục không có tệp bảng dữ liệu nào",
    ),
    (re.escape(NO_ROWS), "tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào"),
    (
        r"outside the period (?P<p>\w+) given with --period",
        r"nằm ngoài kỳ \g<p> đã chọn (--period)",
    ),
    (
        re.escape(CLOSED_MESSAGE),
        "kỳ này đã khóa sổ (có trong danh sách kỳ đã khóa của kho dữ liệu); dùng --reopen "
        "nếu thật sự cần sửa",
    ),
    (
        r"--period (?P<p>\w+) would replace the closed period (?P<c>\w+); use --reopen",
        r"--period \g<p> sẽ thay thế kỳ đã khóa sổ \g<c>; dùng --reopen nếu thật sự cần",
    ),
    (r"not a period \(expected 2023 or 2023Q4\)", "không phải một kỳ (cần dạng 2023 hoặc 2023Q4)"),
    (
        re.escape(CLOSED_UNREADABLE),
        "không đọc được danh sách kỳ đã khóa sổ (một danh sách như 2023, 2024Q1)",
    ),
    (
        r"cannot write the store \((?P<e>.*)\); it was left as it was",
        r"không ghi được vào kho dữ liệu (\g<e>); kho được giữ nguyên như trước",
    ),
    (
        r"expected a year like 2024 or a quarter like 2024Q3",
        "cần một năm (2024) hoặc một quý (2024Q3)",
    ),
    (
        r"the programme starts in (?P<y>\d+); no data before it",
        r"chương trình bắt đầu từ năm \g<y>; không có dữ liệu trước đó",
    ),
    (r"expected text or csv", "cần text hoặc csv"),
    (r"a binary file, not text.*", "tệp nhị phân, không phải văn bản"),
    (r"the stored table is unreadable: (?P<e>.*)", r"không đọc được bảng đã lưu trong kho: \g<e>"),
    (
        r"stored rows name unit ids that the new units file drops: (?P<u>.*)",
        r"dữ liệu đã lưu có mã đơn vị mà tệp đơn vị mới không còn: \g<u>",
    ),
    (
        r"no units table, here or in the store: add units\.csv \(import it first\)",
        "không có bảng đơn vị, trong thư mục lẫn trong kho: hãy thêm units.csv (nhập trước)",
    ),
]
_VI_COMPILED = [(re.compile(pattern), vi) for pattern, vi in _VI]


def message_vi(message: str) -> str:
    """The Vietnamese of a problem message ("" if none is known: a test guards this).

    >>> message_vi("expected a whole number")
    'cần một số nguyên'
    """
    for pattern, vi in _VI_COMPILED:
        match = pattern.fullmatch(message)
        if match:
            return vi(match) if callable(vi) else match.expand(vi)
    return ""


def describe_error(exc: CchcError) -> list[str]:
    """Every problem of an error as one bilingual line."""
    return [format_problem(p) for p in exc.problems]
