"""Reading the store back: where its current tables are, the tables, its closed periods.

A store (``data/processed/`` by default) keeps each state of its tables in a version
folder, ``versions/v000007/`` (one Parquet file per table, the ``SYNTHETIC.md`` marker,
``import.json``: the log entry of the import that made it); the file ``CURRENT`` names
the version in force. An import writes a new version beside the others and then replaces
``CURRENT`` in one rename: a reader sees the old state or the new one, never a mix.
The log of imports (``imports.jsonl``) and the closed periods (``closed.txt``) stay at
the top of the store.

:func:`resolve_store` is the one place that turns a folder into the folder of its
tables: every reader (``load_data``, the evaluation cache's key, validation against a
store, the templates' unit lists) goes through it, so ``--data data/processed`` works
wherever a data folder does. A folder without ``CURRENT`` (a plain data folder, or a
store written before versions) is its own tables' folder.

Writing the store is :mod:`cchc.intake.store`; the column types both use are
:data:`STORE_TYPES`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from cchc.errors import ParameterError, Problem, SourceError, problem
from cchc.spec.dictionary import Table
from cchc.spec.periods import Period

CLOSED_FILES = ("closed.txt", "closed.yaml", "closed.yml")
#: The file naming the version in force, and the folder of versions.
POINTER = "CURRENT"
VERSIONS = "versions"
#: The log of imports, at the top of the store; each version's own entry, inside it.
IMPORT_LOG = "imports.jsonl"
IMPORT_ENTRY = "import.json"
#: A version's name: ``v`` and six or more digits, increasing with each import.
VERSION_NAME = re.compile(r"v\d{6,}")


def current_version(store: str | Path) -> str | None:
    """The name of the version ``CURRENT`` points to, or None for a folder without one.

    Raises a SourceError when ``CURRENT`` does not name a version folder of the store.
    """
    pointer = Path(store) / POINTER
    if not os.path.lexists(pointer):
        return None
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(problem(pointer, "store_pointer_broken", version="?",
                                  detail=str(exc))) from None
    if not VERSION_NAME.fullmatch(name) or not (Path(store) / VERSIONS / name).is_dir():
        raise SourceError(problem(pointer, "store_pointer_broken", version=name[:40],
                                  detail=""))
    return name


def resolve_store(folder: str | Path) -> Path:
    """The folder holding the tables of ``folder``: the current version of a store, else
    ``folder`` itself.

    >>> resolve_store(sample) == sample
    True
    """
    folder = Path(folder)
    name = current_version(folder)
    return folder if name is None else folder / VERSIONS / name

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


def load_store_table(path: str | Path, table: Table) -> pd.DataFrame:
    """Read a stored table back with the dtypes the readers give (see ``check_frame``).

    A column the dictionary gained since the table was stored comes back empty; a
    store that cannot be read is a SourceError, not a traceback.
    """
    try:
        arrow = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise SourceError(problem(path, "store_unreadable", detail=str(exc))) from None
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
            problems.append(problem(path, "closed_unreadable"))
            continue
        for line, item in items:
            if not item:
                continue
            try:
                closed.add(str(Period.parse(item)))
            except ParameterError:
                problems.append(problem(path, "closed_not_period", row=line, value=item))
    return closed, problems
