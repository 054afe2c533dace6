"""The procedures catalogue per unit and year (I.2.a, I.4.a–b, I.6.a)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.sample.draws import _top
from cchc.sample.plan import _STEERING, ABSENT, LAST, LATE, _Plan
from cchc.sample.settings import YEARS

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
            liked = unit.fields
            weight = np.where(pool.loc[candidates, "field"].isin(liked), 8.0, 1.0)
            low, high = {"department": (20, 46), "district": (25, 41), "commune": (10, 21)}[
                unit.level
            ]
            if unit.service_center:
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
        for y in np.flatnonzero(plan.exists[i]):  # the years the unit exists
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
