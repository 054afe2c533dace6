"""Labels: statuses, unit levels, column headings, chart titles and axes, the interface.

Measure, indicator and group names come from the catalogue (``params/catalogue.yaml``);
the short measure names used on chart axes are here because they are presentation, not
definition.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # statuses, in cchc.spec.statuses.STATUS_ORDER
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
    # which values a status rests on (summary.csv status_basis; docs/meaning.md)
    "basis.trend_to_period": (
        "Xu hướng từ năm gốc đến kỳ này",
        "Trend from the base year to this period",
    ),
    "basis.single_year": (
        "Một năm số liệu: đạt mục tiêu nếu năm đó đã đạt",
        "One year of data: target achieved if that year already meets it",
    ),
    "basis.trend_no_period_value": (
        "Xu hướng các năm trước, kỳ này không có số liệu",
        "Trend of earlier values; no value for this period",
    ),
    "basis.none": ("Không đánh giá", "Not assessed"),
    # this period's value against this year's target (summary.csv met)
    "met.true": ("Đạt", "Met"),
    "met.false": ("Chưa đạt", "Not met"),
    "met.none": ("Không xác định", "Not known"),
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
    "col.criterion": ("Tiêu chí", "Criterion"),
    "col.rate": ("Tỷ lệ (%)", "Rate (%)"),
    "col.points": ("Điểm", "Points"),
    "col.lost": ("Điểm bị mất", "Points lost"),
    "col.need": ("Để đạt điểm tối đa", "For full points"),
    "col.total_points": ("Tổng điểm", "Total"),
    "col.computed": ("Tính từ dữ liệu", "Computed"),
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
    "title.index_groups": ("Điểm theo nhóm tiêu chí", "Points by group"),
    "title.index_losses": ("Điểm bị mất, nhiều nhất trước", "Points lost, largest first"),
    "title.index_trend": ("Điểm theo tháng", "Points by month"),
    "title.index_ranking": ("Xếp hạng các đơn vị cùng cấp", "Ranking of the units of this level"),
    "title.index_published": (
        "Chỉ số đã công bố và chỉ số tính từ dữ liệu",
        "Published and computed index",
    ),
    # axis titles
    "axis.value_pct": ("Giá trị (%)", "Value (%)"),
    "axis.count": ("Số chỉ số", "Number of measures"),
    "axis.score": ("Điểm (−5 … 5)", "Score (−5 … 5)"),
    "axis.share_dossiers": ("Tỷ lệ hồ sơ (%)", "Share of dossiers (%)"),
    "axis.pct_of_max": ("% điểm tối đa", "% of maximum"),
    "axis.points": ("Điểm", "Points"),
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
    # the task register: states (cchc.spec.tasks.TASK_STATES), headings, words
    "task.overdue": ("Quá hạn", "Overdue"),
    "task.due_soon": ("Sắp đến hạn", "Due soon"),
    "task.pending": ("Đang thực hiện", "Pending"),
    "task.done_late": ("Hoàn thành trễ hạn", "Done late"),
    "task.done_on_time": ("Hoàn thành đúng hạn", "Done on time"),
    "col.task_id": ("Mã nhiệm vụ", "Task id"),
    "col.task": ("Nhiệm vụ", "Task"),
    "col.lead_unit": ("Đơn vị chủ trì", "Lead unit"),
    "col.source_document": ("Văn bản giao", "Assigned by"),
    "col.assigned_on": ("Ngày giao", "Assigned"),
    "col.due_on": ("Hạn hoàn thành", "Due"),
    "col.done_on": ("Ngày hoàn thành", "Done"),
    "col.task_state": ("Tình trạng", "State"),
    "col.days_late": ("Số ngày trễ", "Days late"),
    "col.tasks": ("Tổng số nhiệm vụ", "Tasks"),
    "col.on_time_share": ("Đúng hạn, nhiệm vụ đến hạn trong kỳ (%)", "On time, tasks due in the period (%)"),
    "title.tasks": ("Nhiệm vụ được giao", "Assigned tasks"),
    "title.task_units": ("Nhiệm vụ theo đơn vị", "Tasks by unit"),
    "axis.tasks": ("Số nhiệm vụ", "Number of tasks"),
    "ui.date": ("{d:02d}/{m:02d}/{y}", "{y}-{m:02d}-{d:02d}"),
    "ui.tasks_summary": (
        "Đến ngày {date}: {overdue} nhiệm vụ quá hạn, {due_soon} sắp đến hạn (trong {days} ngày tới), {pending} đang thực hiện, {done_late} hoàn thành trễ hạn, {done_on_time} hoàn thành đúng hạn.",
        "As of {date}: {overdue} tasks overdue, {due_soon} due within {days} days, {pending} pending, {done_late} done late, {done_on_time} done on time.",
    ),
    "ui.tasks_listed": (
        "Nhiệm vụ đơn vị chủ trì (kể cả nhiệm vụ của đơn vị đã sáp nhập vào đơn vị này): việc chưa xong và việc hoàn thành trong kỳ; quá hạn lên trước, lâu nhất trước.",
        "Tasks this unit leads (those of units it took over included): open ones and those completed in the period; overdue first, oldest first.",
    ),
    "ui.no_tasks": ("Không có nhiệm vụ nào cần hiển thị cho đơn vị này.", "No task to show for this unit."),
    "ui.no_task_register": ("Thư mục dữ liệu không có sổ nhiệm vụ (tasks).", "The data folder has no task register (tasks)."),
    "ui.task_units_note": (
        "Mỗi đơn vị tính cả nhiệm vụ của các đơn vị trực thuộc và của đơn vị đã sáp nhập vào nó; nhiều việc quá hạn nhất lên trước.",
        "Each unit counts the tasks of the units under it and of those it took over; most overdue first.",
    ),
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
    # units that end and units that take over (docs/reorganisation_2025.md)
    "ui.merged_into": (
        "Đơn vị đã kết thúc ngày {end}; từ ngày {day} do {unit} kế thừa (số liệu của đơn vị "
        "được tính vào {unit}).",
        "This unit ended on {end}; from {day} {unit} took it over (its figures count for "
        "{unit}).",
    ),
    "ui.ended": (
        "Đơn vị đã kết thúc ngày {end}, không có đơn vị kế thừa.",
        "This unit ended on {end}, with no successor.",
    ),
    "ui.formed_from": (
        "Đơn vị hình thành ngày {day} từ: {units}. Số liệu các năm trước là tổng số liệu của "
        "các đơn vị này (tổng tử số trên tổng mẫu số).",
        "This unit was formed on {day} from {units}. Its figures for earlier years are "
        "those units' together (sums of numerators over sums of denominators).",
    ),
    "ui.provinces_in_force": (
        "Trong kỳ này có {n} tỉnh; tổng quan trình bày các tỉnh cạnh nhau.",
        "{n} provinces existed in this period; the overview shows them side by side.",
    ),
    "ui.after_programme": (
        "Chương trình {programme} đã kết thúc năm {year}; năm {this} chưa có mục tiêu riêng: "
        "số liệu được so sánh với mục tiêu cuối cùng còn hiệu lực (năm {year}).",
        "The {programme} programme ended in {year}; {this} has no target of its own: "
        "figures are compared with the last target in force ({year}).",
    ),
    "ui.final_report": (
        "Đánh giá kết thúc chương trình {programme}: kết quả năm {year} so với mục tiêu "
        "năm {year}, với chuỗi số liệu từ năm {base}.",
        "Closing assessment of the {programme} programme: {year} results against the "
        "{year} targets, with the series from {base}.",
    ),
    "ui.achieved": ("Đạt", "Achieved"),
    "ui.not_achieved": ("Chưa đạt", "Not achieved"),
    "title.indicators": (
        "Kết quả {n} chỉ tiêu của tỉnh",
        "The province's result for each of the {n} indicators",
    ),
    "col.result": ("Kết quả", "Result"),
    "col.measures_achieved": ("Chỉ số đạt / áp dụng", "Measures achieved / applicable"),
    "ui.period_month": ("Tháng {m}/{y}", "{y}-{m:0>2}"),
    # weighted indices (params/indices/)
    "index.as_of": ("Dữ liệu đến ngày {date}", "Records up to {date}"),
    "index.total": ("Tổng", "Total"),
    "index.no_data": ("không có dữ liệu", "no data"),
    "index.not_scored": (
        "Bộ chỉ số này không chấm điểm đơn vị này trong kỳ.",
        "This index does not score this unit in this period.",
    ),
    "index.missing_criteria": (
        "Không có dữ liệu cho các tiêu chí (tổng điểm chỉ tính các tiêu chí có dữ liệu): {names}",
        "No data for these criteria (totals count only the criteria with data): {names}",
    ),
    "index.need_rate": ("cần ≥ {rate} % (thêm {n} {noun})", "needs ≥ {rate} % ({n} more {noun})"),
    "index.need_nothing": ("không có gì để tính nên 0 điểm", "nothing to count, so 0 points"),
    "index.nothing_lost": ("Đơn vị đạt điểm tối đa ở mọi tiêu chí có dữ liệu.",
                           "Full points on every criterion with data."),
    "index.noun.dossiers": ("hồ sơ", "dossiers"),
    "index.noun.procedures": ("thủ tục", "procedures"),
    "index.noun.complaints": ("phản ánh", "complaints"),
    "index.noun.units": ("xã", "communes"),
    "index.noun.records": ("bản ghi", "records"),
    "index.published_note": (
        "Điểm đã công bố (kèm nguồn); cột \"Tính từ dữ liệu\" là điểm của đơn vị gốc tính từ "
        "thư mục dữ liệu này cho cùng tháng.",
        "Figures as published, each with its source; \"Computed\" is the root unit's score "
        "computed from this data folder for the same month.",
    ),
    # short measure names for chart axes (the catalogue's names are sentences)
    "short.I.1.a": ("Luân chuyển hồ sơ điện tử", "Electronic internal transfer"),
    "short.I.2.a": ("TTHC có thanh toán trực tuyến", "Procedures with online payment"),
    "short.I.2.b": ("Giao dịch thanh toán trực tuyến", "Payments made online"),
    "short.I.3.a": ("Số hóa kết quả TTHC", "Results digitised"),
    "short.I.4.a": ("TTHC cung cấp trực tuyến", "Procedures offered online"),
    "short.I.4.b": ("TTHC trên Cổng DVC quốc gia", "Procedures on national portal"),
    "short.I.4.c": ("Hồ sơ trực tuyến", "Dossiers processed online"),
    "short.I.5.a": ("Hài lòng về giải quyết TTHC", "Satisfaction: procedures"),
    "short.I.5.b": ("Hài lòng: đất đai, xây dựng, đầu tư", "Satisfaction: land, building, investment"),
    "short.I.6.a": ("Công khai TTHC nội bộ", "Internal procedures published"),
    "short.I.7.a": ("Không cung cấp lại giấy tờ", "No documents re-provided"),
    "short.II.1.a": ("Sắp xếp đơn vị hành chính", "Administrative units merged"),
    "short.II.2.a": ("ĐVSN so với 2021 (=100)", "Service units vs 2021 (=100)"),
    "short.II.2.b": ("Biên chế SN so với 2021 (=100)", "Budget-paid staff vs 2021 (=100)"),
    "short.II.3.a": ("Hài lòng: cơ quan hành chính", "Satisfaction: administration"),
    "short.II.3.b": ("Hài lòng: y tế, giáo dục", "Satisfaction: health, education"),
    "short.III.1.a": ("ĐVSN tự chủ chi thường xuyên", "Units self-financing spending"),
    "short.III.1.b": ("ĐVSN hoàn thành chuyển đổi", "Eligible units converted"),
    "short.IV.1.a": ("Kết nối Cổng DVC quốc gia", "Connected to national portal"),
    "short.IV.2.a": ("Định danh điện tử hợp nhất", "Unified e-identification"),
    "short.IV.3.a": ("Kết nối trục liên thông", "Systems on national data axis"),
    "short.IV.4.a": ("Kết nối hệ thống báo cáo QG", "Connected to national reporting"),
    "short.IV.5.a": ("Họp qua hệ thống họp", "Meetings via meeting system"),
    "short.IV.6.a": ("Hồ sơ công việc trên mạng", "Work records processed online"),
    "short.IV.7.a": ("Kiểm tra qua môi trường số", "Inspections via digital systems"),
    "short.IV.8.a": ("Theo dõi nhiệm vụ", "Task tracking subsystem"),
    # small words
    "word.or": ("hoặc", "or"),
}
