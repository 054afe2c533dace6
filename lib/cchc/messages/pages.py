"""Texts of the pages' structure: titles, the table of contents, links between the pages
of a run, the headline cards, the glossary and the quarterly pack."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # <title> of the exported pages
    "page.title_unit": ("{unit} — {period} · Sổ theo dõi CCHC", "{unit} — {period} · Reform workbook"),
    "page.title_overview": ("Tổng quan {unit} — {period} · CCHC", "Overview {unit} — {period} · CCHC"),
    # navigation
    "page.contents": ("Mục lục", "Contents"),
    "page.nav": ("Liên kết", "Links"),
    "page.overview_link": ("Tổng quan tỉnh", "Province overview"),
    "page.up": ("Đơn vị cấp trên", "Parent unit"),
    "page.down": ("Đơn vị trực thuộc", "Subordinate units"),
    "page.units": ("Sổ theo dõi từng đơn vị", "Every unit's workbook"),
    "page.units_note": (
        "Mỗi tên dẫn tới sổ theo dõi của đơn vị trong cùng kỳ; tên không có liên kết là đơn vị "
        "không được chạy trong lần này.",
        "Each name leads to the unit's workbook for the same period; a name without a link "
        "is a unit this run did not write.",
    ),
    "page.col_parent": ("Đơn vị cấp trên", "Parent unit"),
    "page.col_children": ("Đơn vị trực thuộc", "Subordinate units"),
    "page.section_index": ("Chỉ số phục vụ", "Service index"),
    # the two marks of a measure (point 1): this period, and the trend
    "mark.period": ("Kỳ này", "This period"),
    "mark.trend": ("Xu hướng {base} → nay", "Trend {base} → now"),
    "mark.no_period_value": ("kỳ này chưa có số liệu", "no value this period"),
    # the headline cards
    "card.title": ("Nhìn nhanh", "At a glance"),
    "card.met": ("chỉ số đạt mục tiêu kỳ này", "measures meeting their target this period"),
    "card.met_of": ("trên {n} chỉ số có giá trị", "of {n} with a value this period"),
    "card.on_track": ("chỉ số đúng hướng tới mục tiêu 2025", "measures on track for 2025"),
    "card.on_track_of": (
        "trên {n} chỉ số đã đánh giá được xu hướng (đã đạt hoặc tiến bộ đáng kể)",
        "of {n} with a trend (target achieved or substantial progress)",
    ),
    "card.changed": ("thay đổi so với {period}", "changes since {period}"),
    "card.changed_figure": ("+{gained} / −{lost}", "+{gained} / −{lost}"),
    "card.changed_note": (
        "{gained} chỉ số mới đạt, {lost} chỉ số không còn đạt; {better} chỉ số cải thiện, {worse} chỉ số kém đi",
        "{gained} newly met, {lost} no longer met; {better} improved, {worse} worse",
    ),
    "card.no_previous": ("chưa có kỳ trước để so sánh", "no previous period to compare with"),
    "card.new_unit": ("đơn vị mới từ {date}", "a new unit since {date}"),
    "card.new_unit_note": ("kỳ trước thuộc các đơn vị trước nó", "the previous period is its "
                           "predecessors'"),
    "card.overdue": ("nhiệm vụ quá hạn", "tasks overdue"),
    "card.overdue_note": ("đến ngày {date}", "as of {date}"),
    # what each chart shows, one sentence (its alt text after the title)
    "desc.no_data": ("Không có gì để vẽ cho đơn vị và kỳ này.", "There is nothing to draw for this unit and period."),
    "desc.status_summary": (
        "Mỗi thanh đếm số chỉ số áp dụng ở một tình trạng tiến độ.",
        "Each bar counts the applicable measures in one progress status.",
    ),
    "desc.bullet": (
        "Mỗi chỉ số: giá trị kỳ này (thanh), mục tiêu năm (vạch) và mục tiêu 2025; màu thanh là tình trạng của chỉ số.",
        "Each measure: this period's value (bar), this year's target (tick) and the 2025 target; the bar's colour is the measure's status.",
    ),
    "desc.trend": (
        "Giá trị hằng năm của chỉ số từ năm gốc (đường liền), lộ trình tới mục tiêu 2025 (chấm) và dự báo (nét đứt).",
        "The measure's annual values since the base year (solid), the path to the 2025 target (dotted) and the projection (dashed).",
    ),
    "desc.ranking": (
        "Các đơn vị xếp theo điểm hoặc giá trị, đơn vị đang xem được tô đậm.",
        "Units ranked by score or value, the unit on the page highlighted.",
    ),
    "desc.heatmap": (
        "Mỗi hàng một đơn vị, mỗi cột một chỉ số; màu ô là tình trạng, số trong ô là giá trị; dấu * là giá trị dựa trên dưới {n} bản ghi.",
        "One row per unit, one column per measure; a cell's colour is the status, its number the value; * marks a value resting on fewer than {n} records.",
    ),
    "desc.group_scores": (
        "Điểm chung và điểm từng nhóm (−5 … 5) của mỗi đơn vị, màu theo tình trạng mà điểm thể hiện.",
        "Each unit's overall and group scores (−5 … 5), coloured like the status the score implies.",
    ),
    "desc.contacts": (
        "Tỷ lệ hồ sơ theo số lần người dân phải liên hệ lại.",
        "The share of dossiers by how many times the applicant had to come back.",
    ),
    "desc.published_indices": (
        "Các chỉ số đã công bố theo % điểm tối đa trên trục thời gian; đường chỉ nối các năm liền nhau, mỗi điểm ghi thứ hạng.",
        "The published indices as % of their maximum on a time axis; a line joins consecutive years only, each point labelled with its rank.",
    ),
    "desc.task_states": (
        "Nhiệm vụ của từng đơn vị theo tình trạng, đơn vị quá hạn nhiều nhất lên trước.",
        "Each unit's tasks by state, the most overdue first.",
    ),
    "desc.index_groups": (
        "Điểm của đơn vị ở từng nhóm tiêu chí so với điểm tối đa của nhóm.",
        "The unit's points in each group of criteria against the group's maximum.",
    ),
    "desc.index_losses": (
        "Các tiêu chí đơn vị bị mất điểm, mất nhiều nhất lên trước.",
        "The criteria where the unit loses points, the largest loss first.",
    ),
    "desc.index_trend": (
        "Điểm của đơn vị theo tháng, xếp chồng theo nhóm, tổng điểm là đường.",
        "The unit's points by month, stacked by group, the total as a line.",
    ),
    "col.counts": ("Tử số / mẫu số", "Numerator / denominator"),
    "chart.few_records": ("* ít hơn {n} bản ghi", "* fewer than {n} records"),
    # the glossary at the end of every page
    "gloss.title": ("Giải thích các tình trạng và điểm", "What the statuses and scores mean"),
    "gloss.intro": (
        "Tình trạng là xu hướng của các giá trị hằng năm từ năm gốc đến năm của kỳ (một quý "
        "tính lũy kế từ đầu năm), theo phương pháp của Cơ quan Thống kê Canada mà Open SDG "
        "áp dụng: tỷ số tiến độ R so tốc độ thay đổi thực tế với tốc độ cần có để đạt mục tiêu 2025.",
        "A status is the trend of the annual values from the base year to the period's year "
        "(a quarter counts its year to date), by Statistics Canada's method as Open SDG "
        "applies it: the progress ratio R compares the actual rate of change with the rate "
        "the 2025 target needs.",
    ),
    "gloss.target_achieved": ("giá trị mới nhất đã đạt mục tiêu.", "the latest value meets the target."),
    "gloss.substantial_progress": ("R ≥ 0,95: đúng hướng để đạt mục tiêu 2025.", "R ≥ 0.95: on track for the 2025 target."),
    "gloss.moderate_progress": ("0,6 ≤ R < 0,95: cần tăng tốc.", "0.6 ≤ R < 0.95: acceleration needed."),
    "gloss.limited_progress": ("0 ≤ R < 0,6: tiến bộ quá chậm.", "0 ≤ R < 0.6: far too slow."),
    "gloss.deterioration": ("R < 0: đi ngược hướng mục tiêu.", "R < 0: moving away from the target."),
    "gloss.not_available": ("có dưới hai năm số liệu, chưa tính được xu hướng.", "fewer than two years of values: no trend yet."),
    "gloss.no_data": ("không có bản ghi nào cho kỳ này.", "no records for the period."),
    "gloss.not_applicable": ("chỉ số không áp dụng cho cấp đơn vị này.", "the measure does not apply at this level."),
    "gloss.score": (
        "Điểm (−5 … 5): R quy ra thang −5 … 5 (R ≤ −0,6 → −5; R = 0 → −2,5; R = 0,6 → 0; "
        "R = 0,95 → 2,5; R ≥ 1,3 hoặc đã đạt → 5). Điểm chỉ tiêu và điểm nhóm là trung bình "
        "điểm các thành phần; một chỉ tiêu chỉ đạt khi mọi chỉ số của nó đạt.",
        "Score (−5 … 5): R mapped onto −5 … 5 (R ≤ −0.6 → −5; R = 0 → −2.5; R = 0.6 → 0; "
        "R = 0.95 → 2.5; R ≥ 1.3 or achieved → 5). Indicator and group scores are means of "
        "their parts' scores; an indicator is achieved only if every measure is.",
    ),
    "gloss.few_records": (
        "Dấu * sau một giá trị: giá trị dựa trên dưới {n} bản ghi (mẫu số), nên thận trọng khi so sánh.",
        "A * after a value: it rests on fewer than {n} records (its denominator); compare with care.",
    ),
    # the quarterly pack
    "problem.no_chromium": (
        "không tìm thấy trình duyệt chromium để in PDF; cài bằng 'apt-get install chromium' "
        "hoặc đặt CCHC_CHROMIUM",
        "no chromium browser to print the PDFs with; install it with 'apt-get install "
        "chromium' or set CCHC_CHROMIUM",
    ),
    "cli.run.pdf": (
        "in thêm overview.pdf và workbook.pdf của từng đơn vị (A4, bằng chromium)",
        "also print overview.pdf and each unit's workbook.pdf (A4, through chromium)",
    ),
}
