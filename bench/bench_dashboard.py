"""Benchmark: the dashboard for a meeting room, and against a bare Voila notebook.

**Sessions at once** (``--sessions 1,10,20``): one ``cchc serve`` with its production
settings (a pool of preheated kernels, …); for each count, that many pages are opened at
the same moment (each in its own browser context, as each manager has their own
browser) and the time to each page's first chart is taken from the page itself; the
ratio is to the one-session median of the same run. Also printed: the CPU the server
and its kernels used during the opening against the CPU of the browser (on a single
machine the browser renders every page: on the meeting room's own laptops it would
not), and the server's memory (server + kernels, RSS) once the pages are closed, at
once and after the cull time, with the number of kernels left (the pool).

**Against a bare notebook** (``--bare``; skipped with ``--sessions-only``): both are
served the same way, by :func:`cchc.apps.serve.run` with the production settings of
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
    .venv/bin/python bench/bench_dashboard.py --sessions-only --sessions 1,10,20
    .venv/bin/python bench/bench_dashboard.py --data data/sample --concurrent 10

The machine running it also runs the browser: on a shared 2-core machine the figures
say more about the browser's share of the CPU than about the server's.
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
    CHROMIUM,
    CHROMIUM_ARGS,
    OutsideRequests,
    Server,
    close_all,
    launch_chromium,
    open_at_once,
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
    "from pathlib import Path; import sys; from cchc.apps.serve import Settings, prepare, run; "
    "run(Settings(prepare(sys.argv[1]), port=int(sys.argv[2]), notebook=Path(sys.argv[3]),"
    " pool_size=1))"
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


# --------------------------------------------------------------------------- sessions


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


def browser_processes() -> list[psutil.Process]:
    """This benchmark's own browser (Playwright's driver and chromium: our descendants)."""
    return psutil.Process().children(recursive=True)


def server_memory(server: Server) -> tuple[float, int]:
    """RSS of the server and its kernels (MB), and the number of kernels."""
    kernels = server.kernels()
    total = 0
    for process in [psutil.Process(server.process.pid), *kernels]:
        with contextlib.suppress(psutil.Error):
            total += process.memory_info().rss
    return total / 2**20, len(kernels)


def measure_sessions(data: Path, counts: list[int], workdir: Path, pool: int,
                     cull_idle: int) -> list[dict]:
    import asyncio

    from playwright.async_api import async_playwright

    server = start_server(["-m", "cchc", "serve", "--data", str(data), "--port", "{port}",
                           "--pool", str(pool), "--cull-idle", str(cull_idle)],
                          workdir / "sessions.log")
    guard = OutsideRequests(server.url)
    rounds: list[dict] = []

    async def one_round(count: int) -> dict:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                       args=CHROMIUM_ARGS)
            try:
                own = [psutil.Process(server.process.pid), *server.kernels()]
                before_server, before_browser = cpu_seconds(own), cpu_seconds(browser_processes())
                start = time.perf_counter()
                sessions = await open_at_once(browser, server.url, count, guard=guard)
                wall = time.perf_counter() - start
                own = [psutil.Process(server.process.pid), *server.kernels()]
                used_server = cpu_seconds(own) - before_server
                used_browser = cpu_seconds(browser_processes()) - before_browser
                times = [s.seconds for s in sessions if s.seconds is not None]
                await close_all(sessions)
            finally:
                await browser.close()
        return {"count": count, "times": times, "drawn": len(times), "wall": wall,
                "cpu_server": used_server, "cpu_browser": used_browser}

    try:
        for count in counts:
            wait_for_pool(server, pool)
            wait_quiet(server)
            print(f"  {count} page request(s) at once, no browser …", file=sys.stderr)
            sent = server_side_round(server.url, count)
            wait_for_pool(server, pool)
            wait_quiet(server)
            print(f"  {count} session(s) at once …", file=sys.stderr)
            result = asyncio.run(one_round(count))
            result["sent"] = sent
            time.sleep(3)
            result["memory_closed"], result["kernels_closed"] = server_memory(server)
            time.sleep(cull_idle + 15)
            result["memory_culled"], result["kernels_culled"] = server_memory(server)
            rounds.append(result)
    except Exception:
        print("--- server log:\n" + server.log.read_text(encoding="utf-8")[-4000:],
              file=sys.stderr)
        raise
    finally:
        server.stop()
    for result in rounds:
        result["outside_requests"] = len(guard.blocked)
    return rounds


def server_side_round(url: str, count: int) -> dict:
    """``count`` requests for the page at once, without a browser: seconds until each
    whole page has been sent (every cell rendered by its kernel). Each kernel is then
    shut down as a closing page does (the beacon's POST, with the ``_xsrf`` cookie)."""
    import concurrent.futures
    import re
    import urllib.parse
    import urllib.request

    def fetch(_: int) -> tuple[float, str | None, str | None]:
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=900) as response:  # local server only
            body = response.read().decode("utf-8")
            cookies = response.headers.get_all("Set-Cookie") or []
        seconds = time.perf_counter() - start
        kernel = re.search(r'"kernelId":\s*"([^"]+)"', body)
        xsrf = next((c.split(";")[0].split("=", 1)[1] for c in cookies
                     if c.startswith("_xsrf=")), None)
        return seconds, kernel.group(1) if kernel else None, xsrf

    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        fetched = list(pool.map(fetch, range(count)))
    closed = 0
    for _, kernel, xsrf in fetched:
        if kernel and xsrf:
            request = urllib.request.Request(
                f"{url}voila/api/shutdown/{kernel}", method="POST",
                data=urllib.parse.urlencode({"_xsrf": xsrf}).encode(),
                headers={"Cookie": f"_xsrf={xsrf}"})
            with urllib.request.urlopen(request, timeout=60) as response:
                closed += response.status == 204
    return {"times": [f[0] for f in fetched], "closed": closed}


def wait_for_pool(server: Server, pool: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while len(server.kernels()) < pool and time.monotonic() < deadline:
        time.sleep(1)


def report_sessions(rounds: list[dict], pool: int) -> None:
    base = statistics.median(rounds[0]["times"]) if rounds and rounds[0]["times"] else None
    print(f"sessions at once (pool of {pool} preheated kernels); ratio = median / "
          "median of the first row")
    print(f"{'pages':>6s}{'drawn':>7s}{'median s':>10s}{'max s':>8s}{'ratio':>7s}"
          f"{'cpu server+kernels s':>22s}{'cpu browser s':>15s}"
          f"{'MB after close':>16s}{'kernels':>9s}{'MB after cull':>15s}{'kernels':>9s}")
    for r in rounds:
        median = statistics.median(r["times"]) if r["times"] else float("nan")
        ratio = median / base if base else float("nan")
        print(f"{r['count']:6d}{r['drawn']:7d}{median:10.2f}"
              f"{max(r['times'], default=float('nan')):8.2f}{ratio:7.2f}"
              f"{r['cpu_server']:22.1f}{r['cpu_browser']:15.1f}{r['memory_closed']:16.0f}"
              f"{r['kernels_closed']:9d}{r['memory_culled']:15.0f}{r['kernels_culled']:9d}")
    print("the same counts without a browser: seconds until each whole page was sent "
          "(its kernel has run every cell), then its kernel shut down by the page's beacon")
    print(f"{'pages':>6s}{'median s':>10s}{'max s':>8s}{'kernels shut down by beacon':>29s}")
    for r in rounds:
        sent = r["sent"]
        print(f"{r['count']:6d}{statistics.median(sent['times']):10.2f}"
              f"{max(sent['times']):8.2f}{sent['closed']:29d}")
    print(f"requests to other hosts (aborted): {rounds[-1]['outside_requests'] if rounds else 0}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="data folder (default: a new small sample)")
    parser.add_argument("--warm-runs", type=int, default=3)
    parser.add_argument("--concurrent", type=int, default=10)
    parser.add_argument("--sessions", default="1,10,20",
                        help="pages opened at once, one round per count")
    parser.add_argument("--pool", type=int, default=10, help="cchc serve --pool")
    parser.add_argument("--cull-idle", type=int, default=50, help="cchc serve --cull-idle")
    parser.add_argument("--sessions-only", action="store_true",
                        help="skip the comparison with bare notebooks")
    options = parser.parse_args()
    counts = [int(c) for c in options.sessions.split(",") if c.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        workdir = Path(tmp)
        data = options.data
        if data is None:
            from cchc.sample import write_sample

            data = workdir / "sample"
            write_sample(data, seed=2021, scale="small")
        data = data.resolve()
        print("measuring sessions at once …", file=sys.stderr)
        rounds = measure_sessions(data, counts, workdir, options.pool, options.cull_idle)
        if not options.sessions_only:
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
                    ["-m", "cchc", "serve", "--data", str(data), "--port", "{port}",
                     "--pool", "1"],
                    browser,
                    options.warm_runs,
                    options.concurrent,
                    workdir,
                    QUERY,
                )
                browser.close()
    report_sessions(rounds, options.pool)
    if not options.sessions_only:
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
