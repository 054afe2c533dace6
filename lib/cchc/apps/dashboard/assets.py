"""What the dashboard's page loads: the chart widget and its offline JavaScript, the
invisible widget that keeps the address bar on the view shown."""

from __future__ import annotations

import functools
import json

import altair as alt
import anywidget
import ipywidgets as widgets
import traitlets

from cchc import paths
from cchc.present import charts

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
    url_path = paths.served_chart_js()
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

    def __init__(self, name: str, lang: str, deferred: bool = False) -> None:
        self.name = name
        widget_class = chart_widget_class(deferred=deferred)
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


class PrintButton(anywidget.AnyWidget):
    """A button that prints the page (the browser's dialog saves it as PDF too); the
    page's print CSS leaves the selectors out. Loads nothing."""

    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "cchc-print jupyter-button";
        const label = () => { button.textContent = model.get("label"); };
        label();
        model.on("change:label", label);
        button.addEventListener("click", () => window.print());
        el.appendChild(button);
      }
    };
    """
    label = traitlets.Unicode("").tag(sync=True)
