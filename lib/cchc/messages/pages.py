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
