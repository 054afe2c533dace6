"""The official unit lists and the 2025 mapping, from vietnamadminunits (the real package)."""

from __future__ import annotations

import pytest
from cchc.sources import admin_units
from cchc.sources.admin_units import (
    AdminUnitsError,
    load_legacy_units,
    load_succession_2025,
    load_units_2025,
)


def test_the_new_province_has_99_communes_and_wards() -> None:
    new = load_units_2025("15")
    assert len(new) == 99 and new["wardCode"].is_unique
    assert new["wardType"].value_counts().to_dict() == {"Xã": 89, "Phường": 10}
    assert admin_units.load_province_name_2025("15") == "Tỉnh Lào Cai"


def test_every_old_commune_of_both_provinces_has_exactly_one_successor() -> None:
    table = load_succession_2025("15")
    for code, communes in (("10", 151), ("15", 168)):
        old = load_legacy_units(code)
        assert len(old) == communes and old["districtCode"].nunique() == 9
        mapped = table[table["old_province_code"] == code]
        assert sorted(mapped["old_ward_code"]) == sorted(old["wardCode"])
    assert table["old_ward_code"].is_unique  # one successor each
    assert set(table["new_ward_code"]) == set(load_units_2025("15")["wardCode"])
    sizes = table.groupby("new_ward_code").size()
    assert sizes.min() == 1 and sizes.max() == 7


def test_new_codes_reuse_old_ones_so_units_are_told_apart_by_structure() -> None:
    table = load_succession_2025("15").set_index("old_ward")
    gioi_phien = table.loc["Xã Giới Phiên"]
    assert (gioi_phien["old_ward_code"], gioi_phien["new_ward"]) == ("04543", "Phường Âu Lâu")
    new = load_units_2025("15").set_index("wardCode")
    assert new.loc["04543", "ward"] == "Phường Âu Lâu"  # the old Giới Phiên's code


def test_keys_that_keep_their_accents_are_matched_exactly() -> None:
    table = load_succession_2025("15").set_index("old_ward")
    # folding the accents would make these pairs one ward each
    assert table.loc["Xã Minh Quân", "old_ward_code"] != table.loc["Xã Minh Quán", "old_ward_code"]
    assert table.loc["Phường Sa Pả", "new_ward"] == table.loc["Phường Sa Pa", "new_ward"]


def test_a_ward_split_between_several_new_ones_is_refused(monkeypatch) -> None:
    real = admin_units._converter()
    divided = {**real, "DICT_PROVINCE_WARD_DIVIDED": {
        "tinhlaocai": {"tinhlaocai_huyenbatxat_xaamusung": [{"newWardKey": "xaamusung"}]}}}
    monkeypatch.setattr(admin_units, "_converter", lambda: divided)
    admin_units._succession.cache_clear()
    try:
        with pytest.raises(AdminUnitsError, match="one successor per unit"):
            load_succession_2025("15")
    finally:
        admin_units._succession.cache_clear()
