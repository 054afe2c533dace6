"""The published indices of the province (PAR INDEX, SIPAS, PAPI, Decision 766), each
row with its source: ``params/published_indices.csv``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from cchc import paths


def load_published_indices(path: str | Path | None = None) -> pd.DataFrame:
    """The published figures, as published (see the file's sources).

    >>> load_published_indices().columns[:4].tolist()
    ['index', 'scope', 'period', 'value']
    """
    file = Path(path) if path else paths.PUBLISHED_INDICES_FILE
    return _read(file.resolve(), file.stat().st_mtime_ns).copy()


@cache
def _read(file: Path, mtime_ns: int) -> pd.DataFrame:
    return pd.read_csv(file, dtype={"period": str})
