"""Browser-test helpers: a real ``cchc serve`` in a subprocess, Debian chromium driven by
Playwright, and a guard that aborts and counts every request leaving the server's host.

Imported by tests/test_dashboard.py and bench/bench_dashboard.py; not a test module.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
]
#: A drawn chart: vega's SVG root inside a chart element of the page.
CHART_SVG = ".cchc-chart svg.marks"


def free_port() -> int:
    """A TCP port nobody listens on right now (on the loopback interface)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


@dataclass
class Server:
    """A server process started by a test (or the bench), stopped by it."""

    process: subprocess.Popen
    port: int
    log: Path
    kernels_seen: set[int] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def kernels(self) -> list[psutil.Process]:
        """The kernel processes the server has started and not yet ended."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        found = []
        for child in children:
            try:
                if "ipykernel" in " ".join(child.cmdline()):
                    found.append(child)
            except psutil.Error:  # ended (or a zombie) since it was listed
                continue
        self.kernels_seen |= {k.pid for k in found}
        return found

    def stop(self, sig: int = signal.SIGINT, timeout: float = 120) -> int:
        """Stop the server as a user would (Ctrl-C), then make sure no kernel is left.

        Returns the exit code; raises if a kernel the server started is still running.
        """
        self.kernels()
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
                raise
        left = [
            pid
            for pid in self.kernels_seen
            if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        ]
        deadline = time.monotonic() + 10
        while left and time.monotonic() < deadline:  # the parent poller may need a second
            time.sleep(0.5)
            left = [pid for pid in left if psutil.pid_exists(pid)]
        if left:
            for pid in left:
                psutil.Process(pid).kill()
            raise AssertionError(f"kernels left running after the server stopped: {left}")
        return self.process.returncode


def start_server(
    args: Sequence[str],
    log: Path,
    port: int | None = None,
    timeout: float = 180,
    env: dict[str, str] | None = None,
) -> Server:
    """Run ``python -c``/``-m`` ``args`` (a server taking ``--port``) and wait until it
    listens. ``args`` may hold ``{port}``, replaced by the port."""
    port = port or free_port()
    command = [sys.executable, *(a.format(port=port) for a in args)]
    environment = {**os.environ, "PYTHONUTF8": "1", **(env or {})}
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT, env=environment
        )
    server = Server(process, port, log)
    try:
        wait_for_port(port, process, timeout)
    except Exception:
        server.stop(signal.SIGTERM)
        raise
    return server


def start_cchc_serve(
    data_dir: Path, log: Path, port: int | None = None, timeout: float = 180,
    pool: int | None = 2,
) -> Server:
    """``cchc serve --data DATA --port PORT`` as a user runs it; ``pool`` preheated kernels
    (a small pool by default: tests open their pages one by one; None: the default)."""
    options = [] if pool is None else ["--pool", str(pool)]
    return start_server(
        ["-m", "cchc", "serve", "--data", str(data_dir), "--port", "{port}", *options], log,
        port, timeout,
    )


class OutsideRequests:
    """A Playwright route handler: requests to the server's host go through; every other
    request is aborted and remembered (``data:`` and ``blob:`` URLs stay in the page)."""

    def __init__(self, server_url: str) -> None:
        self.host = urlsplit(server_url).netloc
        self.blocked: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.netloc == self.host:
            return True
        self.blocked.append(url)
        return False

    def __call__(self, route) -> None:
        if self.allows(route.request.url):
            route.continue_()
        else:
            route.abort()

    async def handle(self, route) -> None:
        """The same, for Playwright's async API."""
        if self.allows(route.request.url):
            await route.continue_()
        else:
            await route.abort()


def launch_chromium(playwright):
    """Debian's chromium, headless, with no background traffic of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


# --------------------------------------------------------------------------- many pages

#: Put in every page before its own scripts: notes when the first chart is drawn
#: (milliseconds since the page's navigation started).
FIRST_CHART_PROBE = """
(() => {
  const probe = setInterval(() => {
    if (document.querySelector('.cchc-chart svg.marks')) {
      window.__cchcFirstChart = performance.now();
      clearInterval(probe);
    }
  }, 50);
})();
"""


@dataclass
class Session:
    """One page of many opened at once: its first-chart time (None: never drawn) and the
    kernel it got (its id, from the page's configuration)."""

    page: object
    seconds: float | None
    kernel_id: str | None


async def open_at_once(browser, url: str, count: int, timeout_ms: float = 300_000,
                       guard=None) -> list[Session]:
    """Open ``count`` pages of ``url`` at the same moment (Playwright's async API) and wait
    for each one's first chart. Each page has its own browser context (its own cookies),
    as each manager has their own browser."""
    import asyncio

    async def one():
        context = await browser.new_context(viewport={"width": 1300, "height": 900})
        await context.add_init_script(FIRST_CHART_PROBE)
        page = await context.new_page()
        if guard is not None:
            await page.route("**/*", guard.handle)
        return page

    pages = await asyncio.gather(*(one() for _ in range(count)))
    await asyncio.gather(*(p.goto(url, wait_until="commit", timeout=timeout_ms) for p in pages))

    async def first_chart(page) -> Session:
        try:
            await page.wait_for_function("window.__cchcFirstChart !== undefined",
                                         timeout=timeout_ms, polling=200)
            seconds = await page.evaluate("window.__cchcFirstChart") / 1000
        except Exception:  # counted as not drawn; the caller says how many
            seconds = None
        try:
            kernel = await page.evaluate(
                "JSON.parse(document.getElementById('jupyter-config-data').textContent)"
                ".kernelId")
        except Exception:
            kernel = None
        return Session(page, seconds, kernel)

    return list(await asyncio.gather(*(first_chart(p) for p in pages)))


async def close_all(sessions: list[Session], say_goodbye: bool = True) -> None:
    """Close the pages (``say_goodbye``: as a tab is closed, running ``beforeunload``;
    else as a crash, without it), then their contexts."""
    import asyncio

    for session in sessions:
        await session.page.close(run_before_unload=say_goodbye)
    await asyncio.sleep(2)  # the goodbye beacons leave as the pages unload
    for session in sessions:
        await session.page.context.close()
