"""Reading a run's summary back (``summary.csv``, or any CSV ``cchc compute`` wrote), and
its task list (``tasks.csv``), for :mod:`cchc.apps.diff`."""

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


TASK_KEY = ["task_id", "unit_id", "state"]


def load_run_tasks(path: str | Path) -> pd.DataFrame | None:
    """A run's ``tasks.csv`` (beside its ``summary.csv``), or None when the run has none
    (an older run, or a CSV written by ``cchc compute``)."""
    path = Path(path)
    if path.is_dir():
        file = path / "tasks.csv"
    elif path.name == "summary.csv":
        file = path.with_name("tasks.csv")
    else:
        return None
    if not file.is_file():
        return None
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise SourceError.one(file, "csv_unreadable", detail=str(exc)) from None
    missing = [c for c in TASK_KEY if c not in frame]
    if missing:
        raise SourceError([problem(file, "missing_summary_column", row=1, column=c)
                           for c in missing])
    twice = frame.duplicated("task_id").to_numpy()
    if twice.any():
        row = int(np.flatnonzero(twice)[0]) + 2
        raise SourceError.one(file, "task_twice", row, "task_id", frame["task_id"].iloc[row - 2])
    return frame
