"""The pages a run writes read as one: two marks that never contradict each other, links
between the pages, headline cards first, the glossary; and the quarterly pack
(``summary.xlsx``, ``--pdf``). Fast tests on small tables first, then a real run opened in
Debian chromium with every request outside the run's folder refused."""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from cchc import paths
from cchc.apps.pdf import fix_dates
from cchc.present import pages, theme
from cchc.present.spreadsheet import summary_book, write_summary_xlsx
from cchc.spec.catalogue import load_catalogue
from conftest import run_cli

NAN = math.nan
CATALOGUE = load_catalogue()


def make_results() -> pd.DataFrame:
    """One unit, three measures: met, not met, no value (its trend kept and flagged)."""
    return pd.DataFrame({
        "unit_id": "xa-ban-me", "period": "2024Q3",
        "measure_id": ["I.2.b", "I.3.a", "II.1.a"],
        "numerator": [3, 7, NAN], "denominator": [3, 7, NAN],
        "value": [100.0, 100.0, NAN], "target": [30.0, 110.0, 80.0], "gap": [0.0, 10.0, NAN],
        "met": pd.array([True, False, None], dtype="boolean"),
        "status": ["limited_progress", "moderate_progress", "deterioration"],
        "status_basis": ["trend_to_period", "trend_to_period", "trend_no_period_value"],
        "unit_name": "=HYPERLINK(\"http://x\")", "level": "commune",
        "group_id": ["I", "I", "II"], "indicator_id": ["I.2", "I.3", "II.1"],
        "direction": "up", "final_target": [60.0, 120.0, 80.0], "projection": [20.8, 90.0, NAN],
    })


# --------------------------------------------------------------------------- links


def test_links_are_relative_and_absent_units_become_names():
    page = (pages.link("bat-xat", "Huyện Bát Xát", from_overview=False)
            + pages.link("xa-ban-me", "Xã Bản Mế", from_overview=False)
            + pages.link(pages.OVERVIEW, "Tổng quan", from_overview=False))
    assert 'href="../bat-xat/workbook.html"' in page and 'href="../overview.html"' in page
    kept = pages.unlink_absent(page, ["bat-xat"])
    assert 'href="../bat-xat/workbook.html"' in kept
    assert "xa-ban-me/workbook.html" not in kept
    assert '<span class="cchc-nolink">Xã Bản Mế</span>' in kept
    assert 'href="../overview.html"' in kept  # the overview is always written


def test_source_addresses_become_links_and_nothing_else_does():
    cell = "<td>https://baolaocai.vn/a-b.html; see http://x.vn/?a=1&amp;b=2.</td>"
    linked = pages.linkify(cell)
    assert linked.count('class="cchc-source"') == 2
    assert 'href="https://baolaocai.vn/a-b.html"' in linked
    assert 'href="http://x.vn/?a=1&amp;b=2"' in linked and linked.endswith(".</td>")
    assert pages.linkify('<a href="https://x.vn">x</a>') == '<a href="https://x.vn">x</a>'


# --------------------------------------------------------------------------- cards


def test_headline_counts_by_hand():
    now = make_results()
    before = now.assign(value=[40.0, 100.0, 60.0], met=pd.array([True, True, False],
                                                               dtype="boolean"))
    counts = pages.headline_counts(now, before)
    # met this period: I.2.b of the two with a value; on track: none of three with a trend;
    # since before: I.3.a lost its mark, I.2.b's value rose 60 points, II.1.a has no value
    assert counts == {"met": 1, "with_value": 2, "on_track": 0, "assessed": 3,
                      "gained": 0, "lost": 1, "better": 1, "worse": 0}
    assert "gained" not in pages.headline_counts(now)


def test_a_marked_table_colours_only_the_marks():
    frame = pd.DataFrame({"Mã": ["I.2.b", "II.1.a"], "Kỳ này": ["Đạt", "—"]})
    table = pages.marked_table(frame, {"Kỳ này": [
        (theme.MET_COLOURS["true"], theme.MET_TEXT_COLOURS["true"]), None]})
    assert table.count('class="cchc-mark"') == 1
    assert 'style="background:#0072B2;color:#FFFFFF">Đạt</td>' in table


# --------------------------------------------------------------------------- summary.xlsx


def test_summary_xlsx_a_sheet_per_group_formatted_and_formula_safe(tmp_path: Path):
    book = summary_book(make_results(), CATALOGUE)
    assert book.sheetnames == ["Nhóm I", "Nhóm II", "Nhóm III", "Nhóm IV"]
    sheet = book["Nhóm I"]
    headers = [c.value for c in sheet[1]]
    assert headers[:5] == ["Đơn vị", "Mã đơn vị", "Cấp", "Mã", "Chỉ số"]
    assert "Giá trị (%)" in headers and "Kỳ này" in headers
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:N{sheet.max_row}"
    assert sheet.max_row == 3 and book["Nhóm II"].max_row == 2 and book["Nhóm III"].max_row == 1
    row = {h: c for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Giá trị (%)"].value == 100.0 and row["Giá trị (%)"].number_format == "0.0"
    assert row["Tử số"].value == 3 and row["Tử số"].number_format == "#,##0"
    assert row["Đơn vị"].value.startswith("'=")  # a formula-like name is text, not a formula
    assert row["Kỳ này"].value == "Đạt"
    assert row["Kỳ này"].fill.fgColor.rgb.endswith(theme.MET_COLOURS["true"].lstrip("#"))
    status = row["Xu hướng 2021 → nay"]
    assert status.value == "Tiến bộ hạn chế"
    assert status.fill.fgColor.rgb.endswith(theme.STATUS_COLOURS["limited_progress"][1:])
    no_value = {h: c for h, c in zip(headers, book["Nhóm II"][2], strict=True)}
    assert no_value["Giá trị (%)"].value is None and no_value["Kỳ này"].value is None
    assert no_value["Xu hướng 2021 → nay"].value == ("Đi xuống (kỳ này chưa có số liệu)")
    a = write_summary_xlsx(make_results(), CATALOGUE, tmp_path / "a.xlsx").read_bytes()
    b = write_summary_xlsx(make_results(), CATALOGUE, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        core = z.read("docProps/core.xml").decode()
        assert "2021-08-01T00:00:00Z" in core and not re.search(r"<f>|<f ", z.read(
            "xl/worksheets/sheet1.xml").decode())


def test_pdf_dates_are_fixed():
    pdf = b"<</CreationDate (D:20261130213041+00'00')\n/ModDate (D:20261130213042+00'00')>>"
    fixed = fix_dates(pdf)
    assert fixed.count(b"D:20210801000000+00'00'") == 2 and len(fixed) == len(pdf)


# --------------------------------------------------------------------------- a real run

UNITS = ("lao-cai", "bat-xat", "xa-ban-me")  # a province, a district, a commune


@pytest.fixture(scope="module")
def run(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages") / "2024Q3"
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out", out,
                     "--units", ",".join(UNITS), "--jobs", "2", "--pdf")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    from browser import launch_chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def open_page(browser, path: Path, outside: list[str]):
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file:", "data:")) else (outside.append(route.request.url), route.abort())[1])
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-charts-drawn]", state="attached", timeout=90_000)
    return page


@pytest.mark.slow
def test_titles_name_the_unit_and_the_period(run: Path):
    assert "<title>Huyện Bát Xát — Quý 3/2024 · Sổ theo dõi CCHC</title>" in (
        run / "bat-xat" / "workbook.html").read_text(encoding="utf-8")
    assert "<title>Tổng quan Tỉnh Lào Cai · Tỉnh Yên Bái — Quý 3/2024 · CCHC</title>" in (
        run / "overview.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_anchor_of_a_table_of_contents_is_a_section(run: Path):
    for page in (run / "overview.html", *(run / u / "workbook.html" for u in UNITS)):
        text = page.read_text(encoding="utf-8")
        toc = re.search(r'<nav class="cchc-toc".*?</nav>', text, re.S).group(0)
        anchors = re.findall(r'href="#([^"]+)"', toc)
        assert len(anchors) >= 5, page
        assert [a for a in anchors if f'id="{a}"' not in text] == [], page


@pytest.mark.slow
def test_summary_xlsx_beside_summary_csv(run: Path):
    from openpyxl import load_workbook

    book = load_workbook(run / "summary.xlsx")
    assert book.sheetnames == ["Nhóm I", "Nhóm II", "Nhóm III", "Nhóm IV"]
    with (run / "summary.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sum(s.max_row - 1 for s in book.worksheets) == len(rows)


@pytest.mark.slow
def test_pdfs_open_carry_the_unit_and_print_the_same_bytes_twice(run: Path, tmp_path: Path):
    from cchc.apps.pdf import print_pages
    from pypdf import PdfReader

    for path, name in ((run / "overview.pdf", "Tỉnh Lào Cai"),
                       (run / "bat-xat" / "workbook.pdf", "Huyện Bát Xát"),
                       (run / "xa-ban-me" / "workbook.pdf", "Xã Bản Mế")):
        reader = PdfReader(path)
        assert name in reader.metadata.title
        assert name in reader.pages[0].extract_text()
        a4 = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
              for p in reader.pages]
        assert set(a4) <= {(595, 842), (842, 595)} and len(a4) > 3
    # the heatmap of a district's communes is printed on a landscape page
    district = PdfReader(run / "bat-xat" / "workbook.pdf")
    assert any(p.mediabox.width > p.mediabox.height for p in district.pages)
    again = tmp_path / "again.pdf"
    print_pages([(run / "bat-xat" / "workbook.html", again)])
    assert again.read_bytes() == (run / "bat-xat" / "workbook.pdf").read_bytes()


@pytest.mark.slow
@pytest.mark.browser
def test_follow_the_links_between_the_pages(run: Path, browser):
    outside: list[str] = []
    page = open_page(browser, run / "overview.html", outside)
    assert page.locator(".cchc-cards .cchc-card").count() >= 6  # two provinces' cards
    page.locator('#units ~ table a.cchc-link[data-unit="bat-xat"]').first.click()
    page.wait_for_selector("body[data-charts-drawn]", state="attached", timeout=90_000)
    assert page.title().startswith("Huyện Bát Xát")
    assert page.url.endswith("/bat-xat/workbook.html")
    # its communes are not in the run: names without a link
    nav = page.locator("nav.cchc-links")
    assert nav.locator("span.cchc-nolink").count() >= 1
    nav.locator('a[data-unit="lao-cai"]').click()
    page.wait_for_selector("body[data-charts-drawn]", state="attached", timeout=90_000)
    assert page.title().startswith("Tỉnh Lào Cai")
    page.locator('nav.cchc-links a[data-unit="overview"]').click()
    page.wait_for_selector("body[data-charts-drawn]", state="attached", timeout=90_000)
    assert page.url.endswith("/overview.html")
    page.locator('nav.cchc-toc a[href="#glossary"]').click()
    assert page.url.endswith("#glossary")
    sources = page.locator("a.cchc-source")
    assert sources.count() >= 3 and sources.first.get_attribute("href").startswith("http")
    page.close()
    assert outside == []


@pytest.mark.slow
@pytest.mark.browser
def test_no_bar_or_cell_colour_contradicts_its_met_flag(run: Path, browser):
    """The bullet bars and the heatmap cells are coloured by ``met`` (summary.csv), never
    by the trend status; every chart has alt text; no empty chart box."""
    with (run / "summary.csv").open(encoding="utf-8") as f:
        met = {(r["unit_id"], r["measure_id"]): r["met"] for r in csv.DictReader(f)}
    colour = {"true": theme.MET_COLOURS["true"], "false": theme.MET_COLOURS["false"],
              "": theme.MET_COLOURS["none"]}
    outside: list[str] = []
    checked = 0
    for unit in UNITS:
        page = open_page(browser, run / unit / "workbook.html", outside)
        bars = page.evaluate("""() => Array.from(
            document.querySelectorAll('g.bullet_bars_marks path')).map(
            e => [e.getAttribute('aria-label'), e.getAttribute('fill')])""")
        assert bars, unit
        for label, fill in bars:
            measure = label.split(" — ")[0]
            assert fill.upper() == colour[met[(unit, measure)]].upper(), (unit, label, fill)
            checked += 1
        labels = page.locator("figure.cchc-chart").evaluate_all(
            "fs => fs.map(f => f.getAttribute('aria-label'))")
        assert all(len(a) > 40 and "No description" not in a for a in labels), unit
        assert page.locator("figure.cchc-failed").count() == 0
        # no empty box: a chart with nothing to draw is a sentence, not a figure
        specs = page.locator("figure.cchc-chart script.cchc-spec").all_text_contents()
        assert not [s for s in specs if '"no_data": true' in s], unit
        page.close()
    assert checked > 40 and outside == []


@pytest.mark.slow
@pytest.mark.browser
def test_screenshots_of_the_overview_and_a_commune(run: Path, browser):
    """Written for people to look at (outputs/screenshots/, git-ignored)."""
    shots = paths.OUTPUTS_DIR / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []
    for path, name in ((run / "overview.html", "overview.png"),
                       (run / "xa-ban-me" / "workbook.html", "workbook-commune.png")):
        page = open_page(browser, path, outside)
        page.screenshot(path=str(shots / name), full_page=True)
        page.close()
        assert (shots / name).stat().st_size > 50_000
    assert outside == []


def test_pdf_without_chromium_is_refused_before_anything_is_written(
        sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CCHC_CHROMIUM", str(tmp_path / "no-chromium"))
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out",
                     tmp_path / "out", "--units", "bat-xat", "--pdf")
    assert result.returncode == 2
    assert "error: parameter --pdf: no chromium browser" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
