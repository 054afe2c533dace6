"""Which periods a data folder covers: every quarter and year with records."""

from __future__ import annotations

import pandas as pd

from cchc.sources.dataset import Dataset
from cchc.spec.dictionary import load_dictionary
from cchc.spec.periods import FIRST_YEAR, Period


def compute_periods(dataset: Dataset) -> list[str]:
    """Every quarter and year the data cover, newest first (``2024Q4, …, 2024Q1, 2024, …``).

    Quarters run from the first to the last quarter holding a dated or quarterly record
    (dossiers, surveys, meetings, …); years are every year with any record, annual
    inventories included. Nothing before the programme's baseline year is offered.
    """
    dictionary = load_dictionary()
    quarters: set[tuple[int, int]] = set()
    years: set[int] = set()
    for counts in dataset.aggregates.values():
        # a large table read by the fast path: its counts are indexed by year and quarter
        index = counts.index
        quarters |= set(zip(index.get_level_values("year").astype(int),
                            index.get_level_values("quarter").astype(int), strict=True))
    for name in dataset.tables:
        if name in dataset.aggregates:
            continue  # never read 10 million rows to list the quarters
        frame = dataset.tables[name]
        table = dictionary.table(name)
        column = table.period_column
        if not column or column not in frame or frame.empty:
            continue
        values = frame[column].dropna()
        if values.empty:
            continue
        kind = next(c.type for c in table.columns if c.name == column)
        if kind == "date":
            when = pd.to_datetime(values)
            quarters |= set(zip(when.dt.year.astype(int), when.dt.quarter.astype(int), strict=True))
        elif kind == "period":
            quarters |= {(p.year, p.last_quarter) for p in map(Period.parse, values.unique())}
        elif kind == "year":
            years |= {int(v) for v in values.unique()}
    quarters = {q for q in quarters if q[0] >= FIRST_YEAR}
    years = {y for y in years | {y for y, _ in quarters} if y >= FIRST_YEAR}
    first, last = (min(quarters), max(quarters)) if quarters else (None, None)
    out: list[str] = []
    for year in sorted(years, reverse=True):
        if first is not None:
            out += [f"{year}Q{q}" for q in (4, 3, 2, 1) if first <= (year, q) <= last]
        out.append(str(year))
    return out
