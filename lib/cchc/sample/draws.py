"""Random draws and the small array helpers every table generator shares."""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.sample.settings import FIRST_DAY, LAST_DAY, YEARS


def _rng(seed: int, stream: str) -> np.random.Generator:
    """One independent random stream per table, so tables do not shift one another."""
    return np.random.default_rng([int(seed), zlib.crc32(stream.encode("ascii"))])



# --------------------------------------------------------------------------- helpers


def _pick(groups: np.ndarray, k: np.ndarray, key: np.ndarray) -> np.ndarray:
    """A mask choosing, in each group, the ``k[group]`` rows with the smallest ``key``.

    ``groups`` are non-negative integers, ``key`` floats in [0, 1).
    """
    if len(groups) == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(groups.astype(np.float64) + key, kind="stable")
    sorted_groups = groups[order]
    counts = np.bincount(sorted_groups, minlength=len(k))
    starts = np.cumsum(counts) - counts
    rank = np.arange(len(groups)) - starts[sorted_groups]
    mask = np.empty(len(groups), dtype=bool)
    mask[order] = rank < k[sorted_groups]
    return mask


def _top(key: np.ndarray, k: int) -> np.ndarray:
    """Mask of the ``k`` smallest keys."""
    mask = np.zeros(len(key), dtype=bool)
    mask[np.argsort(key, kind="stable")[: max(int(k), 0)]] = True
    return mask


def _year_days() -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 of each 1 January, and the number of days of each year."""
    starts = np.array([np.datetime64(f"{y}-01-01") for y in [*YEARS, YEARS[-1] + 1]])
    days = starts.astype("datetime64[D]").astype(np.int64)
    return days[:-1], np.diff(days)


def _day(value: object) -> int:
    return int(np.datetime64(pd.Timestamp(value).date(), "D").astype(np.int64))


def _spans(units: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and last day (days since 1970) each unit can have records: while it exists,
    from FIRST_DAY to LAST_DAY."""
    start = np.array([_day(FIRST_DAY) if pd.isna(v) else max(_day(v), _day(FIRST_DAY))
                      for v in units["valid_from"]], dtype=np.int64)
    end = np.array([_day(LAST_DAY) if pd.isna(v) else min(_day(v), _day(LAST_DAY))
                    for v in units["valid_to"]], dtype=np.int64)
    return start, end


def _year_share(units: pd.DataFrame) -> np.ndarray:
    """(units, years): the part of each year during which the unit can have records
    (1 for a whole year, 0.5 for half of 2025, 0.75 for 2026 up to September)."""
    first, length = _year_days()
    start, end = _spans(units)
    lo = np.maximum(start[:, None], first[None, :])
    hi = np.minimum(end[:, None], (first + length - 1)[None, :])
    return np.clip(hi - lo + 1, 0, None) / length[None, :]


def _exists(units: pd.DataFrame) -> np.ndarray:
    """(units, years): whether the unit can have records in the year."""
    return _year_share(units) > 0


def _quarters() -> list[str]:
    """Every quarter with records, ``2021Q1`` … up to LAST_DAY's."""
    last = pd.Timestamp(LAST_DAY)
    return [f"{y}Q{q}" for y in YEARS for q in (1, 2, 3, 4)
            if pd.Timestamp(y, 3 * q - 2, 1) <= last]


def _quarter_exists(units: pd.DataFrame) -> np.ndarray:
    """(units, quarters): whether the unit exists on some day of each quarter."""
    start, end = _spans(units)
    quarters = pd.PeriodIndex(_quarters(), freq="Q")
    q_first = np.array([_day(q.start_time) for q in quarters])
    q_last = np.array([_day(q.end_time) for q in quarters])
    return (start[:, None] <= q_last[None, :]) & (end[:, None] >= q_first[None, :])


def _dates(year: np.ndarray, rng: np.random.Generator, unit: np.ndarray | None = None,
           units: pd.DataFrame | None = None) -> np.ndarray:
    """A uniform random day of each row's year, as days since 1970 (int32); with ``unit``
    and ``units``, a day of the part of the year its unit can have records."""
    first, length = _year_days()
    lo, hi = first[year], first[year] + length[year] - 1
    if unit is not None and units is not None:
        start, end = _spans(units)
        lo, hi = np.maximum(lo, start[unit]), np.minimum(hi, end[unit])
    offset = np.floor(rng.random(len(year)) * np.maximum(hi - lo + 1, 1)).astype(np.int64)
    return (lo + offset).astype(np.int32)


def _codes(prefix: str, year: np.ndarray, seq: np.ndarray, width: int) -> pa.Array:
    """Identifiers ``PREFIX-YYYY-000123`` built as bytes (no Python string per row)."""
    n = len(seq)
    head = len(prefix) + 1
    size = head + 5 + width
    buf = np.empty((n, size), dtype=np.uint8)
    buf[:, : len(prefix)] = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    buf[:, len(prefix)] = ord("-")
    years = np.asarray(YEARS)[year]
    for i in range(4):
        buf[:, head + 3 - i] = 48 + (years // 10**i) % 10
    buf[:, head + 4] = ord("-")
    for i in range(width):
        buf[:, size - 1 - i] = 48 + (seq // 10**i) % 10
    offsets = np.arange(0, n * size + 1, size, dtype=np.int64)
    array = pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(buf)]
    )
    return array.cast(pa.string())


def _ordered(day: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Row order: by date, ties in random order."""
    key = day.astype(np.int64) << 32 | rng.integers(0, 1 << 32, len(day), dtype=np.int64)
    return np.argsort(key, kind="stable")


def _sequence(year: np.ndarray) -> tuple[np.ndarray, int]:
    """1, 2, … within each year of rows sorted by year; and the digits it needs."""
    counts = np.bincount(year, minlength=len(YEARS))
    starts = np.cumsum(counts) - counts
    seq = np.arange(len(year)) - starts[year] + 1
    return seq, max(6, len(str(int(counts.max(initial=1)))))


def _take(values: list[str], index: np.ndarray) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(index))


def _date_array(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype(np.int32), pa.int32()).cast(pa.date32())
