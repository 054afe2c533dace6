"""A deterministic synthetic Lào Cai: every source table of the data dictionary, 2021–2024.

The unit tree is real (the pre-2025 structure: the province, 17 departments and agencies,
9 district-level units and their 151 communes, with official names and GSO codes from
``vietnamadminunits``); every record and figure is invented. The folder is marked with
``SYNTHETIC.md``, which :func:`cchc.sources.load_data` detects.

How the figures are made
------------------------
For each unit and each measure whose records the unit owns, a *profile* is drawn from
the seed (:data:`PROFILES`, weights :data:`PROFILE_WEIGHTS`). A profile fixes a path of
yearly shares 2021–2024 that lands in one status band of the progress method
(:func:`cchc.progress.assess`): the 2021 share is 30–70 % of the unit's 2025 target, then

* ``achieved``: the 2024 share meets the final target;
* ``on_track`` / ``moderate`` / ``limited``: growth at 1.05–1.25, 0.70–0.85 and
  0.15–0.45 times the compound growth needed to reach the target by 2025 (the
  bands are ≥ 0.95, 0.60–0.95 and 0–0.60), staying below the target;
* ``falling``: the 2024 share is 65–85 % of the 2021 share;
* ``absent``: the unit has no record feeding the measure (status "no data");
* ``late``: records only for 2024 (one year of data: "not available").

Records are then drawn at random (numpy ``Generator``) around that path: volumes,
dates, channels, fields. Within a unit and year (a quarter for the quarterly tables)
the number of records that count in the numerator is the rounded expected count,
``round(share × denominator)``, and *which* records count is random. Plain binomial
draws would be noisier: with the 20–30 fee-paying dossiers a small commune has in a
year, sampling noise alone moves a unit across status bands. So that the intended
status is what the measures find, a unit's 2024 count is also kept on the right side
of its final target (at or above it for ``achieved``, below it otherwise).

Parents (the province, districts) own some records and also sum their children's, so
their statuses come out of the mix; the profiles are exact for the records a unit owns.
At both scales every status of the progress method, plus "no data", occurs among the
units' 2024 results: a few high-volume cells (the Service Center's dossier measures,
the work records of departments and communes) are re-assigned if the draw left a
profile out.

Same seed and scale → byte-identical files: one random stream per table (seeded from
``[seed, crc32(table name)]``), rows in a fixed order, CSV with ``\\n`` line ends and
``true``/``false``, Parquet without pandas metadata and with fixed compression.

>>> paths = write_sample("data/sample", seed=2021, scale="small")  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .catalogue import Catalogue, load_catalogue
from .dictionary import load_dictionary
from .errors import ParameterError
from .sources import SUFFIXES, SYNTHETIC_MARKER

log = logging.getLogger(__name__)

Scale = Literal["small", "full"]

YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024)
LAST = len(YEARS) - 1  # index of the latest year, the one a status is read from
PROVINCE_ID = "lao-cai"
PROVINCE_CODE = "10"

#: Default dossiers per year, all units together.
DOSSIERS_PER_YEAR: dict[str, int] = {"small": 5_000, "full": 400_000}
#: Tables written as Parquet at full scale (the large ones); the rest are CSV.
PARQUET_AT_FULL: tuple[str, ...] = ("dossiers", "surveys")

# --------------------------------------------------------------------------- profiles

PROFILES: tuple[str, ...] = (
    "achieved",
    "on_track",
    "moderate",
    "limited",
    "falling",
    "absent",
    "late",
)
PROFILE_WEIGHTS: tuple[float, ...] = (0.20, 0.25, 0.20, 0.15, 0.10, 0.05, 0.05)
ACHIEVED, ON_TRACK, MODERATE, LIMITED, FALLING, ABSENT, LATE = range(len(PROFILES))
NOT_OWNED = -1

#: The status each profile should produce for the records a unit owns.
EXPECTED_STATUS: dict[str, str] = {
    "achieved": "target_achieved",
    "on_track": "substantial_progress",
    "moderate": "moderate_progress",
    "limited": "limited_progress",
    "falling": "deterioration",
    "absent": "no_data",
    "late": "not_available",
}

_SERVING = ("department", "district", "commune")  # units that receive dossiers
_STEERING = ("province", "department", "district")
_ALL = ("province", "department", "district", "commune")

#: measure → (levels whose units own records for it, data gaps it can have:
#: "a" absent, "l" late). A gap is impossible where the measure's denominator is all
#: of a unit's records of a table that every unit has (I.4.c: all dossiers).
OWNERSHIP: dict[str, tuple[tuple[str, ...], str]] = {
    "I.1.a": (_SERVING, "al"),
    "I.2.a": (_SERVING, "al"),
    "I.2.b": (_SERVING, "al"),
    "I.3.a": (_SERVING, "al"),
    "I.4.a": (_SERVING, "al"),
    "I.4.b": (_SERVING, ""),  # follows I.4.a's gaps
    "I.4.c": (_SERVING, ""),
    "I.5.a": (_SERVING, "al"),
    "I.5.b": (_SERVING, "al"),
    "I.6.a": (_STEERING, "al"),
    "I.7.a": (_SERVING, ""),
    "II.1.a": (("province", "district", "commune"), "a"),
    "II.2.a": (("department", "district"), "al"),
    "II.2.b": (("department", "district"), ""),  # the four follow II.2.a's gaps
    "II.3.a": (_SERVING, "al"),
    "II.3.b": (_SERVING, "al"),
    "III.1.a": (("department", "district"), ""),
    "III.1.b": (("department", "district"), "a"),
    "IV.1.a": (("province",), ""),
    "IV.2.a": (_SERVING, ""),
    "IV.3.a": (_STEERING, "al"),
    "IV.4.a": (_STEERING, "al"),
    "IV.5.a": (("province", "district"), "al"),
    "IV.6.a": (_ALL, "al"),
    "IV.7.a": (_STEERING, "al"),
    "IV.8.a": (_ALL, ""),
}

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

# --------------------------------------------------------------------------- procedures

FIELDS: tuple[str, ...] = (
    "land",
    "construction",
    "investment",
    "justice",
    "education",
    "health",
    "social",
    "business",
    "other",
)
LAND_FIELDS: tuple[str, ...] = ("land", "construction", "investment")

#: (field, levels P province / D district / C commune, financial obligation,
#:  eligible to be offered online, name). One procedure per entry and level.
PROCEDURE_ENTRIES: tuple[tuple[str, str, bool, bool, str], ...] = (
    ("land", "PD", True, True, "Đăng ký đất đai, tài sản gắn liền với đất lần đầu"),
    ("land", "PD", True, True, "Cấp đổi Giấy chứng nhận quyền sử dụng đất"),
    ("land", "PD", True, True, "Đăng ký biến động quyền sử dụng đất"),
    ("land", "PD", True, False, "Chuyển mục đích sử dụng đất"),
    ("land", "P", False, False, "Thu hồi đất do vi phạm pháp luật về đất đai"),
    ("land", "PD", True, True, "Gia hạn sử dụng đất"),
    ("land", "DC", False, True, "Hòa giải tranh chấp đất đai"),
    ("land", "PD", True, True, "Cung cấp thông tin, dữ liệu đất đai"),
    ("construction", "PD", True, True, "Cấp giấy phép xây dựng mới"),
    ("construction", "PD", True, True, "Điều chỉnh giấy phép xây dựng"),
    ("construction", "D", True, True, "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ("construction", "P", True, True, "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng"),
    ("construction", "P", True, True, "Cấp chứng chỉ hành nghề hoạt động xây dựng"),
    ("construction", "PD", False, True, "Cấp giấy phép di dời công trình"),
    ("investment", "P", False, True, "Chấp thuận chủ trương đầu tư"),
    ("investment", "P", False, True, "Điều chỉnh chủ trương đầu tư"),
    ("investment", "P", False, True, "Cấp Giấy chứng nhận đăng ký đầu tư"),
    ("investment", "P", False, True, "Giãn tiến độ đầu tư"),
    ("investment", "D", False, True, "Thẩm định dự án đầu tư công nhóm C"),
    ("justice", "C", False, True, "Đăng ký khai sinh"),
    ("justice", "C", False, True, "Đăng ký kết hôn"),
    ("justice", "C", False, True, "Đăng ký khai tử"),
    ("justice", "DC", True, True, "Cấp bản sao trích lục hộ tịch"),
    ("justice", "DC", True, True, "Chứng thực bản sao từ bản chính"),
    ("justice", "DC", True, True, "Chứng thực chữ ký"),
    ("justice", "C", False, True, "Cấp Giấy xác nhận tình trạng hôn nhân"),
    ("justice", "P", True, True, "Cấp Phiếu lý lịch tư pháp"),
    ("justice", "D", True, True, "Đăng ký khai sinh có yếu tố nước ngoài"),
    ("justice", "P", False, True, "Đăng ký hoạt động Văn phòng công chứng"),
    ("education", "P", False, True, "Chuyển trường đối với học sinh trung học phổ thông"),
    ("education", "PD", False, True, "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc"),
    ("education", "PD", False, False, "Công nhận trường đạt chuẩn quốc gia"),
    ("education", "PD", False, True, "Cho phép trường hoạt động giáo dục"),
    ("education", "D", False, True, "Chuyển trường đối với học sinh trung học cơ sở"),
    ("education", "C", False, True, "Cho phép nhóm trẻ, lớp mẫu giáo độc lập hoạt động"),
    ("health", "P", True, True, "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh"),
    ("health", "P", True, True, "Cấp giấy phép hoạt động cơ sở khám bệnh, chữa bệnh"),
    ("health", "PD", True, True, "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
    ("health", "P", True, True, "Cấp chứng chỉ hành nghề dược"),
    ("health", "P", True, True, "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược"),
    ("social", "DC", False, True, "Trợ cấp xã hội hằng tháng"),
    ("social", "C", False, True, "Hỗ trợ chi phí mai táng"),
    ("social", "C", False, False, "Xác nhận hộ nghèo, hộ cận nghèo"),
    ("social", "PD", False, True, "Giải quyết chế độ người có công"),
    ("social", "C", False, True, "Xác định mức độ khuyết tật"),
    ("social", "P", True, True, "Cấp giấy phép lao động cho người nước ngoài"),
    ("social", "P", False, True, "Giải quyết hưởng trợ cấp thất nghiệp"),
    ("business", "P", True, True, "Đăng ký thành lập doanh nghiệp"),
    ("business", "P", True, True, "Đăng ký thay đổi nội dung đăng ký doanh nghiệp"),
    ("business", "D", True, True, "Đăng ký thành lập hộ kinh doanh"),
    ("business", "D", True, True, "Cấp giấy phép bán lẻ rượu"),
    ("business", "P", True, True, "Cấp giấy phép kinh doanh vận tải bằng xe ô tô"),
    ("business", "P", True, True, "Cấp giấy chứng nhận đủ điều kiện kinh doanh xăng dầu"),
    ("business", "D", True, True, "Đăng ký thành lập hợp tác xã"),
    ("other", "P", True, True, "Cấp đổi giấy phép lái xe"),
    ("other", "P", True, True, "Cấp giấy phép khai thác khoáng sản"),
    ("other", "P", True, True, "Cấp giấy phép sử dụng tần số vô tuyến điện"),
    ("other", "P", True, True, "Cấp giấy phép xuất bản bản tin"),
    ("other", "P", False, True, "Thẩm định nhiệm vụ khoa học và công nghệ"),
    ("other", "P", False, True, "Cấp giấy chứng nhận kiểm dịch động vật"),
    ("other", "PD", False, True, "Xét tặng danh hiệu thi đua, khen thưởng"),
    ("other", "D", True, True, "Cấp giấy phép khai thác nước dưới đất"),
    ("other", "D", False, True, "Hỗ trợ khắc phục thiệt hại do thiên tai trong nông nghiệp"),
    ("other", "C", False, True, "Công nhận gia đình văn hóa"),
    ("other", "C", False, True, "Đăng ký hoạt động tín ngưỡng"),
)
#: Internal procedures between state agencies (province and district bodies).
INTERNAL_PROCEDURES: tuple[str, ...] = (
    "Thẩm định đề án vị trí việc làm",
    "Phê duyệt kế hoạch tuyển dụng công chức",
    "Thẩm định dự toán ngân sách hằng năm",
    "Giao biên chế công chức",
    "Phê duyệt kế hoạch thanh tra, kiểm tra",
    "Bổ nhiệm công chức lãnh đạo, quản lý",
    "Thẩm định hồ sơ đề nghị khen thưởng",
    "Nâng bậc lương thường xuyên",
    "Cử công chức đi đào tạo, bồi dưỡng",
    "Phê duyệt quyết toán dự án hoàn thành",
    "Đánh giá, xếp loại công chức",
    "Công nhận kết quả kiểm tra công vụ",
)

# --------------------------------------------------------------------------- entry points


def write_sample(
    out: str | Path,
    *,
    seed: int = 2021,
    scale: Scale = "small",
    dossiers_per_year: int | None = None,
) -> list[Path]:
    """Write the synthetic province into folder ``out``; return the paths written, sorted.

    One file per table of the data dictionary (``units.csv``, ``dossiers.csv`` …; at
    ``scale="full"`` dossiers and surveys are Parquet) and ``SYNTHETIC.md``. Files are
    built in a temporary sibling folder, then moved into ``out``; a table file of the
    other format left by an earlier run is removed.

    Parameters
    ----------
    out : str or Path
        Folder to write (created if needed).
    seed : int, default 2021
        The same seed and scale give byte-identical files.
    scale : "small" or "full"
        ``small``: 3 districts with 3 communes each, about 5 000 dossiers a year;
        ``full``: the 9 districts and 151 communes, about 400 000 dossiers a year.
    dossiers_per_year : int, optional
        Overrides the dossier volume (all units, per year).

    Examples
    --------
    >>> [p.name for p in write_sample(tmp / "lc")][:2]  # doctest: +SKIP
    ['SYNTHETIC.md', 'dossiers.csv']
    """
    tables = build_sample(seed=seed, scale=scale, dossiers_per_year=dossiers_per_year)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        names: list[str] = []
        for name, table in tables.items():
            suffix = ".parquet" if scale == "full" and name in PARQUET_AT_FULL else ".csv"
            file = staging / f"{name}{suffix}"
            if suffix == ".parquet":
                _write_parquet(table, file)
            else:
                _write_csv(table, file)
            names.append(file.name)
        (staging / SYNTHETIC_MARKER).write_bytes(
            _marker_text(seed, scale, tables, names).encode("utf-8")
        )
        names.append(SYNTHETIC_MARKER)
        for name in names:
            (staging / name).chmod(0o644)
            (staging / name).replace(out / name)
        for table in tables:
            for suffix in SUFFIXES:
                stale = out / f"{table}{suffix}"
                if stale.name not in names and stale.exists():
                    stale.unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("wrote the %s synthetic sample (seed %s) to %s", scale, seed, out)
    return sorted(out / name for name in names)


def build_sample(
    *, seed: int = 2021, scale: Scale = "small", dossiers_per_year: int | None = None
) -> dict[str, pa.Table]:
    """Every table of the synthetic province, in data-dictionary order (no file written).

    >>> build_sample(scale="small")["units"].num_rows  # doctest: +SKIP
    30
    """
    volume = _check_arguments(seed, scale, dossiers_per_year)
    units = build_units(scale)
    plan = _plan(units, seed, load_catalogue())
    procedures, catalogue_rows = _procedures(units, plan, _rng(seed, "procedures"))
    tables = {
        "units": _units_table(units),
        "dossiers": _dossiers(units, plan, catalogue_rows, volume, _rng(seed, "dossiers")),
        "procedures": procedures,
        "surveys": _surveys(units, plan, scale, _rng(seed, "surveys")),
        "service_units": _service_units(units, plan, _rng(seed, "service_units")),
        "merging": _merging(units, plan, _rng(seed, "merging")),
        "systems": _systems(units, plan, _rng(seed, "systems")),
        "meetings": _counts(
            units, plan, "IV.5.a", ("meetings", "via_system"), _rng(seed, "meetings")
        ),
        "work_records": _counts(
            units, plan, "IV.6.a", ("records", "online"), _rng(seed, "work_records")
        ),
        "inspections": _counts(
            units, plan, "IV.7.a", ("inspections", "digital"), _rng(seed, "inspections")
        ),
        "task_tracking": _task_tracking(units, plan, _rng(seed, "task_tracking")),
    }
    ordered = {}
    for table in load_dictionary().tables:
        data = tables[table.name].select(list(table.column_names))
        schema = pa.schema(
            [
                (f.name, pa.string() if pa.types.is_large_string(f.type) else f.type)
                for f in data.schema
            ]
        )
        ordered[table.name] = data.cast(schema).replace_schema_metadata()
    return ordered


def build_profiles(*, seed: int = 2021, scale: Scale = "small") -> pd.DataFrame:
    """The profile drawn for each unit and measure whose records the unit owns.

    Columns ``unit_id, measure_id, profile`` (one of :data:`PROFILES`).

    >>> build_profiles(scale="small").query("unit_id == 'ttphcc'").shape[1]  # doctest: +SKIP
    3
    """
    _check_arguments(seed, scale, None)
    units = build_units(scale)
    plan = _plan(units, seed, load_catalogue())
    rows = [
        (unit, measure, PROFILES[plan.profile[i, j]])
        for i, unit in enumerate(plan.unit_ids)
        for j, measure in enumerate(plan.measures)
        if plan.profile[i, j] != NOT_OWNED
    ]
    return pd.DataFrame(rows, columns=["unit_id", "measure_id", "profile"])


def _check_arguments(seed: int, scale: str, dossiers_per_year: int | None) -> int:
    if scale not in DOSSIERS_PER_YEAR:
        raise ParameterError.one("scale", "expected small or full", scale)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError.one("seed", "expected a whole number ≥ 0", seed)
    if dossiers_per_year is None:
        return DOSSIERS_PER_YEAR[scale]
    if (
        isinstance(dossiers_per_year, bool)
        or not isinstance(dossiers_per_year, int | np.integer)
        or dossiers_per_year < 1
    ):
        raise ParameterError.one(
            "dossiers_per_year", "expected a whole number ≥ 1", dossiers_per_year
        )
    return int(dossiers_per_year)


def _rng(seed: int, stream: str) -> np.random.Generator:
    """One independent random stream per table, so tables do not shift one another."""
    return np.random.default_rng([int(seed), zlib.crc32(stream.encode("ascii"))])


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
    from vietnamadminunits.database import query

    rows = query(
        "SELECT district, districtCode, ward, wardType, wardCode FROM admin_units_legacy "
        f"WHERE provinceCode='{PROVINCE_CODE}' ORDER BY districtCode, wardCode"
    )
    frame = pd.DataFrame(rows, columns=["district", "districtCode", "ward", "wardType", "wardCode"])
    for column in ("district", "ward", "wardType"):
        frame[column] = frame[column].map(lambda s: unicodedata.normalize("NFC", s))
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
        raise ParameterError.one("scale", "expected small or full", scale)
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


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class _Plan:
    """Profiles, targets and yearly share paths for every (unit, measure)."""

    unit_ids: tuple[str, ...]
    measures: tuple[str, ...]
    profile: np.ndarray  # (units, measures) int8, NOT_OWNED where the unit has no records
    target: np.ndarray  # (units, measures) final target as a fraction
    share: np.ndarray  # (units, measures, years) planned share (reductions for II.2)

    def j(self, measure: str) -> int:
        return self.measures.index(measure)

    def profiles(self, measure: str) -> np.ndarray:
        return self.profile[:, self.j(measure)]

    def reported(self, measure: str) -> np.ndarray:
        """(units, years): whether the unit has records feeding the measure that year."""
        p = self.profiles(measure)[:, None]
        last = (np.arange(len(YEARS)) == LAST)[None, :]
        return (p != NOT_OWNED) & (p != ABSENT) & ((p != LATE) | last)

    def quota(self, measure: str, n: np.ndarray, unit: np.ndarray, year: np.ndarray) -> np.ndarray:
        """How many of ``n`` records count in the numerator (per unit and year)."""
        j = self.j(measure)
        return _bounded(
            n,
            self.share[unit, j, year],
            self.target[unit, j],
            self.profile[unit, j] == ACHIEVED,
            year == LAST,
        )


def _bounded(
    n: np.ndarray, share: np.ndarray, target: np.ndarray, achieved: np.ndarray, last: np.ndarray
) -> np.ndarray:
    """round(share × n), kept on the right side of the target in the latest year."""
    n = np.asarray(n, dtype=np.int64)
    k = np.rint(np.asarray(share) * n)
    need = np.ceil(np.asarray(target) * n - 1e-9)
    k = np.where(last & achieved, np.maximum(k, need), k)
    k = np.where(last & ~achieved, np.minimum(k, need - 1), k)
    return np.clip(k, 0, n).astype(np.int64)


def _plan(units: pd.DataFrame, seed: int, catalogue: Catalogue) -> _Plan:
    rng = _rng(seed, "profiles")
    measures = tuple(catalogue.measure_ids)
    unknown = [m for m in measures if m not in OWNERSHIP]
    if unknown:
        raise ParameterError.one(
            "catalogue",
            "the sample generator does not know how to make records for these measures",
            ", ".join(unknown),
        )
    levels = units["level"].to_numpy()
    unit_ids = tuple(units["unit_id"])
    n_units, n_measures = len(unit_ids), len(measures)
    draws = rng.random((n_units, n_measures))
    profile = np.full((n_units, n_measures), NOT_OWNED, dtype=np.int8)
    weights = np.asarray(PROFILE_WEIGHTS)
    for j, measure in enumerate(measures):
        owners, gaps = OWNERSHIP[measure]
        w = weights.copy()
        w[ABSENT] *= "a" in gaps
        w[LATE] *= "l" in gaps
        if measure in ("II.1.a", "II.2.a", "II.2.b"):
            # A merger cannot be undone, and II.2 starts at 0 in 2021 by definition (a
            # rise in units would be a negative value, which the method cannot assess).
            w[FALLING] = 0
        cum = np.cumsum(w / w.sum())
        drawn = np.minimum(np.searchsorted(cum, draws[:, j], side="right"), len(w) - 1)
        owned = np.isin(levels, owners)
        profile[owned, j] = drawn[owned]
    province = levels == "province"
    profile[province] = np.where(profile[province] >= ABSENT, ON_TRACK, profile[province])
    _derive_gaps(profile, measures, unit_ids)
    _cover_statuses(profile, measures, unit_ids, levels)

    target = np.zeros((n_units, n_measures))
    for j, measure in enumerate(measures):
        for i, level in enumerate(levels):
            value = catalogue.final_target(measure, level)
            target[i, j] = (value if value is not None else 100.0) / 100.0
    share = _paths(profile, target, rng)
    for measure in ("II.2.a", "II.2.b"):
        j = measures.index(measure)
        share[:, j, :] = _reduction_paths(profile[:, j], rng)
    return _Plan(unit_ids, measures, profile, target, share)


def _derive_gaps(profile: np.ndarray, measures: tuple[str, ...], unit_ids: tuple[str, ...]) -> None:
    """Measures that share records share their gaps."""
    col = {m: i for i, m in enumerate(measures)}
    service_center = unit_ids.index(SERVICE_CENTER)
    profile[service_center, col["II.2.a"]] = ABSENT  # it manages no public service unit
    follow = {"I.4.a": ("I.4.b",), "I.5.a": ("I.5.b",), "II.2.a": ("II.2.b", "III.1.a", "III.1.b")}
    for lead, followers in follow.items():
        lead_p = profile[:, col[lead]]
        for follower in followers:
            f = profile[:, col[follower]]
            gap = (lead_p == ABSENT) | ((lead_p == LATE) & (f != ABSENT))
            f[gap] = lead_p[gap]


def _cover_statuses(
    profile: np.ndarray, measures: tuple[str, ...], unit_ids: tuple[str, ...], levels: np.ndarray
) -> None:
    """Make sure each profile is drawn at least once among high-volume leaf cells.

    The Service Center's dossier measures and the work records of departments and
    communes have enough records for their profile to show exactly in the results.
    """
    col = {m: i for i, m in enumerate(measures)}
    sc = unit_ids.index(SERVICE_CENTER)
    cells = [(sc, col[m]) for m in ("I.1.a", "I.2.b", "I.3.a", "I.4.c", "I.7.a", "IV.2.a")]
    cells += [
        (i, col["IV.6.a"]) for i in range(len(unit_ids)) if levels[i] in ("department", "commune")
    ]
    for wanted in range(len(PROFILES)):
        current = [int(profile[c]) for c in cells]
        if wanted in current:
            continue
        counts = np.bincount(current, minlength=len(PROFILES))
        allowed = [
            c
            for c in cells
            if wanted < ABSENT or ("a" if wanted == ABSENT else "l") in OWNERSHIP[measures[c[1]]][1]
        ]
        cell = max(allowed, key=lambda c: counts[profile[c]])  # first of the commonest
        profile[cell] = wanted


def _paths(profile: np.ndarray, target: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Yearly shares 2021–2024 (fractions) for every cell, following its profile."""
    u = rng.random((4, *profile.shape))
    t = np.clip(target, 0.01, 1.0)
    falling = profile == FALLING
    s0 = t * np.where(falling, 0.55 + 0.3 * u[0], 0.3 + 0.4 * u[0])
    needed = (t / s0) ** 0.25 - 1  # yearly growth that reaches the target in 2025
    ratio = np.select(
        [profile == MODERATE, profile == LIMITED],
        [0.70 + 0.15 * u[1], 0.15 + 0.30 * u[1]],
        1.05 + 0.20 * u[1],
    )
    s3 = s0 * (1 + ratio * needed) ** LAST
    s3 = np.where(profile == ACHIEVED, t + (1 - t) * (0.1 + 0.4 * u[1]), s3)
    s3 = np.where(falling, s0 * (0.65 + 0.20 * u[1]), s3)
    steps = np.arange(len(YEARS)) / LAST
    path = s0[..., None] * (s3 / s0)[..., None] ** steps
    wobble = 1 + 0.04 * (u[2:4] - 0.5)  # 2022 and 2023 are not exactly on the curve
    path[..., 1] *= wobble[0]
    path[..., 2] *= wobble[1]
    return np.clip(path, 0.0, 1.0)


def _reduction_paths(profile: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """II.2 (reduction vs 2021, target 10 %): 0 in 2021, then a straight line.

    The 2021 value is 0 and the method replaces it by 0.001 %; from there a 2024
    reduction of 0.87 % is already on track, 0.26–0.87 % moderate, less limited.
    """
    u = rng.random(profile.shape)
    r3 = np.select(
        [profile == ACHIEVED, profile == ON_TRACK, profile == MODERATE],
        [0.11 + 0.10 * u, 0.02 + 0.05 * u, 0.0035 + 0.004 * u],
        0.0,
    )
    return r3[:, None] * (np.arange(len(YEARS)) / LAST)[None, :]


# --------------------------------------------------------------------------- helpers


def _pick(groups: np.ndarray, k: np.ndarray, key: np.ndarray) -> np.ndarray:
    """A mask choosing, in each group, the ``k[group]`` rows with the smallest ``key``.

    ``groups`` are non-negative integers, ``key`` floats in [0, 1).
    """
    if len(groups) == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(groups.astype(np.float64) + key, kind="stable")
    sorted_groups = groups[order]
    counts = np.bincount(sorted_groups, minlength=len(k))
    starts = np.cumsum(counts) - counts
    rank = np.arange(len(groups)) - starts[sorted_groups]
    mask = np.empty(len(groups), dtype=bool)
    mask[order] = rank < k[sorted_groups]
    return mask


def _top(key: np.ndarray, k: int) -> np.ndarray:
    """Mask of the ``k`` smallest keys."""
    mask = np.zeros(len(key), dtype=bool)
    mask[np.argsort(key, kind="stable")[: max(int(k), 0)]] = True
    return mask


def _year_days() -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 of each 1 January, and the number of days of each year."""
    starts = np.array([np.datetime64(f"{y}-01-01") for y in [*YEARS, YEARS[-1] + 1]])
    days = starts.astype("datetime64[D]").astype(np.int64)
    return days[:-1], np.diff(days)


def _dates(year: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A uniform random day of each row's year, as days since 1970 (int32)."""
    first, length = _year_days()
    offset = np.floor(rng.random(len(year)) * length[year]).astype(np.int64)
    return (first[year] + offset).astype(np.int32)


def _codes(prefix: str, year: np.ndarray, seq: np.ndarray, width: int) -> pa.Array:
    """Identifiers ``PREFIX-YYYY-000123`` built as bytes (no Python string per row)."""
    n = len(seq)
    head = len(prefix) + 1
    size = head + 5 + width
    buf = np.empty((n, size), dtype=np.uint8)
    buf[:, : len(prefix)] = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    buf[:, len(prefix)] = ord("-")
    years = np.asarray(YEARS)[year]
    for i in range(4):
        buf[:, head + 3 - i] = 48 + (years // 10**i) % 10
    buf[:, head + 4] = ord("-")
    for i in range(width):
        buf[:, size - 1 - i] = 48 + (seq // 10**i) % 10
    offsets = np.arange(0, n * size + 1, size, dtype=np.int64)
    array = pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(buf)]
    )
    return array.cast(pa.string())


def _ordered(day: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Row order: by date, ties in random order."""
    key = day.astype(np.int64) << 32 | rng.integers(0, 1 << 32, len(day), dtype=np.int64)
    return np.argsort(key, kind="stable")


def _sequence(year: np.ndarray) -> tuple[np.ndarray, int]:
    """1, 2, … within each year of rows sorted by year; and the digits it needs."""
    counts = np.bincount(year, minlength=len(YEARS))
    starts = np.cumsum(counts) - counts
    seq = np.arange(len(year)) - starts[year] + 1
    return seq, max(6, len(str(int(counts.max(initial=1)))))


def _take(values: list[str], index: np.ndarray) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(index))


def _date_array(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype(np.int32), pa.int32()).cast(pa.date32())


# --------------------------------------------------------------------------- procedures


def _procedure_pool() -> pd.DataFrame:
    """Every procedure, one per entry and level, with its fixed attributes."""
    rows = []
    for field, levels, fee, eligible, name in PROCEDURE_ENTRIES:
        rows += [(level, field, False, fee, eligible, name) for level in levels]
    for name in INTERNAL_PROCEDURES:
        rows += [(level, "other", True, False, False, name) for level in "PD"]
    pool = pd.DataFrame(
        rows, columns=["pool_level", "field", "internal", "fee", "eligible", "name"]
    )
    pool["procedure_id"] = [f"TTHC-{i:03d}" for i in range(1, len(pool) + 1)]
    return pool


def _procedures(
    units: pd.DataFrame, plan: _Plan, rng: np.random.Generator
) -> tuple[pa.Table, pd.DataFrame]:
    """The yearly procedures catalogue of each unit; also its rows as a frame for dossiers.

    Which procedures are online, pay online, sit on the national portal or are published
    on time follows a fixed random order per unit, so a procedure once online stays
    online as the share grows.
    """
    pool = _procedure_pool()
    level_code = {"province": "P", "department": "P", "district": "D", "commune": "C"}
    i2a, i6a = plan.profiles("I.2.a"), plan.profiles("I.6.a")
    full_share = np.linspace(0.3, 0.6, len(YEARS))  # full online ("toàn trình") vs partial
    parts = []
    for i, unit in enumerate(units.itertuples(index=False)):
        if unit.level == "province":
            external = np.zeros(0, dtype=np.int64)
        else:
            candidates = pool.index[
                (pool["pool_level"] == level_code[unit.level]) & ~pool["internal"]
            ]
            if i2a[i] == ABSENT:
                candidates = candidates[~pool.loc[candidates, "fee"].to_numpy()]
            liked = DEPARTMENT_FIELDS.get(unit.unit_id, ())
            weight = np.where(pool.loc[candidates, "field"].isin(liked), 8.0, 1.0)
            low, high = {"department": (20, 46), "district": (25, 41), "commune": (10, 21)}[
                unit.level
            ]
            if unit.unit_id == SERVICE_CENTER:
                low, high = 40, 60
            size = min(int(rng.integers(low, high)), len(candidates))
            external = np.sort(
                rng.choice(candidates.to_numpy(), size, replace=False, p=weight / weight.sum())
            )
        internal = np.zeros(0, dtype=np.int64)
        if unit.level in _STEERING and i6a[i] != ABSENT:
            candidates = pool.index[
                (pool["pool_level"] == level_code[unit.level]) & pool["internal"]
            ]
            size = int(rng.integers(6, 13))
            internal = np.sort(
                rng.choice(candidates.to_numpy(), min(size, len(candidates)), replace=False)
            )
        chosen = np.concatenate([external, internal])
        keys = rng.random((5, len(chosen)))  # payment, online, full, portal, published
        for y in range(len(YEARS)):
            p = pool.loc[chosen]
            keep = np.ones(len(chosen), dtype=bool)
            if y < LAST and i2a[i] == LATE:
                keep &= ~p["fee"].to_numpy()
            if y < LAST and i6a[i] == LATE:
                keep &= ~p["internal"].to_numpy()
            k = keys[:, keep]
            p = p[keep]
            fee = p["fee"].to_numpy()
            eligible = p["eligible"].to_numpy() & plan.reported("I.4.a")[i, y]
            internal_rows = p["internal"].to_numpy()
            pay = np.zeros(len(p), dtype=bool)
            online = np.zeros(len(p), dtype=bool)
            portal = np.zeros(len(p), dtype=bool)
            published = np.zeros(len(p), dtype=bool)
            idx = np.array([i])
            yy = np.array([y])
            pay[fee] = _top(k[0, fee], plan.quota("I.2.a", np.array([fee.sum()]), idx, yy)[0])
            online[eligible] = _top(
                k[1, eligible], plan.quota("I.4.a", np.array([eligible.sum()]), idx, yy)[0]
            )
            portal[online] = _top(
                k[3, online], plan.quota("I.4.b", np.array([online.sum()]), idx, yy)[0]
            )
            published[internal_rows] = _top(
                k[4, internal_rows],
                plan.quota("I.6.a", np.array([internal_rows.sum()]), idx, yy)[0],
            )
            mode = np.where(online, np.where(k[2] < full_share[y], "full", "partial"), "none")
            parts.append(
                pd.DataFrame(
                    {
                        "year": YEARS[y],
                        "unit_id": unit.unit_id,
                        "unit_index": i,
                        "year_index": y,
                        "pool_index": p.index.to_numpy(),
                        "procedure_id": p["procedure_id"].to_numpy(),
                        "name": p["name"].to_numpy(),
                        "field": p["field"].to_numpy(),
                        "internal": internal_rows,
                        "published_on_time": published,
                        "financial_obligation": fee,
                        "online_payment": pay,
                        "online_eligible": eligible,
                        "online_mode": mode,
                        "national_portal": portal,
                    }
                )
            )
    frame = pd.concat(parts, ignore_index=True).sort_values(
        ["year", "unit_index", "procedure_id"], kind="stable", ignore_index=True
    )
    columns = [
        "year",
        "unit_id",
        "procedure_id",
        "name",
        "field",
        "internal",
        "published_on_time",
        "financial_obligation",
        "online_payment",
        "online_eligible",
        "online_mode",
        "national_portal",
    ]
    table = pa.Table.from_pandas(frame[columns], preserve_index=False).replace_schema_metadata()
    return table, frame


# --------------------------------------------------------------------------- dossiers


def _dossier_weights(units: pd.DataFrame) -> np.ndarray:
    weights = np.zeros(len(units))
    for i, unit in enumerate(units.itertuples(index=False)):
        if unit.level == "department":
            weights[i] = DEPARTMENT_DOSSIER_WEIGHT[unit.unit_id]
        elif unit.level == "district":
            weights[i] = DISTRICT_POPULATION[unit.unit_id] / 10
        elif unit.level == "commune":
            weights[i] = COMMUNE_DOSSIER_WEIGHT[unit.commune_type]
    return weights


def _dossiers(
    units: pd.DataFrame,
    plan: _Plan,
    catalogue: pd.DataFrame,
    per_year: int,
    rng: np.random.Generator,
) -> pa.Table:
    """One row per dossier, vectorised: no Python work per row."""
    n_units, n_years = len(units), len(YEARS)
    weights = _dossier_weights(units)
    counts = np.stack(
        [rng.multinomial(per_year, weights / weights.sum()) for _ in YEARS], axis=1
    )  # (units, years)
    n_groups = n_units * n_years
    group = np.repeat(np.arange(n_groups), counts.ravel())
    unit, year = group // n_years, group % n_years
    n = len(group)
    g_units, g_years = np.divmod(np.arange(n_groups), n_years)

    def subset_pick(measure: str, subset: np.ndarray) -> np.ndarray:
        sub_groups = group[subset]
        k = plan.quota(measure, np.bincount(sub_groups, minlength=n_groups), g_units, g_years)
        out = np.zeros(n, dtype=bool)
        out[subset] = _pick(sub_groups, k, rng.random(len(sub_groups)))
        return out

    everything = np.ones(n, dtype=bool)
    online = subset_pick("I.4.c", everything)
    postal = ~online & (rng.random(n) < 0.06)
    channel = np.where(online, 0, np.where(postal, 2, 1)).astype(np.int8)
    eid = subset_pick("IV.2.a", online)

    rates = rng.uniform([[0.15], [0.25], [0.6]], [[0.45], [0.6], [0.95]], (3, n_units))
    flags = {}
    for r, (measure, need, done) in enumerate(
        (
            ("I.1.a", "transfer_required", "transfer_electronic"),
            ("I.2.b", "payment_required", "paid_online"),
            ("I.3.a", "result_valid", "result_digitised"),
        )
    ):
        required = (rng.random(n) < rates[r][unit]) & plan.reported(measure)[unit, year]
        flags[need] = required
        flags[done] = subset_pick(measure, required)
    reprovided = ~subset_pick("I.7.a", everything)

    # Contacts: most dossiers need none or one more visit, fewer every year.
    p_zero = np.array([0.50, 0.58, 0.65, 0.72])[year]
    u = rng.random(n)
    extra = rng.geometric(0.55, n)  # 1, 2, 3, … (rarely more)
    contacts = np.where(u < p_zero, 0, np.where(u < p_zero + (1 - p_zero) * 0.6, 1, 1 + extra))

    procedure = _dossier_procedures(catalogue, unit, year, flags["payment_required"], n_units, rng)
    day = _dates(year, rng)
    order = _ordered(day, rng)
    seq, width = _sequence(year[order])
    pool_ids = _procedure_pool()["procedure_id"].tolist()
    columns = {
        "dossier_id": _codes("HS", year[order], seq, max(width, 7)),
        "unit_id": _take(list(plan.unit_ids), unit[order]),
        "procedure_id": _take(pool_ids, procedure[order]),
        "received_on": _date_array(day[order]),
        "channel": _take(["online", "direct", "postal"], channel[order]),
        **{
            name: pa.array(flags[name][order])
            for name in (
                "transfer_required",
                "transfer_electronic",
                "payment_required",
                "paid_online",
                "result_valid",
                "result_digitised",
            )
        },
        "reprovided": pa.array(reprovided[order]),
        "contacts": pa.array(contacts[order].astype(np.int64)),
        "eid": pa.array(eid[order]),
    }
    return pa.table(columns)


def _dossier_procedures(
    catalogue: pd.DataFrame,
    unit: np.ndarray,
    year: np.ndarray,
    fee: np.ndarray,
    n_units: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """A procedure of the unit's catalogue that year, with a fee iff the dossier pays one.

    Falls back to the other kind when the unit has none of the needed kind.
    """
    external = catalogue[~catalogue["internal"]]
    bucket = (
        external["unit_index"].to_numpy() * len(YEARS) + external["year_index"].to_numpy()
    ) * 2 + external["financial_obligation"].to_numpy()
    order = np.argsort(bucket, kind="stable")
    pool_index = external["pool_index"].to_numpy()[order]
    counts = np.bincount(bucket, minlength=n_units * len(YEARS) * 2)
    starts = np.cumsum(counts) - counts
    want = (unit * len(YEARS) + year) * 2 + fee
    other = want ^ 1
    b = np.where(counts[want] > 0, want, other)
    pick = starts[b] + np.floor(rng.random(len(unit)) * counts[b]).astype(np.int64)
    return pool_index[np.minimum(pick, len(pool_index) - 1)]


# --------------------------------------------------------------------------- surveys


SURVEYS_PER_YEAR: dict[str, dict[str, int]] = {  # mean responses per unit and year
    "small": {"service_center": 150, "department": 50, "district": 100, "commune": 40},
    "full": {"service_center": 600, "department": 250, "district": 400, "commune": 150},
}
OTHER_FIELDS: tuple[str, ...] = ("justice", "social", "business", "education", "health", "other")


def _surveys(units: pd.DataFrame, plan: _Plan, scale: str, rng: np.random.Generator) -> pa.Table:
    """Satisfaction responses in four strata: land-type procedures, other procedures,
    administrative service, health and education."""
    n_units, n_years = len(units), len(YEARS)
    size = SURVEYS_PER_YEAR[scale]
    mean = np.array(
        [
            0
            if u.level == "province"
            else size["service_center"]
            if u.unit_id == SERVICE_CENTER
            else size[u.level]
            for u in units.itertuples(index=False)
        ],
        dtype=float,
    )
    total = rng.poisson(np.repeat(mean[:, None], n_years, axis=1))
    strata = rng.multinomial(total, [0.5, 0.2, 0.3])  # procedure, administration, social
    procedure = strata[..., 0] * plan.reported("I.5.a")
    land = rng.binomial(procedure, 0.35) * plan.reported("I.5.b")
    counts = np.stack(
        [
            land,
            procedure - land,
            strata[..., 1] * plan.reported("II.3.a"),
            strata[..., 2] * plan.reported("II.3.b"),
        ],
        axis=-1,
    )  # (u, y, 4)
    g_unit, g_year = np.divmod(np.arange(n_units * n_years), n_years)
    k_land = plan.quota("I.5.b", land.ravel(), g_unit, g_year)
    k_procedure = plan.quota("I.5.a", procedure.ravel(), g_unit, g_year)
    k = np.stack(
        [
            k_land,
            np.clip(k_procedure - k_land, 0, (procedure - land).ravel()),
            plan.quota("II.3.a", counts[..., 2].ravel(), g_unit, g_year),
            plan.quota("II.3.b", counts[..., 3].ravel(), g_unit, g_year),
        ],
        axis=-1,
    )
    stratum_group = np.repeat(np.arange(counts.size), counts.ravel())
    satisfied = _pick(stratum_group, k.ravel(), rng.random(len(stratum_group)))
    cell, stratum = np.divmod(stratum_group, 4)
    unit, year = np.divmod(cell, n_years)
    n = len(cell)
    health = rng.random(n) < 0.5
    service = np.select([stratum <= 1, stratum == 2, health], [0, 1, 2], 3)
    land_field = rng.choice(3, n, p=[0.5, 0.3, 0.2])
    field_names = list(FIELDS)
    other_index = np.array([field_names.index(f) for f in OTHER_FIELDS])
    other_field = other_index[rng.integers(0, len(OTHER_FIELDS), n)]
    field = np.select(
        [stratum == 0, stratum == 1, stratum == 2, health],
        [land_field, other_field, field_names.index("other"), field_names.index("health")],
        field_names.index("education"),
    )
    day = _dates(year, rng)
    order = _ordered(day, rng)
    seq, width = _sequence(year[order])
    return pa.table(
        {
            "response_id": _codes("KS", year[order], seq, width),
            "unit_id": _take(list(plan.unit_ids), unit[order]),
            "surveyed_on": _date_array(day[order]),
            "service": _take(
                ["procedure", "administration", "health", "education"], service[order]
            ),
            "field": _take(field_names, field[order]),
            "satisfied": pa.array(satisfied[order]),
        }
    )


# --------------------------------------------------------------------------- service units

SERVICE_UNIT_NAMES: dict[str, str] = {
    "health": "Trung tâm Y tế",
    "education": "Trường",
    "economic": "Ban Quản lý dự án",
    "other": "Trung tâm",
}
STAFF_RANGE: dict[str, tuple[int, int]] = {
    "health": (40, 220),
    "education": (15, 60),
    "economic": (4, 25),
    "other": (5, 20),
}


def _manager_service_units(
    unit, communes: list[str], rng: np.random.Generator
) -> list[tuple[str, str]]:
    """(sector, name) of the public service units a manager has in 2021."""
    if unit.level == "department":
        short = unit.name.removeprefix("Sở ").removeprefix("Văn phòng ")
        out = []
        for sector, count in DEPARTMENT_SERVICE_UNITS[unit.unit_id]:
            base = {
                "health": "Bệnh viện",
                "education": "Trường THPT",
                "economic": "Trung tâm dịch vụ",
                "other": "Trung tâm",
            }[sector]
            out += [(sector, f"{base} số {k} thuộc {short}") for k in range(1, count + 1)]
        return out
    where = unit.name
    schools = []
    for commune in communes:
        place = commune.split(" ", 1)[1] if commune.startswith("Xã ") else commune
        place = place.removeprefix("Phường ").removeprefix("Thị trấn ")
        for kind in ("Trường Mầm non", "Trường Tiểu học", "Trường THCS"):
            schools.append(("education", f"{kind} {place}"))
    n_schools = int(rng.integers(30, 60) * DISTRICT_POPULATION[unit.unit_id] / 90)
    keep = np.sort(rng.choice(len(schools), min(n_schools, len(schools)), replace=False))
    return [schools[k] for k in keep] + [
        ("economic", f"Ban Quản lý dự án đầu tư xây dựng {where}"),
        ("economic", f"Trung tâm Phát triển quỹ đất {where}"),
        ("other", f"Trung tâm Văn hóa, Thể thao và Truyền thông {where}"),
        ("other", f"Trung tâm Dịch vụ nông nghiệp {where}"),
    ]


def _service_units(units: pd.DataFrame, plan: _Plan, rng: np.random.Generator) -> pa.Table:
    """Public service units per year, managed by departments and districts.

    Units close (merge or dissolve) in a fixed random order until the manager's count
    follows its II.2.a path; staff follow II.2.b; autonomy groups 1–2 follow III.1.a;
    conversions follow III.1.b (a converted unit is in group 1).
    """
    admin = _admin_units()
    profiles = {m: plan.profiles(m) for m in ("II.2.a", "II.2.b", "III.1.a", "III.1.b")}
    rows = []
    for i, unit in enumerate(units.itertuples(index=False)):
        if profiles["II.2.a"][i] in (NOT_OWNED, ABSENT):
            continue
        communes = admin.loc[admin["district_id"] == unit.unit_id, "ward"].tolist()
        listed = _manager_service_units(unit, communes, rng)
        n0 = len(listed)
        if n0 == 0:
            continue
        sector = np.array([s for s, _ in listed])
        low, high = np.array([STAFF_RANGE[s] for s in sector]).T
        base_staff = rng.integers(low, high + 1)
        survival, autonomy_key, convert_key, group_key = rng.random((4, n0))
        eligible = np.isin(sector, ["economic", "other"]) & (rng.random(n0) < 0.7)
        closing = np.argsort(survival, kind="stable")  # first closed last
        years = range(LAST, len(YEARS)) if profiles["II.2.a"][i] == LATE else range(len(YEARS))
        alive_count = np.rint(n0 * (1 - plan.share[i, plan.j("II.2.a"), :])).astype(np.int64)
        alive_count = _reduction_bound(alive_count, n0, profiles["II.2.a"][i] == ACHIEVED)
        staff_total = _reduction_bound(
            np.rint(base_staff.sum() * (1 - plan.share[i, plan.j("II.2.b"), :])).astype(np.int64),
            int(base_staff.sum()),
            profiles["II.2.b"][i] == ACHIEVED,
        )
        for y in years:
            alive = np.zeros(n0, dtype=bool)
            alive[closing[: alive_count[y]]] = True
            staff = _spread(base_staff * alive, staff_total[y])
            idx, yy = np.array([i]), np.array([y])
            ok_eligible = eligible & alive & plan.reported("III.1.b")[i, y]
            converted = np.zeros(n0, dtype=bool)
            converted[ok_eligible] = _top(
                convert_key[ok_eligible],
                plan.quota("III.1.b", np.array([ok_eligible.sum()]), idx, yy)[0],
            )
            k_auto = plan.quota("III.1.a", np.array([alive.sum()]), idx, yy)[0]
            free = alive & ~converted
            self_funded = np.zeros(n0, dtype=bool)
            self_funded[free] = _top(autonomy_key[free], k_auto - converted.sum())
            autonomy = np.where(
                converted | (self_funded & (group_key < 0.3)),
                "1",
                np.where(self_funded, "2", np.where(group_key < 0.65, "3", "4")),
            )
            for s in np.flatnonzero(alive):
                rows.append(
                    (
                        YEARS[y],
                        f"DVSN-{unit.unit_id}-{s + 1:03d}",
                        unit.unit_id,
                        listed[s][1],
                        sector[s],
                        int(staff[s]),
                        autonomy[s],
                        bool(ok_eligible[s]),
                        bool(converted[s]),
                    )
                )
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "service_unit_id",
            "unit_id",
            "name",
            "sector",
            "budget_staff",
            "autonomy",
            "conversion_eligible",
            "converted",
        ],
    )
    frame = frame.sort_values(["year", "service_unit_id"], kind="stable", ignore_index=True)
    return pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata()


def _reduction_bound(level: np.ndarray, base: int, achieved: bool) -> np.ndarray:
    """A non-increasing yearly level, ≤ 90 % of the base in 2024 iff ``achieved``."""
    level = np.minimum.accumulate(np.minimum(level, base))
    limit = int(np.floor(0.9 * base + 1e-9))
    if achieved:
        level[LAST] = min(level[LAST], limit)
    else:
        level[LAST] = max(level[LAST], limit + 1)
        level[:LAST] = np.maximum(level[:LAST], level[LAST])
    return np.maximum(level, 1)


def _spread(base: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to ``base`` summing exactly to ``total`` (largest remainder)."""
    if base.sum() == 0:
        return np.zeros(len(base), dtype=np.int64)
    exact = base * (total / base.sum())
    out = np.floor(exact).astype(np.int64)
    rest = int(total - out.sum())
    if rest > 0:
        out[np.argsort(-(exact - out), kind="stable")[:rest]] += 1
    return out


# --------------------------------------------------------------------------- merging


def _merging(units: pd.DataFrame, plan: _Plan, rng: np.random.Generator) -> pa.Table:
    """The merging plan: the province merges districts, districts communes, communes
    villages. Completion dates follow the II.1.a path (cumulative)."""
    admin = _admin_units()
    profile = plan.profiles("II.1.a")
    j = plan.j("II.1.a")
    first, length = _year_days()
    rows = []
    for i, unit in enumerate(units.itertuples(index=False)):
        if profile[i] in (NOT_OWNED, ABSENT):
            continue
        if unit.level == "province":
            items = [
                (f"HUYEN-{code}", "district", part["district"].iloc[0])
                for code, part in admin.groupby("districtCode", sort=True)
            ]
            share_required = 0.25
        elif unit.level == "district":
            part = admin[admin["district_id"] == unit.unit_id]
            items = [(f"XA-{r.wardCode}", "commune", r.ward) for r in part.itertuples()]
            share_required = 0.25
        else:
            word = "Thôn" if unit.commune_type == "Xã" else "Tổ dân phố"
            items = [
                (f"THON-{unit.code}-{k:02d}", "village", f"{word} {k}, {unit.name}")
                for k in range(1, int(rng.integers(6, 15)) + 1)
            ]
            share_required = 0.35
        n = len(items)
        required = _top(rng.random(n), max(1, round(share_required * n)))
        n_required = int(required.sum())
        # Mergers accumulate: the count done by each year end never falls.
        done = np.maximum.accumulate(np.rint(plan.share[i, j, :] * n_required).astype(int))
        if profile[i] == ACHIEVED:
            done[LAST] = n_required
        else:
            done = np.minimum(done, n_required - 1)
        rank = np.full(n, -1)
        rank[required] = np.argsort(
            np.argsort(rng.random(n_required), kind="stable"), kind="stable"
        )
        day_in_year = rng.random(n)
        for (item_id, kind, name), r, d in zip(items, rank, day_in_year, strict=True):
            completed = None
            if r >= 0 and r < done[LAST]:
                y = int(np.argmax(r < done))
                completed = int(first[y] + np.floor(d * length[y]))
            rows.append((item_id, unit.unit_id, kind, name, bool(r >= 0), completed))
    item_id, unit_id, kind, name, required, completed = zip(*rows, strict=True)
    return pa.table(
        {
            "item_id": pa.array(item_id, pa.string()),
            "unit_id": pa.array(unit_id, pa.string()),
            "kind": pa.array(kind, pa.string()),
            "name": pa.array(name, pa.string()),
            "required": pa.array(required, pa.bool_()),
            "completed_on": pa.array(completed, pa.int32()).cast(pa.date32()),
        }
    )


# --------------------------------------------------------------------------- systems


def _system_inventory(unit, rng: np.random.Generator) -> list[tuple[str, str, bool]]:
    """(kind, name, citizen-facing) of the information systems a unit runs."""
    if unit.level == "province":
        return [
            ("public_service_portal", "Cổng Dịch vụ công tỉnh Lào Cai", True),
            ("one_stop", "Hệ thống thông tin một cửa điện tử tỉnh Lào Cai", True),
            ("reporting", "Hệ thống thông tin báo cáo tỉnh Lào Cai", False),
            ("other", "Cổng Thông tin điện tử tỉnh Lào Cai", True),
            ("other", "Hệ thống quản lý văn bản và điều hành", False),
            ("other", "Hệ thống thông tin phục vụ họp và xử lý công việc", False),
            ("other", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)", False),
        ]
    name = unit.name
    reports = ("Hệ thống báo cáo", "Phần mềm báo cáo thống kê", "Phần mềm báo cáo chỉ tiêu")
    out = [("other", f"Trang thông tin điện tử {name}", True)]
    out += [
        ("reporting", f"{title} - {name}", False) for title in reports[: int(rng.integers(2, 4))]
    ]
    for k in range(
        1, int(rng.integers(2, 5) if unit.level == "department" else rng.integers(1, 3)) + 1
    ):
        out.append(("sector", f"Hệ thống thông tin chuyên ngành số {k} - {name}", True))
    if rng.random() < 0.5:
        out.append(("sector", f"Cơ sở dữ liệu nội bộ - {name}", False))
    return out


def _systems(units: pd.DataFrame, plan: _Plan, rng: np.random.Generator) -> pa.Table:
    """The information-systems inventory per year (province, departments, districts)."""
    p3, p4 = plan.profiles("IV.3.a"), plan.profiles("IV.4.a")
    rows = []
    for i, unit in enumerate(units.itertuples(index=False)):
        if unit.level not in _STEERING:
            continue
        inventory = _system_inventory(unit, rng)
        if p4[i] == ABSENT:
            inventory = [s for s in inventory if s[0] != "reporting"]
        kind = np.array([s[0] for s in inventory])
        facing = np.array([s[2] for s in inventory]) & (p3[i] != ABSENT)
        # Portals and reporting systems run from the start; others may go live later.
        late_start = np.isin(kind, ["sector", "other"]) & (rng.random(len(kind)) < 0.2)
        live_from = np.where(late_start, rng.integers(1, 3, len(kind)), 0)
        if p3[i] == LATE:
            live_from = np.where(facing, LAST, live_from)
        keys = rng.random((4, len(kind)))
        for y in range(len(YEARS)):
            present = ~((kind == "reporting") & (p4[i] == LATE) & (y < LAST))
            operating = live_from <= y
            idx, yy = np.array([i]), np.array([y])
            portal = np.isin(kind, ["public_service_portal", "one_stop"])
            national = keys[0] < 0.3
            if unit.level == "province":
                national = np.zeros(len(kind), dtype=bool)
                national[portal] = _top(
                    keys[0, portal], plan.quota("IV.1.a", np.array([portal.sum()]), idx, yy)[0]
                )
            counted = facing & operating & present
            axis = np.zeros(len(kind), dtype=bool)
            axis[counted] = _top(
                keys[1, counted], plan.quota("IV.3.a", np.array([counted.sum()]), idx, yy)[0]
            )
            reporting = (kind == "reporting") & present
            connected = np.zeros(len(kind), dtype=bool)
            connected[reporting] = _top(
                keys[2, reporting], plan.quota("IV.4.a", np.array([reporting.sum()]), idx, yy)[0]
            )
            for s in np.flatnonzero(present):
                rows.append(
                    (
                        YEARS[y],
                        f"HT-{unit.unit_id}-{s + 1:02d}",
                        unit.unit_id,
                        inventory[s][1],
                        kind[s],
                        bool(facing[s]),
                        bool(operating[s]),
                        bool(national[s] and operating[s]),
                        bool(axis[s]),
                        bool(connected[s]),
                    )
                )
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "system_id",
            "unit_id",
            "name",
            "kind",
            "citizen_facing",
            "in_operation",
            "national_portal_connected",
            "data_axis_connected",
            "reporting_connected",
        ],
    )
    frame = frame.sort_values(["year", "system_id"], kind="stable", ignore_index=True)
    return pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata()


# --------------------------------------------------------------------------- quarterly


#: Mean records per quarter for the quarterly count tables, by level.
QUARTERLY_MEANS: dict[str, dict[str, float]] = {
    "IV.5.a": {"province": 9, "district": 7},
    "IV.6.a": {"province": 1200, "department": 500, "district": 800, "commune": 150},
    "IV.7.a": {"province": 6, "department": 8, "district": 10},
}


def _spread_within(cell: np.ndarray, total: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Share ``k[cell]`` among the rows of each cell in proportion to ``total``.

    Largest remainders, so each cell's parts sum to exactly ``k`` and none exceeds its
    row's total. Rows of a cell are contiguous.
    """
    n_cell = np.bincount(cell, weights=total, minlength=len(k))
    exact = k[cell] * total / np.maximum(n_cell[cell], 1)
    part = np.floor(exact + 1e-9).astype(np.int64)
    rest = k - np.bincount(cell, weights=part, minlength=len(k)).astype(np.int64)
    order = np.lexsort((-(exact - part), cell))  # by cell, largest remainder first
    starts = np.cumsum(np.bincount(cell, minlength=len(k))) - np.bincount(cell, minlength=len(k))
    rank = np.empty(len(cell), dtype=np.int64)
    rank[order] = np.arange(len(cell)) - starts[cell[order]]
    return part + (rank < rest[cell])


def _quarters() -> list[str]:
    return [f"{y}Q{q}" for y in YEARS for q in (1, 2, 3, 4)]


def _counts(
    units: pd.DataFrame,
    plan: _Plan,
    measure: str,
    columns: tuple[str, str],
    rng: np.random.Generator,
) -> pa.Table:
    """A quarterly (total, of which) table: meetings, work records or inspections."""
    means = QUARTERLY_MEANS[measure]
    levels = units["level"].to_numpy()
    size = np.array([means.get(level, 0.0) for level in levels], dtype=float)
    size *= rng.uniform(0.6, 1.4, len(units))
    n_quarters = 4 * len(YEARS)
    unit = np.repeat(np.arange(len(units)), n_quarters)
    quarter = np.tile(np.arange(n_quarters), len(units))
    year = quarter // 4
    total = np.maximum(rng.poisson(size[unit]), 1)
    # The yearly count follows the plan; quarters share it in proportion to their totals.
    cell = unit * len(YEARS) + year
    n_year = np.bincount(cell, weights=total, minlength=len(units) * len(YEARS)).astype(np.int64)
    g_unit, g_year = np.divmod(np.arange(len(n_year)), len(YEARS))
    k_year = plan.quota(measure, n_year, g_unit, g_year)
    part = _spread_within(cell, total, k_year)
    keep = plan.reported(measure)[unit, year]
    periods = _quarters()
    return pa.table(
        {
            "unit_id": _take(list(plan.unit_ids), unit[keep]),
            "period": _take(periods, quarter[keep]),
            columns[0]: pa.array(total[keep].astype(np.int64)),
            columns[1]: pa.array(part[keep].astype(np.int64)),
        }
    )


def _task_tracking(units: pd.DataFrame, plan: _Plan, rng: np.random.Generator) -> pa.Table:
    """Whether each unit operates the task-tracking subsystem, per quarter.

    A unit's value is its latest quarter (0 or 100 %), so only three statuses are
    possible for one unit: achieved (running at the end of 2024), limited (never
    running) and deterioration (running in 2021, stopped by the end of 2024). The
    province and districts count their agencies and show the rest.
    """
    profile = plan.profiles("IV.8.a")
    n_quarters = 4 * len(YEARS)
    start = np.select(
        [profile == ACHIEVED, profile == ON_TRACK, profile == MODERATE],
        [
            rng.integers(0, 8, len(units)),
            rng.integers(6, 14, len(units)),
            rng.integers(10, 16, len(units)),
        ],
        n_quarters,
    )
    stop = np.where(profile == FALLING, rng.integers(9, 16, len(units)), n_quarters)
    start = np.where(profile == FALLING, rng.integers(0, 3, len(units)), start)
    quarter = np.arange(n_quarters)[None, :]
    operating = (quarter >= start[:, None]) & (quarter < stop[:, None])
    unit = np.repeat(np.arange(len(units)), n_quarters)
    return pa.table(
        {
            "unit_id": _take(list(plan.unit_ids), unit),
            "period": _take(_quarters(), np.tile(np.arange(n_quarters), len(units))),
            "operating": pa.array(operating.ravel()),
        }
    )


# --------------------------------------------------------------------------- writing


_STRUCTURAL = r'[,"\r\n]'


def _write_csv(table: pa.Table, path: Path) -> None:
    """UTF-8 without BOM, ``\\n`` line ends, ``true``/``false``, dates as YYYY-MM-DD,
    quotes only where a value needs them."""
    needs_quotes = any(
        pc.any(pc.match_substring_regex(table[name], _STRUCTURAL)).as_py()
        for name in table.column_names
        if pa.types.is_string(table.schema.field(name).type) and table.num_rows
    )
    if not needs_quotes:
        pa_csv.write_csv(
            table,
            str(path),
            pa_csv.WriteOptions(include_header=True, quoting_style="none", quoting_header="none"),
        )
        return
    text = table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
    frame = text.to_pandas()
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", na_rep="")


def _write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(
        table.replace_schema_metadata(),
        path,
        compression="zstd",
        compression_level=3,
        row_group_size=1 << 20,
        use_dictionary=True,
        write_statistics=True,
    )


def _marker_text(seed: int, scale: str, tables: dict[str, pa.Table], files: list[str]) -> str:
    file_of = {f.rsplit(".", 1)[0]: f for f in files}
    lines = [
        "# Dữ liệu mẫu tổng hợp / Synthetic sample data",
        "",
        "**Tiếng Việt.** Toàn bộ số liệu trong thư mục này là **dữ liệu giả lập (tổng hợp)**,",
        "được sinh tự động bằng lệnh `cchc sample` (hàm `cchc.sample.write_sample`) với hạt",
        f"giống (seed) **{seed}**, quy mô **{scale}**. Tên và mã đơn vị hành chính (tỉnh,",
        "huyện, xã; mã của Tổng cục Thống kê, trước ngày 01/7/2025) là thật; mọi hồ sơ, thủ",
        "tục, phiếu khảo sát, đơn vị sự nghiệp, hệ thống, cuộc họp và con số khác đều là giả,",
        "không phản ánh kết quả thực tế của tỉnh Lào Cai. Không dùng để báo cáo hay đánh giá.",
        "",
        "**English.** Every figure in this folder is **synthetic data**, generated by",
        f"`cchc sample` (`cchc.sample.write_sample`) with seed **{seed}** at scale",
        f"**{scale}**. Unit names and GSO codes (province, districts, communes, before",
        "1 July 2025) are real; every dossier, procedure, survey response, public service",
        "unit, system, meeting and count is invented and says nothing about Lào Cai's",
        "actual performance. Do not use it for reporting or assessment.",
        "",
        "Cùng seed và quy mô cho ra đúng từng byte / The same seed and scale give the same",
        "bytes.",
        "",
        "| bảng / table | tệp / file | số dòng / rows |",
        "|---|---|---:|",
    ]
    lines += [f"| {name} | {file_of[name]} | {table.num_rows} |" for name, table in tables.items()]
    return "\n".join(lines) + "\n"
