"""The quarterly batch, end to end: real notebooks executed by papermill in real kernels."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from cchc.present import render
from conftest import PROJECT, run_cli

pytestmark = pytest.mark.slow
UNITS = "lao-cai,bat-xat,so-noi-vu"


def _kernel_pids() -> set[int]:
    """Kernels started by cchc run (their connection files live in cchc-kernel-* dirs)."""
    pids = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"ipykernel" in cmdline and b"cchc-kernel-" in cmdline:
            pids.add(int(proc.name))
    return pids


@pytest.fixture(scope="module")
def run_a(sample_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "a"
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out", out,
                     "--units", UNITS, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    # stderr is a pipe, not a terminal: plain progress lines, the last one complete
    # (issue 12, point 9), in both languages
    lines = [line for line in result.stderr.splitlines() if line.startswith("progress: ")]
    total = len(UNITS.split(",")) + 1  # the units' workbooks and the overview
    assert lines and lines[-1].startswith(f"progress: {total}/{total} workbooks done, about ")
    assert f"| tiến độ: {total}/{total} sổ theo dõi xong, còn khoảng " in lines[-1]
    return out


def test_outputs_are_written(run_a):
    for unit in UNITS.split(","):
        nb = nbformat.read(run_a / unit / "workbook.ipynb", as_version=4)
        assert nb.cells and all(c.get("outputs") is not None for c in nb.cells
                                if c.cell_type == "code")
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                  if o.output_type == "error"]
        assert not errors
        assert (run_a / unit / "workbook.html").stat().st_size > 10_000
    assert (run_a / "overview.ipynb").exists() and (run_a / "overview.html").exists()
    summary = (run_a / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert summary[0].startswith("unit_id,period,measure_id,numerator,denominator,value,target,"
                                 "gap,met,status,status_basis")
    manifest = json.loads((run_a / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == "2024Q3" and manifest["failed"] == 0
    assert {u["unit_id"] for u in manifest["units"]} == {"overview", *UNITS.split(",")}
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert manifest["versions"]["papermill"]
    assert not list(run_a.rglob("*.tmp"))


def test_workbook_content_keeps_vietnamese_and_marks_synthetic(run_a):
    html = (run_a / "bat-xat" / "workbook.html").read_text(encoding="utf-8")
    assert "Huyện Bát Xát" in html
    assert "giả lập" in html  # the synthetic-data banner
    assert "Cải cách thủ tục hành chính" in html


def test_tasks_as_of_the_period_end_beside_the_summary(run_a, sample_dir):
    listed = run_cli("tasks", "--data", sample_dir, "--as-of", "2024-09-30", "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert (run_a / "tasks.csv").read_text(encoding="utf-8") == listed.stdout
    manifest = json.loads((run_a / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]["tasks"] == "tasks.csv"
    html = (run_a / "bat-xat" / "workbook.html").read_text(encoding="utf-8")
    assert "Nhiệm vụ được giao" in html and "Đến ngày 30/09/2024" in html
    assert "Nhiệm vụ theo đơn vị" in (run_a / "overview.html").read_text(encoding="utf-8")


def test_deterministic_wherever_outdir_is(run_a, sample_dir, tmp_path):
    out = tmp_path / "elsewhere" / "b"
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out", out,
                     "--units", UNITS, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    files_a = sorted(p.relative_to(run_a) for p in run_a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (run_a / rel).read_bytes() == (out / rel).read_bytes(), rel
    text = (out / "bat-xat" / "workbook.ipynb").read_text(encoding="utf-8")
    assert str(out) not in text and str(tmp_path) not in text
    assert "papermill" not in json.loads(text)["metadata"]


def test_html_loads_nothing_from_outside(run_a):
    from html.parser import HTMLParser

    class Refs(HTMLParser):
        def __init__(self):
            super().__init__()
            self.refs: list[str] = []
            self.scripts = 0

        def handle_starttag(self, tag, attrs):
            self.scripts += tag == "script" and ("type", "application/json") not in attrs
            if tag == "a":  # a link is followed by a reader, never loaded by the page
                return
            for name, value in attrs:
                if name in ("src", "href", "srcset", "data") and value:
                    self.refs.append(value)

    charts_js = f"assets/{render.javascript_name()}"
    for page, shared in [(run_a / "overview.html", charts_js),
                         (run_a / "bat-xat" / "workbook.html", f"../{charts_js}")]:
        parser = Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        # the one script is the run's local copy of the Vega libraries, beside the pages
        assert parser.refs == [shared], page
        assert parser.scripts == 1
        assert (page.parent / shared).resolve().is_file()
        assert "@import" not in page.read_text(encoding="utf-8")
    assert "http" not in render.charts_javascript().rsplit("window.vegaEmbed", 1)[-1]


@pytest.mark.browser
def test_html_renders_offline_in_chromium(run_a):
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                ("file:", "data:")) else (blocked.append(route.request.url), route.abort())[1])
            page.goto((run_a / "bat-xat" / "workbook.html").as_uri())
            page.wait_for_selector("body[data-charts-drawn]", timeout=60_000)
            figures = page.locator("figure.cchc-chart")
            assert figures.count() >= 10
            assert page.locator("figure.cchc-chart.cchc-drawn svg.marks").count() == (
                figures.count())
            assert page.locator("figure.cchc-failed").count() == 0
            labels = figures.evaluate_all("fs => fs.map(f => f.getAttribute('aria-label'))")
            assert all(label and label != "No description has been provided" for label in labels)
            assert "Huyện Bát Xát" in page.inner_text("h1")
            pdf = page.pdf(format="A4")  # it prints, charts included
            assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
        finally:
            browser.close()
    assert blocked == []


def test_one_failing_unit_does_not_stop_the_others(sample_dir, tmp_path):
    nb = nbformat.read(PROJECT / "notebooks" / "workbook.ipynb", as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell(
        'if unit_id == "bat-xat":\n    raise RuntimeError("dữ liệu hỏng")'))
    template = tmp_path / "failing.ipynb"
    nbformat.write(nb, template)
    out = tmp_path / "out"
    stale = out / "bat-xat" / "workbook.ipynb"  # left by an earlier, successful run
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out", out,
                     "--units", UNITS, "--template", template)
    assert result.returncode == 1
    assert "bat-xat" in result.stderr and "RuntimeError" in result.stderr
    assert "Traceback" not in result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    failed = [u for u in manifest["units"] if not u["ok"]]
    assert [u["unit_id"] for u in failed] == ["bat-xat"]
    # the cell's index in the executed notebook (papermill injects one after the parameters)
    assert failed[0]["cell"] == 5 and "dữ liệu hỏng" in failed[0]["error"]
    assert failed[0]["source"] == 'if unit_id == "bat-xat":'
    assert not (out / "bat-xat" / "workbook.ipynb").exists()
    assert (out / "lao-cai" / "workbook.html").exists()
    assert (out / "so-noi-vu" / "workbook.ipynb").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--period", "2024Q9"], "--period"),
        (["--period", "2024Q3", "--units", "lao-cai,khong-co"], "khong-co"),
        (["--period", "2024Q3", "--jobs", "0"], "--jobs"),
        (["--period", "2024Q3", "--lang", "fr"], "--lang"),
    ],
)
def test_bad_parameters(sample_dir, tmp_path, args, needle):
    """Said at once, nothing written; the workers started before the data were read
    (an unknown unit is found then) are stopped, their kernels with them."""
    before = _kernel_pids()
    out = tmp_path / "out"
    result = run_cli("run", "--data", sample_dir, "--out", out, *args)
    assert result.returncode == 2
    assert needle in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())
    for _ in range(25):  # a kernel whose worker was killed ends itself: give it a moment
        if not _kernel_pids() - before:
            break
        time.sleep(0.2)
    assert _kernel_pids() - before == set()


def test_ctrl_c_leaves_no_half_written_workbook_and_no_kernel(sample_dir, tmp_path):
    before = _kernel_pids()
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cchc", "run", "--data", str(sample_dir),
                             "--period", "2024Q3", "--out", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*/workbook.html")):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".*.tmp"))
    for notebook in out.rglob("workbook.ipynb"):
        nbformat.validate(nbformat.read(notebook, as_version=4))
        assert (notebook.parent / "workbook.html").exists()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _kernel_pids() - before:
        time.sleep(0.5)
    assert _kernel_pids() - before == set()


@pytest.mark.browser
def test_executed_workbook_draws_its_charts_offline_in_jupyterlab(run_a, tmp_path):
    """An analyst opens an executed workbook in JupyterLab: the Vega-Lite outputs are drawn
    by JupyterLab's own renderer, nothing is fetched from outside the server."""
    from browser import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_port
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1",
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")}
    lab = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--allow-root", "--no-browser",
         f"--port={port}", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=test",
         f"--ServerApp.root_dir={run_a}", "--ServerApp.port_retries=0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    blocked: list[str] = []
    try:
        wait_for_port(port, lab, timeout=120)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                local = (f"http://127.0.0.1:{port}", "data:", "blob:")
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(local)
                           else (blocked.append(route.request.url), route.abort())[1])
                page.goto(f"http://127.0.0.1:{port}/lab/tree/bat-xat/workbook.ipynb?token=test")
                nb = json.loads((run_a / "bat-xat" / "workbook.ipynb").read_text("utf-8"))
                expected = sum(render.VEGALITE_MIME in out.get("data", {}) for cell in nb["cells"]
                               for out in cell.get("outputs", []))
                assert expected >= 10
                # JupyterLab draws outputs as they come into view: wait for every one, each
                # drawn once (an embed holding its svg or canvas)
                page.wait_for_function(
                    """n => [...document.querySelectorAll('.vega-embed')].filter(
                           e => e.querySelector('svg.marks, canvas')).length === n""",
                    arg=expected, timeout=180_000)
            finally:
                browser.close()
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=60)
    assert blocked == []


FINAL_UNITS = "lao-cai-2025,phuong-lao-cai-2025"


def test_the_programmes_final_report_on_the_units_of_today(sample_dir, tmp_path):
    """`cchc run --period 2025`: the 2021–2025 closing assessment on the new units, the
    history carried from their predecessors, the overview opening with the province's
    result for each of the 19 indicators."""
    import pandas as pd

    out = tmp_path / "2025"
    result = run_cli("run", "--data", sample_dir, "--period", "2025", "--out", out,
                     "--units", FINAL_UNITS, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    summary = pd.read_csv(out / "summary.csv", dtype={"unit_id": str})
    assert summary["unit_id"].str.endswith("-2025").all()  # the tree in force at its end
    assert (summary["period"] == 2025).all()
    province = summary[summary["unit_id"] == "lao-cai-2025"].set_index("measure_id")
    assert province["base_year"].eq(2021).all()  # its series starts with the old provinces
    assert set(province["status"]) - {"not_applicable", "no_data"}
    overview = nbformat.read(out / "overview.ipynb", as_version=4)
    code = [c for c in overview.cells if c.cell_type == "code"]
    calls = [c.source for c in code]
    title = calls.index("wbk.show_title(wb)")
    # the overview opens with its contents and headline cards, then the indicators
    assert calls[title + 1: title + 4] == ["wbk.show_contents(wb)", "wbk.show_cards(wb)",
                                           "wbk.show_indicators(wb)"]
    table = code[title + 3].outputs[0]["data"]["text/html"]
    assert "Kết quả 19 chỉ tiêu của tỉnh" in table
    assert table.count("<tr>") == 19  # one row per indicator (the header row has a style)
    assert "Đánh giá kết thúc chương trình 2021-2025" in "".join(
        o["data"]["text/html"] for o in code[title].outputs)
    html = (out / "phuong-lao-cai-2025" / "workbook.html").read_text(encoding="utf-8")
    assert "Đơn vị hình thành ngày 01/07/2025 từ: Phường Duyên Hải, Phường Lào Cai, " \
           "Phường Cốc Lếu" in html
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == "2025" and manifest["failed"] == 0


def test_an_old_period_shows_the_provinces_of_its_time(run_a):
    html = (run_a / "overview.html").read_text(encoding="utf-8")
    assert "<h1>Tỉnh Lào Cai · Tỉnh Yên Bái</h1>" in html
    assert "Tỉnh Yên Bái: Kết quả" in html  # the indicator table, side by side
    workbook = (run_a / "bat-xat" / "workbook.html").read_text(encoding="utf-8")
    assert "Đơn vị đã kết thúc ngày 30/06/2025, không có đơn vị kế thừa." in workbook


def test_notebooks_are_written_as_nbformat_writes_them(caplog):
    import copy

    import nbformat
    from cchc.apps.runs import notebook_json
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    nb = new_notebook(metadata={"orig_nbformat": 3})
    nb.cells = [
        new_markdown_cell("# Tỉnh Lào Cai\n\nhai dòng"),
        new_code_cell("wbk.show_title(wb)\nx = 1", execution_count=1, outputs=[
            new_output("display_data", data={"text/html": "<p>a</p>\n<p>b</p>",
                                             "application/vnd.vegalite.v5+json": {"a": [1]},
                                             "text/plain": "Biểu đồ."}),
            new_output("stream", name="stdout", text="một\nhai\n"),
        ]),
    ]
    nb.cells[1].metadata["trusted"] = True
    assert notebook_json(copy.deepcopy(nb)) == nbformat.writes(nb)
    broken = copy.deepcopy(nb)
    broken.cells[1]["outputs"][0]["output_type"] = "nonsense"
    with caplog.at_level("ERROR"):
        assert notebook_json(copy.deepcopy(broken)) == nbformat.writes(broken)
    assert "Notebook JSON is invalid" in caplog.text
