"""What the synthetic province is: its years, its eras, its sizes, its provinces' ids and codes.

The sample is the merged province of today with its history: old Lào Cai and old Yên Bái
from 2021 to 30 June 2025, the new Lào Cai (no districts) from 1 July 2025 to the last
quarter with records. Every table generator takes its years from :data:`YEARS` and each
unit's time from the units frame (``valid_from``, ``valid_to``; :mod:`cchc.sample.draws`
has the helpers), so a generator follows the eras without knowing them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

Scale = Literal["small", "full"]

#: The years the synthetic province has records for (the last one up to LAST_DAY).
YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024, 2025, 2026)
#: The year whose statuses the profiles are drawn for: the programme's final year.
STATUS_YEAR = 2025
#: The first and last day with records; the first day of the 2025 structure.
FIRST_DAY = dt.date(2021, 1, 1)
MERGER_DAY = dt.date(2025, 7, 1)
LAST_DAY = dt.date(2026, 9, 30)

#: The province of today (from MERGER_DAY): its id and GSO code (Yên Bái's old code).
PROVINCE_ID = "lao-cai-2025"
PROVINCE_CODE = "15"
#: The provinces before MERGER_DAY: (id, GSO code, prefix of their departments' ids).
OLD_PROVINCES: tuple[tuple[str, str, str], ...] = (("lao-cai", "10", ""), ("yen-bai", "15", "yb-"))
#: Ids of the 2025 structure end so: new codes and names reuse old ones, ids never do.
NEW_SUFFIX = "-2025"

#: Default dossiers per year, all units together (a year that is cut short has fewer).
DOSSIERS_PER_YEAR: dict[str, int] = {"small": 5_000, "full": 400_000}
#: Tables written as Parquet at full scale (the large ones); the rest are CSV.
PARQUET_AT_FULL: tuple[str, ...] = ("dossiers", "surveys", "ratings")
