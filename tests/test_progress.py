"""Tests for cchc.progress: Statistics Canada's progress method as sdg-build implements it.

Sources of the expected values (cited case by case below):

* SDG_BUILD = open-sdg/sdg-build, sdg/ProgressMeasure.py @ 568d7d38307bb8196c37bbacb80927a9bd2bba27
  (class SeriesProgress: the implementation reproduced here).
* sdg-build's own progress fixtures: tests/assets/progress-calculation/... @ 568d7d38 (1-1-1)
  and @ 513547703ec3e9ebccec0713210527748787e79b (3-3-3). sdg-build ships no assertions on
  progress values, so the expected values for its fixtures are worked out by hand from
  SDG_BUILD's formulas.
* METHODOLOGY = open-sdg/open-sdg, docs/progress-methodology.md
  @ 26d2e38700e4fee329fea4823e908c4298064693 (thresholds, score figures 1 and 2,
  zero replacement, minimum data requirements).
"""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pandas as pd
import pytest
from cchc.engine import progress
from cchc.engine.progress import STATUSES, Assessment, assess, direction_sign, meets, shortfall
from hypothesis import given, settings
from hypothesis import strategies as st


def _cagr(start: float, end: float, years: float) -> float:
    return (end / start) ** (1 / years) - 1


# --- direction_sign, meets, shortfall ---------------------------------------------------


def test_direction_sign_values() -> None:
    assert direction_sign("up") == 1
    assert direction_sign("down") == -1


@pytest.mark.parametrize("bad", ["UP", "Down", "", " up", "positive", "negative", None, 1])
def test_direction_sign_rejects_anything_else(bad: object) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        direction_sign(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "target", "direction", "met", "missing"),
    [
        (80.0, 80.0, "up", True, 0.0),
        (79.5, 80.0, "up", False, 0.5),
        (95.0, 80.0, "up", True, 0.0),
        (15.0, 15.0, "down", True, 0.0),
        (12.0, 15.0, "down", True, 0.0),
        (18.0, 15.0, "down", False, 3.0),
        (-3.0, -1.0, "up", False, 2.0),
        (-3.0, -1.0, "down", True, 0.0),
        (0.0, 0.0, "down", True, 0.0),
    ],
)
def test_meets_and_shortfall(
    value: float, target: float, direction: str, met: bool, missing: float
) -> None:
    assert meets(value, target, direction) is met
    assert shortfall(value, target, direction) == pytest.approx(missing)


def test_meets_and_shortfall_default_direction_is_up() -> None:
    assert meets(1.0, 2.0) is False
    assert shortfall(1.0, 2.0) == 1.0


def test_meets_and_shortfall_validate_direction() -> None:
    with pytest.raises(ValueError, match="'sideways'"):
        meets(1.0, 2.0, "sideways")
    with pytest.raises(ValueError, match="'sideways'"):
        shortfall(1.0, 2.0, "sideways")


def test_nan_never_meets_and_has_nan_shortfall() -> None:
    assert meets(math.nan, 1.0) is False
    assert meets(1.0, math.nan, "down") is False
    assert math.isnan(shortfall(math.nan, 1.0))
    assert math.isnan(shortfall(1.0, math.nan, "down"))


def test_shortfall_is_never_negative_zero() -> None:
    assert math.copysign(1.0, shortfall(5.0, 5.0)) == 1.0
    assert math.copysign(1.0, shortfall(5.0, 5.0, "down")) == 1.0


# --- sdg-build's own fixtures -----------------------------------------------------------


def test_sdg_build_fixture_1_1_1_missing_base_year_no_target() -> None:
    # open-sdg/sdg-build tests/assets/progress-calculation/data/indicator_1-1-1.csv
    # @ 568d7d38307bb8196c37bbacb80927a9bd2bba27
    # (same file @ 6d3d128af8826a62c4ed26626663c961f0a94b3c), headline rows only;
    # indicator-config/1-1-1.yml only turns the calculation on, so
    # sdg-build's defaults apply: base_year 2015, target_year 2030, direction "negative",
    # no target. 2015 has no data -> base 2020 (SDG_BUILD SeriesProgress.__init__);
    # g = -1 * (120/100 - 1) = -0.2 -> deterioration; score max(125*g - 2.5, -5) = -5.
    a = assess({2020: 100, 2021: 120}, None, "down", base_year=2015, target_year=2030)
    assert a.status == "deterioration"
    assert (a.base_year, a.base_value) == (2020, 100.0)
    assert (a.latest_year, a.latest_value) == (2021, 120.0)
    assert a.ratio == pytest.approx(-0.2)
    assert a.score == -5.0
    assert a.projection == pytest.approx(100 + 20 * (2030 - 2020))
    assert a.projection_meets_target is None


SDG_BUILD_3_3_3 = {
    # open-sdg/sdg-build tests/assets/progress-calculation/data/indicator_3-3-3.csv
    # @ 513547703ec3e9ebccec0713210527748787e79b (headline rows, Sex empty)
    2010: 1.51,
    2011: 1.51,
    2012: 1.38,
    2013: 1.40,
    2014: 1.27,
    2015: 1.55,
    2016: 1.69,
    2017: 1.65,
    2018: 1.62,
    2019: 1.82,
}


def test_sdg_build_fixture_3_3_3_zero_target_down() -> None:
    # indicator-config/3-3-3.yml @ 513547703: direction negative, target 0 (-> 0.001);
    # sdg-build defaults base_year 2015, target_year 2030. Years before 2015 are ignored.
    a = assess(SDG_BUILD_3_3_3, 0.0, "down", base_year=2015, target_year=2030)
    expected = -1 * _cagr(1.55, 1.82, 4) / abs(_cagr(1.55, 0.001, 15))
    assert expected == pytest.approx(-0.10578767, abs=1e-8)
    assert a.ratio == pytest.approx(expected)
    assert a.status == "deterioration"
    assert a.score == pytest.approx(4.1667 * expected - 2.5)
    assert (a.base_year, a.base_value, a.latest_year, a.latest_value) == (2015, 1.55, 2019, 1.82)
    assert a.projection_meets_target is False


# --- every status, with a target ----------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "target", "direction", "status", "ratio"),
    [
        # hand-worked from SDG_BUILD methodology_2: R = d * CAGR_o / |CAGR_r|,
        # base 2021, target 2025 (4 years), latest 2023 (2 years)
        ({2021: 50, 2023: 60}, 70, "up", "substantial_progress", 1.0876030661),
        ({2021: 50, 2023: 58}, 70, "up", "moderate_progress", 0.8777954223),
        ({2021: 50, 2023: 51}, 70, "up", "limited_progress", 0.1133865008),
        ({2021: 50, 2023: 48}, 70, "up", "deterioration", -0.2302270184),
        ({2021: 20, 2023: 14}, 10, "down", "substantial_progress", 1.0266266076),
        ({2021: 20, 2023: 16}, 10, "down", "moderate_progress", 0.6635476452),
        ({2021: 20, 2023: 19}, 10, "down", "limited_progress", 0.1591451604),
        ({2021: 20, 2023: 21}, 10, "down", "deterioration", -0.1552138290),
    ],
)
def test_status_bands_with_target(
    values: dict[int, float], target: float, direction: str, status: str, ratio: float
) -> None:
    a = assess(values, target, direction)
    assert a.status == status
    assert a.ratio == pytest.approx(ratio, rel=1e-9)
    # SDG_BUILD get_score, quantitative branch
    slope, intercept = (7.1429, 4.2857) if ratio >= 0.6 else (4.1667, 2.5)
    assert a.score == pytest.approx(slope * ratio - intercept)


@pytest.mark.parametrize(
    ("values", "target", "direction"),
    [
        ({2021: 50, 2023: 70}, 70, "up"),
        ({2021: 50, 2024: 90}, 70, "up"),
        ({2021: 20, 2022: 10}, 10, "down"),
        ({2021: 20, 2022: 12, 2024: 8}, 10, "down"),
        # achieved now, even after a dip (only the latest value counts)
        ({2021: 50, 2022: 10, 2023: 75}, 70, "up"),
    ],
)
def test_target_achieved(values: dict[int, float], target: float, direction: str) -> None:
    # SDG_BUILD is_target_achieved / get_score: score 5 regardless of the trend.
    a = assess(values, target, direction)
    assert a.status == "target_achieved"
    assert a.score == 5.0
    assert a.ratio is not None  # sdg-build still computes the progress value


def test_target_achieved_is_checked_before_the_sign_rule() -> None:
    # base and latest of opposite signs: no progress value (SDG_BUILD
    # calculate_progress_value returns None), but the target is met.
    a = assess({2021: -5, 2023: 3}, 0, "up")
    assert a.status == "target_achieved"
    assert a.ratio is None
    assert a.score == 5.0


# --- no-target method (SDG_BUILD methodology_1 and get_progress_thresholds method 1) -------


@pytest.mark.parametrize(
    ("values", "direction", "status", "growth", "score"),
    [
        ({2021: 100, 2022: 102}, "up", "substantial_progress", 0.02, 5.0),
        ({2021: 100, 2022: 101}, "up", "moderate_progress", 0.01, 1.25),
        ({2021: 100, 2022: 100.2}, "up", "limited_progress", 0.002, -1.5),
        ({2021: 100, 2022: 101}, "down", "deterioration", -0.01, -3.75),
        ({2021: 100, 2022: 99}, "down", "moderate_progress", 0.01, 1.25),
        ({2021: 100, 2022: 80}, "up", "deterioration", -0.2, -5.0),
        # two-year CAGR: (121/100) ** 0.5 - 1 = 0.1
        ({2021: 100, 2023: 121}, "up", "substantial_progress", 0.1, 5.0),
    ],
)
def test_no_target_method(
    values: dict[int, float], direction: str, status: str, growth: float, score: float
) -> None:
    a = assess(values, None, direction)
    assert a.status == status
    assert a.ratio == pytest.approx(growth)
    assert a.score == pytest.approx(score)
    assert a.projection_meets_target is None


def test_no_target_nan_target_means_no_target() -> None:
    assert assess({2021: 100, 2022: 102}, math.nan) == assess({2021: 100, 2022: 102}, None)


# --- thresholds and score map -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "has_target", "status"),
    [
        # SDG_BUILD get_progress_status: value >= high, med <= value < high, ...
        (0.95, True, "substantial_progress"),
        (0.9499, True, "moderate_progress"),
        (0.60, True, "moderate_progress"),
        (0.5999, True, "limited_progress"),
        (0.0, True, "limited_progress"),
        (-1e-12, True, "deterioration"),
        (0.015, False, "substantial_progress"),
        (0.0149, False, "moderate_progress"),
        (0.005, False, "moderate_progress"),
        (0.0049, False, "limited_progress"),
        (0.0, False, "limited_progress"),
        (-1e-12, False, "deterioration"),
    ],
)
def test_threshold_boundaries(value: float, has_target: bool, status: str) -> None:
    assert progress._status(value, has_target) == status


@pytest.mark.parametrize(
    ("value", "has_target", "score"),
    [
        # METHODOLOGY figure 2 (with a target): -60% -> -5, 60% -> 0, 130% -> +5,
        # linear in between; the table puts R = 95% at the 2.5 boundary and R = 0 at -2.5.
        (-2.0, True, -5.0),
        (-0.6, True, -5.0),
        (0.0, True, -2.5),
        (0.6, True, 0.0),
        (0.95, True, 2.5),
        (1.3, True, 5.0),
        (3.0, True, 5.0),
        # METHODOLOGY figure 1 (no target): -2% -> -5, 0 -> -2.5, 0.5% -> 0,
        # 1.5% -> 2.5, 2% -> +5.
        (-0.05, False, -5.0),
        (-0.02, False, -5.0),
        (-0.01, False, -3.75),
        (0.0, False, -2.5),
        (0.0025, False, -1.25),
        (0.005, False, 0.0),
        (0.01, False, 1.25),
        (0.015, False, 2.5),
        (0.02, False, 5.0),
        (0.05, False, 5.0),
    ],
)
def test_score_breakpoints(value: float, has_target: bool, score: float) -> None:
    # sdg-build's rounded coefficients (7.1429, 4.2857, 4.1667) put the breakpoints
    # within 1e-4 of the documented values.
    assert progress._score(value, has_target) == pytest.approx(score, abs=1e-4)
    assert -5.0 <= progress._score(value, has_target) <= 5.0


# --- sign rule ------------------------------------------------------------------------------


def test_sign_rule_base_beyond_target_moving_away_is_deterioration() -> None:
    # Base (60) already past an "up" target of 50, latest (45) fell below it.
    # SDG_BUILD methodology_2 divides by |CAGR_r|: R = -3.0068 -> deterioration.
    # The earlier formula cagr_o / cagr_r (sdg-build PR #318 head,
    # sdg/ProgressMeasure.py @ 6d3d128af8826a62c4ed26626663c961f0a94b3c) gave +3.0068,
    # i.e. "substantial progress" for a series moving away from its target.
    a = assess({2021: 60, 2023: 45}, 50, "up")
    assert a.status == "deterioration"
    assert a.ratio == pytest.approx(-3.0067996368)
    assert _cagr(60, 45, 2) / _cagr(60, 50, 4) == pytest.approx(3.0067996368)
    assert a.score == -5.0


def test_sign_rule_base_beyond_target_down() -> None:
    # mirror image: base 8 already below a "down" target of 10, latest 12 above it.
    a = assess({2021: 8, 2023: 12}, 10, "down")
    assert a.status == "deterioration"
    assert a.ratio is not None and a.ratio < 0


def test_sign_rule_negative_base_flips_direction_without_target() -> None:
    # SDG_BUILD: sign = -1 if base_value < 0; g = sign * direction * CAGR.
    # -10 -> -8 is an increase (good for "up") although CAGR(-10 -> -8) < 0.
    a = assess({2021: -10, 2023: -8}, None, "up")
    assert _cagr(-10, -8, 2) < 0
    assert a.ratio == pytest.approx(-_cagr(-10, -8, 2))
    assert a.ratio == pytest.approx(0.1055728090)
    assert a.status == "substantial_progress"
    assert assess({2021: -10, 2023: -8}, None, "down").status == "deterioration"


def test_sign_rule_negative_series_with_target() -> None:
    # -10 -> -8 towards -5 ("up"): R = s * d * CAGR_o / |CAGR_r| with s = -1.
    a = assess({2021: -10, 2023: -8}, -5, "up")
    expected = -1 * _cagr(-10, -8, 2) / abs(_cagr(-10, -5, 4))
    assert a.ratio == pytest.approx(expected)
    assert a.ratio == pytest.approx(0.6635476452)
    assert a.status == "moderate_progress"


@pytest.mark.parametrize(
    ("values", "target"),
    [
        # SDG_BUILD calculate_progress_value: base and current value must have the
        # same sign (METHODOLOGY "Minimum data requirements" 2).
        ({2021: 5, 2023: -1}, 10),
        ({2021: 5, 2023: -1}, None),
        ({2021: -5, 2023: 1}, None),
        # base and target of opposite signs: no real CAGR_r (sdg-build would produce
        # a complex number here).
        ({2021: -5, 2023: -4}, 3),
    ],
)
def test_sign_rule_mixed_signs_not_available(
    values: dict[int, float], target: float | None
) -> None:
    a = assess(values, target, "up")
    assert a.status == "not_available"
    assert a.ratio is None
    assert a.score is None


# --- zero replacement (SDG_BUILD __init__ / calculate_progress_value; METHODOLOGY) ---------


def test_zero_base_is_replaced_by_0_001() -> None:
    a = assess({2021: 0, 2023: 5}, 10, "up")
    expected = _cagr(0.001, 5, 2) / abs(_cagr(0.001, 10, 4))
    assert a.ratio == pytest.approx(expected)
    assert a.ratio == pytest.approx(7.7456309021)
    assert a.status == "substantial_progress"
    assert a.score == 5.0
    assert a.base_value == 0.0  # the observed value is reported, not the replacement


def test_zero_base_without_target() -> None:
    a = assess({2021: 0, 2022: 0.002}, None, "up")
    assert a.ratio == pytest.approx(1.0)  # 0.001 -> 0.002 in one year
    assert a.status == "substantial_progress"


def test_zero_target_is_replaced_by_0_001() -> None:
    a = assess({2021: 10, 2023: 5}, 0, "down")
    expected = -1 * _cagr(10, 5, 2) / abs(_cagr(10, 0.001, 4))
    assert a.ratio == pytest.approx(expected)
    assert a.ratio == pytest.approx(0.3254369098)
    assert a.status == "limited_progress"
    assert a.score == pytest.approx(4.1667 * expected - 2.5)


def test_zero_target_met_by_zero() -> None:
    assert assess({2021: 10, 2023: 0}, 0, "down").status == "target_achieved"


def test_base_equal_to_target_and_moving_away_is_deterioration() -> None:
    # CAGR_r = 0, so R = -infinity (sdg-build would divide by zero).
    a = assess({2021: 5, 2023: 4}, 5, "up")
    assert a.status == "deterioration"
    assert a.ratio is None
    assert a.score == -5.0


# --- baseline, latest point, not_available -------------------------------------------------


def test_missing_base_year_uses_first_later_year() -> None:
    a = assess({2022: 50, 2024: 60}, 70, "up")
    assert (a.base_year, a.base_value) == (2022, 50.0)
    expected = _cagr(50, 60, 2) / abs(_cagr(50, 70, 3))  # required: 2022 -> 2025
    assert a.ratio == pytest.approx(expected)


def test_years_before_base_year_are_ignored() -> None:
    with_early = assess({2019: 1000, 2020: 5, 2021: 50, 2023: 60}, 70, "up")
    without = assess({2021: 50, 2023: 60}, 70, "up")
    assert with_early == without
    assert with_early.base_year == 2021


@pytest.mark.parametrize(
    "values",
    [
        {},
        {2021: 5.0},
        {2024: 5.0},
        {2019: 1.0, 2020: 2.0},  # nothing from the base year on
        {2019: 1.0, 2020: 2.0, 2023: 3.0},  # one point from the base year on
        {2021: 5.0, 2022: None, 2023: math.nan, 2024: pd.NA},
    ],
)
def test_fewer_than_two_points_is_not_available(values: dict[int, float]) -> None:
    a = assess(values, 1.0, "down")
    assert a.status == "not_available"
    assert a.ratio is None
    assert a.score is None
    assert a.projection is None
    assert a.projection_meets_target is None


def test_single_point_meeting_target_is_target_achieved() -> None:
    # sdg-build (SDG_BUILD) checks the target before the two-point rule: one year that
    # already meets it is target_achieved with score 5 (issue 12, point 10).
    a = assess({2023: 100.0}, 90.0, "up")
    assert (a.status, a.score, a.ratio) == ("target_achieved", 5.0, None)
    assert (a.base_year, a.latest_year) == (2023, 2023)
    assert assess({2024: 85.0}, 90.0, "down").status == "target_achieved"
    # one year that does not meet it, or a target of None, stays not available
    assert assess({2023: 80.0}, 90.0, "up").status == "not_available"
    assert assess({2023: 100.0}, None, "up").status == "not_available"
    # a year before the base year does not count as the one year
    assert assess({2020: 100.0}, 90.0, "up").status == "not_available"


def test_not_available_still_reports_baseline_and_latest() -> None:
    a = assess({2019: 1.0, 2020: 2.0}, 1.0)
    assert (a.base_year, a.base_value) == (None, None)
    assert (a.latest_year, a.latest_value) == (2020, 2.0)


def test_baseline_not_before_target_year_is_not_available() -> None:
    # baseline 2025 == target year: no required growth rate can be computed
    a = assess({2025: 50, 2026: 60}, 70, "up")
    assert a.status == "not_available"
    assert a.projection is None  # 2026 is known: no projection back to 2025
    # ... unless the target is met
    assert assess({2025: 50, 2026: 80}, 70, "up").status == "target_achieved"


def test_missing_values_are_ignored() -> None:
    messy = {2021: 50.0, 2022: None, 2023: 60.0, 2024: math.nan, 2020: pd.NA}
    assert assess(messy, 70.0) == assess({2021: 50.0, 2023: 60.0}, 70.0)
    a = assess(messy, 70.0)
    assert (a.latest_year, a.latest_value) == (2023, 60.0)


def test_numpy_and_pandas_inputs() -> None:
    series = pd.Series([50.0, None, 60.0], index=pd.Index([2021, 2022, 2023]))
    a = assess(series.to_dict(), 70.0)
    assert a.status == "substantial_progress"
    assert type(a.base_year) is int and type(a.base_value) is float


# --- projection ---------------------------------------------------------------------------


def test_projection_of_an_exact_straight_line() -> None:
    line = {year: 3.0 + 1.5 * (year - 2021) for year in range(2021, 2025)}
    a = assess(line, 9.0, "up")
    assert a.projection == pytest.approx(9.0)
    assert a.projection_meets_target is True
    assert assess(line, 9.5, "up").projection_meets_target is False
    assert assess(line, 9.5, "down").projection_meets_target is True


def test_projection_least_squares() -> None:
    # mean year 2022.5, mean value 2.5, Sxy = 4, Sxx = 5 -> slope 0.8;
    # at 2025: 2.5 + 0.8 * 2.5 = 4.5
    a = assess({2021: 1.0, 2022: 3.0, 2023: 2.0, 2024: 4.0}, 5.0, "up")
    assert a.projection == pytest.approx(4.5)
    assert a.projection_meets_target is False


def test_projection_uses_only_points_from_the_base_year_and_respects_target_year() -> None:
    a = assess({2015: 100.0, 2021: 10.0, 2023: 14.0}, 30.0, "up", target_year=2030)
    assert a.projection == pytest.approx(10.0 + 2.0 * 9)


def test_projection_without_target() -> None:
    a = assess({2021: 1.0, 2022: 2.0}, None)
    assert a.projection == pytest.approx(5.0)
    assert a.projection_meets_target is None


# --- input validation, result type ----------------------------------------------------------


def test_assess_validates_direction_even_without_data() -> None:
    with pytest.raises(ValueError, match="'UP'"):
        assess({}, None, "UP")


def test_assess_rejects_infinite_values_and_fractional_years() -> None:
    with pytest.raises(ValueError, match="infinite"):
        assess({2021: 1.0, 2022: math.inf}, 2.0)
    with pytest.raises(ValueError, match="infinite"):
        assess({2021: 1.0, 2022: 2.0}, -math.inf)
    with pytest.raises(ValueError, match="whole numbers"):
        assess({2021.5: 1.0, 2022: 2.0}, 2.0)  # type: ignore[dict-item]


def test_assessment_is_frozen() -> None:
    a = assess({2021: 1.0, 2022: 2.0}, 3.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.status = "target_achieved"  # type: ignore[misc]
    assert isinstance(a, Assessment)


def test_every_status_is_reached_and_listed_best_first() -> None:
    """Each status comes from a series worked out by hand; STATUSES lists them best
    first, which is the order the scores follow."""
    reached = {
        "target_achieved": assess({2021: 50.0, 2023: 80.0}, 80.0),
        "substantial_progress": assess({2021: 50.0, 2023: 60.0}, 70.0),  # R = 1.09
        "moderate_progress": assess({2021: 50.0, 2023: 56.0}, 70.0),  # R = 0.66
        "limited_progress": assess({2021: 50.0, 2023: 51.0}, 70.0),  # R = 0.11
        "deterioration": assess({2021: 50.0, 2023: 45.0}, 70.0),
        "not_available": assess({2021: 50.0}, 70.0),
    }
    assert {name: a.status for name, a in reached.items()} == {n: n for n in reached}
    assert tuple(reached) == STATUSES
    scores = [a.score for a in reached.values() if a.score is not None]
    assert scores == sorted(scores, reverse=True)


# --- properties -----------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
reasonable = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
directions = st.sampled_from(["up", "down"])
series_values = st.dictionaries(
    st.integers(min_value=2015, max_value=2030),
    st.one_of(st.none(), st.just(math.nan), finite),
    max_size=10,
)
_BANDS = {
    "substantial_progress": (2.5, 5.0),
    "moderate_progress": (0.0, 2.5),
    "limited_progress": (-2.5, 0.0),
    "deterioration": (-5.0, -2.5),
}


@settings(max_examples=300, deadline=None, database=None)
@given(
    values=series_values,
    target=st.one_of(st.none(), finite),
    direction=directions,
    base_year=st.integers(min_value=2015, max_value=2030),
    target_year=st.integers(min_value=2015, max_value=2035),
)
def test_property_assessment_is_well_formed(
    values: dict[int, float | None],
    target: float | None,
    direction: str,
    base_year: int,
    target_year: int,
) -> None:
    a = assess(values, target, direction, base_year=base_year, target_year=target_year)
    assert a.status in STATUSES
    assert (a.score is None) == (a.status == "not_available")
    if a.score is not None:
        assert -5.0 <= a.score <= 5.0
    if a.status == "target_achieved":
        assert a.score == 5.0
        assert target is not None and meets(a.latest_value, target, direction)
    elif a.status in _BANDS:
        # score and status agree up to sdg-build's rounded coefficients
        low, high = _BANDS[a.status]
        assert low - 1e-3 <= a.score <= high + 1e-3
    if a.ratio is not None:
        assert math.isfinite(a.ratio)
    if a.status != "not_available":
        assert a.base_year is not None and a.latest_year is not None
        assert base_year <= a.base_year <= a.latest_year
        # one year is enough only for a target already achieved (Open SDG's rule)
        assert a.base_year < a.latest_year or a.status == "target_achieved"


@settings(max_examples=300, deadline=None, database=None)
@given(value=finite, target=finite, direction=directions)
def test_property_meets_iff_no_shortfall(value: float, target: float, direction: str) -> None:
    missing = shortfall(value, target, direction)
    assert missing >= 0.0
    assert meets(value, target, direction) == (missing == 0.0)


@settings(max_examples=200, deadline=None, database=None)
@given(
    values=st.dictionaries(
        st.integers(min_value=2021, max_value=2025),
        st.floats(min_value=0.01, max_value=1e6),
        min_size=2,
        max_size=5,
    ),
    target=st.floats(min_value=0.01, max_value=1e6),
)
def test_property_mirror_image_series_assess_alike(values: dict[int, float], target: float) -> None:
    # The sign rule makes an all-negative series going "down" the mirror image of the
    # positive series going "up": same status, progress value and score.
    up = assess(values, target, "up")
    mirrored = assess({y: -v for y, v in values.items()}, -target, "down")
    assert mirrored.status == up.status
    assert mirrored.score == up.score
    assert mirrored.ratio == up.ratio
    assert up.projection is not None and mirrored.projection == -up.projection
    assert mirrored.projection_meets_target == up.projection_meets_target


@settings(max_examples=200, deadline=None, database=None)
@given(
    values=st.dictionaries(
        st.integers(min_value=2015, max_value=2030),
        st.one_of(st.none(), st.just(math.nan), reasonable),
        max_size=10,
    ),
    target_year=st.integers(min_value=2021, max_value=2035),
)
def test_property_projection_is_ols(values: dict[int, float | None], target_year: int) -> None:
    a = assess(values, None, base_year=2021, target_year=target_year)
    points = [(y, v) for y, v in values.items() if y >= 2021 and v is not None and v == v]
    known = [y for y, v in values.items() if v is not None and v == v]
    if len(points) < 2 or max(known) > target_year:  # too few, or past the target year
        assert a.projection is None
        return
    xs = np.array([y for y, _ in points], dtype=float) - 2021
    ys = np.array([v for _, v in points])
    slope, intercept = np.polyfit(xs, ys, 1)
    scale = max(1.0, float(np.abs(ys).max()))
    expected = slope * (target_year - 2021) + intercept
    assert a.projection == pytest.approx(expected, rel=1e-6, abs=1e-6 * scale)


# --- assess_each: many series at once, the same to the last bit ---------------------------

_each_values = st.dictionaries(
    st.integers(min_value=2015, max_value=2030),
    st.one_of(st.none(), st.just(math.nan), reasonable, st.sampled_from([0.0, -0.0, 0.001, 100.0])),
    max_size=8,
)
_each_target = st.one_of(st.none(), reasonable, st.sampled_from([0.0, 100.0, 50.0]))


def _same_assessment(row: pd.Series, a: Assessment) -> None:
    for name in progress.ASSESSMENT_COLUMNS:
        got, want = row[name], getattr(a, name)
        if want is None:
            assert pd.isna(got), (name, got, a)
        else:
            assert not pd.isna(got) and got == want, (name, got, a)
            if isinstance(want, float):  # the same bits: -0.0 is not 0.0 here
                assert math.copysign(1, got) == math.copysign(1, want), (name, got, a)


@settings(max_examples=300, deadline=None, database=None)
@given(series=st.lists(st.tuples(_each_values, _each_target, directions), min_size=1,
                       max_size=8),
       base_year=st.integers(min_value=2015, max_value=2030),
       target_year=st.integers(min_value=2015, max_value=2035))
def test_property_assess_each_is_assess_for_every_series(series, base_year, target_year):
    labels = [f"s{i}" for i in range(len(series))]
    points = pd.DataFrame([(label, year, value) for label, (values, _, _) in
                           zip(labels, series, strict=True) for year, value in values.items()],
                          columns=["series", "year", "value"]).astype({"value": "float64"})
    targets = pd.Series([t for _, t, _ in series], index=labels, dtype="float64")
    ways = pd.Series([d for _, _, d in series], index=labels)
    out = progress.assess_each(points, targets, ways, base_year=base_year,
                               target_year=target_year)
    assert out.index.tolist() == labels and out.columns.tolist() == progress.ASSESSMENT_COLUMNS
    for label, (values, target, direction) in zip(labels, series, strict=True):
        _same_assessment(out.loc[label], assess(values, target, direction,
                                                base_year=base_year, target_year=target_year))


def test_assess_each_on_the_documented_cases() -> None:
    """The worked cases above, all at once: zero base, zero target, base equal to the
    target moving away (-inf: deterioration, no ratio), signs mixed, one year."""
    cases = {
        "zero_base": ({2021: 0.0, 2023: 10.0}, 20.0, "up"),
        "zero_target": ({2021: 30.0, 2023: 10.0}, 0.0, "down"),
        "away": ({2021: 50.0, 2023: 40.0}, 50.0, "up"),
        "mixed": ({2021: -5.0, 2023: 5.0}, 10.0, "up"),
        "one": ({2024: 3.0}, 2.0, "up"),
        "none": ({}, 2.0, "up"),
        "no_target": ({2021: 10.0, 2022: 11.0, 2026: 12.0}, None, "up"),
    }
    points = pd.DataFrame([(k, y, v) for k, (values, _, _) in cases.items()
                           for y, v in values.items()], columns=["series", "year", "value"])
    out = progress.assess_each(points, pd.Series({k: c[1] for k, c in cases.items()},
                                                 dtype="float64"),
                               pd.Series({k: c[2] for k, c in cases.items()}))
    for k, (values, target, direction) in cases.items():
        _same_assessment(out.loc[k], assess(values, target, direction))
    assert out.loc["away", "status"] == "deterioration" and pd.isna(out.loc["away", "ratio"])
