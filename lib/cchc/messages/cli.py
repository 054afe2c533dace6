"""The command line's own words: help texts and the lines it prints when it is done.

Help is shown in both languages (English first: the terminal's and Typer's own words are
English), e.g. ``--period`` "A year (2024) or a quarter (2024Q3) · Một năm …".
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cli.app": (
        "Sổ theo dõi cải cách hành chính tỉnh Lào Cai (CCHC 2021–2025): mục tiêu, dữ liệu "
        "mẫu, chỉ số, sổ theo dõi từng đơn vị, bảng điều khiển.",
        "Lào Cai administrative-reform workbook (CCHC 2021–2025): targets, sample data, "
        "measures, workbooks, dashboards.",
    ),
    "cli.error": ("lỗi", "error"),
    "cli.note": ("ghi chú", "note"),
    "cli.warning": ("cảnh báo", "warning"),
    "cli.progress": ("tiến độ", "progress"),
    "cli.progress.line": (
        "{done}/{total} sổ theo dõi xong, còn khoảng {left}",
        "{done}/{total} workbooks done, about {left} left",
    ),
    "cli.interrupted": ("đã dừng theo yêu cầu", "interrupted"),
    # options shared by several commands
    "cli.opt.data": ("Thư mục dữ liệu (units.csv, dossiers.*, …).", "Data folder (units.csv, dossiers.*, …)."),
    "cli.opt.period": ("Một năm (2024) hoặc một quý (2024Q3).", "A year (2024) or a quarter (2024Q3)."),
    "cli.opt.lang": ("Ngôn ngữ: vi hoặc en.", "Language: vi or en."),
    "cli.opt.out_file": ("Ghi ra tệp này thay vì màn hình.", "Write to this file instead of stdout."),
    "cli.opt.programme": (
        "Chương trình (mã trong params/, hoặc đường dẫn tệp .yaml); mặc định: 2021-2025.",
        "Programme (an id in params/, or the path of a .yaml file); default: 2021-2025.",
    ),
    # units
    "cli.units": (
        "Liệt kê các đơn vị có hiệu lực vào một ngày, hoặc lịch sử kế thừa của một đơn vị.",
        "List the units in force on a date, or a unit's history of successions.",
    ),
    "cli.units.as_of": (
        "Ngày (2025-07-01 hoặc 01/07/2025); mặc định: hôm nay.",
        "Date (2025-07-01 or 01/07/2025); default: today.",
    ),
    "cli.units.history": (
        "Mã một đơn vị: in các đơn vị nó kế thừa và đơn vị kế thừa nó (mã, tên, ngày).",
        "A unit id: print the units it took over and those that took it over (ids, names, "
        "dates).",
    ),
    "cli.units.format": (
        "table (bảng để đọc) hoặc csv (các cột của units.csv).",
        "table (to read) or csv (the columns of units.csv).",
    ),
    "cli.units.in_force": (
        "{n} đơn vị có hiệu lực ngày {day}",
        "{n} units in force on {day}",
    ),
    "cli.units.history_title": (
        "Lịch sử kế thừa của {unit}",
        "History of successions of {unit}",
    ),
    "cli.units.relation.predecessor": ("đơn vị được kế thừa", "predecessor"),
    "cli.units.relation.unit": ("đơn vị này", "this unit"),
    "cli.units.relation.successor": ("đơn vị kế thừa", "successor"),
    # targets
    "cli.targets": (
        "In các mục tiêu có hiệu lực trong năm YEAR ở cấp LEVEL, dạng CSV.",
        "Print the targets in force in YEAR at LEVEL as CSV.",
    ),
    "cli.targets.year": (
        "Năm, 2021–2025 (các năm sau: mục tiêu cuối cùng còn hiệu lực, năm 2025).",
        "Year, 2021–2025 (later years: the last target in force, 2025's).",
    ),
    "cli.targets.level": ("Cấp đơn vị.", "Unit level."),
    # sample
    "cli.sample": (
        "Ghi một tỉnh Lào Cai tổng hợp (giả lập), tất định, vào thư mục OUT.",
        "Write a deterministic synthetic Lào Cai into OUT.",
    ),
    "cli.sample.out": ("Thư mục ghi dữ liệu mẫu.", "Folder to write the sample province into."),
    "cli.sample.seed": (
        "Hạt giống ngẫu nhiên; cùng hạt giống cho cùng từng byte.",
        "Random seed; the same seed gives the same bytes.",
    ),
    "cli.sample.scale": (
        "small (kiểm thử nhanh) hoặc full (khối lượng thực tế).",
        "small (fast tests) or full (realistic volumes).",
    ),
    "cli.sample.scope": (
        "province: tỉnh Lào Cai trước và sau sáp nhập; national: 34 tỉnh, thành phố và "
        "3.321 xã, phường từ 01/7/2025, các bảng lớn ghi Parquet chia theo tỉnh và năm.",
        "province: Lào Cai before and after the merger; national: the 34 provinces and "
        "3,321 communes and wards from 1 July 2025, large tables as Parquet partitioned "
        "by province and year.",
    ),
    "cli.sample.provinces": (
        "Với --scope national: chỉ N tỉnh đầu tiên theo mã (mặc định: cả 34).",
        "With --scope national: only the first N provinces by code (default: all 34).",
    ),
    "cli.sample.done": (
        "đã ghi {n} tệp dữ liệu tổng hợp vào {out} (hạt giống {seed}, {scale})",
        "wrote {n} files of synthetic data to {out} (seed {seed}, {scale})",
    ),
    # compute
    "cli.compute": (
        "Tính mọi chỉ số của mọi đơn vị cho kỳ PERIOD và ghi ra CSV.",
        "Compute every measure for every unit of PERIOD and write them as CSV.",
    ),
    "cli.compute.out": ("Tệp CSV cần ghi.", "CSV file to write."),
    "cli.compute.scores": (
        "Ghi thêm điểm chỉ tiêu, nhóm và điểm chung của từng đơn vị vào tệp CSV này.",
        "Also write indicator, group and overall scores per unit to this CSV.",
    ),
    "cli.compute.contacts": (
        "Ghi thêm phân bố số lần liên hệ (0, 1, 2, 3+) vào tệp CSV này.",
        "Also write the contact-count distribution (0, 1, 2, 3+) to this CSV.",
    ),
    "cli.compute.done": ("đã ghi {n} dòng vào {out}", "wrote {n} rows to {out}"),
    # index
    "cli.index": (
        "Tính một bộ chỉ số có trọng số (params/indices/, ví dụ chỉ số 766) cho mọi đơn vị "
        "trong kỳ, dạng CSV: unit_id,period,group_id,criterion_id,numerator,denominator,"
        "rate,points,max_points,rank.",
        "Compute a weighted index (params/indices/, e.g. the Decision 766 index) for every "
        "unit in a period, as CSV: unit_id,period,group_id,criterion_id,numerator,"
        "denominator,rate,points,max_points,rank.",
    ),
    "cli.index.index": (
        "Mã bộ chỉ số: tên một tệp trong params/indices/ (766, par_agencies).",
        "Index id: a file of params/indices/ (766, par_agencies).",
    ),
    "cli.index.period": (
        "Một năm (2025), một quý (2025Q3) hoặc một tháng (2025-10).",
        "A year (2025), a quarter (2025Q3) or a month (2025-10).",
    ),
    "cli.index.out": ("Tệp CSV cần ghi.", "CSV file to write."),
    "cli.index.done": (
        "đã ghi {n} dòng của bộ chỉ số {index} vào {out} (dữ liệu đến ngày {as_of})",
        "wrote {n} rows of index {index} to {out} (records up to {as_of})",
    ),
    # run
    "cli.run": (
        "Chạy sổ theo dõi của từng đơn vị và trang tổng quan cho kỳ PERIOD (ipynb + HTML "
        "xem được khi không có mạng).",
        "Execute the unit workbooks and the overview for PERIOD (ipynb + offline HTML).",
    ),
    "cli.run.out": (
        "Thư mục kết quả: sổ theo dõi, bảng tổng hợp, manifest.",
        "Output folder for workbooks, summary, manifest.",
    ),
    "cli.run.units": (
        "Mã đơn vị, cách nhau bởi dấu phẩy (mặc định: tất cả).",
        "Comma-separated unit ids (default: all).",
    ),
    "cli.run.jobs": ("Số notebook chạy song song.", "Notebooks executed in parallel."),
    "cli.run.template": (
        "Notebook sổ theo dõi đơn vị dùng thay cho notebooks/workbook.ipynb.",
        "Unit workbook notebook to execute instead of notebooks/workbook.ipynb.",
    ),
    "cli.run.cluster": (
        "Chạy trên một cụm Dask: địa chỉ bộ lập lịch (tcp://máy:8786) hoặc local (một "
        "LocalCluster trên máy này, --jobs worker). Dữ liệu và thư mục kết quả phải nằm "
        "trên ổ dùng chung của mọi worker.",
        "Run on a Dask cluster: the scheduler's address (tcp://host:8786) or local (a "
        "LocalCluster here, --jobs workers). Data and output folders must be on a "
        "filesystem every worker shares.",
    ),
    "cli.run.done": (
        "đã ghi {ok} sổ theo dõi vào {out}; {failed} bị lỗi",
        "{ok} workbooks written to {out}; {failed} failed",
    ),
    "cli.run.failed": ("lỗi: {unit}{where}: {error}", "failed: {unit}{where}: {error}"),
    "cli.run.cell": ("(ô {cell}: {source})", "(cell {cell}: {source})"),
    "cli.run.timeout": (
        "Thời gian tối đa cho một notebook, tính bằng giây; quá thời gian thì notebook đó "
        "bị dừng và ghi là lỗi, các notebook khác vẫn chạy.",
        "Time limit of one notebook, in seconds; past it, that notebook is stopped and "
        "recorded as failed, and the others go on.",
    ),
    # why a notebook of the batch failed without an error of its own (manifest: reason)
    "run.reason.error": ("một ô báo lỗi", "a cell raised an error"),
    "run.reason.kernel_died": (
        "kernel dừng đột ngột giữa chừng; một kernel mới chạy các notebook sau",
        "the kernel died midway; a fresh kernel runs the next notebooks",
    ),
    "run.reason.timeout": (
        "không xong trong {seconds} giây (--timeout): notebook đã bị dừng",
        "no result within {seconds} s (--timeout): the notebook was stopped",
    ),
    "run.reason.worker_died": (
        "tiến trình chạy notebook dừng đột ngột; một tiến trình mới chạy các notebook sau",
        "the process running the notebook died; a fresh one runs the next notebooks",
    ),
    "run.reason.no_kernel": (
        "không khởi động được kernel Python (đã thử nhiều lần)",
        "no Python kernel could be started (tried several times)",
    ),
    # diff
    "cli.diff": (
        "So sánh hai lần chạy: tình trạng đổi, giá trị đổi, đơn vị và chỉ số xuất hiện hoặc "
        "biến mất, nhiệm vụ trở thành quá hạn hoặc đã hoàn thành (tasks.csv). Mã thoát 0 "
        "khi không có gì khác, 1 khi có khác biệt, 2 khi lỗi.",
        "Compare two runs: status flips, value changes, units and measures that come and "
        "go, tasks that became overdue or were completed (tasks.csv). Exit 0 when nothing "
        "differs, 1 when something does, 2 on error.",
    ),
    "cli.diff.a": (
        "Thư mục của lần chạy trước (hoặc tệp summary.csv của nó).",
        "Earlier run folder (or its summary.csv).",
    ),
    "cli.diff.b": (
        "Thư mục của lần chạy sau (hoặc tệp summary.csv của nó).",
        "Later run folder (or its summary.csv).",
    ),
    "cli.diff.format": ("Định dạng: table, csv hoặc md.", "Format: table, csv or md."),
    "cli.diff.tolerance": (
        "Bỏ qua các thay đổi giá trị không quá chừng này điểm phần trăm.",
        "Value changes up to this many points are ignored.",
    ),
    "cli.diff.none": ("không có khác biệt", "no differences"),
    "cli.diff.count": ("{n} khác biệt", "{n} differences"),
    "cli.diff.lang": (
        "Ngôn ngữ của bảng và của --format md: vi hoặc en (csv giữ mã).",
        "Language of the table and of --format md: vi or en (csv keeps the codes).",
    ),
    "cli.diff.heading": ("Khác biệt từ {a} đến {b}", "Differences from {a} to {b}"),
    "cli.diff.counts": ("Số khác biệt theo loại", "Differences by kind"),
    "cli.diff.total": ("Tổng cộng", "Total"),
    "cli.diff.rows": ("Những thay đổi đáng chú ý", "The changes that matter"),
    "cli.diff.more": (
        "… và {n} dòng khác (--format csv để xem tất cả)",
        "… and {n} more rows (--format csv for all)",
    ),
    "cli.diff.col.kind": ("Loại", "Kind"),
    "cli.diff.col.count": ("Số", "Count"),
    "cli.diff.col.unit": ("Đơn vị", "Unit"),
    "cli.diff.col.measure": ("Chỉ số", "Measure"),
    "cli.diff.col.before": ("Trước", "Before"),
    "cli.diff.col.after": ("Sau", "After"),
    "cli.diff.col.change": ("Thay đổi", "Change"),
    "cli.diff.kind.met_lost": ("Không còn đạt mục tiêu năm", "No longer meets this year's target"),
    "cli.diff.kind.met_gained": ("Đã đạt mục tiêu năm", "Now meets this year's target"),
    "cli.diff.kind.status_worse": ("Xu hướng xấu đi", "Trend worse"),
    "cli.diff.kind.status_better": ("Xu hướng tốt lên", "Trend better"),
    "cli.diff.kind.status_changed": ("Tình trạng đổi (căn cứ khác)", "Status changed (another basis)"),
    "cli.diff.kind.task_overdue": ("Nhiệm vụ quá hạn", "Task overdue"),
    "cli.diff.kind.task_completed": ("Nhiệm vụ hoàn thành", "Task completed"),
    "cli.diff.kind.unit_removed": ("Đơn vị không còn", "Unit removed"),
    "cli.diff.kind.unit_added": ("Đơn vị mới", "Unit added"),
    "cli.diff.kind.measure_removed": ("Chỉ số không còn", "Measure removed"),
    "cli.diff.kind.measure_added": ("Chỉ số mới", "Measure added"),
    "cli.diff.kind.value_disappeared": ("Mất số liệu", "Value disappeared"),
    "cli.diff.kind.value_appeared": ("Có số liệu mới", "Value appeared"),
    "cli.diff.kind.value_changed": ("Giá trị thay đổi", "Value changed"),
    "cli.diff.kind.target_changed": ("Mục tiêu thay đổi", "Target changed"),
    # tasks
    "cli.tasks": (
        "Sổ nhiệm vụ đến ngày AS-OF: quá hạn trước (lâu nhất trước), rồi sắp đến hạn, đang "
        "thực hiện, hoàn thành trễ hạn, hoàn thành đúng hạn. Dòng tóm tắt (stderr) đếm từng "
        "loại. Mã thoát 0; 2 khi tham số hoặc dữ liệu có lỗi.",
        "The task register as of AS-OF: overdue first (oldest first), then due soon, "
        "pending, done late, done on time. The summary line (stderr) counts each. Exit 0; "
        "2 on a bad parameter or bad data.",
    ),
    "cli.tasks.as_of": (
        "Ngày xem xét (YYYY-MM-DD hoặc dd/mm/yyyy).",
        "The date to look from (YYYY-MM-DD or dd/mm/yyyy).",
    ),
    "cli.tasks.unit": (
        "Chỉ nhiệm vụ của đơn vị này, các đơn vị trực thuộc và đơn vị đã sáp nhập vào nó.",
        "Only the tasks of this unit, of the units under it and of those it took over.",
    ),
    "cli.tasks.due_within": (
        "Nhiệm vụ đến hạn trong chừng này ngày là 'sắp đến hạn' (due_soon).",
        "A task due within this many days is due_soon.",
    ),
    "cli.tasks.format": (
        "table, csv (task_id,unit_id,title,assigned_on,due_on,done_on,state,days_late) "
        "hoặc md.",
        "table, csv (task_id,unit_id,title,assigned_on,due_on,done_on,state,days_late) "
        "or md.",
    ),
    "cli.tasks.summary": (
        "{unit}, đến ngày {date}: {overdue} quá hạn, {due_soon} sắp đến hạn (trong {days} "
        "ngày tới), {pending} đang thực hiện, {done_late} hoàn thành trễ hạn, "
        "{done_on_time} hoàn thành đúng hạn",
        "{unit}, as of {date}: {overdue} overdue, {due_soon} due within {days} days, "
        "{pending} pending, {done_late} done late, {done_on_time} done on time",
    ),
    # template
    "cli.template": (
        "Ghi một mẫu Excel cho mỗi bảng nguồn: tiêu đề, danh sách chọn, hướng dẫn. Điền "
        "mẫu và lưu với đúng tên của nó (dossiers.xlsx, …) trong một thư mục: cchc validate "
        "và cchc import đọc được ngay.",
        "Write one Excel template per source table: headers, lists, a guide. Fill a "
        "template in and save it under its own name (dossiers.xlsx, …) in a folder: cchc "
        "validate and cchc import read it without edits.",
    ),
    "cli.template.out": ("Thư mục ghi các mẫu.", "Folder to write the workbooks into."),
    "cli.template.units": (
        "Tệp đơn vị (.csv, .xlsx, .parquet) cung cấp danh sách mã đơn vị (mặc định: "
        "data/processed/units.parquet, nếu không có thì data/sample/units.csv).",
        "Units file (.csv, .xlsx, .parquet) whose ids the unit-id lists offer (default: "
        "data/processed/units.parquet, else data/sample/units.csv).",
    ),
    "cli.template.done": ("đã ghi {n} mẫu vào {out}", "wrote {n} templates to {out}"),
    # validate
    "cli.validate": (
        "Kiểm tra mọi tệp của thư mục DATA và báo mọi lỗi cùng lúc: tệp, dòng như bảng tính "
        "hiển thị, cột, giá trị và lỗi gì, bằng tiếng Việt và tiếng Anh. Mã thoát 0 khi "
        "không có lỗi, 2 khi có.",
        "Check every file of DATA and report every problem at once: the file, the row as "
        "the spreadsheet shows it, the column, the value and what is wrong, in English and "
        "Vietnamese. Exit 0 when clean, 2 when not.",
    ),
    "cli.validate.data": (
        "Thư mục các tệp bảng (units.csv, dossiers.xlsx, …).",
        "Folder of table files (units.csv, dossiers.xlsx, …).",
    ),
    "cli.validate.period": (
        "Một năm (2024) hoặc quý (2024Q3): các dòng nằm ngoài là lỗi.",
        "A year (2024) or quarter (2024Q3): rows outside it are problems.",
    ),
    "cli.validate.store": (
        "Kiểm tra thêm như khi nhập vào kho này: kỳ đã khóa, mã đã lưu, đơn vị của kho.",
        "Also check as an import into this store would: closed periods, ids already "
        "stored, its units.",
    ),
    "cli.validate.format": (
        "text (mỗi lỗi một dòng, tiếng Anh | tiếng Việt) hoặc csv (file,row,column,value,"
        "problem_en,problem_vi).",
        "text (one line per problem, English | Vietnamese) or csv (file,row,column,value,"
        "problem_en,problem_vi).",
    ),
    "cli.validate.out": (
        "Ghi báo cáo vào tệp này (csv: UTF-8 có BOM, để mở bằng Excel).",
        "Write the report to this file (csv in UTF-8 with BOM, for Excel).",
    ),
    "cli.validate.problems": ("{n} lỗi trong {files} tệp", "{n} problems in {files} files"),
    "cli.validate.warnings": (
        "{n} cảnh báo đối chiếu giữa các bảng (không chặn việc nhập)",
        "{n} cross-table warnings (they do not block an import)",
    ),
    "cli.validate.ok": (
        "đạt: {files} tệp, {rows} dòng đã kiểm tra",
        "ok: {files} files, {rows} rows checked",
    ),
    # import
    "cli.import": (
        "Kiểm tra DATA rồi ghi các bảng vào kho dạng Parquet, nguyên tử: dòng mới thay thế "
        "dòng đã lưu của cùng kỳ (quý với cột ngày và cột quý, năm với cột năm; với "
        "--period: mọi kỳ nó bao gồm); units và merging được thay cả bảng. Nhập lại cùng "
        "kỳ là thay thế, không nhân đôi. Có lỗi thì không ghi gì; lỗi giữa chừng để kho "
        "nguyên như cũ. Mỗi lần nhập được ghi vào STORE/imports.jsonl. Kỳ đã khóa: liệt kê "
        "trong STORE/closed.txt, mỗi dòng một kỳ (2023 hoặc 2023Q4); dòng thuộc kỳ đã khóa "
        "bị từ chối trừ khi có --reopen.",
        "Validate DATA, then write its tables into the store as Parquet, atomically: "
        "incoming rows replace the stored rows of the same periods (quarters for date and "
        "quarter columns, years for year columns; with --period, every period it covers); "
        "units and merging are replaced whole. Importing the same period again replaces "
        "it, never duplicates. Nothing is written if any problem is found; a failure "
        "midway leaves the store as it was. Each import is logged in STORE/imports.jsonl. "
        "Closed periods: list them in STORE/closed.txt, one per line (2023 or 2023Q4); "
        "rows in a closed period are refused unless --reopen is given.",
    ),
    "cli.import.data": ("Thư mục các tệp bảng cần nhập.", "Folder of table files to import."),
    "cli.import.into": ("Thư mục kho (mặc định: data/processed/).", "Store folder (default: data/processed/)."),
    "cli.import.period": (
        "Một năm hoặc quý: các tệp chứa kỳ đó; mọi dòng đã lưu của kỳ được thay thế, dòng "
        "ngoài kỳ là lỗi.",
        "A year or quarter: the files hold it; every stored row of it is replaced, rows "
        "outside it are problems.",
    ),
    "cli.import.reopen": (
        "Cho phép sửa các kỳ có trong STORE/closed.txt.",
        "Allow changing periods listed in STORE/closed.txt.",
    ),
    "cli.import.file": (
        "đã nhập {file}: {rows} dòng (thay thế {replaced}); {table}.parquet nay có {stored} dòng",
        "imported {file}: {rows} rows (replaces {replaced}); {table}.parquet now holds "
        "{stored} rows",
    ),
    "cli.import.store": ("kho: {store}", "store: {store}"),
    "cli.import.waiting": (
        "một lần nhập khác vào {store} đang chạy; chờ nó xong (tối đa {seconds} giây)…",
        "another import into {store} is running; waiting for it to finish (at most {seconds} s)…",
    ),
    "cli.import.wait": (
        "Số giây chờ một lần nhập khác vào cùng kho xong; quá thời gian thì không nhập gì "
        "(mã thoát 2).",
        "Seconds to wait for another import into the same store to finish; after that, "
        "nothing is imported (exit code 2).",
    ),
    # serve
    "cli.serve": (
        "Phục vụ bảng điều khiển chỉ đọc tại http://HOST:PORT/ (Voila, cấu hình vận hành). "
        "Thư mục dữ liệu được kiểm tra (và kỳ mới nhất được tính) trước khi máy chủ chạy; "
        "Ctrl-C hoặc SIGTERM dừng máy chủ và mọi kernel nó đã mở.",
        "Serve the dashboard read-only at http://HOST:PORT/ (Voila, production settings). "
        "The data folder is checked (and its latest period computed) before the server "
        "starts; Ctrl-C or SIGTERM stops the server and every kernel it started.",
    ),
    "cli.serve.data": (
        "Thư mục dữ liệu cần hiển thị (mặc định: dữ liệu mẫu đi kèm, data/sample).",
        "Data folder to show (default: the bundled sample, data/sample).",
    ),
    "cli.serve.port": ("Cổng lắng nghe.", "Port to listen on."),
    "cli.serve.pool": (
        "Số kernel khởi động sẵn chờ người xem (mỗi kernel khoảng 250 MB); 0 = không.",
        "Kernels started ahead, waiting for visitors (about 250 MB each); 0 = none.",
    ),
    "cli.serve.max_sessions": (
        "Số trang phục vụ cùng lúc tối đa; người xem thêm được báo thử lại sau.",
        "Pages served at once, at most; a visitor beyond it is asked to try again later.",
    ),
    "cli.serve.cull_idle": (
        "Số giây một kernel không còn trang nào kết nối được để rảnh trước khi bị tắt.",
        "Seconds a kernel whose page is gone may stay idle before it is shut down.",
    ),
    "cli.serve.host": (
        "Địa chỉ lắng nghe. Mặc định chỉ máy này; địa chỉ khác (0.0.0.0: mọi mạng) cho "
        "phép bất kỳ ai truy cập được mở bảng điều khiển.",
        "Address to listen on. The default is this machine only; another address "
        "(0.0.0.0: every network) lets anyone who reaches it open the dashboard.",
    ),
    "cli.serve.exposed": (
        "đang lắng nghe ở {host}, không chỉ trên máy này: bất kỳ ai truy cập được cổng "
        "{port} đều mở được bảng điều khiển (không có đăng nhập)",
        "listening on {host}, not only on this machine: anyone who can reach it on port "
        "{port} can open the dashboard (there is no login)",
    ),
    "cli.serve.serving": (
        "đang phục vụ {data} tại {url} (Ctrl-C để dừng)",
        "serving {data} at {url} (Ctrl-C stops)",
    ),
}
