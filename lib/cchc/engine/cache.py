"""Evaluations computed once and reused: in memory, and on disk between processes.

Workbooks of one batch and every page of a dashboard need the same evaluation of a
data folder for a period; computing it reads every record, so it is kept, keyed by a
fingerprint of everything it depends on: the data files (names, sizes, modification
times), the period, the params (their contents) and the package's own source code (its
contents, so an edit of a measure is never answered with the old numbers).

On disk an evaluation is a folder ``evaluation-<key>/`` of Parquet tables and a JSON
manifest (the key, the tables, their row counts, column types and SHA-256): nothing in it
can execute. On load the manifest is checked against the key, each table file against
its hash, and each table against the manifest; a damaged, foreign, swapped or outdated
folder, or one reached through a symbolic link, is ignored with a warning (a cache miss),
never trusted. Folders are written beside their final name and renamed into place, so a
reader sees a whole evaluation or none. The location is ``outputs/cache``, or
``$CCHC_CACHE``.

Earlier versions pickled evaluations (``evaluation-<key>.pickle``); unpickling runs
whatever the file says, so such a file is never opened: it is named in a warning, to be
deleted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cchc import __version__, paths
from cchc.engine.coverage import compute_periods
from cchc.engine.index import IndexEvaluation, compute_index
from cchc.engine.results import Evaluation, evaluate
from cchc.errors import ParameterError
from cchc.files import atomic_path, file_sha256
from cchc.sources.dataset import Dataset, load_data
from cchc.sources.read import SUFFIXES, SYNTHETIC_MARKER, input_files, input_name
from cchc.sources.store import resolve_store
from cchc.spec.catalogue import load_programme
from cchc.spec.indices import load_index
from cchc.spec.periods import FIRST_YEAR, Period

log = logging.getLogger(__name__)
_MEMORY: dict[str, Evaluation | IndexEvaluation] = {}
#: Written into every manifest; a cache folder of another format is a miss.
FORMAT = "cchc-evaluation-2"


@functools.cache
def code_fingerprint() -> str:
    """A hash of the package's source files (every ``.py`` under ``cchc/``, by content).

    >>> len(code_fingerprint())
    64
    """
    digest = hashlib.sha256()
    for file in sorted(paths.PACKAGE_DIR.rglob("*.py")):
        digest.update(str(file.relative_to(paths.PACKAGE_DIR)).encode())
        digest.update(b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def fingerprint(data_dir: str | Path, period: str, programme: str | Path | None = None) -> str:
    """A key that changes whenever an input of the evaluation changes (data, period,
    params, the programme's catalogue, code)."""
    data_dir, files = _data_state(data_dir)
    state = {
        "version": __version__,
        "code": code_fingerprint(),
        "dir": data_dir,
        "period": str(Period.parse(period, months=True)),
        "files": files,
        "params": [(p.name, hashlib.sha256(p.read_bytes()).hexdigest())
                   for p in sorted(paths.PARAMS_DIR.rglob("*")) if p.is_file()],
    }
    if programme:  # a programme may live outside params/: its content is in the key
        catalogue = load_programme(programme)
        state["programme"] = hashlib.sha256(catalogue.model_dump_json().encode()).hexdigest()
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:32]


def _data_state(data_dir: str | Path) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """The data folder (a store: its current version's) and each input file's name, size
    and modification time: every table file, every file of a partitioned table's folder,
    the synthetic marker."""
    folder = resolve_store(Path(data_dir)).resolve()
    files = sorted({*input_files(folder),
                    *(p for p in folder.iterdir()  # a broken link is a change too
                      if p.suffix.lower() in SUFFIXES or p.name == SYNTHETIC_MARKER)})
    return str(folder), tuple((input_name(p, folder), *_size_and_time(p)) for p in files)


#: Within :func:`sharing_loads`: the data folders loaded, by their state and tables.
_LOADED: dict[tuple, Dataset] | None = None


@contextlib.contextmanager
def sharing_loads() -> Iterator[None]:
    """Within it, evaluations computed from the same data folder (a batch's period and
    the previous period) check and count its files once, not once each: the second
    reuses the first's loaded data while the files are unchanged (names, sizes,
    modification times). Only within: a loaded folder holds its small tables (and any
    large one an evaluation read row by row) in memory."""
    global _LOADED
    outer = _LOADED
    _LOADED = {} if outer is None else outer
    try:
        yield
    finally:
        _LOADED = outer


def _load(data_dir: str | Path, tables: tuple[str, ...] | None = None) -> Dataset:
    """:func:`~cchc.sources.dataset.load_data`, shared within :func:`sharing_loads`."""
    if _LOADED is None:
        return load_data(data_dir, tables)
    key = (_data_state(data_dir), tables)
    if key not in _LOADED:
        _LOADED[key] = load_data(data_dir, tables)
    return _LOADED[key]


def _size_and_time(path: Path) -> tuple[int, int]:
    """What the key records of a file; a broken link counts as itself (reading the data
    then says what is wrong with it)."""
    try:
        info = path.stat()
    except OSError:
        info = path.lstat()
        return -1, info.st_mtime_ns
    return info.st_size, info.st_mtime_ns


def load_evaluation(data_dir: str | Path, period: str, cache_dir: str | Path | None = None,
                    programme: str | Path | None = None) -> Evaluation:
    """The evaluation of ``data_dir`` for ``period``: from memory, the disk cache, or computed.

    ``programme`` chooses the catalogue (:func:`cchc.spec.catalogue.load_programme`; the
    shipped one by default). Raises the SourceError / ParameterError of the inputs, like
    :func:`evaluate`.
    """
    key = fingerprint(data_dir, period, programme)
    if key in _MEMORY:
        return _MEMORY[key]
    folder = Path(cache_dir or paths.CACHE_DIR) / f"evaluation-{key}"
    legacy = folder.with_name(f"{folder.name}.pickle")
    if os.path.lexists(legacy):
        log.warning("not opening %s: pickled caches can run code; delete it", legacy)
    found = os.path.lexists(folder)
    evaluation = read_evaluation(folder, key)
    if evaluation is None:
        evaluation = evaluate(_load(data_dir), period, load_programme(programme))
        if found:  # an entry not trusted is replaced, not kept to be distrusted again
            _discard(folder)
        write_evaluation(evaluation, folder, key)
    _MEMORY[key] = evaluation
    return evaluation


def load_index_evaluation(data_dir: str | Path, index_id: str, period: str,
                          cache_dir: str | Path | None = None) -> IndexEvaluation:
    """An index of ``params/indices/`` for ``period``, with its monthly trend: from memory,
    the disk cache (keyed like evaluations, and by the index), or computed.

    Raises the ParameterError of an unknown index or a period the records do not reach,
    and the folder's SourceError.
    """
    definition = load_index(index_id)
    key = f"{fingerprint(data_dir, period)}-{definition.id}"
    if key in _MEMORY:
        return _MEMORY[key]  # type: ignore[return-value]
    folder = Path(cache_dir or paths.CACHE_DIR) / f"index-{key}"
    found = os.path.lexists(folder)
    evaluation = read_evaluation(folder, key, IndexEvaluation)
    if evaluation is None:
        evaluation = compute_index(_load(data_dir, definition.tables), definition, period,
                                   trend=True)
        if found:
            _discard(folder)
        write_evaluation(evaluation, folder, key)
    _MEMORY[key] = evaluation
    return evaluation  # type: ignore[return-value]


def write_evaluation(evaluation: Evaluation | IndexEvaluation, folder: Path, key: str
                     ) -> None:
    """Write ``evaluation`` as ``folder`` (Parquet tables + manifest), atomically.

    A failure to write is logged, not raised: the cache is only a cache.
    """
    tables: dict[str, dict] = {}
    values: dict[str, object] = {}
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        log.warning("could not write the cache %s: %s", folder, exc)
        return
    try:
        for field in dataclasses.fields(evaluation):
            value = getattr(evaluation, field.name)
            if isinstance(value, pd.DataFrame):
                arrow = pa.Table.from_pandas(value, preserve_index=False)
                pq.write_table(arrow, work / f"{field.name}.parquet", compression="zstd")
                tables[field.name] = {"rows": len(value), "columns": _columns(value),
                                      "sha256": file_sha256(work / f"{field.name}.parquet")}
            else:
                values[field.name] = value
        manifest = {"format": FORMAT, "key": key, "tables": tables, "values": values}
        (work / "manifest.json").write_text(json.dumps(manifest, sort_keys=True),
                                            encoding="utf-8")
        os.rename(work, folder)  # atomic; fails if another process wrote it first
    except OSError as exc:
        if not folder.is_dir():
            log.warning("could not write the cache %s: %s", folder, exc)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_evaluation(folder: Path, key: str, kind: type = Evaluation
                    ) -> Evaluation | IndexEvaluation | None:
    """The evaluation (of ``kind``) cached as ``folder``, or None (absent, damaged,
    foreign, outdated).

    Only Parquet and JSON are read, and only after the manifest has been checked and each
    table's bytes matched to the hash the manifest gives: nothing in a cache folder can
    run code, and a table swapped for another is noticed. Symbolic links are not
    followed: a cache entry is a real folder of real files, written by this module.
    """
    manifest_file = folder / "manifest.json"
    if not os.path.lexists(folder):
        return None
    try:
        _real(folder, directory=True)
        if not os.path.lexists(manifest_file):
            raise ValueError("no manifest")
        _real(manifest_file)
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("the manifest is not an object")
        if manifest.get("format") != FORMAT or manifest.get("key") != key:
            raise ValueError("written for other inputs")
        names = {f.name for f in dataclasses.fields(kind)}
        tables, values = manifest["tables"], manifest["values"]
        if set(tables) | set(values) != names:
            raise ValueError("written by another version")
        loaded: dict[str, object] = dict(values)
        for name, expected in tables.items():
            file = folder / f"{name}.parquet"
            _real(file)
            if file_sha256(file) != expected["sha256"]:
                raise ValueError(f"{file.name} is not the file the manifest describes")
            frame = pq.read_table(file).to_pandas()
            if len(frame) != expected["rows"] or _columns(frame) != expected["columns"]:
                raise ValueError(f"{name} does not match the manifest")
            loaded[name] = frame
        return kind(**loaded)
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException) as exc:
        log.warning("ignoring the cache folder %s: %s", folder, exc)
        return None


def _discard(entry: Path) -> None:
    """Remove a cache entry that was not trusted: a link is unlinked (never followed), a
    folder first renamed aside (a reader then sees it whole or not at all)."""
    try:
        if not os.path.lexists(entry):
            return
        if entry.is_symlink() or not entry.is_dir():
            entry.unlink()
            return
        aside = Path(tempfile.mkdtemp(prefix=f".{entry.name}.discarded-", dir=entry.parent))
        os.rename(entry, aside / entry.name)
        shutil.rmtree(aside, ignore_errors=True)
    except OSError as exc:
        log.warning("could not remove the cache entry %s: %s", entry, exc)


def _real(path: Path, directory: bool = False) -> None:
    """Raise ValueError unless ``path`` is a regular file (or folder), not a link."""
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        raise ValueError(f"{path.name} is a symbolic link")
    if not (stat.S_ISDIR(mode) if directory else stat.S_ISREG(mode)):
        raise ValueError(f"{path.name} is not a regular {'folder' if directory else 'file'}")


def _columns(frame: pd.DataFrame) -> list[list[str]]:
    return [[str(name), str(dtype)] for name, dtype in frame.dtypes.items()]


def load_periods(data_dir: str | Path) -> list[str]:
    """Every period the data folder covers, newest first (:func:`compute_periods`), cached
    beside the evaluations as JSON under the same kind of key.

    Raises the folder's SourceError, or a ParameterError when it holds no dated record.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise ParameterError.one("data_dir", "no_data_folder", data_dir)
    file = paths.CACHE_DIR / f"periods-{fingerprint(data_dir, str(FIRST_YEAR))}.json"
    try:
        _real(file)
        periods = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(periods, list) and periods:
            return [str(Period.parse(p)) for p in periods]
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, ParameterError) as exc:
        log.warning("ignoring the cache file %s: %s", file, exc)
    periods = compute_periods(load_data(data_dir))
    if not periods:
        raise ParameterError.one("data_dir", "no_dated_records", data_dir)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(periods))
        os.replace(tmp, file)
    except OSError as exc:
        log.warning("could not write the cache %s: %s", file, exc)
    return periods


def cached_text(name: str, build: Callable[[], str], cache_dir: str | Path | None = None
                ) -> str:
    """A text slow to build that depends only on the installed libraries (the charts'
    JavaScript, bundled by vl-convert: 2 s a run), kept in the cache as ``texts/<name>``
    with its SHA-256 beside it; ``name`` carries the libraries' versions. A missing,
    damaged or linked file is built again; a cache that cannot be written is skipped.

    >>> cached_text("demo-1.txt", lambda: "built", tmp) == cached_text("demo-1.txt", str, tmp)
    True
    """
    folder = Path(cache_dir or paths.CACHE_DIR) / "texts"
    path, digest = folder / name, folder / f"{name}.sha256"
    try:
        if not path.is_symlink() and not digest.is_symlink():
            text = path.read_text(encoding="utf-8")
            if hashlib.sha256(text.encode()).hexdigest() == digest.read_text("ascii").strip():
                return text
    except (OSError, UnicodeError):
        pass
    text = build()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
        with atomic_path(digest) as tmp:
            tmp.write_text(hashlib.sha256(text.encode()).hexdigest() + "\n", encoding="ascii")
    return text
