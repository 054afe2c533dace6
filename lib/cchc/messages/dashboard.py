"""Words only the dashboard uses; everything shared is in :mod:`.labels`."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "dash.title": (
        "Theo dõi cải cách hành chính tỉnh Lào Cai 2021–2025",
        "Lào Cai administrative reform tracker 2021–2025",
    ),
    "dash.search": ("Tìm đơn vị (gõ tên, không cần dấu)…", "Find a unit (type a name)…"),
    "dash.all_groups": ("Tất cả các nhóm", "All groups"),
    "dash.up": ("Lên cấp trên", "Up one level"),
    "dash.pick": ("— {n} đơn vị khớp: chọn một —", "— {n} matching units: pick one —"),
    "dash.no_match": ("— không tìm thấy đơn vị —", "— no unit found —"),
    "dash.children": ("Các đơn vị trực thuộc", "Units under this one"),
    "dash.children_hint": (
        "Bấm vào một ô của bảng màu để mở đơn vị đó.",
        "Click a cell of the grid to open that unit.",
    ),
    "dash.no_children": ("Đơn vị này không có đơn vị trực thuộc.", "This unit has no units under it."),
    "dash.standing": ("Vị trí so với các đơn vị cùng cấp", "Standing among units of the same level"),
    "dash.error_title": ("Chưa hiển thị được", "Could not show this"),
    "dash.unit_moved_title": ("Đơn vị khác của cùng kỳ", "Another unit of this period"),
    "dash.busy": (
        "Bảng điều khiển đang phục vụ nhiều người nhất có thể; xin thử lại sau một phút.",
        "The dashboard is serving as many people as it can; please try again in a minute.",
    ),
    "dash.unexpected": (
        "Đã có lỗi khi vẽ trang này. Chi tiết đã được ghi lại trên máy chủ; "
        "hãy thử lại hoặc báo cho bộ phận quản trị.",
        "Something went wrong while drawing this view. The details were logged "
        "on the server; try again or tell the administrator.",
    ),
    "dash.url_defaults": (
        "Một số giá trị trong địa chỉ (URL) không hợp lệ; trang đang dùng giá trị "
        "mặc định cho các giá trị đó.",
        "Some values in the address (URL) are not valid; the page uses the defaults for them.",
    ),
    "dash.as_of": (
        "Số liệu kỳ {period} tính đến ngày {end}; dữ liệu cập nhật ngày {updated}.",
        "Figures for {period} up to {end}; data updated on {updated}.",
    ),
    "dash.drilled": (
        "Đang xem chỉ số {measure} (từ ô đã bấm trên bảng màu).",
        "Showing measure {measure} (from the cell clicked in the grid).",
    ),
    "dash.download_csv": ("Tải bảng số liệu (CSV)", "Download the figures (CSV)"),
    "dash.print_pdf": ("In / lưu PDF", "Print / save as PDF"),
    "dash.moved": (
        "Đơn vị {old} không còn trong kỳ {period}; đang hiển thị {new}.",
        "{old} does not exist in {period}; showing {new}.",
    ),
}
