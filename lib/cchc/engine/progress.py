"""Progress towards a target: Statistics Canada's method as Open SDG implements it.

This module is the only place in the project that interprets a measure's
``direction`` (``"up"``: higher is better, ``"down"``: lower is better); everything
else asks :func:`direction_sign`, :func:`meets` or :func:`shortfall`.

:func:`assess` classifies one time series (year -> value) into one of
:data:`STATUSES` and gives it a score from -5 to +5. It reproduces the series-level
calculation of Open SDG's build tool:

* ``open-sdg/sdg-build``, ``sdg/ProgressMeasure.py`` at commit
  ``568d7d38307bb8196c37bbacb80927a9bd2bba27`` (class ``SeriesProgress``: methods
  ``calculate_progress_value``, ``methodology_1``, ``methodology_2``,
  ``is_target_achieved``, ``get_progress_thresholds``, ``get_score``; function
  ``get_progress_status``);
* the methodology it implements, ``open-sdg/open-sdg``,
  ``docs/progress-methodology.md`` at commit
  ``26d2e38700e4fee329fea4823e908c4298064693`` (published as
  https://open-sdg.readthedocs.io/en/latest/progress-methodology/), which also
  defines the score.

The method, for a series with a base value y0 in year t0 and a latest value yi in
year ti (CAGR(a -> b over n years) = (b / a) ** (1 / n) - 1):

* with a target yT for year tT, the progress value is the ratio
  R = s * d * CAGR(y0 -> yi) / |CAGR(y0 -> yT)|; R >= 0.95 is substantial
  progress, 0.60 <= R < 0.95 moderate, 0 <= R < 0.60 limited, R < 0
  deterioration; a latest value that meets the target is "target achieved";
* without a target, the progress value is g = s * d * CAGR(y0 -> yi), with fixed
  thresholds 0.015 (substantial), 0.005 (moderate) and 0 (limited);

where d is the direction sign and s is -1 when the base value is negative, else +1
(sdg-build's ``sign``: for an all-negative series the desired direction flips). The
absolute value on the required growth makes the ratio negative whenever the series
moved against the desired direction, even when the base already lay on the far side
of the target. A zero base value or target is replaced by 0.001 in the growth rates.
A base and a latest value of opposite signs cannot be assessed.

Not reproduced: sdg-build's optional ``limit`` (threshold scaling near a natural
limit), user-configured thresholds, and the aggregation of several series.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cchc.spec.statuses import PROGRESS_STATUSES

STATUSES = PROGRESS_STATUSES  # every status assess() can return, best first

#: What a zero base value or zero target becomes in the growth rates (sdg-build).
ZERO_REPLACEMENT = 0.001

#: (substantial, moderate, limited) lower bounds for the ratio R, with a target.
TARGET_THRESHOLDS: tuple[float, float, float] = (0.95, 0.60, 0.0)

#: (substantial, moderate, limited) lower bounds for the growth rate, without a target.
NO_TARGET_THRESHOLDS: tuple[float, float, float] = (0.015, 0.005, 0.0)

#: Score of a series whose latest value meets its target.
TARGET_ACHIEVED_SCORE = 5.0

_DIRECTIONS = {"up": 1, "down": -1}


def direction_sign(direction: str) -> int:
    """The sign of a measure's desired direction: +1 for ``"up"``, -1 for ``"down"``.

    Parameters
    ----------
    direction : str
        ``"up"`` (higher values are better) or ``"down"`` (lower values are better).

    Returns
    -------
    int
        +1 or -1.

    Raises
    ------
    ValueError
        For anything other than exactly ``"up"`` or ``"down"``; the message names it.

    Examples
    --------
    >>> direction_sign("up"), direction_sign("down")
    (1, -1)
    >>> direction_sign("sideways")
    Traceback (most recent call last):
    ...
    ValueError: direction must be 'up' or 'down', not 'sideways'
    """
    if isinstance(direction, str) and direction in _DIRECTIONS:
        return _DIRECTIONS[direction]
    raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")


def meets(value: float, target: float, direction: str = "up") -> bool:
    """Whether ``value`` meets ``target`` in the desired direction.

    ``"up"``: ``value >= target``; ``"down"``: ``value <= target``. A NaN value or
    target never meets.

    Parameters
    ----------
    value, target : float
        The observed (or projected) value and the target.
    direction : str, default "up"
        See :func:`direction_sign`.

    Returns
    -------
    bool

    Examples
    --------
    >>> meets(80, 80), meets(79.5, 80), meets(12, 15, "down")
    (True, False, True)
    """
    if direction_sign(direction) > 0:
        return bool(value >= target)
    return bool(value <= target)


def meets_each(values: pd.Series, targets: pd.Series, directions: pd.Series) -> pd.Series:
    """:func:`meets` for whole columns: a nullable boolean, empty (``<NA>``) where the
    value or the target is missing.

    Parameters
    ----------
    values, targets : Series of float
        Observed values and the targets they are judged against, aligned.
    directions : Series of str
        ``"up"`` or ``"down"`` per row (see :func:`direction_sign`).

    Returns
    -------
    Series of ``boolean``

    Examples
    --------
    >>> meets_each(pd.Series([100.0, 70.0, None, 12.0]), pd.Series([30.0, 90.0, 80.0, None]),
    ...            pd.Series(["up", "up", "up", "down"])).tolist()
    [True, False, <NA>, <NA>]
    >>> meets_each(pd.Series([85.0]), pd.Series([90.0]), pd.Series(["down"])).tolist()
    [True]
    """
    sign = directions.map(direction_sign).astype("float64")
    value = pd.to_numeric(values, errors="coerce").astype("float64")
    target = pd.to_numeric(targets, errors="coerce").astype("float64")
    met = pd.Series((sign * (value - target) >= 0).to_numpy(), index=values.index,
                    dtype="boolean")
    return met.mask(value.isna() | target.isna())


def shortfall(value: float, target: float, direction: str = "up") -> float:
    """How far ``value`` still is from ``target``, in the desired direction.

    ``"up"``: ``max(0, target - value)``; ``"down"``: ``max(0, value - target)``.
    It is 0.0 exactly when :func:`meets` is true, and never negative. NaN in gives
    NaN out.

    Parameters
    ----------
    value, target : float
        The observed (or projected) value and the target.
    direction : str, default "up"
        See :func:`direction_sign`.

    Returns
    -------
    float

    Examples
    --------
    >>> shortfall(72.5, 80), shortfall(85, 80), shortfall(18, 15, "down")
    (7.5, 0.0, 3.0)
    """
    gap = float(target) - float(value)
    if direction_sign(direction) < 0:
        gap = -gap
    if math.isnan(gap):
        return math.nan
    return gap if gap > 0 else 0.0


def shortfall_each(values: pd.Series, targets: pd.Series, directions: pd.Series) -> np.ndarray:
    """:func:`shortfall` for whole columns (aligned): NaN where the value or target is.

    >>> shortfall_each(pd.Series([72.5, 85.0, 18.0, None]), pd.Series([80.0, 80.0, 15.0, 1.0]),
    ...                pd.Series(["up", "up", "down", "up"])).tolist()
    [7.5, 0.0, 3.0, nan]
    """
    sign = _signs(directions)
    gap = (pd.to_numeric(targets, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
           - pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64",
                                                             na_value=np.nan))
    gap = np.where(sign < 0, -gap, gap)
    return np.where(np.isnan(gap), np.nan, np.where(gap > 0, gap, 0.0))


@dataclass(frozen=True)
class Assessment:
    """The progress of one series towards its target.

    Attributes
    ----------
    status : str
        One of :data:`STATUSES`.
    ratio : float or None
        The progress value: R with a target, the signed growth rate g without one
        (see the module docstring). None when it cannot be computed or is infinite.
    score : float or None
        -5 (deterioration) to +5 (substantial progress); +5 when the target is
        achieved; None exactly when ``status`` is ``"not_available"``.
    projection : float or None
        The least-squares straight line through all (year, value) points from the base
        year on, evaluated at the target year; None with fewer than two points, and
        once the series has a value after the target year (the year is then known).
    projection_meets_target : bool or None
        :func:`meets` applied to the projection; None without a projection or target.
    base_year, base_value : int or None, float or None
        The baseline actually used (the base year, or the first later year with
        data); the value is the observed one, before any zero replacement.
    latest_year, latest_value : int or None, float or None
        The last year with data, and its value.
    """

    status: str
    ratio: float | None
    score: float | None
    projection: float | None
    projection_meets_target: bool | None
    base_year: int | None
    base_value: float | None
    latest_year: int | None
    latest_value: float | None


def assess(
    values: Mapping[int, float],
    target: float | None,
    direction: str = "up",
    *,
    base_year: int = 2021,
    target_year: int = 2025,
) -> Assessment:
    """Assess a series' progress towards ``target`` by ``target_year``.

    Statistics Canada's progress method as implemented by Open SDG's sdg-build
    (``sdg/ProgressMeasure.py`` at commit ``568d7d38307bb8196c37bbacb80927a9bd2bba27``;
    see the module docstring for the formulas).

    * Missing values (None, NaN, ``pd.NA``) are ignored.
    * The baseline is ``base_year`` if it has data, else the first later year with
      data (sdg-build's rule); earlier years are ignored. The latest point is the
      last year with data.
    * Fewer than two years with data from the base year on: ``"not_available"``,
      unless the one year's value already meets the target: ``"target_achieved"``,
      score +5, no ratio (sdg-build checks the target before it needs two points).
    * A latest value that meets the target (:func:`meets`, with the target as given):
      ``"target_achieved"``, score +5.
    * Otherwise the status comes from the ratio R (with a target) or the signed
      growth rate g (without one, ``target=None``); a zero base value or target is
      replaced by 0.001 in the growth rates. The result is ``"not_available"`` when
      the progress value cannot be computed: base and latest value of opposite signs
      (sdg-build's rule), base and target of opposite signs, or a baseline that is
      not before ``target_year``. If the base value equals the target and the
      latest value moved away from it, R is -infinity: the status is
      ``"deterioration"``, the score -5 and ``ratio`` None.

    The score is Open SDG's piecewise-linear map of the progress value onto
    [-5, +5] (``docs/progress-methodology.md``, figures 1 and 2; ``get_score`` in
    sdg-build, whose rounded coefficients are used here). With a target:
    R <= -0.6 -> -5, R = 0 -> -2.5, R = 0.6 -> 0, R = 0.95 -> 2.5, R >= 1.3 -> +5.
    Without a target: g <= -2% -> -5, g = 0 -> -2.5, g = 0.5% -> 0, g = 1.5% -> 2.5,
    g >= 2% -> +5.

    Parameters
    ----------
    values : Mapping[int, float]
        Year -> value. Years must be integers; infinite values are rejected.
    target : float or None
        The value to reach by ``target_year``; None (or NaN) for no target.
    direction : str, default "up"
        See :func:`direction_sign`.
    base_year : int, default 2021
        The programme's base year.
    target_year : int, default 2025
        The year the target is due.

    Returns
    -------
    Assessment

    Raises
    ------
    ValueError
        For a bad direction, a non-integer year, or an infinite value or target.

    Examples
    --------
    >>> a = assess({2021: 50.0, 2023: 60.0}, 70.0)
    >>> a.status, round(a.ratio, 3), round(a.score, 2), a.projection
    ('substantial_progress', 1.088, 3.48, 70.0)
    >>> assess({2021: 40.0, 2022: 28.0}, 30.0, "down").status
    'target_achieved'
    >>> assess({2021: 1.0}, 2.0).status
    'not_available'
    >>> assess({2024: 3.0}, 2.0).status, assess({2024: 3.0}, 2.0).score
    ('target_achieved', 5.0)
    """
    d = direction_sign(direction)
    points = _clean_points(values)
    target = _clean_target(target)

    latest_year = max(points) if points else None
    latest_value = points[latest_year] if latest_year is not None else None
    series = sorted((y, v) for y, v in points.items() if y >= base_year)
    first_year: int | None = series[0][0] if series else None
    first_value: float | None = series[0][1] if series else None
    # past the target year its value is known: no projection to contradict it
    projection = (_linear_projection(series, target_year)
                  if latest_year is None or latest_year <= target_year else None)
    projection_meets = (
        None if projection is None or target is None else meets(projection, target, direction)
    )

    def result(status: str, ratio: float | None, score: float | None) -> Assessment:
        return Assessment(
            status=status,
            ratio=ratio,
            score=score,
            projection=projection,
            projection_meets_target=projection_meets,
            base_year=first_year,
            base_value=first_value,
            latest_year=latest_year,
            latest_value=latest_value,
        )

    if len(series) < 2:
        # One year from the base year on: Open SDG still checks the target first
        # (sdg-build's is_target_achieved runs before the two-point rule).
        if series and target is not None and meets(series[-1][1], target, direction):
            return result("target_achieved", None, TARGET_ACHIEVED_SCORE)
        return result("not_available", None, None)
    (t0, y0), (ti, yi) = series[0], series[-1]

    value = _progress_value(y0, yi, ti - t0, target, target_year - t0, d)
    ratio = value if value is not None and math.isfinite(value) else None
    if target is not None and meets(yi, target, direction):
        return result("target_achieved", ratio, TARGET_ACHIEVED_SCORE)
    if value is None:
        return result("not_available", None, None)
    has_target = target is not None
    return result(_status(value, has_target), ratio, _score(value, has_target))


# --- internals --------------------------------------------------------------------


def _clean_points(values: Mapping[int, float]) -> dict[int, float]:
    """Year -> float, without missing values; reject fractional years and infinities."""
    points: dict[int, float] = {}
    for year, value in values.items():
        if value is None or pd.isna(value):
            continue
        number = float(value)
        if math.isinf(number):
            raise ValueError(f"value for year {year!r} is infinite: {value!r}")
        whole = int(year)
        if whole != year:
            raise ValueError(f"years must be whole numbers, not {year!r}")
        points[whole] = number
    return points


def _clean_target(target: float | None) -> float | None:
    """None for no target (None or NaN); reject an infinite target."""
    if target is None or pd.isna(target):
        return None
    number = float(target)
    if math.isinf(number):
        raise ValueError(f"target is infinite: {target!r}")
    return number


def _cagr(start: float, end: float, years: int) -> float:
    """Compound annual growth rate from ``start`` to ``end`` over ``years`` years."""
    return (end / start) ** (1.0 / years) - 1.0


def _progress_value(
    base: float,
    latest: float,
    observed_years: int,
    target: float | None,
    required_years: int,
    d: int,
) -> float | None:
    """sdg-build's progress value (R, or g without a target); None if not computable.

    Returns -inf when the required growth is zero (base == target) and the observed
    growth went the wrong way.
    """
    s = -1 if base < 0 else 1  # sdg-build's sign, taken before the zero replacement
    if base == 0:
        base = ZERO_REPLACEMENT
    if (base > 0 and latest < 0) or (base < 0 and latest > 0):
        return None
    observed = _cagr(base, latest, observed_years)
    if target is None:
        value = s * d * observed
        return None if math.isnan(value) else value
    if target == 0:
        target = ZERO_REPLACEMENT
    if (target > 0) != (base > 0) or required_years <= 0:
        return None
    required = _cagr(base, target, required_years)
    numerator = s * d * observed
    if required == 0:
        if numerator < 0:
            return -math.inf
        return None
    value = numerator / abs(required)
    return None if math.isnan(value) else value


def _status(value: float, has_target: bool) -> str:
    """Status of a progress value against the fixed thresholds (sdg-build's rule)."""
    high, med, low = TARGET_THRESHOLDS if has_target else NO_TARGET_THRESHOLDS
    if value >= high:
        return "substantial_progress"
    if value >= med:
        return "moderate_progress"
    if value >= low:
        return "limited_progress"
    return "deterioration"


def _score(value: float, has_target: bool) -> float:
    """Open SDG's score in [-5, 5] for a progress value (sdg-build ``get_score``).

    The coefficients are sdg-build's: 7.1429 ~ 5/0.7, 4.2857 ~ 3/0.7 and
    4.1667 ~ 2.5/0.6 with a target; without a target the limit coefficient is 1.
    """
    if has_target:
        if value >= TARGET_THRESHOLDS[1]:
            return min(7.1429 * value - 4.2857, 5.0)
        return max(4.1667 * value - 2.5, -5.0)
    high, med, low = NO_TARGET_THRESHOLDS
    if value < low:
        return max(125.0 * value - 2.5, -5.0)
    if value >= high:
        return min(500.0 * value - 5.0, 5.0)
    if value >= med:
        return 250.0 * value - 1.25
    return 500.0 * value - 2.5


def _linear_projection(points: list[tuple[int, float]], year: int) -> float | None:
    """Ordinary least-squares line through ``points`` evaluated at ``year``."""
    if len(points) < 2:
        return None
    n = len(points)
    x_mean = sum(x for x, _ in points) / n
    y_mean = sum(y for _, y in points) / n
    sxx = sum((x - x_mean) ** 2 for x, _ in points)
    sxy = sum((x - x_mean) * (y - y_mean) for x, y in points)
    return y_mean + sxy / sxx * (year - x_mean)


# --- many series at once ---------------------------------------------------------------

#: The columns of :func:`assess_each`: the fields of :class:`Assessment`.
ASSESSMENT_COLUMNS = ["status", "ratio", "score", "projection", "projection_meets_target",
                      "base_year", "base_value", "latest_year", "latest_value"]


def assess_each(points: pd.DataFrame, targets: pd.Series, directions: pd.Series, *,
                base_year: int = 2021, target_year: int = 2025) -> pd.DataFrame:
    """:func:`assess` for many series at once: the same values, in one pass over them all.

    Parameters
    ----------
    points : DataFrame
        ``series, year, value``: one row per year with data of a series (``series`` is
        the series' label in ``targets``); rows without a value are ignored.
    targets : Series of float
        The target of each series (NaN: none), indexed by series label.
    directions : Series of str
        ``"up"`` or ``"down"`` per series, aligned with ``targets``.
    base_year, target_year : int
        As for :func:`assess`.

    Returns
    -------
    DataFrame
        Indexed like ``targets``, the :data:`ASSESSMENT_COLUMNS`: what :func:`assess`
        returns for each series, missing values as NaN (``status`` is text,
        ``projection_meets_target`` nullable boolean, the years nullable integers). The
        arithmetic is :func:`assess`'s own, operation for operation (sums in year order,
        powers by Python's ``**``), so every number is the same to the last bit.

    Examples
    --------
    >>> points = pd.DataFrame({"series": ["a", "a", "b", "b", "c"],
    ...                        "year": [2021, 2023, 2021, 2022, 2024],
    ...                        "value": [50.0, 60.0, 40.0, 28.0, 3.0]})
    >>> out = assess_each(points, pd.Series([70.0, 30.0, 2.0], index=["a", "b", "c"]),
    ...                   pd.Series(["up", "down", "up"], index=["a", "b", "c"]))
    >>> out[["status", "score"]].round(2).values.tolist()
    [['substantial_progress', 3.48], ['target_achieved', 5.0], ['target_achieved', 5.0]]
    >>> a = assess({2021: 50.0, 2023: 60.0}, 70.0)
    >>> (out.loc["a", "ratio"], out.loc["a", "projection"]) == (a.ratio, a.projection)
    True
    """
    labels = targets.index
    n = len(labels)
    d = _signs(directions.reindex(labels))
    target = pd.to_numeric(targets, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    if np.isinf(target).any():
        raise ValueError("a target is infinite")
    clean = points.dropna(subset=["value"])
    row = labels.get_indexer(clean["series"])
    clean = clean[row >= 0]
    row = row[row >= 0]
    year_of = clean["year"].to_numpy()
    if (year_of != np.floor(year_of.astype("float64"))).any():
        raise ValueError("years must be whole numbers")
    value_of = clean["value"].to_numpy(dtype="float64")
    if np.isinf(value_of).any():
        raise ValueError("a value is infinite")
    years = np.unique(year_of.astype(np.int64))
    grid = np.full((n, len(years)), np.nan)
    grid[row, np.searchsorted(years, year_of.astype(np.int64))] = value_of
    have = ~np.isnan(grid)
    inside = years >= base_year  # the series proper: from the base year on
    count = have[:, inside].sum(axis=1)
    any_point = have.any(axis=1)
    cols = np.arange(len(years))
    last_any = np.where(have, cols, -1).max(axis=1, initial=-1)
    first_in = np.where(have & inside, cols, len(years)).min(axis=1, initial=len(years))
    last_in = np.where(have & inside, cols, -1).max(axis=1, initial=-1)
    pick = np.arange(n)

    def at(column: np.ndarray) -> np.ndarray:
        ok = (column >= 0) & (column < len(years))
        out = np.full(n, np.nan)
        out[ok] = grid[pick[ok], column[ok]]
        return out

    def year_at(column: np.ndarray) -> np.ndarray:
        ok = (column >= 0) & (column < len(years))
        return np.where(ok, years[np.clip(column, 0, max(len(years) - 1, 0))] if len(years)
                        else 0, 0)

    latest_year, latest_value = year_at(last_any), at(last_any)
    t0, y0 = year_at(first_in), at(first_in)
    ti, yi = year_at(last_in), at(last_in)

    # the least-squares line at the target year, summed in year order as assess() does
    x_sum, y_sum = np.zeros(n, dtype=np.int64), np.zeros(n)
    for j in np.flatnonzero(inside):
        x_sum += np.where(have[:, j], years[j], 0)
        y_sum += np.where(have[:, j], grid[:, j], 0.0)
    with np.errstate(all="ignore"):
        x_mean, y_mean = x_sum / count, y_sum / count
        sxx, sxy = np.zeros(n), np.zeros(n)
        for j in np.flatnonzero(inside):
            dx = years[j] - x_mean
            distinct, back = np.unique(dx, return_inverse=True)  # a few means: few powers
            sxx += np.where(have[:, j], _powers(distinct, np.full(len(distinct), 2.0))[back],
                            0.0)
            sxy += np.where(have[:, j], dx * (grid[:, j] - y_mean), 0.0)
        line = y_mean + sxy / sxx * (target_year - x_mean)
    projected = (count >= 2) & (~any_point | (latest_year <= target_year))
    projection = np.where(projected, line, np.nan)
    has_target, up = ~np.isnan(target), d > 0
    projection_meets = pd.array(np.where(up, projection >= target, projection <= target),
                                dtype="boolean")
    projection_meets[~(projected & has_target)] = pd.NA

    # the progress value (R with a target, g without), for series of two years or more
    with np.errstate(all="ignore"):  # inf and NaN as in assess(), where floats overflow
        value = _progress(n, d, target, count, t0, y0, ti, yi, target_year)
        return _assessments(labels, d, target, count, value, yi, projection,
                            projection_meets, t0, y0, latest_year, latest_value, any_point)


def _progress(n, d, target, count, t0, y0, ti, yi, target_year) -> np.ndarray:
    """The progress values of :func:`assess_each`'s series (NaN where assess() has None)."""
    has_target = ~np.isnan(target)
    value = np.full(n, np.nan)
    two = count >= 2
    s = np.where(y0 < 0, -1, 1)
    base = np.where(y0 == 0, ZERO_REPLACEMENT, y0)
    mixed = ((base > 0) & (yi < 0)) | ((base < 0) & (yi > 0))
    ok = two & ~mixed
    observed = np.full(n, np.nan)
    observed[ok] = _powers(yi[ok] / base[ok], 1.0 / (ti[ok] - t0[ok])) - 1.0
    free = ok & ~has_target
    value[free] = s[free] * d[free] * observed[free]
    goal = np.where(target == 0, ZERO_REPLACEMENT, target)
    aimed = ok & has_target & ((goal > 0) == (base > 0)) & (target_year - t0 > 0)
    required = np.full(n, np.nan)
    required[aimed] = _powers(goal[aimed] / base[aimed], 1.0 / (target_year - t0[aimed])) - 1.0
    numerator = s * d * observed
    flat = aimed & (required == 0)
    value[flat & (numerator < 0)] = -np.inf
    steep = aimed & (required != 0)
    value[steep] = numerator[steep] / np.abs(required[steep])
    return value


def _assessments(labels, d, target, count, value, yi, projection, projection_meets, t0, y0,
                 latest_year, latest_value, any_point) -> pd.DataFrame:
    """Status, ratio and score from the progress values; the frame of :func:`assess_each`."""
    has_target, up, two = ~np.isnan(target), d > 0, count >= 2
    known = ~np.isnan(value)  # NaN: None in assess()
    achieved = has_target & (count >= 1) & np.where(up, yi >= target, yi <= target)
    high, med, low = (np.where(has_target, a, b) for a, b in
                      zip(TARGET_THRESHOLDS, NO_TARGET_THRESHOLDS, strict=True))
    status = np.select([count < 2, achieved, ~known, value >= high, value >= med,
                        value >= low], ["not_available", "target_achieved", "not_available",
                                        "substantial_progress", "moderate_progress",
                                        "limited_progress"], "deterioration")
    status = np.where((count < 2) & achieved, "target_achieved", status).astype(object)
    score = np.where(has_target, np.where(
        value >= TARGET_THRESHOLDS[1], np.minimum(7.1429 * value - 4.2857, 5.0),
        np.maximum(4.1667 * value - 2.5, -5.0)), np.select(
        [value < NO_TARGET_THRESHOLDS[2], value >= NO_TARGET_THRESHOLDS[0],
         value >= NO_TARGET_THRESHOLDS[1]],
        [np.maximum(125.0 * value - 2.5, -5.0), np.minimum(500.0 * value - 5.0, 5.0),
         250.0 * value - 1.25], 500.0 * value - 2.5))
    score = np.where(status == "target_achieved", TARGET_ACHIEVED_SCORE,
                     np.where(status == "not_available", np.nan, score))
    ratio = np.where(two & np.isfinite(value), value, np.nan)

    def whole(values: np.ndarray, present: np.ndarray) -> pd.arrays.IntegerArray:
        return pd.arrays.IntegerArray(np.where(present, values, 0).astype(np.int64), ~present)

    return pd.DataFrame({
        "status": status, "ratio": ratio, "score": score, "projection": projection,
        "projection_meets_target": projection_meets,
        "base_year": whole(t0, count >= 1), "base_value": np.where(count >= 1, y0, np.nan),
        "latest_year": whole(latest_year, any_point),
        "latest_value": np.where(any_point, latest_value, np.nan),
    }, index=labels)


def _signs(directions: pd.Series) -> np.ndarray:
    """:func:`direction_sign` of each direction (each distinct one checked once)."""
    signs = {x: direction_sign(x) for x in pd.unique(directions.to_numpy(dtype=object))}
    return directions.map(signs).to_numpy(dtype=np.int64)


def _powers(bases: np.ndarray, exponents: np.ndarray) -> np.ndarray:
    """``bases ** exponents`` by Python's float power, as :func:`assess` computes it (one
    per series, of thousands: numpy's own power may differ in the last bit)."""
    return np.array([b ** e for b, e in zip(bases.tolist(), exponents.tolist(), strict=True)],
                    dtype="float64")
