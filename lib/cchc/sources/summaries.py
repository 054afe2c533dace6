"""Reading a run's summary back (``summary.csv``, or any CSV ``cchc compute`` wrote), for
:mod:`cchc.apps.diff`."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from cchc.errors import SourceError, problem
from cchc.sources.read import check_file

KEY = ["unit_id", "measure_id"]


def load_summary(path: str | Path) -> pd.DataFrame:
    """A run folder's ``summary.csv`` (or any CSV written by ``cchc compute``)."""
    path = Path(path)
    file = path / "summary.csv" if path.is_dir() else path
    if not os.path.lexists(file):
        raise SourceError.one(file, "summary_not_found")
    check_file(file)
    try:
        frame = pd.read_csv(file, dtype={"unit_id": str, "measure_id": str, "status": str},
                            keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise SourceError.one(file, "csv_unreadable", detail=str(exc)) from None
    except OSError as exc:
        raise SourceError.one(file, "cannot_read", reason=exc.strerror) from None
    missing = [c for c in [*KEY, "value", "target", "status"] if c not in frame]
    if missing:
        raise SourceError([problem(file, "missing_summary_column", row=1, column=c)
                           for c in missing])
    if frame.duplicated(KEY).any():
        row = int(np.flatnonzero(frame.duplicated(KEY).to_numpy())[0]) + 2
        raise SourceError.one(file, "summary_duplicate", row, "measure_id")
    if "unit_name" not in frame:
        frame["unit_name"] = ""
    return frame
