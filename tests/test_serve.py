"""``cchc serve``: production settings for Voila, and errors at start with exit code 2."""

from __future__ import annotations

import re
import signal
import socket
import time
from pathlib import Path

import pytest
from cchc.apps import cli, serve
from cchc.errors import ParameterError
from conftest import run_cli
from typer.testing import CliRunner

TEMPLATE_DIR = serve.TEMPLATES_ROOT / "voila" / "templates" / serve.TEMPLATE


def _argv(**kwargs) -> list[str]:
    return serve.voila_argv(serve.Settings(Path("/data"), **kwargs))


def test_voila_argv_carries_every_production_setting() -> None:
    argv = _argv(host="127.0.0.1", port=9999)
    assert argv[0] == str(serve.NOTEBOOK)
    for expected in [
        "--Voila.ip=127.0.0.1",
        "--Voila.port=9999",
        "--Voila.port_retries=0",
        "--no-browser",
        "--VoilaConfiguration.template=cchc",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaExecutor.show_tracebacks=False",
        "--VoilaExecutor.timeout=120",
        "--VoilaConfiguration.preheat_kernel=True",
        "--VoilaConfiguration.default_pool_size=10",
        "--VoilaKernelManager.fill_delay=30.0",
        "--MappingKernelManager.cull_idle_timeout=50",
        "--MappingKernelManager.cull_interval=10",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.multi_kernel_manager_class="
        "cchc.apps.sessions.SessionKernelManager",
        "--KernelManager.transport=ipc",
    ]:
        assert expected in argv
    allowed = [
        a.split("=", 1)[1]
        for a in argv
        if a.startswith("--VoilaConfiguration.extension_allowlist=")
    ]
    assert allowed == list(serve.EXTENSIONS)
    assert f"--VoilaConfiguration.file_allowlist={serve.NO_FILES}" in argv


def test_a_pool_of_none_turns_preheating_off() -> None:
    argv = _argv(pool_size=0)
    assert "--VoilaConfiguration.preheat_kernel=False" in argv


def test_the_busy_page_speaks_both_languages_and_escapes() -> None:
    page = serve.busy_page("<b>bận</b>", "busy & full")
    assert "&lt;b&gt;bận&lt;/b&gt;" in page and "busy &amp; full" in page


def test_the_file_allowlist_matches_nothing() -> None:
    for path in ["dashboard.ipynb", "x.png", "", "a/b/c.svg"]:
        assert re.fullmatch(serve.NO_FILES, path) is None
        assert re.match(serve.NO_FILES, path) is None


def test_friendly_error_has_no_hint_to_show_tracebacks() -> None:
    argv = " ".join(_argv())
    assert "show_tracebacks=True" not in argv
    assert "--debug" not in argv


def test_cell_timeout_spares_only_the_cell_waiting_for_the_request() -> None:
    timeout = serve.CellTimeout(120)
    assert timeout({"metadata": {"tags": [serve.REQUEST_TAG]}}) is None
    assert timeout({"metadata": {"tags": ["parameters"]}}) == 120
    assert timeout({"metadata": {}}) == 120


def test_the_dashboard_notebook_tags_its_waiting_cell() -> None:
    import nbformat

    nb = nbformat.read(serve.NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if serve.REQUEST_TAG in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert "request_query()" in tagged[0].source


def test_server_environment(tmp_path: Path) -> None:
    from cchc.paths import CHART_JS_ENV, DATA_ENV

    env = serve.server_environment(
        serve.Settings(tmp_path, host="0.0.0.0"), {"JUPYTER_PATH": "/elsewhere"}
    )
    assert env[DATA_ENV] == str(tmp_path)
    assert env[CHART_JS_ENV].endswith(serve.CHART_JS)
    assert env["JUPYTER_PATH"].split(":")[:3] == [
        str(serve.TEMPLATES_ROOT),
        str(serve.BUILT_ROOT),
        "/elsewhere",
    ]
    assert env["VOILA_APP_IP"] == "127.0.0.1"  # a preheated kernel reaches the server here
    local = serve.server_environment(serve.Settings(tmp_path, host="127.0.0.2"), {})
    assert local["VOILA_APP_IP"] == "127.0.0.2"


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("my-pc", False),
    ],
)
def test_is_local(host: str, local: bool) -> None:
    assert serve.is_local(host) is local


def test_template_loads_nothing_from_outside() -> None:
    text = (TEMPLATE_DIR / "index.html.j2").read_text(encoding="utf-8")
    assert (TEMPLATE_DIR / "conf.json").read_text().strip() == '{"base_template": "lab"}'
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)
    assert "fontawesome" not in text.lower()
    assert "{%- block html_head_js_mermaidjs -%}" in text


def test_check_address_refuses_a_busy_port() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ParameterError, match="--port"):
            serve.check_address("127.0.0.1", port)
    with pytest.raises(ParameterError, match="--port"):
        serve.check_address("127.0.0.1", 70000)
    with pytest.raises(ParameterError, match="--host"):
        serve.check_address("no-such-host.invalid", 8866)


def test_serve_with_missing_data_fails_with_exit_2(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_cli("serve", "--data", tmp_path / "nope", "--port", str(busy.getsockname()[1]))
    assert result.returncode == 2
    assert "parameter --port: cannot listen" in result.stderr  # the address is checked first
    result = run_cli("serve", "--data", tmp_path / "nope", "--port", _free_port())
    assert result.returncode == 2
    assert "parameter --data: no such data folder" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_serve_with_broken_data_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("unit_id,name\nlao-cai,Lào Cai\n", encoding="utf-8")
    result = run_cli("serve", "--data", tmp_path, "--port", _free_port())
    assert result.returncode == 2
    assert "units.csv" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_serve_on_another_address_warns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started = []
    monkeypatch.setattr(serve, "check_address", lambda host, port: None)
    monkeypatch.setattr(serve, "prepare", lambda data: tmp_path)
    monkeypatch.setattr(serve, "run", started.append)
    result = CliRunner().invoke(cli.app, ["serve", "--host", "0.0.0.0", "--port", "8870"])
    assert result.exit_code == 0, result.output
    assert "warning: listening on 0.0.0.0" in result.output
    assert started[0].host == "0.0.0.0" and started[0].port == 8870
    result = CliRunner().invoke(cli.app, ["serve"])
    assert result.exit_code == 0 and "warning" not in result.output
    assert started[1].url == "http://127.0.0.1:8866/"


def _free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_stops_cleanly_and_leaves_no_kernel(
    sig: int, sample_dir: Path, tmp_path: Path
) -> None:
    from browser import start_cchc_serve

    # the default pool: stopped while most of its kernels are still starting
    server = start_cchc_serve(sample_dir, tmp_path / "serve.log", pool=None)
    try:
        deadline = time.monotonic() + 120
        while not server.kernels() and time.monotonic() < deadline:  # the preheated one
            time.sleep(0.5)
        assert server.kernels(), "no preheated kernel was started"
    finally:
        code = server.stop(sig)
    log = server.log.read_text(encoding="utf-8")
    # kernels the server had time to shut down say so; those still starting when the stop
    # came end on their own (ipykernel watches its parent); either way none is left, which
    # server.stop() has checked
    assert "Kernel shutdown" in log or "Parent appears to have exited" in log, log
    assert code in (0, -sig), log
