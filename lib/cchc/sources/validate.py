"""Typing and checking raw tables against the data dictionary.

Every problem found is collected (file, row as a spreadsheet shows it, column, value)
and returned or raised at once; nothing is returned half-validated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cchc.errors import Problem, SourceError, located, problem
from cchc.sources.read import MAX_ROWS_PER_PROBLEM, first_row, is_blank
from cchc.spec.catalogue import load_catalogue
from cchc.spec.dictionary import Column, Table, fold_header, load_dictionary

TRUE_WORDS = {"true", "1", "yes", "y", "có", "co", "x", "đúng", "c", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "không", "khong", "k", "sai", "f"}
#: Dates, with a time of day that is dropped (exports of the one-stop system carry one).
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}" + _TIME + "$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})" + _TIME + "$")
#: The national portal's synchronisation format writes ``yyyyMMddHHmmss`` (time optional).
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4}(?:\d{2})?)?$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)
#: The largest whole number the store keeps (a signed 64-bit integer), and number.
INT64_MAX = 2**63 - 1
FLOAT_MAX = "1.8e308"  # as a message shows it

# --------------------------------------------------------------------------- validation


@dataclass
class Checker:
    path: str
    problems: list[Problem] = field(default_factory=list)
    #: spreadsheet row number of each row, by position (default: position + 2)
    numbers: np.ndarray | None = None

    def row_number(self, position: int) -> int:
        if self.numbers is None:
            return int(position) + first_row()
        return int(self.numbers[position])

    def rows(self, mask: np.ndarray | pd.Series, column: str | None, code: str,
             values: pd.Series | None = None, **params: object) -> None:
        """Record one problem per flagged row (the first few, then a count)."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        for i in idx[:MAX_ROWS_PER_PROBLEM]:
            value = None if values is None else values.iloc[i]
            self.problems.append(problem(
                self.path, code, row=self.row_number(i), column=column,
                value=None if value is None or value is pd.NA else value, **params))
        if len(idx) > MAX_ROWS_PER_PROBLEM:
            self.problems.append(problem(self.path, code, column=column,
                                         more=len(idx) - MAX_ROWS_PER_PROBLEM, **params))


def _as_text(series: pd.Series) -> pd.Series:
    """Text cells stripped and NFC-normalised; empty cells become <NA>."""
    arr = pa.array(series.astype("string[pyarrow]"))
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = pc.utf8_trim_whitespace(arr)
    if not pc.all(pc.string_is_ascii(arr)).as_py():
        arr = pc.utf8_normalize(arr, "NFC")
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return pd.Series(arr, index=series.index, dtype=pd.ArrowDtype(pa.string())).astype(
        "string[pyarrow]"
    )


#: Latin-1 letters and signs that Vietnamese never uses, but text typed with the legacy
#: TCVN3 (.Vn fonts) or VNI fonts shows once read as Unicode: "Hå s¬" for "Hồ sơ".
_LEGACY_FONT_CHARS = (r"[\x{80}-\x{9f}\x{a1}-\x{bf}\x{c4}-\x{c7}\x{cb}\x{ce}-\x{d1}"
                      r"\x{d6}-\x{d8}\x{db}\x{dc}\x{de}-\x{df}\x{e4}-\x{e7}\x{eb}"
                      r"\x{ee}-\x{f1}\x{f6}-\x{f8}\x{fb}\x{fc}\x{fe}\x{ff}]")
#: Letters only real Unicode Vietnamese has (ă đ ĩ ũ ơ ư and the tone-marked vowels).
_UNICODE_VIETNAMESE = (r"[\x{102}\x{103}\x{110}\x{111}\x{128}\x{129}\x{168}\x{169}"
                       r"\x{1a0}\x{1a1}\x{1af}\x{1b0}\x{1ea0}-\x{1ef9}]")

def _legacy_font_text(text: pd.Series) -> np.ndarray:
    """Cells whose letters are those of a legacy font encoding, with no Unicode Vietnamese."""
    arr = pa.array(text, type=pa.string())
    if pc.all(pc.fill_null(pc.string_is_ascii(arr), True)).as_py():
        return np.zeros(len(text), dtype=bool)
    legacy = pc.match_substring_regex(arr, _LEGACY_FONT_CHARS)
    unicode = pc.match_substring_regex(arr, _UNICODE_VIETNAMESE)
    flagged = pc.and_(legacy, pc.invert(unicode))
    return pc.fill_null(flagged, False).to_numpy(zero_copy_only=False)


def _convert(series: pd.Series, column: Column, check: Checker) -> pd.Series:
    """Convert one column to its dictionary type, recording bad cells."""
    kind = column.type
    dtype = series.dtype
    if kind == "boolean" and pd.api.types.is_bool_dtype(dtype):
        return series.astype("boolean")
    if kind in ("integer", "year") and pd.api.types.is_integer_dtype(dtype):
        # an unsigned 64-bit column may hold what a signed one cannot
        big = (series.astype("float64") > INT64_MAX).fillna(False).to_numpy()
        check.rows(big, column.name, "too_large", series.astype("string"), maximum=INT64_MAX)
        return series.where(~big).astype("Int64")
    if (kind == "number" and pd.api.types.is_numeric_dtype(dtype)
            and not pd.api.types.is_bool_dtype(dtype)):
        numbers = series.astype("Float64")
        infinite = numbers.isin([np.inf, -np.inf]).fillna(False).to_numpy()
        check.rows(infinite, column.name, "too_large", series.astype("string"),
                   maximum=FLOAT_MAX)
        return numbers.where(~infinite)
    if kind == "date" and pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(series.dt, "tz", None):
            series = series.dt.tz_localize(None)
        series = _within_years(series, series.astype(str), column, check)
        return series.dt.normalize().astype("datetime64[ns]")
    if kind == "date" and dtype == np.dtype(object):
        series = series.map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)

    text = _as_text(series)
    present = text.notna().to_numpy()
    if kind == "string":
        check.rows(_legacy_font_text(text), column.name, "legacy_font", text)
        return text
    if kind == "enum":
        accepted = column.accepted()  # the codes and the clerks' words (words_vi)
        out, bad = _by_value(text, lambda v: accepted.get(fold_header(v)), "string[pyarrow]")
        check.rows(bad, column.name, "not_allowed", text, allowed=", ".join(
            c if column.word(c) == c else f"{column.word(c)} ({c})"
            for c in column.allowed or ()))
        return out
    if kind == "boolean":
        words = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
        out, bad = _by_value(text, lambda v: words.get(v.casefold()), "boolean")
        if not column.nullable and (text.str.lower() == "x").any():
            out[~present] = False  # the "x marks yes" convention: an empty cell is no
        check.rows(bad, column.name, "expected_yes_no", text)
        return out
    if kind in ("integer", "year"):
        try:  # the common case, every cell a plain whole number: no Python per cell
            return pd.Series(pc.cast(pa.array(text, type=pa.string()), pa.int64()),
                             index=text.index, dtype="Int64")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        numbers = pd.to_numeric(text.str.replace(r"\.0+$", "", regex=True), errors="coerce")
        numbers = numbers.astype("float64")  # a number too large for int64 stays a number
        ok = (numbers.notna().to_numpy() & np.isfinite(numbers.fillna(0).to_numpy())
              & np.isclose(numbers.fillna(0) % 1, 0))
        # doubles near 2**63 cannot say which side they fall: refuse from 2**63 on
        big = ok & (numbers.abs() >= 2.0**63).fillna(False).to_numpy()
        check.rows(big, column.name, "too_large", text, maximum=INT64_MAX)
        check.rows(present & ~ok, column.name,
                   "expected_whole_number" if kind == "integer" else "expected_year", text)
        return numbers.where(ok & ~big).round().astype("Int64")
    if kind == "number":
        numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
        numbers = numbers.astype("float64")
        infinite = np.isinf(numbers.fillna(0).to_numpy())
        bad = present & numbers.isna().to_numpy()
        check.rows(bad, column.name, "expected_number", text)
        check.rows(infinite, column.name, "too_large", text, maximum=FLOAT_MAX)
        return numbers.where(~infinite).astype("Float64")
    if kind == "date":
        out, bad = _by_value(text, _parse_date, "datetime64[ns]")
        far = np.zeros(len(text), dtype=bool)  # a date, but one nanoseconds cannot hold
        impossible = np.zeros(len(text), dtype=bool)  # shaped like a date: 31/02/2025
        if bad.any():
            years = {v: _year_of(v) for v in text[bad].unique()}
            far_values = {v for v, y in years.items() if y is not None and not 1678 <= y <= 2261}
            far = bad & text.isin(far_values).fillna(False).to_numpy(bool)
            no_such = {v for v, y in years.items() if y is not None and 1678 <= y <= 2261}
            impossible = bad & text.isin(no_such).fillna(False).to_numpy(bool)
        check.rows(bad & ~far & ~impossible, column.name, "expected_date", text)
        check.rows(impossible, column.name, "no_such_date", text)
        dates = load_dictionary().dates
        check.rows(far, column.name, "date_outside", text, first=dates.first_year,
                   last=dates.last_year)
        return _within_years(out, text, column, check)
    if kind == "period":
        out, bad = _by_value(text, _parse_quarter, "string[pyarrow]")
        check.rows(bad, column.name, "expected_quarter", text)
        return out
    raise AssertionError(kind)


def _by_value(text: pd.Series, parse, dtype: str) -> tuple[pd.Series, np.ndarray]:
    """Parse each distinct value once (codes, channels, dates repeat), then spread.

    ``parse`` returns the typed value or None; returns the typed column and the mask of
    cells present but unreadable.
    """
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    parsed = [parse(v) for v in uniques]
    if dtype == "datetime64[ns]":
        values = pd.array(pd.to_datetime(pd.Series(parsed, dtype=object)), dtype=dtype)
    else:
        values = pd.array(parsed, dtype=dtype)
    bad_unique = np.array([p is None for p in parsed] + [False], dtype=bool)
    out = pd.Series(values.take(codes, allow_fill=True), index=text.index)
    return out, bad_unique[np.where(codes < 0, len(parsed), codes)]


def _parse_date(value: str) -> dt.datetime | None:
    """ISO (``2024-03-05``, with or without a time), ``dd/mm/yyyy``, or the portal's
    ``yyyyMMdd[HHmm[ss]]``; the time of day is dropped. None for anything else, and for a
    date pandas' nanoseconds cannot hold (before 1678, after 2261).

    >>> _parse_date("20240305083000"), _parse_date("05/03/2024")
    (datetime.datetime(2024, 3, 5, 0, 0), datetime.datetime(2024, 3, 5, 0, 0))
    """
    try:
        if _ISO_DATE.match(value):  # what strptime(value[:10], "%Y-%m-%d") gives, faster
            parsed = dt.datetime(int(value[0:4]), int(value[5:7]), int(value[8:10]))
        elif match := _DMY_DATE.match(value):
            day, month, year = (int(g) for g in match.groups())
            parsed = dt.datetime(year, month, day)
        elif match := _COMPACT_DATE.match(value):
            year, month, day = (int(g) for g in match.groups())
            parsed = dt.datetime(year, month, day)
        else:
            return None
    except ValueError:
        return None
    return parsed if 1678 <= parsed.year <= 2261 else None


def _year_of(value: str) -> int | None:
    """The year of a text shaped like a date (whatever the year), else None."""
    if _ISO_DATE.match(value):
        return int(value[:4])
    if match := _DMY_DATE.match(value):
        return int(match.group(3))
    if match := _COMPACT_DATE.match(value):
        return int(match.group(1))
    return None


def _within_years(dates: pd.Series, shown: pd.Series, column: Column,
                  check: Checker) -> pd.Series:
    """Dates outside the data dictionary's years (``dates``) refused as typos, emptied."""
    bounds = load_dictionary().dates
    first = pd.Timestamp(bounds.first_year, 1, 1)
    last = pd.Timestamp(bounds.last_year, 12, 31, 23, 59, 59)
    outside = ((dates < first) | (dates > last)).fillna(False).to_numpy(dtype=bool)
    check.rows(outside, column.name, "date_outside", shown, first=bounds.first_year,
               last=bounds.last_year)
    return dates.where(~outside) if outside.any() else dates


def _parse_quarter(value: str) -> str | None:
    normal = re.sub(r"\s+", "", value).upper().replace("-", "")
    return normal if _QUARTER.match(normal) else None


def validate_frame(frame: pd.DataFrame, table: Table, path: str | Path,
                   unit_ids: Iterable[str] | None = None,
                   today: dt.date | None = None,
                   validity: pd.DataFrame | None = None) -> pd.DataFrame:
    """Type and check a raw frame against the dictionary; raise every problem at once.

    Returns the columns in dictionary order (optional absent columns are added empty).
    """
    typed, problems = check_frame(frame, table, path, unit_ids, today, validity)
    if problems:
        raise SourceError(problems)
    return typed


def check_frame(frame: pd.DataFrame, table: Table, path: str | Path,
                unit_ids: Iterable[str] | None = None,
                today: dt.date | None = None,
                validity: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Like :func:`validate_frame`, but return the problems instead of raising them.

    ``validity`` (from :func:`unit_validity`) makes rows dated outside the time their
    unit exists a problem: a date after its ``valid_to`` or before its ``valid_from``, a
    year or quarter that does not overlap it.

    The typed frame holds <NA> where a cell could not be read, so that checks made after
    this one (periods, closed periods, the store) can still run on the other cells.

    >>> from cchc.spec.dictionary import load_dictionary
    >>> table = load_dictionary().table("meetings")
    >>> raw = pd.DataFrame({"unit_id": ["a"], "period": ["2024Q3"], "meetings": ["2"],
    ...                     "via_system": ["3"]})
    >>> [p.message("en") for p in check_frame(raw, table, "meetings.csv")[1]]
    ['larger than meetings']
    """
    check = Checker(str(path), numbers=_row_numbers(frame.index))
    out: dict[str, pd.Series] = {}
    for column in table.columns:
        if column.name not in frame:
            out[column.name] = empty_column(column, frame.index)
            continue
        converted = _convert(frame[column.name], column, check)
        if not column.nullable:
            raw = frame[column.name]
            missing = converted.isna().to_numpy() & is_blank(raw)
            check.rows(missing, column.name, "empty_cell")
        out[column.name] = converted
    typed = pd.DataFrame(out, index=frame.index)
    _check_rows(typed, table, check, unit_ids, today or dt.date.today())
    if validity is not None:
        _check_validity(typed, table, check, validity)
    return typed.reset_index(drop=True), located(check.problems, str(path),
                                                 frame.attrs.get("headers"))


def unit_validity(units: pd.DataFrame) -> pd.DataFrame | None:
    """``valid_from, valid_to`` by ``unit_id`` for the units that start or end; None when
    every unit always exists (nothing to check).

    >>> frame = pd.DataFrame({"unit_id": ["a", "b"], "valid_from": [None, "2025-07-01"],
    ...                       "valid_to": [None, None]})
    >>> unit_validity(frame).index.tolist()
    ['b']
    """
    if "valid_from" not in units and "valid_to" not in units:
        return None
    frame = pd.DataFrame({"unit_id": units["unit_id"].to_numpy()})
    for column in ("valid_from", "valid_to"):
        frame[column] = (pd.to_datetime(units[column]).to_numpy() if column in units
                         else pd.NaT)
    frame = frame[frame["valid_from"].notna() | frame["valid_to"].notna()]
    if frame.empty:
        return None
    return frame.drop_duplicates("unit_id").set_index("unit_id")


def _spans(series: pd.Series, column: Column) -> tuple[pd.Series, pd.Series] | None:
    """First and last day each cell of a date, year or quarter column covers."""
    if column.type == "date":
        return series, series
    if column.type == "year":
        years = series.astype("Float64")
        first = pd.to_datetime(years.astype("Int64").astype("string") + "-01-01", errors="coerce")
        return first, first + pd.offsets.YearEnd(0)
    if column.type == "period":
        text = series.astype("string")
        months = (text.str.slice(5, 6).astype("Int64") - 1) * 3 + 1
        first = pd.to_datetime(text.str.slice(0, 4) + "-" + months.astype("string").str.zfill(2)
                               + "-01", errors="coerce")
        return first, first + pd.offsets.QuarterEnd(0)
    return None


def _check_validity(typed: pd.DataFrame, table: Table, check: Checker,
                    validity: pd.DataFrame) -> None:
    """Rows dated outside the time their unit exists (a successor's records belong to it,
    an old unit's to the old unit; a record filed under the wrong one is refused)."""
    owner = next((c.name for c in table.columns if c.references == "units"
                  and c.name == "unit_id"), None)
    if owner is None:
        return
    units = typed[owner]
    start = units.map(validity["valid_from"]).astype("datetime64[ns]")
    end = units.map(validity["valid_to"]).astype("datetime64[ns]")
    if start.isna().all() and end.isna().all():
        return
    dated = [c for c in table.columns if c.name == table.life_column]
    for column in dated:
        spans = _spans(typed[column.name], column)
        if spans is None:
            continue
        first, last = spans
        outside = ((last < start) | (first > end)).fillna(False).to_numpy()
        if not outside.any():
            continue
        shown = typed[column.name]
        if column.type == "date":
            shown = shown.dt.strftime("%Y-%m-%d")
        for i in np.flatnonzero(outside)[:MAX_ROWS_PER_PROBLEM]:
            check.problems.append(problem(
                check.path, "dated_outside_unit", row=check.row_number(i), column=column.name,
                value=shown.iloc[i], unit=units.iloc[i],
                start=_day(start.iloc[i]), end=_day(end.iloc[i])))
        if outside.sum() > MAX_ROWS_PER_PROBLEM:
            check.problems.append(problem(
                check.path, "dated_outside_unit", column=column.name, unit="…", start="…",
                end="…", more=int(outside.sum()) - MAX_ROWS_PER_PROBLEM))


def _reused_ids(typed: pd.DataFrame, table: Table, first_of: np.ndarray) -> np.ndarray:
    """Rows of the units table whose id an earlier row gave a unit of another time (the
    new structure reusing an old id, or the other way round)."""
    if table.name != "units" or "valid_to" not in typed:
        return np.zeros(len(typed), dtype=bool)
    spans = typed[["valid_from", "valid_to"]].reset_index(drop=True)
    first = spans.iloc[first_of].reset_index(drop=True)
    timed = (spans.notna().any(axis=1) | first.notna().any(axis=1)).to_numpy()
    differ = ~((spans == first) | (spans.isna() & first.isna())).all(axis=1).to_numpy()
    return timed & differ


def _day(value: object) -> str:
    return "…" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def row_problems(path: str | Path, mask: np.ndarray | pd.Series, column: str | None,
                 code: str, values: pd.Series | None = None,
                 index: pd.Index | None = None, **params: object) -> list[Problem]:
    """One problem per flagged row (the first few, then a count), rows as a sheet shows them.

    ``index`` is the raw frame's index from :func:`read_raw` (row numbers); without it
    row ``i`` is spreadsheet row ``i + 2``.
    """
    check = Checker(str(path), numbers=None if index is None else _row_numbers(index))
    check.rows(mask, column, code, values, **params)
    return check.problems


def _row_numbers(index: pd.Index) -> np.ndarray | None:
    """Spreadsheet row numbers from a reader's index (see :func:`read_raw`); None when
    they are simply position + 2."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return None
    if pd.api.types.is_integer_dtype(index.dtype):
        return index.to_numpy(dtype=np.int64) + first_row()
    return None


def row_numbers(index: pd.Index) -> np.ndarray:
    """The spreadsheet row number of every row of a raw frame (header = row 1).

    >>> row_numbers(pd.Index([0, 1, 5])).tolist()
    [2, 3, 7]
    """
    numbers = _row_numbers(index)
    return np.arange(len(index)) + first_row() if numbers is None else numbers


def empty_column(column: Column, index: pd.Index) -> pd.Series:
    """An absent optional column, typed as if it had been read empty."""
    dtype = {"date": "datetime64[ns]", "boolean": "boolean", "integer": "Int64",
             "year": "Int64", "number": "Float64"}.get(column.type, "string[pyarrow]")
    return pd.Series(pd.NA if dtype != "datetime64[ns]" else pd.NaT, index=index, dtype=dtype)


def _check_rows(typed: pd.DataFrame, table: Table, check: Checker,
                unit_ids: Iterable[str] | None, today: dt.date) -> None:
    for column in table.columns:
        series = typed[column.name]
        if column.min is not None and column.type in ("integer", "number"):
            check.rows((series < column.min).fillna(False).to_numpy(), column.name,
                       "at_least", series, minimum=column.min)
        if column.max is not None and column.type in ("integer", "number"):
            check.rows((series > column.max).fillna(False).to_numpy(), column.name,
                       "at_most_value", series, maximum=column.max)
        first_year = load_dictionary().dates.first_year
        if column.type == "year":
            check.rows(((series < first_year) | (series > today.year)).fillna(False).to_numpy(),
                       column.name, "year_outside", series, first=first_year, last=today.year)
        if column.type == "date" and not column.may_be_future:
            future = (series > pd.Timestamp(today)).fillna(False).to_numpy()
            if future.any():  # formatting a million dates costs more than the check
                check.rows(future, column.name, "date_in_future",
                           series.dt.strftime("%Y-%m-%d"))
        if column.not_before:
            other = typed[column.not_before]
            early = (series < other).fillna(False).to_numpy()
            if early.any():
                check.rows(early, column.name, "before_other", series.dt.strftime("%Y-%m-%d"),
                           other=column.not_before)
        if column.type == "period":
            years = series.str.slice(0, 4).astype("Int64")
            check.rows((years > today.year).fillna(False).to_numpy(), column.name,
                       "period_in_future", series)
            check.rows((years < first_year).fillna(False).to_numpy(), column.name,
                       "year_outside", series, first=first_year, last=today.year)
        if column.at_most:
            over = (series > typed[column.at_most]).fillna(False).to_numpy()
            check.rows(over, column.name, "larger_than", series, other=column.at_most)
        if column.references == "units" and unit_ids is not None:
            known = pd.Index(list(unit_ids))
            unknown = series.notna().to_numpy() & ~series.isin(known).to_numpy()
            check.rows(unknown, column.name, "unknown_unit_in_units", series)
        if column.references == "measures":
            known = pd.Index(load_catalogue().measure_ids)
            unknown = series.notna().to_numpy() & ~series.isin(known).to_numpy()
            check.rows(unknown, column.name, "unknown_measure_in_catalogue", series)
    key = list(table.key)
    if all(typed[k].notna().any() for k in key):
        dup = typed.duplicated(subset=key, keep="first").to_numpy()
        if dup.any():
            names = ", ".join(key)
            keys = typed[key].reset_index(drop=True)
            keys["_position"] = np.arange(len(keys))
            firsts = keys.drop_duplicates(subset=key, keep="first")
            first_of = keys.merge(firsts, on=key, how="left", suffixes=("", "_1"))[
                "_position_1"].to_numpy()
            idx = np.flatnonzero(dup)
            reused = _reused_ids(typed, table, first_of)
            for i in idx[:MAX_ROWS_PER_PROBLEM]:
                code = "duplicate_id" if len(key) == 1 else "duplicate_key"
                check.problems.append(problem(
                    check.path, "id_reused" if reused[i] else code,
                    row=check.row_number(i), column=key[-1],
                    value=typed[key[-1]].iloc[i], key=names,
                    first=check.row_number(first_of[i])))
            if len(idx) > MAX_ROWS_PER_PROBLEM:
                check.problems.append(problem(
                    check.path, "duplicate_id_more" if len(key) == 1 else "duplicate_key_more",
                    column=key[-1], key=names,
                    more=len(idx) - MAX_ROWS_PER_PROBLEM))


# --------------------------------------------------------------------------- across tables

#: How many rows of each cross-table warning are listed before a count of the rest.
WARNINGS_LISTED = 5


def cross_table_problems(tables: dict[str, pd.DataFrame], files: dict[str, Path],
                         indexes: dict[str, pd.Index] | None = None) -> list[Problem]:
    """Records that contradict another table: warnings, not errors (docs/meaning.md).

    A dossier is matched with its procedure by unit, ``procedure_id`` and the year it was
    received (the procedures catalogue of that year). Two checks: a dossier ``paid_online``
    for a procedure that offers no online payment, and a dossier with ``payment_required``
    for a procedure without a financial obligation. A dossier whose procedure is not in
    the catalogue is not judged. ``indexes`` are the raw frames' indexes (row numbers).

    >>> d = pd.DataFrame({"unit_id": ["u", "u"], "procedure_id": ["P1", "P2"],
    ...                   "received_on": pd.to_datetime(["2024-03-01", "2024-03-02"]),
    ...                   "payment_required": [True, True], "paid_online": [True, False]})
    >>> p = pd.DataFrame({"year": [2024, 2024], "unit_id": "u", "procedure_id": ["P1", "P2"],
    ...                   "online_payment": [False, False],
    ...                   "financial_obligation": [True, False]})
    >>> [w.render("en") for w in cross_table_problems(
    ...     {"dossiers": d, "procedures": p}, {"dossiers": Path("dossiers.csv")})]
    ["dossiers.csv, row 2, column 'paid_online': paid online, but procedure P1 of unit u \
offers no online payment in 2024 (procedures, online_payment) (value: 'true')",
     "dossiers.csv, row 3, column 'payment_required': payment required, but procedure P2 of \
unit u carries no financial obligation in 2024 (procedures, financial_obligation) \
(value: 'true')"]
    """
    dossiers, procedures = tables.get("dossiers"), tables.get("procedures")
    if dossiers is None or procedures is None or dossiers.empty or procedures.empty:
        return []
    index = (indexes or {}).get("dossiers")
    keys = pd.DataFrame({"unit_id": dossiers["unit_id"].astype(object).to_numpy(),
                         "procedure_id": dossiers["procedure_id"].astype(object).to_numpy(),
                         "year": dossiers["received_on"].dt.year.astype("Int64").to_numpy()})
    offer = procedures[["unit_id", "procedure_id", "year", "online_payment",
                        "financial_obligation"]].astype(
        {"unit_id": object, "procedure_id": object, "year": "Int64"}).drop_duplicates(
        ["unit_id", "procedure_id", "year"])
    joined = keys.merge(offer, on=["unit_id", "procedure_id", "year"], how="left")
    known = joined["online_payment"].notna().to_numpy()
    no_online = known & ~joined["online_payment"].fillna(True).to_numpy(dtype=bool)
    no_fee = known & ~joined["financial_obligation"].fillna(True).to_numpy(dtype=bool)
    out: list[Problem] = []
    path = files["dossiers"]
    numbers = row_numbers(index if index is not None else pd.RangeIndex(len(dossiers)))
    for column, code, mask in (
            ("paid_online", "paid_online_not_offered",
             no_online & _true(dossiers["paid_online"])),
            ("payment_required", "payment_without_obligation",
             no_fee & _true(dossiers["payment_required"]))):
        where = np.flatnonzero(mask)
        for i in where[:WARNINGS_LISTED]:
            out.append(problem(path, code, row=int(numbers[i]), column=column, value="true",
                               procedure=joined["procedure_id"].iloc[i],
                               unit=joined["unit_id"].iloc[i],
                               year=int(joined["year"].iloc[i])))
        if len(where) > WARNINGS_LISTED:
            out.append(problem(path, code, column=column, more=len(where) - WARNINGS_LISTED,
                               procedure="…", unit="…", year="…"))
    return out


def _true(series: pd.Series) -> np.ndarray:
    return series.fillna(False).to_numpy(dtype=bool)
