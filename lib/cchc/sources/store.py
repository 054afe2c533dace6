"""Reading the store back: its Parquet tables and its list of closed periods.

Writing the store is :mod:`cchc.intake.store`; the column types both use are
:data:`STORE_TYPES`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from cchc.errors import ParameterError, Problem, SourceError, problem
from cchc.spec.dictionary import Table
from cchc.spec.periods import Period

CLOSED_FILES = ("closed.txt", "closed.yaml", "closed.yml")

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
