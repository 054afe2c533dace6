"""The official list of administrative units with their GSO codes, from the PyPI package
``vietnamadminunits`` (its SQLite ``dataset.db`` and ``converter_2025.json``): the structure
before July 2025 (63 provinces) and after it (34 provinces, no districts), and which old
commune or ward folded into which new one.

Names come back in Unicode NFC. Codes are strings with their leading zeros (``"082"``).

Two pitfalls of the package, handled here (``docs/reorganisation_2025.md``):

* new ward codes reuse old ones (new 04543 Phường Âu Lâu was old Xã Giới Phiên), so an
  old unit and a new one are told apart by their structure, never by a code alone;
* the converter's keys are the legacy table's ``provinceKey_districtKey_wardKey``, and a
  few keep their accents (``xãminhquân`` beside ``xãminhquán``) because folding them would
  make two wards one: keys are matched exactly, never folded.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

import pandas as pd

LEGACY_COLUMNS = ["district", "districtCode", "ward", "wardType", "wardCode"]
UNITS_2025_COLUMNS = ["ward", "wardType", "wardCode"]
#: Columns of :func:`load_succession_2025`.
SUCCESSION_COLUMNS = ["old_province_code", "old_province", "old_district_code", "old_district",
                      "old_ward_code", "old_ward", "old_ward_type", "new_ward_code", "new_ward",
                      "new_ward_type"]


class AdminUnitsError(RuntimeError):
    """The package's tables do not say what this module expects (a package update?)."""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _query(sql: str, params: tuple = ()) -> list[dict]:
    import sqlite3

    from vietnamadminunits.database.main import MODULE_DIR

    with sqlite3.connect(MODULE_DIR / "data" / "dataset.db") as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params).fetchall()]


def _check_code(province_code: str) -> None:
    if not (isinstance(province_code, str) and province_code.isdigit()):
        raise ValueError(f"a GSO province code is digits, not {province_code!r}")


@cache
def _legacy(province_code: str) -> pd.DataFrame:
    _check_code(province_code)
    rows = _query(
        f"SELECT {', '.join(LEGACY_COLUMNS)} FROM admin_units_legacy "
        "WHERE provinceCode=? ORDER BY districtCode, wardCode", (province_code,))
    frame = pd.DataFrame(rows, columns=LEGACY_COLUMNS)
    for column in ("district", "ward", "wardType"):
        frame[column] = frame[column].map(_nfc)
    return frame


def load_legacy_units(province_code: str) -> pd.DataFrame:
    """The districts and communes of a province before July 2025, in code order.

    >>> load_legacy_units("10")["districtCode"].nunique()
    9
    """
    return _legacy(province_code).copy()


@cache
def _legacy_province_name(province_code: str) -> str:
    _check_code(province_code)
    rows = _query("SELECT DISTINCT province FROM admin_units_legacy WHERE provinceCode=?",
                  (province_code,))
    if len(rows) != 1:
        raise AdminUnitsError(f"no single legacy province with code {province_code}")
    return _nfc(rows[0]["province"])


def load_legacy_province_name(province_code: str) -> str:
    """The official name of a province before July 2025.

    >>> load_legacy_province_name("15")
    'Tỉnh Yên Bái'
    """
    return _legacy_province_name(province_code)


@cache
def _units_2025(province_code: str) -> tuple[str, pd.DataFrame]:
    _check_code(province_code)
    rows = _query(
        "SELECT province, ward, wardType, wardCode FROM admin_units "
        "WHERE provinceCode=? ORDER BY wardCode", (province_code,))
    if not rows:
        raise AdminUnitsError(f"no province with code {province_code} in the 2025 table")
    frame = pd.DataFrame(rows, columns=["province", *UNITS_2025_COLUMNS])
    for column in ("province", "ward", "wardType"):
        frame[column] = frame[column].map(_nfc)
    return frame["province"].iloc[0], frame[UNITS_2025_COLUMNS].reset_index(drop=True)


def load_units_2025(province_code: str) -> pd.DataFrame:
    """The communes and wards of a province from 1 July 2025 (no districts), in code order.

    >>> new = load_units_2025("15")
    >>> len(new), new["wardType"].value_counts().to_dict()
    (99, {'Xã': 89, 'Phường': 10})
    """
    return _units_2025(province_code)[1].copy()


@cache
def _provinces_2025() -> pd.DataFrame:
    rows = _query("SELECT provinceCode AS code, province AS name, count(*) AS communes "
                  "FROM admin_units GROUP BY provinceCode, province ORDER BY provinceCode")
    frame = pd.DataFrame(rows, columns=["code", "name", "communes"])
    frame["name"] = frame["name"].map(_nfc)
    if frame["code"].duplicated().any():
        raise AdminUnitsError("a 2025 province code with two names")
    return frame


def load_provinces_2025() -> pd.DataFrame:
    """The provinces from 1 July 2025, in code order: ``code, name, communes``.

    >>> table = load_provinces_2025()
    >>> len(table), int(table["communes"].sum()), table.iloc[0, :2].tolist()
    (34, 3321, ['01', 'Thành phố Hà Nội'])
    """
    return _provinces_2025().copy()


def load_province_name_2025(province_code: str) -> str:
    """The official name of a province from 1 July 2025.

    >>> load_province_name_2025("15")
    'Tỉnh Lào Cai'
    """
    return _units_2025(province_code)[0]


@cache
def _converter() -> dict:
    text = (resources.files("vietnamadminunits") / "data" / "converter_2025.json").read_text(
        encoding="utf-8")
    return json.loads(text)


@cache
def _succession(province_code: str) -> pd.DataFrame:
    _check_code(province_code)
    new_rows = _query("SELECT provinceKey, ward, wardType, wardCode, wardKey FROM admin_units "
                      "WHERE provinceCode=?", (province_code,))
    if not new_rows:
        raise AdminUnitsError(f"no province with code {province_code} in the 2025 table")
    province_key = new_rows[0]["provinceKey"]
    new = {r["wardKey"]: r for r in new_rows}
    converter = _converter()
    old_keys = converter["DICT_PROVINCE"].get(province_key)
    if not old_keys:
        raise AdminUnitsError(f"the converter does not know province {province_key}")
    divided = converter.get("DICT_PROVINCE_WARD_DIVIDED", {}).get(province_key) or {}
    if divided:
        # An old ward split between several new ones: its records cannot be given to
        # one successor, and cchc refuses such a succession (docs/reorganisation_2025.md).
        raise AdminUnitsError(
            f"{province_key}: old wards split between several new ones "
            f"({', '.join(sorted(divided))}); cchc needs one successor per unit")
    marks = ",".join("?" * len(old_keys))
    legacy = _query(
        "SELECT province, provinceCode, provinceKey, district, districtCode, districtKey, "
        f"ward, wardType, wardCode, wardKey FROM admin_units_legacy WHERE provinceKey IN ({marks})",
        tuple(old_keys))
    by_key = {_nfc(f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"): r for r in legacy}
    rows = []
    for new_key, members in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][province_key].items():
        if new_key not in new:
            raise AdminUnitsError(f"the converter names an unknown new ward {new_key}")
        target = new[new_key]
        for old_key in members:
            old = by_key.get(_nfc(old_key))  # exact: accents kept where the package keeps them
            if old is None:
                raise AdminUnitsError(f"the converter names an unknown old ward {old_key}")
            rows.append((old["provinceCode"], _nfc(old["province"]), old["districtCode"],
                         _nfc(old["district"]), old["wardCode"], _nfc(old["ward"]),
                         _nfc(old["wardType"]), target["wardCode"], _nfc(target["ward"]),
                         _nfc(target["wardType"])))
    frame = pd.DataFrame(rows, columns=SUCCESSION_COLUMNS)
    frame = frame.sort_values(["old_province_code", "old_district_code", "old_ward_code"],
                              ignore_index=True)
    twice = frame["old_ward_code"].duplicated(keep=False)
    if twice.any():
        raise AdminUnitsError("old wards with two successors: "
                              + ", ".join(sorted(set(frame.loc[twice, "old_ward_code"]))))
    missing = {(r["provinceCode"], r["wardCode"]) for r in legacy} - set(
        zip(frame["old_province_code"], frame["old_ward_code"], strict=True))
    if missing:
        raise AdminUnitsError(f"old wards without a successor: {sorted(missing)}")
    return frame


def load_succession_2025(province_code: str) -> pd.DataFrame:
    """Old commune or ward → the 2025 commune or ward it folded into, for a new province.

    One row per old commune or ward of every old province that merged into the province
    with GSO code ``province_code`` (2025 structure), in old code order; columns
    :data:`SUCCESSION_COLUMNS`. Built from the package's ``converter_2025.json`` (keyed by
    the new ward) and its legacy table; raises :class:`AdminUnitsError` if an old unit
    has no successor or several.

    >>> table = load_succession_2025("15")
    >>> len(table), table["old_province_code"].value_counts().sort_index().to_dict()
    (319, {'10': 151, '15': 168})
    >>> table["new_ward_code"].nunique(), int(table.groupby("new_ward_code").size().max())
    (99, 7)
    """
    return _succession(province_code).copy()
