"""The plan of the synthetic province: for every unit and measure whose records it owns,
the profile of its yearly path (which status it should show in the programme's final
year, :data:`STATUS_YEAR`).

A unit that ended carries the profile and the path of the unit that carries its history
today (its ``head``: the end of its chain of successors), so that a new commune's series
from 2021, the sum of its predecessors' records and then its own, follows one path and
shows its profile's status. Districts, which end without a successor, have their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cchc.errors import ParameterError
from cchc.sample.draws import _exists, _rng
from cchc.sample.settings import STATUS_YEAR, YEARS
from cchc.spec.catalogue import Catalogue

LAST = YEARS.index(STATUS_YEAR)  # index of the year the statuses are drawn for

# --------------------------------------------------------------------------- profiles

PROFILES: tuple[str, ...] = (
    "achieved",
    "on_track",
    "moderate",
    "limited",
    "falling",
    "absent",
    "late",
)
PROFILE_WEIGHTS: tuple[float, ...] = (0.20, 0.25, 0.20, 0.15, 0.10, 0.05, 0.05)
ACHIEVED, ON_TRACK, MODERATE, LIMITED, FALLING, ABSENT, LATE = range(len(PROFILES))
NOT_OWNED = -1

#: The status each profile should produce for the records a unit owns.
EXPECTED_STATUS: dict[str, str] = {
    "achieved": "target_achieved",
    "on_track": "substantial_progress",
    "moderate": "moderate_progress",
    "limited": "limited_progress",
    "falling": "deterioration",
    "absent": "no_data",
    "late": "not_available",
}

_SERVING = ("department", "district", "commune")  # units that receive dossiers
_STEERING = ("province", "department", "district")
_ALL = ("province", "department", "district", "commune")

#: measure → (levels whose units own records for it, data gaps it can have:
#: "a" absent, "l" late). A gap is impossible where the measure's denominator is all
#: of a unit's records of a table that every unit has (I.4.c: all dossiers).
OWNERSHIP: dict[str, tuple[tuple[str, ...], str]] = {
    "I.1.a": (_SERVING, "al"),
    "I.2.a": (_SERVING, "al"),
    "I.2.b": (_SERVING, "al"),
    "I.3.a": (_SERVING, "al"),
    "I.4.a": (_SERVING, "al"),
    "I.4.b": (_SERVING, ""),  # follows I.4.a's gaps
    "I.4.c": (_SERVING, ""),
    "I.5.a": (_SERVING, "al"),
    "I.5.b": (_SERVING, "al"),
    "I.6.a": (_STEERING, "al"),
    "I.7.a": (_SERVING, ""),
    "II.1.a": (("province", "district", "commune"), "a"),
    # II.2 has no "late" gap: a manager with no 2021 inventory is read as managing no unit
    # then, its units counting as new (cchc.engine.measures.compute_stock_index_values).
    "II.2.a": (("department", "district"), "a"),
    "II.2.b": (("department", "district"), ""),  # the four follow II.2.a's gaps
    "II.3.a": (_SERVING, "al"),
    "II.3.b": (_SERVING, "al"),
    "III.1.a": (("department", "district"), ""),
    "III.1.b": (("department", "district"), "a"),
    "IV.1.a": (("province",), ""),
    "IV.2.a": (_SERVING, ""),
    "IV.3.a": (_STEERING, "al"),
    "IV.4.a": (_STEERING, "al"),
    "IV.5.a": (("province", "district"), "al"),
    "IV.6.a": (_ALL, "al"),
    "IV.7.a": (_STEERING, "al"),
    "IV.8.a": (_ALL, ""),
}


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class _Plan:
    """Profiles, targets and yearly share paths for every (unit, measure)."""

    unit_ids: tuple[str, ...]
    measures: tuple[str, ...]
    profile: np.ndarray  # (units, measures) int8, NOT_OWNED where the unit has no records
    target: np.ndarray  # (units, measures) final target as a fraction
    share: np.ndarray  # (units, measures, years) planned share (reductions for II.2)
    exists: np.ndarray  # (units, years) whether the unit can have records that year

    def j(self, measure: str) -> int:
        return self.measures.index(measure)

    def profiles(self, measure: str) -> np.ndarray:
        return self.profile[:, self.j(measure)]

    def reported(self, measure: str, exists: bool = True) -> np.ndarray:
        """(units, years): whether the unit has records feeding the measure that year
        (it owns such records, is not late or it is the status year on, and, unless
        ``exists`` is False, it exists that year)."""
        p = self.profiles(measure)[:, None]
        late_ok = (np.arange(len(YEARS)) >= LAST)[None, :]
        out = (p != NOT_OWNED) & (p != ABSENT) & ((p != LATE) | late_ok)
        return out & self.exists if exists else np.broadcast_to(out, self.exists.shape)

    def quota(self, measure: str, n: np.ndarray, unit: np.ndarray, year: np.ndarray) -> np.ndarray:
        """How many of ``n`` records count in the numerator (per unit and year)."""
        j = self.j(measure)
        return _bounded(
            n,
            self.share[unit, j, year],
            self.target[unit, j],
            self.profile[unit, j] == ACHIEVED,
            year == LAST,
        )


def _bounded(
    n: np.ndarray, share: np.ndarray, target: np.ndarray, achieved: np.ndarray, last: np.ndarray
) -> np.ndarray:
    """round(share × n), kept on the right side of the target in the latest year."""
    n = np.asarray(n, dtype=np.int64)
    k = np.rint(np.asarray(share) * n)
    need = np.ceil(np.asarray(target) * n - 1e-9)
    k = np.where(last & achieved, np.maximum(k, need), k)
    k = np.where(last & ~achieved, np.minimum(k, need - 1), k)
    return np.clip(k, 0, n).astype(np.int64)


def _plan(units: pd.DataFrame, seed: int, catalogue: Catalogue) -> _Plan:
    rng = _rng(seed, "profiles")
    measures = tuple(catalogue.measure_ids)
    unknown = [m for m in measures if m not in OWNERSHIP]
    if unknown:
        raise ParameterError.one("catalogue", "unknown_measures_for_sample", ", ".join(unknown))
    levels = units["level"].to_numpy()
    unit_ids = tuple(units["unit_id"])
    n_units, n_measures = len(unit_ids), len(measures)
    draws = rng.random((n_units, n_measures))
    profile = np.full((n_units, n_measures), NOT_OWNED, dtype=np.int8)
    weights = np.asarray(PROFILE_WEIGHTS)
    for j, measure in enumerate(measures):
        owners, gaps = OWNERSHIP[measure]
        w = weights.copy()
        w[ABSENT] *= "a" in gaps
        w[LATE] *= "l" in gaps
        if measure in ("II.1.a", "II.2.a", "II.2.b"):
            # A merger cannot be undone, and II.2's plan is a reduction from 2021.
            w[FALLING] = 0
        cum = np.cumsum(w / w.sum())
        drawn = np.minimum(np.searchsorted(cum, draws[:, j], side="right"), len(w) - 1)
        owned = np.isin(levels, owners)
        profile[owned, j] = drawn[owned]
    province = levels == "province"
    profile[province] = np.where(profile[province] >= ABSENT, ON_TRACK, profile[province])
    head = _heads(units)
    service_center = units["service_center"].to_numpy(dtype=bool)
    _derive_gaps(profile, measures, service_center)
    _cover_statuses(profile, measures, levels, service_center, head)
    profile = profile[head]  # a unit that ended follows the unit carrying its history

    target = np.zeros((n_units, n_measures))
    for j, measure in enumerate(measures):
        for i, level in enumerate(levels):
            value = catalogue.final_target(measure, level)
            target[i, j] = (value if value is not None else 100.0) / 100.0
    share = _paths(profile, target, rng)
    for measure in ("II.2.a", "II.2.b"):
        j = measures.index(measure)
        share[:, j, :] = _reduction_paths(profile[:, j], rng)
    return _Plan(unit_ids, measures, profile, target, share[head], _exists(units))


def _heads(units: pd.DataFrame) -> np.ndarray:
    """Index of each unit's head (itself, or the end of its chain of successors)."""
    index = {u: i for i, u in enumerate(units["unit_id"])}
    return np.array([index[h] for h in units["head"]], dtype=np.int64)


def _derive_gaps(profile: np.ndarray, measures: tuple[str, ...],
                 service_center: np.ndarray) -> None:
    """Measures that share records share their gaps."""
    col = {m: i for i, m in enumerate(measures)}
    profile[service_center, col["II.2.a"]] = ABSENT  # it manages no public service unit
    follow = {"I.4.a": ("I.4.b",), "I.5.a": ("I.5.b",), "II.2.a": ("II.2.b", "III.1.a", "III.1.b")}
    for lead, followers in follow.items():
        lead_p = profile[:, col[lead]]
        for follower in followers:
            f = profile[:, col[follower]]
            gap = (lead_p == ABSENT) | ((lead_p == LATE) & (f != ABSENT))
            f[gap] = lead_p[gap]


def _cover_statuses(profile: np.ndarray, measures: tuple[str, ...], levels: np.ndarray,
                    service_center: np.ndarray, head: np.ndarray) -> None:
    """Make sure each profile is drawn at least once among high-volume cells of the units
    that carry a history today (their own head).

    The Service Center's dossier measures and the work records of departments and
    communes have enough records for their profile to show exactly in the results.
    """
    col = {m: i for i, m in enumerate(measures)}
    current = np.arange(len(levels)) == head
    centres = np.flatnonzero(service_center & current)
    cells = [(int(sc), col[m]) for sc in centres
             for m in ("I.1.a", "I.2.b", "I.3.a", "I.4.c", "I.7.a", "IV.2.a")]
    cells += [
        (i, col["IV.6.a"]) for i in range(len(levels))
        if current[i] and levels[i] in ("department", "commune")
    ]
    for wanted in range(len(PROFILES)):
        current_profiles = [int(profile[c]) for c in cells]
        if wanted in current_profiles:
            continue
        counts = np.bincount(current_profiles, minlength=len(PROFILES))
        allowed = [
            c
            for c in cells
            if wanted < ABSENT or ("a" if wanted == ABSENT else "l") in OWNERSHIP[measures[c[1]]][1]
        ]
        cell = max(allowed, key=lambda c: counts[profile[c]])  # first of the commonest
        profile[cell] = wanted


def _paths(profile: np.ndarray, target: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Yearly shares (fractions) for every cell, following its profile.

    A curve from the 2021 share to the status year's, years in between slightly off it;
    the years after the status year go on along the same curve.
    """
    u = rng.random((2, *profile.shape))
    wobble = 1 + 0.04 * (rng.random((len(YEARS), *profile.shape)) - 0.5)
    wobble[0] = wobble[LAST] = 1.0
    t = np.clip(target, 0.01, 1.0)
    falling = profile == FALLING
    s0 = t * np.where(falling, 0.55 + 0.3 * u[0], 0.3 + 0.4 * u[0])
    span = STATUS_YEAR - YEARS[0]  # years from the base to the status (= target) year
    needed = (t / s0) ** (1 / span) - 1  # yearly growth that reaches the target then
    ratio = np.select(
        [profile == ON_TRACK, profile == MODERATE, profile == LIMITED],
        [0.965 + 0.03 * u[1], 0.68 + 0.20 * u[1], 0.15 + 0.30 * u[1]],
        1.0,
    )
    s_last = s0 * (1 + ratio * needed) ** span
    s_last = np.where(profile == ACHIEVED, t + (1 - t) * (0.1 + 0.4 * u[1]), s_last)
    s_last = np.where(falling, s0 * (0.65 + 0.20 * u[1]), s_last)
    steps = (np.asarray(YEARS) - YEARS[0]) / span
    path = s0[..., None] * (s_last / s0)[..., None] ** steps
    path *= np.moveaxis(wobble, 0, -1)
    return np.clip(path, 0.0, 1.0)


def _reduction_paths(profile: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """II.2's planned reduction vs 2021: 0 in 2021, then a straight line.

    The engine reads it as an index (2021 = 100, target 90 in 2025, direction down):
    four years on, a reduction of 9.52 % is on track (R = 0.95), 6.09–9.52 % moderate,
    less limited; 10 % meets the target.
    """
    u = rng.random(profile.shape)
    r_last = np.select(
        [profile == ACHIEVED, profile == ON_TRACK, profile == MODERATE],
        [0.11 + 0.10 * u, 0.096 + 0.003 * u, 0.065 + 0.025 * u],
        0.004 * u,
    )
    steps = (np.asarray(YEARS) - YEARS[0]) / (STATUS_YEAR - YEARS[0])
    return r_last[:, None] * steps[None, :]
