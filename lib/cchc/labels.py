"""Vietnamese and English words for everything a user reads: statuses, levels, headings,
chart titles, banners.

One table of keys, each with both languages. Vietnamese strings are written in Unicode
NFC (precomposed letters), the form Vietnamese keyboards and fonts expect; a test keeps
it so. Measure, indicator and group names come from the catalogue; the short measure
names used on chart axes live here because they are presentation, not definition.

>>> label("status.target_achieved")
'Đã đạt mục tiêu'
>>> label("status.target_achieved", "en")
'Target achieved'
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from .catalogue import Catalogue, load_catalogue
from .errors import ParameterError

LANGS: tuple[str, ...] = ("vi", "en")

#: Shown for a number that does not exist (no data, not applicable, not computable).
MISSING = "—"

_LABELS: dict[str, tuple[str, str]] = {
    # statuses, in cchc.results.STATUS_ORDER
    "status.target_achieved": ("Đã đạt mục tiêu", "Target achieved"),
    "status.substantial_progress": (
        "Tiến bộ đáng kể (đúng hướng)",
        "Substantial progress (on track)",
    ),
    "status.moderate_progress": (
        "Tiến bộ vừa phải (cần tăng tốc)",
        "Moderate progress (acceleration needed)",
    ),
    "status.limited_progress": ("Tiến bộ hạn chế", "Limited progress"),
    "status.deterioration": ("Đi xuống", "Deterioration"),
    "status.not_available": (
        "Chưa đủ dữ liệu để đánh giá",
        "Insufficient data to assess",
    ),
    "status.no_data": ("Không có dữ liệu", "No data"),
    "status.not_applicable": ("Không áp dụng", "Not applicable"),
    # unit levels
    "level.province": ("Tỉnh", "Province"),
    "level.department": ("Sở, ban, ngành", "Provincial department"),
    "level.district": ("Cấp huyện", "District"),
    "level.commune": ("Cấp xã", "Commune"),
    # column headings
    "col.unit": ("Đơn vị", "Unit"),
    "col.unit_id": ("Mã đơn vị", "Unit id"),
    "col.level": ("Cấp", "Level"),
    "col.period": ("Kỳ", "Period"),
    "col.year": ("Năm", "Year"),
    "col.group": ("Nhóm", "Group"),
    "col.indicator": ("Chỉ tiêu", "Indicator"),
    "col.measure": ("Chỉ số", "Measure"),
    "col.measure_id": ("Mã", "Id"),
    "col.name": ("Tên", "Name"),
    "col.numerator": ("Tử số", "Numerator"),
    "col.denominator": ("Mẫu số", "Denominator"),
    "col.value": ("Giá trị (%)", "Value (%)"),
    "col.target": ("Mục tiêu năm (%)", "Target this year (%)"),
    "col.final_target": ("Mục tiêu 2025 (%)", "2025 target (%)"),
    "col.milestone": ("Mốc năm (%)", "Milestone this year (%)"),
    "col.gap": ("Còn thiếu (điểm %)", "Gap (points)"),
    "col.status": ("Tình trạng", "Status"),
    "col.trend": ("Xu hướng", "Trend"),
    "col.ratio": ("Tỷ số tiến độ", "Progress ratio"),
    "col.projection": ("Dự báo 2025 (%)", "Projection 2025 (%)"),
    "col.projection_meets": ("Dự báo đạt mục tiêu", "Projected to meet target"),
    "col.score": ("Điểm (−5…5)", "Score (−5…5)"),
    "col.count": ("Số chỉ số", "Measures"),
    "col.item": ("Nội dung", "Item"),
    "col.figure": ("Số liệu", "Figure"),
    "col.section": ("Phần", "Section"),
    "col.rank": ("Xếp hạng", "Rank"),
    "col.contacts": ("Số lần liên hệ", "Contacts"),
    "col.dossiers": ("Số hồ sơ", "Dossiers"),
    "col.total": ("Tổng số hồ sơ", "All dossiers"),
    "col.share": ("Tỷ lệ (%)", "Share (%)"),
    "col.index": ("Chỉ số", "Index"),
    "col.scope": ("Phạm vi", "Scope"),
    "col.published_value": ("Điểm công bố", "Published value"),
    "col.max": ("Điểm tối đa", "Maximum"),
    "col.pct_of_max": ("% điểm tối đa", "% of maximum"),
    "col.components": ("Thành phần", "Components"),
    "col.source": ("Nguồn", "Source"),
    "col.series": ("Đường", "Series"),
    # chart titles
    "title.status_summary": ("Số chỉ số theo tình trạng", "Measures by status"),
    "title.bullet": ("Giá trị so với mục tiêu", "Value against target"),
    "title.trend": ("Diễn biến và lộ trình mục tiêu", "Trend and target path"),
    "title.trends": ("Diễn biến các chỉ số", "Trends of the measures"),
    "title.ranking": ("Xếp hạng", "Ranking"),
    "title.heatmap": ("Tình trạng theo đơn vị và chỉ số", "Status by unit and measure"),
    "title.group_scores": ("Điểm theo nhóm nhiệm vụ", "Scores by group"),
    "title.contacts": (
        "Hồ sơ theo số lần người dân phải liên hệ",
        "Dossiers by number of contacts",
    ),
    "title.published_indices": (
        "Các chỉ số công bố của tỉnh Lào Cai",
        "Published indices for Lào Cai",
    ),
    # axis titles
    "axis.value_pct": ("Giá trị (%)", "Value (%)"),
    "axis.count": ("Số chỉ số", "Number of measures"),
    "axis.score": ("Điểm (−5 … 5)", "Score (−5 … 5)"),
    "axis.share_dossiers": ("Tỷ lệ hồ sơ (%)", "Share of dossiers (%)"),
    "axis.pct_of_max": ("% điểm tối đa", "% of maximum"),
    # series of the trend chart
    "series.actual": ("Thực hiện", "Actual"),
    "series.target_path": ("Lộ trình mục tiêu", "Target path"),
    "series.projection": ("Dự báo đến 2025", "Projection to 2025"),
    "series.final_target": ("Mục tiêu 2025", "2025 target"),
    # contacts categories
    "contacts.0": ("Không phải liên hệ lại", "No repeat contact"),
    "contacts.1": ("1 lần", "1 contact"),
    "contacts.2": ("2 lần", "2 contacts"),
    "contacts.3+": ("3 lần trở lên", "3 or more"),
    # interface
    "ui.synthetic_banner": (
        "Dữ liệu tổng hợp (giả lập) — không phải số liệu chính thức",
        "Synthetic data — not official figures",
    ),
    "ui.no_data": ("Không có dữ liệu", "No data"),
    "ui.overall": ("Chung", "Overall"),
    "ui.overall_score": ("Điểm chung", "Overall score"),
    "ui.group": ("Nhóm", "Group"),
    "ui.section_status": ("Số chỉ số theo tình trạng", "Measures by status"),
    "ui.section_scores": ("Điểm (−5 … 5)", "Scores (−5 … 5)"),
    "ui.applicable_measures": ("Chỉ số áp dụng", "Applicable measures"),
    "ui.headline": ("Tóm tắt", "Headline"),
    "ui.period": ("Kỳ báo cáo", "Reporting period"),
    "ui.unit": ("Đơn vị", "Unit"),
    "ui.this_unit": ("Đơn vị đang xem", "This unit"),
    "ui.other_units": ("Đơn vị khác", "Other units"),
    "ui.children": ("Các đơn vị trực thuộc", "Subordinate units"),
    "ui.no_children": (
        "Đơn vị này không có đơn vị trực thuộc.",
        "This unit has no subordinate units.",
    ),
    "ui.no_applicable": (
        "Không có chỉ số nào của nhóm này áp dụng cho đơn vị.",
        "No measure of this group applies to this unit.",
    ),
    "ui.error_title": (
        "Không thể hiển thị: dữ liệu hoặc tham số chưa hợp lệ",
        "Cannot show this: the data or parameters are not valid",
    ),
    "ui.published_indices_note": (
        "Số liệu đã được công bố, kèm nguồn; sổ theo dõi này không tính các chỉ số này.",
        "Figures as published, each with its source; this workbook does not compute them.",
    ),
    "ui.yes": ("Có", "Yes"),
    "ui.no": ("Không", "No"),
    "ui.period_quarter": ("Quý {q}/{y}", "{y} Q{q}"),
    "ui.period_year": ("Năm {y}", "Year {y}"),
}

#: Short measure names for chart axes (the catalogue's names are sentences).
_SHORT_NAMES: dict[str, tuple[str, str]] = {
    "I.1.a": ("Luân chuyển hồ sơ điện tử", "Electronic internal transfer"),
    "I.2.a": ("TTHC có thanh toán trực tuyến", "Procedures with online payment"),
    "I.2.b": ("Giao dịch thanh toán trực tuyến", "Payments made online"),
    "I.3.a": ("Số hóa kết quả TTHC", "Results digitised"),
    "I.4.a": ("TTHC cung cấp trực tuyến", "Procedures offered online"),
    "I.4.b": ("TTHC trên Cổng DVC quốc gia", "Procedures on national portal"),
    "I.4.c": ("Hồ sơ trực tuyến", "Dossiers processed online"),
    "I.5.a": ("Hài lòng về giải quyết TTHC", "Satisfaction: procedures"),
    "I.5.b": ("Hài lòng: đất đai, xây dựng, đầu tư", "Satisfaction: land, building, investment"),
    "I.6.a": ("Công khai TTHC nội bộ", "Internal procedures published"),
    "I.7.a": ("Không cung cấp lại giấy tờ", "No documents re-provided"),
    "II.1.a": ("Sắp xếp đơn vị hành chính", "Administrative units merged"),
    "II.2.a": ("Giảm đơn vị sự nghiệp", "Fewer public service units"),
    "II.2.b": ("Giảm biên chế sự nghiệp", "Fewer budget-paid staff"),
    "II.3.a": ("Hài lòng: cơ quan hành chính", "Satisfaction: administration"),
    "II.3.b": ("Hài lòng: y tế, giáo dục", "Satisfaction: health, education"),
    "III.1.a": ("ĐVSN tự chủ chi thường xuyên", "Units self-financing spending"),
    "III.1.b": ("ĐVSN hoàn thành chuyển đổi", "Eligible units converted"),
    "IV.1.a": ("Kết nối Cổng DVC quốc gia", "Connected to national portal"),
    "IV.2.a": ("Định danh điện tử hợp nhất", "Unified e-identification"),
    "IV.3.a": ("Kết nối trục liên thông", "Systems on national data axis"),
    "IV.4.a": ("Kết nối hệ thống báo cáo QG", "Connected to national reporting"),
    "IV.5.a": ("Họp qua hệ thống họp", "Meetings via meeting system"),
    "IV.6.a": ("Hồ sơ công việc trên mạng", "Work records processed online"),
    "IV.7.a": ("Kiểm tra qua môi trường số", "Inspections via digital systems"),
    "IV.8.a": ("Theo dõi nhiệm vụ", "Task tracking subsystem"),
}

#: Longest fallback short name (a measure added to the catalogue without a short name).
_SHORT_WIDTH = 36


def check_lang(lang: str) -> int:
    """The position of ``lang`` in :data:`LANGS`; a ParameterError for anything else.

    >>> check_lang("en")
    1
    """
    if lang not in LANGS:
        raise ParameterError.one("lang", f"expected one of {', '.join(LANGS)}", lang)
    return LANGS.index(lang)


def label_keys() -> tuple[str, ...]:
    """Every key :func:`label` knows, sorted."""
    return tuple(sorted(_LABELS))


def label(key: str, lang: str = "vi") -> str:
    """The text for ``key`` in ``lang`` (``"vi"`` or ``"en"``).

    Raises a ParameterError naming ``lang`` for an unknown language and naming ``key``
    for an unknown key (never a bare KeyError).

    >>> label("col.gap", "en")
    'Gap (points)'
    """
    position = check_lang(lang)
    try:
        return _LABELS[key][position]
    except KeyError:
        raise ParameterError.one("key", "unknown label key", key) from None


def status_label(status: str, lang: str = "vi") -> str:
    """The words for a progress status (see ``cchc.results.STATUS_ORDER``).

    >>> status_label("deterioration")
    'Đi xuống'
    """
    check_lang(lang)
    if f"status.{status}" not in _LABELS:
        raise ParameterError.one("status", "unknown progress status", status)
    return label(f"status.{status}", lang)


def level_label(level: str, lang: str = "vi") -> str:
    """The words for a unit level (province, department, district, commune)."""
    check_lang(lang)
    if f"level.{level}" not in _LABELS:
        raise ParameterError.one("level", "unknown unit level", level)
    return label(f"level.{level}", lang)


def contacts_label(contacts: str, lang: str = "vi") -> str:
    """The words for a number-of-contacts class (``"0"``, ``"1"``, ``"2"``, ``"3+"``)."""
    check_lang(lang)
    if f"contacts.{contacts}" not in _LABELS:
        raise ParameterError.one("contacts", "expected 0, 1, 2 or 3+", contacts)
    return label(f"contacts.{contacts}", lang)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The project's catalogue, read once per process (for names only)."""
    return load_catalogue()


def _name(record, lang: str) -> str:
    return record.name_vi if lang == "vi" else record.name_en


def measure_name(catalogue: Catalogue | None, measure_id: str, lang: str = "vi") -> str:
    """The catalogue's full name of a measure (``catalogue=None``: the project's).

    >>> measure_name(None, "I.4.c", "en")
    'Dossiers submitted and processed online'
    """
    check_lang(lang)
    catalogue = catalogue or default_catalogue()
    return _name(catalogue.measure(measure_id), lang)


def indicator_name(catalogue: Catalogue | None, indicator_id: str, lang: str = "vi") -> str:
    """The catalogue's name of an indicator (``I.1`` … ``IV.8``)."""
    check_lang(lang)
    catalogue = catalogue or default_catalogue()
    for indicator in catalogue.indicators:
        if indicator.id == indicator_id:
            return _name(indicator, lang)
    raise ParameterError.one("indicator", "unknown indicator id", indicator_id)


def group_name(catalogue: Catalogue | None, group_id: str, lang: str = "vi") -> str:
    """The catalogue's name of a group (``I`` … ``IV``).

    >>> group_name(None, "III")
    'Cải cách tài chính công'
    """
    check_lang(lang)
    catalogue = catalogue or default_catalogue()
    for group in catalogue.groups:
        if group.id == group_id:
            return _name(group, lang)
    raise ParameterError.one("group", "unknown group id", group_id)


def short_measure_name(
    measure_id: str, lang: str = "vi", catalogue: Catalogue | None = None
) -> str:
    """A name short enough for a chart axis.

    A measure without a curated short name gets the catalogue's name, cut at a word
    boundary.

    >>> short_measure_name("I.4.c")
    'Hồ sơ trực tuyến'
    """
    position = check_lang(lang)
    if measure_id in _SHORT_NAMES:
        return _SHORT_NAMES[measure_id][position]
    full = measure_name(catalogue, measure_id, lang)
    if len(full) <= _SHORT_WIDTH:
        return full
    return full[:_SHORT_WIDTH].rsplit(" ", 1)[0] + "…"


def measure_label(measure_id: str, lang: str = "vi", catalogue: Catalogue | None = None) -> str:
    """``"I.4.c — Hồ sơ trực tuyến"``: the id and the short name, as chart axes show them.

    >>> measure_label("I.4.c", "en")
    'I.4.c — Dossiers processed online'
    """
    return f"{measure_id} — {short_measure_name(measure_id, lang, catalogue)}"


def measure_sort_key(measure_id: str) -> tuple:
    """Catalogue order for ids like ``IV.8.a`` (Roman group, indicator number, letter).

    >>> sorted(["IV.1.a", "I.10.a", "II.1.a", "I.2.a"], key=measure_sort_key)
    ['I.2.a', 'I.10.a', 'II.1.a', 'IV.1.a']
    """
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
    parts = str(measure_id).split(".")
    key: list[tuple[int, int | str]] = []
    for i, part in enumerate(parts):
        if i == 0 and part in roman:
            key.append((0, roman[part]))
        elif part.isdigit():
            key.append((0, int(part)))
        else:
            key.append((1, part))
    return tuple(key)


def number_or_none(value: object) -> float | None:
    """A finite float, or None for None, NaN, ``pd.NA``, infinity or a non-number.

    >>> number_or_none("82.5"), number_or_none(float("nan")), number_or_none(None)
    (82.5, None, None)
    """
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def format_number(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """A number as the language writes it (vi: ``1.234,5``; en: ``1,234.5``), rounded half
    up to ``decimals``; NaN → "—".

    >>> format_number(1234.56, "vi"), format_number(1234.56, "en"), format_number(None)
    ('1.234,6', '1,234.6', '—')
    """
    check_lang(lang)
    number = number_or_none(value)
    if number is None:
        return MISSING
    # Half up on the shortest decimal form (82.85 → 82.9, as a reader rounds it), not on
    # the binary float (82.8499…); + 0 turns −0.0 into 0.0.
    rounded = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP) + 0
    text = f"{rounded:,.{decimals}f}"
    if text.startswith("-"):
        text = "−" + text[1:]  # a true minus sign: a hyphen is easily lost in a table
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def period_label(period: str, lang: str = "vi") -> str:
    """A period as people write it: ``"Quý 3/2024"`` / ``"2024 Q3"``, ``"Năm 2024"``.

    >>> period_label("2024Q3", "en"), period_label("2024", "vi")
    ('2024 Q3', 'Năm 2024')
    """
    from .periods import Period

    p = Period.parse(period)
    if p.quarter:
        return label("ui.period_quarter", lang).format(q=p.quarter, y=p.year)
    return label("ui.period_year", lang).format(y=p.year)
