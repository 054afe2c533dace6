from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cchc.errors import SourceError
from cchc.sources.dataset import load_data
from cchc.spec.units import Units

HEADER = "unit_id,name,level,parent_id,code,valid_from,valid_to,successor_id\n"
TREE = (
    "lao-cai,Tỉnh Lào Cai,province,,10,,,\n"
    "so-noi-vu,Sở Nội vụ,department,lao-cai,,,,\n"
    "bat-xat,Huyện Bát Xát,district,lao-cai,082,,,\n"
    "xa-a,Xã A Mú Sung,commune,bat-xat,02680,,2025-06-30,xa-c\n"
    "xa-b,Xã Bản Vược,commune,bat-xat,02683,,,\n"
    "xa-c,Xã Mới,commune,lao-cai,,2025-07-01,,\n"
)


def _units(tmp_path: Path, body: str) -> Units:
    (tmp_path / "units.csv").write_text(HEADER + body, encoding="utf-8")
    return load_data(tmp_path).units


def test_tree_navigation(tmp_path):
    units = _units(tmp_path, TREE)
    assert units.root == "lao-cai"
    assert units.children("bat-xat") == ["xa-a", "xa-b"]
    assert units.path("xa-b") == ["lao-cai", "bat-xat", "xa-b"]
    assert units.siblings("xa-a") == ["xa-a", "xa-b"]
    assert units.ordered() == ["lao-cai", "so-noi-vu", "bat-xat", "xa-a", "xa-b", "xa-c"]
    assert units.name("bat-xat") == "Huyện Bát Xát"


def test_membership_includes_subtree_and_predecessors_once(tmp_path):
    pairs = _units(tmp_path, TREE).membership
    members = pairs.groupby("unit_id")["member_id"].apply(sorted).to_dict()
    assert members["bat-xat"] == ["bat-xat", "xa-a", "xa-b"]
    assert members["xa-c"] == ["xa-a", "xa-c"]  # the successor takes over xa-a's history
    assert members["lao-cai"] == sorted(["lao-cai", "so-noi-vu", "bat-xat", "xa-a", "xa-b",
                                         "xa-c"])
    assert not pairs.duplicated(["member_id", "unit_id"]).any()
    same = pairs[pairs["same_level"]].groupby("unit_id")["member_id"].apply(sorted).to_dict()
    assert same["lao-cai"] == ["lao-cai", "so-noi-vu"]
    assert same["bat-xat"] == ["bat-xat"]


def test_active_units(tmp_path):
    units = _units(tmp_path, TREE)
    active = units.active(pd.Timestamp("2025-10-01"), pd.Timestamp("2025-12-31"))
    assert not active["xa-a"] and active["xa-c"]
    active = units.active(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))
    assert active["xa-a"] and not active["xa-c"]


@pytest.mark.parametrize(
    ("body", "needles"),
    [
        (TREE + "bat-xat,Again,district,lao-cai,,,,\n", ["row 8", "unit_id", "duplicate id"]),
        (TREE + "xa-z,Xã Z,commune,huyen-khong-co,,,,\n", ["row 8", "parent_id", "unknown unit"]),
        (TREE + "so-x,Sở X,department,bat-xat,,,,\n", ["row 8", "parent_id", "department"]),
        (TREE + "tinh-2,Tỉnh 2,province,,,,,\n", ["parent_id", "exactly one unit"]),
        (TREE + "xa-d,Xã D,hamlet,bat-xat,,,,\n", ["row 8", "level", "not one of"]),
        (TREE.replace("xa-b,Xã Bản Vược,commune,bat-xat", "xa-b,Xã Bản Vược,commune,xa-b"),
         ["row 6", "parent_id", "own parent"]),
        (TREE + "h1,H1,district,h2,,,,\nh2,H2,district,h1,,,,\n", ["parent_id"]),
    ],
)
def test_bad_trees_name_row_and_column(tmp_path, body, needles):
    with pytest.raises(SourceError) as err:
        _units(tmp_path, body)
    text = str(err.value)
    for needle in needles:
        assert needle in text
    assert "units.csv" in text


def test_cycle_is_reported(tmp_path):
    body = TREE + "h1,H1,commune,h2,,,,\nh2,H2,district,lao-cai,,,,\n"
    body = body.replace("h2,H2,district,lao-cai", "h2,H2,district,h1")
    with pytest.raises(SourceError) as err:
        _units(tmp_path, body)
    assert "loops" in str(err.value) or "must sit under" in str(err.value)
