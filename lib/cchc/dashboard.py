"""The read-only dashboard: selectors, views and click-through, as ipywidgets.

Managers open it in a browser through ``cchc serve`` (Voila runs
``notebooks/dashboard.ipynb``); analysts can open the same notebook in JupyterLab. It
reads the cached evaluation of a period (:func:`cchc.cache.load_evaluation`, the same
cache ``cchc run`` fills) and draws with the same :mod:`cchc.workbook` and
:mod:`cchc.charts` calls as the papermill workbooks, so a workbook and the dashboard
show the same thing for the same unit, period and language.

What a manager can cause (a bad value in the URL, a unit that no longer exists in the
chosen period, a damaged data folder) becomes a message on the page naming the
parameter; anything else is logged on the server and the page shows a short apology.
Nothing here lets a traceback reach the browser.

>>> parse_query("unit_id=bat-xat&period=2024Q3&lang=en&x=1")
{'unit_id': 'bat-xat', 'period': '2024Q3', 'lang': 'en'}
"""

from __future__ import annotations

import asyncio
import functools
import html
import json
import logging
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import altair as alt
import anywidget
import ipywidgets as widgets
import pandas as pd
import traitlets

from . import charts, labels, paths, workbook
from .cache import fingerprint, load_evaluation
from .catalogue import load_catalogue
from .dictionary import load_dictionary
from .errors import CchcError, ParameterError, Problem
from .files import atomic_path
from .periods import FIRST_YEAR, Period
from .sources import Dataset, load_data
from .units import Units

log = logging.getLogger(__name__)

#: The environment variable through which ``cchc serve`` names the data folder.
DATA_ENV = "CCHC_DATA"
#: The URL parameters the dashboard reads, in the order it checks them.
PARAMETERS: tuple[str, ...] = ("lang", "unit_id", "period", "group")
#: The group selector's value for "every group".
ALL_GROUPS = "all"
#: The charts of the page, top to bottom.
VIEWS: tuple[str, ...] = (
    "status",
    "contacts",
    "standing",
    "bullet",
    "heatmap",
    "ranking",
    "trends",
)

#: Charts drawn once the browser is idle: the trends' many small panels are the largest.
DEFERRED_VIEWS: frozenset[str] = frozenset({"trends"})

#: Words only the dashboard uses (vi, en); everything shared comes from :mod:`cchc.labels`.
_TEXT: dict[str, tuple[str, str]] = {
    "title": (
        "Theo dõi cải cách hành chính tỉnh Lào Cai 2021–2025",
        "Lào Cai administrative reform tracker 2021–2025",
    ),
    "search": ("Tìm đơn vị (gõ tên, không cần dấu)…", "Find a unit (type a name)…"),
    "all_groups": ("Tất cả các nhóm", "All groups"),
    "up": ("Lên cấp trên", "Up one level"),
    "pick": ("— chọn một trong {n} đơn vị —", "— pick one of {n} units —"),
    "no_match": ("— không tìm thấy đơn vị —", "— no unit found —"),
    "children": ("Các đơn vị trực thuộc", "Units under this one"),
    "children_hint": (
        "Bấm vào một ô của bảng màu để mở đơn vị đó.",
        "Click a cell of the grid to open that unit.",
    ),
    "no_children": ("Đơn vị này không có đơn vị trực thuộc.", "This unit has no units under it."),
    "standing": ("Vị trí so với các đơn vị cùng cấp", "Standing among units of the same level"),
    "error_title": ("Chưa hiển thị được", "Could not show this"),
    "unexpected": (
        "Đã có lỗi khi vẽ trang này. Chi tiết đã được ghi lại trên máy chủ; "
        "hãy thử lại hoặc báo cho bộ phận quản trị.",
        "Something went wrong while drawing this view. The details were logged "
        "on the server; try again or tell the administrator.",
    ),
    "url_defaults": (
        "Một số giá trị trong địa chỉ (URL) không hợp lệ; trang đang dùng giá trị "
        "mặc định cho các giá trị đó.",
        "Some values in the address (URL) are not valid; the page uses the defaults for them.",
    ),
    "moved": (
        "Đơn vị {old} không còn trong kỳ {period}; đang hiển thị {new}.",
        "{old} does not exist in {period}; showing {new}.",
    ),
}


def text(key: str, lang: str = "vi", **values: object) -> str:
    """A dashboard word in ``lang``, with ``{names}`` filled in.

    >>> text("moved", "en", old="xa-a", period="2025Q3", new="xa-b")
    'xa-a does not exist in 2025Q3; showing xa-b.'
    """
    words = _TEXT[key][labels.check_lang(lang)]
    return words.format(**values) if values else words


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class View:
    """What the dashboard shows: a unit, a period, a group (or ``"all"``) and a language."""

    unit_id: str
    period: str
    group: str = ALL_GROUPS
    lang: str = "vi"

    @property
    def group_id(self) -> str | None:
        return None if self.group == ALL_GROUPS else self.group

    def query_string(self) -> str:
        """The URL query that opens this view (what a shared link carries).

        >>> View("bat-xat", "2024Q3").query_string()
        'unit_id=bat-xat&period=2024Q3&group=all&lang=vi'
        """
        return urlencode(
            {"unit_id": self.unit_id, "period": self.period, "group": self.group, "lang": self.lang}
        )


def parse_query(query: str | None) -> dict[str, str]:
    """The dashboard's parameters in a URL query string; other keys are ignored.

    A repeated key keeps its last value; values are stripped of surrounding blanks.

    >>> parse_query("?lang=en&lang=vi&unit_id=+bat-xat+")
    {'lang': 'vi', 'unit_id': 'bat-xat'}
    """
    pairs = parse_qsl((query or "").lstrip("?"), keep_blank_values=True)
    return {key: value.strip() for key, value in pairs if key in PARAMETERS}


def compute_periods(dataset: Dataset) -> list[str]:
    """Every quarter and year the data cover, newest first (``2024Q4, …, 2024Q1, 2024, …``).

    Quarters run from the first to the last quarter holding a dated or quarterly record
    (dossiers, surveys, meetings, …); years are every year with any record, annual
    inventories included. Nothing before the programme's baseline year is offered.
    """
    dictionary = load_dictionary()
    quarters: set[tuple[int, int]] = set()
    years: set[int] = set()
    for counts in dataset.aggregates.values():
        # a large table read by the fast path: its counts are indexed by year and quarter
        index = counts.index
        quarters |= set(zip(index.get_level_values("year").astype(int),
                            index.get_level_values("quarter").astype(int), strict=True))
    for name in dataset.tables:
        if name in dataset.aggregates:
            continue  # never read 10 million rows to list the quarters
        frame = dataset.tables[name]
        table = dictionary.table(name)
        column = table.period_column
        if not column or column not in frame or frame.empty:
            continue
        values = frame[column].dropna()
        if values.empty:
            continue
        kind = next(c.type for c in table.columns if c.name == column)
        if kind == "date":
            when = pd.to_datetime(values)
            quarters |= set(zip(when.dt.year.astype(int), when.dt.quarter.astype(int), strict=True))
        elif kind == "period":
            quarters |= {(p.year, p.last_quarter) for p in map(Period.parse, values.unique())}
        elif kind == "year":
            years |= {int(v) for v in values.unique()}
    quarters = {q for q in quarters if q[0] >= FIRST_YEAR}
    years = {y for y in years | {y for y, _ in quarters} if y >= FIRST_YEAR}
    first, last = (min(quarters), max(quarters)) if quarters else (None, None)
    out: list[str] = []
    for year in sorted(years, reverse=True):
        if first is not None:
            out += [f"{year}Q{q}" for q in (4, 3, 2, 1) if first <= (year, q) <= last]
        out.append(str(year))
    return out


def available_periods(data_dir: str | Path) -> list[str]:
    """:func:`compute_periods` of a data folder, cached on disk next to the evaluations.

    The cache key is the fingerprint of the inputs (:func:`cchc.cache.fingerprint`), so
    a changed file is never answered from a stale list. Raises the folder's SourceError.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise ParameterError.one("data_dir", "no such data folder", data_dir)
    file = paths.CACHE_DIR / f"periods-{fingerprint(data_dir, str(FIRST_YEAR))}.json"
    try:
        return [str(Period.parse(p)) for p in json.loads(file.read_text(encoding="utf-8"))]
    except (OSError, ValueError, CchcError):
        pass
    periods = compute_periods(load_data(data_dir))
    if not periods:
        raise ParameterError.one("data_dir", "the data folder holds no dated records", data_dir)
    try:
        with atomic_path(file) as tmp:
            tmp.write_text(json.dumps(periods), encoding="utf-8")
    except OSError as exc:
        log.warning("could not write the cache %s: %s", file, exc)
    return periods


def period_label(period: str, lang: str = "vi") -> str:
    """``"Quý 3/2024"`` / ``"2024 Q3"``, ``"Năm 2024"`` / ``"Year 2024"``.

    >>> period_label("2024Q3", "en"), period_label("2024", "vi")
    ('2024 Q3', 'Năm 2024')
    """
    return labels.period_label(period, lang)


def resolve_view(
    requested: Mapping[str, str],
    units: Units,
    periods: Sequence[str],
    groups: Sequence[str],
    default: View,
) -> tuple[View, list[Problem]]:
    """The view to open: each requested value checked, a bad one replaced by its default.

    Returns the view and one :class:`~cchc.errors.Problem` per bad value, each naming
    its parameter; an empty value means "the default" and is not a problem.
    """
    problems: list[Problem] = []
    view = default

    def bad(exc: CchcError) -> None:
        problems.extend(exc.problems)

    if lang := requested.get("lang"):
        try:
            labels.check_lang(lang)
            view = replace(view, lang=lang)
        except CchcError as exc:
            bad(exc)
    if unit_id := requested.get("unit_id"):
        try:
            view = replace(view, unit_id=units.check(unit_id))
        except CchcError as exc:
            bad(exc)
    if period := requested.get("period"):
        try:
            parsed = str(Period.parse(period))
            if parsed not in periods:
                raise ParameterError.one(
                    "period",
                    f"no data for this period; the data cover {periods[-1]} to {periods[0]}",
                    period,
                )
            view = replace(view, period=parsed)
        except CchcError as exc:
            bad(exc)
    if group := requested.get("group"):
        wanted = group.upper() if group.lower() != ALL_GROUPS else ALL_GROUPS
        if wanted in (ALL_GROUPS, *groups):
            view = replace(view, group=wanted)
        else:
            bad(
                ParameterError.one(
                    "group", f"expected {ALL_GROUPS} or one of {', '.join(groups)}", group
                )
            )
    return view, problems


def fold(words: str) -> str:
    """Lower case without diacritics, so that "bat xat" finds "Bát Xát".

    >>> fold("Đồng Tuyển, Bát Xát")
    'dong tuyen, bat xat'
    """
    decomposed = unicodedata.normalize("NFD", words.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def unit_options(units: Units, present: Sequence[str], search: str = "") -> list[tuple[str, str]]:
    """(label, unit id) for the unit selector: tree order, indented by depth.

    With ``search``, only the units whose name or id holds every word of it (diacritics
    ignored), with their ancestors, so that a match is still seen in its place.
    """
    present_set = set(present)
    order = [u for u in units.ordered() if u in present_set]
    words = fold(search).split()
    if words:
        hits = {u for u in order if all(w in fold(f"{units.name(u)} {u}") for w in words)}
        keep = {a for u in hits for a in units.path(u)}
        order = [u for u in order if u in keep]
    return [("\u00a0\u00a0\u00a0" * (len(units.path(u)) - 1) + units.name(u), u) for u in order]


def nearest_present(units: Units, unit_id: str, present: Sequence[str]) -> str:
    """The unit itself if present in the period, else its successor, else its nearest
    present ancestor (a unit that ended hands over to the unit that took it over)."""
    present_set = set(present)
    seen: set[str] = set()
    current: str | None = unit_id
    while current is not None and current not in seen:
        if current in present_set:
            return current
        seen.add(current)
        successor = (
            units.frame.at[current, "successor_id"] if ("successor_id" in units.frame) else None
        )
        current = successor if isinstance(successor, str) else units.parent(current)
    return units.root


# --------------------------------------------------------------------------- rendering

#: The environment variable through which ``cchc serve`` says where the offline chart
#: JavaScript is served (a path under the server's ``voila/`` URL).
CHART_JS_ENV = "CCHC_CHART_JS"
#: Passed to vega-embed: SVG output, and no action menu (its links leave the server).
EMBED_OPTIONS = {"actions": False, "renderer": "svg"}


def served_chart_esm(url_path: str, deferred: bool = False) -> str:
    """The front-end module of a chart widget that imports Altair's offline JupyterChart
    code from the dashboard's own server, instead of carrying its ~0.9 MB in every widget.

    The browser imports the file once per page (ES modules are shared) and caches it
    between pages; nothing is fetched from outside the server. A ``deferred`` chart is
    drawn when the browser is idle (at most 1.5 s later), so that a large chart does not
    hold back the first ones.
    """
    head = (
        'const base = document.body.dataset.baseUrl || "/voila/";\n'
        f"const module = await import(new URL(base + {json.dumps(url_path)}, "
        "window.location.href).href);\n"
    )
    if not deferred:
        return head + "export default module.default;\n"
    return head + (
        "const idle = () => new Promise((resolve) => window.requestIdleCallback\n"
        "  ? window.requestIdleCallback(resolve, { timeout: 1500 })\n"
        "  : setTimeout(resolve, 200));\n"
        "export default {\n"
        "  ...module.default,\n"
        "  async render(context) { await idle(); return module.default.render(context); },\n"
        "};\n"
    )


@functools.cache
def chart_widget_class(deferred: bool = False) -> type[alt.JupyterChart]:
    """The chart widget: served JavaScript under ``cchc serve``, else Altair's offline
    JupyterChart (its JavaScript inside each widget; JupyterLab, tests)."""
    url_path = os.environ.get(CHART_JS_ENV)
    if url_path:
        name = "DeferredServedChart" if deferred else "ServedChart"
        return type(
            name,
            (alt.JupyterChart,),
            {"_esm": served_chart_esm(url_path, deferred), "__module__": __name__},
        )
    alt.JupyterChart.enable_offline()
    return alt.JupyterChart


class ChartView:
    """One chart of the page: a widget whose chart is replaced, never re-created (its
    JavaScript is set up once), inside a box the tests and the styles can find."""

    def __init__(self, name: str, lang: str) -> None:
        self.name = name
        widget_class = chart_widget_class(deferred=name in DEFERRED_VIEWS)
        self.widget = widget_class(charts.chart_no_data(lang), embed_options=EMBED_OPTIONS)
        self.box = widgets.Box([self.widget])
        self.box.add_class("cchc-chart")
        self.box.add_class(f"cchc-chart-{name}")

    def show(self, chart: alt.TopLevelMixin | None) -> None:
        """Draw ``chart``; ``None`` hides the view."""
        if chart is None:
            self.box.layout.display = "none"
            return
        self.widget.chart = chart
        self.box.layout.display = None


def _problems_html(problems: Sequence[Problem], lang: str, title: str | None = None) -> str:
    error = CchcError(list(problems))
    if title is None:
        try:
            return workbook.show_error(error, lang).data
        except Exception:  # the shared renderer is a nicety; the message must still show
            log.debug("workbook.show_error failed; using the dashboard's own", exc_info=True)
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
    heading = html.escape(title or text("error_title", lang))
    return f'<div class="cchc-error" role="alert"><strong>{heading}</strong><ul>{items}</ul></div>'


def _unexpected_html(lang: str) -> str:
    return f'<div class="cchc-error" role="alert">{html.escape(text("unexpected", lang))}</div>'


class UrlState(anywidget.AnyWidget):
    """Keeps the address bar on the view shown (``history.replaceState``), so that the
    browser's address is always a link to share. Invisible; loads nothing."""

    _esm = """
    export default {
      render({ model, el }) {
        el.style.display = "none";
        const apply = () => {
          const query = model.get("query");
          if (!query) { return; }
          const url = new URL(window.location.href);
          url.search = query;
          window.history.replaceState(window.history.state, "", url.toString());
        };
        model.on("change:query", apply);
        apply();
      }
    };
    """
    query = traitlets.Unicode("").tag(sync=True)


def _server_log_handler() -> logging.Handler:
    """A handler writing to the kernel process's own stderr, i.e. the server's terminal.

    In a kernel, ``sys.stderr`` is forwarded to the browser; its ``fileno()`` is a copy
    of the original descriptor, which the Voila server's log shares.
    """
    try:
        # lives as long as the kernel: the handler owns it
        stream = open(os.dup(sys.stderr.fileno()), "w", encoding="utf-8", buffering=1)  # noqa: SIM115
    except (OSError, ValueError, AttributeError):
        stream = sys.__stderr__
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        logging.Formatter(
            "[cchc dashboard %(asctime)s pid " + str(os.getpid()) + "] %(levelname)s %(message)s"
        )
    )
    return handler


@functools.cache
def _configure_logging() -> None:
    if not log.handlers:
        log.addHandler(_server_log_handler())
        log.setLevel(logging.INFO)
        log.propagate = False


def _guarded(method: Callable) -> Callable:
    """Run a widget callback so that no exception escapes to the browser.

    A :class:`CchcError` (a bad choice, bad data) becomes a message naming the
    parameter; anything else is logged on the server with its traceback and the page
    says that something went wrong.
    """

    @functools.wraps(method)
    def wrapper(self: Dashboard, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except CchcError as exc:
            log.info("%s: %s", method.__name__, exc)
            notes, self._notes = self._notes, ""
            self.messages.value = notes + _problems_html(exc.problems, self.view.lang)
        except Exception:
            log.exception(
                "dashboard callback %s failed (view %s)", method.__name__, self.view.query_string()
            )
            self.messages.value = _unexpected_html(self.view.lang)
        return None

    return wrapper


class Dashboard:
    """The widgets of one open dashboard and what happens when a manager uses them.

    Build it with :func:`open_dashboard`; display :attr:`widget` (or the object itself).
    """

    def __init__(
        self,
        data_dir: Path,
        units: Units,
        periods: Sequence[str],
        groups: Sequence[tuple[str, str, str]],
        view: View,
    ) -> None:
        self.data_dir = data_dir
        self.units = units
        self.periods = list(periods)
        self.groups = list(groups)  # (id, name_vi, name_en)
        self.view = view
        self.present: list[str] = units.ordered()
        self.shown: View | None = None  # the view on the page, once drawn
        self._quiet = False
        self._notes = ""
        self._generation = 0  # of the view being drawn (a late chart checks it)
        self.draw_later = True  # the slowest chart after returning, in a kernel

        self.heading = widgets.HTML()
        self.search = widgets.Text(continuous_update=True, layout=widgets.Layout(width="260px"))
        self.unit = widgets.Dropdown(layout=widgets.Layout(width="300px"))
        self.up = widgets.Button(layout=widgets.Layout(width="auto"))
        self.period = widgets.Dropdown(layout=widgets.Layout(width="170px"))
        self.group = widgets.Dropdown(layout=widgets.Layout(width="320px"))
        self.lang = widgets.ToggleButtons(
            options=[("Tiếng Việt", "vi"), ("English", "en")],
            value=view.lang,
            style={"button_width": "90px"},
        )
        self.messages = widgets.HTML()
        self.title = widgets.HTML()
        self.standing_heading = widgets.HTML()
        self.children_heading = widgets.HTML()
        self.views = {name: ChartView(name, view.lang) for name in VIEWS}
        self.url = UrlState()
        for w, name in (
            (self.search, "cchc-search"),
            (self.unit, "cchc-unit"),
            (self.up, "cchc-up"),
            (self.period, "cchc-period"),
            (self.group, "cchc-group"),
            (self.lang, "cchc-lang"),
            (self.messages, "cchc-messages"),
            (self.title, "cchc-title"),
        ):
            w.add_class(name)

        selectors = widgets.HBox(
            [widgets.VBox([self.search, self.unit]), self.up, self.period, self.group, self.lang],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        selectors.add_class("cchc-selectors")
        box = {name: v.box for name, v in self.views.items()}
        top = widgets.HBox(
            [box["status"], box["contacts"]], layout=widgets.Layout(flex_flow="row wrap")
        )
        children = widgets.HBox(
            [box["heatmap"], box["ranking"]], layout=widgets.Layout(flex_flow="row wrap")
        )
        for row in (top, children):
            row.add_class("cchc-row")
        # where the unit stands first; the long small multiples of the trends last
        self.body = widgets.VBox(
            [
                self.title,
                top,
                self.standing_heading,
                box["standing"],
                box["bullet"],
                self.children_heading,
                children,
                box["trends"],
            ]
        )
        self.widget = widgets.VBox([self.heading, selectors, self.messages, self.body, self.url])
        self.widget.add_class("cchc-dashboard")

        self.search.observe(self._on_search, names="value")
        self.unit.observe(self._on_unit, names="value")
        self.up.on_click(self._on_up)
        self.period.observe(self._on_period, names="value")
        self.group.observe(self._on_group, names="value")
        self.lang.observe(self._on_lang, names="value")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # ----------------------------------------------------------------- selectors

    @contextmanager
    def _programmatic(self) -> Iterator[None]:
        """Change selector values without reacting to the change."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def _sync_selectors(self) -> None:
        """Labels in the view's language, values on the view."""
        v = self.view
        with self._programmatic():
            title = html.escape(text("title", v.lang))
            self.heading.value = f"<h2 class='cchc-app-title'>{title}</h2>"
            self.search.placeholder = text("search", v.lang)
            self.search.description = ""
            self.unit.description = labels.label("ui.unit", v.lang)
            self._fill_units()
            self.period.description = labels.label("ui.period", v.lang)
            self.period.options = [(period_label(p, v.lang), p) for p in self.periods]
            self.period.value = v.period
            self.group.description = labels.label("ui.group", v.lang)
            self.group.options = [(text("all_groups", v.lang), ALL_GROUPS)] + [
                (f"{g}. {vi if v.lang == 'vi' else en}", g) for g, vi, en in self.groups
            ]
            self.group.value = v.group
            self.lang.value = v.lang
            parent = self.units.parent(v.unit_id)
            self.up.disabled = parent is None
            self.up.description = (
                f"↑ {self.units.name(parent)}" if parent else f"↑ {text('up', v.lang)}"
            )
            self.up.tooltip = text("up", v.lang)
            self.url.query = v.query_string()
        for w in (self.unit, self.period, self.group):
            w.style = {"description_width": "initial"}

    def _fill_units(self) -> None:
        options = unit_options(self.units, self.present, self.search.value)
        ids = [u for _, u in options]
        if self.search.value.strip() and (self.view.unit_id not in ids or len(ids) > 1):
            placeholder = (
                text("pick", self.view.lang, n=len(ids))
                if ids
                else text("no_match", self.view.lang)
            )
            options = [(placeholder, ""), *options]
            value = ""
        else:
            value = self.view.unit_id
            if value not in ids:
                options = [(self.units.name(value), value), *options]
        with self._programmatic():
            self.unit.options = options
            self.unit.value = value

    @_guarded
    def _on_search(self, change: dict) -> None:
        if not self._quiet:
            self._fill_units()

    @_guarded
    def _on_unit(self, change: dict) -> None:
        if self._quiet or not change["new"]:
            return
        self.go(replace(self.view, unit_id=change["new"]))

    @_guarded
    def _on_up(self, _button: widgets.Button) -> None:
        parent = self.units.parent(self.view.unit_id)
        if parent is not None:
            self.go(replace(self.view, unit_id=parent))

    @_guarded
    def _on_period(self, change: dict) -> None:
        if not self._quiet and change["new"]:
            self.go(replace(self.view, period=change["new"]))

    @_guarded
    def _on_group(self, change: dict) -> None:
        if not self._quiet and change["new"]:
            self.go(replace(self.view, group=change["new"]))

    @_guarded
    def _on_lang(self, change: dict) -> None:
        if not self._quiet and change["new"]:
            self.go(replace(self.view, lang=change["new"]))

    @_guarded
    def _on_pick(self, change: dict) -> None:
        """A click on the heatmap: open the unit of the clicked row."""
        picked = [row.get("unit_id") for row in (change["new"].value or [])]
        picked = [u for u in picked if u in self.units]
        if picked and picked[0] != self.view.unit_id:
            self.search.value = ""
            self.go(replace(self.view, unit_id=picked[0]))

    # ----------------------------------------------------------------- views

    @_guarded
    def go(self, view: View) -> None:
        """Show ``view``; on a user error, say why and keep showing the last good view."""
        self.widget.add_class("cchc-busy")
        try:
            self._render(view)
        except CchcError:
            self._sync_selectors()  # back to the view still on the page
            raise
        finally:
            self.widget.remove_class("cchc-busy")

    def _render(self, view: View) -> None:
        self.units.check(view.unit_id)
        evaluation = load_evaluation(self.data_dir, view.period)
        present = list(dict.fromkeys(evaluation.results["unit_id"]))
        notes = ""
        if view.unit_id not in present:
            moved = nearest_present(self.units, view.unit_id, present)
            notes = _problems_html(
                [
                    Problem(
                        "parameter unit_id",
                        text(
                            "moved",
                            view.lang,
                            old=self.units.name(view.unit_id),
                            period=view.period,
                            new=self.units.name(moved),
                        ),
                        value=view.unit_id,
                    )
                ],
                view.lang,
                title=text("error_title", view.lang),
            )
            view = replace(view, unit_id=moved)
        wb = workbook.open_workbook(view.unit_id, view.period, self.data_dir, view.lang)
        group = view.group_id
        results = (
            wb.applicable if group is None else wb.applicable[wb.applicable["group_id"] == group]
        )

        self.title.value = workbook.show_title(wb).data
        views = self.views
        views["status"].show(charts.chart_status_summary(results, wb.lang))
        views["contacts"].show(workbook.chart_contacts(wb))
        ranked = len(wb.siblings) > 1
        self.standing_heading.value = (
            f"<h2>{html.escape(text('standing', wb.lang))}</h2>" if ranked else ""
        )
        views["standing"].show(workbook.chart_rank(wb) if ranked else None)
        views["bullet"].show(workbook.chart_bullet(wb, group))
        self._render_children(wb, group)
        # the slowest chart, drawn last: in a kernel, after the cell or callback has
        # returned, so that the page (or the other charts' update) is on its way meanwhile
        self._generation += 1
        self._later(self._render_trends, wb, group, self._generation)

        self.view = self.shown = view
        self.present = present
        self._sync_selectors()
        self.messages.value = self._notes + notes
        self._notes = ""

    def _later(self, job: Callable, *args: object) -> None:
        """Run ``job`` soon on the kernel's event loop, or now (no loop, or not wanted)."""
        try:
            loop = asyncio.get_running_loop() if self.draw_later else None
        except RuntimeError:
            loop = None
        if loop is None:
            job(*args)
            return
        loop.call_later(0.05, job, *args)

    @_guarded
    def _render_trends(self, wb: workbook.Workbook, group: str | None, generation: int) -> None:
        if generation == self._generation:  # else another view was asked for meanwhile
            self.views["trends"].show(workbook.chart_trends(wb, group))

    def _render_children(self, wb: workbook.Workbook, group: str | None) -> None:
        """The children side by side (click one to open it) and ranked by score."""
        lang = wb.lang
        kids = wb.children
        heatmap, ranking = self.views["heatmap"], self.views["ranking"]
        if not kids:
            self.children_heading.value = (
                f"<p class='cchc-note'>{html.escape(text('no_children', lang))}</p>"
            )
            heatmap.show(None)
            ranking.show(None)
            return
        self.children_heading.value = (
            f"<h2>{html.escape(text('children', lang))}</h2>"
            f"<p class='cchc-note'>{html.escape(text('children_hint', lang))}</p>"
        )
        rows = wb.of_units(kids)  # as workbook.chart_children, cut to the group
        heatmap.show(
            charts.chart_heatmap(rows if group is None else rows[rows["group_id"] == group], lang)
        )
        # a new chart brings new selection traits: listen to this one's
        selections = heatmap.widget.selections
        if charts.UNIT_PICK in selections.trait_names():
            selections.observe(self._on_pick, names=[charts.UNIT_PICK])
        scores = wb.evaluation.scores
        names = {u: self.units.name(u) for u in kids}
        ranking.show(
            charts.chart_ranking(
                scores[scores["unit_id"].isin(kids)], lang, group=group, names=names
            )
        )


# --------------------------------------------------------------------------- entry points


def default_data_dir() -> Path:
    """``$CCHC_DATA`` (set by ``cchc serve --data``), else the bundled sample."""
    return Path(os.environ.get(DATA_ENV) or paths.SAMPLE_DIR)


#: Dashboards built ahead of a request, by data folder (see :func:`warm_up`).
_PREPARED: dict[Path, Dashboard] = {}


def warm_up(data_dir: str | Path | None = None) -> None:
    """Do the slow first-time work before a page is asked for (a preheated kernel runs
    this while it waits for its visitor): imports, the chart widget's JavaScript, the
    latest evaluation, and the default view itself, built and kept for
    :func:`open_dashboard`, so that the most common page (no URL parameters) is ready.

    Never raises: a problem here shows up, with a message, when the page is opened.
    """
    _configure_logging()
    try:
        chart_widget_class()
        folder = Path(data_dir or default_data_dir())
        dash = open_dashboard(folder, draw_later=False)  # complete before anyone asks
        if isinstance(dash, Dashboard):
            _PREPARED[folder] = dash
    except Exception as exc:  # reported again, properly, by open_dashboard
        log.info("warm-up incomplete: %s", exc)


def request_query() -> str:
    """The query string of the page's URL (``""`` outside Voila).

    In a preheated Voila kernel the notebook runs before anyone asks for the page; this
    waits for the request (``voila.utils.get_query_string``).
    """
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import get_query_string

        return get_query_string() or ""
    return os.environ.get("QUERY_STRING", "")


def open_dashboard(
    data_dir: str | Path | None = None,
    *,
    unit_id: str = "",
    period: str = "",
    group: str = ALL_GROUPS,
    lang: str = "vi",
    query: str = "",
    draw_later: bool = True,
) -> Dashboard | widgets.HTML:
    """The dashboard for the notebook's parameters, overridden by the URL's ``query``.

    Never raises for anything a user or the data can cause: a bad URL value is named in
    a message and replaced by its default; a broken data folder gives a page with only
    the message. With ``draw_later``, the slowest chart (the trends) is drawn just after
    this returns, when there is an event loop (a kernel), so that the page leaves sooner.
    """
    _configure_logging()
    lang_now = lang if lang in labels.LANGS else "vi"
    try:
        data_dir = Path(data_dir or default_data_dir())
        periods = available_periods(data_dir)
        units = load_data(data_dir, tables=()).units
        catalogue = load_catalogue()
        groups = [(g.id, g.name_vi, g.name_en) for g in catalogue.groups]
        base = View(units.root, periods[0], ALL_GROUPS, "vi")
        # the notebook's parameters first, then the URL: both checked the same way
        view, problems = resolve_view(
            {"unit_id": unit_id, "period": period, "group": group, "lang": lang},
            units,
            periods,
            [g[0] for g in groups],
            base,
        )
        view, url_problems = resolve_view(
            parse_query(query), units, periods, [g[0] for g in groups], view
        )
        lang_now = view.lang
        dash = _PREPARED.pop(data_dir, None) or Dashboard(data_dir, units, periods, groups, view)
        dash.draw_later = draw_later
        problems += url_problems
        if problems:
            dash._notes = _problems_html(problems, view.lang, title=text("url_defaults", view.lang))
            log.info("bad parameters: %s", "; ".join(map(str, problems)))
        if dash.shown != view or problems:
            dash._sync_selectors()
            dash.go(view)
        return dash
    except CchcError as exc:
        log.warning("dashboard cannot open: %s", exc)
        return widgets.HTML(_problems_html(exc.problems, lang_now))
    except Exception:
        log.exception("dashboard failed to open")
        return widgets.HTML(_unexpected_html(lang_now))
