"""What can be wrong with an input, and where: the texts of :class:`cchc.errors.Problem`.

Keys ``problem.<code>``; a problem's parameters fill the placeholders. ``where.*`` say
where a problem is, ``note.*`` are remarks that are not problems, ``filekind.*`` and
``encoding.*`` are words a problem names.
"""

from __future__ import annotations

_CONVERT_LEGACY_VI = (
    "Hãy chuyển sang Unicode: trong Unikey dùng 'Công cụ chuyển mã' (nguồn TCVN3/VNI/"
    "Windows-1258, đích Unicode), hoặc trong Excel chọn 'Save As' > 'CSV UTF-8' / "
    "'Unicode Text'"
)
_CONVERT_LEGACY_EN = (
    "Convert it to Unicode: in Unikey use 'Công cụ chuyển mã' (source TCVN3/VNI/"
    "Windows-1258, target Unicode), or in Excel 'Save As' > 'CSV UTF-8' / 'Unicode Text'"
)

TEXTS: dict[str, tuple[str, str]] = {
    # where a problem is
    "where.parameter": ("tham số {name}", "parameter {name}"),
    "where.row": ("dòng {row}", "row {row}"),
    "where.column": ("cột '{column}'", "column '{column}'"),
    # the header as the clerk's file has it, and its column letter as Excel shows it
    "where.column_letter": ("cột '{column}' ({letter})", "column '{column}' ({letter})"),
    "where.column_header": (
        "cột '{header}' ({letter}, {column})",
        "column '{column}' ({letter}, '{header}')",
    ),
    "where.value": ("(giá trị: {value})", "(value: {value})"),
    "where.more_rows": ("còn {n} dòng khác tương tự", "{n} more rows like this"),
    # kinds of files and legacy encodings, as problems name them
    "filekind.parquet": ("Parquet", "Parquet"),
    "filekind.xlsx": ("Excel (.xlsx) hoặc một tệp nén zip khác", "Excel (.xlsx) or another zip"),
    "filekind.xls": ("Excel 97-2003 (.xls)", "Excel 97-2003 (.xls)"),
    "filekind.pdf": ("PDF", "PDF"),
    "filekind.text": ("văn bản (CSV?)", "text (CSV?)"),
    "encoding.unknown": ("bảng mã không xác định", "unknown encoding"),
    "encoding.windows1258": ("có vẻ là bảng mã Windows-1258", "looks like Windows-1258"),
    "encoding.vni": ("có vẻ là bảng mã VNI", "looks like VNI"),
    "encoding.tcvn3": ("có vẻ là bảng mã TCVN3 (ABC)", "looks like TCVN3 (ABC)"),
    # unit levels as a problem names them
    "levelword.province": ("tỉnh", "province"),
    "levelword.department": ("sở, ngành", "department"),
    "levelword.district": ("huyện", "district"),
    "levelword.commune": ("xã", "commune"),
    # files and folders
    "problem.no_data_folder": ("không có thư mục dữ liệu này", "no such data folder"),
    "problem.units_missing": (
        "thiếu: thư mục dữ liệu cần có units.csv (hoặc .parquet, .xlsx)",
        "missing: a data folder needs units.csv (or .parquet, .xlsx)",
    ),
    "problem.table_twice": (
        "bảng được gửi hai lần ({files}); chỉ giữ lại một tệp",
        "the table is given twice ({files}); keep one file",
    ),
    "problem.cannot_read": ("không đọc được: {reason}", "cannot read: {reason}"),
    "problem.cannot_write": ("không ghi được: {reason}", "cannot write: {reason}"),
    "problem.os_error": (
        "hệ điều hành từ chối: {reason}",
        "the system refused: {reason}",
    ),
    "problem.partition_empty": (
        "thư mục của bảng phân vùng không có tệp Parquet nào (cần dạng "
        "province=15/year=2025/part-0.parquet)",
        "the partitioned table's folder holds no Parquet file (expected like "
        "province=15/year=2025/part-0.parquet)",
    ),
    "problem.partition_not_parquet": (
        "trong thư mục của bảng phân vùng chỉ được có tệp .parquet: hãy chuyển tệp này đi "
        "hoặc lưu lại dưới dạng Parquet",
        "a partitioned table's folder may hold .parquet files only: move this file away or "
        "save it as Parquet",
    ),
    "problem.partition_folder_name": (
        "thư mục con {folder} không có dạng khóa=giá trị (như year=2025): hãy đổi tên hoặc "
        "chuyển nó ra khỏi thư mục của bảng",
        "the subfolder {folder} is not named key=value (like year=2025): rename it or move "
        "it out of the table's folder",
    ),
    "problem.partition_schema": (
        "các cột (tên hoặc kiểu) khác với tệp đầu tiên của bảng ({first}): mọi tệp của một "
        "bảng phân vùng phải cùng cấu trúc",
        "the columns (names or types) differ from the table's first file ({first}): every "
        "file of a partitioned table must have the same schema",
    ),
    "problem.is_a_folder": (
        "đây là một thư mục, không phải tệp bảng",
        "this is a folder, not a table file",
    ),
    "problem.link_loop": (
        "liên kết (symlink) trỏ vòng về chính nó, không dẫn tới tệp nào",
        "a symbolic link that loops back on itself and leads to no file",
    ),
    "problem.link_dangling": (
        "liên kết (symlink) trỏ tới {target}, nơi không có tệp nào",
        "a symbolic link to {target}, where there is no file",
    ),
    "problem.not_a_regular_file": (
        "không phải một tệp thường (thiết bị, ống dẫn…)",
        "not a regular file (a device, a pipe…)",
    ),
    "problem.cr_line_ends": (
        "các dòng kết thúc bằng ký tự CR (kiểu Mac cũ): hãy lưu lại dưới dạng CSV UTF-8",
        "lines end with a carriage return only (old Mac format): save it again as CSV UTF-8",
    ),
    "problem.old_xls": (
        "tệp Excel 97-2003 (.xls); hãy mở bằng Excel và chọn 'Save As' (Lưu thành) "
        "'Excel Workbook (.xlsx)'",
        "an Excel 97-2003 workbook (.xls); open it in Excel and 'Save As' "
        "'Excel Workbook (.xlsx)'",
    ),
    "problem.xlsm": (
        "tệp Excel có macro (.xlsm); hãy 'Save As' (Lưu thành) .xlsx",
        "a macro workbook (.xlsm); 'Save As' .xlsx",
    ),
    "problem.unsupported_type": (
        "không hỗ trợ loại tệp {suffix}; hãy dùng .csv, .parquet hoặc .xlsx",
        "unsupported file type {suffix}; use .csv, .parquet or .xlsx",
    ),
    "problem.utf16_damaged": (
        "tệp mã hóa UTF-16 nhưng bị hỏng (bị cắt cụt?)",
        "the file is UTF-16 but damaged (cut short?)",
    ),
    "problem.binary_not_text": (
        "tệp nhị phân, không phải văn bản: hãy lưu lại dưới dạng CSV UTF-8",
        "a binary file, not text: save it as CSV UTF-8",
    ),
    "problem.not_utf8": (
        "không phải văn bản Unicode UTF-8 ({guess}). " + _CONVERT_LEGACY_VI,
        "not UTF-8 text ({guess}). " + _CONVERT_LEGACY_EN,
    ),
    "problem.not_csv": (
        "đây không phải tệp CSV mà là {kind}: hãy đổi tên cho đúng loại hoặc lưu lại dưới "
        "dạng CSV UTF-8",
        "this is not a CSV file but {kind}: rename it or save it again as CSV UTF-8",
    ),
    "problem.not_excel": (
        "đây không phải tệp Excel mà là {kind}: hãy đổi tên cho đúng loại (.csv, .parquet) "
        "hoặc mở bằng Excel và 'Save As' (Lưu thành) .xlsx",
        "this is not an Excel workbook but {kind}: rename it to its real type (.csv, "
        ".parquet) or open it in Excel and 'Save As' .xlsx",
    ),
    "problem.not_parquet": (
        "đây không phải tệp Parquet mà là {kind}: hãy đổi tên cho đúng loại (.csv, .xlsx)",
        "this is not a Parquet file but {kind}: rename it to its real type (.csv, .xlsx)",
    ),
    "problem.file_empty": (
        "tệp rỗng (không có cả dòng tiêu đề)",
        "the file is empty (not even a header row)",
    ),
    "problem.sheet_empty": (
        "trang tính {sheet} trống (không có cả dòng tiêu đề)",
        "sheet {sheet} is empty (not even a header row)",
    ),
    "problem.cannot_split": (
        "không tách được các dòng thành cột: {detail}",
        "cannot split the rows into columns: {detail}",
    ),
    "problem.row_width": (
        "dòng có {got} ô nhưng dòng tiêu đề có {want} cột (thừa dấu phân cách, hoặc một giá "
        "trị chứa dấu phân cách mà không đặt trong ngoặc kép?)",
        "the row has {got} cells but the header has {want} (a stray separator, or a value "
        "with a separator not in quotes?)",
    ),
    "problem.excel_unreadable": (
        "không đọc được tệp Excel (tệp hỏng, hoặc không được lưu bằng Excel?): {detail}",
        "not a readable Excel workbook (damaged, or not saved by Excel?): {detail}",
    ),
    "problem.parquet_unreadable": (
        "không đọc được tệp Parquet (hỏng, bị cắt cụt hoặc bị đổi tên?): {detail}",
        "not a readable Parquet file (damaged, truncated or renamed?): {detail}",
    ),
    "problem.no_rows": (
        "tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào",
        "the file has a header but no data rows",
    ),
    "problem.nothing_to_check": (
        "không có gì để kiểm tra: thư mục không có tệp bảng dữ liệu nào (cần: {tables}; "
        "dạng .csv, .xlsx hoặc .parquet)",
        "nothing to check: no table file in the folder (expected {tables} as .csv, .xlsx "
        "or .parquet)",
    ),
    "problem.nothing_to_import": (
        "không có gì để nhập: thư mục không có tệp bảng dữ liệu nào",
        "nothing to import: no table file",
    ),
    "problem.unknown_table_file": (
        "tệp không thuộc bảng nào; tên tệp phải là một trong: {tables}",
        "unknown table file; expected one of {tables}",
    ),
    "problem.unknown_table_file_hint": (
        "tệp không thuộc bảng nào; tên tệp phải là một trong: {tables}; hãy đổi tên thành "
        "{guess} (giữ phần mở rộng)",
        "unknown table file; expected one of {tables}; rename it {guess} (same extension)",
    ),
    # headers
    "problem.no_header": (
        "cột thứ {position} có dữ liệu nhưng không có tiêu đề",
        "column {position} has values but no header",
    ),
    "problem.unknown_column": (
        "cột không xác định (các cột hợp lệ: {expected})",
        "unknown column (expected: {expected})",
    ),
    "problem.unknown_column_hint": (
        "cột không xác định; có phải là {close}? (các cột hợp lệ: {expected})",
        "unknown column; did you mean {close}? (expected: {expected})",
    ),
    "problem.column_twice": ("cột bị lặp lại hai lần", "the column appears twice"),
    "problem.missing_column": (
        "thiếu cột (tiêu đề {name} hoặc {label})",
        "missing column (header {name} or {label})",
    ),
    # cells
    "problem.not_allowed": (
        "không thuộc các giá trị cho phép: {allowed}",
        "not one of {allowed}",
    ),
    "problem.expected_yes_no": (
        "cần giá trị có/không (Có/Không, true/false, 1/0, x)",
        "expected yes/no (true/false, 1/0, Có/Không, x)",
    ),
    "problem.expected_whole_number": ("cần một số nguyên", "expected a whole number"),
    "problem.expected_year": ("cần một năm, ví dụ 2024", "expected a year such as 2024"),
    "problem.expected_number": ("cần một số", "expected a number"),
    "problem.expected_quarter": ("cần một quý, ví dụ 2024Q3", "expected a quarter such as 2024Q3"),
    "problem.expected_date": (
        "cần một ngày dạng dd/mm/yyyy hoặc YYYY-MM-DD",
        "expected a date as YYYY-MM-DD or dd/mm/yyyy",
    ),
    "problem.empty_cell": ("ô trống; bắt buộc phải có giá trị", "empty cell; a value is required"),
    "problem.at_least": ("phải lớn hơn hoặc bằng {minimum}", "must be at least {minimum}"),
    "problem.year_outside": (
        "năm nằm ngoài khoảng {first}-{last}",
        "year outside {first}-{last}",
    ),
    "problem.date_in_future": ("ngày ở tương lai", "date in the future"),
    "problem.no_such_date": (
        "ngày này không có trên lịch (ngày hoặc tháng không tồn tại, ví dụ 31/02)",
        "no such date on the calendar (the day or month does not exist, e.g. 31/02)",
    ),
    "problem.at_most_value": ("phải nhỏ hơn hoặc bằng {maximum}", "must be at most {maximum}"),
    "problem.date_outside": (
        "ngày nằm ngoài các năm {first}-{last} (có lẽ gõ nhầm; khoảng này đặt ở mục dates "
        "của params/dictionary.yaml)",
        "date outside the years {first}-{last} (a typo? the range is 'dates' in "
        "params/dictionary.yaml)",
    ),
    "problem.before_other": (
        "sớm hơn ngày ở cột '{other}' của cùng dòng",
        "earlier than {other} on the same row",
    ),
    "problem.too_large": (
        "số quá lớn (lớn nhất là {maximum})",
        "number too large (the largest accepted is {maximum})",
    ),
    "problem.period_in_future": ("kỳ ở tương lai", "period in the future"),
    "problem.larger_than": (
        "lớn hơn giá trị cột '{other}' (phần không được lớn hơn tổng)",
        "larger than {other}",
    ),
    "problem.unknown_measure_in_catalogue": (
        "mã chỉ số không có trong danh mục chỉ số (params/catalogue.yaml), ví dụ IV.8.a",
        "unknown measure id (not in params/catalogue.yaml), e.g. IV.8.a",
    ),
    "problem.unknown_unit_in_units": (
        "mã đơn vị không có trong bảng đơn vị (units)",
        "unknown unit id (not in units)",
    ),
    "problem.unknown_unit_in_file": (
        "mã đơn vị không có trong chính tệp này",
        "unknown unit id (not in this file)",
    ),
    "problem.duplicate_key": (
        "trùng ({key}): giống dòng {first}",
        "duplicate ({key}): same as row {first}",
    ),
    "problem.duplicate_key_more": ("trùng ({key})", "duplicate ({key})"),
    "problem.duplicate_id": ("trùng mã: giống dòng {first}", "duplicate id: same as row {first}"),
    "problem.duplicate_id_more": ("trùng mã", "duplicate id"),
    "problem.legacy_font": (
        "văn bản gõ bằng bảng mã cũ (phông TCVN3 .Vn hoặc VNI), không phải Unicode. Hãy "
        "chuyển mã bằng 'Công cụ chuyển mã' của Unikey (nguồn TCVN3 hoặc VNI, đích Unicode) "
        "rồi gửi lại",
        "text typed in a legacy Vietnamese font encoding (TCVN3 .Vn fonts or VNI), not "
        "Unicode. Convert the file with Unikey's 'Công cụ chuyển mã' (source TCVN3 or VNI, "
        "target Unicode) and send it again",
    ),
    # the unit tree
    "problem.one_root": (
        "phải có đúng một đơn vị cấp tỉnh không có parent_id và không có valid_to (tỉnh hiện "
        "nay; tỉnh cũ đã sáp nhập có valid_to và successor_id; dữ liệu cả nước: mỗi tỉnh một "
        "mã thống kê riêng); đang có {found}",
        "exactly one unit, of level province, must have no parent_id and no valid_to (the "
        "province of today; a province that merged has valid_to and successor_id; a "
        "country's data: each province with its own GSO code); "
        "found {found}",
    ),
    "problem.needs_parent": (
        "đơn vị cấp {level} cần có parent_id (đơn vị cấp trên)",
        "a {level} needs a parent_id",
    ),
    "problem.own_parent": (
        "một đơn vị không thể là cấp trên của chính nó",
        "a unit cannot be its own parent",
    ),
    "problem.wrong_parent_level": (
        "đơn vị cấp {level} phải trực thuộc cấp {allowed}, không phải cấp {parent_level}",
        "a {level} must sit under a {allowed}, not a {parent_level}",
    ),
    "problem.root_has_parent": (
        "đơn vị cấp {level} không có đơn vị cấp trên (không thể trực thuộc cấp {parent_level})",
        "a {level} has no parent (it cannot sit under a {parent_level})",
    ),
    "problem.parent_loop": ("chuỗi đơn vị cấp trên bị vòng lặp", "the parent chain loops back on itself"),
    "problem.own_successor": (
        "một đơn vị không thể kế thừa chính nó",
        "a unit cannot succeed itself",
    ),
    "problem.successor_needs_end": (
        "đơn vị có đơn vị kế thừa cần có valid_to (ngày cuối cùng tồn tại)",
        "a unit with a successor needs valid_to (its last day)",
    ),
    # succession and validity (docs/reorganisation_2025.md)
    "problem.ends_before_start": (
        "ngày kết thúc trước ngày bắt đầu ({start})",
        "the unit ends before it starts ({start})",
    ),
    "problem.parent_ended": (
        "đơn vị cấp trên kết thúc ngày {end} nhưng đơn vị này vẫn còn sau ngày đó: hãy ghi "
        "valid_to cho đơn vị này hoặc chuyển nó sang một đơn vị cấp trên còn hiệu lực",
        "the parent ended on {end} but this unit goes on after that: give this unit a "
        "valid_to, or a parent still in force",
    ),
    "problem.parent_not_started": (
        "đơn vị cấp trên chỉ có từ ngày {start}, sau ngày đơn vị này bắt đầu",
        "the parent starts on {start}, after this unit does",
    ),
    "problem.succession_loop": (
        "chuỗi đơn vị kế thừa quay lại chính đơn vị này (vòng lặp)",
        "the chain of successors loops back to this unit",
    ),
    "problem.successor_not_in_force": (
        "đơn vị kế thừa không có hiệu lực vào ngày {day}, ngày tiếp nhận đơn vị này",
        "the successor is not in force on {day}, the day it takes this unit over",
    ),
    "problem.split_succession": (
        "mỗi đơn vị chỉ có một đơn vị kế thừa; đơn vị bị chia cho nhiều đơn vị ({units}) "
        "chưa được hỗ trợ: hãy ghi đơn vị nhận phần lớn, hoặc tách hồ sơ theo đơn vị mới",
        "a unit has one successor only; a unit split between several ({units}) is not "
        "supported: name the one that took most of it, or give the records to the new "
        "units themselves",
    ),
    "problem.id_reused": (
        "mã đơn vị đã dùng cho một đơn vị khác ở dòng {first}: đơn vị của cơ cấu mới cần mã "
        "riêng, kể cả khi trùng tên hoặc mã thống kê với đơn vị cũ",
        "the id is already used by another unit in row {first}: a unit of the new structure "
        "needs its own id, even where its name or GSO code is an old unit's",
    ),
    "problem.dated_outside_unit": (
        "thời điểm nằm ngoài thời gian tồn tại của đơn vị {unit} ({start} – {end})",
        "dated outside the time unit {unit} exists ({start} – {end})",
    ),
    # periods and the store
    # cross-table checks: warnings that do not block an import (docs/meaning.md)
    "problem.paid_online_not_offered": (
        "trả trực tuyến, nhưng thủ tục {procedure} của đơn vị {unit} không triển khai "
        "thanh toán trực tuyến năm {year} (procedures, online_payment)",
        "paid online, but procedure {procedure} of unit {unit} offers no online payment in "
        "{year} (procedures, online_payment)",
    ),
    "problem.payment_without_obligation": (
        "phải thanh toán, nhưng thủ tục {procedure} của đơn vị {unit} không có nghĩa vụ "
        "tài chính năm {year} (procedures, financial_obligation)",
        "payment required, but procedure {procedure} of unit {unit} carries no financial "
        "obligation in {year} (procedures, financial_obligation)",
    ),
    "problem.outside_period": (
        "nằm ngoài kỳ {period} đã chọn (--period)",
        "outside the period {period} given with --period",
    ),
    "problem.closed_period_rows": (
        "{n} dòng thuộc kỳ {period} đã khóa sổ (dòng đầu tiên là dòng này); dùng --reopen "
        "nếu thật sự cần sửa",
        "{n} rows fall in the closed period {period} (this is the first); use --reopen to "
        "change it",
    ),
    "problem.period_replaces_closed": (
        "--period {period} sẽ thay thế kỳ đã khóa sổ {closed}; dùng --reopen nếu thật sự cần",
        "--period {period} would replace the closed period {closed}; use --reopen",
    ),
    "problem.closed_not_period": (
        "không phải một kỳ (cần dạng 2023 hoặc 2023Q4)",
        "not a period (expected 2023 or 2023Q4)",
    ),
    "problem.closed_unreadable": (
        "không đọc được danh sách kỳ đã khóa sổ (một danh sách như 2023, 2024Q1)",
        "cannot read the list of closed periods (a list such as 2023, 2024Q1)",
    ),
    "problem.store_unreadable": (
        "không đọc được bảng đã lưu trong kho: {detail}",
        "the stored table is unreadable: {detail}",
    ),
    "problem.store_unwritable": (
        "không ghi được vào kho dữ liệu ({reason}); kho được giữ nguyên như trước",
        "cannot write the store ({reason}); it was left as it was",
    ),
    "problem.store_pointer_broken": (
        "tệp CURRENT của kho trỏ tới phiên bản {version} không có trong versions/ {detail}"
        "(xem docs/robustness.md để khôi phục)",
        "the store's CURRENT file names version {version}, which is not in versions/ "
        "{detail}(docs/robustness.md says how to recover)",
    ),
    "problem.store_busy": (
        "một lần nhập khác vào kho này đang chạy và chưa xong sau {seconds} giây; không nhập "
        "gì cả, hãy chạy lại khi lần kia đã xong (hoặc tăng --wait)",
        "another import into this store is running and did not finish within {seconds} s; "
        "nothing was imported: run again when it is done (or give a longer --wait)",
    ),
    "problem.already_stored": (
        "trùng ({key}): đã có trong kho dữ liệu ở kỳ {period}",
        "duplicate ({key}): already stored for period {period}",
    ),
    "problem.already_stored_id": (
        "trùng mã: đã có trong kho dữ liệu ở kỳ {period}",
        "duplicate id: already stored for period {period}",
    ),
    "problem.already_stored_id_more": (
        "trùng mã: đã có trong kho dữ liệu ở kỳ khác",
        "duplicate id: already stored for another period",
    ),
    "problem.already_stored_more": (
        "trùng ({key}): đã có trong kho dữ liệu ở kỳ khác",
        "duplicate ({key}): already stored for another period",
    ),
    "problem.units_dropped": (
        "dữ liệu đã lưu có mã đơn vị mà tệp đơn vị mới không còn: {units}",
        "stored rows name unit ids that the new units file drops: {units}",
    ),
    "problem.no_units_anywhere": (
        "không có bảng đơn vị, trong thư mục lẫn trong kho: hãy thêm units.csv (nhập trước)",
        "no units table, here or in the store: add units.csv (import it first)",
    ),
    # run summaries (cchc diff)
    "problem.summary_not_found": (
        "không tìm thấy: hãy chỉ ra một thư mục kết quả (có summary.csv) hoặc một tệp CSV "
        "do cchc compute ghi",
        "not found: give a run folder (with summary.csv) or a CSV written by cchc compute",
    ),
    "problem.csv_unreadable": ("không đọc được tệp CSV: {detail}", "not a readable CSV: {detail}"),
    "problem.missing_summary_column": ("thiếu cột", "missing column"),
    "problem.summary_duplicate": (
        "cùng một đơn vị và chỉ số xuất hiện hai lần",
        "the same unit and measure appear twice",
    ),
    "problem.task_twice": ("cùng một mã nhiệm vụ xuất hiện hai lần", "the same task id appears twice"),
    # the catalogue and the data dictionary (params/)
    "problem.not_yaml": ("không phải YAML hợp lệ: {detail}", "not valid YAML: {detail}"),
    "problem.catalogue_invalid": ("không hợp lệ: {detail}", "invalid: {detail}"),
    # parameters
    "problem.period_format": (
        "cần một năm (2024) hoặc một quý (2024Q3)",
        "expected a year like 2024 or a quarter like 2024Q3",
    ),
    "problem.period_format_month": (
        "cần một năm (2024), một quý (2024Q3) hoặc một tháng (2025-10)",
        "expected a year like 2024, a quarter like 2024Q3 or a month like 2025-10",
    ),
    "problem.period_before_programme": (
        "chương trình bắt đầu từ năm {first}; không có dữ liệu trước đó",
        "the programme starts in {first}; no data before it",
    ),
    "problem.one_of": ("cần một trong các giá trị: {allowed}", "expected one of {allowed}"),
    "problem.unknown_label_key": ("khóa nhãn không tồn tại", "unknown label key"),
    "problem.unknown_measure": ("mã chỉ số không tồn tại", "unknown measure id"),
    "problem.unknown_indicator": ("mã chỉ tiêu không tồn tại", "unknown indicator id"),
    "problem.unknown_group": ("mã nhóm không tồn tại", "unknown group id"),
    "problem.unknown_status": ("tình trạng không tồn tại", "unknown progress status"),
    "problem.unknown_level": ("cấp đơn vị không tồn tại", "unknown unit level"),
    "problem.unknown_contacts": ("cần 0, 1, 2 hoặc 3+", "expected 0, 1, 2 or 3+"),
    "problem.unknown_unit": (
        "mã đơn vị không có trong danh sách đơn vị (units.csv)",
        "unknown unit id (see units.csv)",
    ),
    "problem.unknown_unit_hint": (
        "mã đơn vị không có trong danh sách đơn vị (units.csv); có phải là {close}?",
        "unknown unit id (see units.csv); did you mean {close}?",
    ),
    "problem.unit_not_in_period": (
        "đơn vị không tồn tại trong kỳ {period}",
        "the unit does not exist in {period}",
    ),
    "problem.no_notebook": ("không có notebook này", "no such notebook"),
    "problem.unknown_programme": (
        "không có chương trình này; các chương trình có: {known} (hoặc đường dẫn tệp .yaml)",
        "no such programme; known: {known} (or the path of a .yaml file)",
    ),
    "problem.no_cluster": (
        "không kết nối được cụm Dask ({error}); cần địa chỉ bộ lập lịch tcp://máy:cổng "
        "hoặc local",
        "could not reach the Dask cluster ({error}); give a scheduler's address "
        "tcp://host:port or local",
    ),
    "problem.only_with": ("chỉ dùng được cùng {other}", "only with {other}"),
    "problem.at_least_param": ("phải lớn hơn hoặc bằng {minimum}", "must be at least {minimum}"),
    "problem.at_most_param": ("phải nhỏ hơn hoặc bằng {maximum}", "must be at most {maximum}"),
    "problem.port_range": (
        "cần một số cổng từ 1 đến 65535",
        "expected a port number from 1 to 65535",
    ),
    "problem.not_local_address": (
        "không phải địa chỉ của máy này ({detail})",
        "not an address of this machine ({detail})",
    ),
    "problem.cannot_listen": (
        "không lắng nghe được ở {address} ({reason})",
        "cannot listen on {address} ({reason})",
    ),
    "problem.tasks_missing": (
        "thư mục dữ liệu không có sổ nhiệm vụ (tasks.csv, tasks.xlsx hoặc tasks.parquet)",
        "the data folder has no task register (tasks.csv, tasks.xlsx or tasks.parquet)",
    ),
    "problem.no_dated_records": (
        "thư mục dữ liệu không có bản ghi nào có ngày tháng",
        "the data folder holds no dated records",
    ),
    "problem.period_not_covered": (
        "không có dữ liệu cho kỳ này; dữ liệu có từ {first} đến {last}",
        "no data for this period; the data cover {first} to {last}",
    ),
    "problem.group_choice": (
        "cần {all} hoặc một trong các nhóm: {groups}",
        "expected {all} or one of {groups}",
    ),
    "problem.unit_moved": (
        "đơn vị {old} không còn trong kỳ {period}; đang hiển thị {new}",
        "{old} does not exist in {period}; showing {new}",
    ),
    "problem.not_integer": ("cần một số nguyên", "expected a whole number"),
    "problem.not_number": ("cần một số", "expected a number"),
    "problem.out_of_range": ("phải nằm trong khoảng {range}", "must be within {range}"),
    "problem.missing_option": ("thiếu tham số bắt buộc", "a required option is missing"),
    "problem.no_such_option": (
        "không có tùy chọn này{hint}",
        "no such option{hint}",
    ),
    "problem.no_such_command": ("không có lệnh này{hint}", "no such command{hint}"),
    "problem.usage": ("cách dùng chưa đúng: {detail}", "usage problem: {detail}"),
    "problem.file_exists_not": ("không tồn tại", "does not exist"),
    # programming interfaces (chart and table functions given the wrong frame)
    "problem.missing_columns": ("thiếu các cột: {columns}", "missing columns: {columns}"),
    "problem.one_row_expected": ("cần đúng một dòng, có {n}", "expected one row, got {n}"),
    "problem.one_unit_expected": ("cần các dòng của một đơn vị", "expected the rows of one unit"),
    "problem.several_measures": (
        "kết quả có nhiều chỉ số; hãy chỉ rõ chỉ số để xếp hạng",
        "the results hold several measures; name the one to rank by",
    ),
    "problem.results_or_scores": (
        "cần một phần của bảng kết quả (measure_id) hoặc bảng điểm (kind)",
        "expected a slice of results (measure_id) or scores (kind)",
    ),
    "problem.unknown_measures_for_sample": (
        "bộ tạo dữ liệu mẫu chưa biết cách tạo bản ghi cho các chỉ số này",
        "the sample generator does not know how to make records for these measures",
    ),
    "problem.seed": ("cần một số nguyên ≥ 0", "expected a whole number ≥ 0"),
    # remarks that are not problems
    "note.excel_lock_file": (
        "{file}: bỏ qua (tệp khóa của Excel: bảng tính vẫn đang mở?)",
        "{file}: ignored (an Excel lock file: is the workbook still open?)",
    ),
    "note.units_broken": (
        "chưa kiểm tra được mã đơn vị của các bảng khác: tệp đơn vị (units) có lỗi",
        "unit ids of the other tables could not be checked: the units file has problems",
    ),
    "note.store_recovered": (
        "{store}: đã dọn một lần nhập dở dang ({what})",
        "{store}: a half-finished import was cleaned up ({what})",
    ),
    "note.store_log_completed": (
        "{store}: đã bổ sung dòng nhật ký còn thiếu của lần nhập {version}",
        "{store}: the missing log line of import {version} was added",
    ),
    "note.units_not_checked": (
        "chưa kiểm tra mã đơn vị: thư mục không có tệp đơn vị (units)",
        "unit ids not checked: the folder has no units file",
    ),
}
