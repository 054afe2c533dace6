"""The quarterly pack: the run's pages printed to PDF by the headless Debian chromium.

``cchc run … --pdf`` prints ``overview.html`` to ``overview.pdf`` and each unit's
``workbook.html`` to ``workbook.pdf`` beside it. Each page is opened from its file (it
reaches nothing outside its folder: requests to anything but ``file:`` are refused),
printed once its charts are drawn (``body[data-charts-drawn]``), on A4 with the margins,
page breaks and landscape heatmap pages of the page's print CSS (``apps/runs.py``
``_STYLE``). Chromium stamps the time of printing into the PDF's information
dictionary; it is replaced by a fixed date, so that the same pages give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from cchc import paths
from cchc.errors import ParameterError
from cchc.files import atomic_path

#: Chromium's switches: no sandbox (containers), no GPU, no traffic of its own.
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run")
#: How long a page may take to draw its charts, in milliseconds.
DRAW_TIMEOUT_MS = 120_000
#: The date written into every PDF (``D:YYYYMMDDHHmmSS+00'00'``, the length Chromium uses).
FIXED_DATE = b"D:20210801000000+00'00'"
_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")


def fix_dates(pdf: bytes) -> bytes:
    """The PDF with its creation and modification dates set to :data:`FIXED_DATE`.

    >>> fix_dates(b"/CreationDate (D:20261130213041+00'00')")
    b"/CreationDate (D:20210801000000+00'00')"
    """
    return _DATES.sub(lambda m: b"/" + m.group(1) + b" (" + FIXED_DATE + b")", pdf)


def print_pages(pages: Iterable[tuple[Path, Path]]) -> list[Path]:
    """Print each HTML page to its PDF (pairs of paths), in one browser; atomic writes.

    Raises a ParameterError naming ``--pdf`` when chromium cannot be found.
    """
    from playwright.sync_api import sync_playwright

    chromium = paths.chromium()
    if not chromium.is_file():
        raise ParameterError.one("--pdf", "no_chromium", str(chromium))
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True,
                                             args=list(CHROMIUM_ARGS))
        try:
            for html_path, pdf_path in pages:
                written.append(_print(browser, Path(html_path), Path(pdf_path)))
        finally:
            browser.close()
    return written


def _print(browser, html_path: Path, pdf_path: Path) -> Path:
    page = browser.new_page()
    try:
        page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
        page.goto(html_path.resolve().as_uri())
        page.wait_for_function("!document.querySelector('figure.cchc-chart')"
                               " || document.body.hasAttribute('data-charts-drawn')",
                               timeout=DRAW_TIMEOUT_MS)
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.close()
    with atomic_path(pdf_path) as tmp:
        tmp.write_bytes(fix_dates(pdf))
    return pdf_path
