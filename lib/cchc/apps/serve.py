"""Serving the dashboard read-only: ``cchc serve`` runs Voila with production settings.

Voila's defaults suit a developer at a laptop, not managers on an office network
(``docs/stack.md``). Every setting below is passed on Voila's command line, which wins over
any ``voila.json`` / ``voila.py`` found in the Jupyter configuration folders:

* no code and no tracebacks in the page (``strip_sources``, ``show_tracebacks=False``);
  a failing cell says so in one friendly sentence and the error goes to the server log;
* the template and theme are fixed (``allow_*_override=NO``): a URL cannot bring back
  a template that shows code;
* a cell time-out (``VoilaExecutor.timeout``, :class:`CellTimeout`) so that a stuck
  kernel does not hold a page open forever (the cell where a preheated kernel waits for
  its visitor is exempt);
* a closed page frees its kernel: the page's "goodbye" (Voila's ``beforeunload`` beacon to
  ``/voila/api/shutdown/<kernel>``) works, because the page now carries the ``_xsrf``
  cookie the beacon must send back (Voila 0.5 never sets it and answers 403: Voila issue
  #1458; :func:`page_handler_class`); a page that leaves without a goodbye (a crash, a
  lost network) loses its kernel once it has been disconnected and idle for
  ``cull_idle_timeout`` seconds (``MappingKernelManager.cull_*``; a kernel with its page
  still connected is never culled, nor one whose page is still loading:
  :mod:`cchc.apps.sessions`);
* a meeting room opening the page at once: ``pool_size`` kernels wait preheated, each
  with the dashboard already drawn, refilled ``fill_delay`` seconds after one is taken
  (so that starting new kernels does not compete with the pages being drawn); beyond
  ``max_sessions`` pages at once a new visitor gets a short "try again" page instead of
  one more kernel (memory stays bounded: ~250 MB a kernel);
* only the front-end extensions the dashboard uses (ipywidgets' manager and anywidget);
* nothing loaded from outside: the ``cchc`` template is Voila's ``lab`` template without
  its CDN links (Font Awesome, mermaid), the charts' JavaScript is served by this server
  (:data:`CHART_JS`), no MathJax, and ``/voila/files/`` serves nothing;
* the evaluation is computed once, by ``cchc serve`` before it listens, and every kernel
  reads it from the disk cache (Parquet): no kernel computes it again; a preheated kernel
  reads the URL with ``voila.utils.get_query_string``;
* the port is the one asked for (no silent move to another port), and the server
  listens on localhost unless told otherwise.

The data folder reaches the kernels through ``$CCHC_DATA``. Kernels run in their own
session (jupyter_client starts them with ``start_new_session``): Ctrl-C in the terminal
reaches only the server, which then shuts every kernel down; so does SIGTERM.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import socket
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from cchc import paths
from cchc.errors import ParameterError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
NOTEBOOK = paths.DASHBOARD_NOTEBOOK
#: The page template, in :data:`TEMPLATES_ROOT` (``voila/templates/cchc``).
TEMPLATE = "cchc"
#: A Jupyter data folder holding the ``cchc`` Voila template.
TEMPLATES_ROOT = paths.TEMPLATES_ROOT
#: A Jupyter data folder for files ``cchc serve`` builds (the charts' JavaScript).
BUILT_ROOT = paths.BUILT_ROOT
#: Front-end extensions the dashboard needs: the widget manager (Voila's own for
#: ipywidgets 8, and ipywidgets' controls), and anywidget for the charts.
EXTENSIONS: tuple[str, ...] = (
    "@voila-dashboards/widgets-manager8",
    "@jupyter-widgets/jupyterlab-manager",
    "anywidget",
)
#: ``file_allowlist`` takes regular expressions; this one matches nothing, so that
#: ``/voila/files/`` serves no file (the dashboard needs none).
NO_FILES = r"\A(?!)"
#: Altair's offline JupyterChart code, bundled once with vl-convert and served as a file;
#: the name changes with the versions that produce it.
CHART_JS = f"jupyterchart-altair-{version('altair')}-vlc-{version('vl-convert-python')}.js"
#: The tag of the notebook cell that waits for a visitor (``dashboard.request_query``): a
#: preheated kernel sits in it until someone opens the page, so it has no time-out.
REQUEST_TAG = "waits-for-request"
FRIENDLY_ERROR = (
    "Không hiển thị được trang; chi tiết đã được ghi lại trên máy chủ. "
    "/ The page could not be shown; the details were logged on the server."
)


@dataclass(frozen=True)
class Settings:
    """What ``cchc serve`` runs with; the defaults are the production ones."""

    data_dir: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    notebook: Path = NOTEBOOK
    #: preheated kernels waiting for visitors (~250 MB each: 10 fit a meeting room in 2.5 GB)
    pool_size: int = 10
    #: pages served at once, at most (kernels in use: 60 × ~250 MB ≈ 15 GB of 24 GB)
    max_sessions: int = 60
    cell_timeout: int = 120  # seconds a notebook cell may run while a page opens
    #: seconds a kernel whose page is gone (no connection) may stay idle
    cull_idle_timeout: int = 50
    cull_interval: int = 10  # seconds between checks for such kernels
    #: seconds before the pool refills the kernels taken (not while their pages draw)
    fill_delay: float = 30.0

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


@dataclass(frozen=True)
class CellTimeout:
    """``VoilaExecutor.timeout_func``: every cell gets ``seconds``, except the one that
    waits for the page request in a preheated kernel (tagged :data:`REQUEST_TAG`)."""

    seconds: int

    def __call__(self, cell: dict) -> int | None:
        tags = cell.get("metadata", {}).get("tags", [])
        return None if REQUEST_TAG in tags else self.seconds


def is_local(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only.

    >>> is_local("127.0.0.1"), is_local("localhost"), is_local("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_address(host: str, port: int) -> None:
    """Fail early, naming the option, if the server could not listen on ``host:port``."""
    if not 1 <= port <= 65535:
        raise ParameterError.one("--port", "port_range", port)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ParameterError.one("--host", "not_local_address", host, detail=str(exc)) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ParameterError.one("--port", "cannot_listen", port, address=f"{host}:{port}",
                                     reason=exc.strerror or str(exc)) from None


def prepare(data_dir: str | Path | None) -> Path:
    """Check the data folder by loading it once, and build what the pages need.

    Loading the latest period's evaluation validates every file (a SourceError names
    the file, row and column) and fills the disk cache, so the first page is fast.
    Returns the data folder, absolute.
    """
    from cchc.engine.cache import load_evaluation, load_index_evaluation, load_periods
    from cchc.errors import CchcError
    from cchc.spec.indices import DEFAULT_INDEX

    folder = Path(data_dir or paths.SAMPLE_DIR).expanduser().resolve()
    if not folder.is_dir():
        raise ParameterError.one("--data", "no_data_folder", folder)
    periods = load_periods(folder)
    load_evaluation(folder, periods[0])
    with contextlib.suppress(CchcError):  # the index section; if not, the page says why
        load_index_evaluation(folder, DEFAULT_INDEX, periods[0])
    write_chart_js()
    return folder


def chart_js_file() -> Path:
    return BUILT_ROOT / "voila" / "templates" / TEMPLATE / "static" / CHART_JS


def write_chart_js() -> Path:
    """Altair's offline JupyterChart module, bundled with vega by vl-convert, as a file."""
    from cchc.files import atomic_path

    file = chart_js_file()
    if not file.exists():
        import altair as alt

        alt.JupyterChart.enable_offline()
        with atomic_path(file) as tmp:
            tmp.write_text(alt.JupyterChart._esm, encoding="utf-8")
    return file


def voila_argv(settings: Settings) -> list[str]:
    """Voila's command line for ``settings`` (see the module's docstring for why)."""
    return [
        str(settings.notebook),
        "--no-browser",
        f"--Voila.ip={settings.host}",
        f"--Voila.port={settings.port}",
        "--Voila.port_retries=0",
        f"--VoilaConfiguration.template={TEMPLATE}",
        "--VoilaConfiguration.theme=light",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaExecutor.show_tracebacks=False",
        f"--VoilaExecutor.timeout={settings.cell_timeout}",
        "--VoilaExecutor.interrupt_on_timeout=True",
        f"--VoilaExecutor.cell_error_instruction={FRIENDLY_ERROR}",
        f"--VoilaExecutor.cell_timeout_instruction={FRIENDLY_ERROR}",
        f"--VoilaConfiguration.file_allowlist={NO_FILES}",
        *(f"--VoilaConfiguration.extension_allowlist={e}" for e in EXTENSIONS),
        f"--VoilaConfiguration.preheat_kernel={settings.pool_size > 0}",
        f"--VoilaConfiguration.default_pool_size={settings.pool_size}",
        f"--VoilaKernelManager.fill_delay={settings.fill_delay}",
        # culls a kernel whose page is gone, never one whose page is still loading
        "--VoilaConfiguration.multi_kernel_manager_class="
        "cchc.apps.sessions.SessionKernelManager",
        f"--MappingKernelManager.cull_idle_timeout={settings.cull_idle_timeout}",
        f"--MappingKernelManager.cull_interval={settings.cull_interval}",
        "--MappingKernelManager.cull_connected=False",
        # kernels talk to the server over Unix sockets in Voila's private folder: no TCP
        # ports to race for when many pages open at once, none open to other local users
        "--KernelManager.transport=ipc",
    ]


def server_environment(settings: Settings, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment Voila and its kernels run in."""

    env = dict(os.environ if base is None else base)
    env[paths.DATA_ENV] = str(settings.data_dir)
    env[paths.CHART_JS_ENV] = f"templates/{TEMPLATE}/static/{CHART_JS}"
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES_ROOT), str(BUILT_ROOT), env.get("JUPYTER_PATH")) if p
    )
    # a preheated kernel asks the server for its page's URL at this address
    wildcard = settings.host in ("0.0.0.0", "::", "")
    env["VOILA_APP_IP"] = "127.0.0.1" if wildcard else settings.host
    return env


def page_handler_class(max_sessions: int) -> type:
    """Voila's page handler, which also sets the ``_xsrf`` cookie and bounds the pages.

    The cookie: a page's goodbye beacon sends it back to shut its kernel down; Voila 0.5
    never sets it, so the beacon is refused (403) and every closed page keeps its kernel
    (Voila issue #1458). Reading ``xsrf_token`` is what makes tornado set it.

    The bound: when ``max_sessions`` kernels already serve pages and no preheated one is
    waiting, a new visitor is answered 503 with a short page in both languages.
    """
    from voila.tornado.handler import TornadoVoilaHandler

    from cchc import messages

    class PageHandler(TornadoVoilaHandler):
        async def prepare(self, *args, **kwargs):
            await super().prepare(*args, **kwargs)
            self.xsrf_token  # noqa: B018  (sets the cookie)
            manager = self.kernel_manager
            waiting = manager.get_pool_size(self.notebook_path) if self.notebook_path else 0
            if waiting == 0 and len(manager.list_kernel_ids()) >= max_sessions:
                self.log.warning("%s pages already served: a visitor was asked to wait",
                                 max_sessions)
                self.set_status(503)
                self.set_header("Retry-After", "60")
                self.finish(busy_page(messages.text("dash.busy", "vi"),
                                      messages.text("dash.busy", "en")))

    return PageHandler


def busy_page(vietnamese: str, english: str) -> str:
    """The page a visitor gets when the server serves as many pages as it may."""
    from html import escape

    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>CCHC</title>'
            "</head><body style='font-family:sans-serif;margin:3rem'>"
            f"<p>{escape(vietnamese)}</p><p lang='en'>{escape(english)}</p></body></html>")


def run(settings: Settings) -> None:
    """Serve until SIGINT or SIGTERM, then shut every kernel down."""
    import voila.app
    from traitlets.config import Config
    from voila.app import Voila

    os.environ.update(server_environment(settings))
    # a callable cannot go on the command line; a config file could still set it, but
    # nothing else about time-outs
    config = Config({"VoilaExecutor": {"timeout_func": CellTimeout(settings.cell_timeout)}})
    # Voila registers its page handler by this module-level name when it starts
    voila.app.TornadoVoilaHandler = page_handler_class(settings.max_sessions)
    try:
        Voila.launch_instance(argv=voila_argv(settings), config=config)
    except KeyboardInterrupt:
        # Ctrl-C is how a server is stopped; one that lands outside Voila's own handler
        # (while kernels of the pool are still starting) is the same request, not an error:
        # kernels not yet shut down end on their own once their parent is gone
        pass
    finally:
        Voila.clear_instance()
