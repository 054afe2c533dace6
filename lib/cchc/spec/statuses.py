"""The states a measure of a unit can be in, best first: written once, here.

The first six are Open SDG's progress statuses (:func:`cchc.engine.progress.assess`
returns one of them); ``no_data`` (no record for the measure) and ``not_applicable``
(the measure does not apply at the unit's level) are the workbook's own.
"""

from __future__ import annotations

#: Every status :func:`cchc.engine.progress.assess` can return, best first (Open SDG's names).
PROGRESS_STATUSES: tuple[str, ...] = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)
#: Every status a result row can carry, best first.
STATUS_ORDER: tuple[str, ...] = (*PROGRESS_STATUSES, "no_data", "not_applicable")
#: The statuses that rank a series on a scale (better, worse): the assessed ones.
RANKED_STATUSES: tuple[str, ...] = PROGRESS_STATUSES[:-1]
#: Which values a result row's status rests on (``summary.csv`` ``status_basis``,
#: ``docs/meaning.md``): the trend from the base year to the year to date with a value for
#: the period; one year of data with a value for the period; the trend of earlier values
#: when the period has none; no status.
STATUS_BASES: tuple[str, ...] = ("trend_to_period", "single_year", "trend_no_period_value",
                                 "none")
