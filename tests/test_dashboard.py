"""The dashboard: its logic without a browser, then the real ``cchc serve`` in chromium."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd
import pytest
from cchc.apps.dashboard import assets, state
from cchc.apps.dashboard import page as dashboard
from cchc.apps.dashboard.state import ALL_GROUPS, View
from cchc.engine.cache import load_periods
from cchc.engine.coverage import compute_periods
from cchc.spec.units import Units

GROUPS = ["I", "II", "III", "IV"]
PERIODS = ["2024Q4", "2024Q3", "2024", "2021"]


@pytest.fixture(scope="module")
def units(sample_dir: Path) -> Units:
    from cchc.sources.dataset import load_data

    return load_data(sample_dir, tables=()).units


def tree(*rows: tuple) -> Units:
    frame = pd.DataFrame(
        rows, columns=["unit_id", "name", "level", "parent_id", "successor_id", "valid_to"]
    )
    frame["valid_to"] = pd.to_datetime(frame["valid_to"])
    return Units.from_frame(frame)



# --------------------------------------------------------------------------- parameters


def test_parse_query_keeps_the_dashboard_parameters_last_value_wins() -> None:
    assert state.parse_query("unit_id=a&unit_id=b&period=2024Q3&foo=1&lang=en") == {
        "unit_id": "b",
        "period": "2024Q3",
        "lang": "en",
    }
    assert state.parse_query("") == {}
    assert state.parse_query(None) == {}
    assert state.parse_query("?group=II") == {"group": "II"}
    assert state.parse_query("unit_id=X%C3%A3%20A&group=") == {"unit_id": "Xã A", "group": ""}


def test_view_query_string_round_trips() -> None:
    view = View("bat-xat", "2024Q3", "II", "en")
    assert state.parse_query(view.query_string()) == {
        "unit_id": "bat-xat",
        "period": "2024Q3",
        "group": "II",
        "lang": "en",
    }
    assert View("a", "2024").group_id is None and view.group_id == "II"


def test_resolve_view_accepts_good_values(units: Units) -> None:
    default = View("lao-cai", "2024Q4")
    view, problems = state.resolve_view(
        {"unit_id": "bat-xat", "period": "2024q3", "group": "ii", "lang": "en"},
        units,
        PERIODS,
        GROUPS,
        default,
    )
    assert problems == []
    assert view == View("bat-xat", "2024Q3", "II", "en")
    assert state.resolve_view(
        {"unit_id": "", "group": "ALL"}, units, PERIODS, GROUPS, default
    ) == (default, [])


def test_resolve_view_names_every_bad_parameter_and_keeps_its_default(units: Units) -> None:
    default = View("lao-cai", "2024Q4", ALL_GROUPS, "vi")
    view, problems = state.resolve_view(
        {"unit_id": "bat-xatt", "period": "2019Q5", "group": "IX", "lang": "fr"},
        units,
        PERIODS,
        GROUPS,
        default,
    )
    assert view == default
    text = [str(p) for p in problems]
    assert [t.split(":")[0] for t in text] == [
        "parameter lang",
        "parameter unit_id",
        "parameter period",
        "parameter group",
    ]
    assert "did you mean bat-xat" in text[1]


def test_a_period_without_data_is_refused(units: Units) -> None:
    _, problems = state.resolve_view(
        {"period": "2023Q2"}, units, PERIODS, GROUPS, View("lao-cai", "2024Q4")
    )
    assert "no data for this period; the data cover 2021 to 2024Q4" in str(problems[0])


def test_periods_are_every_quarter_and_year_of_the_data_newest_first(sample_data) -> None:
    periods = compute_periods(sample_data)
    years = ["2025", "2024", "2023", "2022", "2021"]
    assert periods == ["2026Q3", "2026Q2", "2026Q1", "2026"] + [
        p for y in years for p in (f"{y}Q4", f"{y}Q3", f"{y}Q2", f"{y}Q1", y)]


def test_available_periods_are_cached_by_fingerprint(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_periods(sample_dir)

    def no_reading(*args, **kwargs):
        raise AssertionError("the data were read again")

    from cchc.engine import cache

    monkeypatch.setattr(cache, "load_data", no_reading)
    assert load_periods(sample_dir) == first


def test_available_periods_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(state.ParameterError, match="data_dir"):
        load_periods(tmp_path / "nope")


def test_period_labels() -> None:
    assert state.period_label("2024Q1", "vi") == "Quý 1/2024"
    assert state.period_label("2023", "en") == "Year 2023"


def test_unit_search_ignores_diacritics_and_keeps_the_tree(units: Units) -> None:
    present = units.ordered(at="2024-12-31")  # the tree of a period before the merger
    everything = state.unit_options(units, present)
    assert [u for _, u in everything] == present
    assert everything[0] == ("Tỉnh Lào Cai", "lao-cai")
    assert ("Tỉnh Yên Bái", "yen-bai") in everything
    found = state.unit_options(units, present, "a mu sung")
    assert [u for _, u in found] == ["lao-cai", "bat-xat", "xa-a-mu-sung"]
    assert found[2][0] == "› › Xã A Mú Sung"  # two levels down, in plain characters
    assert not any("\u00a0" in label for label, _ in everything)
    # the parents are shown, not counted
    assert state.unit_matches(units, present, "a mu sung") == ["xa-a-mu-sung"]
    assert state.unit_options(units, present, "zzz") == []
    # after the merger: communes sit under the province
    found = state.unit_options(units, units.ordered(at="2025-07-01"), "a mu sung")
    assert [u for _, u in found] == ["lao-cai-2025", "xa-a-mu-sung-2025"]
    assert found[1][0] == "› Xã A Mú Sung"


def test_a_unit_that_ended_hands_over_to_its_successor() -> None:
    units = tree(
        ("p", "Tỉnh", "province", None, None, None),
        ("d", "Huyện", "district", "p", None, None),
        ("old", "Xã cũ", "commune", "d", "new", "2025-06-30"),
        ("new", "Xã mới", "commune", "d", None, None),
        ("gone", "Xã khác", "commune", "d", None, "2025-06-30"),
    )
    assert state.nearest_present(units, "old", ["p", "d", "new"]) == "new"
    assert state.nearest_present(units, "gone", ["p", "d", "new"]) == "d"
    assert state.nearest_present(units, "new", ["p", "d", "new"]) == "new"
    assert state.nearest_present(units, "d", ["p"]) == "p"


def test_a_unit_that_did_not_exist_yet_hands_back_to_its_predecessor(units: Units) -> None:
    before = units.ordered(at="2024-12-31")
    after = units.ordered(at="2025-12-31")
    assert state.nearest_present(units, "phuong-lao-cai-2025", before) == "phuong-duyen-hai"
    assert state.nearest_present(units, "lao-cai-2025", before) == "lao-cai"
    assert state.nearest_present(units, "phuong-coc-leu", after) == "phuong-lao-cai-2025"
    # a district ends with no successor: its province's successor stands for it
    assert state.nearest_present(units, "bat-xat", after) == "lao-cai-2025"

# --------------------------------------------------------------------------- widgets


@pytest.fixture
def dash(sample_dir: Path) -> dashboard.Dashboard:
    opened = dashboard.open_dashboard(sample_dir)
    assert isinstance(opened, dashboard.Dashboard)
    return opened


def specs(dash: dashboard.Dashboard) -> dict[str, dict | None]:
    return {
        name: (v.widget.spec if v.box.layout.display != "none" else None)
        for name, v in dash.views.items()
    }


def test_opens_on_the_province_latest_period_every_group(dash) -> None:
    assert dash.view == View("lao-cai-2025", "2026Q3", ALL_GROUPS, "vi")
    assert "<h1>Tỉnh Lào Cai</h1>" in dash.title.value
    assert "hình thành ngày 01/07/2025 từ: Tỉnh Lào Cai, Tỉnh Yên Bái" in dash.title.value
    assert "Chương trình 2021-2025 đã kết thúc năm 2025" in dash.title.value
    assert dash.messages.value == ""
    shown = specs(dash)
    assert shown["standing"] is None  # the province has no siblings to rank against
    for name in ("status", "contacts", "bullet", "trends", "heatmap", "ranking"):
        assert shown[name] is not None, name
    assert shown["heatmap"]["params"][0]["name"] == "unit_pick"
    assert dash.url.query == "unit_id=lao-cai-2025&period=2026Q3&group=all&lang=vi"
    assert [label for label, _ in dash.period.options][:2] == ["Quý 3/2026", "Quý 2/2026"]
    # the picker shows the tree of the period: the new province and its units only
    assert [u for _, u in dash.unit.options][:2] == ["lao-cai-2025", "so-noi-vu-2025"]
    assert "bat-xat" not in [u for _, u in dash.unit.options]


def test_the_url_opens_a_view(sample_dir: Path) -> None:
    dash = dashboard.open_dashboard(
        sample_dir, query="unit_id=bat-xat&period=2023&group=II&lang=en"
    )
    assert dash.view == View("bat-xat", "2023", "II", "en")
    assert "<h1>Huyện Bát Xát</h1>" in dash.title.value
    assert dash.unit.description == "Unit" and dash.period.label == "Year 2023"
    assert dash.views["standing"].box.layout.display != "none"  # ranked among districts
    measures = {
        row["measure_id"]
        for row in dash.views["bullet"].widget.spec["datasets"][
            next(iter(dash.views["bullet"].widget.spec["datasets"]))
        ]
    }
    assert measures and all(m.startswith("II.") for m in measures)


def test_bad_url_values_give_a_message_and_a_usable_dashboard(sample_dir: Path) -> None:
    dash = dashboard.open_dashboard(
        sample_dir, query="unit_id=nowhere&period=1999&group=IX&lang=fr"
    )
    assert isinstance(dash, dashboard.Dashboard)
    assert dash.view == View("lao-cai-2025", "2026Q3", ALL_GROUPS, "vi")
    message = dash.messages.value
    assert 'role="alert"' in message
    for parameter in ("unit_id", "period", "group", "lang"):  # in the page's language
        assert f"tham số {parameter}" in message
    assert "Traceback" not in message
    english = dashboard.open_dashboard(sample_dir, query="group=IX&lang=en")
    assert "parameter group: expected all or one of I, II, III, IV" in english.messages.value
    assert "Some values in the address (URL)" in english.messages.value
    dash.go(View("bat-xat", "2024Q4"))  # still usable; the message goes away
    assert "<h1>Huyện Bát Xát</h1>" in dash.title.value
    assert dash.messages.value == ""


def test_an_unknown_unit_keeps_the_page_on_the_last_good_view(dash) -> None:
    dash.go(View("nowhere", "2026Q3"))
    assert "tham số unit_id" in dash.messages.value
    assert dash.view.unit_id == "lao-cai-2025" and dash.unit.value == "lao-cai-2025"
    assert "<h1>Tỉnh Lào Cai</h1>" in dash.title.value


def test_selectors_change_the_view(dash) -> None:
    dash.period.value = "2024Q4"  # before the merger: the province that ended stands for it
    assert dash.view.unit_id == "lao-cai"
    assert ("đơn vị Tỉnh Lào Cai (lao-cai-2025) không còn trong kỳ 2024Q4; đang hiển thị "
            "Tỉnh Lào Cai (lao-cai)") in dash.messages.value
    assert "bat-xat" in [u for _, u in dash.unit.options]
    assert "Đơn vị đã kết thúc ngày 30/06/2025; từ ngày 01/07/2025 do Tỉnh Lào Cai kế thừa" in (
        dash.title.value)
    dash.unit.value = "bat-xat"
    assert dash.view.unit_id == "bat-xat" and "Huyện Bát Xát" in dash.title.value
    assert dash.up.description == "↑ Tỉnh Lào Cai"
    dash.period.value = "2023Q2"
    dash.group.value = "IV"
    dash.lang.value = "en"
    assert dash.view == View("bat-xat", "2023Q2", "IV", "en")
    assert dash.url.query == "unit_id=bat-xat&period=2023Q2&group=IV&lang=en"
    dash.up.click()
    assert dash.view.unit_id == "lao-cai" and dash.up.disabled
    dash.unit.value = "xa-nam-chac"
    dash.period.value = "2025Q3"  # after it: the commune that took it over
    assert dash.view.unit_id == "xa-a-mu-sung-2025"
    assert "from Xã A Mú Sung, Xã Nậm Chạc" in dash.title.value


def test_search_narrows_the_unit_list_without_moving(dash) -> None:
    dash.search.value = "xa s"  # Xã Si Ma Cai, Xã Sín Chéng … under the province
    assert dash.view.unit_id == "lao-cai-2025"
    hits = state.unit_matches(dash.units, dash.present, "xa s")
    labels = [label for label, _ in dash.unit.options]
    assert labels[0] == f"— {len(hits)} đơn vị khớp: chọn một —"  # the province is no match
    assert "lao-cai-2025" not in hits and len(hits) > 1
    assert any("Si Ma Cai" in label for label in labels)
    assert dash.unit.value == "lao-cai-2025"  # the picker shows the unit on the page
    dash.unit.value = "xa-si-ma-cai-2025"
    assert dash.view.unit_id == "xa-si-ma-cai-2025"
    assert dash.unit.value == "xa-si-ma-cai-2025"  # after the pick too, search still typed
    assert dash.unit.options[0][0].startswith("— ")


def test_a_search_with_one_match_opens_it(dash) -> None:
    dash.search.value = "si ma cai"
    assert state.unit_matches(dash.units, dash.present, "si ma cai") == ["xa-si-ma-cai-2025"]
    assert dash.view.unit_id == "xa-si-ma-cai-2025"
    assert dash.unit.value == "xa-si-ma-cai-2025"
    assert "Xã Si Ma Cai" in dash.title.value


def test_stamp_cards_and_downloads(dash) -> None:
    dash.unit.value = "so-noi-vu-2025"
    assert "dữ liệu cập nhật ngày" in dash.stamp.value
    assert dash.cards.value.count('class="cchc-card ') >= 3
    link = dash.download.value
    assert 'download="cchc-so-noi-vu-2025-' in link and "data:text/csv" in link
    import base64

    csv_text = base64.b64decode(link.split("base64,")[1].split('"')[0]).decode("utf-8")
    assert csv_text.startswith("\ufeffunit_id,period,measure_id")
    assert dash.print_button.label == "In / lưu PDF"
    dash.lang.value = "en"
    assert "data updated on" in dash.stamp.value and dash.print_button.label.startswith("Print")


def pick(unit_id: str, measure_id: str = "I.1.a") -> dict:
    """What vega sends for a click on a cell (signal and store)."""
    return {
        "value": {"unit_id": [unit_id], "measure_id": [measure_id],
                  "vlPoint": {"or": [{"unit_id": unit_id, "measure_id": measure_id}]}},
        "store": [
            {"unit": "layer_0", "fields": [{"field": "unit_id", "type": "E"},
                                           {"field": "measure_id", "type": "E"}],
             "values": [unit_id, measure_id]}
        ],
    }


def test_a_click_on_the_heatmap_opens_the_unit(dash) -> None:
    dash.period.value = "2024Q4"  # a tree with three levels
    chart = dash.views["heatmap"].widget
    # what the browser sends when a cell of the Bát Xát row is clicked
    chart._vl_selections = {"unit_pick": pick("bat-xat", "I.2.b")}
    assert dash.view.unit_id == "bat-xat"
    assert dash.view.measure == "I.2.b"  # the drill keeps the measure: marked, in the URL
    assert "measure=I.2.b" in dash.url.query
    bullet = dash.views["bullet"].widget.spec
    shown = bullet["datasets"][next(iter(bullet["datasets"]))]
    assert [r["measure"] for r in shown if r["measure"].startswith("▶")] == [
        "▶ I.2.b — Giao dịch thanh toán trực tuyến"]
    assert "Huyện Bát Xát" in dash.title.value
    # the new heatmap (communes) listens too
    chart._vl_selections = {"unit_pick": pick("xa-a-mu-sung")}
    assert dash.view.unit_id == "xa-a-mu-sung"
    assert dash.views["heatmap"].box.layout.display == "none"  # a commune has no children
    assert "không có đơn vị trực thuộc" in dash.children_heading.value


def test_an_unexpected_error_is_logged_not_shown(
    dash, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(dashboard.charts, "chart_status_summary", broken)
    logger = logging.getLogger("cchc.apps.dashboard.page")
    logger.addHandler(caplog.handler)
    try:
        dash.unit.value = "so-noi-vu-2025"
    finally:
        logger.removeHandler(caplog.handler)
    assert "secret internals" not in dash.messages.value
    assert "máy chủ" in dash.messages.value  # "logged on the server"
    assert "RuntimeError: secret internals" in caplog.text  # with its traceback
    assert dash.view.unit_id == "lao-cai-2025"


def test_a_missing_data_folder_gives_a_page_with_the_message(tmp_path: Path) -> None:
    page = dashboard.open_dashboard(tmp_path / "nope", lang="en")
    assert "parameter data_dir: no such data folder" in page.value
    assert 'role="alert"' in page.value


def test_broken_data_gives_a_page_with_the_message(tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("unit_id,name\nlao-cai,Lào Cai\n", encoding="utf-8")
    page = dashboard.open_dashboard(tmp_path)
    assert "units.csv" in page.value and "Traceback" not in page.value


def test_warm_up_prepares_the_default_view(sample_dir: Path) -> None:
    dashboard.warm_up(sample_dir)
    prepared = dashboard._PREPARED[sample_dir]
    assert prepared.shown == prepared.view
    assert dashboard.open_dashboard(sample_dir) is prepared
    assert sample_dir not in dashboard._PREPARED
    dashboard.warm_up(sample_dir)  # a URL asking for another view reuses its widgets
    other = dashboard.open_dashboard(sample_dir, query="unit_id=so-noi-vu-2025")
    assert other.view.unit_id == "so-noi-vu-2025"


def test_warm_up_never_raises(tmp_path: Path) -> None:
    before = dict(dashboard._PREPARED)
    assert dashboard.warm_up(tmp_path / "nope") is None
    assert before == dashboard._PREPARED  # nothing half-built is kept for a bad folder


def test_served_chart_module_imports_from_the_server() -> None:
    esm = assets.served_chart_esm("templates/cchc/static/x.js")
    assert 'import(new URL(base + "templates/cchc/static/x.js"' in esm
    assert "http" not in esm
    view = assets.ChartView("status", "vi")
    assert view.widget.embed_options == assets.EMBED_OPTIONS
    assert view.widget.embed_options["actions"] is False  # its links would leave the server
    deferred = assets.served_chart_esm("x.js", deferred=True)
    assert "requestIdleCallback" in deferred and "module.default.render(context)" in deferred


def test_notebook_is_parameters_and_library_calls() -> None:
    import nbformat

    nb = nbformat.read(dashboard.paths.NOTEBOOKS_DIR / "dashboard.ipynb", as_version=4)
    sources = [c.source for c in nb.cells]
    assert all(c.cell_type == "code" and not c.outputs for c in nb.cells)
    assert not any(re.search(r"^\s*(def|class) ", s, re.M) for s in sources)
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    for name in ("unit_id: str", "period: str", "group: str", "lang: str", "data_dir: str"):
        assert name in parameters[0].source


# --------------------------------------------------------------------------- browser

SERVER_TIMEOUT = 240_000  # ms: a kernel start and a first page on 2 busy cores


@pytest.fixture(scope="module")
def server(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """One ``cchc serve`` for the module, stopped (and checked for kernels) at the end."""
    from browser import start_cchc_serve

    started = start_cchc_serve(sample_dir, tmp_path_factory.mktemp("serve") / "serve.log")
    yield started
    assert started.stop() == 0, started.log.read_text(encoding="utf-8")[-3000:]


@pytest.fixture(scope="module")
def chromium():
    from browser import launch_chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def outside(server):
    from browser import OutsideRequests

    return OutsideRequests(server.url)


@pytest.fixture
def open_page(server, chromium, outside):
    """Open the dashboard (with a query string) and wait until its charts are drawn."""
    from browser import CHART_SVG

    pages = []

    def opener(query: str = "", wait_for_chart: bool = True):
        page = chromium.new_page(viewport={"width": 1300, "height": 1000})
        page.set_default_timeout(SERVER_TIMEOUT)
        page.route("**/*", outside)
        pages.append(page)
        page.goto(server.url + query, wait_until="commit")
        if wait_for_chart:
            page.locator(CHART_SVG).first.wait_for(state="visible")
        else:
            page.locator(".cchc-dashboard").wait_for(state="visible")
        return page

    yield opener
    for page in pages:
        page.close(run_before_unload=True)


def chart_texts(page, name: str) -> str:
    return page.locator(f".cchc-chart-{name} svg.marks").first.text_content() or ""


@pytest.mark.slow
@pytest.mark.browser
def test_page_loads_and_draws_its_charts(open_page) -> None:
    page = open_page()
    assert page.locator("h1").first.text_content() == "Tỉnh Lào Cai"
    for name in ("status", "contacts", "bullet", "trends", "heatmap", "ranking"):
        page.locator(f".cchc-chart-{name} svg.marks").first.wait_for(state="visible")
    assert "Dữ liệu tổng hợp" in page.locator(".cchc-synthetic").text_content()
    # the page scrolls inside #rendered_cells: make the window as tall as the page
    height = page.evaluate("document.getElementById('rendered_cells').scrollHeight")
    page.set_viewport_size({"width": 1300, "height": int(height) + 40})
    page.wait_for_timeout(500)  # a relayout, nothing to wait for in the page
    page.screenshot(path="/tmp/dashboard.png")


@pytest.mark.slow
@pytest.mark.browser
def test_no_code_and_no_traceback_on_the_page(open_page) -> None:
    page = open_page()
    for selector in (
        ".jp-InputArea",
        ".jp-InputPrompt",
        ".jp-CodeMirrorEditor",
        "pre",
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
    ):
        assert page.locator(selector).filter(visible=True).count() == 0, selector
    body = page.inner_text("body")
    for code in ("open_dashboard", "import ", "request_query", "Traceback", "Error"):
        assert code not in body


@pytest.mark.slow
@pytest.mark.browser
def test_changing_the_unit_updates_the_charts(open_page) -> None:
    page = open_page("?period=2024Q4")  # before the merger: province, districts, communes
    before = chart_texts(page, "heatmap")
    assert "Huyện Bát Xát" in before
    # a unit's depth is shown by plain "› " marks
    labels = [
        text.replace("\xa0", " ").strip()
        for text in page.locator(".cchc-unit select option").all_text_contents()
    ]
    page.locator(".cchc-unit select").select_option(index=labels.index("› Huyện Bát Xát"))
    page.locator("h1", has_text="Huyện Bát Xát").wait_for()
    page.wait_for_function(
        "() => document.querySelector('.cchc-chart-heatmap svg.marks')"
        "?.textContent.includes('Xã A Mú Sung')"
    )
    assert "Huyện Bát Xát" not in chart_texts(page, "heatmap")
    page.wait_for_function("() => location.search.includes('unit_id=bat-xat')")


@pytest.mark.slow
@pytest.mark.browser
def test_a_click_on_a_child_in_the_heatmap_opens_it(open_page) -> None:
    page = open_page()
    cell = page.locator(".cchc-chart-heatmap svg.marks g.mark-rect path").first
    cell.scroll_into_view_if_needed()
    # a point of the first cell (Sở Nội vụ's row) not covered by the value written in it
    point = page.evaluate(
        """cell => {
        const box = cell.getBoundingClientRect();
        for (let x = box.left + 1; x < box.right; x += 1) {
            const y = box.top + box.height / 2;
            if (document.elementFromPoint(x, y) === cell) { return [x, y]; }
        }
        return null;
    }""",
        cell.element_handle(),
    )
    assert point is not None
    page.mouse.click(*point)
    page.locator("h1", has_text="Sở Nội vụ").wait_for()
    page.wait_for_function("() => location.search.includes('unit_id=so-noi-vu-2025')")


@pytest.mark.slow
@pytest.mark.browser
def test_a_url_with_a_unit_opens_that_unit(open_page) -> None:
    page = open_page("?unit_id=bat-xat&period=2024Q3&group=I&lang=en")
    page.locator("h1", has_text="Huyện Bát Xát").wait_for()
    assert "2024 Q3" in page.locator(".cchc-sub").first.text_content()
    assert "Measures by status" in chart_texts(page, "status")


@pytest.mark.slow
@pytest.mark.browser
def test_a_bad_unit_id_shows_a_message_not_a_traceback(open_page) -> None:
    page = open_page("?unit_id=no-such-unit&lang=en")
    alert = page.locator(".cchc-messages [role=alert]")
    alert.wait_for(state="visible")
    assert "parameter unit_id" in alert.text_content()
    assert "no-such-unit" in alert.text_content()
    assert page.locator("h1").first.text_content() == "Tỉnh Lào Cai"  # and still usable
    body = page.inner_text("body")
    assert "Traceback" not in body and 'File "' not in body


@pytest.mark.slow
@pytest.mark.browser
def test_the_picker_shows_the_unit_and_opens_a_single_match(open_page) -> None:
    page = open_page()
    select = page.locator(".cchc-unit select")
    page.locator(".cchc-search input").fill("xa s")
    page.wait_for_function(
        "() => document.querySelector('.cchc-unit select').options[0].text.includes('khớp')")
    # ipywidgets' list box writes every space as a no-break space; no option is padded
    options = [t.replace("\xa0", " ") for t in select.locator("option").all_text_contents()]
    assert re.fullmatch(r"— \d+ đơn vị khớp: chọn một —", options[0])
    assert not [t for t in options if t != t.lstrip()]
    # still the unit on the page, not the count
    assert select.evaluate("s => s.options[s.selectedIndex].text") == "Tỉnh\xa0Lào\xa0Cai"
    page.locator(".cchc-search input").fill("si ma cai")
    page.locator("h1", has_text="Xã Si Ma Cai").wait_for()
    page.wait_for_function(
        "() => { const s = document.querySelector('.cchc-unit select');"
        " return s.options[s.selectedIndex].text.endsWith('Cai'); }")


@pytest.mark.slow
@pytest.mark.browser
def test_controls_fit_their_labels_in_both_languages(open_page) -> None:
    """No option of the period, group and unit selectors is cut ("Year 2", "II. Reform of
    the state administrative appar"): each fits its box, measured with the box's font."""
    for lang in ("vi", "en"):
        page = open_page(f"?lang={lang}&period=2024Q4")
        for name in ("period", "group", "unit"):
            cut = page.locator(f".cchc-{name} select").evaluate("""s => {
                const ctx = document.createElement('canvas').getContext('2d');
                const style = getComputedStyle(s);
                ctx.font = style.fontSize + ' ' + style.fontFamily;
                const room = s.clientWidth - 28;  // the arrow and the padding
                return Array.from(s.options).map(o => o.text)
                    .filter(t => ctx.measureText(t).width > room);
            }""")
            assert cut == [], (lang, name, cut)


@pytest.mark.slow
@pytest.mark.browser
def test_the_view_downloads_as_csv_and_prints(open_page) -> None:
    page = open_page("?unit_id=bat-xat&period=2024Q4")
    page.locator("h1", has_text="Huyện Bát Xát").wait_for()
    assert "dữ liệu cập nhật ngày" in page.locator(".cchc-stamp").text_content()
    assert page.locator(".cchc-cards .cchc-card").count() >= 3
    link = page.locator("a.cchc-download-csv")
    assert link.get_attribute("download") == "cchc-bat-xat-2024Q4.csv"
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("unit_id,period,measure_id") and "bat-xat,2024Q4" in text
    button = page.locator(".cchc-print")
    assert button.text_content() == "In / lưu PDF"
    page.emulate_media(media="print")  # what the button's print dialog lays out
    assert not page.locator(".cchc-selectors").is_visible()
    assert page.locator("h1", has_text="Huyện Bát Xát").is_visible()
    page.emulate_media(media="screen")


@pytest.mark.slow
@pytest.mark.browser
def test_screenshot_of_the_dashboard(open_page) -> None:
    """Written for people to look at (outputs/screenshots/, git-ignored)."""
    page = open_page("?period=2024Q4")
    page.locator(".cchc-chart-heatmap svg.marks").first.wait_for(state="visible")
    height = page.evaluate("document.getElementById('rendered_cells').scrollHeight")
    page.set_viewport_size({"width": 1300, "height": int(height) + 40})
    page.wait_for_timeout(500)  # a relayout, nothing to wait for in the page
    shots = dashboard.paths.OUTPUTS_DIR / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "dashboard.png"))
    assert (shots / "dashboard.png").stat().st_size > 50_000


@pytest.mark.slow
@pytest.mark.browser
def test_no_request_left_the_server(open_page, outside) -> None:
    page = open_page("?unit_id=xa-si-ma-cai-2025")
    page.locator("h1", has_text="Si Ma Cai").wait_for()
    assert outside.blocked == []
