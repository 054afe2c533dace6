"""Benchmark: the dashboard against a bare Voila notebook that draws one Altair chart.

Both are served the same way, by :func:`cchc.serve.run` with the production settings of
``cchc serve`` (preheated kernel, cchc template, …), measured in the same run, in
headless Debian chromium:

* time to first chart: from navigation to the first chart on the page;
  *cold* is the first page of a server just started (its kernel still starting), *warm*
  a page of a server whose preheated kernel is waiting (median of ``--warm-runs``);
* memory per open page: resident memory (RSS, and USS: memory no other process shares)
  of the kernel serving the page;
* ``--concurrent`` dashboards opened at once: all must draw their charts.

Two bare notebooks are measured: Altair's offline interactive chart
(``alt.JupyterChart.enable_offline()``, the way to draw an interactive chart with no
internet) and the static SVG renderer (``alt.renderers.enable("svg")``). Ratios are
dashboard / bare; the aim is ≤ 1.5. Run:

    .venv/bin/python bench/bench_dashboard.py                  # the small sample
    .venv/bin/python bench/bench_dashboard.py --data data/sample --concurrent 10
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import (  # noqa: E402  (the browser helpers live with the tests)
    OutsideRequests,
    Server,
    launch_chromium,
    start_server,
)

#: A drawn chart: vega's SVG (JupyterChart), or the SVG output of the static renderer
#: (JupyterLab shows an untrusted notebook's SVG output as an image).
FIRST_CHART = "svg.marks, .jp-RenderedSVG img, .jp-RenderedSVG svg"
DATA = [("Sở Nội vụ", 82.5), ("Bát Xát", 64.0), ("Si Ma Cai", 47.3), ("TP Lào Cai", 91.2)]
BARE_CELLS = {
    "jupyterchart": [
        "import altair as alt\nimport pandas as pd\n\nalt.JupyterChart.enable_offline()",
        f"frame = pd.DataFrame({DATA!r}, columns=['unit', 'value'])\n"
        "alt.JupyterChart(alt.Chart(frame).mark_bar().encode(x='value', y='unit'),\n"
        "                 embed_options={'renderer': 'svg', 'actions': False})",
    ],
    "svg": [
        "import altair as alt\nimport pandas as pd\n\nalt.renderers.enable('svg');",
        f"frame = pd.DataFrame({DATA!r}, columns=['unit', 'value'])\n"
        "alt.Chart(frame).mark_bar().encode(x='value', y='unit')",
    ],
}
#: A shared link: another unit, period and group than the default view.
QUERY = "?unit_id=bat-xat&period=2024Q3&group=II"
SERVE = (
    "from pathlib import Path; import sys; from cchc.serve import Settings, prepare, run; "
    "run(Settings(prepare(sys.argv[1]), port=int(sys.argv[2]), notebook=Path(sys.argv[3])))"
)


def write_notebook(cells: list[str], path: Path) -> Path:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"c{i}",
                "metadata": {},
                "outputs": [],
                "source": source,
            }
            for i, source in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


def wait_quiet(server: Server, timeout: float = 180) -> None:
    """Until the server and its kernels are idle (the preheated kernel is ready)."""
    deadline = time.monotonic() + timeout
    processes = [psutil.Process(server.process.pid)]
    while time.monotonic() < deadline:
        processes = [psutil.Process(server.process.pid), *server.kernels()]
        for p in processes:
            p.cpu_percent(None)
        time.sleep(1.5)
        busy = 0.0
        for p in processes:
            with contextlib.suppress(psutil.NoSuchProcess):
                busy += p.cpu_percent(None)
        if busy < 8:
            return
    raise TimeoutError("the server did not settle")


def kernel_of(page, server: Server) -> psutil.Process | None:
    kernel_id = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    for k in server.kernels():
        if any(kernel_id in part for part in k.cmdline()):
            return k
    return None


def open_page(browser, server: Server, guard: OutsideRequests, timeout_ms: float, query: str = ""):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.route("**/*", guard)
    start = time.perf_counter()
    page.goto(server.url + query, wait_until="commit", timeout=timeout_ms)
    page.locator(FIRST_CHART).first.wait_for(state="visible", timeout=timeout_ms)
    seconds = time.perf_counter() - start
    print(f"  {server.url}{query}: first chart after {seconds:.2f} s", file=sys.stderr)
    return page, seconds


def measure(
    name: str,
    args: list[str],
    browser,
    warm_runs: int,
    concurrent: int,
    workdir: Path,
    query: str = "",
) -> dict:
    server = start_server(args, workdir / f"{name}.log")
    guard = OutsideRequests(server.url)
    out: dict = {"name": name}
    try:
        page, out["cold"] = open_page(browser, server, guard, 240_000)
        page.close(run_before_unload=True)
        warm, rss, uss = [], [], []
        for _ in range(warm_runs):
            wait_quiet(server)
            page, seconds = open_page(browser, server, guard, 240_000)
            warm.append(seconds)
            wait_quiet(server)
            kernel = kernel_of(page, server)
            if kernel is not None:
                info = kernel.memory_full_info()
                rss.append(info.rss / 2**20)
                uss.append(info.uss / 2**20)
            page.close(run_before_unload=True)
        out.update(
            warm=statistics.median(warm),
            warm_all=warm,
            rss=statistics.median(rss) if rss else float("nan"),
            uss=statistics.median(uss) if uss else float("nan"),
        )
        if query:  # a shared link: the view is drawn after the request
            linked = []
            for _ in range(warm_runs):
                wait_quiet(server)
                page, seconds = open_page(browser, server, guard, 240_000, query)
                linked.append(seconds)
                page.close(run_before_unload=True)
            out["warm_query"] = statistics.median(linked)
        if concurrent:
            wait_quiet(server)
            context = browser.new_context(viewport={"width": 1300, "height": 900})
            pages = []
            start = time.perf_counter()
            for _ in range(concurrent):
                page = context.new_page()
                page.route("**/*", guard)
                page.goto(server.url, wait_until="commit", timeout=240_000)
                pages.append(page)
            drawn = 0
            for page in pages:
                try:
                    page.locator(FIRST_CHART).first.wait_for(state="visible", timeout=400_000)
                    drawn += 1
                except Exception as exc:  # counted, and the run goes on
                    print(f"  a page did not draw: {exc}", file=sys.stderr)
            out["concurrent_seconds"] = time.perf_counter() - start
            out["concurrent_drawn"] = drawn
            wait_quiet(server)
            kernels = [kernel_of(p, server) for p in pages]
            out["concurrent_rss"] = (
                sum(k.memory_info().rss for k in kernels if k)
                / 2**20
                / max(1, sum(1 for k in kernels if k))
            )
            context.close()
        out["outside_requests"] = len(guard.blocked)
    except Exception:
        print(
            f"--- {name} server log:\n" + server.log.read_text(encoding="utf-8")[-4000:],
            file=sys.stderr,
        )
        raise
    finally:
        out["exit"] = server.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="data folder (default: a new small sample)")
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--concurrent", type=int, default=10)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        workdir = Path(tmp)
        data = options.data
        if data is None:
            from cchc.sample import write_sample

            data = workdir / "sample"
            write_sample(data, seed=2021, scale="small")
        data = data.resolve()
        runs = []
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for kind, cells in BARE_CELLS.items():
                nb = write_notebook(cells, workdir / f"bare_{kind}.ipynb")
                print(f"measuring the bare notebook ({kind}) …", file=sys.stderr)
                runs.append(
                    measure(
                        f"bare-{kind}",
                        ["-c", SERVE, str(data), "{port}", str(nb)],
                        browser,
                        options.warm_runs,
                        0,
                        workdir,
                    )
                )
            print("measuring the dashboard …", file=sys.stderr)
            dashboard = measure(
                "dashboard",
                ["-m", "cchc", "serve", "--data", str(data), "--port", "{port}"],
                browser,
                options.warm_runs,
                options.concurrent,
                workdir,
                QUERY,
            )
            browser.close()
    report(dashboard, runs, options)


def report(dashboard: dict, bares: list[dict], options: argparse.Namespace) -> None:
    rows = [
        ("time to first chart, cold (s)", "cold"),
        ("time to first chart, warm (s)", "warm"),
        ("kernel memory per page, RSS (MB)", "rss"),
        ("kernel memory per page, USS (MB)", "uss"),
    ]
    head = f"{'':36s}{'dashboard':>11s}"
    for bare in bares:
        head += f"{bare['name']:>20s}{'ratio':>7s}"
    print(head)
    for title, key in rows:
        line = f"{title:36s}{dashboard[key]:11.2f}"
        for bare in bares:
            line += f"{bare[key]:20.2f}{dashboard[key] / bare[key]:7.2f}"
        print(line)
    print(
        f"warm runs (s): dashboard {', '.join(f'{s:.2f}' for s in dashboard['warm_all'])}; "
        + "; ".join(f"{b['name']} {', '.join(f'{s:.2f}' for s in b['warm_all'])}" for b in bares)
    )
    print(
        f"dashboard, warm, opened from a link ({QUERY}): first chart after "
        f"{dashboard['warm_query']:.2f} s (median)"
    )
    if options.concurrent:
        print(
            f"{options.concurrent} dashboards opened at once: {dashboard['concurrent_drawn']} "
            f"drew their charts, all within {dashboard['concurrent_seconds']:.1f} s; kernel "
            f"RSS {dashboard['concurrent_rss']:.0f} MB per page"
        )
    outside = dashboard["outside_requests"] + sum(b["outside_requests"] for b in bares)
    print(
        f"requests to other hosts (aborted): {outside}; server exit codes: "
        f"{dashboard['exit']}, " + ", ".join(str(b["exit"]) for b in bares)
    )


if __name__ == "__main__":
    main()
