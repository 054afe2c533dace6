"""Reporting periods: a year (``2024``) or a quarter (``2024Q3``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cchc.errors import ParameterError

FIRST_YEAR = 2021  # the programme's baseline year
_PERIOD = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A year, or a quarter of a year.

    >>> Period.parse("2024Q3").end
    datetime.date(2024, 9, 30)
    """

    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str | int, parameter: str = "period") -> Period:
        """Read ``"2024"`` or ``"2024Q3"``; anything else is a ParameterError."""
        match = _PERIOD.match(str(text).strip().upper())
        if not match:
            raise ParameterError.one(parameter, "period_format", text)
        year = int(match["year"])
        if year < FIRST_YEAR or year > 2100:
            raise ParameterError.one(parameter, "period_before_programme", text,
                                     first=FIRST_YEAR)
        quarter = int(match["quarter"]) if match["quarter"] else None
        return cls(year, quarter)

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def is_quarter(self) -> bool:
        return self.quarter is not None

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def end(self) -> dt.date:
        if not self.quarter or self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    @property
    def quarters(self) -> tuple[int, ...]:
        """The quarters of its year that this period covers."""
        return (self.quarter,) if self.quarter else (1, 2, 3, 4)

    def year_to_date(self) -> Period:
        """The year, cut at the end of this quarter (a year is its own year-to-date)."""
        return Period(self.year)

    @property
    def last_quarter(self) -> int:
        return self.quarter or 4


_DAY = re.compile(r"^(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
                  r"|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4}))$")


def parse_day(text: str, parameter: str = "date") -> dt.date:
    """A day as people give it: ``2025-07-01`` or ``01/07/2025``.

    >>> parse_day("01/07/2025"), parse_day("2025-06-30")
    (datetime.date(2025, 7, 1), datetime.date(2025, 6, 30))
    """
    match = _DAY.match(str(text).strip())
    try:
        if match:
            y, m, d = ((match["y"], match["m"], match["d"]) if match["y"]
                       else (match["y2"], match["m2"], match["d2"]))
            return dt.date(int(y), int(m), int(d))
    except ValueError:
        pass
    raise ParameterError.one(parameter, "expected_date", text)
