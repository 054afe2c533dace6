"""Validating a folder of agencies' files, alone or as an import into a store would.

``validate_folder`` checks every file of a folder and collects every problem (file, row
as the spreadsheet shows it, column, value, what is wrong);
:func:`cchc.intake.store.import_folder` validates, then writes the tables into a *store*
(``data/processed/`` by default) atomically.

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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cchc import messages
from cchc.errors import Problem, SourceError, problem
from cchc.files import to_csv_text
from cchc.sources.dataset import validate_units
from cchc.sources.read import (
    MAX_ROWS_PER_PROBLEM,
    SUFFIXES,
    SYNTHETIC_MARKER,
    display_name,
    is_partitioned,
    localise,
    read_raw,
    table_digest,
)
from cchc.sources.store import (
    CLOSED_FILES,
    IMPORT_ENTRY,
    IMPORT_LOG,
    POINTER,
    load_closed,
    load_store_table,
    resolve_store,
)
from cchc.sources.validate import check_frame, row_numbers, row_problems, unit_validity
from cchc.spec.dictionary import Table, fold_header, load_dictionary
from cchc.spec.periods import Period

#: Files a data folder or a store may hold that are not tables.
NOT_TABLES = {IMPORT_LOG, IMPORT_ENTRY, POINTER, SYNTHETIC_MARKER, *CLOSED_FILES}
#: Suffixes worth a message when the file name is a table's (others are ignored).
SPREADSHEET_LIKE = (*SUFFIXES, ".xls", ".xlsm", ".ods", ".json")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Note:
    """Something worth saying that is not a problem (a message key and its parameters)."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, lang: str = "en") -> str:
        return messages.text(self.key, lang, **dict(self.params))

    def bilingual(self) -> str:
        return f"{self.render('en')} | {self.render('vi')}"


def note(key: str, **params: object) -> Note:
    return Note(f"note.{key}", tuple(sorted(params.items())))


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
    #: things worth saying that are not errors
    notes: list[Note] = field(default_factory=list)
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

    >>> intake = validate_folder(sample)
    >>> intake.ok, len(intake.problems), len(intake.files)
    (True, 0, 14)
    """
    data_dir = Path(data_dir)
    today = today or dt.date.today()
    within = Period.parse(period, "--period") if isinstance(period, str) else period
    intake = Intake(data_dir)
    if not data_dir.is_dir():
        intake.problems.append(problem(data_dir, "no_data_folder"))
        return intake
    try:
        data_dir = resolve_store(data_dir)  # a store's current tables
    except SourceError as exc:
        intake.problems.extend(exc.problems)
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
        digest = table_digest(path) if name in raw else ""
        intake.files.append(
            FileRecord(name, path, digest, len(raw[name]) if name in raw else None)
        )
    if not found and not intake.problems:
        intake.problems.append(
            problem(data_dir, "nothing_to_check", tables=", ".join(dictionary.table_names))
        )

    unit_ids, validity = _unit_ids(intake, found, raw, store, today)
    for name in dictionary.table_names:
        if name not in raw or name == "units":
            continue
        table = dictionary.table(name)
        typed, problems = check_frame(raw[name], table, found[name], unit_ids, today,
                                      validity)
        intake.problems.extend(problems)
        intake.problems.extend(_period_problems(typed, table, found[name], raw[name].index, within))
        if len(typed) == 0:
            intake.problems.append(problem(found[name], "no_rows"))
        intake.tables[name] = typed

    if store is not None:
        _check_against_store(intake, Path(store), found, raw, within, reopen)
    for path in found.values():  # a partitioned table's rows: by part file and row
        intake.problems = localise(intake.problems, path)
    intake.problems = list(dict.fromkeys(intake.problems))  # once each, in order
    return intake


def _table_files(data_dir: Path, names: tuple[str, ...], intake: Intake) -> dict[str, Path]:
    """The table files of a folder; every other spreadsheet-like file is a problem."""
    by_table: dict[str, list[Path]] = {}
    for path in sorted(data_dir.iterdir()):
        if path.name in NOT_TABLES:
            continue
        if is_partitioned(path) and path.name in names:
            by_table.setdefault(path.name, []).append(path)  # a partitioned table
            continue
        if not path.is_file() and not (path.stem in names and path.suffix.lower() in SUFFIXES):
            continue  # a folder, link or device named like a table file is read, and refused
        if path.name.startswith("~$"):
            intake.notes.append(note("excel_lock_file", file=path.name))
            continue
        if path.name.startswith("."):
            continue
        suffix = path.suffix.lower()
        stem = path.stem
        if stem in names and suffix in SUFFIXES:
            by_table.setdefault(stem, []).append(path)
        elif stem in names and suffix in (".xls", ".xlsm"):
            intake.problems.append(problem(path, "old_xls" if suffix == ".xls" else "xlsm"))
        elif stem in names and suffix in SPREADSHEET_LIKE:
            intake.problems.append(problem(path, "unsupported_type", suffix=repr(suffix)))
        elif suffix in SPREADSHEET_LIKE:
            intake.problems.append(_unknown_file(path, names))
    found: dict[str, Path] = {}
    for name, files in by_table.items():
        if len(files) > 1:
            intake.problems.append(
                problem(data_dir / name, "table_twice",
                        files=", ".join(display_name(p) for p in files))
            )
        else:
            found[name] = files[0]
    return {name: found[name] for name in names if name in found}


def _unknown_file(path: Path, names: tuple[str, ...]) -> Problem:
    stem = path.stem
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
    if guess:
        return problem(path, "unknown_table_file_hint", tables=", ".join(names),
                       guess=repr(guess))
    return problem(path, "unknown_table_file", tables=", ".join(names))


def _unit_ids(
    intake: Intake,
    found: dict[str, Path],
    raw: dict[str, pd.DataFrame],
    store: str | Path | None,
    today: dt.date,
) -> tuple[list[str] | None, pd.DataFrame | None]:
    """Unit ids to check the other tables against, and when each unit exists
    (:func:`unit_validity`): the folder's units, else the store's."""
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
            problems.append(problem(found["units"], "no_rows"))
        intake.problems.extend(problems)
        if problems:
            intake.notes.append(note("units_broken"))
            return None, None
        intake.tables["units"] = typed
        return typed["unit_id"].dropna().tolist(), unit_validity(typed)
    if "units" in found:  # present but unreadable
        intake.notes.append(note("units_broken"))
        return None, None
    try:
        stored = resolve_store(store) / "units.parquet" if store is not None else None
    except SourceError as exc:
        intake.problems.extend(exc.problems)
        return None, None
    if stored is not None and stored.exists():
        try:
            units = load_store_table(stored, dictionary.table("units"))
            return units["unit_id"].tolist(), unit_validity(units)
        except SourceError as exc:
            intake.problems.extend(exc.problems)
            return None, None
    if any(name != "units" for name in found):
        if store is not None:
            intake.problems.append(problem(intake.directory / "units.csv", "no_units_anywhere"))
        else:
            intake.notes.append(note("units_not_checked"))
    return None, None


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
        "outside_period",
        _shown(typed[column], outside),
        index,
        period=str(within),
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


def _closed_mask(codes: np.ndarray, closed: set[str]) -> np.ndarray:
    years = {int(c) for c in closed if "Q" not in c}
    quarters = {int(c[:4]) * 10 + int(c[5]) for c in closed if "Q" in c}
    mask = np.isin(codes // 10, list(years))
    mask |= np.isin(codes, list(quarters))
    # A year row (code YYYY0) covers every quarter of its year.
    mask |= (codes % 10 == 0) & np.isin(codes // 10, [q // 10 for q in quarters])
    return mask & (codes >= 0)


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
    try:
        tables_dir = resolve_store(store)
    except SourceError as exc:
        intake.problems.extend(exc.problems)
        return
    stored: dict[str, pd.DataFrame] = {}
    for name in dictionary.table_names:
        path = tables_dir / f"{name}.parquet"
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
                    "closed_period",
                    _shown(incoming[column], mask),
                    raw[name].index,
                )
            )
            for code in sorted(replace - set(codes.tolist())):
                if _closed_mask(np.array([code]), closed)[0]:
                    intake.problems.append(problem(
                        path, "period_replaces_closed", period=str(within),
                        closed=code_label(code)))
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
        _check_stored_units(intake, stored, tables_dir)
    for name, frame in intake.merged.items():
        # Periods in time order, rows of a period in the order of their file: the same
        # imports give the same bytes, whatever periods were replaced in between.
        codes = period_codes(frame, dictionary.table(name))
        if codes is not None:
            order = np.argsort(codes, kind="stable")
            intake.merged[name] = frame.iloc[order].reset_index(drop=True)


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
    names = ", ".join(key)
    flagged = np.flatnonzero(mask)[:MAX_ROWS_PER_PROBLEM]
    wanted = pd.MultiIndex.from_frame(incoming[key].iloc[flagged].astype("string"))
    holders = kept.loc[np.asarray(seen.isin(wanted))]
    stored_in = dict(
        zip(
            holders[key].astype(str).itertuples(index=False, name=None),
            period_codes(holders, table).tolist(),
            strict=True,
        )
    )
    numbers = row_numbers(index)
    problems = []
    for i in flagged:
        ident = tuple(str(incoming[k].iloc[i]) for k in key)
        where = code_label(int(stored_in[ident]))
        problems.append(problem(path, "already_stored" if len(key) > 1 else "already_stored_id",
                                row=int(numbers[i]), column=key[-1],
                                value=ident[-1], key=names, period=where))
    if mask.sum() > MAX_ROWS_PER_PROBLEM:
        problems.append(problem(path, "already_stored_more" if len(key) > 1
                                else "already_stored_id_more", column=key[-1], key=names,
                                more=int(mask.sum()) - MAX_ROWS_PER_PROBLEM))
    return problems


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
                intake.problems.append(problem(store / f"{name}.parquet", "units_dropped",
                                               column=column.name, units=shown))



def problems_csv(problems: Iterable[Problem]) -> str:
    """The problems as CSV: ``file,row,column,value,problem_en,problem_vi``.

    The values are the cells as agencies typed them: a value a spreadsheet would run as
    a formula is written inert (:func:`cchc.files.to_csv_text`).

    >>> print(problems_csv([problem("units.csv", "empty_cell", row=3, column="name",
    ...                            value="=1+1")]), end="")
    file,row,column,value,problem_en,problem_vi
    units.csv,3,name,'=1+1,empty cell; a value is required,ô trống; bắt buộc phải có giá trị
    """
    frame = pd.DataFrame(
        [(p.file if p.parameter is None else p.where("en"), p.row, p.column, p.value,
          p.describe("en"), p.describe("vi")) for p in problems],
        columns=["file", "row", "column", "value", "problem_en", "problem_vi"],
    )
    frame["row"] = frame["row"].astype("Int64")
    return to_csv_text(frame)
