"""The units of the synthetic province: the real unit trees from ``vietnamadminunits``.

Old Lào Cai and old Yên Bái (province, departments, 9 + 9 district-level units, 151 + 168
communes and wards) end on 30 June 2025, each commune and ward taken over by the 2025
commune or ward the official mapping names, each department by a department of the
new province (:data:`DEPARTMENTS_2025`, a plausible mapping documented in
``docs/reorganisation_2025.md``); districts end without a successor. The new Lào Cai
(province, 12 departments, 99 communes and wards) starts on 1 July 2025.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pandas as pd
import pyarrow as pa

from cchc.errors import ParameterError
from cchc.sample.settings import (
    DOSSIERS_PER_YEAR,
    MERGER_DAY,
    NEW_SUFFIX,
    OLD_PROVINCES,
    PROVINCE_CODE,
    PROVINCE_ID,
    Scale,
)
from cchc.sources.admin_units import (
    load_legacy_province_name,
    load_legacy_units,
    load_province_name_2025,
    load_succession_2025,
    load_units_2025,
)

# --------------------------------------------------------------------------- units

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("so-noi-vu", "Sở Nội vụ"),
    ("so-tttt", "Sở Thông tin và Truyền thông"),
    ("so-tu-phap", "Sở Tư pháp"),
    ("so-tai-chinh", "Sở Tài chính"),
    ("so-khcn", "Sở Khoa học và Công nghệ"),
    ("so-khdt", "Sở Kế hoạch và Đầu tư"),
    ("so-tnmt", "Sở Tài nguyên và Môi trường"),
    ("so-xay-dung", "Sở Xây dựng"),
    ("so-gtvt", "Sở Giao thông vận tải"),
    ("so-yte", "Sở Y tế"),
    ("so-gddt", "Sở Giáo dục và Đào tạo"),
    ("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội"),
    ("so-nnptnt", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("so-cong-thuong", "Sở Công Thương"),
    ("so-vhtt", "Sở Văn hóa, Thể thao và Du lịch"),
    ("van-phong-ubnd", "Văn phòng UBND tỉnh"),
    ("ttphcc", "Trung tâm Phục vụ hành chính công"),
)
SERVICE_CENTER = "ttphcc"

#: The departments of the new province (from 1 July 2025) and the departments of the old
#: provinces each takes over (by their old Lào Cai id; old Yên Bái's carry its prefix).
#: Modelled on Decree 45/2025/NĐ-CP's merger of departments (docs/reorganisation_2025.md).
DEPARTMENTS_2025: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("so-noi-vu", "Sở Nội vụ", ("so-noi-vu", "so-ldtbxh")),
    ("so-tu-phap", "Sở Tư pháp", ("so-tu-phap",)),
    ("so-tai-chinh", "Sở Tài chính", ("so-tai-chinh", "so-khdt")),
    ("so-khcn", "Sở Khoa học và Công nghệ", ("so-khcn", "so-tttt")),
    ("so-nnmt", "Sở Nông nghiệp và Môi trường", ("so-nnptnt", "so-tnmt")),
    ("so-xay-dung", "Sở Xây dựng", ("so-xay-dung", "so-gtvt")),
    ("so-yte", "Sở Y tế", ("so-yte",)),
    ("so-gddt", "Sở Giáo dục và Đào tạo", ("so-gddt",)),
    ("so-cong-thuong", "Sở Công Thương", ("so-cong-thuong",)),
    ("so-vhtt", "Sở Văn hóa, Thể thao và Du lịch", ("so-vhtt",)),
    ("van-phong-ubnd", "Văn phòng UBND tỉnh", ("van-phong-ubnd",)),
    ("ttphcc", "Trung tâm Phục vụ hành chính công", ("ttphcc",)),
)

#: GSO district code → unit id (old Lào Cai, then old Yên Bái).
DISTRICT_IDS: dict[str, str] = {
    "080": "tp-lao-cai",
    "082": "bat-xat",
    "083": "muong-khuong",
    "084": "si-ma-cai",
    "085": "bac-ha",
    "086": "bao-thang",
    "087": "bao-yen",
    "088": "tx-sa-pa",
    "089": "van-ban",
    "132": "tp-yen-bai",
    "133": "tx-nghia-lo",
    "135": "luc-yen",
    "136": "van-yen",
    "137": "mu-cang-chai",
    "138": "tran-yen",
    "139": "tram-tau",
    "140": "van-chan",
    "141": "yen-binh",
}
#: At small scale: a few districts of each old province, their first communes by code,
#: a few of old Yên Bái's departments, and the units that took them over.
SMALL_DISTRICTS: tuple[str, ...] = ("tp-lao-cai", "bat-xat", "si-ma-cai", "tp-yen-bai",
                                    "tran-yen")
SMALL_COMMUNES_PER_DISTRICT = 3
SMALL_DEPARTMENTS_YB: tuple[str, ...] = ("so-noi-vu", "so-ldtbxh", "so-tnmt", "so-nnptnt",
                                         "van-phong-ubnd", "ttphcc")

#: Rough population in thousands (GSO 2019 census, rounded): sizes the volumes.
DISTRICT_POPULATION: dict[str, float] = {
    "tp-lao-cai": 130,
    "bat-xat": 80,
    "muong-khuong": 65,
    "si-ma-cai": 38,
    "bac-ha": 65,
    "bao-thang": 110,
    "bao-yen": 85,
    "tx-sa-pa": 70,
    "van-ban": 90,
    "tp-yen-bai": 100,
    "tx-nghia-lo": 70,
    "luc-yen": 110,
    "van-yen": 130,
    "mu-cang-chai": 65,
    "tran-yen": 90,
    "tram-tau": 35,
    "van-chan": 120,
    "yen-binh": 110,
}

#: Dossier volume weight of each department (the Service Center receives most).
DEPARTMENT_DOSSIER_WEIGHT: dict[str, float] = {
    "so-noi-vu": 0.8,
    "so-tttt": 0.5,
    "so-tu-phap": 2.0,
    "so-tai-chinh": 0.4,
    "so-khcn": 0.4,
    "so-khdt": 2.0,
    "so-tnmt": 3.0,
    "so-xay-dung": 1.5,
    "so-gtvt": 3.0,
    "so-yte": 1.5,
    "so-gddt": 1.0,
    "so-ldtbxh": 1.5,
    "so-nnptnt": 1.0,
    "so-cong-thuong": 1.0,
    "so-vhtt": 0.8,
    "van-phong-ubnd": 0.3,
    "ttphcc": 30.0,
}
COMMUNE_DOSSIER_WEIGHT: dict[str, float] = {"Phường": 0.8, "Thị trấn": 0.7, "Xã": 0.45}

#: Fields a department's procedures come from (others are possible, less likely).
DEPARTMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "so-tnmt": ("land",),
    "so-xay-dung": ("construction",),
    "so-khdt": ("investment", "business"),
    "so-tu-phap": ("justice",),
    "so-gddt": ("education",),
    "so-yte": ("health",),
    "so-ldtbxh": ("social",),
    "so-cong-thuong": ("business",),
    "so-gtvt": ("other", "business"),
    "so-tai-chinh": ("investment",),
}

#: Public service units a department manages in 2021 (sector, count).
DEPARTMENT_SERVICE_UNITS: dict[str, tuple[tuple[str, int], ...]] = {
    "so-noi-vu": (("other", 1),),
    "so-tttt": (("other", 2),),
    "so-tu-phap": (("other", 2),),
    "so-tai-chinh": (("economic", 1),),
    "so-khcn": (("economic", 1), ("other", 1)),
    "so-khdt": (("economic", 1),),
    "so-tnmt": (("economic", 2), ("other", 2)),
    "so-xay-dung": (("economic", 2),),
    "so-gtvt": (("economic", 2),),
    "so-yte": (("health", 22), ("other", 2)),
    "so-gddt": (("education", 34),),
    "so-ldtbxh": (("other", 4), ("education", 1)),
    "so-nnptnt": (("economic", 6), ("other", 2)),
    "so-cong-thuong": (("economic", 2),),
    "so-vhtt": (("other", 6), ("economic", 1)),
    "van-phong-ubnd": (("other", 2),),
    "ttphcc": (),
}


# --------------------------------------------------------------------------- units

#: Columns of the units frame besides the ``units`` table's: the commune type (sizes
#: volumes), the unit that carries its history today (``head``: itself, or the end of its
#: chain of successors), the key of its department attributes, its dossier weight, the
#: fields its procedures come from, whether it is a Service Center, and ``size``: how many
#: units it stands for (1, or the number of units it took over) to size other volumes.
EXTRA_COLUMNS = ["commune_type", "head", "department", "dossier_weight", "fields",
                 "service_center", "size"]
UNIT_COLUMNS = ["unit_id", "name", "level", "parent_id", "code", "valid_from", "valid_to",
                "successor_id"]


def slugify(text: str) -> str:
    """ASCII id from a Vietnamese name: ``"Xã A Mú Sung"`` → ``"xa-a-mu-sung"``.

    >>> slugify("Phường Duyên Hải"), slugify("Xã Đồng Tuyển")
    ('phuong-duyen-hai', 'xa-dong-tuyen')
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in text).split()
    return "-".join(words)


def _slugs(frame: pd.DataFrame, taken: set[str]) -> pd.Series:
    """Ids from names; a name repeated in the frame, or an id taken, gets its code."""
    slugs = frame["ward"].map(slugify)
    clash = slugs.duplicated(keep=False) | slugs.isin(taken)
    return slugs.where(~clash, slugs + "-" + frame["wardCode"])


@cache
def _admin_units() -> pd.DataFrame:
    """The districts and communes of both old provinces, from ``vietnamadminunits``, with
    their ids and the 2025 commune or ward each folded into.

    Old Lào Cai's ids are those the sample always had; old Yên Bái's take the GSO code
    when a name repeats. Cached: callers only read it.
    """
    parts, taken = [], set()
    for province_id, code, _prefix in OLD_PROVINCES:
        frame = load_legacy_units(code)
        frame["unit_id"] = _slugs(frame, taken)
        taken |= set(frame["unit_id"])
        frame["province_id"] = province_id
        frame["province_code"] = code
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    frame["district_id"] = frame["districtCode"].map(DISTRICT_IDS)
    if frame["district_id"].isna().any():
        raise RuntimeError("vietnamadminunits lists an unknown district code")
    succession = load_succession_2025(PROVINCE_CODE)
    new_code = dict(zip(zip(succession["old_province_code"], succession["old_ward_code"],
                            strict=True), succession["new_ward_code"], strict=True))
    frame["new_code"] = [new_code[(p, w)] for p, w in zip(frame["province_code"],
                                                           frame["wardCode"], strict=True)]
    return frame


@cache
def _units_2025() -> pd.DataFrame:
    """The communes and wards of the new province, with their ids (``…-2025``)."""
    frame = load_units_2025(PROVINCE_CODE)
    frame["unit_id"] = frame["ward"].map(slugify) + NEW_SUFFIX
    if frame["unit_id"].duplicated().any():
        raise RuntimeError("two new communes have the same name")
    return frame


def department_id(key: str, prefix: str = "", new: bool = False) -> str:
    """The unit id of a department: its key, the old province's prefix, or the new suffix.

    >>> department_id("so-noi-vu", "yb-"), department_id("so-noi-vu", new=True)
    ('yb-so-noi-vu', 'so-noi-vu-2025')
    """
    return f"{key}{NEW_SUFFIX}" if new else f"{prefix}{key}"


def build_units(scale: Scale = "small") -> pd.DataFrame:
    """The units of both eras: each old province followed by its departments and districts
    (each district followed by its communes), then the new province, its departments and
    its communes.

    Columns: the ``units`` table's (:data:`UNIT_COLUMNS`, dates as ``YYYY-MM-DD`` text),
    then :data:`EXTRA_COLUMNS`. ``small`` keeps 3 districts of old Lào Cai and 2 of old
    Yên Bái with their first 3 communes by code, all of old Lào Cai's departments and 6
    of old Yên Bái's, and the units that took them over.
    """
    if scale not in DOSSIERS_PER_YEAR:
        raise ParameterError.one("scale", "one_of", scale, allowed="small, full")
    admin = _admin_units()
    if scale == "small":
        admin = admin[admin["district_id"].isin(SMALL_DISTRICTS)]
        admin = admin.groupby("districtCode", sort=False).head(SMALL_COMMUNES_PER_DISTRICT)
    new_units = _units_2025()
    new_units = new_units[new_units["wardCode"].isin(admin["new_code"])]
    new_id = dict(zip(new_units["wardCode"], new_units["unit_id"], strict=True))
    last_old = (pd.Timestamp(MERGER_DAY) - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    first_new = pd.Timestamp(MERGER_DAY).strftime("%Y-%m-%d")
    successor_of = {old: department_id(new, new=True)
                    for new, _name, olds in DEPARTMENTS_2025 for old in olds}

    rows: list[dict] = []

    def add(unit_id, name, level, parent, code, start, end, successor, **extra):
        rows.append({"unit_id": unit_id, "name": name, "level": level, "parent_id": parent,
                     "code": code, "valid_from": start, "valid_to": end,
                     "successor_id": successor, **extra})

    for province_id, code, prefix in OLD_PROVINCES:
        add(province_id, load_legacy_province_name(code), "province", None, code, None,
            last_old, PROVINCE_ID)
        for key, name in DEPARTMENTS:
            if scale == "small" and prefix and key not in SMALL_DEPARTMENTS_YB:
                continue
            add(department_id(key, prefix), name, "department", province_id, None, None,
                last_old, successor_of[key], department=key)
        part = admin[admin["province_id"] == province_id]
        for district_code, district in part.groupby("districtCode", sort=True):
            district_id = DISTRICT_IDS[district_code]
            add(district_id, district["district"].iloc[0], "district", province_id,
                district_code, None, last_old, None)
            for r in district.itertuples(index=False):
                add(r.unit_id, r.ward, "commune", district_id, r.wardCode, None, last_old,
                    new_id[r.new_code], commune_type=r.wardType)
    add(PROVINCE_ID, load_province_name_2025(PROVINCE_CODE), "province", None, PROVINCE_CODE,
        first_new, None, None)
    for key, name, _olds in DEPARTMENTS_2025:
        add(department_id(key, new=True), name, "department", PROVINCE_ID, None, first_new,
            None, None, department=key)
    for r in new_units.itertuples(index=False):
        add(r.unit_id, r.ward, "commune", PROVINCE_ID, r.wardCode, first_new, None, None,
            commune_type=r.wardType)
    frame = pd.DataFrame(rows)
    for column in ("commune_type", "department"):
        if column not in frame:
            frame[column] = None
    return _attributes(frame)


def _attributes(frame: pd.DataFrame) -> pd.DataFrame:
    """The lineage head and the sizes of each unit; a successor's sizes are the sum of
    its predecessors' (a merged commune receives what its communes received)."""
    successor = dict(zip(frame["unit_id"], frame["successor_id"], strict=True))

    def head(unit_id: str) -> str:
        while isinstance(successor.get(unit_id), str):
            unit_id = successor[unit_id]
        return unit_id

    frame["head"] = frame["unit_id"].map(head)
    weight = []
    for r in frame.itertuples(index=False):
        if r.level == "department":
            weight.append(DEPARTMENT_DOSSIER_WEIGHT.get(r.department, 0.0))
        elif r.level == "district":
            weight.append(DISTRICT_POPULATION[r.unit_id] / 10)
        elif r.level == "commune" and isinstance(r.commune_type, str) and pd.isna(r.valid_from):
            weight.append(COMMUNE_DOSSIER_WEIGHT[r.commune_type])
        else:
            weight.append(0.0)
    frame["dossier_weight"] = weight
    # A new commune receives its communes' dossiers and its share of their districts'
    # (the districts' procedures passed to the communes).
    passed = frame["dossier_weight"].copy()
    communes = frame["level"].eq("commune") & frame["valid_to"].notna()
    per_district = frame[communes].groupby("parent_id").size()
    district_weight = frame.set_index("unit_id")["dossier_weight"]
    passed[communes] += (frame.loc[communes, "parent_id"].map(district_weight)
                         / frame.loc[communes, "parent_id"].map(per_district))
    old = frame["valid_to"].notna() & frame["successor_id"].notna()
    taken_over = passed[old].groupby(frame.loc[old, "successor_id"]).sum()
    new = frame["valid_from"].notna() & frame["level"].isin(["department", "commune"])
    frame.loc[new, "dossier_weight"] = frame.loc[new, "unit_id"].map(taken_over).fillna(0.0)
    fields = []
    for r in frame.itertuples(index=False):
        if r.level != "department":
            fields.append(())
            continue
        olds = [r.department] if pd.isna(r.valid_from) else next(
            o for k, _n, o in DEPARTMENTS_2025 if k == r.department)
        fields.append(tuple(dict.fromkeys(f for o in olds for f in DEPARTMENT_FIELDS.get(o, ()))))
    frame["fields"] = fields
    frame["service_center"] = frame["department"] == SERVICE_CENTER
    taken = frame.groupby("successor_id").size()
    frame["size"] = frame["unit_id"].map(taken).fillna(1).astype(int).clip(lower=1)
    return frame[[*UNIT_COLUMNS, *EXTRA_COLUMNS]]


def _units_table(units: pd.DataFrame) -> pa.Table:
    return pa.table({c: pa.array(units[c], pa.string(), from_pandas=True) for c in UNIT_COLUMNS})
