"""Importing a validated folder into the store, atomically.

The store holds one Parquet file per table (``<table>.parquet``), a log of imports
(``imports.jsonl``) and, optionally, the list of closed periods (``closed.txt`` or
``closed.yaml``). Reading it back is :mod:`cchc.sources.store`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa

from cchc import paths
from cchc.errors import SourceError, problem
from cchc.files import write_parquet
from cchc.intake.folder import IMPORT_LOG, ImportResult, IntakeError, validate_folder
from cchc.sources.read import SYNTHETIC_MARKER
from cchc.sources.store import STORE_TYPES
from cchc.spec.dictionary import Table, load_dictionary
from cchc.spec.periods import Period


def to_arrow(frame: pd.DataFrame, table: Table) -> pa.Table:
    """A typed table as the store keeps it: dictionary columns and types, no index."""
    arrays = []
    for column in table.columns:
        array = pa.array(frame[column.name], from_pandas=True)
        if column.type == "date":
            array = array.cast(pa.timestamp("ns")).cast(pa.date32(), safe=False)
        arrays.append(array.cast(STORE_TYPES[column.type]))
    return pa.Table.from_arrays(arrays, names=list(table.column_names))


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

    >>> result = import_folder(sample, tmp / "store")
    >>> result.stored_rows["units"], (tmp / "store" / "units.parquet").exists()
    (66, True)
    """
    store = Path(store) if store is not None else paths.PROCESSED_DIR
    intake = validate_folder(data_dir, period=period, store=store, reopen=reopen, today=today)
    if not intake.problems and not intake.tables:
        intake.problems.append(problem(data_dir, "nothing_to_import"))
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
            problem(store, "store_unwritable", reason=exc.strerror or str(exc))
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
            write_parquet(arrow, staged / name)
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
