"""A data folder, loaded: the unit tree and every source table present.

All file input of the project goes through :mod:`cchc.sources`. Every problem found in
every file is collected and raised at once as a :class:`~cchc.errors.SourceError`.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cchc.errors import SourceError, problem
from cchc.sources.read import (
    SYNTHETIC_MARKER,
    find_table_file,
    localise,
    read_raw,
    table_stamp,
)
from cchc.sources.store import resolve_store
from cchc.sources.validate import Checker, unit_validity, validate_frame
from cchc.spec.dictionary import load_dictionary
from cchc.spec.units import Units

log = logging.getLogger(__name__)


def load_table(path: Path, name: str, unit_ids: Iterable[str] | None = None,
               validity: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and validate one table file (or partitioned folder); raise a SourceError
    listing every problem (in a partitioned table: by part file and row within it).

    ``validity`` (:func:`cchc.sources.validate.unit_validity`) also refuses rows dated
    outside the time their unit exists.
    """
    table = load_dictionary().table(name)
    raw = read_raw(path, table)
    try:
        return validate_frame(raw, table, path, unit_ids, validity=validity)
    except SourceError as exc:
        raise SourceError(localise(exc.problems, path)) from None



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

    def is_loaded(self, name: str) -> bool:
        """Whether the rows of ``name`` are in memory (not only its fast-path counts)."""
        return name in self._loaded

    def __repr__(self) -> str:
        return f"Tables({', '.join(self._order)})"


@dataclass(frozen=True)
class Dataset:
    """A data folder, loaded: the unit tree and every source table present.

    ``aggregates`` holds, for a large Parquet table read by the fast path, the counts
    the measures need (:func:`cchc.sources.fastpath.aggregate_table`: ``dossiers`` →
    :data:`cchc.spec.counts.DOSSIER_COUNTS` per unit and quarter, and ``payments`` per
    procedure too; ``surveys``; ``ratings``); its rows are then read only if asked for
    (the measures never ask).
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

    def columns(self, name: str, names: Iterable[str],
                between: tuple[str, dt.date, dt.date] | None = None) -> pd.DataFrame | None:
        """Columns ``names`` of table ``name``, typed (None if the table is absent); with
        ``between`` (a date column, first and last day), only the rows in that span.

        A large Parquet table read by the fast path is not read whole for this: only
        these columns (and rows) are read from its file
        (:func:`cchc.sources.fastpath.read_columns`). An optional column the table lacks
        comes back empty.
        """
        if name not in self.tables:
            return None
        names = list(dict.fromkeys(names))
        if self._fast(name):
            from cchc.sources import fastpath

            return fastpath.read_columns(self.files[name], load_dictionary().table(name),
                                         names, self.units.ids, between)
        frame = self.tables[name]
        if between is not None:
            column, first, last = between
            when = frame[column]
            frame = frame[((when >= pd.Timestamp(first)) & (when <= pd.Timestamp(last)))
                          .fillna(False).to_numpy(dtype=bool)]
        return frame[names].reset_index(drop=True)

    def latest(self, name: str, names: Iterable[str]) -> pd.Timestamp | None:
        """The latest date in columns ``names`` of table ``name`` (None if none)."""
        return self.date_range(name, names)[1]

    def date_range(self, name: str, names: Iterable[str]
                   ) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """The earliest and latest dates in columns ``names`` of table ``name`` (None if
        none): from the Parquet file's statistics for a table read by the fast path."""
        if name not in self.tables:
            return None, None
        if self._fast(name):
            from cchc.sources import fastpath

            return fastpath.date_range(self.files[name], load_dictionary().table(name), names)
        frame = self.tables[name]
        values = [v for n in names if n in frame for v in (frame[n].min(), frame[n].max())]
        values = [pd.Timestamp(v) for v in values if not pd.isna(v)]
        return (min(values), max(values)) if values else (None, None)

    def _fast(self, name: str) -> bool:
        """Whether table ``name`` is known by its fast-path counts only (rows not read)."""
        loaded = not isinstance(self.tables, Tables) or self.tables.is_loaded(name)
        return name in self.aggregates and not loaded


def load_data(data_dir: str | Path, tables: Iterable[str] | None = None) -> Dataset:
    """Load ``units`` and the source tables of a data folder.

    A table that is absent makes its measures "no data" (logged as a warning). Every
    problem in every file is collected before raising one SourceError.

    >>> load_data(sample).units.root
    'lao-cai-2025'
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise SourceError.one(data_dir, "no_data_folder")
    data_dir = resolve_store(data_dir)  # a store's current version, else the folder
    dictionary = load_dictionary()
    units_file = find_table_file(data_dir, "units")
    if units_file is None:
        raise SourceError.one(data_dir / "units.csv", "units_missing")
    units_frame = load_table(units_file, "units")
    problems = []
    unit_ids = units_frame["unit_id"].dropna().tolist()
    units = validate_units(units_frame, units_file)
    validity = unit_validity(units_frame)
    wanted = [t for t in dictionary.table_names if t != "units"]
    if tables is not None:
        wanted = [t for t in wanted if t in set(tables)]
    loaded: dict[str, pd.DataFrame] = {}
    deferred: dict[str, Callable[[], pd.DataFrame]] = {}
    aggregates: dict[str, pd.DataFrame] = {}
    files: dict[str, Path] = {"units": units_file}
    absent: list[str] = []
    found: dict[str, list] = {name: [] for name in wanted}  # each table's problems
    fast: list[str] = []
    for name in wanted:
        try:
            path = find_table_file(data_dir, name)
        except SourceError as exc:
            found[name].extend(exc.problems)
            continue
        if path is None:
            absent.append(name)
            if dictionary.table(name).measures:
                log.warning("%s: no %s table; its measures will show 'no data'",
                            data_dir, name)
            else:  # a table only an index reads (complaints, ratings)
                log.info("%s: no %s table; the index criteria it feeds show 'no data'",
                         data_dir, name)
            continue
        files[name] = path
        if _takes_fast_path(path, name):
            fast.append(name)

    def read(name: str) -> None:
        try:
            loaded[name] = load_table(files[name], name, unit_ids, validity)
        except SourceError as exc:
            found[name].extend(exc.problems)

    # The large tables are checked and counted in DuckDB, which leaves Python free: one
    # thread does them while this one reads the other tables (a core each).
    with ThreadPoolExecutor(max_workers=1) as pool:
        counted = {name: pool.submit(_aggregate_fast, files[name], name, unit_ids, validity)
                   for name in fast}
        for name in files:
            if name != "units" and name not in counted:
                read(name)
        for name, future in counted.items():
            counts = future.result()
            if counts is None:  # something wrong or unusual: the pandas path says what
                read(name)
                continue
            aggregates.update(counts)
            deferred[name] = functools.partial(load_table, files[name], name, unit_ids,
                                               validity)
    problems = [p for name in wanted for p in found[name]]  # in the tables' order
    if problems:
        raise SourceError(problems)
    return Dataset(data_dir, units, Tables(loaded, deferred, wanted), files, tuple(absent),
                   (data_dir / SYNTHETIC_MARKER).exists(), aggregates)


def _takes_fast_path(path: Path, name: str) -> bool:
    from cchc.sources import fastpath

    return fastpath.applies(path, name)


def _aggregate_fast(path: Path, name: str, unit_ids: list[str],
                    validity: pd.DataFrame | None) -> dict[str, pd.DataFrame] | None:
    """The fast path's counts for a large Parquet table, or None: read it the usual way."""
    from cchc.sources import fastpath

    return fastpath.aggregate_table(path, load_dictionary().table(name), unit_ids,
                                    validity=validity)


def load_units(data_dir: str | Path) -> Units:
    """The unit tree of a data folder, read once per version of its units file.

    Pages and workbooks ask for it on every open; the file is parsed again only when its
    size or modification time changed.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise SourceError.one(data_dir, "no_data_folder")
    data_dir = resolve_store(data_dir)  # a store's current version, else the folder
    units_file = find_table_file(data_dir, "units")
    if units_file is None:
        raise SourceError.one(data_dir / "units.csv", "units_missing")
    return _load_units(units_file.resolve(), table_stamp(units_file))


@functools.lru_cache(maxsize=16)
def _load_units(units_file: Path, stamp: tuple) -> Units:
    return validate_units(load_table(units_file, "units"), units_file)


def validate_units(frame: pd.DataFrame, path: str | Path) -> Units:
    """Check a typed units table as a tree (parents, successors, levels) and wrap it."""
    _check_unit_refs(frame, Path(path))
    return Units.from_frame(frame, str(path))


#: What separates several ids written in one successor_id cell (a split, refused).
_SEVERAL = r"[,;|]|\s+"


def _check_unit_refs(frame: pd.DataFrame, path: Path) -> None:
    check = Checker(str(path))
    known = set(frame["unit_id"].dropna())
    for column in ("parent_id", "successor_id"):
        if column in frame:
            series = frame[column]
            bad = series.notna().to_numpy() & ~series.isin(known).to_numpy()
            if column == "successor_id" and bad.any():
                parts = series.astype("string").str.split(_SEVERAL, regex=True)
                several = parts.map(lambda p: isinstance(p, list) and len(
                    [x for x in p if x]) > 1).fillna(False).to_numpy(dtype=bool) & bad
                for i in map(int, several.nonzero()[0]):
                    check.problems.append(problem(
                        str(path), "split_succession", row=check.row_number(i),
                        column=column, value=series.iloc[i],
                        units=", ".join(x for x in parts.iloc[i] if x)))
                bad &= ~several
            check.rows(bad, column, "unknown_unit_in_file", series)
    if check.problems:
        raise SourceError(check.problems)
