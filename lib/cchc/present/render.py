"""How charts leave the kernel: as Vega-Lite specs that the browser draws, offline.

A workbook's cells return Altair charts. In a notebook (papermill, JupyterLab) a chart is
displayed as its Vega-Lite spec under the mimetype JupyterLab 4 renders without a network
(:data:`VEGALITE_MIME`), with its alt text as the plain-text fallback; nothing is
converted to SVG in the kernel (that conversion was most of a workbook's cost). In the
exported HTML each spec becomes a ``<figure>`` drawn by one local copy of the Vega
libraries (:func:`charts_javascript`, bundled by vl-convert) that every page of a run
shares; the page never reaches outside its folder, and it prints once drawn.

Charts are built without Altair's validation at construction (``debug mode``): the
tests validate every chart function's spec against the Vega-Lite schema instead.
"""

from __future__ import annotations

import functools
import html
import json

import altair as alt

#: JupyterLab 4 and Voila render Vega-Lite v3–v5 mimetypes offline (its own vega bundle).
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
#: Options for vega-embed in exported pages: SVG (crisp when printed), no action menu
#: (its links leave the page).
EMBED_OPTIONS = {"actions": False, "renderer": "svg"}


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec of a chart, without validating it again."""
    return chart.to_dict(validate=False)


def describe(spec: dict) -> str:
    """A chart's alt text: its title, subtitle and description, as one sentence each.

    >>> describe({"title": {"text": "Ranking", "subtitle": ["Bát Xát", "2024"]},
    ...           "description": "Units by score."})
    'Ranking. Bát Xát · 2024. Units by score.'
    """
    title = spec.get("title") or {}
    if isinstance(title, str):
        title = {"text": title}
    parts = []
    for value in (title.get("text"), title.get("subtitle"), spec.get("description")):
        if isinstance(value, list):
            value = " · ".join(str(v) for v in value if v)
        if value:
            parts.append(str(value).rstrip("."))
    return ". ".join(parts) + "." if parts else ""


def mime_bundle(chart: alt.TopLevelMixin, include=None, exclude=None) -> dict:
    """What a notebook stores for a chart: its spec and, as plain text, its alt text."""
    spec = chart_spec(chart)
    return {VEGALITE_MIME: spec, "text/plain": describe(spec)}


def use_browser_charts() -> None:
    """Display Altair charts as Vega-Lite specs (drawn by JupyterLab or the exported page),
    and build them without validation at construction."""
    alt.utils.schemapi.disable_debug_mode()
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, mime_bundle)


# --------------------------------------------------------------------------- exported pages


def javascript_name() -> str:
    """The file name of the charts' JavaScript: it changes with the libraries inside."""
    import vl_convert as vlc

    return f"cchc-charts-vlc-{vlc.__version__}.js"


@functools.cache
def charts_javascript() -> str:
    """Vega, Vega-Lite and vega-embed in one classic script (it also works from file://),
    and the code that draws every ``figure.cchc-chart`` of the page. The libraries'
    bundle is built once per vl-convert version and kept in the cache."""
    import vl_convert as vlc

    from cchc.engine.cache import cached_text

    return cached_text(javascript_name(), vlc.javascript_bundle) + "\n" + _DRAW


#: Draws each chart of the page from its spec; marks the body when all are drawn (the
#: PDF printer and the browser tests wait for ``data-charts-drawn``).
_DRAW = """
(function () {
  function draw() {
    var figures = document.querySelectorAll("figure.cchc-chart");
    var options = __OPTIONS__;
    var drawing = Array.prototype.map.call(figures, function (figure) {
      var spec = JSON.parse(figure.querySelector("script.cchc-spec").textContent);
      return window.vegaEmbed(figure.querySelector(".cchc-view"), spec, options)
        .then(function () { figure.classList.add("cchc-drawn"); })
        .catch(function (error) {
          figure.classList.add("cchc-failed");
          console.error(error);
        });
    });
    Promise.all(drawing).then(function () {
      document.body.setAttribute("data-charts-drawn", String(figures.length));
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
""".replace("__OPTIONS__", json.dumps(EMBED_OPTIONS, sort_keys=True))


def figure_html(spec: dict, alt_text: str | None = None) -> str:
    """One chart of an exported page: the spec inline, drawn in place by the page's script;
    the alt text is the figure's label and, until the chart is drawn, its caption. A wide
    chart (``usermeta.cchc.landscape``, the heatmaps) is printed on a landscape page; a
    chart with nothing to draw (``usermeta.cchc.no_data``) is the sentence saying so.

    >>> figure_html({"title": "Ranking", "description": "Nothing to draw.",
    ...              "usermeta": {"cchc": {"no_data": True}}})
    '<p class="cchc-nodata">Ranking. Nothing to draw.</p>'
    """
    alt_text = describe(spec) if alt_text is None else alt_text
    label = html.escape(alt_text, quote=True)
    meta = (spec.get("usermeta") or {}).get("cchc", {})
    if meta.get("no_data"):  # nothing to draw: a sentence, not an empty box
        return f'<p class="cchc-nodata">{label}</p>'

    data = json.dumps(spec, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    landscape = " cchc-landscape" if meta.get("landscape") else ""
    return (f'<figure class="cchc-chart{landscape}" role="img" aria-label="{label}">'
            f'<div class="cchc-view"></div>'
            f'<figcaption class="cchc-alt">{label}</figcaption>'
            f'<script type="application/json" class="cchc-spec">{data}</script></figure>')
