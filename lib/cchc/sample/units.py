"""The units of the synthetic province: the real unit tree from ``vietnamadminunits``."""

from __future__ import annotations

import unicodedata
from functools import cache

import pandas as pd
import pyarrow as pa

from cchc.errors import ParameterError
from cchc.sample.settings import DOSSIERS_PER_YEAR, PROVINCE_CODE, PROVINCE_ID, Scale
from cchc.sources.admin_units import load_legacy_units

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

#: GSO district code → unit id.
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
}
SMALL_DISTRICTS: tuple[str, ...] = ("tp-lao-cai", "bat-xat", "si-ma-cai")
SMALL_COMMUNES_PER_DISTRICT = 3

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


def slugify(text: str) -> str:
    """ASCII id from a Vietnamese name: ``"Xã A Mú Sung"`` → ``"xa-a-mu-sung"``.

    >>> slugify("Phường Duyên Hải"), slugify("Xã Đồng Tuyển")
    ('phuong-duyen-hai', 'xa-dong-tuyen')
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in text).split()
    return "-".join(words)


@cache
def _admin_units() -> pd.DataFrame:
    """Lào Cai's districts and communes before 2025, from ``vietnamadminunits``.

    Cached: callers only read it.
    """
    frame = load_legacy_units(PROVINCE_CODE)
    slugs = frame["ward"].map(slugify)
    repeated = slugs.duplicated(keep=False)
    frame["unit_id"] = slugs.where(~repeated, slugs + "-" + frame["wardCode"])
    frame["district_id"] = frame["districtCode"].map(DISTRICT_IDS)
    if frame["district_id"].isna().any():
        raise RuntimeError("vietnamadminunits lists an unknown Lào Cai district code")
    return frame


def build_units(scale: Scale = "small") -> pd.DataFrame:
    """The unit tree: province, departments, then each district followed by its communes.

    Columns: the ``units`` table's, plus ``commune_type`` (Phường / Thị trấn / Xã) used to
    size volumes. ``small`` keeps 3 districts with their first 3 communes by code.
    """
    if scale not in DOSSIERS_PER_YEAR:
        raise ParameterError.one("scale", "one_of", scale, allowed="small, full")
    admin = _admin_units()
    rows = [(PROVINCE_ID, "Tỉnh Lào Cai", "province", None, PROVINCE_CODE, None)]
    rows += [(uid, name, "department", PROVINCE_ID, None, None) for uid, name in DEPARTMENTS]
    for code, part in admin.groupby("districtCode", sort=True):
        district_id = DISTRICT_IDS[code]
        if scale == "small" and district_id not in SMALL_DISTRICTS:
            continue
        rows.append((district_id, part["district"].iloc[0], "district", PROVINCE_ID, code, None))
        if scale == "small":
            part = part.head(SMALL_COMMUNES_PER_DISTRICT)
        rows += [
            (r.unit_id, r.ward, "commune", district_id, r.wardCode, r.wardType)
            for r in part.itertuples(index=False)
        ]
    frame = pd.DataFrame(
        rows, columns=["unit_id", "name", "level", "parent_id", "code", "commune_type"]
    )
    for column in ("valid_from", "valid_to", "successor_id"):
        frame[column] = None
    return frame


def _units_table(units: pd.DataFrame) -> pa.Table:
    columns = [
        "unit_id",
        "name",
        "level",
        "parent_id",
        "code",
        "valid_from",
        "valid_to",
        "successor_id",
    ]
    return pa.table({c: pa.array(units[c], pa.string(), from_pandas=True) for c in columns})
