"""The dashboard under a small meeting room's load, local only (slow, real chromium).

Five pages opened at once all draw a chart; a page closed as a tab is closed frees its
kernel at once (Voila's goodbye beacon, which needs the ``_xsrf`` cookie the server now
sets); a page that vanishes without a goodbye frees it within the cull interval, set
short here; past ``--max-sessions`` a visitor is asked to come back; kernels do not
compute the evaluation again (it is read from the cache ``cchc serve`` filled).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT

PAGES = 5
POOL = 2
CULL_IDLE = 6  # seconds (cchc serve checks every 2 s at this setting)


def _serve(sample_dir: Path, log: Path, *options: str):
    from browser import start_server

    return start_server(["-m", "cchc", "serve", "--data", str(sample_dir), "--port", "{port}",
                         *options], log)


def _kernel_ids(server) -> set[str]:
    """The ids of the kernels the server runs (their connection files name them)."""
    ids = set()
    for kernel in server.kernels():
        for part in kernel.cmdline():
            if part.endswith(".json") and "kernel-" in part:
                ids.add(Path(part).stem.removeprefix("kernel-"))
    return ids


def _until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


@pytest.mark.slow
@pytest.mark.browser
def test_five_pages_at_once_and_closed_pages_free_their_kernels(sample_dir, tmp_path):
    from browser import OutsideRequests, close_all, open_at_once
    from playwright.async_api import async_playwright

    server = _serve(sample_dir, tmp_path / "serve.log", "--pool", str(POOL),
                    "--cull-idle", str(CULL_IDLE))
    guard = OutsideRequests(server.url)

    async def scenario():
        async with async_playwright() as playwright:
            browser = await launch_chromium_async(playwright)
            try:
                sessions = await open_at_once(browser, server.url, PAGES, guard=guard)
                assert [s.seconds is not None for s in sessions] == [True] * PAGES
                kernels = {s.kernel_id for s in sessions}
                assert None not in kernels and len(kernels) == PAGES
                assert kernels <= _kernel_ids(server)
                # a tab closed: its goodbye shuts the kernel down at once
                goodbye, crash, *others = sessions
                await close_all([goodbye])
                assert _until(lambda: goodbye.kernel_id not in _kernel_ids(server), 10)
                # a page gone without a goodbye: culled once idle and disconnected
                await close_all([crash], say_goodbye=False)
                assert _until(lambda: crash.kernel_id not in _kernel_ids(server),
                              CULL_IDLE + 10)
                # the pages still open keep their kernels
                assert {s.kernel_id for s in others} <= _kernel_ids(server)
                await close_all(others)
            finally:
                await browser.close()

    try:
        asyncio.run(scenario())
        # what is left: the pool, refilled
        assert _until(lambda: len(server.kernels()) == POOL, 30)
        assert guard.blocked == []
    finally:
        code = server.stop()
    log = server.log.read_text(encoding="utf-8")
    assert "403 POST /voila/api/shutdown" not in log
    assert code == 0, log[-3000:]


async def launch_chromium_async(playwright):
    from browser import CHROMIUM, CHROMIUM_ARGS

    return await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                            args=CHROMIUM_ARGS)


@pytest.mark.slow
def test_past_max_sessions_a_visitor_is_asked_to_come_back(sample_dir, tmp_path):
    server = _serve(sample_dir, tmp_path / "serve.log", "--pool", "0", "--max-sessions", "1")
    try:
        with urllib.request.urlopen(server.url, timeout=300) as first:
            assert first.status == 200
            first.read()
        assert _until(lambda: len(server.kernels()) == 1, 60)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url, timeout=60)
        assert refused.value.code == 503
        page = refused.value.read().decode("utf-8")
        assert "thử lại sau một phút" in page and "try again in a minute" in page
        assert len(server.kernels()) == 1
    finally:
        assert server.stop() == 0


def test_kernels_read_the_evaluation_cchc_serve_computed(sample_dir):
    """``cchc serve`` computes the latest evaluation before listening; a kernel (another
    process, the same cache) opens the dashboard without computing anything."""
    from cchc.apps.serve import prepare

    prepare(sample_dir)
    script = (
        "import sys\n"
        "from cchc.engine import cache\n"
        "def refuse(*a, **k):\n"
        "    raise SystemExit('the kernel computed the evaluation again')\n"
        "cache.evaluate = refuse\n"
        "cache.compute_periods = refuse\n"
        "from cchc.apps.dashboard import open_dashboard\n"
        "from cchc.apps.dashboard.page import Dashboard\n"
        "dash = open_dashboard(sys.argv[1], draw_later=False)\n"
        "assert isinstance(dash, Dashboard), dash.value\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(sample_dir.resolve())],
                            capture_output=True, text=True, cwd=PROJECT, timeout=300,
                            env={**os.environ, "PYTHONUTF8": "1"}, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
