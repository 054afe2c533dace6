"""Reporting periods: a year (``2024``), a quarter (``2024Q3``) or a month (``2025-10``).

The 26 measures are computed for years and quarters; months are for the service
indices, which the national portal publishes monthly. :meth:`Period.parse` takes a month
only when asked (``months=True``), so that every command and view that works on
quarters says so for a month instead of half-answering.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cchc.errors import ParameterError

FIRST_YEAR = 2021  # the programme's baseline year
_PERIOD = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A year, a quarter of a year, or a month of a year.

    >>> Period.parse("2024Q3").end
    datetime.date(2024, 9, 30)
    >>> Period.parse("2025-02", months=True).end
    datetime.date(2025, 2, 28)
    """

    year: int
    quarter: int | None = None
    month: int | None = None

    def __post_init__(self) -> None:
        if self.month is not None and self.quarter is None:
            object.__setattr__(self, "quarter", (self.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str | int, parameter: str = "period", months: bool = False
              ) -> Period:
        """Read ``"2024"``, ``"2024Q3"`` or (with ``months``) ``"2025-10"``; anything else
        is a ParameterError naming ``parameter``."""
        match = _PERIOD.match(str(text).strip().upper())
        if not match or (match["month"] and not months):
            raise ParameterError.one(parameter, "period_format_month" if months
                                     else "period_format", text)
        year = int(match["year"])
        if year < FIRST_YEAR or year > 2100:
            raise ParameterError.one(parameter, "period_before_programme", text,
                                     first=FIRST_YEAR)
        if match["month"]:
            return cls(year, month=int(match["month"]))
        quarter = int(match["quarter"]) if match["quarter"] else None
        return cls(year, quarter)

    def previous(self) -> Period | None:
        """The period before: the quarter before a quarter, the year before a year, the
        month before a month; None before the programme's first year.

        >>> str(Period.parse("2025Q1").previous()), str(Period.parse("2025").previous())
        ('2024Q4', '2024')
        >>> Period.parse("2021Q1").previous() is None
        True
        """
        if self.month:
            year, month = divmod(self.year * 12 + self.month - 2, 12)
            previous = Period(year, month=month + 1)
        elif self.quarter:
            year, quarter = divmod(self.year * 4 + self.quarter - 2, 4)
            previous = Period(year, quarter + 1)
        else:
            previous = Period(self.year - 1)
        return previous if previous.year >= FIRST_YEAR else None

    def __str__(self) -> str:
        if self.month:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def is_quarter(self) -> bool:
        return self.quarter is not None and self.month is None

    @property
    def is_month(self) -> bool:
        return self.month is not None

    @property
    def kind(self) -> str:
        """``"year"``, ``"quarter"`` or ``"month"``."""
        return "month" if self.month else "quarter" if self.quarter else "year"

    @property
    def start(self) -> dt.date:
        if self.month:
            return dt.date(self.year, self.month, 1)
        return dt.date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def end(self) -> dt.date:
        if self.month:
            if self.month == 12:
                return dt.date(self.year, 12, 31)
            return dt.date(self.year, self.month + 1, 1) - dt.timedelta(days=1)
        if not self.quarter or self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    @property
    def quarters(self) -> tuple[int, ...]:
        """The quarters of its year that this period covers (a month: its quarter)."""
        return (self.quarter,) if self.quarter else (1, 2, 3, 4)

    @property
    def months(self) -> tuple[int, ...]:
        """The months of its year that this period covers.

        >>> Period.parse("2024Q3").months
        (7, 8, 9)
        """
        if self.month:
            return (self.month,)
        return tuple(range(3 * min(self.quarters) - 2, 3 * max(self.quarters) + 1))

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
