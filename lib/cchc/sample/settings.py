"""What the synthetic province is: its years, its sizes, the province's id and code."""

from __future__ import annotations

from typing import Literal

Scale = Literal["small", "full"]

#: The years the synthetic province has records for.
YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024)
PROVINCE_ID = "lao-cai"
PROVINCE_CODE = "10"
#: Default dossiers per year, all units together.
DOSSIERS_PER_YEAR: dict[str, int] = {"small": 5_000, "full": 400_000}
#: Tables written as Parquet at full scale (the large ones); the rest are CSV.
PARQUET_AT_FULL: tuple[str, ...] = ("dossiers", "surveys", "ratings")
