from __future__ import annotations

import datetime as dt

import pytest
from cchc.errors import ParameterError
from cchc.spec.periods import Period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("2024q3", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        ("2023Q4", dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
    ],
)
def test_parse(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert str(period) == text.upper()


@pytest.mark.parametrize("text", ["2024Q5", "24Q1", "2024-03", "", "2019", "Q3 2024"])
def test_bad_periods(text):
    with pytest.raises(ParameterError) as err:
        Period.parse(text)
    assert "period" in str(err.value)
