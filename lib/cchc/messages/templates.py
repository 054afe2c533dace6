"""The Excel templates sent to agencies: the guide sheet, column types, input checks."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "tpl.guide_sheet": ("Hướng dẫn", "Guide"),
    "tpl.units_sheet": ("Danh mục đơn vị", "Units"),
    "tpl.type.string": ("Văn bản", "Text"),
    "tpl.type.integer": ("Số nguyên", "Whole number"),
    "tpl.type.number": ("Số", "Number"),
    "tpl.type.boolean": ("Có / Không", "Yes / No"),
    "tpl.type.date": ("Ngày (dd/mm/yyyy)", "Date (dd/mm/yyyy or YYYY-MM-DD)"),
    "tpl.type.period": ("Quý, ví dụ 2024Q3", "Quarter, e.g. 2024Q3"),
    "tpl.type.year": ("Năm, ví dụ 2024", "Year, e.g. 2024"),
    "tpl.type.enum": ("Chọn trong danh sách", "One of the list"),
    "tpl.head.header": ("Tiêu đề cột (tiếng Việt)", "Column header (Vietnamese)"),
    "tpl.head.name": ("Tên cột (tiếng Anh)", "Column name (English)"),
    "tpl.head.type": ("Kiểu", "Type"),
    "tpl.head.allowed": ("Giá trị cho phép", "Allowed values"),
    "tpl.head.required": ("Bắt buộc", "Required"),
    "tpl.head.nullable": ("Được để trống", "May be empty"),
    "tpl.head.description": ("Mô tả", "Description"),
    "tpl.save_as": ("Lưu tệp với tên: {file}", "Save the file as: {file}"),
    "tpl.one_record_per_row": (
        "Dòng 1 là tiêu đề, mỗi dòng sau là một bản ghi",
        "Row 1 is the header, one record per row below",
    ),
    "tpl.english_headers": ("Có thể dùng tiêu đề tiếng Anh", "English headers are accepted too"),
    "tpl.unique": ("Không được trùng: {key}", "Must be unique: {key}"),
    "tpl.yes": ("Có", "Yes"),
    "tpl.no": ("Không", "No"),
    "tpl.boolean_values": ("Có, Không (x, 1/0, true/false)", "Có, Không (x, 1/0, true/false)"),
    "tpl.unit_reference": ("mã trong bảng Đơn vị", "a unit_id of units"),
    "tpl.unit_list_header_id": ("Mã đơn vị", "Unit id"),
    "tpl.unit_list_header_name": ("Tên đơn vị", "Unit name"),
    "tpl.bad_value": ("Giá trị không hợp lệ", "Invalid value"),
    "tpl.pick_list": ("Chọn một giá trị trong danh sách: {values}", "Pick one of: {values}"),
    "tpl.pick_yes_no": ("Chọn Có hoặc Không", "Pick Có (yes) or Không (no)"),
    "tpl.unit_in_column_a": (
        "Mã đơn vị phải có trong cột A",
        "The unit id must be in column A",
    ),
    "tpl.unit_unknown": ("Mã đơn vị không có trong danh mục", "Not a known unit id"),
    "tpl.whole_at_least": ("Nhập số nguyên ≥ {minimum}", "A whole number ≥ {minimum}"),
    "tpl.number_at_least": ("Nhập số ≥ {minimum}", "A number ≥ {minimum}"),
    "tpl.whole_between": (
        "Nhập số nguyên từ {minimum} đến {maximum}",
        "A whole number from {minimum} to {maximum}",
    ),
    "tpl.also_accepted": (
        "cũng nhận tiêu đề (trường của hệ thống một cửa): {headers}",
        "also accepted as (one-stop system fields): {headers}",
    ),
}
