"""Importing a validated folder into the store: one writer at a time, one atomic switch.

The store's layout is described in :mod:`cchc.sources.store` (which reads it): version
folders ``versions/v000007/`` of Parquet tables, the file ``CURRENT`` naming the one in
force, the log ``imports.jsonl`` and the closed periods at the top.

An import

1. takes the store's lock (``flock`` on the store folder itself: released by the system
   when the process ends, however it ends), waiting up to ``wait`` seconds for another
   import to finish, else refusing with nothing written;
2. cleans up what a killed import left (:func:`recover`);
3. validates the folder against the store as it now is;
4. writes the new version in a hidden folder beside the others: the imported tables,
   the untouched tables hard-linked from the current version, the log entry; syncs it
   and renames it into place;
5. writes ``CURRENT.tmp`` and renames it onto ``CURRENT``: this rename is the switch,
   the one step that makes the import happen;
6. appends the log line (``imports.jsonl``), then removes versions older than the
   previous one (kept for readers still reading it, and to roll back by hand).

A kill before step 5 leaves the old store and some debris, which the next command
removes; a kill after it leaves the new store, whose log line, if missing, the next
command adds from the version's ``import.json``. The steps are named in :data:`STEPS`;
tests stop an import at each of them through :data:`step_hook`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa

from cchc import paths
from cchc.errors import SourceError, problem
from cchc.files import write_parquet
from cchc.intake.folder import ImportResult, IntakeError, Note, note, validate_folder
from cchc.sources.read import SYNTHETIC_MARKER
from cchc.sources.store import (
    IMPORT_ENTRY,
    IMPORT_LOG,
    POINTER,
    STORE_TYPES,
    VERSION_NAME,
    VERSIONS,
    current_version,
)
from cchc.spec.dictionary import Table, load_dictionary
from cchc.spec.periods import Period

#: The steps of an import, in order (``table_written`` comes once per table).
STEPS = ("locked", "recovered", "validated", "staging", "table_written", "synced",
         "version_in_place", "pointer_written", "switched", "logged", "pruned")
#: Called with each step's name as the import reaches it; tests set it to stop there.
step_hook: Callable[[str], None] | None = None
#: How long a second import waits for the first by default (seconds).
DEFAULT_WAIT = 600


def _step(name: str) -> None:
    if step_hook is not None:
        step_hook(name)


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
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[], None] | None = None,
) -> ImportResult:
    """Validate ``data_dir`` and switch ``store`` to a new version holding its tables.

    Raises a SourceError listing every problem, and then the store is left exactly as
    it was; so is it when the writing fails or is interrupted before the switch. While
    another import holds the store, waits up to ``wait`` seconds (``on_wait`` is called
    once, to say so), then raises a SourceError (``store_busy``).

    >>> result = import_folder(sample, tmp / "store")
    >>> result.stored_rows["units"], (tmp / "store" / "CURRENT").read_text()
    (66, 'v000001\\n')
    """
    store = Path(store) if store is not None else paths.PROCESSED_DIR
    created = not store.exists()
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceError(
            problem(store, "store_unwritable", reason=exc.strerror or str(exc))
        ) from None
    try:
        return _import(data_dir, store, period, reopen, today, wait, on_wait)
    except BaseException:
        if created:  # a refused first import leaves no empty store behind
            with contextlib.suppress(OSError):
                store.rmdir()
        raise


def _import(data_dir: str | Path, store: Path, period: str | Period | None, reopen: bool,
            today: dt.date | None, wait: float,
            on_wait: Callable[[], None] | None) -> ImportResult:
    with store_lock(store, wait, on_wait):
        try:
            _step("locked")
            notes = recover(store)
            _step("recovered")
            intake = validate_folder(data_dir, period=period, store=store, reopen=reopen,
                                     today=today)
            intake.notes[:0] = notes
            if not intake.problems and not intake.tables:
                intake.problems.append(problem(data_dir, "nothing_to_import"))
            if intake.problems:
                raise IntakeError(intake)
            _step("validated")
            dictionary = load_dictionary()
            files = {
                f"{name}.parquet": to_arrow(frame, dictionary.table(name))
                for name, frame in intake.merged.items()
            }
            entry = {
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace(
                    "+00:00", "Z"),
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
            _commit(store, files, entry, intake.synthetic)
        except OSError as exc:
            raise SourceError(
                problem(store, "store_unwritable", reason=exc.strerror or str(exc))
            ) from None
    return ImportResult(store, intake, entry["stored_rows"], entry)


# --------------------------------------------------------------------------- the lock


@contextlib.contextmanager
def store_lock(store: Path, wait: float = DEFAULT_WAIT,
               on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the store's writer lock: an exclusive ``flock`` on the store folder.

    The lock is the folder's own (no lock file to go stale): the system releases it when
    the holder ends, even by ``kill -9``.
    """
    handle = os.open(store, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if not _try_lock(handle):
            if on_wait is not None:
                on_wait()
            deadline = time.monotonic() + max(wait, 0)
            while not _try_lock(handle):
                if time.monotonic() >= deadline:
                    raise SourceError(problem(store, "store_busy", seconds=int(wait)))
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _try_lock(handle: int) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


# --------------------------------------------------------------------------- commit


def _commit(store: Path, tables: dict[str, pa.Table], entry: dict, synthetic: bool) -> None:
    """Write the new version beside the others, then switch ``CURRENT`` to it."""
    versions = store / VERSIONS
    versions.mkdir(exist_ok=True)
    current = current_version(store)
    source = versions / current if current else store  # a store from before versions
    name = _next_version(versions)
    entry = {**entry, "version": name}
    staging = versions / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        _step("staging")
        for file, arrow in tables.items():
            write_parquet(arrow, staging / file)
            _step("table_written")
        kept = sorted(p.name for p in source.glob("*.parquet") if p.is_file())
        for file in kept:
            if file not in tables:
                _link_or_copy(source / file, staging / file)
        if synthetic or (source / SYNTHETIC_MARKER).is_file():
            (staging / SYNTHETIC_MARKER).write_text(
                "Synthetic data: imported from a folder marked synthetic.\n", encoding="utf-8"
            )
        (staging / IMPORT_ENTRY).write_text(_log_line(entry), encoding="utf-8")
        for path in staging.iterdir():
            _sync(path)
        _sync(staging)
        _step("synced")
        os.rename(staging, versions / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pointer_tmp = store / f"{POINTER}.tmp"
    try:
        _sync(versions)
        _step("version_in_place")
        with open(pointer_tmp, "w", encoding="utf-8") as handle:
            handle.write(name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        _step("pointer_written")
        os.replace(pointer_tmp, store / POINTER)  # the switch
    except BaseException:
        pointer_tmp.unlink(missing_ok=True)
        if _pointed(store) != name:  # interrupted after the switch: the version stays
            shutil.rmtree(versions / name, ignore_errors=True)
        raise
    _sync(store)
    _step("switched")
    # The import has happened: what follows is bookkeeping that the next command
    # completes if it is cut short here.
    try:
        append_log(store, entry)
        _step("logged")
        _prune(store, name)
        _step("pruned")
    except OSError:
        pass


def _pointed(store: Path) -> str | None:
    try:
        return (store / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _next_version(versions: Path) -> str:
    numbers = [int(p.name.lstrip(".")[1:].split(".")[0]) for p in versions.iterdir()
               if VERSION_NAME.fullmatch(p.name.lstrip(".").split(".")[0])]
    return f"v{max(numbers, default=0) + 1:06d}"


def _link_or_copy(source: Path, target: Path) -> None:
    """Tables are never changed in place, so a version may share a file with another."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _log_line(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"


def append_log(store: Path, entry: dict) -> None:
    """Append ``entry`` to the store's log, synced; a line cut short by a kill is removed
    first, so the log stays one JSON object per line."""
    path = store / IMPORT_LOG
    with open(path, "a+b") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        if size:
            handle.seek(max(0, size - 1))
            if handle.read(1) != b"\n":  # a partial last line
                handle.seek(0)
                data = handle.read()
                handle.truncate(data.rfind(b"\n") + 1)
        handle.write(_log_line(entry).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def _sync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# --------------------------------------------------------------------------- recovery


def recover(store: Path) -> list[Note]:
    """Finish or undo what an interrupted import left; call it holding the lock.

    Removes hidden version folders and ``CURRENT.tmp`` (an import killed before its
    switch), versions newer than the current one that were never in force (killed just
    before it), the work
    folders of the old layout (``.STORE.import-*``), tables of the old layout left at
    the top; adds the current version's log line if it is missing (killed after the
    switch); keeps the current and the previous version only.
    """
    done: list[str] = []
    notes: list[Note] = []
    versions = store / VERSIONS
    for debris in [store / f"{POINTER}.tmp",
                   *(versions.glob(".v*") if versions.is_dir() else ()),
                   *store.parent.glob(f".{store.name}.import-*")]:
        if os.path.lexists(debris):
            _remove(debris)
            done.append(debris.name)
    current = current_version(store)
    if current is not None:
        for version in versions.iterdir():
            # newer than the current one and never in force (a version rolled back from
            # by hand is in the log, and stays)
            if (VERSION_NAME.fullmatch(version.name) and version.name > current
                    and not _logged(store, version.name)):
                _remove(version)
                done.append(f"{VERSIONS}/{version.name}")
        if not _logged(store, current):
            entry_file = versions / current / IMPORT_ENTRY
            if entry_file.is_file():
                append_log(store, json.loads(entry_file.read_text(encoding="utf-8")))
                notes.append(note("store_log_completed", store=str(store), version=current))
        done += _prune(store, current)
    if done:
        notes.insert(0, note("store_recovered", store=str(store), what=", ".join(done)))
    return notes


def tidy(store: str | Path) -> list[Note]:
    """:func:`recover` a store if no import holds it now (else leave it to that import).

    For the commands that read a store (``run``, ``compute``, ``serve``, ``validate
    --store``, ``template``): a folder that is not a store is left alone.
    """
    store = Path(store)
    looks_like_store = ((store / POINTER).exists() or (store / VERSIONS).is_dir()
                        or any(store.parent.glob(f".{store.name}.import-*")))
    if not store.is_dir() or not looks_like_store:
        return []
    try:
        handle = os.open(store, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return []
    try:
        if not _try_lock(handle):
            return []
        try:
            return recover(store)
        except (OSError, SourceError):
            return []  # a reader cannot fix it: the reader itself will say what is wrong
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _logged(store: Path, version: str) -> bool:
    path = store / IMPORT_LOG
    if not path.is_file():
        return False
    for line in reversed(path.read_bytes().splitlines()):
        try:
            if json.loads(line).get("version") == version:
                return True
        except (ValueError, AttributeError):
            continue
    return False


def _prune(store: Path, current: str) -> list[str]:
    """Keep the current version and the one before; remove older versions and the
    tables a store of the old layout kept at its top."""
    versions = sorted(p.name for p in (store / VERSIONS).iterdir()
                      if VERSION_NAME.fullmatch(p.name) and p.name < current)
    removed = []
    for name in versions[:-1]:
        _remove(store / VERSIONS / name)
        removed.append(f"{VERSIONS}/{name}")
    tables = set(load_dictionary().table_names)
    for path in store.iterdir():
        if (path.suffix == ".parquet" and path.stem in tables) or path.name == SYNTHETIC_MARKER:
            _remove(path)
            removed.append(path.name)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
