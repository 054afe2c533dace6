"""The official list of administrative units with their GSO codes, from the PyPI package
``vietnamadminunits`` (its SQLite ``dataset.db``): the structure before July 2025 (63
provinces) and after it (34 provinces, no districts).

Names come back in Unicode NFC. Codes are strings with their leading zeros (``"082"``).
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pandas as pd

LEGACY_COLUMNS = ["district", "districtCode", "ward", "wardType", "wardCode"]


@cache
def _legacy(province_code: str) -> pd.DataFrame:
    from vietnamadminunits.database import query

    if not province_code.isdigit():
        raise ValueError(f"a GSO province code is digits, not {province_code!r}")
    rows = query(
        f"SELECT {', '.join(LEGACY_COLUMNS)} FROM admin_units_legacy "
        f"WHERE provinceCode='{province_code}' ORDER BY districtCode, wardCode"
    )
    frame = pd.DataFrame(rows, columns=LEGACY_COLUMNS)
    for column in ("district", "ward", "wardType"):
        frame[column] = frame[column].map(lambda s: unicodedata.normalize("NFC", s))
    return frame


def load_legacy_units(province_code: str) -> pd.DataFrame:
    """The districts and communes of a province before July 2025, in code order.

    >>> load_legacy_units("10")["districtCode"].nunique()
    9
    """
    return _legacy(province_code).copy()
